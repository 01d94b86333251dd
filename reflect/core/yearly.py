"""A year in review: the numbers that matter and the entries the worker chose.

At appraisal, in training or when applying for a next role, a worker is
asked how they have developed. Reflect already holds the material; this
gathers one calendar year of it, once, so the preview and every format say
the same thing (`YearContents`; rendering lives in `export.review`):

- how many reflections were written each month (complete entries, not the
  trash; reflections and quick notes counted apart, so a month of quick
  notes does not read as a month of deep reflection);
- supervision sessions recorded against about how many each agreement
  expected (its interval into the days of the year so far: "about", since
  holidays and a changed agreement make any sum rough);
- the actions agreed at the year's sessions, and how many of them are done;
- the themes written about most (tags and packs, five of each);
- the entries the worker linked to a framework, with their "what this
  shows" lines, and an entry's own words only when the worker includes it,
  entry by entry;
- the framework's coverage table for that year.

How the worker's own recovery is going is theirs to tell. Nothing from a
check-in is gathered, and an entry about their own recovery (tagged
`own-recovery`, or written with a pack about it, `OWN_RECOVERY_PACKS`) is left out
of the themes, the chosen entries and the coverage table unless the worker
includes it by its id. It still counts in the month's number: a number says
that they reflected, not what about.

An open journal reaches this through `journal.yearly`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reflect.core import portfolio_summary
from reflect.core.clock import local_today
from reflect.core.entries import Entries
from reflect.core.errors import NotFound, ReflectError
from reflect.core.frameworks import Framework, FrameworkLibrary
from reflect.core.models import Answer, Entry
from reflect.core.portfolio import Portfolio, PortfolioView
from reflect.core.service import Bound, Service
from reflect.core.supervision import Session, Supervision

if TYPE_CHECKING:
    from reflect.core.agenda import PaperFinding
    from reflect.core.templates import Library

OWN_RECOVERY_TAG = "own-recovery"
"""The tag that marks an entry as about the worker's own recovery."""
OWN_RECOVERY_PACKS = frozenset({"relapse-and-recovery"})
"""Packs whose whole subject is the worker's own recovery. A pack that only
suggests the tag (self-care, returning to work) is not one: what a worker
writes with it is about their own recovery when they keep the tag."""
TOP_THEMES = 5


def choose_framework(
    library: FrameworkLibrary, wanted: str | None = None
) -> Framework | None:
    """The framework a review's coverage is read through: the one the
    portfolio would show (`portfolio_summary.choose`); None when there is
    none at all, as a review is still worth having without one."""
    try:
        return portfolio_summary.choose(library, wanted or None)
    except portfolio_summary.NoFramework:
        return None


@dataclass(frozen=True)
class Packs:
    """What a review needs to know of the prompt packs: their titles, and
    which are about the worker's own recovery."""

    titles: Mapping[str, str]
    private: frozenset[str] = OWN_RECOVERY_PACKS

    @classmethod
    def of(cls, library: Library | None) -> Packs:
        packs = library.packs.values() if library is not None else ()
        return cls(titles={p.id: p.title for p in packs})


@dataclass(frozen=True)
class Month:
    """One month's complete entries."""

    month: int
    reflections: int
    notes: int


@dataclass(frozen=True)
class Theme:
    """A tag or a pack, and how many of the year's entries carry it."""

    name: str
    count: int


@dataclass(frozen=True)
class Held:
    """One agreement's sessions in the year against about how many it expected."""

    name: str
    every_days: int
    held: int
    expected: int


@dataclass(frozen=True)
class Chosen:
    """An entry the worker chose: linked to a framework area, or included."""

    entry_id: str
    title: str
    written: date
    shows: tuple[tuple[str, str], ...]
    """(area title, "what this shows" line) for each area it is linked to."""
    answers: tuple[Answer, ...] = ()
    """The entry's own words: only when the worker included it."""
    included: bool = False


@dataclass(frozen=True)
class CoverageRow:
    """One area of the framework in the coverage table."""

    domain: str
    area: str
    count: int
    latest: date | None


