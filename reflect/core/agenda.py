"""Preparing for supervision: candidates, the worker's chosen agenda, coverage.

The agenda is supervisee-led: reflect gathers what could be brought since the
last recorded session (reflections flagged *bring to supervision* with their
asks, every open action, check-ins marked *bring*, the wellbeing trend), and
the worker picks, orders, says what they want from each, sets minutes and
tags each with a supervision function. Reflect then shows which function
nothing covers and how the time adds up. An open journal reaches this through
`journal.agenda`; rendering the gathered agenda lives in `agenda_render`.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reflect.core import checkins as wellbeing
from reflect.core.checkins import CheckIn, Checkins, Dimension
from reflect.core.clock import iso, local_today
from reflect.core.entries import Entries
from reflect.core.errors import NotFound
from reflect.core.models import FUNCTIONS, Answer, Template
from reflect.core.service import Bound, Service
from reflect.core.supervision import (
    Action,
    Agreement,
    Session,
    Supervision,
    may_leave,
)

if TYPE_CHECKING:
    from reflect.core.privacy import Finding

KINDS = ("wellbeing", "action", "entry", "checkin", "free")
DEFAULT_MINUTES = {"wellbeing": 5, "action": 5, "entry": 15, "checkin": 5, "free": 10}
WELLBEING_TITLE = "How I have been since last time"
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


def leaving_dimensions(
    check_in: Template, agreement: Agreement | None
) -> list[wellbeing.Dimension]:
    """The check-in's dimensions whose trend may go on an agenda or a share."""
    return [d for d in wellbeing.dimensions(check_in) if may_leave(d.id, agreement)]


def without_private(
    summary: str, check_in: Template | None, agreement: Agreement | None
) -> str:
    """A wellbeing summary without the lines of dimensions that stay here.

    A preparation keeps the summary it was made with, so one saved before
    the worker turned sharing off (or before this rule) may still hold
    a private dimension's line ("Recovery: …"); it is taken out on the way
    to any agenda, share or record. Words the worker wrote themselves,
    which start any other way, are kept as written.
    """
    if check_in is None:
        return summary
    private = tuple(
        f"{name}:"
        for d in wellbeing.dimensions(check_in)
        if not may_leave(d.id, agreement)
        for name in wellbeing.names_shown(d.id)  # "Recovery:" in older ones
    )
    if not private:
        return summary
    parts = summary.split("; ")
    return "; ".join(p for p in parts if not p.strip().startswith(private))


@dataclass(frozen=True)
class BroughtItem:
    """One chosen agenda item, with the reflection's answers when shared."""

    item: AgendaItem
    answers: tuple[Answer, ...] = ()
    """Filled only when the worker chose to include the reflection's words."""


@dataclass(frozen=True)
class AgendaContents:
    """Everything the agenda shows, gathered once so both formats agree."""

    day: date
    supervisor: str
    type: str
    last_session: date | None
    wellbeing: tuple[str, ...]
    notes: tuple[tuple[date, str], ...]
    """(day, note) of check-ins marked to bring; the note may be empty."""
    actions: tuple[Action, ...]
    items: tuple[BroughtItem, ...]
    coverage: str
    checkins: tuple[CheckIn, ...] = ()
    """Every check-in in the period, oldest first: what a chart is drawn from."""
    dimensions: tuple[Dimension, ...] = ()
    """The dimensions whose scores may leave this machine (`may_leave`):
    the only ones the agenda may describe or draw."""


# ---- the journal's door --------------------------------------------------


