"""Turning a quick note into a guided reflection, later.

Reflection-in-action often starts as a few lines; looking back calls for a
model. The note's title stays its title, the rest of its text becomes the
first answer, and the writer continues at the second question. The note as
it was travels with the writer, so leaving without keeping anything gives
it back unchanged (and a finished note is never made a draft).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.tui import messages
from reflect.tui.dialogs.fields import calm
from reflect.tui.state import ReflectState
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList
from reflect.tui.widgets.packs import pack_label


class GuideScreen(Screen[None]):
    """Pick the model or theme that will carry the note on."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    app: ReflectState

    def __init__(self, journal: Journal, entry_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        self.converted = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Carry this note on as a guided reflection. Its title stays, and the "
            "rest of it becomes the answer to the first question.",
            classes="intro muted",
        )
        options = OptionList(id="packs")
        for pack in self.app.library.by_kind():
            if pack.kind in ("model", "theme"):
                options.add_option(Option(pack_label(pack), id=pack.id))
        yield options
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Carry the note on in the chosen pack; once only.

        A second enter pressed before the writer shows must not convert it
        again (it is no longer a quick note), nor open a second writer.
        """
        if self.converted:
            return
        pack = self.app.library.get(event.option.id or "")
        try:
            note = self.journal.entries.get(self.entry_id)
            self.journal.reflections.convert_note(self.entry_id, pack)
        except ReflectError as exc:  # changed in another window meanwhile
            self.notify(calm(exc), severity="warning")
            return
        self.converted = True
        self.app.post_message(
            messages.EditEntry(
                self.entry_id, back_to_entry=True, replace=True, guided_from=note
            )
        )
