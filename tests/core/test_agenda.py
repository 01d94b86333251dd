"""Agenda core: what comes forward since the last session, coverage and time.

Check-ins count from the moment the last session record was saved. A flagged
entry comes forward until it is brought to a recorded session, whenever it
was written or flagged; open actions come forward whatever their age.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from reflect.core import agenda, supervision
from reflect.core import checkins as wellbeing
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish
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
    return journal.notes.add(text, for_supervision=True, ask=f"help with {text}").id


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


def session_on(journal: Journal, clock: FixedClock, day: date, hour: int = 12) -> None:
    """A session recorded on `day`, the record saved at `hour` that day."""
    Journal(journal.store, on(clock, day, hour)).supervision.record_session(
        supervision.Session(id="", day=day), []
    )


def refs(items: list[agenda.AgendaItem], kind: str) -> list[str | None]:
    return [item.ref for item in items if item.kind == kind]


# ---- candidates ----------------------------------------------------------


def test_flagged_reflections_come_forward_until_brought(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    old = flagged(journal, clock, BEFORE, "old")
    same_day = flagged(journal, clock, SESSION, "same day")
    new = flagged(journal, clock, AFTER, "new")
    on(clock, AFTER)
    journal.notes.add("not flagged")
    assert refs(journal.agenda.candidates(None), "entry") == [
        old,
        same_day,
        new,
    ]  # no session yet: everything flagged

    # A session recorded without bringing them (no preparation used it):
    # none of them was talked about, so all still come forward.
    session_on(journal, clock, SESSION)
    items = journal.agenda.candidates(check_in)
    assert refs(items, "entry") == [old, same_day, new]
    item = next(i for i in items if i.ref == new)
    assert (item.title, item.ask, item.minutes) == ("new", "help with new", 15)


def test_an_entry_is_offered_until_a_recorded_session_brings_it(
    journal: Journal, clock: FixedClock
) -> None:
    brought = flagged(journal, clock, BEFORE, "brought")
    on(clock, BEFORE)
    written_before = journal.notes.add("Written before, flagged after").id
    # The session at ten brings the first (its preparation is used).
    on(clock, SESSION, hour=10)
    prep = journal.agenda.save_preparation(journal.agenda.default_preparation(None))
    assert refs(list(prep.items), "entry") == [brought]
    record = journal.supervision.record_session(
        supervision.Session(id="", day=SESSION), []
    )
    journal.agenda.mark_used(prep.id or "", record.id)
    # An hour later, the same day: a new entry flagged, and the earlier one.
    later = flagged(journal, clock, SESSION, "an hour after")
    journal.reflections.save_finish(
        written_before,
        Finish("Written before", for_supervision=True, ask="now I see it"),
        complete=True,
    )
    on(clock, AFTER)
    assert refs(journal.agenda.candidates(None), "entry") == [written_before, later]


def test_checkins_marked_bring_and_the_trend_cover_only_since_the_session(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    check(journal, check_in, clock, BEFORE, energy=1, bring=True)
    check(journal, check_in, clock, SESSION, energy=2, bring=True)  # at noon
    session_on(journal, clock, SESSION, hour=14)
    check(journal, check_in, clock, date(2026, 3, 11), energy=4)
    later = check(journal, check_in, clock, AFTER, energy=5, bring=True)

    items = journal.agenda.candidates(check_in)
    assert refs(items, "checkin") == [later.id]
    [trend] = [i for i in items if i.kind == "wellbeing"]
    assert trend.title == "How I have been since last time"
    # The trend's words are the agenda's wellbeing section, said there once;
    # the item is the time for it, with what the worker wants from it.
    assert (trend.ask, trend.function) == ("", "restorative")
    built = journal.agenda.gather(check_in)
    assert built.wellbeing[0] == "Energy went from 4 to 5 (plenty in the tank)"
    assert journal.agenda.candidates(None) == []  # no pack


def test_a_checkin_saved_after_a_same_day_record_counts_next_time(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    check(journal, check_in, clock, BEFORE, energy=4)
    session_on(journal, clock, SESSION, hour=9)
    # An hour after the record was saved, the same day: it was not talked
    # about, so it belongs to the next agenda.
    Journal(journal.store, on(clock, SESSION, 10)).checkins.save(
        check_in, {"energy": 2}, note="a long afternoon ahead", bring=True
    )
    on(clock, AFTER)
    built = journal.agenda.gather(check_in)
    assert [c.day for c in built.checkins] == [SESSION]
    assert built.wellbeing == ("Energy 2 (running low)",)
    assert built.notes == ((SESSION, "a long afternoon ahead"),)


def test_no_checkins_since_the_session_means_no_wellbeing_line(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    check(journal, check_in, clock, BEFORE, energy=1, bring=True)
    session_on(journal, clock, SESSION)
    assert journal.agenda.candidates(check_in) == []


def test_open_actions_carry_forward_until_done_and_return_when_reopened(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    on(clock, BEFORE)
    old = journal.supervision.add_action("Ask about rota", due=date(2026, 4, 1))
    session_on(journal, clock, SESSION)

    [item] = journal.agenda.candidates(check_in)
    assert (item.kind, item.ref, item.title) == (
        "action",
        old.id,
        "Ask about rota (by 2026-04-01)",
    )
    assert (item.function, item.minutes) == ("", 5)  # none until the worker says

    journal.supervision.set_action_done(old.id, True)
    assert journal.agenda.candidates(check_in) == []
    journal.supervision.set_action_done(old.id, False)
    assert refs(journal.agenda.candidates(check_in), "action") == [old.id]


def test_default_preparation_orders_wellbeing_then_reflections(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    flagged(journal, clock, AFTER, "a reflection")
    check(journal, check_in, clock, AFTER, energy=3, bring=True)
    journal.supervision.add_action("An action")
    prep = journal.agenda.default_preparation(check_in, available=45)
    # The actions are the agenda's checklist, not an item each.
    assert [i.kind for i in prep.items] == ["wellbeing", "entry", "checkin"]
    assert prep.minutes_available == 45 and prep.id is None


def test_starting_preparation_picks_only_how_i_have_been(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    on(clock, BEFORE)
    journal.supervision.add_action("By hand")
    on(clock, SESSION)
    journal.supervision.record_session(
        supervision.Session(id="", day=SESSION),
        [("From the session", "me", None)],
    )
    flagged(journal, clock, AFTER, "a reflection")
    check(journal, check_in, clock, AFTER, energy=3)
    prep = journal.agenda.starting_preparation(check_in)
    # The actions wait in the checklist, the reflection under "could also
    # bring": the worker chooses.
    assert [(i.kind, i.ref) for i in prep.items] == [("wellbeing", None)]


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
    assert found.time_words() == "35 of 60 minutes, 25 to spare."
    assert found.invitations() == [
        agenda.INVITATIONS["normative"],
        agenda.INVITATIONS["formative"],
    ]
    assert "Nothing here is about learning yet" in found.invitations()[1]
    # Words under "Learning and development" are learning: not asked again.
    written = replace(prep, extra={"learning": "Positive risk training"})
    assert agenda.coverage(written).invitations() == [agenda.INVITATIONS["normative"]]


def test_coverage_over_time_and_all_three_functions() -> None:
    prep = agenda.Preparation(
        minutes_available=30,
        items=(item("formative", 15), item("normative", 10), item("restorative", 10)),
    )
    found = agenda.coverage(prep)
    assert found.missing == () and found.over == 5
    assert found.time_words() == (
        "35 of 30 minutes: 5 over, so something may need to wait."
    )
    assert found.invitations() == []  # nothing to invite: all three are there
    empty = agenda.coverage(agenda.Preparation())
    assert (empty.total, empty.over, empty.covered) == (0, 0, ())
    assert empty.time_words() == "0 of 60 minutes, 60 to spare."
    assert len(empty.invitations()) == 3


# ---- saved preparation ---------------------------------------------------


def test_a_preparation_round_trips_until_a_session_uses_it(
    journal: Journal, clock: FixedClock, check_in: Template
) -> None:
    assert journal.agenda.saved_preparation() is None
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
    saved = journal.agenda.save_preparation(prep)
    assert saved.id is not None
    assert journal.agenda.saved_preparation() == saved

    reordered = journal.agenda.save_preparation(
        agenda.Preparation(saved.id, 50, agenda.move(saved.items, 1, -1)),
    )
    assert reordered.id == saved.id  # saved again: still the one preparation
    assert journal.agenda.saved_preparation() == reordered
    assert journal.agenda.current_or_default(check_in) == reordered

    journal.agenda.mark_used(saved.id, "session-1")
    assert journal.agenda.saved_preparation() is None
    assert journal.agenda.current_or_default(check_in).id is None

    # A screen still open on it saves on: a new preparation, the record's kept.
    typed = replace(reordered, extra={"want": "typed after the record"})
    again = journal.agenda.save_preparation(typed)
    assert again.id != saved.id
    assert journal.agenda.saved_preparation() == again
    assert journal.agenda.brought() == {"e1"}  # the used one is as it was


def test_move_swaps_neighbours_and_ignores_moves_off_either_end() -> None:
    a, b, c = (item(f, 5) for f in ("normative", "formative", "restorative"))
    assert agenda.move([a, b, c], 1, -1) == (b, a, c)
    assert agenda.move([a, b, c], 1, 1) == (a, c, b)
    assert agenda.move([a, b, c], 0, -1) == (a, b, c)
    assert agenda.move([a, b, c], 2, 1) == (a, b, c)
    assert agenda.move([a, b, c], 5, -1) == (a, b, c)
    assert agenda.move([], 0, 1) == ()
