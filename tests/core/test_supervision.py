"""Supervision core: the agreement and its words, actions, session records.

Real encrypted journals throughout, so what is tested is what is stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reflect.core import settings
from reflect.core import supervision as core
from reflect.core.errors import NotFound, ReflectError
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import FixedClock

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def quick() -> Template:
    return load_library([shipped_dir()]).get("quick")


def agreement(**fields: object) -> core.Agreement:
    base: dict[str, object] = {
        "supervisor": "Sam",
        "type": "peer",
        "every_days": 28,
        "name": "Sam",  # saving names an agreement after its supervisor
    }
    return core.Agreement(**{**base, **fields})  # type: ignore[arg-type]


# ---- agreement -----------------------------------------------------------


def test_no_agreement_until_one_is_saved_then_it_round_trips(
    journal: Journal,
) -> None:
    assert journal.supervision.agreement() is None
    saved = agreement(type="co-reflection", every_days=14, next_date=date(2026, 4, 1))
    journal.supervision.save_agreement(saved)
    assert journal.supervision.agreement() == saved
    journal.supervision.save_agreement(agreement(next_date=None))
    assert journal.supervision.agreement() == agreement(next_date=None)


@pytest.mark.parametrize(
    "stored",
    [["Sam", 28], "Sam", {"every_days": "monthly"}],
    ids=["a list", "a string", "words for days"],
)
def test_a_damaged_agreement_reads_as_none_so_home_still_opens(
    journal: Journal, stored: object
) -> None:
    settings.write(journal.store, {"agreement": stored})
    assert journal.supervision.agreement() is None


@pytest.mark.parametrize(
    "bad",
    [{"type": "weekly"}, {"every_days": 0}, {"every_days": 367}],
    ids=["type", "zero days", "367 days"],
)
def test_save_agreement_refuses_bad_values_and_keeps_the_old_one(
    journal: Journal, bad: dict[str, object]
) -> None:
    kept = agreement(next_date=date(2026, 4, 1))
    journal.supervision.save_agreement(kept)
    with pytest.raises(ReflectError):
        journal.supervision.save_agreement(agreement(**bad))
    assert journal.supervision.agreement() == kept


@pytest.mark.parametrize(
    ("next_date", "days", "words"),
    [
        (date(2026, 3, 15), 5, "Next supervision with Sam in 5 days."),
        (date(2026, 3, 11), 1, "Next supervision with Sam tomorrow."),
        (date(2026, 3, 10), 0, "Supervision with Sam is today."),
        (
            date(2026, 3, 9),
            -1,
            "Supervision with Sam is overdue by 1 day. It may be worth booking it.",
        ),
        (
            date(2026, 2, 24),
            -14,
            "Supervision with Sam is overdue by 14 days. It may be worth booking it.",
        ),
        (None, None, "No date set for the next supervision."),
    ],
    ids=["future", "tomorrow", "today", "overdue 1", "overdue 14", "no date"],
)
def test_days_to_next_and_the_words_for_it(
    next_date: date | None, days: int | None, words: str
) -> None:
    chosen = agreement(next_date=next_date)
    assert core.days_to_next(chosen, TODAY) == days
    assert core.next_session_words(chosen, TODAY) == words


def test_the_words_without_an_agreement_or_a_supervisor_name() -> None:
    assert core.days_to_next(None, TODAY) is None
    assert core.next_session_words(None, TODAY).startswith(
        "No supervision agreement yet"
    )
    unnamed = agreement(supervisor="", next_date=date(2026, 3, 13))
    assert core.next_session_words(unnamed, TODAY) == "Next supervision in 3 days."


def test_parse_day_refuses_impossible_dates_in_one_plain_sentence() -> None:
    assert core.parse_day(" 2026-04-01 ") == date(2026, 4, 1)
    for text in ("2026-13-01", "2026-02-30", "next week", ""):
        with pytest.raises(ReflectError, match="YYYY-MM-DD"):
            core.parse_day(text)


# ---- actions -------------------------------------------------------------


def test_actions_are_found_by_a_unique_prefix_and_closed_and_reopened(
    journal: Journal, clock: FixedClock
) -> None:
    added = journal.supervision.add_action("  Ask about the rota  ", owner="supervisor")
    assert (added.text, added.owner, added.status) == (
        "Ask about the rota",
        "supervisor",
        "open",
    )
    assert (added.source, added.due, added.done_at) == ("manual", None, None)
    assert journal.supervision.action(added.id[:6].upper()) == added

    closed = journal.supervision.set_action_done(added.id[:6], True)
    assert closed.status == "done" and closed.done_at is not None
    assert journal.supervision.actions(open_only=True) == []

    reopened = journal.supervision.set_action_done(added.id, False)
    assert reopened.status == "open" and reopened.done_at is None
    assert journal.supervision.actions(open_only=True) == [reopened]


def test_unknown_empty_and_ambiguous_prefixes_are_refused(
    journal: Journal, clock: FixedClock
) -> None:
    for text in ("one", "two"):
        journal.supervision.add_action(text)
    with journal.store.write():  # give both ids the same start
        for n, (action_id,) in enumerate(
            journal.store.conn.execute(
                "SELECT id FROM actions ORDER BY text"
            ).fetchall()
        ):
            journal.store.conn.execute(
                "UPDATE actions SET id = ? WHERE id = ?", [f"abc{n}-x", action_id]
            )
    with pytest.raises(NotFound):
        journal.supervision.action("zzz")
    with pytest.raises(NotFound):
        journal.supervision.action("  ")
    with pytest.raises(ReflectError, match="more than one"):
        journal.supervision.set_action_done("abc", True)
    assert journal.supervision.action("abc1").text == "two"
    assert [a.status for a in journal.supervision.actions()] == ["open", "open"]
    with pytest.raises(ReflectError):
        journal.supervision.add_action("   ")


def test_list_actions_puts_open_first_by_due_then_done_newest_first(
    journal: Journal, clock: FixedClock
) -> None:
    def add(text: str, due: date | None = None) -> str:
        return journal.supervision.add_action(text, due=due).id

    undated = add("undated")
    late = add("late", date(2026, 5, 1))
    soon = add("soon", date(2026, 4, 1))
    first_done = add("first done", date(2026, 1, 1))
    second_done = add("second done", date(2027, 1, 1))
    journal.supervision.set_action_done(first_done, True)
    journal.supervision.set_action_done(second_done, True)

    order = [a.id for a in journal.supervision.actions()]
    assert order == [soon, late, undated, second_done, first_done]


@pytest.mark.parametrize(
    ("line", "text", "due"),
    [
        ("Call the team lead (by 2026-12-05)", "Call the team lead", date(2026, 12, 5)),
        ("Read the policy (DUE 2026-04-01) ", "Read the policy", date(2026, 4, 1)),
        ("Read the policy", "Read the policy", None),
        ("Bad date (by 2026-02-30)", "Bad date (by 2026-02-30)", None),
        ("(by 2026-04-01) not at the end", "(by 2026-04-01) not at the end", None),
    ],
)
def test_split_due_takes_a_date_only_from_the_end(
    line: str, text: str, due: date | None
) -> None:
    assert core.split_due(line) == (text, due)


def test_a_finished_reflections_action_step_makes_actions_once(
    journal: Journal, quick: Template
) -> None:
    entry_id = journal.reflections.start(quick)
    steps = {step.id: (n, step) for n, step in enumerate(quick.steps)}
    journal.reflections.save_answer(
        entry_id, steps["what"][1], 0, "A hard conversation."
    )
    position, step = steps["next"]
    assert step.input == "action"
    lines = "- Ask about boundaries (by 2026-04-01)\n\n* Read the lone-working policy"
    journal.reflections.save_answer(entry_id, step, position, lines)

    journal.reflections.finish(entry_id, Finish(title="Hard conversation"))
    journal.reflections.finish(entry_id, Finish(title="Finished again"))

    made = journal.supervision.actions()
    assert [(a.text, a.due) for a in made] == [
        ("Ask about boundaries", date(2026, 4, 1)),
        ("Read the lone-working policy", None),
    ]
    assert {(a.source, a.source_id, a.status) for a in made} == {
        ("entry", entry_id, "open")
    }


# ---- sessions ------------------------------------------------------------


def test_record_session_makes_open_session_actions_and_moves_the_next_date(
    journal: Journal, clock: FixedClock
) -> None:
    journal.supervision.save_agreement(agreement(next_date=date(2026, 3, 2)))
    session = core.Session(
        id="",
        day=date(2026, 3, 2),
        start="10:00",
        end="11:00",
        items=(core.SessionItem("Boundaries", "De-identified summary", "Try X"),),
        decisions="Keep going",
        next_date=date(2026, 3, 30),
    )
    new = [
        ("Book the training", "me", date(2026, 3, 20)),
        ("Check the policy", "supervisor", None),
        ("   ", "me", None),  # blank: skipped
    ]
    saved = journal.supervision.record_session(session, new)

    assert saved.id and saved.items == session.items and saved.decisions == "Keep going"
    made = journal.supervision.actions(open_only=True)
    assert [(a.text, a.owner, a.due) for a in made] == [
        (w, o, d) for w, o, d in new[:2]
    ]
    assert {(a.source, a.source_id) for a in made} == {("session", saved.id)}
    assert set(saved.actions) == {a.id for a in made}
    loaded = journal.supervision.agreement()
    assert loaded is not None and loaded.next_date == date(2026, 3, 30)
    assert loaded.supervisor == "Sam"  # only the date moved

    assert journal.supervision.session(saved.id) == saved
    assert journal.supervision.sessions() == [saved]
    assert journal.supervision.last_session_day() == date(2026, 3, 2)


def test_record_session_is_all_or_nothing_and_keeps_later_sessions_last(
    journal: Journal, clock: FixedClock
) -> None:
    assert journal.supervision.last_session_day() is None
    with pytest.raises(ReflectError):
        journal.supervision.record_session(
            core.Session(id="", day=date(2026, 3, 2), type="weekly"),
            [("An action", "me", None)],
        )
    assert journal.supervision.actions() == [] and journal.supervision.sessions() == []

    for day in (date(2026, 3, 2), date(2026, 2, 1)):
        journal.supervision.record_session(core.Session(id="", day=day), [])
    assert journal.supervision.last_session_day() == date(2026, 3, 2)
    assert [s.day for s in journal.supervision.sessions()] == [
        date(2026, 3, 2),
        date(2026, 2, 1),
    ]
    assert journal.supervision.agreement() is None  # no agreement is invented


def test_record_session_gives_back_a_record_made_with_an_id_of_its_own(
    journal: Journal, clock: FixedClock
) -> None:
    """A script may name its record; the id is kept as given, and the record
    saved is the one returned (read by that id, not looked up as a typed
    prefix, which ignores case)."""
    saved = journal.supervision.record_session(
        core.Session(id="Team-March", day=date(2026, 3, 2)), []
    )
    assert saved.id == "Team-March"
    assert [s.id for s in journal.supervision.sessions()] == ["Team-March"]


def test_default_next_follows_the_agreement_or_four_weeks() -> None:
    day = date(2026, 3, 2)
    assert core.default_next(agreement(every_days=14), day) == date(2026, 3, 16)
    assert core.default_next(None, day) == date(2026, 3, 30)


def test_stored_times_come_from_the_injected_clock(journal: Journal) -> None:
    def at() -> datetime:
        return datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

    journal.now = at
    added = journal.supervision.add_action("Something")
    assert added.created_at == "2026-03-02T09:30:00.000000+00:00"
