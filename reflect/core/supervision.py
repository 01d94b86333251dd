"""Supervision: the agreement, actions that carry forward, and sessions.

Supervision is often a peer worker's one protected hour a month. This module
keeps what makes it work between sessions: who and how often (the
agreement), what was agreed (actions, open until someone closes them), and
what happened (session records). Preparation and agendas build on it in
`core.agenda`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from reflect.core.clock import Clock, iso
from reflect.core.errors import Ambiguous, NotFound, ReflectError
from reflect.core.store import Store

TYPES = ("line", "peer", "group", "co-reflection")
_AGREEMENT = "agreement"
_DUE = re.compile(r"\s*\((?:by|due)\s+(\d{4}-\d{2}-\d{2})\)\s*$", re.IGNORECASE)


# ---- agreement -----------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Who supervises, what kind of supervision, how often, and when next."""

    supervisor: str = ""
    type: str = "peer"
    every_days: int = 28
    next_date: date | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["next_date"] = self.next_date.isoformat() if self.next_date else None
        return data


def parse_day(text: str, what: str = "date") -> date:
    """A date the worker typed (YYYY-MM-DD), or a clear refusal."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReflectError(f"{text!r} is not a {what}; use YYYY-MM-DD") from None


def load_agreement(store: Store) -> Agreement | None:
    row = store.conn.execute(
        "SELECT value FROM settings WHERE key = ?", [_AGREEMENT]
    ).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return Agreement(
            supervisor=str(data.get("supervisor") or ""),
            type=str(data.get("type") or "peer"),
            every_days=int(data.get("every_days") or 28),
            next_date=date.fromisoformat(data["next_date"])
            if data.get("next_date")
            else None,
        )
    except (ValueError, TypeError, KeyError):
        return None


def save_agreement(store: Store, agreement: Agreement) -> Agreement:
    if agreement.type not in TYPES:
        raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
    if not 1 <= agreement.every_days <= 366:
        raise ReflectError("how often must be between 1 and 366 days")
    with store.write():
        store.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [_AGREEMENT, json.dumps(agreement.as_json())],
        )
    return agreement


def days_to_next(agreement: Agreement | None, today: date) -> int | None:
    """Days until the next session; negative when supervision is overdue."""
    if agreement is None or agreement.next_date is None:
        return None
    return (agreement.next_date - today).days


def next_session_words(agreement: Agreement | None, today: date) -> str:
    """What home says about the next session, plainly."""
    days = days_to_next(agreement, today)
    if agreement is None:
        return "No supervision agreement yet (settings, or reflect agreement)."
    if days is None:
        return "No date set for the next supervision."
    who = f" with {agreement.supervisor}" if agreement.supervisor else ""
    if days < 0:
        late = "1 day" if days == -1 else f"{-days} days"
        return f"Supervision{who} is overdue by {late}. It may be worth booking it."
    if days == 0:
        return f"Supervision{who} is today."
    when = "tomorrow" if days == 1 else f"in {days} days"
    return f"Next supervision{who} {when}."


# ---- actions -------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """Something agreed: what, who, by when, and whether it is done."""

    id: str
    text: str
    owner: str = "me"
    due: date | None = None
    status: str = "open"
    created_at: str = ""
    done_at: str | None = None
    source: str = "manual"
    source_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data


def split_due(line: str) -> tuple[str, date | None]:
    """'Call the team lead (by 2026-12-05)' -> text and due date."""
    match = _DUE.search(line)
    if not match:
        return line.strip(), None
    try:
        return line[: match.start()].strip(), date.fromisoformat(match.group(1))
    except ValueError:
        return line.strip(), None


_ACTION_COLUMNS = "id, text, owner, due, status, created_at, done_at, source, source_id"


def _action(row: Sequence[Any]) -> Action:
    return Action(
        id=row[0],
        text=row[1],
        owner=row[2],
        due=date.fromisoformat(row[3]) if row[3] else None,
        status=row[4],
        created_at=row[5],
        done_at=row[6],
        source=row[7],
        source_id=row[8],
    )


def add_action(
    store: Store,
    text: str,
    *,
    now: Clock,
    owner: str = "me",
    due: date | None = None,
    source: str = "manual",
    source_id: str | None = None,
) -> Action:
    text = text.strip()
    if not text:
        raise ReflectError("an action needs a few words saying what to do")
    action_id = str(uuid.uuid4())
    with store.write():
        store.conn.execute(
            f"INSERT INTO actions ({_ACTION_COLUMNS}, updated_at) "
            "VALUES (?, ?, ?, ?, 'open', ?, NULL, ?, ?, ?)",
            [action_id, text, owner.strip() or "me",
             due.isoformat() if due else None, iso(now()), source, source_id,
             iso(now())],
        )  # fmt: skip
    return get_action(store, action_id)


def get_action(store: Store, prefix: str) -> Action:
    prefix = prefix.strip().lower()
    rows = store.conn.execute(
        f"SELECT {_ACTION_COLUMNS} FROM actions WHERE id >= ? AND id < ? LIMIT 2",
        [prefix, prefix + "\uffff"],
    ).fetchall()
    if not prefix or not rows:
        raise NotFound(f"no action has an id starting with {prefix!r}")
    if len(rows) > 1:
        raise ReflectError(f"more than one action starts with {prefix!r}")
    return _action(rows[0])


def set_action_status(store: Store, prefix: str, done: bool, *, now: Clock) -> Action:
    action = get_action(store, prefix)
    with store.write():
        store.conn.execute(
            "UPDATE actions SET status = ?, done_at = ?, updated_at = ? WHERE id = ?",
            ["done" if done else "open", iso(now()) if done else None, iso(now()),
             action.id],
        )  # fmt: skip
    return get_action(store, action.id)


def list_actions(store: Store, *, open_only: bool = False) -> list[Action]:
    """Actions, open ones first by due date, then done ones, newest first."""
    where = "WHERE status = 'open'" if open_only else ""
    rows = store.conn.execute(
        f"SELECT {_ACTION_COLUMNS} FROM actions {where} ORDER BY status = 'done', "
        "CASE status WHEN 'open' THEN coalesce(due, '9999') END, "
        "done_at DESC, created_at"
    ).fetchall()
    return [_action(row) for row in rows]


def actions_from_entry(
    store: Store, entry_id: str, lines: Iterable[str], now: Clock
) -> int:
    """Turn a finished reflection's action answers into open actions, once each."""
    added = 0
    for line in lines:
        text, due = split_due(line.lstrip("-*• ").strip())
        if not text:
            continue
        exists = store.conn.execute(
            "SELECT 1 FROM actions WHERE source_id = ? AND text = ?", [entry_id, text]
        ).fetchone()
        if exists is None:
            add_action(
                store, text, now=now, due=due, source="entry", source_id=entry_id
            )
            added += 1
    return added


