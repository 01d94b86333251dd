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
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
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
    preparation_pack,
)

if TYPE_CHECKING:
    from reflect.core.privacy import Finding

KINDS = ("wellbeing", "action", "entry", "checkin", "free")
DEFAULT_MINUTES = {"wellbeing": 5, "action": 5, "entry": 15, "checkin": 5, "free": 10}
WELLBEING_TITLE = "How I have been since last time"
DEFAULT_FUNCTION = {"wellbeing": "restorative", "checkin": "restorative"}
"""The only functions reflect suggests: how the worker has been is restorative
until they say otherwise. An action, an entry or an item of their own says
what it is for only when the worker does (an entry keeps what they tagged)."""
REVIEW_EVERY = 6
"""Every this many sessions the agenda asks how supervision is going for both
of you."""
TOP = {
    "want": "What I most want from today",
    "short": "If time runs short",
}
"""The two lines at the top of an agenda, by their key in `Preparation.extra`
(and the `prepare` pack's step ids they are read from)."""
OTHER = {
    "supervisor": "My supervisor's items",
    "team": "Team and organisation",
    "learning": "Learning and development",
}
"""Sections a supervisor may expect, each shown only when something is
written in it, by their key in `Preparation.extra`."""
PACK_STEPS = {
    "prepare": {"want": "want", "short": "short"},
    "co-reflection": {"want": "what"},
}
"""For each preparation pack, which of its steps answer the top lines."""
INVITATIONS = {
    "normative": (
        "Nothing here is about how the work is done yet — is there a practice "
        "or boundary question you want to check?"
    ),
    "formative": (
        "Nothing here is about learning yet — is there something you want to grow in?"
    ),
    "restorative": (
        "Nothing here is about how you are yet — is there something you would "
        "like support with?"
    ),
}
"""Per supervision function nothing covers, an invitation in a worker's words
(a prompt to think, never a box left unticked)."""


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
    note: str = ""
    """Words the worker wrote with the thing itself (a check-in's note):
    shown with the item, apart from what they want from it."""


