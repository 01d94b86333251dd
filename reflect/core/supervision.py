"""Supervision: the agreement, actions that carry forward, and sessions.

Supervision is often a peer worker's one protected hour a month. This module
keeps what makes it work between sessions: who and how often (the
agreement), what was agreed (actions, open until someone closes them), and
what happened (session records). An open journal reaches all of it through
`journal.supervision`; preparation and agendas build on it in `core.agenda`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from reflect.core import settings
from reflect.core.clock import iso
from reflect.core.errors import ReflectError
from reflect.core.lookup import full_id
from reflect.core.service import Service

TYPES = ("line", "peer", "group", "co-reflection")
PRIVATE_DIMENSIONS = frozenset({"recovery"})
"""Check-in dimensions that stay on this machine unless the agreement says
otherwise: how a worker's own recovery is going is theirs to tell."""
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
    minutes: int = 60
    """How long a session is: what the agenda's total time is set against."""
    share_recovery: bool = False
    """Whether the own-recovery check-in may go on agendas and shares. Off
    unless the worker turns it on: see `may_leave`."""

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


def _agreement(data: Any) -> Agreement | None:
    """The stored agreement; none when missing or damaged, so home still opens."""
    if not isinstance(data, dict):
        return None
    try:
        return Agreement(
            supervisor=str(data.get("supervisor") or ""),
            type=str(data.get("type") or "peer"),
            every_days=int(data.get("every_days") or 28),
            next_date=date.fromisoformat(data["next_date"])
            if data.get("next_date")
            else None,
            minutes=int(data.get("minutes") or 60),
            # Agreements kept before this choice existed have no such key:
            # they read as private, and only a real true turns sharing on.
            share_recovery=data.get("share_recovery") is True,
        )
    except (ValueError, TypeError, KeyError):
        return None


def may_leave(dimension_id: str, agreement: Agreement | None) -> bool:
    """Whether a check-in dimension's scores may leave this machine.

    The one rule every agenda, share summary and record follows. A worker
    checks in honestly only if what they say about their own recovery stays
    with them until they choose otherwise, so those dimensions leave only
    when the agreement says so; with no agreement at all, they stay.
    """
    if dimension_id not in PRIVATE_DIMENSIONS:
        return True
    return agreement is not None and agreement.share_recovery


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


def example_due(today: date) -> str:
    """`(by YYYY-MM-DD)` two weeks from `today`, for hints that show how to
    write a date: a fixed example date goes by and then reads as overdue."""
    return f"(by {(today + timedelta(days=14)).isoformat()})"


def split_due(line: str) -> tuple[str, date | None]:
    """'Call the team lead (by 2026-12-05)' -> text and due date."""
    match = _DUE.search(line)
    if not match:
        return line.strip(), None
    try:
        return line[: match.start()].strip(), date.fromisoformat(match.group(1))
    except ValueError:
        return line.strip(), None


def parse_action_line(line: str) -> tuple[str, str, date | None]:
    """'Read the policy; supervisor (by 2026-12-05)' -> what, who, due: an
    action as the record screen and `reflect session record --action` take
    it, so both read the same line the same way."""
    text, due = split_due(line)
    what, _, who = text.partition(";")
    return what.strip(), who.strip() or "me", due


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


def _session(record: str) -> Session:
    return session_from_json(json.loads(record))


def session_from_json(data: dict[str, Any]) -> Session:
    """A session record from its JSON shape (`Session.as_json`), as kept or
    as carried in a share for sign-off."""
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


def preparation_pack(agreement: Agreement | None) -> str:
    """The pack a worker prepares with: two peers supervising each other
    prepare with the co-reflection pack, everyone else with `prepare`."""
    if agreement is not None and agreement.type == "co-reflection":
        return "co-reflection"
    return "prepare"


def default_next(agreement: Agreement | None, day: date) -> date:
    return day + timedelta(days=agreement.every_days if agreement else 28)


# ---- the journal's door --------------------------------------------------


