"""The base of every capability a `Journal` owns (`journal.checkins`, …).

A service is bound to one open journal: it holds the store it reads and
writes, and the clock that says what "now" is, so callers pass neither. It
keeps a reference to its journal only to reach a sibling service (the agenda
reads the supervision record and the check-ins) — never to reach around one.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, cast

from reflect.core.clock import Clock
from reflect.core.store import Store

if TYPE_CHECKING:  # a type only: the journal imports its services, not back
    from reflect.core.journal import Journal


class Service:
    """One capability of an open journal; see the module docstring."""

    def __init__(self, journal: Journal) -> None:
        # Weakly: the journal holds its services, and a cycle back to it would
        # keep a journal nobody uses (and its connection, WAL files and lock)
        # alive until the garbage collector happens to run, not when the last
        # reference goes as before services.
        self._journal: Journal = cast("Journal", weakref.proxy(journal))
        self._store: Store = journal.store
        self._now: Clock = journal.now

    @property
    def _conn(self) -> Any:
        """The SQLCipher connection: for core's own queries, never an interface's."""
        return self._store.conn