class Agenda(Service):
    """Preparing for the next session in one open journal, and its agenda.

    `journal.agenda`. It reads the supervision record, the entries and
    (through the check-ins service) how the worker has been.
    """

    def __init__(
        self,
        bound: Bound,
        supervision: Supervision,
        entries: Entries,
        checkins: Checkins,
    ) -> None:
        super().__init__(bound)
        self._supervision = supervision
        self._entries = entries
        self._checkins = checkins
        self._agreement_name: str | None = None

    def for_agreement(self, name: str | None) -> Agenda:
        """This journal's agenda for one supervision agreement (by name; None
        is the default one). A worker may have line supervision and a group:
        each has its own preparation, last session and agenda."""
        bound = copy.copy(self)
        bound._agreement_name = name
        return bound

    def _agreement(self) -> Agreement | None:
        """The agreement this agenda is for."""
        return self._supervision.agreement(self._agreement_name)

    def _last_session(self) -> Session | None:
        """The latest session record of this agenda's agreement."""
        agreement = self._agreement()
        name = agreement.name if agreement else None
        sessions = self._supervision.sessions(limit=1, agreement=name)
        return sessions[0] if sessions else None

    def _chosen_only(self) -> bool:
        """Whether this agenda holds only what the worker chose: a group's
        does (nothing of theirs goes to a group unless they pick it)."""
        agreement = self._agreement()
        return agreement is not None and agreement.type == "group"

    def candidates(
        self, check_in: Template | None, *, limit: int = 100
    ) -> list[AgendaItem]:
        """Everything that could be brought: check-ins since the last recorded
        session, and entries not yet brought to one.

        Open actions always come forward, however old, until they are closed.
        """
        supervision = self._supervision
        items: list[AgendaItem] = []
        last_session = self._last_session()
        last = last_session.day if last_session else None
        if check_in is not None:
            after = last + timedelta(days=1) if last else None  # as entries: day after
            found = self._checkins.list(since=after)
            dims = leaving_dimensions(check_in, self._agreement())
            lines = wellbeing.describe_trend(found, dims)
            if lines:
                items.append(_item("wellbeing", WELLBEING_TITLE, ask="; ".join(lines)))
            for c in found:
                if c.bring:
                    title = checkin_title(c.day)
                    items.append(_item("checkin", title, ref=c.id, ask=c.note))
        for action in supervision.actions(open_only=True):
            due = f" (by {action.due.isoformat()})" if action.due else ""
            items.append(_item("action", f"{action.text}{due}", ref=action.id))
        # Every flagged entry not yet brought to a recorded session, whenever
        # it was written or flagged: a day boundary lost an entry flagged an
        # hour after a same-day session, and one written before a session
        # but flagged after it.
        rows = self._conn.execute(
            "SELECT id, title, supervision_ask, functions FROM entries "
            "INDEXED BY entries_for_supervision "
            "WHERE for_supervision = 1 AND deleted_at IS NULL AND status = 'complete' "
            "AND id NOT IN (SELECT value FROM json_each(?)) "
            "ORDER BY created_at LIMIT ?",
            [json.dumps(sorted(self.brought())), limit],
        ).fetchall()
        for entry_id, title, ask, functions in rows:
            first = next((f for f in (functions or "").split(",") if f), "")
            items.append(
                _item("entry", title or "Untitled", ref=entry_id, ask=ask or "",
                      function=first)
            )  # fmt: skip
        return items

    def brought(self) -> set[str]:
        """The entries already brought to a recorded session: the entry items
        of every preparation a session record used (`mark_used`)."""
        rows = self._conn.execute(
            "SELECT data FROM preparations WHERE used_by IS NOT NULL"
        ).fetchall()
        found: set[str] = set()
        for (data,) in rows:
            try:
                items = json.loads(data).get("items", [])
            except (ValueError, AttributeError):
                continue  # a preparation that does not read brought nothing
            found.update(
                str(item["ref"])
                for item in items
                if isinstance(item, dict) and item.get("kind") == "entry"
                and item.get("ref")
            )  # fmt: skip
        return found

    def default_preparation(
        self, check_in: Template | None, *, available: int = 60
    ) -> Preparation:
        """Every candidate in a sensible order: wellbeing, actions, then the
        rest (for a group, none: see `_chosen_only`)."""
        if self._chosen_only():
            return Preparation(minutes_available=available)
        items = self.candidates(check_in)
        order = {kind: n for n, kind in enumerate(KINDS)}
        items.sort(key=lambda item: order[item.kind])
        return Preparation(minutes_available=available, items=tuple(items))

    def starting_preparation(
        self, check_in: Template | None, *, available: int = 60
    ) -> Preparation:
        """Where the prepare screen starts: wellbeing and last session's actions.

        Everything else waits under "could also bring" for the worker to pick;
        starting with every candidate chosen would be a list to cut, not an
        agenda. A group's agenda holds only what the worker chooses to bring
        to the group, so it starts empty.
        """
        if self._chosen_only():
            return Preparation(minutes_available=available)
        last = self._last_session()
        from_last = set(last.actions) if last else set()
        items = [
            item
            for item in self.candidates(check_in)
            if item.kind == "wellbeing"
            or (item.kind == "action" and item.ref in from_last)
        ]
        return Preparation(minutes_available=available, items=tuple(items))

    def save_preparation(self, prep: Preparation) -> Preparation:
        """Keep the preparation in progress (there is one until a session uses it)."""
        prep_id = prep.id or str(uuid.uuid4())
        agreement = self._agreement()  # a preparation is for one agreement
        data = json.dumps(
            {
                "minutes_available": prep.minutes_available,
                "items": [asdict(item) for item in prep.items],
                "extra": prep.extra,
                "agreement": agreement.name if agreement else None,
            }
        )
        stamp = iso(self._now())
        with self._store.write():
            self._conn.execute(
                "INSERT INTO preparations (id, created_at, updated_at, data) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "updated_at = excluded.updated_at, data = excluded.data",
                [prep_id, stamp, stamp, data],
            )
        return replace(prep, id=prep_id)

    def saved_preparation(self, check_in: Template | None = None) -> Preparation | None:
        """This agreement's preparation not yet used by a session record, if any.

        Given the check-in pack, its wellbeing summary keeps only what may
        leave under today's agreement (see `without_private`).
        """
        agreement = self._agreement()
        row = next(
            (
                (prep_id, data)
                for prep_id, data in self._conn.execute(
                    "SELECT id, data FROM preparations WHERE used_by IS NULL "
                    "ORDER BY updated_at DESC"
                )
                if self._supervision.belongs(
                    json.loads(data).get("agreement"), agreement
                )
            ),
            None,
        )
        if row is None:
            return None
        data = json.loads(row[1])
        items = tuple(AgendaItem(**item) for item in data.get("items", []))
        if check_in is not None:
            items = tuple(
                replace(i, ask=without_private(i.ask, check_in, agreement))
                if i.kind == "wellbeing"
                else i
                for i in items
            )
        return Preparation(
            id=row[0],
            minutes_available=int(data.get("minutes_available", 60)),
            items=items,
            extra=dict(data.get("extra", {})),
        )

    def record_session(
        self,
        session: Session,
        new_actions: Sequence[tuple[str, str, date | None]],
        prep: Preparation | None,
    ) -> Session:
        """Record a session and, in the same transaction, mark the preparation
        it was led from as used: which entries it brought is what stops them
        being offered again, so the two never come apart. The app's record
        screen and `reflect session record` both come here."""
        with self._store.write():
            saved = self._supervision.record_session(session, new_actions)
            if prep is not None and prep.id:
                self.mark_used(prep.id, saved.id)
        return saved

    def mark_used(self, prep_id: str, session_id: str) -> None:
        """The session record used this preparation: the next one starts afresh."""
        with self._store.write():
            self._conn.execute(
                "UPDATE preparations SET used_by = ? WHERE id = ?",
                [session_id, prep_id],
            )

    def current_or_default(self, check_in: Template | None) -> Preparation:
        """What the agenda export shows: the saved preparation, else every candidate."""
        return self.saved_preparation(check_in) or self.default_preparation(check_in)

    def gather(self, check_in: Template | None) -> AgendaContents:
        """Gather the agenda: the agreement, wellbeing, actions and chosen items.

        Check-ins count from the day after the last session, as entries do, so
        nothing already talked about comes round again.
        """
        agreement = self._agreement()
        last = self._last_session()
        chosen_only = self._chosen_only()  # a group's: no sections of their own
        found = (
            []
            if chosen_only
            else self._checkins.list(
                since=last.day + timedelta(days=1) if last else None
            )
        )
        dims = leaving_dimensions(check_in, agreement) if check_in is not None else []
        trend = wellbeing.describe_trend(found, dims) if dims else []
        prep = self.current_or_default(check_in)
        return AgendaContents(
            day=today(self._now),
            supervisor=agreement.supervisor if agreement else "",
            type=agreement.type if agreement else "",
            last_session=last.day if last else None,
            wellbeing=tuple(trend),
            notes=tuple((c.day, c.note) for c in found if c.bring),
            actions=() if chosen_only else tuple(self._actions(last)),
            items=tuple(self._brought(item) for item in prep.items),
            coverage=coverage(prep).words(),
            checkins=tuple(found),
            dimensions=tuple(dims),
        )

    def _actions(self, last: Session | None) -> list[Action]:
        """Last session's actions (done or not), then every other open one."""
        supervision = self._supervision
        chosen: list[Action] = []
        for action_id in last.actions if last else ():
            try:
                chosen.append(supervision.action(action_id))
            except NotFound:  # a record naming an action that is gone: skip it
                continue
        seen = {a.id for a in chosen}
        open_ones = supervision.actions(open_only=True)
        return chosen + [a for a in open_ones if a.id not in seen]

    def _brought(self, item: AgendaItem) -> BroughtItem:
        if not (item.include_text and item.kind == "entry" and item.ref):
            return BroughtItem(item)
        try:
            entry = self._entries.get(item.ref)
        except NotFound:  # deleted for good since it was chosen: title and ask only
            return BroughtItem(item)
        # The private note is never part of an agenda; only the answers are.
        return BroughtItem(item, tuple(a for a in entry.answers if a.response.strip()))


