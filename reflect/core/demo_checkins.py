"""Invented check-ins and supervision for the demo.

Check-ins: ten weeks, a dip and a recovery.

Three or four check-ins a week, values following a gentle curve, so the
sparklines on home have a shape to show and the noticing rule has something
to notice (energy stays low for a stretch in the middle).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from reflect.core import checkins, supervision
from reflect.core.clock import iso
from reflect.core.journal import Journal
from reflect.core.models import Template

# Per check-in, oldest first: energy, satisfaction, carrying, connection,
# recovery, role. A tiring stretch in weeks 4-6, then steadier again.
CURVE = (
    (4, 4, 3, 4, 4, 3), (4, 3, 3, 4, 4, 3), (3, 4, 3, 3, 4, 4),
    (4, 4, 4, 4, 4, 4), (3, 3, 3, 4, 4, 4), (3, 3, 2, 3, 4, 3),
    (2, 3, 2, 3, 3, 3), (2, 2, 2, 3, 3, 3), (1, 2, 2, 2, 3, 2),
    (2, 2, 1, 2, 3, 3), (2, 3, 2, 3, 3, 3), (3, 3, 2, 3, 4, 3),
    (3, 3, 3, 4, 4, 4), (3, 4, 3, 4, 4, 4), (4, 4, 3, 4, 4, 4),
    (4, 3, 3, 4, 5, 4), (4, 4, 4, 5, 4, 4), (3, 4, 4, 4, 4, 5),
    (4, 4, 4, 4, 5, 5), (4, 5, 4, 5, 5, 4), (4, 4, 3, 4, 4, 4),
    (3, 4, 4, 4, 4, 4), (4, 4, 4, 5, 4, 5), (4, 5, 4, 4, 5, 5),
)  # fmt: skip
NOTES = {
    7: "Slept badly most of the week.",
    9: "Took a day off. Glad I did.",
    12: "Talked to my supervisor about pacing.",
    20: "Good team day.",
}


def seed_checkins(journal: Journal, template: Template, today: datetime) -> None:
    """Add the demo's check-ins, every two or three days up to `today`."""
    dims = [d.id for d in checkins.dimensions(template)]
    original = journal.now
    try:
        for n, values in enumerate(CURVE):
            days_back = (len(CURVE) - 1 - n) * 5 // 2
            moment = today - timedelta(days=days_back, hours=4)
            journal.now = lambda moment=moment: moment  # type: ignore[misc]
            checkins.save_checkin(
                journal.store,
                template,
                dict(zip(dims, values, strict=False)),
                now=journal.now,
                note=NOTES.get(n, ""),
                bring=n == 9,
            )
    finally:
        journal.now = original


def seed_supervision(journal: Journal, today: datetime) -> None:
    """An agreement, one past session with its actions, and one action of my own."""
    store = journal.store
    day = today.astimezone().date()
    original = journal.now
    try:
        journal.now = lambda: today - timedelta(days=19)
        supervision.save_agreement(
            store,
            supervision.Agreement(
                supervisor="my peer supervisor",
                type="peer",
                every_days=28,
                next_date=day + timedelta(days=9),
            ),
        )
        supervision.record_session(
            store,
            supervision.Session(
                id="",
                day=day - timedelta(days=19),
                start="10:00",
                end="11:00",
                type="peer",
                attendees="supervisee, peer supervisor",
                items=(
                    supervision.SessionItem(
                        "Pacing after my return",
                        "Talked about a phased week.",
                        "Try two lighter days a week for a month.",
                    ),
                ),  # fmt: skip
                support="Check in about workload at the next session.",
                learning="A refresher on positive risk-taking.",
                next_date=day + timedelta(days=9),
                agreed=True,
                supervisor_signed=True,
            ),
            [
                (
                    "Ask the team lead about the risk training dates",
                    "me",
                    day + timedelta(days=5),
                ),
                ("Send the peer network details", "supervisor", None),
            ],  # fmt: skip
            now=journal.now,
        )
        supervision.add_action(
            store, "Book a walk with a friend this weekend", now=journal.now
        )
        # Most actions from older reflections were done long ago.
        cutoff = iso(today - timedelta(days=30))
        with store.write():
            store.conn.execute(
                "UPDATE actions SET status = 'done', done_at = created_at "
                "WHERE source = 'entry' AND created_at < ?",
                [cutoff],
            )
    finally:
        journal.now = original
