"""Settings: theme, the privacy watch list, and the idle lock.

They live inside the encrypted journal, never in a plain file: the watch
list is the names of people the worker supports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.preferences import Preferences, save_preferences

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp


class SettingsScreen(Screen[None]):
    """ctrl+s saves; escape leaves without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectApp

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        prefs = self.app.preferences
        themes = sorted(self.app.available_themes)
        yield Header()
        yield Static("Settings", classes="screen-title")
        with VerticalScroll(classes="form"):
            yield Label("Theme (reflect-high-contrast is the easiest to read)")
            yield Select(
                [(name, name) for name in themes],
                value=prefs.theme if prefs.theme in themes else Select.BLANK,
                allow_blank=False,
                id="theme",
            )
            yield Label("Privacy watch list: names or places to flag, one per line")
            yield Static(
                "The writer gently points these out so you can write 'the person "
                "I support' instead. The list stays inside your encrypted journal.",
                classes="hint",
            )
            yield TextArea("\n".join(prefs.watch_list), id="watch")
            yield Label("Lock after this many idle minutes (0 never locks)")
            yield Input(str(prefs.idle_minutes), id="idle", type="integer")
            yield Checkbox(
                "Point out a wellbeing dimension that stays low (on home)",
                prefs.noticing,
                id="noticing",
            )
            yield Static("", id="error", classes="error")
        yield Footer()

    @on(Select.Changed, "#theme")
    def _preview(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    def action_save(self) -> None:
        idle_text = self.query_one("#idle", Input).value.strip() or "0"
        theme = self.query_one("#theme", Select).value
        prefs = Preferences(
            theme=theme if isinstance(theme, str) else self.app.preferences.theme,
            watch_list=tuple(
                line.strip()
                for line in self.query_one("#watch", TextArea).text.splitlines()
                if line.strip()
            ),
            idle_minutes=int(idle_text) if idle_text.lstrip("-").isdigit() else -1,
            noticing=self.query_one("#noticing", Checkbox).value,
        )
        try:
            save_preferences(self.journal.store, prefs)
        except ReflectError as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.app.preferences = prefs
        self.app.apply_theme()
        self.notify("Settings saved.")
        self.dismiss()

    def on_unmount(self) -> None:
        self.app.apply_theme()  # a previewed theme that was not saved goes back
