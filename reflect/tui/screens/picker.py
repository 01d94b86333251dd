"""Choosing what to write: a quick note, a reflective model or a theme.

Packs are grouped by kind, each with when to use it and how long it takes;
the ones used lately come first, and typing filters the list.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input
from textual.widgets.option_list import Option

from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import Library
from reflect.tui import messages
from reflect.tui.state import ReflectState
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList
from reflect.tui.widgets.packs import pack_label

QUICK_NOTE = "quick-note"
GROUPS = (
    ("Quick note and reflective models", ("model",)),
    ("Peer-work themes", ("theme",)),
    ("Check-in and supervision", ("check-in", "supervision")),
)


class PickerScreen(Screen[None]):
    """Pick a pack; enter starts writing."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    app: ReflectState

    def __init__(self, journal: Journal, library: Library) -> None:
        super().__init__()
        self.journal = journal
        self.library = library
        self.recent = [
            p for p in journal.entries.recent_pack_ids() if p in library.packs
        ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type to filter, such as endings or Gibbs", id="filter")
        yield OptionList(id="packs")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#filter", Input).focus()

    def fill(self, text: str) -> None:
        words = text.casefold().split()

        def wanted(pack: Template) -> bool:
            # Tags too: "grief" finds the pack about a death.
            tags = " ".join(pack.tags)
            haystack = f"{pack.id} {pack.title} {pack.summary} {tags}".casefold()
            return all(w in haystack for w in words)

        options = self.query_one("#packs", OptionList)
        options.clear_options()
        if self.recent and not words:
            options.add_option(Option(Text("Used lately", style="bold"), disabled=True))
            for pack_id in self.recent:
                pack = self.library.packs[pack_id]
                options.add_option(Option(pack_label(pack), id=f"recent:{pack.id}"))
        for heading, kinds in GROUPS:
            packs = [p for p in self.library.by_kind() if p.kind in kinds and wanted(p)]
            note = kinds == ("model",) and all(w in "quick note" for w in words)
            if not packs and not note:
                continue
            options.add_option(Option(Text(heading, style="bold"), disabled=True))
            if note:
                label = Text()
                label.append("Quick note", style="bold")
                label.append("  a minute or two", style="dim")
                label.append("\nJust write: a few lines now, guided later if you like.")
                options.add_option(Option(label, id=QUICK_NOTE))
            for pack in packs:
                options.add_option(Option(pack_label(pack), id=f"pack:{pack.id}"))
        first = next(
            (i for i in range(options.option_count)
             if not options.get_option_at_index(i).disabled),
            None,
        )  # fmt: skip
        # "risk" then enter should start the Risk pack, not the first pack
        # whose summary mentions risk: a pack named by the words comes first.
        named = next(
            (i for i in range(options.option_count)
             if (option_id := options.get_option_at_index(i).id or "")
             .startswith("pack:")
             and _named_by(self.library.packs[option_id[5:]], words)),
            None,
        ) if words else None  # fmt: skip
        if words and all(
            any(name.startswith(w) for name in ("quick", "note")) for w in words
        ):
            # "quick" or "note" (or their start): the quick note is named by
            # them, and listed first (above "Quick reflection", which "quick"
            # names too).
            named = first
        options.highlighted = named if named is not None else first

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#filter")
    def _start_highlighted(self) -> None:
        options = self.query_one("#packs", OptionList)
        if options.highlighted is not None:
            self.start(options.get_option_at_index(options.highlighted).id or "")

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up") and self.query_one("#filter", Input).has_focus:
            options = self.query_one("#packs", OptionList)
            options.focus()
            getattr(options, f"action_cursor_{event.key}")()
            event.stop()

    @on(OptionList.OptionSelected, "#packs")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.start(event.option.id or "")

    def start(self, option_id: str) -> None:
        if option_id == QUICK_NOTE:
            self.app.post_message(messages.StartWriting(replace=True))
        elif ":" in option_id:
            pack_id = option_id.split(":", 1)[1]
            self.app.post_message(messages.StartWriting(pack_id, replace=True))


def _named_by(pack: Template, words: list[str]) -> bool:
    """Whether every word is in the pack's id or title (not only its summary)."""
    name = f"{pack.id} {pack.title}".casefold()
    return all(w in name for w in words)
