"""Every key, screen by screen, in one place: built from the bindings.

What the page says comes from `reflect.tui.keys` (each screen's `BINDINGS`,
a short introduction, and the widget keys and notes bindings cannot carry),
so a new key or a new screen shows here without anyone copying it. It is
drawn as plain text in plain widgets: no Markdown to read a `*` or a `|` in a
key's words as formatting, and quick to render.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflect.tui.keys import INTRO, SECTIONS, Row, rows
from reflect.tui.text import words


def key_table(lines: list[Row]) -> Table:
    """Keys on the left, what they do on the right, both as plain text."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for line in lines:
        table.add_row(words(line.keys, "bold"), words(line.words))
    return table


class HelpScreen(Screen[None]):
    """The help page; escape or ? closes it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.pop_screen", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Static(Text("Keys"), classes="screen-title")
            for paragraph in INTRO:
                yield Static(words(paragraph), classes="help-note")
            for section in SECTIONS:
                yield Static(words(section.title), classes="help-heading")
                lines = rows(section, type(self.app), self.app.get_key_display)
                if lines:
                    yield Static(key_table(lines), classes="help-keys")
                for note in section.notes:
                    yield Static(words(note), classes="help-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
