"""Reading what a supervisee shared: one snapshot, your comments, reviewed.

The snapshot is shown as plain widgets, never as Markdown: every character
the supervisee wrote appears as written. `c` comments on the whole entry or
one answer, `v` marks it reviewed; both travel back with the next feedback.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from reflect.core.journal import Journal
from reflect.core.reading import snapshot_blocks
from reflect.core.reviewing import Received
from reflect.core.text import whole_number
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.state import ReflectState
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.reading import Reading


class ReceivedScreen(Screen[None]):
    """Read a snapshot; comment on it or on one answer; mark it reviewed."""

    BINDINGS = [
        Binding("c", "comment", "Comment"),
        Binding("v", "reviewed", "Mark reviewed"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal, entry_id: str, version: int) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        self.version = version

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-scroll"):
            yield Reading(id="snapshot")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#entry-scroll").focus()

    def item(self) -> Received:
        return self.journal.reviewing.get(self.entry_id, self.version)

    def show(self) -> None:
        mine = self.journal.reviewing.my_comments(self.entry_id, self.version)
        versions = self.journal.reviewing.versions(self.entry_id)
        self.query_one(Reading).show(
            snapshot_blocks(self.item(), mine, versions, self.app.library)
        )

    def action_comment(self) -> None:
        item = self.item()
        answers = item.snapshot.get("answers", [])

        def done(values: list[str] | None) -> None:
            if not values or not values[0].strip():
                return
            which = values[1].strip()
            step = None
            if which:
                number = whole_number(which)
                if number is None or not 1 <= number <= len(answers):
                    self.notify(f"Give a question number from 1 to {len(answers)}.")
                    return
                step = answers[number - 1]["step_id"]
            self.journal.reviewing.add_comment(item, values[0], step_id=step)
            self.show()

        self.app.push_screen(
            FieldsDialog(
                "Your comment",
                [
                    ("Comment", ""),
                    (f"Question number, 1 to {len(answers)} (blank: whole entry)", ""),
                ],
                does="saves the comment",
            ),
            done,
        )

    def action_reviewed(self) -> None:
        self.journal.reviewing.mark_reviewed(self.item())
        self.show()
        self.notify("Marked as reviewed; it goes back with your next feedback.")
