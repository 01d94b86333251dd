"""Marking an entry for supervision without writing it again.

A quick note has no finish page, so once only `reflect note --ask` or
carrying it on as a guided reflection could say "bring this to supervision".
This dialog asks the same four things the finish page does (bring it, what
I want from supervision about it, can be shared, the private note) and
saves them through the same core write (`journal.entries.set_marks`, which
`reflect mark` uses too). It is opened from the quick-note writer (ctrl+o)
and from the entry view of a quick note (b).

It is small enough to stand whole at 60x20: the boxes are one row each
(edged and shaded so an empty one is still seen), and the line saying how to
save or leave sits at its foot.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.models import Marks
from reflect.tui import messages
from reflect.tui.dialogs.fields import calm
from reflect.tui.state import ReflectState
from reflect.tui.text import shown
from reflect.tui.widgets.marks import Checkbox

ASK_LABEL = "What I want from supervision about this"
SHAREABLE_LABEL = "Can be shared with my supervisor"
SHAREABLE_HINT = "You still choose each time you share."
PRIVATE_LABEL = "Private note: only for you, never shared"


class SupervisionDialog(ModalScreen[Marks | None]):
    """Bring to supervision (with the ask), can be shared, the private note.

    Dismisses with the marks as set, or None when left with escape (then
    nothing changes).
    """

    DEFAULT_CSS = """
    SupervisionDialog { align: center middle; }
    SupervisionDialog #dialog { max-height: 100%; }
    SupervisionDialog #dialog-title { text-wrap: nowrap; text-overflow: ellipsis; }
    SupervisionDialog Checkbox {
        border: none; padding: 0; margin-top: 1; width: 100%;
    }
    SupervisionDialog Checkbox:focus { border: none; }
    SupervisionDialog #ask {
        border-top: none; border-bottom: none; height: 1; padding: 0 1;
        background: $panel;
    }
    SupervisionDialog .field-label { padding: 0; }
    SupervisionDialog .quiet { color: $text-muted; }
    SupervisionDialog #private-label { margin-top: 1; }
    SupervisionDialog #private-note { height: 5; }
    SupervisionDialog #dialog-hint {
        dock: bottom; height: auto; padding: 0; background: $surface;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save these marks"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave them as they were"),
    ]

    def __init__(self, title: str, marks: Marks) -> None:
        super().__init__()
        self.entry_title = title
        self.marks = marks

    def compose(self) -> ComposeResult:
        marks = self.marks
        with VerticalScroll(id="dialog"):
            # The title is the worker's own words, shown as written.
            yield Static(
                shown(f"For supervision: {self.entry_title or 'Untitled'}"),
                id="dialog-title",
                markup=False,
            )
            yield Checkbox("Bring to supervision", marks.for_supervision, id="bring")
            yield Static(ASK_LABEL, id="ask-label", classes="field-label")
            yield Input(
                marks.ask or "",
                placeholder="What I want from it",
                id="ask",
                select_on_focus=False,
            )
            yield Checkbox(SHAREABLE_LABEL, marks.shareable, id="shareable")
            yield Static(SHAREABLE_HINT, classes="quiet")
            yield Static(PRIVATE_LABEL, id="private-label", classes="field-label")
            yield TextArea(
                marks.private_note or "",
                id="private-note",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield Static(
                "ctrl+s saves · escape leaves them as they were",
                id="dialog-hint",
                classes="quiet",
            )

    def on_mount(self) -> None:
        self._show_ask(self.marks.for_supervision)
        self.query_one("#bring", Checkbox).focus()

    def _show_ask(self, bring: bool) -> None:
        """The ask belongs to bringing it, as on the finish page."""
        self.query_one("#ask-label").display = bring
        self.query_one("#ask").display = bring

    @on(Checkbox.Changed, "#bring")
    def _bring(self, event: Checkbox.Changed) -> None:
        self._show_ask(event.value)
        if event.value:
            self.query_one("#ask", Input).focus()

    @on(Input.Submitted, "#ask")
    def _submitted(self) -> None:
        self.action_save()

    def collected(self) -> Marks:
        return Marks(
            for_supervision=self.query_one("#bring", Checkbox).value,
            ask=self.query_one("#ask", Input).value,
            shareable=self.query_one("#shareable", Checkbox).value,
            private_note=self.query_one("#private-note", TextArea).text,
        )

    def action_save(self) -> None:
        self.dismiss(self.collected())

    def action_cancel(self) -> None:
        self.dismiss(None)


def mark_for_supervision(app: ReflectState, journal: Journal, entry_id: str) -> None:
    """Open the dialog on an entry and save what it says (one transaction).

    The worker hears what was kept; a draft is told it is offered once it
    is saved, as the agenda offers finished entries only.
    """
    try:
        entry = journal.entries.get(entry_id)
    except ReflectError as exc:  # gone in another window meanwhile
        app.notify(calm(exc), severity="warning")
        return
    before = entry.marks.normalized()

    def chosen(marks: Marks | None) -> None:
        if marks is None:
            return
        if marks.normalized() == before:
            return  # nothing changed: the entry is not touched
        try:
            saved = journal.entries.set_marks(entry_id, marks)
        except ReflectError as exc:
            app.notify(calm(exc), severity="warning")
            return
        if saved.for_supervision:
            said = "Marked to bring to supervision."
            if saved.status != "complete":
                said += " It is offered on the agenda once the note is saved."
        else:
            said = "Saved."
        app.notify(said)
        app.post_message(messages.JournalChanged())

    app.push_screen(SupervisionDialog(entry.title, before), chosen)
