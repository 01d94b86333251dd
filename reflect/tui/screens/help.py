"""Every key, screen by screen, in one place: built from the bindings.

What the page says is handed to it, built by `reflect.tui.keys` from each
screen's `BINDINGS`, a short introduction, and the widget keys and notes
bindings cannot carry; so a new key or a new screen shows here without anyone
copying it, and this screen imports no other screen. It is
drawn as plain text in plain widgets: no Markdown to read a `*` or a `|` in a
key's words as formatting, and quick to render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter


@dataclass(frozen=True)
class Row:
    """One line of a section: the keys as the footer shows them, and the words."""

    keys: str
    words: str


@dataclass(frozen=True)
class HelpPage:
    """One heading of the help, its keys, and what a worker needs to know there."""

    title: str
    rows: Sequence[Row]
    notes: Sequence[str] = ()


def key_table(lines: Sequence[Row]) -> Table:
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

    def __init__(
        self,
        intro: Sequence[str],
        pages: Sequence[HelpPage],
        *,
        start: str | None = None,
    ) -> None:
        super().__init__()
        self.intro = intro
        self.pages = pages
        self.start = start
        """The heading to open at: the keys of the screen help was asked from
        (the introduction and every other screen are a scroll up or down)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Static(Text("Keys"), classes="screen-title")
            for paragraph in self.intro:
                yield Static(words(paragraph), classes="help-note")
            for number, page in enumerate(self.pages):
                yield Static(
                    words(page.title), classes="help-heading", id=f"page-{number}"
                )
                if page.rows:
                    yield Static(key_table(page.rows), classes="help-keys")
                for note in page.notes:
                    yield Static(words(note), classes="help-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
        titles = [page.title for page in self.pages]
        if self.start in titles:
            heading = self.query_one(f"#page-{titles.index(self.start)}")
            self.call_after_refresh(heading.scroll_visible, top=True, animate=False)
