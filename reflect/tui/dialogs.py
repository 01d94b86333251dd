"""Small modal questions: leave the writer, delete an entry, skip encryption.

One dialog class covers them all: a message and a few labelled choices, each
reachable by a single key and by tab/enter, returning a string to the caller.
`FieldsDialog` asks for a few short texts; given a `submit` function it does
its work before closing, and a failure keeps the dialog open with everything
typed still in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reflect.core.errors import FolderMissing, ReflectError
from reflect.core.paths import ensure_private_folder

T = TypeVar("T")


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
        self._answered = False
        """Set by the first answer. Keys typed quickly (a worker who thought
        they were still writing) all reach this dialog before it has gone;
        each one dismissing again would close the screens beneath it, until
        Textual stopped the app with nothing left to show."""

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

    def _answer(self, value: str) -> None:
        """Close with `value`, once, and only while this dialog is on top."""
        if self._answered or self.app.screen is not self:
            return
        self._answered = True
        self.dismiss(value)

    def on_key(self, event: events.Key) -> None:
        if event.key in self._keys:
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


LEAVE_CHOICES = [
    Choice("k", "Keep as draft", "keep", "primary"),
    Choice("d", "Discard", "discard", "error"),
    Choice("w", "Keep writing", "write"),
]


class FieldsDialog(ModalScreen[list[str] | None]):
    """Ask for a few short texts; enter on the last field (or ctrl+s) saves.

    With `submit`, saving first runs it on the values: a message back keeps
    the dialog open, every field as typed (passphrases too), with the message
    shown inside it, so the worker fixes one thing and presses enter again.
    """

    BINDINGS = [("ctrl+s", "save", "Save"), ("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        *,
        secret: frozenset[int] = frozenset(),
        hint: str = "enter saves · escape cancels",
        submit: Callable[[list[str]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.secret = secret
        """Indexes of fields typed hidden (passphrases)."""
        self.hint = hint
        self.submit = submit
        """Does the dialog's work; returns why it could not, or None when done."""
        self.refused = False
        """After a refusal every field is filled in, so enter in any field saves."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title", markup=False)
            for n, (label, value) in enumerate(self.fields):
                yield Static(label, classes="dialog-label", markup=False)
                # The cursor goes after what is there: a folder offered as a
                # start is added to, not wiped by the first key.
                yield Input(
                    value,
                    id=f"field-{n}",
                    password=n in self.secret,
                    select_on_focus=False,
                )
            error = Static("", id="dialog-error", classes="error", markup=False)
            error.display = False
            yield error
            yield Static(self.hint, classes="muted")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs) and not self.refused:
            inputs[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        values = [i.value for i in self.query(Input)]
        if self.submit is not None:
            problem = self.submit(values)
            if problem:
                self.refused = True
                error = self.query_one("#dialog-error", Static)
                error.update(problem)
                error.display = True
                return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


def calm(error: ReflectError) -> str:
    """A core message as a sentence in a dialog: it starts with a capital."""
    text = str(error)
    return text[:1].upper() + text[1:]


class FolderOffer:
    """Makes a missing folder only when the worker agrees.

    A write into a folder that is not there is refused with an offer; the
    same folder again (enter pressed a second time) is the agreement, and the
    folder is made owner-only. Only a folder whose parent exists is offered,
    so a mistyped path is not built several levels deep.
    """

    def __init__(self) -> None:
        self.offered: Path | None = None

    def write(self, attempt: Callable[[], T]) -> T:
        """Run `attempt`; raise ReflectError with words for the dialog."""
        try:
            return attempt()
        except FolderMissing as exc:
            folder = exc.folder
            offered, self.offered = self.offered, None
            if not folder.parent.is_dir():
                raise
            if folder != offered:
                self.offered = folder
                raise ReflectError(
                    f"There is no folder {folder} yet. Press enter again to make "
                    "it (only you can open it), or change the path."
                ) from None
        except ReflectError:
            self.offered = None  # an offer holds only for the very next enter
            raise
        try:
            ensure_private_folder(folder)
        except OSError as exc:
            raise ReflectError(
                f"Could not make the folder {folder}: "
                f"{(exc.strerror or str(exc)).lower()}. Choose another place."
            ) from None
        return attempt()