class Supervision(Service):
    """The agreement, actions and session records of one open journal."""

    # -- agreement --

    def agreement(self) -> Agreement | None:
        """The agreement kept in settings, or none yet."""
        return _agreement(settings.read(self._store, _AGREEMENT))

    def save_agreement(self, agreement: Agreement) -> Agreement:
        """Keep the agreement, or refuse it whole when a part is out of range."""
        if agreement.type not in TYPES:
            raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
        if not 1 <= agreement.every_days <= 366:
            raise ReflectError("how often must be between 1 and 366 days")
        if not 5 <= agreement.minutes <= 480:
            raise ReflectError("a session's length must be between 5 and 480 minutes")
        settings.write(self._store, {_AGREEMENT: agreement.as_json()})
        return agreement

    # -- actions --

    def add_action(
        self,
        text: str,
        *,
        owner: str = "me",
        due: date | None = None,
        source: str = "manual",
        source_id: str | None = None,
    ) -> Action:
        """A new open action; `source` says where it came from (entry, session)."""
        text = text.strip()
        if not text:
            raise ReflectError("an action needs a few words saying what to do")
        action_id = str(uuid.uuid4())
        stamp = iso(self._now())
        with self._store.write():
            self._conn.execute(
                f"INSERT INTO actions ({_ACTION_COLUMNS}, updated_at) "
                "VALUES (?, ?, ?, ?, 'open', ?, NULL, ?, ?, ?)",
                [action_id, text, owner.strip() or "me",
                 due.isoformat() if due else None, stamp, source, source_id, stamp],
            )  # fmt: skip
        return self.action(action_id)

    def action(self, prefix: str) -> Action:
        """The one action whose id starts with `prefix` (any case)."""
        action_id = full_id(self._store, "actions", prefix, "action")
        row = self._conn.execute(
            f"SELECT {_ACTION_COLUMNS} FROM actions WHERE id = ?", [action_id]
        ).fetchone()
        return _action(row)

    def set_action_done(self, prefix: str, done: bool) -> Action:
        """Mark an action done, or open again (`done=False`)."""
        action = self.action(prefix)
        stamp = iso(self._now())
        with self._store.write():
            self._conn.execute(
                "UPDATE actions SET status = ?, done_at = ?, updated_at = ? "
                "WHERE id = ?",
                ["done" if done else "open", stamp if done else None, stamp,
                 action.id],
            )  # fmt: skip
        return self.action(action.id)

    def actions(self, *, open_only: bool = False) -> list[Action]:
        """Actions, open ones first by due date, then done ones, newest first."""
        where = "WHERE status = 'open'" if open_only else ""
        rows = self._conn.execute(
            f"SELECT {_ACTION_COLUMNS} FROM actions {where} ORDER BY status = 'done', "
            "CASE status WHEN 'open' THEN coalesce(due, '9999') END, "
            "done_at DESC, created_at"
        ).fetchall()
        return [_action(row) for row in rows]

    def actions_from_entry(self, entry_id: str, lines: Iterable[str]) -> int:
        """Turn a finished reflection's action answers into open actions, once each."""
        added = 0
        for line in lines:
            text, due = split_due(line.lstrip("-*• ").strip())
            if not text:
                continue
            exists = self._conn.execute(
                "SELECT 1 FROM actions WHERE source_id = ? AND text = ?",
                [entry_id, text],
            ).fetchone()
            if exists is None:
                self.add_action(text, due=due, source="entry", source_id=entry_id)
                added += 1
        return added

    # -- sessions --

    def record_session(
        self, session: Session, new_actions: Sequence[tuple[str, str, date | None]]
    ) -> Session:
        """Save a session record and its new actions in one transaction.

        `new_actions` are (what, who, by when). If the record sets a next date,
        the agreement's next date follows it.
        """
        if session.type not in TYPES:
            raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
        session_id = session.id or str(uuid.uuid4())
        with self._store.write():
            created = [
                self.add_action(what, owner=who, due=due, source="session",
                                source_id=session_id).id
                for what, who, due in new_actions
                if what.strip()
            ]  # fmt: skip
            payload = replace(session, id=session_id).as_json()
            payload["actions"] = [*session.actions, *created]
            stamp = iso(self._now())
            self._conn.execute(
                "INSERT INTO sessions (id, day, created_at, updated_at, record) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "day = excluded.day, updated_at = excluded.updated_at, "
                "record = excluded.record",
                [session_id, session.day.isoformat(), stamp, stamp,
                 json.dumps(payload)],
            )  # fmt: skip
            agreement = self.agreement()
            if session.next_date and agreement is not None:
                self.save_agreement(replace(agreement, next_date=session.next_date))
        # By the exact id: the prefix lookup lowercases what a worker typed,
        # and a script may have given the record an id of its own.
        return self._by_id(session_id)

    def session(self, prefix: str) -> Session:
        """The one session record whose id starts with `prefix`, or a refusal."""
        return self._by_id(
            full_id(
                self._store,
                "sessions",
                prefix,
                "session record",
                hint="; see: reflect sessions",
            )
        )

    def _by_id(self, session_id: str) -> Session:
        row = self._conn.execute(
            "SELECT record FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        return _session(row[0])

    def sessions(self, limit: int = 50) -> list[Session]:
        """Session records, most recent first."""
        rows = self._conn.execute(
            "SELECT record FROM sessions ORDER BY day DESC, created_at DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [_session(row[0]) for row in rows]

    def last_session_day(self) -> date | None:
        """The day of the latest session record: what "since last time" means."""
        row = self._conn.execute("SELECT max(day) FROM sessions").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None
