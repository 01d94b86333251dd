"""The quick-note writer: autosaves, and never discards without asking.

Typing resets a short timer; when it fires (within two seconds of the last
keystroke) the text is saved into the journal as a draft. Leaving asks
*keep as draft / discard / keep writing*; quitting the app saves the draft.
ctrl+o marks the note for supervision (bring it, with what the worker wants
from it; can be shared; a private note), as a reflection's finish page does.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static, TextArea

from reflect.core.clock import iso
from reflect.core.drafts import NOTE_AS_STEP
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP, Answer, Entry
from reflect.tui import messages
from reflect.tui.dialogs.supervision import mark_for_supervision
from reflect.tui.drafting import DraftingScreen
from reflect.tui.widgets.footer import KeysFooter

HINT = (
    "Write freely. The first line becomes the title. Saved as a draft while you "
    "type; ctrl+s when you are done."
)


class NoteScreen(DraftingScreen):
    """Write a new quick note, or continue a draft, or edit a saved note."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the note"),
        Binding(
            "escape",
            "leave",
            "Leave",
            tooltip="Leave: keep as draft (k), discard (^d), or keep writing",
        ),
        Binding(
            "ctrl+o",
            "supervision",
            "Bring",
            tooltip="Bring to supervision (with what you want from it), can be "
            "shared, private note",
        ),
        Binding(
            "ctrl+g",
            "hide_privacy",
            "Dismiss",
            tooltip="Dismiss the privacy hint for what it found",
        ),
    ]

    def __init__(self, journal: Journal, entry_id: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        """The entry being written; None until the first autosave creates it."""
        self.original = ""
        self.finished = False
        """Saved with ctrl+s: this screen is on its way out."""
        """The text as it was when the screen opened, to tell what changed."""
        self.was_complete = False
        """Editing a finished note: discard restores it instead of deleting it."""
        self.saved_text = ""
        """What the journal holds now, so saving twice writes nothing new."""
        self.revision = 0
        """The text's revision as this window last read or saved it."""
        self.original_answers: tuple[Answer, ...] = ()
        self.original_title: str | None = None
        """The stored form of `original`, for 'discard changes'."""
        if entry_id is not None:
            entry = self.reload_entry()
            self.was_complete = entry.status == "complete"

    def reload_entry(self, *, sibling: bool = False) -> Entry:
        """Take the note's text and revision from the journal.

        For a sibling just made from this window's words, the visit starts
        there; otherwise (opening, or taking over from another window) what
        is stored now is what 'discard changes' goes back to.
        """
        assert self.entry_id is not None
        entry = self.journal.entries.get(self.entry_id)
        self.entry_id = entry.id
        self.saved_text = entry.text
        self.revision = self.journal.drafts.revisions(entry.id).get(NOTE_STEP, 0)
        self.saved_at = entry.updated_at
        if sibling:
            self.original, self.original_answers, self.original_title = "", (), None
        else:
            self.original = entry.text
            self.original_answers, self.original_title = entry.answers, entry.title
            if self.is_mounted:
                area = self.query_one(TextArea)
                area.text = entry.text
                area.move_cursor(area.document.end)
        return entry

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.query_one(TextArea).read_only = read_only
        self.show_saved()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Read only here: no Save key in the footer, as it would do nothing.
        if action == "take_over":
            return self.read_only
        return not (action in ("save", "supervision") and self.read_only)

    def compose(self) -> ComposeResult:
        yield Header()
        title = "Edit note" if self.was_complete else "Quick note"
        yield Static(title, classes="screen-title")
        yield Static(HINT, classes="hint")
        yield TextArea(self.original, id="note", soft_wrap=True, tab_behavior="focus")
        yield Static("", id="privacy", classes="privacy")
        yield Static(self.status_text(), id="status", classes="muted")
        yield KeysFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self.start_presence()

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
        if self.read_only or text == self.saved_text:
            return
        if self.entry_id is None and not text.strip():
            return
        saved = self.journal.notes.save(self.entry_id, text, base=self.revision)
        if saved.gone and self.entry_id is not None:
            if text.strip():
                self.kept_as_new_draft(
                    self.journal.drafts.keep_as_new(
                        self.entry_id, [(NOTE_AS_STEP, 0, text)]
                    )
                )
            else:  # nothing of this window's to keep: start afresh
                self.entry_id, self.revision, self.original = None, 0, ""
        elif saved.sibling_of is not None:
            self.moved_to_sibling(saved)
        else:
            self.entry_id, self.revision = saved.entry_id, saved.revision
        self.saved_text = text
        self.saved_at = iso(self.journal.now())
        self.show_saved()
        self.recheck_privacy()

    def recheck_privacy(self) -> None:
        self.check_privacy(self.text)

    def action_save(self) -> None:
        if self.finished:  # a second ctrl+s before the entry shows
            return
        text = self.text
        if self.read_only:
            self.notify("This is open in another window, so it is read only here.")
            return
        if not text.strip():
            self.notify("There is nothing to save yet.", severity="warning")
            return
        self.flush_draft()
        assert self.entry_id is not None
        held = self.entry_id
        done = self.journal.notes.finish(held, text, base=self.revision)
        self.journal.drafts.release(held)
        self.entry_id = done.id
        self.finished = True
        if done.id != held:  # another window saved newer words just before
            self.app.notify(
                "This was changed in another window first, so those words stay "
                "there as a draft. Yours are saved as a separate note.",
                severity="warning",
                timeout=15,
            )
        else:
            self.app.notify("Saved.")
        if self.was_complete and done.id == held:
            self.dismiss()  # back to the entry it was opened from
        else:
            self.app.post_message(messages.OpenEntry(done.id, replace=True))

    def action_supervision(self) -> None:
        """Mark this note for supervision, as the finish page does a reflection.

        What is typed is saved first, so the marks go onto these words (a
        new note becomes a draft here, and is offered once it is saved).
        """
        if self.read_only:
            self.notify("This is open in another window, so it is read only here.")
            return
        self.flush_draft()
        if self.entry_id is None:
            self.notify("Write something first; then it can be marked.")
            return
        mark_for_supervision(self.app, self.journal, self.entry_id)

    def action_leave(self) -> None:
        if self.read_only:
            self.dismiss()
            return
        if self.text == self.original:
            # Back to how it was, but words saved on the way are still in the
            # journal: take them back, never what another window saved.
            kept = None
            if self.entry_id is not None and (
                not self.original or self.saved_text != self.text
            ):
                kept = self.discard_visit()
            self.dismiss()
            if kept is not None:
                self.app.notify(kept, timeout=12)
            return
        self.ask_to_leave("note")

    def has_earlier_words(self) -> bool:
        return bool(self.original)

    def focus_answer(self) -> None:
        self.query_one(TextArea).focus()

    def discard_visit(self) -> str | None:
        """Take back this visit's words; what to tell the worker if any stay.

        Only this window's words go. A note this visit started is removed
        unless another window saved into it; an older note gets its earlier
        words back, and words another window saved meanwhile stay.
        """
        said = None
        if self.entry_id is None:
            return said
        if self.original:
            if not self.journal.reflections.restore_answers(
                self.entry_id,
                self.original_answers,
                self.original_title,
                bases={NOTE_STEP: self.revision},
            ):
                said = (
                    "Your changes are discarded. What another window saved "
                    "meanwhile is kept."
                )
            self.journal.drafts.release(self.entry_id)
        else:
            said = self.discard_own_draft({NOTE_STEP: self.revision})
        self.entry_id = None
        self.saved_text = self.text  # nothing left to flush
        return said