@dataclass(frozen=True)
class YearContents:
    """Everything the year in review says, gathered once so every format
    (and the preview) agrees."""

    year: int
    made: date
    """The day it was put together."""
    until: date
    """The last day counted: the end of the year, or today within it."""
    months: tuple[Month, ...]
    held: tuple[Held, ...]
    actions_agreed: int
    """Actions agreed at the sessions recorded in the year."""
    actions_done: int
    """How many of those are done now."""
    tags: tuple[Theme, ...]
    packs: tuple[Theme, ...]
    chosen: tuple[Chosen, ...]
    framework: Framework | None
    coverage: tuple[CoverageRow, ...]
    withheld: tuple[str, ...] = ()
    """Ids of linked entries about the worker's own recovery left out (the
    worker may include them): said to the worker, never on the page."""

    @property
    def reflections(self) -> int:
        return sum(m.reflections for m in self.months)

    @property
    def notes(self) -> int:
        return sum(m.notes for m in self.months)

    @property
    def sessions(self) -> int:
        return sum(h.held for h in self.held)


def _shown_answers(answers: Sequence[Answer]) -> tuple[Answer, ...]:
    """An included entry's answers as they may leave: those with words,
    and never the supervision step (what the worker wants from a session
    is for that session). The private note is not an answer: it never goes."""
    return tuple(
        a for a in answers if a.response.strip() and a.input_type != "supervision"
    )


def _days(first: date, last: date) -> int:
    return max(0, (last - first).days + 1)


class _Pass:
    """What the counts of a year's entries come to."""

    def __init__(self) -> None:
        self.by_month: Counter[tuple[int, str]] = Counter()
        self.tags: Counter[str] = Counter()
        self.spelled: dict[str, str] = {}
        self.packs: Counter[str] = Counter()

    def months(self) -> tuple[Month, ...]:
        return tuple(
            Month(m, self.by_month[(m, "reflection")], self.by_month[(m, "note")])
            for m in range(1, 13)
        )

    def top_tags(self) -> tuple[Theme, ...]:
        ranked = sorted(
            ((k, n) for k, n in self.tags.items() if n > 0),
            key=lambda kv: (-kv[1], kv[0]),
        )
        return tuple(Theme(self.spelled[k], n) for k, n in ranked[:TOP_THEMES])

    def top_packs(self) -> list[tuple[str, int]]:
        ranked = sorted(
            ((k, n) for k, n in self.packs.items() if n > 0),
            key=lambda kv: (-kv[1], kv[0]),
        )
        return ranked[:TOP_THEMES]


