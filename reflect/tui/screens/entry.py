"""Reading one entry, with edit and delete.

The entry is shown as plain widgets (`widgets.reading`), never as Markdown,
so every character the worker wrote appears as written.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from reflect.core.entry_reading import read_entry
from reflect.core.entry_rows import clean_tags
from reflect.core.errors import NotFound
from reflect.core.journal import Journal
from reflect.core.reading import Block
from reflect.core.text import whole_number
from reflect.tui import messages
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.dialogs.link import link_entry
from reflect.tui.dialogs.supervision import mark_for_supervision
from reflect.tui.state import ReflectState
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.reading import Reading


class EntryScreen(Screen[None]):
    """Show an entry; `e` reopens it in the writer."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit", "Edit", tooltip="Edit it"),
        Binding(
            "S", "share", "Share", tooltip="Share it with your supervisor (shift+s)"
        ),
        Binding(
            "b",
            "supervision",
            "Bring",
            tooltip="A quick note: bring to supervision (with what you want from "
            "it), can be shared, private note",
        ),
        Binding(
            "g",
            "guide",
            "Guide",
            tooltip="Turn a quick note into a guided reflection (choose the model "
            "or theme)",
        ),
        Binding(
            "t",
            "tags",
            "Tags",
            tooltip="Change its tags (take jrnl-review off once dealt with)",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete (it can be brought back for 30 days)",
        ),
        # After the keys the 60-column footer already shows, so it keeps them.
        Binding(
            "l",
            "link",
            "Link",
            tooltip="Link it to areas of a competence framework, with what it "
            "shows (untick one to take its link away)",
        ),
        Binding(
            "h",
            "hide_comment",
            "Hide a comment",
            show=False,
            tooltip="Hide a comment from your supervisor",
        ),
    ]

    app: ReflectState

    def __init__(self, journal: Journal, entry_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        self.deleted = False
        """Set once the entry is gone, so resuming does not try to show it."""
        self.is_note = False
        """Whether it is a quick note (set at each reading): `g` and `b`
        are for notes; a reflection has its finish page."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-scroll"):
            yield Reading(self._blocks(), id="entry")
        yield KeysFooter()

    def _blocks(self) -> list[Block]:
        entry, blocks = read_entry(
            self.journal,
            self.entry_id,
            lambda: self.app.frameworks,
            lambda: self.app.library,
        )
        self.is_note = entry.kind == "note"
        return blocks

    def on_mount(self) -> None:
        self.query_one("#entry-scroll").focus()
        # Opening the entry is seeing its feedback: home stops calling it new.
        self.journal.sharing.mark_seen(self.entry_id)

    @on(events.ScreenResume)
    @on(messages.JournalChanged)
    def _reread(self) -> None:
        """Show the entry as the journal holds it now: back from the writer,
        after a tag change, or when a supervisor's comments came in.

        An entry removed elsewhere (another window, the CLI) closes this
        screen, but only once it is on top: "journal changed" reaches every
        screen on the stack, and dismissing pops whatever is on top, which
        could be a writer with unsaved words or the idle lock.
        """
        if not self.deleted:
            try:
                self.query_one(Reading).show(self._blocks())
            except NotFound:
                self.deleted = True
            self.refresh_bindings()
        if self.deleted and self.is_active:
            self.dismiss()

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A reflection has its finish page for these; a note has only this.
        # Known from the last reading (`_blocks`): the footer asks this on
        # every refresh, and loading the whole entry each time was waste.
        if action in ("guide", "supervision"):
            return not self.deleted and self.is_note
        return True

    def action_edit(self) -> None:
        self.app.post_message(messages.EditEntry(self.entry_id, back_to_entry=True))

    def action_tags(self) -> None:
        """Change the tags: a review note from jrnl loses `jrnl-review` here."""
        entry = self.journal.entries.get(self.entry_id)

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            tags = clean_tags(values[0].replace(",", " ").split())
            if tags == entry.tags:  # nothing changed: the entry stays untouched
                return
            try:
                self.journal.entries.set_tags(self.entry_id, tags)
            except NotFound:  # erased in another window meanwhile
                self.notify("That entry is no longer here.", severity="warning")
                return
            self.app.post_message(messages.JournalChanged())

        self.app.push_screen(
            FieldsDialog(
                "Tags, separated by spaces",
                [("Tags", " ".join(entry.tags))],
                hint="enter saves · escape leaves them as they were",
            ),
            done,
        )

    def action_supervision(self) -> None:
        """Bring it to supervision, can be shared, private note: what a
        reflection's finish page asks, for a quick note, which has none."""
        mark_for_supervision(self.app, self.journal, self.entry_id)

    def action_link(self) -> None:
        """Link it to framework areas (or take a link away)."""
        link_entry(self.app, self.journal, self.entry_id, self.app.frameworks)

    def action_guide(self) -> None:
        """Choose a model or theme; the note's body becomes its first answer."""
        self.app.post_message(messages.GuideNote(self.entry_id))

    def action_share(self) -> None:
        self.app.post_message(messages.ShareEntries([self.entry_id]))

    def action_hide_comment(self) -> None:
        comments = self.journal.sharing.comments_for(self.entry_id)
        if not comments:
            self.notify("There are no comments to hide.")
            return

        def done(values: list[str] | None) -> None:
            number = whole_number((values or [""])[0].strip())
            if number is not None and 1 <= number <= len(comments):
                self.journal.sharing.hide_comment(comments[number - 1].id)
                self.app.post_message(messages.JournalChanged())

        listing = "; ".join(
            f"{n}: {' '.join(c.body.split())[:30]}" for n, c in enumerate(comments, 1)
        )  # the dialog shows its title as written
        self.app.push_screen(
            FieldsDialog(
                f"Hide which comment? {listing}", [("Number", "")], does="hides it"
            ),
            done,
        )

    def action_delete(self) -> None:
        def chosen(answer: str | None) -> None:
            if answer == "delete":
                self.journal.entries.delete(self.entry_id)
                self.deleted = True
                self.dismiss()
                self.app.notify("Deleted.")

        title = self.journal.entries.get(self.entry_id).title or "this entry"
        self.app.push_screen(
            ChoiceDialog(
                f"Delete \u201c{title}\u201d?",
                "It moves to Recently deleted (ctrl+p) and can be brought back "
                "for 30 days.",
                [
                    Choice("y", "Delete", "delete", "error"),
                    Choice("n", "Keep it", "keep", "primary"),
                ],
            ),
            chosen,
        )
