"""Preparing for supervision: candidates, the worker's chosen agenda, coverage.

The agenda is supervisee-led: reflect gathers what could be brought since the
last recorded session (reflections flagged *bring to supervision* with their
asks, every open action, check-ins marked *bring*, the wellbeing trend), and
the worker picks, orders, says what they want from each, sets minutes and
tags each with a supervision function. Reflect then shows which function
nothing covers and how the time adds up. Rendering lives in `agenda_render`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta

from reflect.core import checkins as wellbeing
from reflect.core import supervision
from reflect.core.clock import Clock, iso, local_today
from reflect.core.models import FUNCTIONS, Template
from reflect.core.store import Store

KINDS = ("wellbeing", "action", "entry", "checkin", "free")
DEFAULT_MINUTES = {"wellbeing": 5, "action": 5, "entry": 15, "checkin": 5, "free": 10}
DEFAULT_FUNCTION = {
    "wellbeing": "restorative",
    "action": "normative",
    "checkin": "restorative",
}


@dataclass(frozen=True)
class AgendaItem:
    """One thing to bring: a reflection, an action, a check-in, or free words."""

    kind: str
    title: str
    ref: str | None = None
    ask: str = ""
    minutes: int = 10
    function: str = ""
    include_text: bool = False
    """Share the reflection's own words on the agenda (off: title and ask only)."""


