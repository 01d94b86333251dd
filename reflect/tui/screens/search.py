"""Search as you type, with filters; enter opens the entry.

Each keystroke runs one indexed full-text query with the filters, so it
stays quick however large the journal grows.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Select
from textual.widgets.option_list import Option

from reflect.core.clock import iso, local_display, parse_iso
from reflect.core.journal import Journal
from reflect.core.models import SearchHit
from reflect.core.search import SearchFilters
from reflect.core.templates import Library
from reflect.tui import messages
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import Checkbox, OptionList

LIMIT = 50


def hit_label(hit: SearchHit) -> Text:
    """Title line, then the snippet as written, the matched words highlighted."""
    entry = hit.entry
    label = Text(no_wrap=False)
    label.append(local_display(entry.created_at, "%d %b %Y"), style="dim")
    label.append("  ")
    label.append_text(words(entry.title or "(untitled)", style="bold"))
    if entry.status == "draft":
        label.append("  draft", style="italic")
    if entry.tags:
        label.append_text(
            words("  " + " ".join(f"#{t}" for t in entry.tags), style="dim")
        )
    parts = hit.parts()
    if parts:
        label.append("\n")
    for n, (part, matched) in enumerate(parts):
        # The snippet's own line breaks are kept; only its ends are trimmed.
        if n == 0:
            part = part.lstrip()
        if n == len(parts) - 1:
            part = part.rstrip()
        label.append_text(words(part, style="bold reverse" if matched else ""))
    return label


def parse_day(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


class SearchScreen(Screen[None]):
    """Type to search; filters narrow it; enter opens."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, journal: Journal, library: Library) -> None:
        super().__init__()
        self.journal = journal
        self.library = library

    def compose(self) -> ComposeResult:
        packs = [(words(p.title), p.id) for p in self.library.by_kind()]
        yield Header()
        yield Input(placeholder="Search your journal…", id="query")
        with Horizontal(id="filters"):
            yield Input(placeholder="tag", id="tag")
            yield Select(packs, prompt="any pack", id="pack")
            yield Input(placeholder="from YYYY-MM-DD", id="since")
            yield Input(placeholder="to YYYY-MM-DD", id="until")
        yield Checkbox("Only what I'm bringing to supervision", id="only-bring")
        yield OptionList(id="results")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def filters(self) -> SearchFilters:
        pack = self.query_one("#pack", Select).value
        until = parse_day(self.query_one("#until", Input).value)
        return SearchFilters(
            tag=self.query_one("#tag", Input).value.strip() or None,
            template_id=pack if isinstance(pack, str) else None,
            since=parse_day(self.query_one("#since", Input).value),
            until=until + timedelta(days=1) if until else None,
            for_supervision=self.query_one("#only-bring", Checkbox).value,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def run_search(self) -> None:
        text = self.query_one("#query", Input).value
        results = self.query_one("#results", OptionList)
        results.clear_options()
        filters = self.filters()
        if re.fullmatch(r"\s*[#@][^\s#@]+\s*", text) and not filters.tag:
            # "#housing" typed in the search box means the tag, as it is shown
            filters = replace(filters, tag=text.strip()[1:])
            text = ""
        if text.strip() or not filters.tag:
            hits = self.journal.search.find(text, limit=LIMIT, filters=filters)
        else:  # a tag alone lists what carries it, newest first
            hits = self._tagged(filters)
        for hit in hits:
            results.add_option(Option(hit_label(hit), id=hit.entry.id))
        if (text.strip() or filters.tag) and not hits:
            why = "Try fewer words." if text.strip() else "No entry has that tag."
            results.add_option(Option(f"Nothing found. {why}", disabled=True))
        if hits:
            results.highlighted = 0

    def _tagged(self, filters: SearchFilters) -> list[SearchHit]:
        """Entries with the tag, newest first, that pass the other filters.

        Streamed from one query until the screen's limit is met, so older
        matches are still found when "to" or the pack rules out newer ones.
        """
        until = iso(filters.until) if filters.until else None
        found: list[SearchHit] = []
        for entry in self.journal.entries.walk(
            limit=1_000_000, tag=filters.tag, since=filters.since, batch=LIMIT
        ):
            if (
                (until is None or entry.created_at < until)
                and filters.template_id in (None, entry.template_id)
                and (entry.for_supervision or not filters.for_supervision)
            ):
                found.append(SearchHit(entry, ""))
                if len(found) == LIMIT:
                    break
        return found

    def on_screen_resume(self) -> None:
        """Back from an entry: show it as it is now (its tags may have changed)."""
        self.run_search()

    @on(messages.JournalChanged)
    def _journal_changed(self) -> None:
        self.run_search()

    @on(Input.Submitted, "#query")
    def _to_results(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is not None:
                results.action_select()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one("#query", Input).has_focus:
            self.query_one("#results", OptionList).focus()
            event.stop()

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.post_message(messages.OpenEntry(event.option.id))
