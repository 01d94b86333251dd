"""Invented check-ins and supervision for the demo, written from its data files.

The words and numbers are in `reflect/demo/checkins.toml` and
`supervision.toml` (see `demo.load`); this module turns them into records
dated back from the demo's `today`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from reflect.core import checkins, supervision
from reflect.core.agenda import Preparation
from reflect.core.clock import Clock, iso
from reflect.core.journal import Journal
from reflect.core.models import Template


def seed_checkins(
    journal: Journal, template: Template, today: datetime, data: dict[str, Any]
) -> None:
    """Add the demo's check-ins, every two or three days up to `today`."""
    dims = [d.id for d in checkins.dimensions(template)]
    curve: list[list[int]] = data["curve"]
    notes: dict[str, str] = data["notes"]
    for n, values in enumerate(curve):
        days_back = (len(curve) - 1 - n) * 5 // 2
        moment = today - timedelta(days=days_back, hours=4)
        with dated(journal, stopped_at(moment)):
            journal.checkins.save(
                template,
                dict(zip(dims, values, strict=False)),
                note=notes.get(str(n), ""),
                bring=n in data["for_supervision"],
            )


def stopped_at(moment: datetime) -> Clock:
    """A clock that always reads `moment`."""
    return lambda: moment


@contextlib.contextmanager
def dated(journal: Journal, clock: Clock) -> Iterator[None]:
    """Write as if `clock` were the time; the journal's own clock comes back
    after, whatever happens. Every service reads the journal's clock."""
    original = journal.now
    journal.now = clock
    try:
        yield
    finally:
        journal.now = original


def seed_supervision(journal: Journal, today: datetime, data: dict[str, Any]) -> None:
    """An agreement, the monthly sessions before today (each bringing what the
    worker had marked for it), the latest one's actions, and one of my own."""
    store = journal.store
    day = today.astimezone().date()
    agreement, session = data["agreement"], data["session"]
    every = timedelta(days=agreement["every_days"])
    for earlier in data.get("earlier", []):
        back = timedelta(days=earlier["days_ago"])
        with dated(journal, stopped_at(today - back)):
            held = day - back
            _bring_and_record(
                journal,
                supervision.Session(
                    id="",
                    day=held,
                    start="10:00",
                    end="11:00",
                    type=agreement["type"],
                    attendees="supervisee, peer supervisor",
                    decisions=earlier["summary"],
                    next_date=held + every,
                    agreed=True,
                    supervisor_signed=True,
                ),
                [],
            )
    with dated(journal, lambda: today - timedelta(days=session["days_ago"])):
        journal.supervision.save_agreement(
            supervision.Agreement(
                supervisor=agreement["supervisor"],
                type=agreement["type"],
                every_days=agreement["every_days"],
                next_date=day + timedelta(days=agreement["next_in_days"]),
            ),
        )
        _bring_and_record(
            journal,
            supervision.Session(
                id="",
                day=day - timedelta(days=session["days_ago"]),
                start=session["start"],
                end=session["end"],
                type=session["type"],
                attendees=session["attendees"],
                items=tuple(
                    supervision.SessionItem(**item) for item in session["items"]
                ),
                support=session["support"],
                learning=session["learning"],
                next_date=day + timedelta(days=session["next_in_days"]),
                agreed=session["agreed"],
                supervisor_signed=session["supervisor_signed"],
            ),
            [
                (action["text"], action["owner"], _in_days(day, action))
                for action in session["actions"]
            ],
        )
        for action in data["actions"]:
            journal.supervision.add_action(action["text"])
        # Most actions from older reflections were done long ago.
        cutoff = iso(today - timedelta(days=30))
        with store.write():
            store.conn.execute(
                "UPDATE actions SET status = 'done', done_at = created_at "
                "WHERE source = 'entry' AND created_at < ?",
                [cutoff],
            )


def _bring_and_record(
    journal: Journal,
    session: supervision.Session,
    new_actions: list[tuple[str, str, date | None]],
) -> None:
    """Record `session` as led from a preparation that brought every marked
    reflection written before it and not brought yet, each one an item of
    the record: what a worker preparing with reflect would have done, so
    the demo's next agenda offers only what came after."""
    now = journal.now()
    chosen = tuple(
        item
        for item in journal.agenda.candidates(None)
        if item.kind == "entry"
        and item.ref is not None
        and datetime.fromisoformat(journal.entries.get(item.ref).created_at) < now
    )
    prep = journal.agenda.save_preparation(Preparation(items=chosen))
    brought = tuple(supervision.SessionItem(title=item.title) for item in chosen)
    journal.agenda.record_session(
        replace(session, items=(*brought, *session.items)), new_actions, prep
    )


def _in_days(day: date, item: dict[str, Any]) -> date | None:
    """The due date `due_in_days` after `day`, or none when the item has none."""
    if "due_in_days" not in item:
        return None
    return day + timedelta(days=item["due_in_days"])
