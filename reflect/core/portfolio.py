"""The portfolio: entries linked to competence framework areas.

A worker links a reflection to an area it shows ("drawing on lived
experience"), with a short line in their own words on what it shows. The
links are the worker's: reflect may suggest an area (from the pack used and
its tags) but never links one itself. An entry in the trash keeps its links
and drops out of the portfolio until it is brought back; erasing it erases
them. An open journal reaches this through `journal.portfolio`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reflect.core.clock import iso
from reflect.core.entries import Entries
from reflect.core.errors import NotFound, ReflectError
from reflect.core.frameworks import Area, Domain, Framework, FrameworkLibrary
from reflect.core.models import EntrySummary
from reflect.core.service import Bound, Service

NOTE_LIMIT = 300
"""A "what this shows" line is a line, not an essay: the entry says the rest."""


@dataclass(frozen=True)
class Link:
    """One entry linked to one area of one framework."""

    entry_id: str
    framework: str
    area: str
    note: str
    created_at: str
    updated_at: str

    @property
    def ref(self) -> str:
        """The area as the CLI names it: `FRAMEWORK:AREA`."""
        return f"{self.framework}:{self.area}"


_COLUMNS = "entry_id, framework, area, note, created_at, updated_at"


@dataclass(frozen=True)
class Shown:
    """One linked entry as the portfolio shows it under an area."""

    entry_id: str
    title: str
    written: str
    """When the entry was written (its created_at, ISO)."""
    note: str


@dataclass(frozen=True)
class AreaSummary:
    """One area of the portfolio: how many reflections show it, and which."""

    domain: Domain
    area: Area
    entries: tuple[Shown, ...]
    """Newest first."""

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class PortfolioView:
    """A framework's areas with what the worker has linked to each, in the
    framework's order; areas with nothing yet are there too, empty."""

    framework: Framework
    areas: tuple[AreaSummary, ...]
    since: date | None = None
    until: date | None = None
    unknown: tuple[Link, ...] = ()
    """Links to an area the framework no longer has (its file changed):
    kept, and said, never dropped silently."""


