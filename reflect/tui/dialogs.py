"""Small modal questions: leave the writer, delete an entry, skip encryption.

One dialog class covers them all: a message and a few labelled choices, each
reachable by a single key and by tab/enter, returning a string to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


@dataclass(frozen=True)
class Choice:
    """One answer: the key that picks it, its label, and the value returned."""

    key: str
    label: str
    value: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str]):
    """Ask one question; escape always means the last (safest) choice."""

    def __init__(self, title: str, message: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices
        self._keys = {c.key: c.value for c in choices}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            yield Static(self.message, id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                for choice in self.choices:
                    yield Button(
                        f"{choice.label} \\[{choice.key}]",
                        id=f"choice-{choice.value}",
                        variant=choice.variant,  # type: ignore[arg-type]
                    )

    def on_mount(self) -> None:
        # The last choice is always the safe one, so enter never destroys.
        self.query(Button).last().focus()

    def on_key(self, event: events.Key) -> None:
        if event.key in self._keys:
            event.stop()
            self.dismiss(self._keys[event.key])
        elif event.key == "escape":
            event.stop()
            self.dismiss(self.choices[-1].value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


LEAVE_CHOICES = [
    Choice("k", "Keep as draft", "keep", "primary"),
    Choice("d", "Discard", "discard", "error"),
    Choice("w", "Keep writing", "write"),
]


class FieldsDialog(ModalScreen[list[str] | None]):
    """Ask for a few short texts; enter on the last field (or ctrl+s) saves."""

    BINDINGS = [("ctrl+s", "save", "Save"), ("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        *,
        secret: frozenset[int] = frozenset(),
        hint: str = "enter saves · escape cancels",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.secret = secret
        """Indexes of fields typed hidden (passphrases)."""
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            for n, (label, value) in enumerate(self.fields):
                yield Static(label, classes="dialog-label")
                # The cursor goes after what is there: a folder offered as a
                # start is added to, not wiped by the first key.
                yield Input(
                    value,
                    id=f"field-{n}",
                    password=n in self.secret,
                    select_on_focus=False,
                )
            yield Static(self.hint, classes="muted")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss([i.value for i in self.query(Input)])

    def action_cancel(self) -> None:
        self.dismiss(None)
