"""The portfolio: the worker's reflections laid over a competence framework.

Per domain a heading with a small bar (how many of its areas have at least
one reflection), then each area with how many reflections and when, and the
latest "what this shows" lines; an area with nothing yet says so as an
invitation, never as a gap. Enter on an area lists its reflections, and
enter on one of those opens it; esc goes back to the areas. `y` asks for
the year in review, `f` shows another framework when there are several.
The words are the ones `reflect portfolio` prints (`core.portfolio_summary`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core import portfolio_summary as summary
from reflect.core.clock import local_display
from reflect.core.errors import ReflectError
from reflect.core.frameworks import Framework
from reflect.core.journal import Journal
from reflect.core.portfolio import AreaSummary, PortfolioView
from reflect.tui import messages
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList

HINT = "Enter lists an area's reflections."
FIRST_HINT = "Nothing linked yet: on a reflection's page, l links it to an area."
"""The line under the title before anything is linked: a new portfolio is
all empty areas, and the way to fill one is on another screen."""


class PortfolioScreen(Screen[None]):
    """One framework's areas and what the worker has linked to each."""

    BINDINGS = [
        Binding(
            "y",
            "year",
            "Year in review",
            tooltip="Year in review: your year for appraisal, previewed first",
        ),
        Binding(
            "f",
            "framework",
            "Framework",
            tooltip="Show another competence framework (when there are several)",
        ),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    PortfolioScreen #portfolio-title {
        padding: 1 2 0 2;
    }
    PortfolioScreen #portfolio {
        height: 1fr;
        margin: 0 2;
    }
    """

    app: ReflectState

    def __init__(self, journal: Journal, framework_id: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.framework_id = framework_id
        """The framework asked for; None shows the default one."""
        self.framework: Framework | None = None
        self.view: PortfolioView | None = None
        self.area_id: str | None = None
        """The area whose reflections are listed; None lists the areas."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="portfolio-title")
        yield OptionList(id="portfolio")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        """Also sent when the screen first appears: the one first reading."""
        self.fill()

    @on(messages.JournalChanged)
    def _journal_changed(self) -> None:
        self.fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "framework":
            return len(self.app.frameworks.frameworks) > 1
        return True

    # ---- filling -----------------------------------------------------------

    def fill(self) -> None:
        """Read the portfolio afresh (an entry opened from here may have been
        linked, changed or moved to the trash meanwhile), then show it."""
        try:
            self.framework = summary.choose(self.app.frameworks, self.framework_id)
        except ReflectError as exc:
            self.framework = self.view = None
            self.query_one("#portfolio-title", Static).update(words(str(exc)))
            options = self.query_one("#portfolio", OptionList)
            options.clear_options()
            options.display = False
            return
        self.view = self.journal.portfolio.view(self.framework)
        self._show()

    def _show(self) -> None:
        """The view last read, as the areas or one area's reflections (going
        into an area and back out reads nothing new)."""
        if self.view is None:
            return
        title = self.query_one("#portfolio-title", Static)
        options = self.query_one("#portfolio", OptionList)
        options.display = True
        area = self._area()
        if area is None:
            self.area_id = None
            self._fill_areas(title, options)
        else:
            self._fill_entries(area, title, options)
        options.focus()

    def _area(self) -> AreaSummary | None:
        if self.view is None or self.area_id is None:
            return None
        return next((a for a in self.view.areas if a.area.id == self.area_id), None)

    def _fill_areas(self, title: Static, options: OptionList) -> None:
        assert self.view is not None and self.framework is not None
        heading = words(self.framework.title, style="bold")
        linked = any(area.count for area in self.view.areas)
        heading.append(f"\n{HINT if linked else FIRST_HINT}", style="")
        title.update(heading)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        for number, group in enumerate(summary.domains(self.view)):
            line = Text("\n" if number else "")  # a blank line between domains
            line.append_text(words(group.domain.title, style="bold"))
            line.append(f"  {group.heading}", style="")
            options.add_option(Option(line, disabled=True))
            for area in group.areas:
                options.add_option(Option(_area_prompt(area), id=area.area.id))
        if self.view.unknown:
            note = summary.unknown_words(self.view)
            options.add_option(Option(words(note, style="italic"), disabled=True))
        ids = [o.id for o in options.options]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        elif len(ids) > 1:
            options.highlighted = 1  # the first area, under its domain

    def _fill_entries(
        self, area: AreaSummary, title: Static, options: OptionList
    ) -> None:
        heading = words(area.area.title, style="bold")
        if area.count:
            heading.append(f"\n{summary.count_words(area.count)}. Enter opens one.")
        title.update(heading)
        options.clear_options()
        for shown in area.entries:
            line = Text(local_display(shown.written, "%d %b %Y") + "  ")
            line.append_text(words(shown.title or "Untitled"))
            if shown.note:
                line.append("\n  ")
                line.append_text(words(f"\u201c{shown.note}\u201d", style="italic"))
            options.add_option(Option(line, id=shown.entry_id))
        if not area.count:
            options.add_option(Option(summary.INVITATION, disabled=True))
        else:
            options.highlighted = 0

    # ---- choosing ------------------------------------------------------------

    @on(OptionList.OptionSelected, "#portfolio")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        if not chosen:
            return
        if self.area_id is None:
            self.area_id = chosen
            self._show()
        else:
            self.app.post_message(messages.OpenEntry(chosen))

    def action_back(self) -> None:
        """From an area's reflections back to the areas; from there, away."""
        if self.area_id is None:
            self.app.pop_screen()
            return
        left, self.area_id = self.area_id, None
        self._show()
        options = self.query_one("#portfolio", OptionList)
        ids = [o.id for o in options.options]
        if left in ids:
            options.highlighted = ids.index(left)

    def action_year(self) -> None:
        framework = self.framework.id if self.framework else None
        self.app.post_message(messages.ShowYearReview(framework_id=framework))

    def action_framework(self) -> None:
        """The next framework by id (the worker's choice for this visit)."""
        found = sorted(self.app.frameworks.frameworks)
        if len(found) < 2 or self.framework is None:
            return
        self.framework_id = found[(found.index(self.framework.id) + 1) % len(found)]
        self.area_id = None
        self.fill()
        options = self.query_one("#portfolio", OptionList)
        options.highlighted = 1 if options.option_count > 1 else None


def _area_prompt(area: AreaSummary) -> Text:
    """An area in the list: its title, how many and when, its latest lines;
    or, with nothing yet, the invitation."""
    prompt = words(area.area.title, style="bold")
    if not area.count:
        prompt.append(f"\n  {summary.NOTHING_YET}", style="dim italic")
        return prompt
    prompt.append(f"\n  {summary.area_line(area)}")
    for line in summary.latest_lines(area):
        prompt.append("\n  ")
        prompt.append_text(words(f"\u201c{line}\u201d", style="italic"))
    if stand_in := summary.stand_in(area):
        prompt.append("\n  ")
        prompt.append_text(words(stand_in, style="italic"))
    return prompt