class Portfolio(Service):
    """Links between one open journal's entries and framework areas."""

    def __init__(self, bound: Bound, entries: Entries) -> None:
        super().__init__(bound)
        self._entries = entries

    def link(
        self, entry_id: str, framework: Framework, area_id: str, note: str = ""
    ) -> Link:
        """Link an entry (id or unique prefix) to an area, or change the
        line of an existing link; refused whole for an entry in the trash,
        an unknown area or an overlong line."""
        return self.link_many(entry_id, framework, [area_id], note)[0]

    def link_many(
        self,
        entry_id: str,
        framework: Framework,
        area_ids: Sequence[str],
        note: str = "",
    ) -> list[Link]:
        """Link an entry to several areas of one framework with the same
        line, in one transaction: the dialog saves what the worker chose as
        a set, so a refusal (the entry went to the trash meanwhile, an area
        the file no longer has) leaves every one of them as it was."""
        entry = self._linkable(entry_id)
        areas = list(dict.fromkeys(framework.area(a)[1].id for a in area_ids))
        note = tidy_note(note)
        with self._store.write():
            self._upsert(entry, framework, {a: note for a in areas})
        return [self._one(entry, framework.id, a) for a in areas]

    def set_links(
        self, entry_id: str, framework: Framework, chosen: Mapping[str, str]
    ) -> list[Link]:
        """Make an entry's links in one framework exactly `chosen` (area id
        to its "what this shows" line), in one transaction: what the link
        dialog saves, so ticking two areas and unticking a third is one
        change. Links to areas the framework no longer has are left alone
        (the dialog cannot show them; `unlink` takes them away)."""
        entry = self._linkable(entry_id)
        wanted = {framework.area(a)[1].id: tidy_note(n) for a, n in chosen.items()}
        known = {area.id for _, area in framework.areas()}
        with self._store.write():
            had = self._conn.execute(
                "SELECT area FROM entry_links WHERE entry_id = ? AND framework = ?",
                [entry, framework.id],
            ).fetchall()
            self._conn.executemany(
                "DELETE FROM entry_links WHERE entry_id = ? AND framework = ? "
                "AND area = ?",
                [
                    [entry, framework.id, area]
                    for (area,) in had
                    if area in known and area not in wanted
                ],
            )
            self._upsert(entry, framework, wanted)
        return [self._one(entry, framework.id, a) for a in wanted]

    def _linkable(self, entry_id: str) -> str:
        """The full id of an entry that may be linked (not in the trash)."""
        entry = self._entries.get(entry_id)
        if entry.deleted_at:
            raise ReflectError(
                "that entry is in Recently deleted; bring it back before linking it"
            )
        return entry.id

    def _upsert(
        self, entry: str, framework: Framework, notes: Mapping[str, str]
    ) -> None:
        stamp = iso(self._now())
        self._conn.executemany(
            f"INSERT INTO entry_links ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entry_id, framework, area) DO UPDATE SET "
            "note = excluded.note, updated_at = CASE WHEN note = excluded.note "
            "THEN updated_at ELSE excluded.updated_at END",
            [[entry, framework.id, a, n, stamp, stamp] for a, n in notes.items()],
        )

    def unlink(self, entry_id: str, framework_id: str, area_id: str) -> Link:
        """Remove one link; a refusal when there is none (nothing changes)."""
        full = self._entries.resolve_id(entry_id)
        found = self._conn.execute(
            f"SELECT {_COLUMNS} FROM entry_links WHERE entry_id = ? "
            "AND framework = ? AND lower(area) = lower(?)",
            [full, framework_id, area_id],
        ).fetchone()
        if found is None:
            raise NotFound(f"that entry is not linked to {framework_id}:{area_id}")
        with self._store.write():
            self._conn.execute(
                "DELETE FROM entry_links WHERE entry_id = ? AND framework = ? "
                "AND area = ?",
                [full, found[1], found[2]],
            )
        return Link(*found)

    def links_for(self, entry_id: str) -> list[Link]:
        """One entry's links, in the order they were made."""
        full = self._entries.resolve_id(entry_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM entry_links WHERE entry_id = ? "
            "ORDER BY created_at, framework, area",
            [full],
        ).fetchall()
        return [Link(*row) for row in rows]

    def links(self, framework_id: str | None = None) -> list[Link]:
        """Every link of entries not in the trash (one framework's, if
        given), oldest first: what the portfolio is built from."""
        where = "AND framework = ?" if framework_id else ""
        rows = self._conn.execute(
            # The trash mark is the link's own copy (schema step 0012).
            "SELECT entry_id, framework, area, note, created_at, updated_at "
            f"FROM entry_links WHERE in_trash = 0 {where} ORDER BY created_at",
            [framework_id] if framework_id else [],
        ).fetchall()
        return [Link(*row) for row in rows]

    def view(
        self,
        framework: Framework,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> PortfolioView:
        """The portfolio for one framework: per area, the linked entries not
        in the trash written between `since` and `until` (both included)."""
        # Each link carries its entry's date, title and trash mark (kept so by
        # triggers, schema step 0012): the view reads one framework's links
        # from one index, in order, without visiting the entries at all.
        rows = self._conn.execute(
            "SELECT entry_id, area, note, title, written, framework, created_at, "
            "updated_at FROM entry_links "
            "WHERE framework = ? AND in_trash = 0 AND written >= ? "
            "AND substr(written, 1, 10) <= ? ORDER BY written DESC",
            [
                framework.id,
                (since or date.min).isoformat(),
                (until or date.max).isoformat(),
            ],
        ).fetchall()
        known = {area.id for _, area in framework.areas()}
        by_area: dict[str, list[Shown]] = {}
        unknown: list[Link] = []
        for entry_id, area, note, title, written, fw, made, changed in rows:
            if area not in known:
                unknown.append(Link(entry_id, fw, area, note, made, changed))
                continue
            by_area.setdefault(area, []).append(Shown(entry_id, title, written, note))
        return PortfolioView(
            framework=framework,
            areas=tuple(
                AreaSummary(domain, area, tuple(by_area.get(area.id, [])))
                for domain, area in framework.areas()
            ),
            since=since,
            until=until,
            unknown=tuple(unknown),
        )

    def suggest(self, entry: EntrySummary, framework: Framework) -> list[Area]:
        """Areas the entry may show (its pack is among an area's `packs`, or
        a tag among its `tags`), minus those it is already linked to.

        Only ever offered: the worker chooses, and nothing is linked here.
        """
        linked = {
            link.area
            for link in self.links_for(entry.id)
            if link.framework == framework.id
        }
        return [a for a in suggested_areas(entry, framework) if a.id not in linked]

    def _one(self, entry_id: str, framework_id: str, area_id: str) -> Link:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM entry_links WHERE entry_id = ? "
            "AND framework = ? AND area = ?",
            [entry_id, framework_id, area_id],
        ).fetchone()
        return Link(*row)


def tidy_note(note: str) -> str:
    """A "what this shows" line with its spaces tidied, or a refusal."""
    note = " ".join(note.split())
    if len(note) > NOTE_LIMIT:
        raise ReflectError(
            f"'what this shows' is one line: {NOTE_LIMIT} characters at most"
        )
    return note


def suggested_areas(entry: EntrySummary, framework: Framework) -> list[Area]:
    """Areas of `framework` the entry may show, from the pack it was written
    with and its tags, in the framework's order (a pure reading of the file;
    `Portfolio.suggest` leaves out what is already linked)."""
    tags = {t.lower() for t in entry.tags}
    pack = (entry.template_id or "").lower()
    return [
        area
        for _, area in framework.areas()
        if (pack and pack in {p.lower() for p in area.packs})
        or tags & {t.lower() for t in area.tags}
    ]


def shows_lines(links: Sequence[Link], library: FrameworkLibrary) -> list[str]:
    """An entry's links as the entry view and `reflect show` list them:
    "Self-care — Asked for help early".

    An area is named by its title when its framework is here and still has
    it; otherwise by its `FRAMEWORK:AREA` reference, so a link is never
    hidden because a file changed or went.
    """
    lines = []
    for link in links:
        name = link.ref
        framework = library.frameworks.get(link.framework)
        if framework is not None:
            titles = {area.id: area.title for _, area in framework.areas()}
            name = titles.get(link.area, name)
        lines.append(f"{name} \u2014 {link.note}" if link.note else name)
    return lines
