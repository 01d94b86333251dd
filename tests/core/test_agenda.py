"""Agenda core: what comes forward since the last session, coverage and time.

The boundary is the last recorded session's day: anything from that day or
before was for that session; open actions come forward whatever their age.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reflect.core import agenda, supervision
from reflect.core import checkins as wellbeing
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")


SESSION = date(2026, 3, 10)
BEFORE = date(2026, 3, 5)
AFTER = date(2026, 3, 12)


@pytest.fixture(scope="module")
def check_in() -> Template:
    return load_library([shipped_dir()]).get("wellbeing")


def on(clock: FixedClock, day: date, hour: int = 12) -> FixedClock:
    clock.moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return clock


def flagged(journal: Journal, clock: FixedClock, day: date, text: str) -> str:
    on(clock, day)
    return journal.add_note(text, for_supervision=True, ask=f"help with {text}").id


def check(
    journal: Journal,
    template: Template,
    clock: FixedClock,
    day: date,
    bring: bool = False,
    **scores: int,
) -> wellbeing.CheckIn:
    then = Journal(journal.store, on(clock, day))
    return then.checkins.save(template, scores, bring=bring)


def session_on(journal: Journal, clock: FixedClock, day: date) -> None:
    supervision.record_session(
        journal.store, supervision.Session(id="", day=day), [], now=clock
    )


def refs(items: list[agenda.AgendaItem], kind: str) -> list[str | None]:
    return [item.ref for item in items if item.kind == kind]


# ---- candidates ----------------------------------------------------------


def test_flagged_reflections_come_forward_only_after_the_last_session(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    old = flagged(journal, clock, BEFORE, "old")
    same_day = flagged(journal, clock, SESSION, "same day")
    new = flagged(journal, clock, AFTER, "new")
    on(clock, AFTER)
    journal.add_note("not flagged")
    assert refs(agenda.candidates(journal.store, None, now=clock), "entry") == [
        old,
        same_day,
        new,
    ]  # no session yet: everything flagged

    session_on(journal, clock, SESSION)
    items = agenda.candidates(journal.store, check_in, now=clock)
    assert refs(items, "entry") == [new]
    [item] = [i for i in items if i.kind == "entry"]
    assert (item.title, item.ask, item.minutes) == ("new", "help with new", 15)


def test_checkins_marked_bring_and_the_trend_cover_only_since_the_session(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    check(journal, check_in, clock, BEFORE, energy=1, bring=True)
    check(journal, check_in, clock, SESSION, energy=2, bring=True)
    check(journal, check_in, clock, date(2026, 3, 11), energy=4)
    later = check(journal, check_in, clock, AFTER, energy=5, bring=True)
    session_on(journal, clock, SESSION)

    items = agenda.candidates(journal.store, check_in, now=clock)
    assert refs(items, "checkin") == [later.id]
    [trend] = [i for i in items if i.kind == "wellbeing"]
    assert trend.title == "How I have been since last time"
    assert "Energy: up from 4 to 5" in trend.ask  # not from 1 or 2: came before
    assert trend.function == "restorative"
    assert agenda.candidates(journal.store, None, now=clock) == []  # no pack


def test_no_checkins_since_the_session_means_no_wellbeing_line(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    check(journal, check_in, clock, BEFORE, energy=1, bring=True)
    session_on(journal, clock, SESSION)
    assert agenda.candidates(journal.store, check_in, now=clock) == []


def test_open_actions_carry_forward_until_done_and_return_when_reopened(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    old = supervision.add_action(
        journal.store, "Ask about rota", now=on(clock, BEFORE), due=date(2026, 4, 1)
    )
    session_on(journal, clock, SESSION)

    [item] = agenda.candidates(journal.store, check_in, now=clock)
    assert (item.kind, item.ref, item.title) == (
        "action",
        old.id,
        "Ask about rota (by 2026-04-01)",
    )
    assert (item.function, item.minutes) == ("normative", 5)

    supervision.set_action_status(journal.store, old.id, True, now=clock)
    assert agenda.candidates(journal.store, check_in, now=clock) == []
    supervision.set_action_status(journal.store, old.id, False, now=clock)
    assert refs(agenda.candidates(journal.store, check_in, now=clock), "action") == [
        old.id
    ]


def test_default_preparation_orders_wellbeing_actions_then_reflections(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    flagged(journal, clock, AFTER, "a reflection")
    check(journal, check_in, clock, AFTER, energy=3, bring=True)
    supervision.add_action(journal.store, "An action", now=clock)
    prep = agenda.default_preparation(journal.store, check_in, now=clock, available=45)
    assert [i.kind for i in prep.items] == ["wellbeing", "action", "entry", "checkin"]
    assert prep.minutes_available == 45 and prep.id is None


def test_starting_preparation_picks_wellbeing_and_last_sessions_actions(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    supervision.add_action(journal.store, "By hand", now=on(clock, BEFORE))
    flagged(journal, clock, AFTER, "a reflection")
    check(journal, check_in, clock, AFTER, energy=3)
    saved = supervision.record_session(
        journal.store,
        supervision.Session(id="", day=SESSION),
        [("From the session", "me", None)],
        now=clock,
    )
    prep = agenda.starting_preparation(journal.store, check_in, now=clock)
    assert [(i.kind, i.ref) for i in prep.items] == [
        ("wellbeing", None),
        ("action", saved.actions[0]),
    ]


# ---- coverage and time ---------------------------------------------------


def item(function: str, minutes: int) -> agenda.AgendaItem:
    return agenda.AgendaItem(kind="free", title="x", minutes=minutes, function=function)


def test_coverage_names_what_is_covered_and_missing_in_a_fixed_order() -> None:
    prep = agenda.Preparation(
        minutes_available=60,
        items=(item("restorative", 20), item("", 5), item("restorative", 10)),
    )
    found = agenda.coverage(prep)
    assert found.covered == ("restorative",)
    assert found.missing == ("normative", "formative")
    assert (found.total, found.available, found.over) == (35, 60, 0)
    assert found.words() == (
        "35 of 60 minutes. Nothing on the agenda is normative or formative yet."
    )


def test_coverage_over_time_and_all_three_functions() -> None:
    prep = agenda.Preparation(
        minutes_available=30,
        items=(item("formative", 15), item("normative", 10), item("restorative", 10)),
    )
    found = agenda.coverage(prep)
    assert found.missing == () and found.over == 5
    assert found.words() == (
        "35 of 30 minutes (5 over). All three supervision functions are covered."
    )
    empty = agenda.coverage(agenda.Preparation(minutes_available=60))
    assert (empty.total, empty.over, empty.covered) == (0, 0, ())
    assert empty.words() == ("0 of 60 minutes. No item has a supervision function yet.")


# ---- saved preparation ---------------------------------------------------


def test_a_preparation_round_trips_until_a_session_uses_it(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    assert agenda.load_preparation(journal.store) is None
    prep = agenda.Preparation(
        minutes_available=50,
        items=(
            agenda.AgendaItem(
                "entry",
                "A reflection",
                "e1",
                "What I want",
                20,
                "formative",
                include_text=True,
            ),
            item("normative", 5),
        ),  # fmt: skip
        extra={"avoiding": "the rota"},
    )
    saved = agenda.save_preparation(journal.store, prep, now=clock)
    assert saved.id is not None
    assert agenda.load_preparation(journal.store) == saved

    reordered = agenda.save_preparation(
        journal.store,
        agenda.Preparation(saved.id, 50, agenda.move(saved.items, 1, -1)),
        now=clock,
    )
    assert reordered.id == saved.id  # saved again: still the one preparation
    assert agenda.load_preparation(journal.store) == reordered
    assert agenda.current_or_default(journal.store, check_in, now=clock) == reordered

    agenda.mark_used(journal.store, saved.id, "session-1")
    assert agenda.load_preparation(journal.store) is None
    assert agenda.current_or_default(journal.store, check_in, now=clock).id is None


def test_move_swaps_neighbours_and_ignores_moves_off_either_end() -> None:
    a, b, c = (item(f, 5) for f in ("normative", "formative", "restorative"))
    assert agenda.move([a, b, c], 1, -1) == (b, a, c)
    assert agenda.move([a, b, c], 1, 1) == (a, c, b)
    assert agenda.move([a, b, c], 0, -1) == (a, b, c)
    assert agenda.move([a, b, c], 2, 1) == (a, b, c)
    assert agenda.move([a, b, c], 5, -1) == (a, b, c)
    assert agenda.move([], 0, 1) == ()
