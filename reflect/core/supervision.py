"""Supervision: the agreements, actions that carry forward, and sessions.

Supervision is often a peer worker's one protected hour a month. This module
keeps what makes it work between sessions: who and how often (the
agreements: a worker may have line supervision and a peer group, each with
its own dates), what was agreed (actions, open until someone closes them),
and what happened (session records, each belonging to one agreement). An
open journal reaches all of it through `journal.supervision`; preparation
and agendas build on it in `core.agenda`.
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
from reflect.core.errors import Ambiguous, NotFound, ReflectError
from reflect.core.lookup import full_id
from reflect.core.service import Service
from reflect.core.text import whole_number

TYPES = ("line", "peer", "group", "co-reflection")
PRIVATE_DIMENSIONS = frozenset({"recovery"})
"""Check-in dimensions that stay on this machine unless the agreement says
otherwise: how a worker's own recovery is going is theirs to tell."""
RECORD_WRITERS = ("supervisee", "supervisor", "both")
"""Who writes the session record, as an agreement can say."""
SESSION_MINUTES = range(5, 481)
"""How long a session may be, in minutes: an agreement's length, and the
time one agenda may have instead (from a short check-in to a full day)."""
MINUTES_RULE = "a whole number from 5 to 480"
"""The rule, as each interface says it when typed minutes break it."""


def session_minutes(text: str) -> int | None:
    """Typed minutes as a session's length, or None when they are not one."""
    minutes = whole_number(text.strip())
    return minutes if minutes in SESSION_MINUTES else None


_AGREEMENTS = "agreements"
_OLD_AGREEMENT = "agreement"
"""Where the one agreement was kept before a worker could have several: read
as the first of the list until the next save writes the list and drops it."""
UNNAMED = "supervision"
"""An agreement's name when it has neither a name nor a supervisor."""
_DUE = re.compile(r"\s*\((?:by|due)\s+(\d{4}-\d{2}-\d{2})\)\s*$", re.IGNORECASE)


# ---- agreement -----------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Who supervises, what kind of supervision, how often, and when next.

    A worker may keep several (line supervision, a peer group); `name` tells
    them apart and is what `--agreement NAME` matches.
    """

    supervisor: str = ""
    type: str = "peer"
    every_days: int = 28
    next_date: date | None = None
    minutes: int = 60
    """How long a session is: what the agenda's total time is set against."""
    share_recovery: bool = False
    """Whether the own-recovery check-in may go on agendas and shares. Off
    unless the worker turns it on: see `may_leave`."""
    name: str = ""
    """The supervisor's or the group's name, unique among the worker's
    agreements (any case). Blank until saved, which fills it in
    (`with_name`)."""
    confidentiality: str = ""
    """The limits of confidentiality agreed, in a few words of the worker's."""
    record_by: str = "supervisee"
    """Who writes the session record: supervisee, supervisor or both."""
    readers: str = ""
    """Who may read the record, in the worker's words."""
    review_date: date | None = None
    """When the agreement itself is looked at again."""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["next_date"] = self.next_date.isoformat() if self.next_date else None
        data["review_date"] = self.review_date.isoformat() if self.review_date else None
        return data

    def with_name(self) -> Agreement:
        """The agreement with its name filled in: its own, else its
        supervisor's, else "supervision" (how a single old one is named)."""
        name = self.name.strip() or self.supervisor.strip() or UNNAMED
        return self if name == self.name else replace(self, name=name)

    def changed(self, **changes: Any) -> Agreement:
        """The agreement with `changes`; a name that was only ever its
        supervisor's follows a new supervisor, unless a name is given.

        So a worker with one agreement who changes who supervises them does
        not go on finding it under the old supervisor's name.
        """
        after = replace(self, **changes)
        derived = self.name in (self.supervisor.strip() or UNNAMED, "")
        if "name" not in changes and derived and after.supervisor != self.supervisor:
            after = replace(after, name="")
        return after.with_name()


