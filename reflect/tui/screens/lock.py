"""The idle lock: covers every screen until the passphrase is typed again.

Drafts are saved before the lock appears; unlocking returns to exactly the
screen and step the worker left. Wrong passphrases simply keep it locked.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from reflect.core.errors import CannotOpen, ReflectError
from reflect.tui.state import ReflectState
from reflect.tui.text import words


class LockScreen(Screen[None]):
    """Opaque cover; the passphrase lifts it."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    app: ReflectState

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("reflect is locked", classes="screen-title")
            yield Static(
                "Your writing was saved before locking. Type your passphrase to "
                "carry on where you were.",
                classes="intro",
            )
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static("", id="error", classes="error")
            # The app's own f2 (here `!` could be part of a passphrase).
            yield Static(
                "If today is hard, f2 shows people and places to turn to.",
                classes="intro support-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _try(self, event: Input.Submitted) -> None:
        event.input.value = ""
        try:
            check = self.app.access.open(event.value)
        except CannotOpen:
            self.query_one("#error", Static).update(
                "That passphrase did not open your journal. Take your time."
            )
            return
        except ReflectError as exc:
            self.query_one("#error", Static).update(words(str(exc)))
            return
        check.store.close()
        self.dismiss()
