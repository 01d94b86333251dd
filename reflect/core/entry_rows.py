"""Entry rows as the entry services share them: mapping, tags, answer writes.

Entries, quick notes, reflections and drafts are separate services, but they
write the same rows: an answer with its revision, an entry's tags, its
private note. Those writes are written once, here, so the revision rule that
protects a second window's words cannot drift between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from reflect.core.clock import iso
from reflect.core.models import EntrySummary, Marks
from reflect.core.service import Service

SUMMARY_COLUMNS = (
    "id, created_at, updated_at, kind, title, status, template_id, "
    "template_version, for_supervision, supervision_ask, shareable, functions, "
    "deleted_at, tags"
)
E_SUMMARY_COLUMNS = ", ".join(f"e.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))
# Between the tags in `entries.tags` (migration 0008 keeps that column).
TAG_SEPARATOR = "\x1f"
SUMMARY_WIDTH = len(SUMMARY_COLUMNS.split(","))
_TAG_JUNK = re.compile(r"[\s,]+")


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: no leading #/@, inner spaces as dashes, no duplicates.

    Case is kept as first typed; matching ignores it (the column is NOCASE).
    """
    seen: dict[str, str] = {}
    for raw in tags:
        tag = _TAG_JUNK.sub("-", raw.strip().lstrip("#@").strip()).strip("-")
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def tags_from_column(stored: str | None) -> tuple[str, ...]:
    """`entries.tags` as the tags it holds, in the worker's order."""
    return tuple(stored.split(TAG_SEPARATOR)) if stored else ()


def functions_from_column(stored: str | None) -> tuple[str, ...]:
    """`entries.functions` (comma-separated) as the functions it names."""
    return tuple(f for f in (stored or "").split(",") if f)


def summary_from_row(row: Sequence[Any]) -> EntrySummary:
    """Map a row selected with SUMMARY_COLUMNS (in that order)."""
    return EntrySummary(
        id=row[0],
        created_at=row[1],
        updated_at=row[2],
        kind=row[3],
        title=row[4],
        status=row[5],
        template_id=row[6],
        template_version=row[7],
        for_supervision=bool(row[8]),
        ask=row[9],
        shareable=bool(row[10]),
        tags=tags_from_column(row[13]),
        functions=functions_from_column(row[11]),
        deleted_at=row[12],
    )


class EntryRows(Service):
    """Row-level reads and writes that several entry services make.

    Every method runs inside the caller's transaction (or is a plain read);
    none opens one of its own.
    """

    def insert(self, entry_id: str, stamp: str, **columns: Any) -> None:
        """A new entry row, created and updated at `stamp`, with `columns`.

        One plain INSERT: the column names are this module's callers' own
        (never a person's words), and a quick note has no other use for
        sqlite-utils, so `reflect note` never imports it.
        """
        row = {"id": entry_id, "created_at": stamp, "updated_at": stamp, **columns}
        names = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        self._conn.execute(
            f"INSERT INTO entries ({names}) VALUES ({marks})", list(row.values())
        )

    def summaries(self, sql: str, params: Sequence[Any]) -> list[EntrySummary]:
        rows = self._conn.execute(sql, list(params)).fetchall()
        return [summary_from_row(row) for row in rows]

    def exists(self, entry_id: str) -> bool:
        """The entry is live: neither discarded nor moved to the trash.

        A window's save never goes into a trashed entry, where it would sit
        unseen until the trash is emptied; it is treated as gone.
        """
        row = self._conn.execute(
            "SELECT 1 FROM entries WHERE id = ? AND deleted_at IS NULL", [entry_id]
        )
        return row.fetchone() is not None

    def touch(self, entry_id: str) -> None:
        self._conn.execute(
            "UPDATE entries SET updated_at = ? WHERE id = ?",
            [iso(self._now()), entry_id],
        )

    def write_answer(
        self,
        entry_id: str,
        step_id: str,
        position: int,
        question: str,
        response: str,
        input_type: str,
        stamp: str,
        base: int | None = None,
    ) -> int | None:
        """Insert or update one answer and return its new revision.

        Every write moves the revision on, so a window still holding an older
        one can tell. With `base` (the revision the caller last read) the
        update happens only while that is still the stored one, in this same
        statement, so no other window can slip in between check and write;
        None means the answer had moved on and nothing was written. A base
        above 0 means the caller read a stored answer: when that row has gone
        (another window renamed it, turning a note into a reflection, or took
        it back) nothing is written either, rather than adding a second
        answer beside what is there now. Saving the very words already stored
        is never refused: nothing would be lost.
        """
        if base:
            rows = self._conn.execute(
                "UPDATE answers SET position = ?, question = ?, input_type = ?, "
                "response = ?, updated_at = ?, revision = revision + 1 "
                "WHERE entry_id = ? AND step_id = ? "
                "AND (revision = ? OR response = ?) RETURNING revision",
                [
                    position,
                    question,
                    input_type,
                    response,
                    stamp,
                    entry_id,
                    step_id,
                    base,
                    response,
                ],
            ).fetchall()
            return int(rows[0][0]) if rows else None
        guard = (
            ""
            if base is None
            else " WHERE answers.revision = 0 OR answers.response = excluded.response"
        )
        rows = self._conn.execute(
            "INSERT INTO answers (entry_id, step_id, position, question, "
            "input_type, response, updated_at, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
            "ON CONFLICT (entry_id, step_id) DO UPDATE SET "
            "position = excluded.position, question = excluded.question, "
            "input_type = excluded.input_type, response = excluded.response, "
            "updated_at = excluded.updated_at, revision = answers.revision + 1"
            f"{guard} RETURNING revision",
            [entry_id, step_id, position, question, input_type, response, stamp],
        ).fetchall()
        return int(rows[0][0]) if rows else None

    def replace_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        self._conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", [entry_id])
        self.add_tags(entry_id, tags)

    def add_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        """Tag an entry that has none yet (a new one), in the order given."""
        self._conn.executemany(
            "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, tag) for tag in clean_tags(tags)],
        )

    def set_private_note(self, entry_id: str, body: str) -> None:
        """Keep the entry's never-shared note; empty text removes it."""
        if body.strip():
            self._conn.execute(
                "INSERT INTO private_notes (entry_id, body, updated_at) "
                "VALUES (?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
                "body = excluded.body, updated_at = excluded.updated_at",
                [entry_id, body, iso(self._now())],
            )
        else:
            self._conn.execute(
                "DELETE FROM private_notes WHERE entry_id = ?", [entry_id]
            )

    def set_marks(self, entry_id: str, marks: Marks) -> None:
        """Bring to supervision (with the ask), can be shared, the private note.

        An ask is kept only while the entry is to be brought, and blank words
        are no ask: what the agenda offers is exactly what the worker ticked.
        """
        marks = marks.normalized()
        self._conn.execute(
            "UPDATE entries SET for_supervision = ?, supervision_ask = ?, "
            "shareable = ? WHERE id = ?",
            [int(marks.for_supervision), marks.ask, int(marks.shareable), entry_id],
        )
        self.set_private_note(entry_id, marks.private_note or "")