# ---- the privacy scan on paper -------------------------------------------


@dataclass(frozen=True)
class PaperFinding:
    """A detail on an agenda or record that could identify someone, and where."""

    where: str
    finding: Finding

    def line(self) -> str:
        """One line naming the place and what was found, for either interface."""
        return f"{self.where}: '{self.finding.text}' looks like {self.finding.label}"


_OWN_TITLES = frozenset({"wellbeing", "checkin"})
"""Items whose titles reflect writes ("Check-in on 02 Mar"): not scanned."""
_CHECKIN_TITLE = re.compile(r"Check-in on \d{2} [A-Z][a-z]{2}\Z")


def checkin_title(day: date) -> str:
    """A check-in's agenda title: its day, which is the worker's, not a
    person's they support (see `_CHECKIN_TITLE`)."""
    return f"Check-in on {day:%d %b}"


def _written_by_reflect(title: str) -> bool:
    """Whether a session item's title is one reflect gave an agenda item.

    A record's items keep their agenda titles but not their kinds, so the
    check-in's dated title is known by its shape.
    """
    return title == WELLBEING_TITLE or bool(_CHECKIN_TITLE.match(title))


def _scan_all(
    places: Sequence[tuple[str, str, bool]], watch_list: Sequence[str]
) -> list[PaperFinding]:
    """Scan (where, text, is-a-plan) pieces, in the order they are printed."""
    from reflect.core.privacy import scan  # its patterns compile on first use

    found: list[PaperFinding] = []
    for where, text, plan in places:
        found += [PaperFinding(where, f) for f in scan(text, watch_list, plan=plan)]
    return found