class Yearly(Service):
    """One open journal's year in review. `journal.yearly`."""

    def __init__(
        self,
        bound: Bound,
        entries: Entries,
        supervision: Supervision,
        portfolio: Portfolio,
    ) -> None:
        super().__init__(bound)
        self._entries = entries
        self._supervision = supervision
        self._portfolio = portfolio

    def this_year(self) -> int:
        """The worker's current year: the default one to review."""
        return local_today(self._now).year

    def gather(
        self,
        year: int | None = None,
        *,
        framework: Framework | None = None,
        include: Collection[str] = (),
        packs: Packs | None = None,
    ) -> YearContents:
        """Gather one calendar year (this one by default).

        `include` names entries (ids or unique prefixes) whose own words go
        in, each written in that year and not in the trash; an unknown or
        out-of-year one is refused whole. `packs` names packs as the worker
        knows them (`Packs.of` a library; without it, by their ids).
        """
        today = local_today(self._now)
        year = today.year if year is None else year
        if not 1900 < year < 10000:
            raise ReflectError(f"{year} is not a year reflect can review")
        first, last = date(year, 1, 1), date(year, 12, 31)
        until = min(last, today) if today >= first else first - timedelta(days=1)
        wanted = self._included(include, year)
        packs = packs or Packs({})
        private = tuple(sorted(packs.private))
        sessions = self._supervision.sessions(limit=-1, since=first, until=until)
        held = self._held(sessions, _days(first, until))
        agreed, done = self._actions(sessions)
        counted = self._year_pass(year, private)
        view = (
            self._portfolio.view(framework, since=first, until=last)
            if framework is not None
            else None
        )
        hidden = self._own_recovery(view, private) - set(wanted)
        chosen = self._chosen(view, wanted, hidden)
        return YearContents(
            year=year,
            made=today,
            until=until,
            months=counted.months(),
            held=held,
            actions_agreed=agreed,
            actions_done=done,
            tags=counted.top_tags(),
            packs=tuple(
                Theme(packs.titles.get(name, name), count)
                for name, count in counted.top_packs()
            ),
            chosen=chosen,
            framework=framework,
            coverage=_coverage(view, hidden) if view else (),
            withheld=tuple(sorted(hidden)),
        )

    # -- the numbers --

    def _own(self, private: Sequence[str]) -> tuple[str, list[str]]:
        """SQL that is true of an entry about the worker's own recovery."""
        marks = ", ".join("?" for _ in private) or "NULL"
        return (
            f"(coalesce(e.template_id, '') IN ({marks}) OR EXISTS (SELECT 1 FROM "
            "entry_tags o WHERE o.entry_id = e.id AND o.tag = ?))",
            [*private, OWN_RECOVERY_TAG],
        )

    def _year_pass(self, year: int, private: Sequence[str]) -> _Pass:
        """Count the year's complete entries, not in the trash: by month and
        kind, by tag and by pack (these two leaving out entries about the
        worker's own recovery: its tag, or a pack of `private`).

        A worker writes for years, so this reads neither the year's entries
        nor an index of them: `month_counts` and `tag_counts` (schema step
        0013) hold the counts, kept by triggers as entries change, so a year
        is a few hundred rows however long the journal.
        """
        counted = _Pass()
        conn = self._conn
        for month, pack, own, n in conn.execute(
            "SELECT month, pack, own, n FROM month_counts "
            "WHERE month >= ? AND month < ?",
            [f"{year:04d}-01", f"{year + 1:04d}-01"],
        ):
            counted.by_month[(int(month[5:7]), "reflection" if pack else "note")] += n
            if pack and not own and pack not in private:
                counted.packs[pack] += n
        # Each spelling's count, in SQL (a few dozen rows come back); a
        # theme is then shown as the worker spelled it most often that year.
        private_packs = (
            f"AND pack NOT IN ({', '.join('?' for _ in private)}) " if private else ""
        )
        most: dict[str, int] = {}
        for tag, n in conn.execute(
            "SELECT tag, sum(n) FROM tag_counts WHERE year = ? AND own = 0 "
            f"{private_packs}GROUP BY tag ORDER BY tag",
            [f"{year:04d}", *private],
        ):
            key = tag.casefold()
            counted.tags[key] += n
            most[tag] = n
            if key not in counted.spelled or n > most[counted.spelled[key]]:
                counted.spelled[key] = tag
        return counted

    def _held(self, held: Sequence[Session], days: int) -> tuple[Held, ...]:
        """Per agreement, the sessions `held` in the span and about how many
        its interval asks for in its `days`. A record under a name
        no agreement has any more is counted on its own line, expecting
        nothing, so no session held goes uncounted."""
        counted: dict[str, int] = {}
        for session in held:
            counted[session.agreement] = counted.get(session.agreement, 0) + 1
        out = []
        for agreement in self._supervision.agreements():
            every = max(1, agreement.every_days)
            out.append(
                Held(
                    agreement.name,
                    every,
                    counted.pop(agreement.name, 0),
                    round(days / every),
                )
            )
        out += [Held(name, 0, count, 0) for name, count in counted.items()]
        return tuple(out)

    def _actions(self, held: Sequence[Session]) -> tuple[int, int]:
        """Actions agreed at the year's sessions, and how many of those are
        done. Read from the session records (a dozen or so a year), not from
        every action ever noted, so a long journal costs no more."""
        ids = sorted({action for session in held for action in session.actions})
        done = 0
        for at in range(0, len(ids), 500):
            batch = ids[at : at + 500]
            marks = ", ".join("?" for _ in batch)
            row = self._conn.execute(
                # By id, never through the status index (every done action).
                f"SELECT count(*) FROM actions WHERE +status = 'done' "
                f"AND id IN ({marks})",
                batch,
            ).fetchone()
            done += int(row[0])
        return len(ids), done

    # -- the chosen entries --

    def _included(self, include: Collection[str], year: int) -> dict[str, Entry]:
        """The included entries by full id, each checked: it exists, it is
        not in the trash, and it was written in the year (a dict keeps the
        worker's order and drops repeats). Read once, here, for all that
        follows."""
        wanted: dict[str, Entry] = {}
        for prefix in include:
            entry = self._entries.get(prefix)
            if entry.deleted_at:
                raise ReflectError(
                    f"entry {prefix} is in Recently deleted; bring it back "
                    "before including it"
                )
            if not entry.created_at.startswith(f"{year:04d}-"):
                raise NotFound(f"entry {prefix} was not written in {year}")
            wanted[entry.id] = entry
        return wanted

    def _own_recovery(
        self, view: PortfolioView | None, private: Sequence[str]
    ) -> set[str]:
        """The linked entries in the view that are about own recovery."""
        if view is None:
            return set()
        ids = sorted({s.entry_id for a in view.areas for s in a.entries})
        if not ids:
            return set()
        own, params = self._own(private)
        found: set[str] = set()
        for at in range(0, len(ids), 500):
            batch = ids[at : at + 500]
            marks = ", ".join("?" for _ in batch)
            found |= {
                str(row[0])
                for row in self._conn.execute(
                    f"SELECT e.id FROM entries e WHERE e.id IN ({marks}) AND {own}",
                    [*batch, *params],
                )
            }
        return found

    def _chosen(
        self,
        view: PortfolioView | None,
        wanted: Mapping[str, Entry],
        hidden: Collection[str],
    ) -> tuple[Chosen, ...]:
        """Linked entries (oldest first) with their lines, then included
        entries not linked; an included one carries its own words."""
        shows: dict[str, list[tuple[str, str]]] = {}
        facts: dict[str, tuple[str, str]] = {}
        for summary in view.areas if view else ():
            for shown in summary.entries:
                if shown.entry_id in hidden:
                    continue
                shows.setdefault(shown.entry_id, []).append(
                    (summary.area.title, shown.note)
                )
                facts[shown.entry_id] = (shown.title, shown.written)
        for entry_id, found in wanted.items():
            if entry_id not in facts:
                facts[entry_id] = (found.title, found.created_at)
        order = sorted(facts, key=lambda i: (facts[i][1], i))
        out = []
        for entry_id in order:
            title, written = facts[entry_id]
            answers = (
                _shown_answers(wanted[entry_id].answers) if entry_id in wanted else ()
            )
            out.append(
                Chosen(
                    entry_id=entry_id,
                    title=title,
                    written=date.fromisoformat(written[:10]),
                    shows=tuple(shows.get(entry_id, ())),
                    answers=answers,
                    included=entry_id in wanted,
                )
            )
        return tuple(out)