def parse_day(text: str, what: str = "date") -> date:
    """A date the worker typed (YYYY-MM-DD), or a clear refusal."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReflectError(f"{text!r} is not a {what}; use YYYY-MM-DD") from None


def _day_or_none(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _agreement(data: Any) -> Agreement | None:
    """One stored agreement; none when damaged, so home still opens."""
    if not isinstance(data, dict):
        return None
    try:
        return Agreement(
            supervisor=str(data.get("supervisor") or ""),
            type=str(data.get("type") or "peer"),
            every_days=int(data.get("every_days") or 28),
            next_date=_day_or_none(data.get("next_date")),
            minutes=int(data.get("minutes") or 60),
            # Agreements kept before this choice existed have no such key:
            # they read as private, and only a real true turns sharing on.
            share_recovery=data.get("share_recovery") is True,
            name=str(data.get("name") or ""),
            confidentiality=str(data.get("confidentiality") or ""),
            record_by=str(data.get("record_by") or "supervisee"),
            readers=str(data.get("readers") or ""),
            review_date=_day_or_none(data.get("review_date")),
        ).with_name()
    except (ValueError, TypeError, KeyError):
        return None


def _agreements(stored: Any, old: Any) -> list[Agreement]:
    """The stored list, or the single agreement kept before there could be
    several, as the first of it. Damaged ones are left out (and names seen
    twice, which only a hand-edited journal could hold), so home still
    opens and every name finds one agreement."""
    if not isinstance(stored, list):
        stored = [old]
    found: list[Agreement] = []
    seen: set[str] = set()
    for data in stored:
        agreement = _agreement(data)
        if agreement is not None and agreement.name.casefold() not in seen:
            seen.add(agreement.name.casefold())
            found.append(agreement)
    return found


def soonest(agreements: Sequence[Agreement]) -> Agreement | None:
    """The default agreement: the one whose next date comes first (an
    overdue one before all); undated ones last, so with none dated, the
    first of the list."""
    dated = [a for a in agreements if a.next_date is not None]
    if dated:
        return min(dated, key=lambda a: a.next_date or date.max)
    return agreements[0] if agreements else None


def find_agreement(agreements: Sequence[Agreement], name: str) -> Agreement:
    """The agreement `name` means: its whole name in any case, else the one
    name it begins; otherwise a calm refusal naming the agreements there are."""
    wanted = name.strip().casefold()
    names = ", ".join(a.name for a in agreements)
    if not agreements:
        raise NotFound(
            f"there is no supervision agreement yet, so none called {name!r}"
        )
    for agreement in agreements:
        if agreement.name.casefold() == wanted:
            return agreement
    starts = [a for a in agreements if a.name.casefold().startswith(wanted)]
    if len(starts) == 1 and wanted:
        return starts[0]
    if len(starts) > 1 and wanted:
        raise Ambiguous(
            f"{name!r} could be more than one agreement; say which: {names}"
        )
    raise NotFound(f"no agreement is called {name!r}; yours are: {names}")


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


def next_session_words(
    agreement: Agreement | None, today: date, *, named: bool = False
) -> str:
    """What home says about the next session, plainly.

    `named` (when the worker has more than one agreement) says which
    supervision this is, unless the supervisor's name already does.
    """
    days = days_to_next(agreement, today)
    if agreement is None:
        return "No supervision agreement yet (settings, or reflect agreement)."
    label = ""
    if named and agreement.name.casefold() != agreement.supervisor.casefold():
        label = f" ({agreement.name})"
    if days is None:
        return f"No date set for the next supervision{label}."
    who = label + (f" with {agreement.supervisor}" if agreement.supervisor else "")
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

    def overdue(self, today: date) -> bool:
        """Still open and past its date: said wherever actions are listed
        (home, the prepare screen, the agenda), by this one rule."""
        return self.status != "done" and self.due is not None and self.due < today


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
    agreement: str = ""
    """The name of the agreement this session was under. Records kept before
    a worker could have several have none: they belong to the first."""

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
        agreement=str(data.get("agreement") or ""),
    )


def default_attendees(agreement: Agreement | None) -> str:
    """Who is there by role, as a new record starts: a group's roles vary
    from session to session, so the worker writes them; two peers
    supervising each other are two peers."""
    kind = agreement.type if agreement else "peer"
    if kind == "group":
        return ""
    if kind == "co-reflection":
        return "peer, peer"
    return "supervisee, supervisor"


def has_sign_off(kind: str) -> bool:
    """Whether a session of this type is signed off by a supervisor: two
    peers supervising each other each keep their own record, and nobody
    signs the other's."""
    return kind != "co-reflection"


def preparation_pack(agreement: Agreement | None) -> str:
    """The pack a worker prepares with: two peers supervising each other
    prepare with the co-reflection pack, everyone else with `prepare`."""
    if agreement is not None and agreement.type == "co-reflection":
        return "co-reflection"
    return "prepare"


