"""The agenda's actions: open ones, then those done since a moment, read
without every action ever noted (schema step 0014).

The same list the agenda always showed (open by due date, then done newest
first), now chosen in SQL; a worker of many years has thousands of finished
actions, and the agenda must not read them all to show this month's.
"""

from __future__ import annotations

from datetime import date

from reflect.core.journal import Journal
from tests.conftest import FixedClock


def test_done_after_is_the_full_list_filtered(
    journal: Journal, clock: FixedClock
) -> None:
    sup = journal.supervision
    made = [
        sup.add_action(f"Action {n}", due=date(2026, 3, 10 - n) if n % 2 else None)
        for n in range(8)
    ]
    for action in made[:5]:
        sup.set_action_done(action.id, True)
    everything = sup.actions()
    moment = sorted(a.done_at or "" for a in everything if a.done_at)[2]
    expected = [a for a in everything if a.status == "open"] + [
        a for a in everything if a.status == "done" and (a.done_at or "") > moment
    ]
    assert sup.actions(done_after=moment) == expected
    assert len([a for a in expected if a.status == "done"]) == 2
    assert sup.actions(open_only=True) == [a for a in everything if a.status == "open"]


def test_the_done_ones_are_one_range_of_their_index(journal: Journal) -> None:
    plan = " | ".join(
        row[-1]
        for row in journal.store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM actions "
            "WHERE status = 'done' AND done_at > ? ORDER BY done_at DESC, created_at",
            ["2026-01-01"],
        )
    )
    assert "USING INDEX actions_done (status=? AND done_at>?)" in plan, plan