# ---- sessions ------------------------------------------------------------


@dataclass(frozen=True)
class SessionItem:
    title: str
    summary: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class Session:
    """The record of one supervision session."""

    id: str
    day: date
    start: str = ""
    end: str = ""
    type: str = "peer"
    attendees: str = "supervisee, supervisor"
    items: tuple[SessionItem, ...] = ()
    decisions: str = ""
    support: str = ""
    learning: str = ""
    next_date: date | None = None
    agreed: bool = False
    supervisor_signed: bool = False
    actions: tuple[str, ...] = field(default=())
    """Action ids created by this session."""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["next_date"] = self.next_date.isoformat() if self.next_date else None
        data["items"] = [asdict(i) for i in self.items]
        data["actions"] = list(self.actions)
        return data


def record_session(
    store: Store,
    session: Session,
    new_actions: Sequence[tuple[str, str, date | None]],
    *,
    now: Clock,
) -> Session:
    """Save a session record and its new actions in one transaction.

    `new_actions` are (what, who, by when). If the record sets a next date,
    the agreement's next date follows it.
    """
    if session.type not in TYPES:
        raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
    session_id = session.id or str(uuid.uuid4())
    with store.write():
        created = [
            add_action(store, what, now=now, owner=who, due=due, source="session",
                       source_id=session_id).id
            for what, who, due in new_actions
            if what.strip()
        ]  # fmt: skip
        payload = replace(session, id=session_id).as_json()
        payload["actions"] = [*session.actions, *created]
        store.conn.execute(
            "INSERT INTO sessions (id, day, created_at, updated_at, record) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "day = excluded.day, updated_at = excluded.updated_at, "
            "record = excluded.record",
            [session_id, session.day.isoformat(), iso(now()), iso(now()),
             json.dumps(payload)],
        )  # fmt: skip
        agreement = load_agreement(store)
        if session.next_date and agreement is not None:
            save_agreement(store, replace(agreement, next_date=session.next_date))
    return get_session(store, session_id)


def _session(record: str) -> Session:
    data = json.loads(record)
    return Session(
        id=data["id"],
        day=date.fromisoformat(data["day"]),
        start=data.get("start", ""),
        end=data.get("end", ""),
        type=data.get("type", "peer"),
        attendees=data.get("attendees", ""),
        items=tuple(SessionItem(**i) for i in data.get("items", [])),
        decisions=data.get("decisions", ""),
        support=data.get("support", ""),
        learning=data.get("learning", ""),
        next_date=date.fromisoformat(data["next_date"])
        if data.get("next_date")
        else None,
        agreed=bool(data.get("agreed")),
        supervisor_signed=bool(data.get("supervisor_signed")),
        actions=tuple(data.get("actions", [])),
    )


def get_session(store: Store, session_id: str) -> Session:
    row = store.conn.execute(
        "SELECT record FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"no session record {session_id!r}")
    return _session(row[0])


def find_session(store: Store, prefix: str) -> Session:
    """The one session whose id starts with `prefix`, or a clear refusal."""
    wanted = prefix.strip().lower()
    rows = store.conn.execute(
        "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
        [wanted, wanted + "\uffff"],
    ).fetchall()
    if not wanted or not rows:
        raise NotFound(
            f"no session record has an id starting with {prefix!r}; "
            "see: reflect sessions"
        )
    if len(rows) > 1:
        raise Ambiguous(
            f"more than one session record starts with {prefix!r}; give more"
        )
    return get_session(store, rows[0][0])


def list_sessions(store: Store, limit: int = 50) -> list[Session]:
    rows = store.conn.execute(
        "SELECT record FROM sessions ORDER BY day DESC, created_at DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [_session(row[0]) for row in rows]


def last_session_day(store: Store) -> date | None:
    row = store.conn.execute("SELECT max(day) FROM sessions").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def default_next(agreement: Agreement | None, day: date) -> date:
    return day + timedelta(days=agreement.every_days if agreement else 28)
