"""If today is hard: where to turn, on one calm page.

What it shows is put together in core (`reflect.core.support.panel`), the
same as `reflect support` prints, and handed to this screen: 999 or A&E,
the worker's own plan and people (only while the journal is open), their
organisation's lines and the national ones. It asks nothing and records
nothing; one key leaves. Every word from a person or a file (a plan, a
trusted person's name, an organisation's wording) is shown as written,
never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from reflect.core.support import TITLE, Section
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter

INTRO = "Some people and places you can reach."


class SupportScreen(Screen[None]):
    """The support panel; escape goes back to where it was opened."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Close this page"),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="support-scroll"):
            yield Static(Text(TITLE), classes="screen-title")
            yield Static(Text(INTRO), classes="support-intro")
            for section in self.sections:
                if section.title:
                    yield Static(
                        words(section.title),
                        classes=f"support-heading support-{section.kind}",
                    )
                for item in section.items:
                    yield Static(words(item.name), classes="support-item")
                    if item.details:
                        yield Static(
                            words("\n".join(item.details)), classes="support-detail"
                        )
                for note in section.notes:
                    yield Static(words(note), classes="support-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Focused, so the arrows and page keys scroll it at once.
        self.query_one("#support-scroll").focus()
