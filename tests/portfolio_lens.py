"""A small framework and a journal's worth of links to it, for the portfolio's
tests in core, the CLI and the app: the same numbers everywhere.

Two domains, five areas. Once seeded: lived experience 2 reflections
(Nov 2025 – Feb 2026), mutuality 1 (Feb 2026), hope 0 (its one entry is in
the trash), self-care 2 (Jan–Feb 2026), using supervision 1 (Feb 2026, no
line, so its title stands in). One link names an area the framework no
longer has. One note is linked to nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from reflect.core.frameworks import Area, Domain, Framework, FrameworkLibrary
from reflect.core.journal import Journal
from tests.conftest import FixedClock

LENS = Framework(
    id="lens",
    version=1,
    title="A lens for peer work",
    source="Made up for the tests",
    licence="ours",
    domains=(
        Domain(
            "values",
            "Values in practice",
            (
                Area("lived-experience", "Drawing on lived experience", "Using it"),
                Area("mutuality", "Mutuality", "Working alongside"),
                Area("hope", "Hope", "Holding hope"),
            ),
        ),
        Domain(
            "care",
            "Looking after yourself",
            (
                Area("self-care", "Self-care", "Own wellbeing"),
                Area("using-supervision", "Using supervision", "Bringing things"),
            ),
        ),
    ),
)

OLDER = replace(
    LENS,
    domains=(
        *LENS.domains,
        Domain("old", "Gone", (Area("boundaries", "Boundaries", "Gone now"),)),
    ),
)
"""The same framework as it was before an area was taken out."""

LIBRARY = FrameworkLibrary({LENS.id: LENS})


def at(clock: FixedClock, year: int, month: int, day: int) -> None:
    """The next entry is written on this day (the clock ticks a minute on)."""
    clock.moment = datetime(year, month, day, 10, 0, tzinfo=UTC)


def seed(journal: Journal, clock: FixedClock) -> dict[str, str]:
    """The entries and links the module docstring counts; their ids by title."""
    link = journal.portfolio.link
    ids: dict[str, str] = {}

    def note(title: str, year: int, month: int, day: int) -> str:
        at(clock, year, month, day)
        ids[title] = journal.notes.add(f"{title}\nWhat happened, in a few lines.").id
        return ids[title]

    story = note("Sharing my story at group", 2025, 11, 12)
    link(story, LENS, "lived-experience", "Chose what to share, and why")
    walk = note("A walk before the shift", 2026, 1, 8)
    link(walk, LENS, "self-care", "Took a break before I needed one")
    talk = note("Talking it through with Jo", 2026, 2, 3)
    link(talk, LENS, "using-supervision")
    link(talk, LENS, "self-care", "Said when I was tired")
    side = note("Side by side", 2026, 2, 20)
    link(side, LENS, "lived-experience", "Listened first, shared later")
    link(side, LENS, "mutuality", "We planned the visit together")
    link(side, OLDER, "boundaries", "Kept to what we agreed")
    gone = note("A draft thought I set aside", 2026, 2, 25)
    link(gone, LENS, "hope", "Held on to hope")
    journal.entries.delete(gone)
    note("Shopping list for the drop-in", 2026, 2, 27)
    at(clock, 2026, 3, 2)
    return ids