def _check(agreement: Agreement) -> None:
    """Refuse an agreement with a part out of range, before anything is kept."""
    if agreement.type not in TYPES:
        raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
    if not 1 <= agreement.every_days <= 366:
        raise ReflectError("how often must be between 1 and 366 days")
    if agreement.minutes not in SESSION_MINUTES:
        raise ReflectError(f"a session's length in minutes must be {MINUTES_RULE}")
    if agreement.record_by not in RECORD_WRITERS:
        raise ReflectError(
            f"who writes the record must be one of: {', '.join(RECORD_WRITERS)}"
        )
    if len(agreement.name) > 80:
        raise ReflectError("an agreement's name must be 80 characters or fewer")


def default_next(agreement: Agreement | None, day: date) -> date:
    return day + timedelta(days=agreement.every_days if agreement else 28)


# ---- the journal's door --------------------------------------------------


class Supervision(Service):
    """The agreement, actions and session records of one open journal."""

    # -- agreements --

    def agreements(self) -> list[Agreement]:
        """Every agreement, in the worker's order (none yet: empty)."""
        stored = settings.read(self._store, _AGREEMENTS)
        if isinstance(stored, list):  # the old single one is read only if needed
            return _agreements(stored, None)
        return _agreements(stored, settings.read(self._store, _OLD_AGREEMENT))

    def agreement(self, name: str | None = None) -> Agreement | None:
        """The agreement called `name` (see `find_agreement`; an unknown name
        is refused), or with no name the default: the soonest (`soonest`).
        None when there is no agreement yet and no name was asked for."""
        found = self.agreements()
        if name is None:
            return soonest(found)
        return find_agreement(found, name)

    def first_agreement(self) -> Agreement | None:
        """The first of the list: the one records kept before a worker could
        have several agreements belong to."""
        found = self.agreements()
        return found[0] if found else None

    def save_agreement(
        self, agreement: Agreement, *, replacing: str | None = None
    ) -> Agreement:
        """Keep one agreement, or refuse it whole when a part is out of range.

        `replacing` names the agreement this one takes the place of (its name
        may change: its records follow it). Without it, an agreement with
        the same name is replaced and a new name is added at the end. The
        whole list is written in its new shape, in one transaction, and the
        single agreement kept before lists existed goes with it.
        """
        agreement = agreement.with_name()
        _check(agreement)
        current = self.agreements()
        before = find_agreement(current, replacing) if replacing is not None else None
        key = (before or agreement).name.casefold()
        clash = [
            a for a in current
            if a.name.casefold() == agreement.name.casefold()
            and (before is None or a.name != before.name)
        ]  # fmt: skip
        if before is not None and clash:
            raise ReflectError(
                f"there is already an agreement called {clash[0].name!r}; "
                "give this one another name"
            )
        kept = [agreement if a.name.casefold() == key else a for a in current]
        if not any(a.name.casefold() == key for a in current):
            kept.append(agreement)
        with self._store.write():
            self._write(kept)
            if before is not None and before.name != agreement.name:
                self._rename(before.name, agreement.name)
        return agreement

    def add_agreement(self, agreement: Agreement) -> Agreement:
        """Add a new agreement, refusing a name one already has (any case)."""
        agreement = agreement.with_name()
        taken = {a.name.casefold(): a.name for a in self.agreements()}
        if agreement.name.casefold() in taken:
            raise ReflectError(
                f"there is already an agreement called "
                f"{taken[agreement.name.casefold()]!r}; give this one another name"
            )
        return self.save_agreement(agreement)

    def remove_agreement(self, name: str) -> Agreement:
        """Remove one agreement (its session records are kept as they are)."""
        current = self.agreements()
        gone = find_agreement(current, name)
        with self._store.write():
            if current[0] == gone and len(current) > 1:
                # Records without a name belong to the first agreement: say
                # so in them before another one becomes the first.
                self._stamp_unnamed(gone.name)
            self._write([a for a in current if a != gone])
        return gone

    def belongs(self, named: object, agreement: Agreement | None) -> bool:
        """Whether something kept under the agreement name `named` (a record,
        a preparation) belongs to `agreement`: by its name, or, kept before
        agreements had names, when `agreement` is the first. With no
        agreement at all, everything does."""
        if agreement is None:
            return True
        if isinstance(named, str) and named:
            return named == agreement.name
        first = self.first_agreement()
        return first is not None and first.name == agreement.name

    def _write(self, agreements: Sequence[Agreement]) -> None:
        settings.write(self._store, {_AGREEMENTS: [a.as_json() for a in agreements]})
        settings.remove(self._store, _OLD_AGREEMENT)

    def _rename(self, old: str, new: str) -> None:
        """Records and preparations under an agreement's old name follow it."""
        for table, column in (("sessions", "record"), ("preparations", "data")):
            self._conn.execute(
                f"UPDATE {table} SET {column} = json_set({column}, '$.agreement', ?) "
                f"WHERE json_valid({column}) AND "
                f"json_extract({column}, '$.agreement') = ?",
                [new, old],
            )

    def _stamp_unnamed(self, name: str) -> None:
        for table, column in (("sessions", "record"), ("preparations", "data")):
            self._conn.execute(
                f"UPDATE {table} SET {column} = json_set({column}, '$.agreement', ?) "
                f"WHERE json_valid({column}) AND json_type({column}) = 'object' "
                f"AND coalesce(json_extract({column}, '$.agreement'), '') = ''",
                [name],
            )

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

    def actions(
        self, *, open_only: bool = False, done_after: str | None = None
    ) -> list[Action]:
        """Actions, open ones first by due date, then done ones, newest first.

        `open_only`: no done ones. `done_after` (a stored moment): only the
        done ones done after it, read as one range of `actions_done` (schema
        step 0014), so an agenda never reads years of finished actions.
        """
        if open_only or done_after is not None:
            rows = self._conn.execute(
                f"SELECT {_ACTION_COLUMNS} FROM actions WHERE status = 'open' "
                "ORDER BY coalesce(due, '9999'), created_at"
            ).fetchall()
            if done_after is not None:
                rows += self._conn.execute(
                    f"SELECT {_ACTION_COLUMNS} FROM actions "
                    "WHERE status = 'done' AND done_at > ? "
                    "ORDER BY done_at DESC, created_at",
                    [done_after],
                ).fetchall()
            return [_action(row) for row in rows]
        rows = self._conn.execute(
            f"SELECT {_ACTION_COLUMNS} FROM actions ORDER BY status = 'done', "
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

        `new_actions` are (what, who, by when). The record belongs to the
        agreement it names (the default one when it names none); if it sets
        a next date, that agreement's next date follows it. In a group the
        worker records only their own actions: each is theirs ("me").
        """
        if session.type not in TYPES:
            raise ReflectError(f"the type must be one of: {', '.join(TYPES)}")
        agreement = self.agreement(session.agreement or None)
        if agreement is not None:
            session = replace(session, agreement=agreement.name)
        if session.type == "group":
            new_actions = [(what, "me", due) for what, _, due in new_actions]
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
            if session.next_date and agreement is not None:
                self.save_agreement(
                    replace(agreement, next_date=session.next_date),
                    replacing=agreement.name,
                )
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
        return self._owned(_session(row[0]), self.first_agreement())

    @staticmethod
    def _owned(session: Session, first: Agreement | None) -> Session:
        """A record kept before agreements had names belongs to the first."""
        if session.agreement or first is None:
            return session
        return replace(session, agreement=first.name)

    def sessions(
        self,
        limit: int = 50,
        *,
        agreement: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Session]:
        """Session records, most recent first; with `agreement` (a name, as
        `agreement()` takes it), only that agreement's; with `since` and
        `until`, only those held on those days or between (chosen here, not
        by the caller, so a year of sessions never parses every record)."""
        found = self.agreements()  # read once for both
        first = found[0] if found else None
        where, params = ["1"], []
        if agreement is not None:
            chosen = find_agreement(found, agreement)
            named = (
                "coalesce(CASE WHEN json_valid(record) "
                "THEN json_extract(record, '$.agreement') END, '')"
            )
            where.append(f"({named} = ? OR (? AND {named} = ''))")
            params += [chosen.name, first is not None and chosen.name == first.name]
        if since is not None:
            where.append("day >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("day <= ?")
            params.append(until.isoformat())
        rows = self._conn.execute(
            f"SELECT record FROM sessions WHERE {' AND '.join(where)} "
            "ORDER BY day DESC, created_at DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [self._owned(_session(row[0]), first) for row in rows]

    def last_session_day(self) -> date | None:
        """The day of the latest session record: what "since last time" means."""
        row = self._conn.execute("SELECT max(day) FROM sessions").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None