@dataclass(frozen=True)
class Preparation:
    """The worker's agenda for the coming session, saved as they build it."""

    id: str | None = None
    minutes_available: int | None = None
    """The time the worker set on the prepare screen; None follows the
    agreement's session length (`Agenda.minutes_for`)."""
    items: tuple[AgendaItem, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    """What the worker typed on the prepare screen, by key: the top lines
    (`TOP`) and the other sections (`OTHER`). Typed words win over the
    preparation pack's answers; a key typed empty stays empty."""


@dataclass(frozen=True)
class Coverage:
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    total: int
    """The sum of the chosen items' minutes."""
    available: int
    """The session's length: the agreement's, or what the worker set."""

    @property
    def over(self) -> int:
        return max(0, self.total - self.available)

    def time_words(self) -> str:
        """The total against the session's length, plainly."""
        line = f"{self.total} of {self.available} minutes"
        if self.over:
            return f"{line}: {self.over} over, so something may need to wait."
        spare = self.available - self.total
        return f"{line}, {spare} to spare." if spare else f"{line}."

    def invitations(self) -> list[str]:
        """One inviting question per function nothing covers yet."""
        return [INVITATIONS[f] for f in self.missing]


def coverage(prep: Preparation, available: int | None = None) -> Coverage:
    """Which functions the chosen items cover, and their total time against
    the session's length (`available`, else the preparation's, else 60).

    Words under "Learning and development" are learning: asking the worker
    whether there is something they want to grow in, just under what they
    wrote about it, would read as not having been listened to."""
    covered = {item.function for item in prep.items if item.function}
    if prep.extra.get("learning", "").strip():
        covered.add("formative")
    return Coverage(
        covered=tuple(f for f in FUNCTIONS if f in covered),
        missing=tuple(f for f in FUNCTIONS if f not in covered),
        total=sum(item.minutes for item in prep.items),
        available=available or prep.minutes_available or 60,
    )


def _item(
    kind: str,
    title: str,
    *,
    ref: str | None = None,
    ask: str = "",
    function: str = "",
    note: str = "",
) -> AgendaItem:
    return AgendaItem(
        kind=kind,
        title=title,
        ref=ref,
        ask=ask,
        minutes=DEFAULT_MINUTES[kind],
        function=function or DEFAULT_FUNCTION.get(kind, ""),
        note=note,
    )


def action_title(action: Action) -> str:
    """An action as an agenda item's title: its words and the day it is due."""
    due = f" (by {action.due.isoformat()})" if action.due else ""
    return f"{action.text}{due}"


def _starting(offered: Sequence[AgendaItem], available: int | None) -> Preparation:
    """Where a preparation starts from what could be brought: how the worker
    has been, and nothing else chosen for them."""
    items = tuple(i for i in offered if i.kind == "wellbeing")
    return Preparation(minutes_available=available, items=items)


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


def _own_words(ask: str, check_in: Template, agreement: Agreement | None) -> str:
    """A kept wellbeing item's ask as the worker's own words.

    Preparations saved before the trend moved to its own section carried
    the trend's words as the wellbeing item's ask ("Energy: down from 4 to
    2 (…); …"); the agenda says the trend once, in that section, so those
    words are left out. Anything the worker wrote is kept, private
    dimensions' lines taken out as ever (`without_private`).
    """
    kept = without_private(ask, check_in, agreement)
    names = tuple(
        f"{name}:"
        for d in wellbeing.dimensions(check_in)
        for name in wellbeing.names_shown(d.id)
    )
    parts = [p.strip() for p in kept.split("; ") if p.strip()]
    if parts and all(p.startswith(names) for p in parts):
        return ""
    return kept


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


HELD_BACK_TITLE = "A reflection to talk about (its words stay with me)"
"""How a shared agenda names a reflection not marked *can be shared*."""


@dataclass(frozen=True)
class AgendaContents:
    """Everything the agenda shows, gathered once so both formats agree."""

    day: date
    supervisor: str
    type: str
    last_session: date | None
    wellbeing: tuple[str, ...]
    """How each shared dimension went, one line each (`describe_trend`)."""
    notes: tuple[tuple[date, str], ...]
    """(day, note) of check-ins marked to bring that are not agenda items
    (one the worker chose as an item is said there, once); the note may be
    empty."""
    actions: tuple[Action, ...]
    """The action checklist: every open action, then those done since the
    last session. One the worker made an item is said as that item."""
    items: tuple[BroughtItem, ...]
    coverage: str
    """The total time against the session's length, in words."""
    checkins: tuple[CheckIn, ...] = ()
    """Every check-in in the period, oldest first: what a chart is drawn from."""
    name: str = ""
    """The agreement's name: a group is known by it, not by a supervisor."""
    chosen_only: bool = False
    """A group's agenda: only the items the worker chose, with no wellbeing,
    actions or marked reflections of theirs gathered on to it."""
    dimensions: tuple[Dimension, ...] = ()
    """The dimensions whose scores may leave this machine (`may_leave`):
    the only ones the agenda may describe or draw."""
    top: tuple[tuple[str, str], ...] = ()
    """(key, words) of the top lines in `TOP`'s order: typed on the prepare
    screen, else from the preparation pack; words may be empty."""
    other: tuple[tuple[str, str], ...] = ()
    """(key, words) of the other sections (`OTHER`) that have words."""
    invitations: tuple[str, ...] = ()
    """One inviting question per supervision function nothing covers."""
    total_minutes: int = 0
    """The sum of the chosen items' minutes."""
    available_minutes: int = 60
    """The session's length the total is set against."""
    review: int = 0
    """The coming session's number when it is one to ask how supervision is
    going (every `REVIEW_EVERY`), else 0."""
    waiting: tuple[AgendaItem, ...] = ()
    """With no preparation saved, the reflections flagged to bring: listed
    with what the worker wants from them, not made items (the worker has
    not chosen them, their order or their minutes)."""


def wellbeing_summary(contents: AgendaContents) -> str:
    """How the worker has been as one sentence ("2 check-ins: energy went
    from 4 to 2 (running low)"), for a share: the same check-ins and the same
    dimensions as the agenda's wellbeing section, so only what may leave."""
    return wellbeing.trend_summary(contents.checkins, contents.dimensions)


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
        if check_in is not None:
            found = self._since_last(self._last_session())
            dims = leaving_dimensions(check_in, self._agreement())
            # The item is the time to talk about it; the words of the trend
            # are the agenda's wellbeing section, said there once.
            if wellbeing.answered(found, dims):
                items.append(_item("wellbeing", WELLBEING_TITLE))
            for c in found:
                if c.bring:
                    title = checkin_title(c.day)
                    items.append(_item("checkin", title, ref=c.id, note=c.note))
        for action in supervision.actions(open_only=True):
            items.append(_item("action", action_title(action), ref=action.id))
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
        self, check_in: Template | None, *, available: int | None = None
    ) -> Preparation:
        """Every candidate but the actions, in a sensible order: wellbeing,
        then the rest. The actions are the agenda's checklist, not an item
        each, until the worker makes one an item. A group's agenda holds
        only what the worker chose (see `_chosen_only`), so none."""
        if self._chosen_only():
            return Preparation(minutes_available=available)
        items = [i for i in self.candidates(check_in) if i.kind != "action"]
        order = {kind: n for n, kind in enumerate(KINDS)}
        items.sort(key=lambda item: order[item.kind])
        return Preparation(minutes_available=available, items=tuple(items))

    def starting_preparation(
        self, check_in: Template | None, *, available: int | None = None
    ) -> Preparation:
        """Where the prepare screen starts: how the worker has been.

        Everything else waits under "could also bring" for the worker to pick,
        and the actions are a checklist; starting with every candidate chosen
        would be a list to cut, not an agenda. A group's agenda holds only
        what the worker chooses to bring to the group, so it starts empty.
        """
        if self._chosen_only():
            return Preparation(minutes_available=available)
        return _starting(self.candidates(check_in), available)

    def minutes_for(self, prep: Preparation) -> int:
        """The session's length the agenda is set against: what the worker
        set on the prepare screen, else the agreement's."""
        if prep.minutes_available is not None:
            return prep.minutes_available
        agreement = self._agreement()
        return agreement.minutes if agreement else 60

    def top_lines(self, prep: Preparation) -> dict[str, str]:
        """What the worker most wants from today and what matters if time
        runs short: typed on the prepare screen, else the preparation pack's
        answers (`pack_answers`). A line typed empty stays empty."""
        found = self.pack_answers()
        return {key: prep.extra.get(key, found.get(key, "")) for key in TOP}

    def pack_answers(self) -> dict[str, str]:
        """The top lines as answered in the newest complete entry written with
        this agreement's preparation pack since its last session (by `TOP`
        key; only those answered). Older ones belonged to an earlier session."""
        pack = preparation_pack(self._agreement())
        steps = PACK_STEPS.get(pack, {})
        saved_at = self._saved_at(self._last_session())
        row = self._conn.execute(
            "SELECT id FROM entries WHERE template_id = ? AND status = 'complete' "
            "AND deleted_at IS NULL AND updated_at > ? "
            "ORDER BY updated_at DESC LIMIT 1",
            [pack, saved_at],
        ).fetchone()
        if row is None or not steps:
            return {}
        answers = dict(
            self._conn.execute(
                "SELECT step_id, response FROM answers WHERE entry_id = ?", [row[0]]
            ).fetchall()
        )
        found = {
            key: str(answers.get(step) or "").strip() for key, step in steps.items()
        }
        return {key: text for key, text in found.items() if text}

    def checklist(self) -> list[Action]:
        """The agenda's action checklist: every open action, then those done
        since the last session (as `gather` has them)."""
        return self._actions(self._last_session())

    def wellbeing_count(self, check_in: Template | None) -> int:
        """How many check-ins since the last record the agenda can speak of
        (scoring a dimension that may leave), for the prepare screen."""
        if check_in is None:
            return 0
        dims = leaving_dimensions(check_in, self._agreement())
        return wellbeing.answered(self._since_last(self._last_session()), dims)

    def typed_top(self, prep: Preparation, values: dict[str, str]) -> Preparation:
        """The preparation with lines the worker typed (top lines or other
        sections, by key). A top line typed as the preparation pack already
        answers it is not kept as typed, so a newer pack answer still shows;
        an other section left empty is not kept at all."""
        found = self.pack_answers()
        extra = dict(prep.extra)
        for key, value in values.items():
            value = value.strip()
            if (key in TOP and value == found.get(key, "")) or (
                key in OTHER and not value
            ):
                extra.pop(key, None)
            else:
                extra[key] = value
        return replace(prep, extra=extra)

    def recorded(self) -> int:
        """How many sessions of this agreement are recorded: the one place
        they are counted, for the periodic review."""
        agreement = self._agreement()
        name = agreement.name if agreement else None
        return len(self._supervision.sessions(limit=-1, agreement=name))

    def review_due(self) -> int:
        """The coming session's number when it is one to ask how supervision
        is going for both of you (every `REVIEW_EVERY`), else 0."""
        coming = self.recorded() + 1
        return coming if coming % REVIEW_EVERY == 0 else 0

    def _saved_at(self, last: Session | None) -> str:
        """When the last session record was first saved ("" for none): what
        counts as since last time is what was saved after that moment."""
        if last is None:
            return ""
        row = self._conn.execute(
            "SELECT created_at FROM sessions WHERE id = ?", [last.id]
        ).fetchone()
        return str(row[0]) if row else ""

    def _since_last(self, last: Session | None) -> list[CheckIn]:
        """Check-ins saved (or changed) after the last record was saved.

        By the moment, not the day: one made an hour after a session
        recorded the same morning belongs to the next agenda, and a record
        written days late still leaves out what was said before it.
        """
        return self._checkins.list(saved_after=self._saved_at(last))

    def save_preparation(self, prep: Preparation) -> Preparation:
        """Keep the preparation in progress (there is one until a session uses it).

        A preparation a session record has used is never written over: a
        screen still open on it (a session recorded from the CLI, or another
        window, meanwhile) saves what the worker goes on typing as a new one,
        so it reaches the next agenda instead of vanishing into the record's.
        """
        prep_id = prep.id or str(uuid.uuid4())
        agreement = self._agreement()  # a preparation is for one agreement
        data = json.dumps(
            {
                "version": 2,
                "minutes_available": prep.minutes_available,
                "items": [asdict(item) for item in prep.items],
                "extra": prep.extra,
                "agreement": agreement.name if agreement else None,
            }
        )
        stamp = iso(self._now())
        with self._store.write():
            used = self._conn.execute(
                "SELECT 1 FROM preparations WHERE id = ? AND used_by IS NOT NULL",
                [prep_id],
            ).fetchone()
            if used:
                prep_id = str(uuid.uuid4())
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
                replace(i, ask=_own_words(i.ask, check_in, agreement))
                if i.kind == "wellbeing"
                else i
                for i in items
            )
        minutes = data.get("minutes_available")
        if data.get("version") is None and minutes == 60:
            minutes = None  # the old default, never chosen: follow the agreement
        return Preparation(
            id=row[0],
            minutes_available=int(minutes) if minutes is not None else None,
            items=items,
            extra={str(k): str(v) for k, v in dict(data.get("extra", {})).items()},
        )

    def record_session(
        self,
        session: Session,
        new_actions: Sequence[tuple[str, str, date | None]],
        prep: Preparation | None,
    ) -> Session:
        """Record a session and, in the same transaction, mark the preparation
        it was led from as used: which entries it brought is what stops them
        being offered again, so the two never come apart. The preparation
        keeps the top lines the session was led from, whether typed or
        from the preparation pack. The app's record screen and `reflect
        session record` both come here."""
        # What the worker most wanted, kept with the preparation the session
        # used: read before the record is saved, which ends "since the last
        # session" for the preparation pack's answers.
        kept = (
            replace(prep, extra={**prep.extra, **self.top_lines(prep)})
            if prep
            else None
        )
        with self._store.write():
            saved = self._supervision.record_session(session, new_actions)
            if kept is not None and kept.id:
                self.save_preparation(kept)
                self.mark_used(kept.id, saved.id)
        return saved

    def mark_used(self, prep_id: str, session_id: str) -> None:
        """The session record used this preparation: the next one starts afresh."""
        with self._store.write():
            self._conn.execute(
                "UPDATE preparations SET used_by = ? WHERE id = ?",
                [session_id, prep_id],
            )

    def current_or_default(self, check_in: Template | None) -> Preparation:
        """What the agenda export shows: the saved preparation, else where the
        prepare screen starts (how the worker has been). Reflect does not
        choose the worker's items or their minutes for them: until they do,
        what they flagged is listed as waiting (`AgendaContents.waiting`)."""
        return self.saved_preparation(check_in) or self.starting_preparation(check_in)

    def gather(self, check_in: Template | None) -> AgendaContents:
        """Gather the agenda: the agreement, wellbeing, actions and chosen items.

        Check-ins count from the moment the last record was saved, so nothing
        already talked about comes round again and nothing said after it is
        lost. Each thing is gathered for one place: a check-in or action the
        worker made an item is not also listed with the others.
        """
        agreement = self._agreement()
        last = self._last_session()
        chosen_only = self._chosen_only()  # a group's: no sections of their own
        found = [] if chosen_only else self._since_last(last)
        dims = leaving_dimensions(check_in, agreement) if check_in is not None else []
        trend = wellbeing.describe_trend(found, dims) if dims else []
        saved = self.saved_preparation(check_in)
        waiting: tuple[AgendaItem, ...] = ()
        if saved is not None or chosen_only:
            prep = saved or Preparation()
        else:  # nothing prepared: where the screen would start, the rest waiting
            offered = self.candidates(check_in)
            prep = _starting(offered, None)
            waiting = tuple(i for i in offered if i.kind == "entry")
        as_items = {i.ref for i in prep.items if i.kind == "checkin"}
        cover = coverage(prep, self.minutes_for(prep))
        top = self.top_lines(prep)
        return AgendaContents(
            day=today(self._now),
            supervisor=agreement.supervisor if agreement else "",
            name=agreement.name if agreement else "",
            chosen_only=chosen_only,
            type=agreement.type if agreement else "",
            last_session=last.day if last else None,
            wellbeing=tuple(trend),
            notes=tuple(
                (c.day, c.note) for c in found if c.bring and c.id not in as_items
            ),
            actions=() if chosen_only else tuple(self._actions(last)),
            items=tuple(self._brought(item) for item in prep.items),
            coverage=cover.time_words(),
            checkins=tuple(found),
            dimensions=tuple(dims),
            top=tuple((key, top[key].strip()) for key in TOP),
            other=tuple(
                (key, prep.extra[key].strip())
                for key in OTHER
                if prep.extra.get(key, "").strip()
            ),
            invitations=tuple(cover.invitations()),
            total_minutes=cover.total,
            available_minutes=cover.available,
            review=self.review_due(),
            waiting=waiting,
        )

    def _actions(self, last: Session | None) -> list[Action]:
        """Every open action, then those done since the last record was saved
        (with no session yet, nothing counts as done since)."""
        saved_at = self._saved_at(last)
        if not saved_at:
            return self._supervision.actions(open_only=True)
        return self._supervision.actions(done_after=saved_at)

    def _brought(self, item: AgendaItem) -> BroughtItem:
        if not (item.include_text and item.kind == "entry" and item.ref):
            return BroughtItem(item)
        try:
            entry = self._entries.get(item.ref)
        except NotFound:  # deleted for good since it was chosen: title and ask only
            return BroughtItem(item)
        # The private note is never part of an agenda; only the answers are.
        return BroughtItem(item, tuple(a for a in entry.answers if a.response.strip()))


