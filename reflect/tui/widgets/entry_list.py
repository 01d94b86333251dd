"""A keyboard-friendly list of entries that pages through SQL.

Drafts to finish come first, then recent entries, one page at a time. The
last row offers more when there is more, so nothing reads the whole journal.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option, OptionDoesNotExist

from reflect.core.clock import local_display
from reflect.core.journal import Journal
from reflect.core.models import EntrySummary
from reflect.tui.text import words
from reflect.tui.widgets.marks import OptionList

PAGE = 30
MORE = "more"


def entry_label(entry: EntrySummary) -> Text:
    """One line: date, title, tags, and a mark for supervision."""
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(local_display(entry.created_at, "%d %b %Y"), style="dim")
    label.append("  ")
    label.append_text(words(entry.title or "(untitled)", style="bold"))
    if entry.for_supervision:
        label.append("  ◆ supervision", style="italic")
    if entry.tags:
        label.append_text(words("  " + " ".join(f"#{t}" for t in entry.tags), "dim"))
    return label


class EntryList(OptionList):
    """Drafts and recent entries; option ids are entry ids."""

    def __init__(self, journal: Journal, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.journal = journal
        self.loaded = 0
        self.draft_ids: set[str] = set()

    def reload(self) -> None:
        """Rebuild from the first page, keeping the highlight on the same entry."""
        keep = (
            self.get_option_at_index(self.highlighted).id
            if self.highlighted is not None and self.option_count
            else None
        )
        shown_before = self.option_count > 0
        self.clear_options()
        drafts = self.journal.entries.drafts(limit=PAGE)
        # A draft that was not here at the last reading is the one the worker
        # has just left: highlighted, so enter goes back to it (not to the
        # draft below, which the highlight would otherwise stay on).
        fresh = [d.id for d in drafts if d.id not in self.draft_ids]
        if shown_before and fresh:
            keep = f"draft:{fresh[0]}"
        self.draft_ids = {d.id for d in drafts}
        if drafts:
            self.add_option(
                Option(Text("Drafts to finish", style="bold"), disabled=True)
            )
            self.add_options(Option(entry_label(d), id=f"draft:{d.id}") for d in drafts)
            self.add_option(None)
        self.loaded = 0
        self._add_page(first=True)
        try:
            self.highlighted = self.get_option_index(keep) if keep else None
        except OptionDoesNotExist:
            self.highlighted = None
        if self.highlighted is None and self.option_count:
            self.action_first()

    def _add_page(self, first: bool = False) -> None:
        page = self.journal.entries.page(
            limit=PAGE + 1, offset=self.loaded, status="complete"
        )
        more = len(page) > PAGE
        page = page[:PAGE]
        if first and page:
            self.add_option(Option(Text("Recent", style="bold"), disabled=True))
        self.add_options(Option(entry_label(e), id=f"entry:{e.id}") for e in page)
        self.loaded += len(page)
        if more:
            self.add_option(
                Option(Text("Show older entries…", style="italic"), id=MORE)
            )

    def show_more(self) -> None:
        """Replace the 'older' row with the next page."""
        index = self.get_option_index(MORE)
        self.remove_option(MORE)
        self._add_page()
        self.highlighted = min(index, self.option_count - 1)
