"""A fixture year (2025) for the year in review: core and CLI tests share it.

Entries across the months (reflections, quick notes, a draft, one in the
trash, one the year before), one about the worker's own recovery, links to a
framework built here, supervision sessions and actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from reflect.core import supervision
from reflect.core.frameworks import Area, Domain, Framework
from reflect.core.journal import Journal
from reflect.core.reflections import Finish
from reflect.core.templates import Library, load_library, shipped_dir
from tests.conftest import FixedClock

LENS = Framework(
    id="lens",
    version=2,
    title="A test lens",
    source="Made up for a test, 2025",
    licence="Summarised in our own words.",
    domains=(
        Domain(
            "together",
            "Working alongside people",
            (
                Area("mutuality", "Mutuality", "Sharing power"),
                Area("difference", "Difference", "Working across difference"),
            ),
        ),
        Domain(
            "care",
            "Looking after myself",
            (Area("self-care", "Self-care", "Looking after my own wellbeing"),),
        ),
    ),
)


@dataclass(frozen=True)
class Year:
    """The ids a test asks about."""

    handover: str
    team: str
    recovery: str
    breaks: str


def at(clock: FixedClock, day: date, hour: int = 10) -> None:
    clock.moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def reflection(
    journal: Journal,
    library: Library,
    pack: str,
    title: str,
    words: str,
    tags: tuple[str, ...] = (),
) -> str:
    template = library.get(pack)
    entry_id = journal.reflections.start(template)
    journal.reflections.save_answer(entry_id, template.steps[0], 0, words)
    journal.reflections.finish(
        entry_id, Finish(title=title, tags=tags, private_note="Only mine")
    )
    return entry_id


def build_year(journal: Journal, clock: FixedClock) -> Year:
    library = load_library([shipped_dir()])
    at(clock, date(2024, 12, 31))
    journal.notes.add("The year before", tags=("boundaries",))
    at(clock, date(2025, 1, 10))
    handover = reflection(
        journal, library, "gibbs", "A hard handover", "We <b>talked</b> it through",
        ("boundaries",),
    )  # fmt: skip
    journal.supervision.save_agreement(
        supervision.Agreement(supervisor="Sam", type="line", every_days=28)
    )
    at(clock, date(2025, 2, 1))
    journal.supervision.record_session(
        supervision.Session(id="", day=date(2025, 2, 1), type="line"),
        [("Read the lone working policy", "me", None), ("Book training", "me", None)],
    )
    at(clock, date(2025, 3, 3))
    team = reflection(
        journal, library, "role-and-team", "Team meeting", "I spoke up",
        ("team", "boundaries"),
    )  # fmt: skip
    at(clock, date(2025, 3, 20))
    journal.notes.add("A quick thought", tags=("Boundaries",))
    at(clock, date(2025, 4, 2))
    first = journal.supervision.actions()[-1]
    journal.supervision.set_action_done(first.id, True)
    at(clock, date(2025, 5, 1))
    journal.supervision.record_session(
        supervision.Session(id="", day=date(2025, 5, 1), type="line"), []
    )
    at(clock, date(2025, 6, 2))
    recovery = reflection(
        journal, library, "relapse-and-recovery", "My meeting", "Saw someone there",
        ("own-recovery", "worry"),
    )  # fmt: skip
    at(clock, date(2025, 8, 1))
    journal.supervision.record_session(
        supervision.Session(id="", day=date(2025, 8, 1), type="line"), []
    )
    at(clock, date(2025, 9, 9))
    breaks = reflection(
        journal, library, "self-care", "Taking my break", "I took the full hour",
        ("team",),
    )  # fmt: skip
    at(clock, date(2025, 11, 4))
    draft = journal.reflections.start(library.get("gibbs"))
    journal.reflections.save_answer(draft, library.get("gibbs").steps[0], 0, "x")
    at(clock, date(2025, 12, 1))
    gone = journal.notes.add("Put in the trash", tags=("trash-tag",)).id
    journal.entries.delete(gone)
    at(clock, date(2026, 1, 5))
    journal.supervision.record_session(
        supervision.Session(id="", day=date(2026, 1, 5), type="line"), []
    )
    link = journal.portfolio.link
    link(handover, LENS, "mutuality", "Named the power gap")
    link(handover, LENS, "self-care", "Asked for a debrief")
    link(recovery, LENS, "self-care", "Went to my own meeting")
    link(breaks, LENS, "self-care", "Took my break")
    at(clock, date(2026, 2, 1))
    return Year(handover, team, recovery, breaks)