def as_shared(contents: AgendaContents, shareable: Collection[str]) -> AgendaContents:
    """The agenda as it may leave in a share.

    A reflection not marked *can be shared* keeps its place, minutes,
    function and what the worker wants from it, but not its title or words:
    a quick note's title is its first line, often the whole of it. The
    agenda a worker exports for themselves is unchanged.
    """
    items = tuple(
        brought
        if brought.item.kind != "entry" or not brought.item.ref
        or brought.item.ref in shareable
        else BroughtItem(replace(brought.item, title=HELD_BACK_TITLE, note=""))
        for brought in contents.items
    )  # fmt: skip
    return replace(contents, items=items)


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


def scan_all(
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
    places: list[tuple[str, str, bool]] = [
        (TOP[key], words, False) for key, words in agenda.top
    ]
    places += [(OTHER[key], words, False) for key, words in agenda.other]
    for day, note in agenda.notes:
        places.append((f"Check-in note of {day:%d %b}", note, False))
    for item in agenda.waiting:
        places.append(("A reflection marked to bring", item.title, False))
        places.append((f"What I want from '{item.title}'", item.ask, False))
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
        places.append((f"Item {number}'s note", item.note, False))
        for answer in brought.answers:
            if answer.input_type == "supervision":
                continue  # not printed: the ask stands for it
            places.append(
                (f"Item {number}, {answer.question or 'an answer'}",
                 answer.response, answer.input_type == "action")
            )  # fmt: skip
    return scan_all(places, watch_list)


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
    return scan_all(places, watch_list)


def findings_summary(found: Sequence[PaperFinding], what: str) -> str:
    """The sentence before the list: how many, in calm words."""
    count = "1 detail" if len(found) == 1 else f"{len(found)} details"
    return f"The privacy scan found {count} in the {what} that could identify someone:"
