"""An agenda the worker leads: what they most want at the top, each thing
said once, functions only where the worker (or the nature of the thing)
says, and the time set against the agreement's session length.

Each journal is built in the test: an agreement, a recorded session, what
came after it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from reflect.core import agenda, supervision
from reflect.core.export.agenda import agenda_markdown
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish
from reflect.core.templates import Library, load_library, shipped_dir
from tests.conftest import FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")

SESSION = date(2026, 3, 10)
AFTER = date(2026, 3, 12)
TODAY = date(2026, 3, 20)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([shipped_dir()])


@pytest.fixture(scope="module")
def check_in(library: Library) -> Template:
    return library.get("wellbeing")


def at(clock: FixedClock, day: date, hour: int = 12) -> FixedClock:
    clock.moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return clock


def prepare_entry(journal: Journal, pack: Template, answers: dict[str, str]) -> None:
    entry_id = journal.reflections.start(pack)
    for position, step in enumerate(pack.steps):
        if step.id in answers:
            journal.reflections.save_answer(entry_id, step, position, answers[step.id])
    journal.reflections.finish(entry_id, Finish(title="Getting ready"))


def month(
    journal: Journal, clock: FixedClock, check_in: Template, *, minutes: int = 60
) -> supervision.Session:
    """An agreement, a session with two actions, then a fortnight after it."""
    journal.supervision.save_agreement(
        supervision.Agreement(supervisor="Sam", type="line", minutes=minutes)
    )
    at(clock, SESSION, 10)
    session = journal.supervision.record_session(
        supervision.Session(id="", day=SESSION),
        [
            ("Read the lone-working policy", "me", date(2026, 3, 15)),
            ("Ask about the debrief", "Sam", None),
        ],
    )
    for day, energy, note in ((AFTER, 4, "Slept badly"), (date(2026, 3, 14), 2, "")):
        at(clock, day, 18)
        journal.checkins.save(check_in, {"energy": energy}, note=note, bring=True)
    at(clock, date(2026, 3, 16))
    journal.notes.add("Held a boundary", for_supervision=True, ask="Was I too firm?")
    journal.supervision.add_action("Book the training day")
    at(clock, TODAY, 8)
    return session


# ---- said once -----------------------------------------------------------


def test_each_action_and_each_checkin_appears_exactly_once(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    month(journal, clock, check_in)
    offered = journal.agenda.candidates(check_in)
    promoted = next(i for i in offered if i.title.startswith("Book the training"))
    slept = next(i for i in offered if i.note == "Slept badly")
    wellbeing = next(i for i in offered if i.kind == "wellbeing")
    # The worker's choice: wellbeing, one check-in and one action as items.
    journal.agenda.save_preparation(
        agenda.Preparation(items=(wellbeing, slept, promoted))
    )
    built = journal.agenda.gather(check_in)
    markdown = agenda_markdown(built)

    for action in journal.supervision.actions():
        assert markdown.count(action.text) == 1, action.text
    assert "- Open: brought as item 3" in markdown  # in the checklist, by number
    assert "Read the lone-working policy (me, by 15 March 2026, overdue)" in markdown
    # The check-in chosen as an item is said there; the other, under wellbeing.
    assert markdown.count("Slept badly") == 1
    assert markdown.count("14 March 2026") == 1
    assert markdown.count("Check-in on 12 Mar") == 1
    # How I have been: the trend once (its section), the item once.
    assert markdown.count("Energy went from 4 to 2 (running low)") == 1
    assert markdown.count(agenda.WELLBEING_TITLE) == 1
    assert "2 check-ins since the last session on 10 March 2026:" in markdown


def test_the_wellbeing_words_match_one_two_or_many_checkins(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    journal.supervision.save_agreement(supervision.Agreement())
    said = []
    for day, energy in ((2, 4), (3, 2), (4, 1), (5, 2)):
        at(clock, date(2026, 3, day), 18)
        journal.checkins.save(check_in, {"energy": energy})
        markdown = agenda_markdown(journal.agenda.gather(check_in))
        start = markdown.index("## Wellbeing since last time")
        said.append(markdown[start:].split("\n\n")[1:3])
    assert said[0] == [
        "One check-in so far (no session recorded yet):",
        "- Energy 4 (fairly topped up)",
    ]
    assert said[1] == [
        "2 check-ins so far (no session recorded yet):",
        "- Energy went from 4 to 2 (running low)",
    ]
    assert said[3] == [
        "4 check-ins so far (no session recorded yet):",
        "- Energy went from 4 to 2 (running low), lowest 1",
    ]


# ---- the top -------------------------------------------------------------


def test_the_preparation_answers_come_first_and_typed_words_win(
    journal: Journal, clock: FixedClock, check_in: Template, library: Library
) -> None:
    pack = library.get("prepare")
    at(clock, date(2026, 3, 1))
    prepare_entry(journal, pack, {"want": "An old wish", "short": "An old short"})
    month(journal, clock, check_in)
    at(clock, date(2026, 3, 18))
    prepare_entry(
        journal,
        pack,
        {"want": "A plan for endings", "short": "The boundary question first"},
    )
    at(clock, TODAY)
    markdown = agenda_markdown(journal.agenda.gather(check_in))
    top = markdown[: markdown.index("## What I'm bringing")]
    assert "**What I most want from today:** A plan for endings" in top
    assert "**If time runs short:** The boundary question first" in top
    for words in ("A plan for endings", "The boundary question first"):
        assert markdown.count(words) == 1
    assert "An old wish" not in markdown  # written before the last session
    # What the worker typed at the top is theirs: the privacy scan reads it.
    found = agenda.agenda_findings(journal.agenda.gather(check_in), ["endings"])
    assert [f.where for f in found] == ["What I most want from today"]

    # Typed on the prepare screen wins, one line at a time.
    journal.agenda.save_preparation(
        agenda.Preparation(extra={"short": "Whatever helps most"})
    )
    built = journal.agenda.gather(check_in)
    assert built.top == (
        ("want", "A plan for endings"),
        ("short", "Whatever helps most"),
    )

    # The session led from it keeps both lines with its preparation.
    prep = journal.agenda.saved_preparation()
    journal.agenda.record_session(supervision.Session(id="", day=TODAY), [], prep)
    [(data,)] = journal.store.conn.execute(
        "SELECT data FROM preparations WHERE used_by IS NOT NULL"
    ).fetchall()
    assert json.loads(data)["extra"] == {
        "want": "A plan for endings",
        "short": "Whatever helps most",
    }
    assert journal.agenda.top_lines(agenda.Preparation()) == {"want": "", "short": ""}


def test_co_reflection_prepares_with_its_own_pack(
    journal: Journal, clock: FixedClock, check_in: Template, library: Library
) -> None:
    journal.supervision.save_agreement(supervision.Agreement(type="co-reflection"))
    prepare_entry(journal, library.get("co-reflection"), {"what": "A home visit"})
    assert journal.agenda.top_lines(agenda.Preparation()) == {
        "want": "A home visit",
        "short": "",
    }


# ---- functions and time --------------------------------------------------


def test_actions_have_no_function_until_chosen_wellbeing_and_checkins_restorative(
    journal: Journal, clock: FixedClock, check_in: Template, library: Library
) -> None:
    month(journal, clock, check_in)
    tagged = journal.reflections.start(library.get("gibbs"))
    journal.reflections.finish(
        tagged, Finish(title="Tagged", functions=("formative",), for_supervision=True)
    )
    functions = {
        (i.kind, i.title): i.function for i in journal.agenda.candidates(check_in)
    }
    assert {k: f for k, f in functions.items() if k[0] == "action"} == {
        ("action", "Read the lone-working policy (by 2026-03-15)"): "",
        ("action", "Ask about the debrief"): "",
        ("action", "Book the training day"): "",
    }
    assert functions[("wellbeing", agenda.WELLBEING_TITLE)] == "restorative"
    assert functions[("checkin", "Check-in on 12 Mar")] == "restorative"
    assert functions[("entry", "Held a boundary")] == ""  # nothing tagged
    assert functions[("entry", "Tagged")] == "formative"  # as the worker tagged it


def test_total_minutes_are_the_items_against_the_agreements_length(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    month(journal, clock, check_in, minutes=90)
    prep = journal.agenda.save_preparation(journal.agenda.default_preparation(check_in))
    built = journal.agenda.gather(check_in)
    assert built.total_minutes == sum(b.item.minutes for b in built.items) == 30
    assert built.available_minutes == 90  # the agreement's, not a default
    markdown = agenda_markdown(built)
    assert "30 of 90 minutes, 60 to spare." in markdown
    # Nothing is formative or normative yet: an invitation each, in words.
    assert "Nothing here is about learning yet" in markdown
    assert "Nothing here is about how the work is done yet" in markdown
    assert "Nothing here is about how you are yet" not in markdown

    # Set on the prepare screen, the worker's time wins.
    saved = journal.agenda.save_preparation(replace(prep, minutes_available=45))
    assert journal.agenda.saved_preparation() == saved
    assert "30 of 45 minutes" in agenda_markdown(journal.agenda.gather(check_in))


# ---- sections a supervisor expects ---------------------------------------


def test_optional_sections_show_only_with_words_and_the_review_every_sixth(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    markdown = agenda_markdown(journal.agenda.gather(check_in))
    assert "## Team and organisation" not in markdown
    assert "## How is supervision going for us?" not in markdown
    assert "## Agreed today" in markdown  # a place to write, always
    journal.agenda.save_preparation(
        agenda.Preparation(extra={"learning": "The peer trainer course"})
    )
    for day in range(1, 6):  # five recorded: the coming one is the sixth
        journal.supervision.record_session(
            supervision.Session(id="", day=date(2026, 1, day)), []
        )
    markdown = agenda_markdown(journal.agenda.gather(check_in))
    assert "## Learning and development\n\nThe peer trainer course" in markdown
    assert "## How is supervision going for us?\n\nThis will be session 6" in markdown