def agenda_findings(
    agenda: AgendaContents, watch_list: Sequence[str] = ()
) -> list[PaperFinding]:
    """The privacy scan over the words on an agenda that a person wrote.

    Only what the worker typed is scanned; the agenda's own dates and
    headings are reflect's words. Actions are plans, so their due dates are
    not a person's dates (the same rule as the writer's hint).
    """
    places: list[tuple[str, str, bool]] = []
    for day, note in agenda.notes:
        places.append((f"Check-in note of {day:%d %b}", note, False))
    for action in agenda.actions:
        places.append(("An action", action.text, True))
        places.append(("An action's owner", action.owner, False))
    for number, brought in enumerate(agenda.items, 1):
        item = brought.item
        if item.kind not in _OWN_TITLES:
            # An action's title carries its due date: a plan's, not a person's.
            places.append((f"Item {number}'s title", item.title, item.kind == "action"))
        # Even the wellbeing line's: the worker may have put it in own words.
        places.append((f"Item {number}'s ask", item.ask, False))
        for answer in brought.answers:
            if answer.input_type == "supervision":
                continue  # not printed: the ask stands for it
            places.append(
                (f"Item {number}, {answer.question or 'an answer'}",
                 answer.response, answer.input_type == "action")
            )  # fmt: skip
    return _scan_all(places, watch_list)


def session_findings(
    session: Session, actions: Sequence[Action], watch_list: Sequence[str] = ()
) -> list[PaperFinding]:
    """The privacy scan over the words of a session record that a person wrote."""
    places: list[tuple[str, str, bool]] = [("Attendees", session.attendees, False)]
    for number, item in enumerate(session.items, 1):
        if not _written_by_reflect(item.title):
            places.append((f"Item {number}'s title", item.title, False))
        places += [
            (f"Item {number}'s summary", item.summary, False),
            (f"Item {number}'s outcome", item.outcome, False),
        ]
    places += [
        ("Decisions", session.decisions, False),
        ("Support agreed", session.support, False),
        ("Learning needs", session.learning, False),
    ]
    for action in actions:
        places.append(("An action", action.text, True))
        places.append(("An action's owner", action.owner, False))
    return _scan_all(places, watch_list)


def findings_summary(found: Sequence[PaperFinding], what: str) -> str:
    """The sentence before the list: how many, in calm words."""
    count = "1 detail" if len(found) == 1 else f"{len(found)} details"
    return f"The privacy scan found {count} in the {what} that could identify someone:"
