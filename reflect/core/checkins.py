"""Wellbeing check-ins: under a minute, one a day, and a trend to look back on.

The dimensions are the `wellbeing` pack's scale steps (5 is always the end
where the worker is doing well). These are reflection aids, not clinical
scores: nothing here judges a number, counts streaks or sets quotas. The one
thing it does is notice, quietly, when a dimension has stayed low three times
running, so the worker can choose to take it to supervision.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reflect.core import settings
from reflect.core.clock import iso, local_today
from reflect.core.errors import ReflectError
from reflect.core.models import Template
from reflect.core.service import Service

LOW = 2
"""A score at or below this is the low end of the scale."""
RUN = 3
"""How many low check-ins in a row before reflect gently notices."""
SPARKS = "▁▂▃▄▅▆▇█"
_DISMISSED = "noticing_dismissed"

NAMES = {
    "energy": "Energy",
    "satisfaction": "Satisfaction",
    "carrying": "Work stays at work",
    "connection": "Connection",
    "recovery": "Own wellbeing",
    "role": "Role",
    "workload": "Workload",
    "safety": "Feeling safe",
}
"""Short, calm names for the shipped dimensions, wherever a dimension is named
(home, the trend, `reflect checkins`, the agenda and what is shared). The ids
stay as they were stored; these are only the words shown. A dimension from a
worker's or an organisation's own pack is named from its id."""


@dataclass(frozen=True)
class Dimension:
    """One scale of the check-in, with its five labels (1 to 5)."""

    id: str
    name: str
    question: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class CheckIn:
    """One day's check-in."""

    id: str
    day: date
    created_at: str
    updated_at: str
    scores: Mapping[str, int] = field(default_factory=dict)
    note: str = ""
    bring: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "scores": dict(self.scores),
            "note": self.note,
            "bring": self.bring,
        }


def _id_as_words(dim_id: str) -> str:
    """ "own_recovery" as "Own recovery": how any dimension was named before
    `NAMES`, and how one from a worker's own pack is named still."""
    return dim_id.replace("-", " ").replace("_", " ").capitalize()


def name_of(dim_id: str) -> str:
    """The words a dimension is shown by: its short name, else its id as words."""
    return NAMES.get(dim_id) or _id_as_words(dim_id)


def names_shown(dim_id: str) -> tuple[str, ...]:
    """Every name a dimension has been shown by: today's, and the id as words
    that named it before (a summary saved then, in a kept preparation, says
    "Recovery: …" where one written now says "Own wellbeing: …"). For
    anything that must find a dimension's line in words already written."""
    before = _id_as_words(dim_id)
    now = name_of(dim_id)
    return (now,) if now == before else (now, before)


def dimensions(template: Template) -> list[Dimension]:
    """The check-in's dimensions: the pack's scale steps, in order."""
    return [
        Dimension(s.id, name_of(s.id), s.question, s.labels)
        for s in template.steps
        if s.input == "scale"
    ]


today = local_today
"""The worker's local date: one check-in per day as they live it."""