@dataclass(frozen=True)
class Preparation:
    """The worker's agenda for the coming session, saved as they build it."""

    id: str | None = None
    minutes_available: int = 60
    items: tuple[AgendaItem, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    """Answers to the `prepare` pack's finder questions, by step id."""


@dataclass(frozen=True)
class Coverage:
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    total: int
    available: int

    @property
    def over(self) -> int:
        return max(0, self.total - self.available)

    def words(self) -> str:
        """One line for the screen and the agenda."""
        time_line = f"{self.total} of {self.available} minutes"
        if self.over:
            time_line += f" ({self.over} over)"
        if not self.missing:
            return f"{time_line}. All three supervision functions are covered."
        if len(self.missing) == len(FUNCTIONS):
            return f"{time_line}. No item has a supervision function yet."
        names = " or ".join(self.missing)
        return f"{time_line}. Nothing on the agenda is {names} yet."


def coverage(prep: Preparation) -> Coverage:
    """Which functions the chosen items cover, and the total time."""
    covered = {item.function for item in prep.items if item.function}
    return Coverage(
        covered=tuple(f for f in FUNCTIONS if f in covered),
        missing=tuple(f for f in FUNCTIONS if f not in covered),
        total=sum(item.minutes for item in prep.items),
        available=prep.minutes_available,
    )


def since_boundary(store: Store) -> str | None:
    """The stored-time boundary: the day after the last recorded session."""
    last = supervision.last_session_day(store)
    if last is None:
        return None
    return iso(datetime.combine(last, time.max).astimezone())


def candidates(
    store: Store, check_in: Template | None, *, now: Clock, limit: int = 100
) -> list[AgendaItem]:
    """Everything that could be brought, since the last recorded session.

    Open actions always come forward, however old, until they are closed.
    """
    boundary = since_boundary(store)
    items: list[AgendaItem] = []
    last = supervision.last_session_day(store)
    if check_in is not None:
        after = last + timedelta(days=1) if last else None  # as entries: day after
        # Imported here, not above: the journal imports the services it owns.
        from reflect.core.journal import Journal

        found = Journal(store, now).checkins.list(since=after)
        dims = wellbeing.dimensions(check_in)
        lines = wellbeing.describe_trend(found, dims)
        if lines:
            items.append(
                _item("wellbeing", "How I have been since last time",
                      ask="; ".join(lines))
            )  # fmt: skip
        for c in found:
            if c.bring:
                title = f"Check-in on {c.day.strftime('%d %b')}"
                items.append(_item("checkin", title, ref=c.id, ask=c.note))
    for action in supervision.list_actions(store, open_only=True):
        due = f" (by {action.due.isoformat()})" if action.due else ""
        items.append(_item("action", f"{action.text}{due}", ref=action.id))
    rows = store.conn.execute(
        "SELECT id, title, supervision_ask, functions FROM entries "
        "INDEXED BY entries_for_supervision "
        "WHERE for_supervision = 1 AND deleted_at IS NULL AND status = 'complete' "
        "AND created_at > ? ORDER BY created_at LIMIT ?",
        [boundary or "", limit],
    ).fetchall()
    for entry_id, title, ask, functions in rows:
        first = next((f for f in (functions or "").split(",") if f), "")
        items.append(
            _item("entry", title or "Untitled", ref=entry_id, ask=ask or "",
                  function=first)
        )  # fmt: skip
    return items


def _item(
    kind: str, title: str, *, ref: str | None = None, ask: str = "", function: str = ""
) -> AgendaItem:
    return AgendaItem(
        kind=kind,
        title=title,
        ref=ref,
        ask=ask,
        minutes=DEFAULT_MINUTES[kind],
        function=function or DEFAULT_FUNCTION.get(kind, ""),
    )


def default_preparation(
    store: Store, check_in: Template | None, *, now: Clock, available: int = 60
) -> Preparation:
    """Every candidate in a sensible order: wellbeing, actions, then the rest."""
    items = candidates(store, check_in, now=now)
    order = {kind: n for n, kind in enumerate(KINDS)}
    items.sort(key=lambda item: order[item.kind])
    return Preparation(minutes_available=available, items=tuple(items))


def starting_preparation(
    store: Store, check_in: Template | None, *, now: Clock, available: int = 60
) -> Preparation:
    """Where the prepare screen starts: wellbeing and last session's actions.

    Everything else waits under "could also bring" for the worker to pick;
    starting with every candidate chosen would be a list to cut, not an agenda.
    """
    last = supervision.list_sessions(store, limit=1)
    from_last = set(last[0].actions) if last else set()
    items = [
        item
        for item in candidates(store, check_in, now=now)
        if item.kind == "wellbeing" or (item.kind == "action" and item.ref in from_last)
    ]
    return Preparation(minutes_available=available, items=tuple(items))


def save_preparation(store: Store, prep: Preparation, *, now: Clock) -> Preparation:
    """Keep the preparation in progress (there is one until a session uses it)."""
    prep_id = prep.id or str(uuid.uuid4())
    data = json.dumps(
        {
            "minutes_available": prep.minutes_available,
            "items": [asdict(item) for item in prep.items],
            "extra": prep.extra,
        }
    )
    with store.write():
        store.conn.execute(
            "INSERT INTO preparations (id, created_at, updated_at, data) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "updated_at = excluded.updated_at, data = excluded.data",
            [prep_id, iso(now()), iso(now()), data],
        )
    return replace(prep, id=prep_id)


def load_preparation(store: Store) -> Preparation | None:
    """The preparation not yet used by a session record, if any."""
    row = store.conn.execute(
        "SELECT id, data FROM preparations WHERE used_by IS NULL "
        "ORDER BY updated_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    data = json.loads(row[1])
    return Preparation(
        id=row[0],
        minutes_available=int(data.get("minutes_available", 60)),
        items=tuple(AgendaItem(**item) for item in data.get("items", [])),
        extra=dict(data.get("extra", {})),
    )


def mark_used(store: Store, prep_id: str, session_id: str) -> None:
    with store.write():
        store.conn.execute(
            "UPDATE preparations SET used_by = ? WHERE id = ?", [session_id, prep_id]
        )


def current_or_default(
    store: Store, check_in: Template | None, *, now: Clock
) -> Preparation:
    """What the agenda export shows: the saved preparation, else every candidate."""
    return load_preparation(store) or default_preparation(store, check_in, now=now)


def move(items: Sequence[AgendaItem], index: int, step: int) -> tuple[AgendaItem, ...]:
    """The items with one moved up (-1) or down (+1)."""
    target = index + step
    if not 0 <= index < len(items) or not 0 <= target < len(items):
        return tuple(items)
    moved = list(items)
    moved[index], moved[target] = moved[target], moved[index]
    return tuple(moved)


today = local_today
"""The worker's local date, for the agenda's day and what counts as overdue."""
