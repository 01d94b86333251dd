"""The idle lock's clock: when the worker last touched the app, and whether
they have been away long enough for the journal to be covered.

The app holds one `IdleWatch`, tells it about every key press and click, and
asks it every few seconds whether the lock is due; covering the screen (and
saving drafts first) stays with the app, which owns the screens.
"""

from __future__ import annotations

import time
from collections.abc import Callable

CHECK_SECONDS = 5
"""How often the app asks whether the lock is due: a lock at most this late."""


class IdleWatch:
    """Time since the last key press or click, measured against a limit."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.seconds: float | None = None
        """Overrides the worker's minutes (tests use a fraction of a second)."""
        self.last_activity = now()
        """When a key was last pressed or the mouse clicked (monotonic)."""

    def touched(self) -> None:
        """The worker is here: the wait starts again."""
        self.last_activity = self._now()

    def due(self, idle_minutes: int) -> bool:
        """Whether the app has been left long enough to lock.

        `idle_minutes` is the worker's setting; 0 (or an override of 0)
        means never.
        """
        limit = self.seconds if self.seconds is not None else idle_minutes * 60
        return bool(limit) and self._now() - self.last_activity >= limit