def validate(scores: Mapping[str, int], dims: Sequence[Dimension]) -> dict[str, int]:
    """Refuse unknown dimensions and values outside 1 to 5, naming what is allowed."""
    known = [d.id for d in dims]
    for key, value in scores.items():
        if key not in known:
            raise ReflectError(
                f"there is no dimension called {key!r}; the dimensions are "
                f"{', '.join(known)}, each from 1 to 5"
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ReflectError(
                f"{key} must be a whole number from 1 to 5 (5 is doing well), not "
                f"{value!r}; the dimensions are {', '.join(known)}"
            )
    if not scores:
        raise ReflectError(
            f"give at least one dimension ({', '.join(known)}), each from 1 to 5"
        )
    return dict(scores)


def series(checkins: Sequence[CheckIn], dim: str) -> list[int]:
    """One dimension's values over the check-ins that answered it."""
    return [c.scores[dim] for c in checkins if dim in c.scores]


def timeline(checkins: Sequence[CheckIn], dim: str) -> list[int | None]:
    """One dimension's values for a sparkline, one per check-in, so every
    dimension's line keeps the same days in the same columns: a blank where
    it was not answered (before its first day, for workload and safety, which
    came after the others, and on a day checked in with `--set` for only
    some), never a later value moved left to fill the gap."""
    values = [c.scores.get(dim) for c in checkins]
    return values if any(v is not None for v in values) else []


def sparkline(values: Sequence[int | None]) -> str:
    """Values 1-5 as a row of block characters (5 is the tallest); a blank
    where there is no value."""
    return "".join(
        " " if v is None else SPARKS[round((v - 1) * (len(SPARKS) - 1) / 4)]
        for v in values
    )


# ---- gentle noticing -----------------------------------------------------


def _low_run(checkins: Sequence[CheckIn], dim: str) -> list[CheckIn]:
    """The check-ins at the end of the list where `dim` has stayed low."""
    answered = [c for c in checkins if dim in c.scores]
    run: list[CheckIn] = []
    for checkin in reversed(answered):
        if checkin.scores[dim] > LOW:
            break
        run.append(checkin)
    return run


def describe_trend(checkins: Sequence[CheckIn], dims: Sequence[Dimension]) -> list[str]:
    """How each dimension went over the period, one line each, in words that
    fit how much there is to say.

    One score is just that score ("Energy 2 (running low)"): a single
    check-in has no trend, and "steady" would claim one. Two say where it
    went ("went from 4 to 2", or "stayed at 3"). Three or more say the same
    and add the lowest or highest when the way between went further than
    the ends, since a dip in the middle is part of the story. The label
    is always the latest score's, in the pack's own words.
    """
    lines = []
    for dim in dims:
        values = series(checkins, dim.id)
        if not values:
            continue
        first, last = values[0], values[-1]
        label = f"({dim.labels[last - 1].lower()})"
        if len(values) == 1:
            lines.append(f"{dim.name} {last} {label}")
            continue
        if first == last:
            move = (
                f"stayed at {last}"
                if min(values) == max(values)
                else (f"was {last} at the start and at the end")
            )
        else:
            move = f"went from {first} to {last}"
        line = f"{dim.name} {move} {label}"
        if len(values) > 2:
            low, high = min(values), max(values)
            if low < min(first, last):
                line += f", lowest {low}"
            if high > max(first, last):
                line += f", highest {high}"
        lines.append(line)
    return lines


def answered(checkins: Sequence[CheckIn], dims: Sequence[Dimension]) -> int:
    """How many of the check-ins scored at least one of `dims`: what the
    wellbeing words count (one that scored only a private dimension is
    not a check-in the agenda can speak of)."""
    ids = {d.id for d in dims}
    return sum(1 for c in checkins if ids.intersection(c.scores))


def count_words(count: int) -> str:
    """ "One check-in", "2 check-ins": the lead of the wellbeing words."""
    return "One check-in" if count == 1 else f"{count} check-ins"


def trend_summary(checkins: Sequence[CheckIn], dims: Sequence[Dimension]) -> str:
    """The wellbeing words as one sentence, for a share or a screen line:
    "2 check-ins: energy went from 4 to 2 (running low)". Empty when no
    check-in scored any of `dims`."""
    lines = describe_trend(checkins, dims)
    if not lines:
        return ""
    said = "; ".join(line[:1].lower() + line[1:] for line in lines)
    return f"{count_words(answered(checkins, dims))}: {said}"


def _from_row(row: Sequence[Any]) -> CheckIn:
    return CheckIn(
        id=row[0],
        day=date.fromisoformat(row[1]),
        created_at=row[2],
        updated_at=row[3],
        scores=json.loads(row[4]),
        note=row[5],
        bring=bool(row[6]),
    )


_COLUMNS = "id, day, created_at, updated_at, scores, note, bring"


class Checkins(Service):
    """The journal's check-ins (`journal.checkins`): saved, listed and noticed.

    The day a check-in belongs to is read from the journal's clock, so a
    screen, a command and a test all agree on what "today" is.
    """

    def today(self) -> date:
        """The worker's local date by the journal's clock."""
        return today(self._now)

    def save(
        self,
        template: Template,
        scores: Mapping[str, int],
        *,
        note: str | None = None,
        bring: bool | None = None,
    ) -> CheckIn:
        """Save today's check-in; checking in again the same day edits it.

        A note or *bring* left as None keeps what today's check-in already has,
        so a quick `reflect checkin --set energy=3` never clears either.
        """
        clean = validate(scores, dimensions(template))
        moment = self._now()  # one reading: the day and the stamp agree at midnight
        local_day = moment.astimezone().date()
        day = local_day.isoformat()
        stamp = iso(moment)
        with self._store.write():
            row = self._conn.execute(
                "SELECT id, scores, note, bring FROM checkins WHERE day = ?", [day]
            ).fetchone()
            if row is None:
                self._conn.execute(
                    "INSERT INTO checkins (id, day, created_at, updated_at, "
                    "template_version, scores, note, bring) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [str(uuid.uuid4()), day, stamp, stamp, template.version,
                     json.dumps(clean), (note or "").strip(), int(bool(bring))],
                )  # fmt: skip
            else:
                merged = {**json.loads(row[1]), **clean}
                self._conn.execute(
                    "UPDATE checkins SET updated_at = ?, scores = ?, note = ?, "
                    "bring = ? WHERE id = ?",
                    [
                        stamp,
                        json.dumps(merged),
                        row[2] if note is None else note.strip(),
                        row[3] if bring is None else int(bring),
                        row[0],
                    ],
                )
        found = self.on(local_day)
        assert found is not None
        return found

    def on(self, day: date) -> CheckIn | None:
        """The check-in of `day`, if the worker checked in that day."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM checkins WHERE day = ?", [day.isoformat()]
        ).fetchone()
        return None if row is None else _from_row(row)

    def set_bring(self, checkin_id: str, bring: bool = True) -> None:
        """Mark (or unmark) a check-in to take to supervision."""
        with self._store.write():
            self._conn.execute(
                "UPDATE checkins SET bring = ? WHERE id = ?", [int(bring), checkin_id]
            )

    def recent(self, weeks: int = 8) -> list[CheckIn]:
        """The check-ins of the last `weeks` weeks (home's sparklines)."""
        return self.list(since=self.today() - timedelta(weeks=weeks))

    # ---- gentle noticing -------------------------------------------------

    def noticing(
        self, checkins: Sequence[CheckIn], dims: Sequence[Dimension]
    ) -> list[Dimension]:
        """Dimensions low for three check-ins in a row, unless dismissed this run."""
        dismissed = self._dismissed()
        found = []
        for dim in dims:
            run = _low_run(checkins, dim.id)
            if len(run) < RUN:
                continue
            quiet_since = dismissed.get(dim.id)
            if quiet_since and any(c.day.isoformat() <= quiet_since for c in run):
                continue  # dismissed during this same low stretch
            found.append(dim)
        return found

    def dismiss_noticing(self, dim: str, on: date) -> None:
        """Stay quiet about `dim` until it has been out of the low end and back."""
        with self._store.write():  # read and write as one: no dismissal is lost
            dismissed = self._dismissed()
            dismissed[dim] = on.isoformat()
            settings.write(self._store, {_DISMISSED: dismissed})

    def _dismissed(self) -> dict[str, str]:
        """Each dismissed dimension and the day it was dismissed."""
        value = settings.read(self._store, _DISMISSED, {})
        return value if isinstance(value, dict) else {}

    # Last in the class: below this method, `list[...]` in an annotation would
    # name the method rather than the built-in type (mypy reads it so).
    def list(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        saved_after: str | None = None,
    ) -> list[CheckIn]:
        """Check-ins oldest first, within the days given (both ends included);
        with `saved_after` (a stored moment), only those saved or changed
        after it, chosen in SQL so years of check-ins are not all read."""
        after = "AND updated_at > ? " if saved_after is not None else ""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM checkins WHERE day >= ? AND day <= ? "
            f"{after}ORDER BY day",
            [
                (since or date.min).isoformat(),
                (until or date.max).isoformat(),
                *([saved_after] if saved_after is not None else []),
            ],
        ).fetchall()
        return [_from_row(row) for row in rows]
