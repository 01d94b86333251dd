"""Ask one question with a few answers, each a single key.

Leaving a writer, deleting an entry, creating a journal without a
passphrase, opening a link: a message and a few labelled choices, each
reachable by one key and by tab/enter, returning a string to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.tui.text import shown


@dataclass(frozen=True)
class Choice:
    """One answer: the key that picks it, its label, and the value returned."""

    key: str
    label: str
    value: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str]):
    """Ask one question; escape always means the last (safest) choice.

    The title and message are shown as written (never read as markup, hidden
    code points made visible): they often quote a title or an address.
    """

    def __init__(self, title: str, message: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices
        self._keys = {c.key: c.value for c in choices}
        self._answered = False
        """Set by the first answer. Keys typed quickly (a worker who thought
        they were still writing) all reach this dialog before it has gone;
        each one dismissing again would close the screens beneath it, until
        Textual stopped the app with nothing left to show."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            with VerticalScroll(id="dialog-scroll", can_focus=False):
                yield Static(shown(self.message), id="dialog-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                for choice in self.choices:
                    yield Button(
                        _label(choice).replace("[", "\\["),
                        id=f"choice-{choice.value}",
                        variant=choice.variant,  # type: ignore[arg-type]
                    )

    def on_mount(self) -> None:
        # The last choice is always the safe one, so enter never destroys.
        self.query(Button).last().focus()

    def on_resize(self, event: events.Resize) -> None:
        """Side by side when the choices fit, else one a line.

        A button too wide for a narrow terminal (60 columns) loses the end of
        its label, which is where its key is: "Keep writing" without "[w]".
        Stacked, each choice is one line, so a short terminal keeps them all.
        """
        box = self.query_one("#dialog", Vertical)
        buttons = list(self.query(Button))
        # A side-by-side button: its label, padding, then a gap (16 at least).
        wanted = sum(max(16, len(_label(c)) + 2) + 1 for c in self.choices)
        room = min(70, int(event.size.width * 0.95)) - 6  # border and padding
        stacked = wanted > room
        box.set_class(stacked, "-stacked")
        for button in buttons:
            button.compact = stacked

    def _answer(self, value: str) -> None:
        """Close with `value`, once, and only while this dialog is on top."""
        if self._answered or self.app.screen is not self:
            return
        self._answered = True
        self.dismiss(value)

    def on_key(self, event: events.Key) -> None:
        scroll = SCROLL_KEYS.get(event.key)
        if scroll is not None and not self._answered:
            # A long message (a whole hint, on a short window) scrolls
            # from the keyboard; the buttons stay where they are.
            event.stop()
            getattr(self.query_one("#dialog-scroll", VerticalScroll), scroll)()
        elif event.key in self._keys:
            event.stop()
            self._answer(self._keys[event.key])
        elif event.key == "escape":
            event.stop()
            self._answer(self.choices[-1].value)
        elif self._answered:
            event.stop()  # typed after the answer: never for the screens beneath

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self._answer((event.button.id or "").removeprefix("choice-"))


SCROLL_KEYS = {
    "up": "scroll_up",
    "down": "scroll_down",
    "pageup": "scroll_page_up",
    "pagedown": "scroll_page_down",
}
"""Keys that move a message too long for the window; none chooses."""


def _label(choice: Choice) -> str:
    """A button's words with its key, as the worker reads them."""
    return f"{choice.label} [{choice.key.replace('ctrl+', '^')}]"


#: Discarding is never one letter: a worker who thinks they are still writing
#: types letters into the leave dialog ("and we…" once discarded a note on
#: its "d"). No sentence types a control key.
DISCARD_KEY = "ctrl+d"

LEAVE_CHOICES = [
    Choice("k", "Keep as draft", "keep", "primary"),
    Choice(DISCARD_KEY, "Discard", "discard", "error"),
    Choice("w", "Keep writing", "write"),
]
