"""The year in review, previewed: exactly the Markdown that would be written.

The worker sees the whole document as plain text (never rendered as markup:
a title with `**` or `<b>` shows as typed, with the escapes the file will
hold), chooses which of their linked entries go in with their own words
(`i` on one, entry by entry; an entry about their own recovery is listed
as left out until they do), steps between years, and exports. The export
writes the contents this preview was made from, through the same core
functions as `reflect review-year`, after the same privacy scan: nothing
leaves that the worker has not just seen.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core import yearly
from reflect.core.errors import NotFound
from reflect.core.export.review import review_markdown
from reflect.core.journal import Journal
from reflect.tui.dialogs.export import export_year_review
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList


class ReviewYearScreen(Screen[None]):
    """Preview, choose what goes in, export."""

    BINDINGS = [
        Binding("e", "export", "Export"),
        Binding("i", "include", "Words in/out"),
        # Said in the line at the top: the footer keeps room for the others.
        Binding("left_square_bracket", "year(-1)", "Year before", show=False),
        Binding("right_square_bracket", "year(1)", "Year after", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    DEFAULT_CSS = """
    ReviewYearScreen #year-entries { height: auto; max-height: 6; padding: 0; }
    ReviewYearScreen #year-preview { height: 1fr; }
    ReviewYearScreen #year-text { padding: 0 1; }
    """

    app: ReflectState

    def __init__(
        self,
        journal: Journal,
        year: int | None = None,
        framework_id: str | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.year = year or journal.yearly.this_year()
        self.framework_id = framework_id
        """The framework the portfolio showed (None: the default one)."""
        self.include: dict[str, None] = {}
        """Entries whose words go in, in the order the worker chose them."""
        self.contents: yearly.YearContents | None = None
        self.markdown = ""
        self._packs: yearly.Packs | None = None
        """The packs' names, made once: every `i` gathers the year again."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="year-intro", classes="muted intro")
        yield OptionList(id="year-entries")
        with VerticalScroll(id="year-preview"):
            yield Static("", id="year-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#year-entries", OptionList).focus()

    def _packs_named(self) -> yearly.Packs:
        if self._packs is None:
            self._packs = yearly.Packs.of(self.app.library)
        return self._packs

    def fill(self) -> None:
        """Gather the year afresh and show it: the list of entries to choose
        from, and the document as it would be written."""
        try:
            framework = yearly.choose_framework(self.app.frameworks, self.framework_id)
        except NotFound:  # gone from the library since: the default one
            framework = yearly.choose_framework(self.app.frameworks)
        contents = self.journal.yearly.gather(
            self.year,
            framework=framework,
            include=list(self.include),
            packs=self._packs_named(),
        )
        self.contents = contents
        self.markdown = review_markdown(contents)
        self.query_one("#year-intro", Static).update(
            Text(  # a Text: the brackets are keys, not markup
                f"{self.year} in review, exactly as it will be written. "
                "[ and ] for other years."
            )
        )
        self._list(contents)
        # The document as plain text: what the file will hold, character
        # for character, never read as markup.
        self.query_one("#year-text", Static).update(words(self.markdown))

    def _list(self, contents: yearly.YearContents) -> None:
        options = self.query_one("#year-entries", OptionList)
        was = options.highlighted
        options.clear_options()
        for chosen in contents.chosen:
            mark = "words in" if chosen.included else "title and lines"
            label = Text(f"{chosen.written:%d %b} · ")
            label.append_text(words(chosen.title or "Untitled"))
            label.append_text(Text(" · "))
            label.append(mark, style="dim")
            options.add_option(Option(label, id=chosen.entry_id))
        for entry_id in contents.withheld:
            try:
                title = self.journal.entries.get(entry_id).title
            except NotFound:
                continue
            label = words(title or "Untitled")
            label.append_text(Text(" · "))
            label.append("about your own recovery: left out", style="dim")
            options.add_option(Option(label, id=entry_id))
        if not options.option_count:
            options.add_option(
                Option(
                    "No entries linked to a framework this year yet: link one "
                    "from its page or the finish screen.",
                    disabled=True,
                )
            )
        elif was is not None:
            options.highlighted = min(was, options.option_count - 1)
        else:
            options.highlighted = 0

    def action_include(self) -> None:
        """Put the highlighted entry's own words in, or take them out."""
        options = self.query_one("#year-entries", OptionList)
        if options.highlighted is None:
            return
        entry_id = options.get_option_at_index(options.highlighted).id
        if not entry_id:
            return
        if entry_id in self.include:
            del self.include[entry_id]
        else:
            self.include[entry_id] = None
        self.fill()

    @on(OptionList.OptionSelected, "#year-entries")
    def _selected(self) -> None:
        self.action_include()

    def action_year(self, step: int) -> None:
        """Another year: the choices made for this one do not carry over."""
        self.year += step
        self.include = {}
        self.query_one("#year-entries", OptionList).highlighted = None
        self.fill()

    def action_export(self) -> None:
        if self.contents is not None:
            export_year_review(self.app, self.contents)
