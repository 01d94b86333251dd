"""Ask for a few short texts and do one thing with them.

`FieldsDialog` asks; given a `submit` function it does its work before
closing, and a failure keeps the dialog open with everything typed still in
it. `TextDialog` edits one piece of writing of more than a line.
`FolderOffer` makes a missing folder or replaces a file only when the
worker agrees, and `calm` turns a core error into a dialog's sentence.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from reflect.core.errors import FileTaken, FolderMissing, ReflectError
from reflect.core.paths import ensure_private_folder
from reflect.tui.text import shown

T = TypeVar("T")


def pasted_path(typed: str, offered: str) -> str:
    """The path meant when a whole path was pasted after the offered start.

    A path box starts with a folder (or a file name) so the worker can just
    add a name; one who pastes a full path gets `/home/x//tmp/fb.reflect`,
    which the system reads as a file inside /home/x. When what follows the
    offered start is itself an absolute path or starts with `~`, that is
    what the worker meant. After an offered folder without a closing slash,
    `/more` is a folder inside it, so it is left alone.
    """
    text = typed.strip()
    # A doubled slash inside a path is never meant (the system reads `a//b`
    # as `a/b`): it is where a pasted path begins, whatever was left before.
    pasted = max(text.rfind("//", 1), text.rfind("/~"))
    if pasted > 0:
        return text[pasted + 1 :]
    if not offered or not text.startswith(offered):
        return typed
    rest = text[len(offered) :]
    if rest.startswith("~"):
        return rest
    absolute = rest.startswith(("/", os.sep)) and Path(rest).is_absolute()
    inside = offered.endswith(("/", os.sep)) or not Path(offered).is_dir()
    return rest if absolute and inside else typed


class FieldsDialog(ModalScreen[list[str] | None]):
    """Ask for a few short texts and do one thing with them.

    Enter in a box moves to the next one; in the last box, or in any box once
    every box has something in it, it does the dialog's job (ctrl+s does it
    from anywhere). With `submit`, the job runs on the values first: a message
    back keeps the dialog open, every field as typed (passphrases too), with
    the message shown right under the title, so the worker fixes one thing
    and presses enter again. The dialog scrolls when the terminal is short,
    and a message is always scrolled into view, with the cursor in a box
    that can be seen.
    """

    BINDINGS = [("ctrl+s", "save", "Save"), ("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        *,
        secret: frozenset[int] = frozenset(),
        paths: frozenset[int] = frozenset(),
        does: str = "saves",
        hint: str | None = None,
        advice: tuple[int, Callable[[str], str]] | None = None,
        submit: Callable[[list[str]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.secret = secret
        """Indexes of fields typed hidden (passphrases)."""
        self.paths = paths
        """Indexes of fields holding a path that starts with an offered place."""
        if hint is None:
            # Exactly what `_submitted` does: a worker in a passphrase box
            # with the rest filled in reads that enter there does the job.
            where = (
                "enter"
                if len(fields) == 1
                else "enter in the last box, or in any box once all are filled,"
            )
            hint = f"{where} {does} · escape cancels"
        self.hint = hint
        """Says truly what enter does (`does`: "sends the feedback")."""
        self.advice = advice
        """A field and a line about it, updated while typing (passphrase strength)."""
        self.submit = submit
        """Does the dialog's work; returns why it could not, or None when done."""
        self.refused = False
        """After a refusal the worker is fixing one thing: enter in any box retries."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            # Right under the title, so a short terminal still shows it.
            error = Static("", id="dialog-error", classes="error", markup=False)
            error.display = False
            yield error
            for n, (label, value) in enumerate(self.fields):
                yield Static(shown(label), classes="dialog-label", markup=False)
                # The cursor goes after what is there: a folder offered as a
                # start is added to, not wiped by the first key.
                yield Input(
                    value,
                    id=f"field-{n}",
                    password=n in self.secret,
                    select_on_focus=False,
                )
                if self.advice is not None and self.advice[0] == n:
                    yield Static(
                        shown(self.advice[1](value)),
                        id="dialog-advice",
                        classes="muted",
                        markup=False,
                    )
            yield Static(
                shown(self.hint), classes="muted", id="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def full_height(self, box_rows: int = 3, gap: int = 1) -> int:
        """Rows the dialog needs with each box `box_rows` tall.

        Border and padding (4), the title (1), the hint at its foot (2), and
        for each field a gap, its label and its box; the advice line under a
        passphrase can take two rows.
        """
        per_field = gap + 1 + box_rows
        return 7 + per_field * len(self.fields) + (2 if self.advice else 0)

    def on_resize(self, event: events.Resize) -> None:
        # Where the dialog would not fit, every box becomes one row under its
        # label, and where even that is too tall the gaps between fields go:
        # a worker at 80x24 or 60x20 sees every field of the share dialog
        # (four boxes and a passphrase's advice) without scrolling, and the
        # box being typed in still stands out by its edges and cursor.
        height = event.size.height
        self.set_class(height < self.full_height(), "-compact")
        self.set_class(height < self.full_height(box_rows=1), "-tight")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.advice is not None and event.input.id == f"field-{self.advice[0]}":
            line = self.query_one("#dialog-advice", Static)
            line.update(shown(self.advice[1](event.value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        ready = self.refused or all(box.value.strip() for box in inputs)
        if index + 1 < len(inputs) and not ready:
            inputs[index + 1].focus()
        else:
            self.action_save()

    def values(self) -> list[str]:
        """What was typed, with a path pasted after an offered one taken whole."""
        return [
            pasted_path(box.value, self.fields[n][1]) if n in self.paths else box.value
            for n, box in enumerate(self.query(Input))
        ]

    def action_save(self) -> None:
        values = self.values()
        if self.submit is not None:
            problem = self.submit(values)
            if problem:
                self.refused = True
                error = self.query_one("#dialog-error", Static)
                error.update(shown(problem))  # it may quote a path or a name
                error.display = True
                self.call_after_refresh(self._show_error)
                return
        self.dismiss(values)

    def _show_error(self) -> None:
        box = self.query_one("#dialog", VerticalScroll)
        box.scroll_home(animate=False)
        focused = self.focused
        if (
            isinstance(focused, Input)
            and focused.virtual_region.bottom > box.scrollable_content_region.height
        ):
            # The box enter was pressed in is now below the fold: what the
            # worker types next ("or change the name") would go where nobody
            # sees it, and enter there would take the offer as agreed. The
            # first box sits right under the message, and enter in it tries
            # again just the same.
            self.query(Input).first().focus(scroll_visible=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


def calm(error: ReflectError) -> str:
    """A core message as a sentence in a dialog: it starts with a capital."""
    text = str(error).strip()
    if text and text[-1] not in ".!?":
        text += "."  # every line in a dialog is a whole sentence
    return text[:1].upper() + text[1:]


class FolderOffer:
    """Makes a missing folder, or replaces an existing file, only when the
    worker agrees.

    A write into a folder that is not there is refused with an offer; the
    same folder again (enter pressed a second time) is the agreement, and the
    folder is made owner-only. Only a folder whose parent exists is offered,
    so a mistyped path is not built several levels deep. A file that already
    exists is offered the same way: enter again on the same name replaces it
    (the same rule as the CLI's `--force`); anything else replaces nothing.
    """

    def __init__(self, otherwise: str = "change the name") -> None:
        self.offered: Path | None = None
        self.replacing: tuple[Path, ...] = ()
        self.otherwise = otherwise
        """What else the worker can do, in the dialog's own words: a dialog
        that asks for a folder has no name to change."""

    def write(self, attempt: Callable[[bool], T]) -> T:
        """Run `attempt(replace)`; raise ReflectError with words for the dialog.

        `replace` is True only after the very files named in the last offer
        were refused again: the worker pressed enter on the same name.
        """
        replacing, self.replacing = self.replacing, ()
        try:
            return attempt(False)
        except FileTaken as exc:
            self.offered = None
            if exc.paths != replacing:
                self.replacing = exc.paths
                raise ReflectError(_replace_offer(exc.paths, self.otherwise)) from None
        except FolderMissing as exc:
            folder = exc.folder
            offered, self.offered = self.offered, None
            if folder.is_dir() or not folder.parent.is_dir():
                raise
            if folder != offered:
                self.offered = folder
                raise ReflectError(
                    f"There is no folder {folder} yet. Press enter again to make "
                    "it (only you can open it), or change the path."
                ) from None
            self._make(folder)
            return attempt(False)
        except ReflectError:
            self.offered = None  # an offer holds only for the very next enter
            raise
        return attempt(True)  # the same files, offered and agreed

    @staticmethod
    def _make(folder: Path) -> None:
        try:
            ensure_private_folder(folder)
        except OSError as exc:
            raise ReflectError(
                f"Could not make the folder {folder}: "
                f"{(exc.strerror or str(exc)).lower()}. Choose another place."
            ) from None


def _replace_offer(paths: tuple[Path, ...], otherwise: str) -> str:
    """Starts with words, not a file name: `calm` capitalises the first letter."""
    names = " and ".join(path.name for path in paths)
    if len(paths) > 1:
        there, them = "are already files", "them"
    else:
        there, them = "is already a file", "it"
    return (
        f"There {there} {names} in {paths[0].parent}. Press enter again to "
        f"replace {them}, or {otherwise}."
    )


class TextDialog(ModalScreen[str | None]):
    """Edit one piece of writing, line breaks and all.

    For words that are more than a line: an answer a worker is changing
    before it leaves in a share. A one-line box joined its lines into one,
    and the supervisor then read it run together, not as it was written.
    """

    BINDINGS = [("ctrl+s", "save", "Save"), ("escape", "cancel", "Cancel")]

    def __init__(self, title: str, label: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            yield Static(shown(self.label), classes="dialog-label", markup=False)
            yield TextArea(self.text, id="text", soft_wrap=True, tab_behavior="focus")
            yield Static(
                "ctrl+s keeps it · escape leaves it as it was",
                id="dialog-hint",
                classes="quiet",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
