"""Unlocking: three tries, then a calm exit that changes nothing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from reflect.core.errors import (
    CannotOpen,
    JournalBusy,
    JournalReplaced,
    WrongPassphrase,
)
from reflect.core.exits import ExitCode
from reflect.tui import messages
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter

TRIES = 3

GIVE_UP = (
    "The journal stays locked and nothing was changed. reflect will close "
    "now; you can try again whenever you are ready. If you are sure the "
    "passphrase is right, the file may be damaged: `reflect check` can "
    "tell, and `reflect restore` can bring back a backup."
)
"""Shown on the unlock screen after the last try, and left on the terminal."""


SUPPORT_HINT = "If today is hard, f2 shows people and places to turn to."
"""On the unlock and lock screens, where `!` may be part of a passphrase."""


class UnlockScreen(Screen[None]):
    """Ask for the passphrase; after three misses, close calmly."""

    BINDINGS = [
        Binding(
            "f2",
            "app.support",
            "Hard day?",
            tooltip="If today is hard: people and places to turn to (without "
            "unlocking)",
        ),
    ]

    app: ReflectState

    CLOSING_AFTER = 3.0
    """Seconds to read the message before the app closes."""

    def __init__(self, first_error: bool = False) -> None:
        super().__init__()
        self.failures = 1 if first_error else 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="form"):
            yield Static("Unlock your journal", classes="screen-title")
            yield Static("Type your passphrase and press enter.", classes="intro")
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static(self._message(), id="error", classes="error")
            yield Static(SUPPORT_HINT, classes="intro support-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _message(self) -> str:
        if not self.failures:
            return ""
        left = TRIES - self.failures
        tries = "1 more try" if left == 1 else f"{left} more tries"
        return f"That passphrase did not open your journal. Take your time ({tries})."

    @on(Input.Submitted)
    def _try(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        try:
            journal = self.app.access.open(event.value, recover=True)
        except WrongPassphrase:
            self.failures += 1
            event.input.value = ""
            if self.failures >= TRIES:
                self._give_up()
            else:
                self.query_one("#error", Static).update(self._message())
            return
        except (JournalReplaced, JournalBusy) as exc:
            # A restore or passphrase change elsewhere: nothing is wrong with
            # what was typed, so say what happened and let them try again.
            event.input.value = ""
            self.query_one("#error", Static).update(
                words(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            )
            return
        except CannotOpen as exc:
            self.app.exit(
                return_code=ExitCode.CANNOT_OPEN, message=words(f"reflect: {exc}")
            )
            return
        event.input.value = ""  # the open store keeps the one copy
        self.app.post_message(messages.JournalOpened(journal))

    def _give_up(self) -> None:
        self.query_one(Input).disabled = True
        self.query_one("#error", Static).update(GIVE_UP)
        # The same words go with the exit: the app's screen vanishes when it
        # closes, and the worker should still be able to read what to do.
        self.set_timer(
            self.CLOSING_AFTER,
            lambda: self.app.exit(return_code=ExitCode.CANNOT_OPEN, message=GIVE_UP),
        )
