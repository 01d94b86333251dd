"""What both writers share: autosave timing, the saved line, the privacy hint.

The quick-note writer and the guided writer keep words the same way: a
change restarts a short timer, the timer (or a move, a quit, the idle lock)
calls `flush_draft`, and the line under the answer says when the journal last
received the words. The privacy hint is the same gentle line in both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from reflect.core.clock import local_display
from reflect.core.privacy import Finding, hint_for, scan

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

AUTOSAVE_SECONDS = 1.2
"""Pause after the last change before saving; well inside two seconds."""


class DraftingScreen(Screen[None]):
    """Base for screens that autosave what the worker types."""

    app: ReflectApp

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self.saved_at: str | None = None
        """When the journal last received these words (stored form)."""
        self.was_complete = False
        """Editing a finished entry rather than a draft."""
        self.findings: list[Finding] = []
        self.dismissed: set[str] = set()
        """Privacy findings the worker chose to keep, not to be raised again."""

    def flush_draft(self) -> None:  # pragma: no cover - each writer defines it
        raise NotImplementedError

    def restart_autosave(self) -> None:
        self.stop_autosave()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.flush_draft)

    def stop_autosave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def status_text(self) -> str:
        if self.saved_at is None:
            return "Nothing written yet. Your words are saved as you write."
        what = "Saved" if self.was_complete else "Draft saved"
        return f"{what} at {local_display(self.saved_at, '%H:%M:%S on %d %b')}."

    def show_saved(self) -> None:
        self.query_one("#status", Static).update(self.status_text())

    def check_privacy(self, text: str, *, plan: bool = False) -> None:
        """Show the hint for `text`; in a plan of actions a date is not a person."""
        findings = [
            f
            for f in scan(text, self.app.preferences.watch_list)
            if f.text.casefold() not in self.dismissed
            and not (plan and f.kind == "date")
        ]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        self.query_one("#privacy", Static).update(
            hint_for(findings) + more + ("  ctrl+g dismisses." if findings else "")
        )
        changed = bool(findings) != bool(self.findings)
        self.findings = findings
        if changed:
            self.refresh_bindings()

    def action_hide_privacy(self) -> None:
        self.dismissed.update(f.text.casefold() for f in self.findings)
        self.recheck_privacy()

    def recheck_privacy(self) -> None:  # pragma: no cover - each writer defines it
        raise NotImplementedError
