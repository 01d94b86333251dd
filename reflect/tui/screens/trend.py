"""The wellbeing trend: sparklines over a chosen period, the check-ins as a
table, and the notes. 1, 2 and 3 choose 4 weeks, 3 months or a year.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.core import checkins as core
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.wellbeing import WellbeingPanel

PERIODS = {"1": ("4 weeks", 28), "2": ("3 months", 91), "3": ("year", 365)}


class TrendScreen(Screen[None]):
    """How the check-ins have gone over a period."""

    BINDINGS = [
        Binding("1", "period('1')", "4 weeks"),
        Binding("2", "period('2')", "3 months"),
        Binding("3", "period('3')", "A year"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, journal: Journal, template: Template) -> None:
        super().__init__()
        self.journal = journal
        self.dims = core.dimensions(template)
        self.period = "1"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="trend"):
            yield WellbeingPanel(id="sparks")
            # The day stays put when a narrow window scrolls the scores.
            yield DataTable(
                id="table", cursor_type="row", zebra_stripes=True, fixed_columns=1
            )
            yield Static("", id="notes", classes="follow-ups")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Day", *(words(d.name) for d in self.dims), "Bring", "Note")
        self.action_period(self.period)

    def action_period(self, key: str) -> None:
        self.period = key
        label, days = PERIODS[key]
        since = self.journal.checkins.today() - timedelta(days=days)
        found = self.journal.checkins.list(since=since)
        self.query_one("#sparks", WellbeingPanel).show(
            found, self.dims, title=f"Wellbeing, last {label}", columns=1, points=52
        )
        table = self.query_one(DataTable)
        table.clear()
        for checkin in reversed(found):
            note = " ".join(checkin.note.split())  # one row each: a line of it
            table.add_row(
                checkin.day.strftime("%a %d %b"),
                *(str(checkin.scores.get(d.id, "")) for d in self.dims),
                "yes" if checkin.bring else "",
                words(note if len(note) <= 31 else note[:30] + "…"),
            )
        # The worker's notes as written: a Text, never read as markup.
        notes = Text("Notes")
        for c in (c for c in found if c.note):
            notes.append(f"\n{c.day.strftime('%d %b')}: ")
            notes.append_text(words(c.note))
        self.query_one("#notes", Static).update(
            notes if notes.plain != "Notes" else "No notes in this period."
        )
        if not found:
            self.query_one("#sparks", Static).update(
                f"No check-ins in the last {label}. Press c on home to check in."
            )
