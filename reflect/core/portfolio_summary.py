"""The portfolio as a worker reads it: which framework, the bars, the lines.

`journal.portfolio.view` says what is linked to each area; this turns that
into what `reflect portfolio` prints and the portfolio screen shows, so the
two say the same thing in the same words. Nothing here is a score: a domain's
bar only counts the areas that have at least one reflection, and an area with
nothing yet is an invitation, never a gap to close.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reflect.core.clock import local_display
from reflect.core.errors import ReflectError
from reflect.core.frameworks import Domain, Framework, FrameworkLibrary
from reflect.core.portfolio import AreaSummary, PortfolioView

PREFERRED = "hee-mhpsw-2020"
"""The framework reflect ships: the one shown when there are several and
the worker has not named one."""

NO_FRAMEWORK = (
    "No competence framework found. A framework file in your config folder's "
    "frameworks/ (or your organisation's) gives the portfolio its areas."
)

NOTHING_YET = "Nothing linked yet"
"""Said under an area with no reflection: short, because a new portfolio
has dozens of them and the same sentence under each read as a wall."""

INVITATION = (
    "Nothing linked yet. A reflection on a time this came up in your work "
    "could show it."
)
"""Said once (an empty area opened, or under the whole list): generic and
kind, never a deficit."""

LINES_SHOWN = 2
"""How many of the latest "what this shows" lines each area shows."""

FILLED, EMPTY = "▇", "▁"
BAR_WIDTH = 10
"""A domain with more areas than this is drawn to scale in this many cells."""


class NoFramework(ReflectError):
    """No framework in any layer: the portfolio has nothing to lay out."""


def choose(library: FrameworkLibrary, wanted: str | None = None) -> Framework:
    """The framework to show: the one named, else the only one, else the
    shipped one if it is there, else the first by id."""
    if wanted is not None:
        return library.get(wanted)
    found = library.frameworks
    if not found:
        raise NoFramework(NO_FRAMEWORK)
    if len(found) == 1:
        return next(iter(found.values()))
    if PREFERRED in found:
        return found[PREFERRED]
    return found[sorted(found)[0]]


@dataclass(frozen=True)
class DomainSummary:
    """One domain's areas as the portfolio shows them, and how many have
    at least one reflection."""

    domain: Domain
    areas: tuple[AreaSummary, ...]

    @property
    def covered(self) -> int:
        return sum(1 for a in self.areas if a.count)

    @property
    def bar(self) -> str:
        """A small picture of `covered` against the domain's areas."""
        return bar(self.covered, len(self.areas))

    @property
    def heading(self) -> str:
        """The bar and its words: `▇▇▇▁▁ 3 of 5 areas`."""
        total = len(self.areas)
        return f"{self.bar} {self.covered} of {total} area{'' if total == 1 else 's'}"


def bar(filled: int, total: int, width: int = BAR_WIDTH) -> str:
    """One cell per area (to scale when there are more than `width`)."""
    if total <= 0:
        return ""
    if total > width:
        filled, total = round(filled * width / total), width
    return FILLED * filled + EMPTY * (total - filled)


def domains(view: PortfolioView) -> list[DomainSummary]:
    """The view's areas grouped by domain, in the framework's order."""
    grouped: dict[str, list[AreaSummary]] = {}
    for summary in view.areas:
        grouped.setdefault(summary.domain.id, []).append(summary)
    return [
        DomainSummary(domain, tuple(grouped.get(domain.id, ())))
        for domain in view.framework.domains
    ]


def count_words(count: int) -> str:
    return f"{count} reflection{'' if count == 1 else 's'}"


def first_last(summary: AreaSummary) -> tuple[str | None, str | None]:
    """When the oldest and the newest linked entries were written (ISO)."""
    if not summary.entries:
        return None, None
    return summary.entries[-1].written, summary.entries[0].written


def when(summary: AreaSummary) -> str:
    """The months the area's reflections span: `Mar 2026`, `Mar–Oct 2026`,
    `Nov 2025 – Feb 2026` (the worker's local months)."""
    first, last = first_last(summary)
    if first is None or last is None:
        return ""
    start, end = local_display(first, "%b %Y"), local_display(last, "%b %Y")
    if start == end:
        return start
    if start[-4:] == end[-4:]:
        return f"{start[:-5]}–{end}"
    return f"{start} – {end}"


def area_line(summary: AreaSummary) -> str:
    """How many reflections and when, or the invitation."""
    if not summary.count:
        return NOTHING_YET
    return f"{count_words(summary.count)}, {when(summary)}"


def latest_lines(summary: AreaSummary, limit: int = LINES_SHOWN) -> list[str]:
    """The newest "what this shows" lines, as the worker wrote them."""
    return [s.note for s in summary.entries if s.note][:limit]


def stand_in(summary: AreaSummary) -> str:
    """When no linked entry has a line: the newest one's title, so the area
    still says what shows it (empty when nothing is linked, or lines exist)."""
    if not summary.entries or latest_lines(summary, 1):
        return ""
    return f"Latest: {summary.entries[0].title or 'Untitled'}"


def unknown_words(view: PortfolioView) -> str:
    """What is said of links to areas the framework no longer has."""
    count = len(view.unknown)
    if not count:
        return ""
    links = "1 link names an area" if count == 1 else f"{count} links name areas"
    kept = "it is" if count == 1 else "they are"
    return (
        f"{links} {view.framework.id} no longer has; {kept} kept "
        "(reflect show ID lists an entry's links)."
    )


def _day(written: str | None) -> str | None:
    return local_display(written, "%Y-%m-%d") if written else None


def as_json(view: PortfolioView) -> dict[str, Any]:
    """The portfolio for scripts: a stable shape, every area included."""
    framework = view.framework
    areas = []
    for summary in view.areas:
        first, last = first_last(summary)
        areas.append(
            {
                "id": summary.area.id,
                "title": summary.area.title,
                "domain": summary.domain.id,
                "count": summary.count,
                "first": _day(first),
                "last": _day(last),
                "notes": [s.note for s in summary.entries if s.note],
                "entries": [s.entry_id for s in summary.entries],
            }
        )
    return {
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "version": framework.version,
        },
        "since": view.since.isoformat() if view.since else None,
        "domains": [
            {
                "id": d.domain.id,
                "title": d.domain.title,
                "areas": len(d.areas),
                "covered": d.covered,
            }
            for d in domains(view)
        ],
        "areas": areas,
        "unknown": [
            {"entry_id": link.entry_id, "area": link.area, "note": link.note}
            for link in view.unknown
        ],
    }
