"""The quick-note writer: autosaves, and never discards without asking.

Typing resets a short timer; when it fires (within two seconds of the last
keystroke) the text is saved into the journal as a draft. Leaving asks
*keep as draft / discard / keep writing*; quitting the app saves the draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TextArea

from reflect.core.clock import iso
from reflect.core.journal import Journal
from reflect.tui.dialogs import LEAVE_CHOICES, Choice, ChoiceDialog
from reflect.tui.screens.drafting import DraftingScreen

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp


HINT = (
    "Write freely. The first line becomes the title. Saved as a draft while you "
    "type; ctrl+s when you are done."
)


class NoteScreen(DraftingScreen):
    """Write a new quick note, or continue a draft, or edit a saved note."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Leave"),
        Binding("ctrl+g", "hide_privacy", "Dismiss"),
    ]

    app: ReflectApp

    def __init__(self, journal: Journal, entry_id: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        """The entry being written; None until the first autosave creates it."""
        self.original = ""
        """The text as it was when the screen opened, to tell what changed."""
        self.was_complete = False
        """Editing a finished note: discard restores it instead of deleting it."""
        self.saved_text = ""
        """What the journal holds now, so saving twice writes nothing new."""
        """When the journal last received this text (stored form)."""
        if entry_id is not None:
            entry = journal.get(entry_id)
            self.entry_id = entry.id
            self.original = self.saved_text = entry.text
            self.was_complete = entry.status == "complete"
            self.saved_at = entry.updated_at

    def compose(self) -> ComposeResult:
        yield Header()
        title = "Edit note" if self.was_complete else "Quick note"
        yield Static(title, classes="screen-title")
        yield Static(HINT, classes="hint")
        yield TextArea(self.original, id="note", soft_wrap=True, tab_behavior="focus")
        yield Static("", id="privacy", classes="privacy")
        yield Static(self.status_text(), id="status", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.restart_autosave()

    def flush_draft(self) -> None:
        """Save what is typed now (a draft for new notes, in place for old ones)."""
        self.stop_autosave()
        text = self.text
        if text == self.saved_text or (self.entry_id is None and not text.strip()):
            return
        self.entry_id = self.journal.save_note_draft(self.entry_id, text)
        self.saved_text = text
        self.saved_at = iso(self.journal.now())
        self.show_saved()
        self.recheck_privacy()

    def recheck_privacy(self) -> None:
        self.check_privacy(self.text)

    def action_save(self) -> None:
        from reflect.tui.screens.entry import EntryScreen

        text = self.text
        if not text.strip():
            self.notify("There is nothing to save yet.", severity="warning")
            return
        self.flush_draft()
        assert self.entry_id is not None
        self.journal.finish_note(self.entry_id, text)
        self.app.notify("Saved.")
        if self.was_complete:
            self.dismiss()  # back to the entry it was opened from
        else:
            self.app.switch_screen(EntryScreen(self.journal, self.entry_id))

    def action_leave(self) -> None:
        if self.text == self.original:
            self._discard_if_empty_new()
            self.dismiss()
            return
        self.flush_draft()
        choices = LEAVE_CHOICES
        if self.original:
            keep = "Keep changes" if self.was_complete else "Keep as draft"
            choices = [
                Choice("k", keep, "keep", "primary"),
                Choice("d", "Discard changes", "discard", "error"),
                Choice("w", "Keep writing", "write"),
            ]
        self.app.push_screen(
            ChoiceDialog(
                "Leave this note?",
                "Your words are safe as a draft until you decide.",
                choices,
            ),
            self._left,
        )

    def _discard_if_empty_new(self) -> None:
        if self.entry_id is not None and not self.was_complete and not self.original:
            self.journal.discard(self.entry_id)
            self.entry_id = None

    def _left(self, choice: str | None) -> None:
        if choice == "keep":
            self.flush_draft()
            self.dismiss()
        elif choice == "discard":
            if self.original:  # only this visit's changes go; earlier words stay
                self.journal.save_note_draft(self.entry_id, self.original)
            elif self.entry_id is not None:
                self.journal.discard(self.entry_id)
            self.entry_id = None
            self.saved_text = self.text  # nothing left to flush
            self.dismiss()
            self.app.notify("Discarded.")
        else:
            self.query_one(TextArea).focus()
