"""Creating a journal: a passphrase typed twice, or an explicit choice of none.

The strength hint updates as the worker types. Nothing is written until both
passphrases match (or the no-passphrase warning has been accepted).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from reflect.core.errors import ReflectError
from reflect.core.passphrase import strength_hint
from reflect.tui import messages
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter

INTRO = (
    "Welcome. reflect keeps your journal in one encrypted file on this "
    "computer. Choose a passphrase to lock it.\n"
    "[b]If you forget the passphrase, your journal cannot be recovered.[/b]"
)


class CreateScreen(Screen[None]):
    """First run: make the journal."""

    BINDINGS = [
        Binding("ctrl+n", "no_passphrase", "Create without a passphrase"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]
    """Below 26 rows the words scroll above the buttons (see reflect.tcss)."""

    app: ReflectState

    def compose(self) -> ComposeResult:
        yield Header()
        # The words scroll in a short terminal; the buttons stay under them,
        # always in sight (at 60x20 they used to be below the fold).
        with VerticalScroll(classes="form"):
            yield Static("Create your journal", classes="screen-title")
            yield Static(INTRO, classes="intro")
            yield Input(password=True, placeholder="Passphrase", id="first")
            yield Static(strength_hint(""), id="hint", classes="hint")
            yield Input(password=True, placeholder="Type it again", id="second")
            yield Static("", id="error", classes="error")
            yield Static(
                words(f"The journal will be saved at {self.app.access.path}"),
                classes="muted",
            )
        with Horizontal(classes="buttons", id="create-buttons"):
            yield Button("Create journal", id="create", variant="primary")
            yield Button("Create without a passphrase…", id="none")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#first", Input).focus()

    @on(Input.Changed, "#first")
    def _hint(self, event: Input.Changed) -> None:
        self.query_one("#hint", Static).update(strength_hint(event.value))

    @on(Input.Submitted, "#first")
    def _next(self) -> None:
        self.query_one("#second", Input).focus()

    @on(Input.Submitted, "#second")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        first = self.query_one("#first", Input).value
        second = self.query_one("#second", Input).value
        error = self.query_one("#error", Static)
        if not first:
            error.update("Please type a passphrase (or choose to have none).")
            self.query_one("#first", Input).focus()
            return
        if first != second:
            error.update("The two passphrases are different. Please type them again.")
            self.query_one("#second", Input).value = ""
            self.query_one("#second", Input).focus()
            return
        self._make(first)

    @on(Button.Pressed, "#none")
    def action_no_passphrase(self) -> None:
        def chosen(answer: str | None) -> None:
            if answer == "create":
                self._make(None)

        self.app.push_screen(
            ChoiceDialog(
                "A journal without a passphrase",
                "Without a passphrase, anyone who can open this computer's files can "
                "read your journal. You can add a passphrase later with "
                "`reflect passphrase`.",
                [
                    Choice("y", "Create it unencrypted", "create", "warning"),
                    Choice("n", "Go back", "back", "primary"),
                ],
            ),
            chosen,
        )

    def _make(self, passphrase: str | None) -> None:
        try:
            journal = self.app.access.create(passphrase)
        except ReflectError as exc:
            self.query_one("#error", Static).update(words(str(exc)))
            return
        for field in self.query(Input):  # the open store keeps the one copy
            field.value = ""
        self.app.post_message(messages.JournalOpened(journal))
