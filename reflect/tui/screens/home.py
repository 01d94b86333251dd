"""Home: drafts to finish, recent entries, and what to press next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from reflect.core.journal import Journal
from reflect.core.templates import template_for_entry
from reflect.tui.widgets.entry_list import MORE, EntryList

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

EMPTY = (
    "Your journal is empty, and that is a fine place to start.\n\n"
    "Press [b]n[/b] to begin: a quick note of a few lines, or a guided reflection "
    "that asks one question at a time. Everything is saved as you type and stays "
    "on this computer, encrypted.\n\n"
    "Press [b]?[/b] for every key, or [b]ctrl+p[/b] to search all commands."
)


class HomeScreen(Screen[None]):
    """The first screen after unlocking."""

    BINDINGS = [
        Binding("n", "app.new", "New reflection"),
        Binding("slash", "app.search", "Search"),
        Binding("comma", "app.settings", "Settings"),
        Binding("question_mark", "app.help", "Help"),
    ]

    app: ReflectApp

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(EMPTY, id="empty", classes="empty")
        yield EntryList(self.journal, id="entries")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_entries()

    def on_screen_resume(self) -> None:
        self.refresh_entries()

    def refresh_entries(self) -> None:
        entries = self.query_one(EntryList)
        entries.reload()
        empty = entries.option_count == 0
        self.query_one("#empty").display = empty
        entries.display = not empty
        if not empty:
            entries.focus()

    @on(OptionList.OptionSelected, "#entries")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from reflect.tui.screens.entry import EntryScreen
        from reflect.tui.screens.note import NoteScreen
        from reflect.tui.screens.writer import WriterScreen

        option_id = event.option.id or ""
        if option_id == MORE:
            self.query_one(EntryList).show_more()
        elif option_id.startswith("draft:"):
            entry = self.journal.get(option_id.removeprefix("draft:"))
            if entry.kind == "note":
                self.app.push_screen(NoteScreen(self.journal, entry.id))
            else:
                template = template_for_entry(entry, self.app.library)
                self.app.push_screen(
                    WriterScreen(self.journal, template, entry_id=entry.id)
                )
        elif option_id.startswith("entry:"):
            self.app.push_screen(
                EntryScreen(self.journal, option_id.removeprefix("entry:"))
            )
