"""Invented wellbeing check-ins for the demo: ten weeks, a dip and a recovery.

Three or four check-ins a week, values following a gentle curve, so the
sparklines on home have a shape to show and the noticing rule has something
to notice (energy stays low for a stretch in the middle).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from reflect.core import checkins
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
