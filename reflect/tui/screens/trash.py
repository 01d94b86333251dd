"""Recently deleted entries: enter brings one back (for 30 days)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core.journal import TRASH_DAYS, Journal
from reflect.tui.widgets.entry_list import entry_label
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList


class TrashScreen(Screen[None]):
    """Deleted entries, newest first."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"Recently deleted. Press enter to bring one back. After {TRASH_DAYS} "
            "days they are erased for good.",
            classes="muted intro",
        )
        yield OptionList(id="trash")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        options = self.query_one("#trash", OptionList)
        options.clear_options()
        for entry in self.journal.entries.trash():
            options.add_option(Option(entry_label(entry), id=entry.id))
        if not options.option_count:
            options.add_option(Option("Recently deleted is empty.", disabled=True))
        else:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#trash")
    def _restore(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.journal.entries.undelete(event.option.id)
            self.notify("Brought back.")
            self.fill()