def _coverage(view: PortfolioView, hidden: Collection[str]) -> tuple[CoverageRow, ...]:
    """The framework's areas in its order, with the year's count and latest
    day of each (entries left out as own recovery not counted)."""
    rows = []
    for summary in view.areas:
        kept = [s for s in summary.entries if s.entry_id not in hidden]
        latest = max((s.written[:10] for s in kept), default="")
        rows.append(
            CoverageRow(
                domain=summary.domain.title,
                area=summary.area.title,
                count=len(kept),
                latest=date.fromisoformat(latest) if latest else None,
            )
        )
    return tuple(rows)


# ---- the privacy scan ----------------------------------------------------


def year_findings(
    contents: YearContents, watch_list: Sequence[str] = ()
) -> list[PaperFinding]:
    """The privacy scan over the words on the review that the worker wrote:
    the tags, the chosen entries' titles and lines, and the words of any
    entry they included. Counts, month names, area and pack titles are
    reflect's or the framework's words, not a person's."""
    from reflect.core.agenda import scan_all  # the agenda's rule, shared

    places: list[tuple[str, str, bool]] = [
        ("A theme", theme.name, False) for theme in contents.tags
    ]
    for chosen in contents.chosen:
        places.append(("An entry's title", chosen.title, False))
        for area, line in chosen.shows:
            places.append((f"What '{chosen.title}' shows of {area}", line, False))
        for answer in chosen.answers:
            places.append(
                (f"'{chosen.title}', {answer.question or 'an answer'}",
                 answer.response, answer.input_type == "action")
            )  # fmt: skip
    return scan_all(places, watch_list)
