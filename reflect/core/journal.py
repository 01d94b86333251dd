"""Entries, drafts, answers, tags and search: the interface's door to entry data.

Every method that writes does so in one transaction (`Store.write`), so a
crash or a refused input leaves the journal as it was. Lists page through SQL
with a limit; nothing here reads the whole journal to show a page.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from reflect.core.clock import Clock, iso, utc_now
from reflect.core.errors import Ambiguous, NotFound, ReflectError
from reflect.core.models import (
    NOTE_STEP,
    Answer,
    Entry,
    EntrySummary,
    SearchHit,
    Step,
    Template,
    title_from_text,
)
from reflect.core.store import Store

SUMMARY_COLUMNS = (
    "id, created_at, updated_at, kind, title, status, template_id, "
    "template_version, for_supervision, supervision_ask, shareable"
)
_WORD = re.compile(r"\w+", re.UNICODE)
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


def fts_query(text: str) -> str | None:
    """Turn what a worker typed into a safe FTS5 query.

    Each word is quoted, so nothing typed is read as FTS syntax (AND, NEAR,
    quotes, stars); the last word also matches as a prefix, which makes search
    as you type find "bound" while "boundaries" is half-written.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    parts = [f'"{w}"' for w in words[:-1]]
    parts.append(f'"{words[-1]}"*')
    return " ".join(parts)


class Journal:
    """Entry operations on an open store, with an injected clock."""

    def __init__(self, store: Store, now: Clock = utc_now) -> None:
        self.store = store
        self.now = now

    @property
    def conn(self) -> Any:
        return self.store.conn

    @property
    def journal_id(self) -> str:
        return self.store.journal_id

    # ---- reading -------------------------------------------------------

    def _summaries(self, sql: str, params: Sequence[Any]) -> list[EntrySummary]:
        rows = self.conn.execute(sql, list(params)).fetchall()
        tags = self._tags_for([row[0] for row in rows])
        return [_summary(row, tags.get(row[0], ())) for row in rows]

    def _tags_for(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        found: dict[str, list[str]] = {}
        for entry_id, tag in self.conn.execute(
            f"SELECT entry_id, tag FROM entry_tags WHERE entry_id IN ({marks}) "
            "ORDER BY rowid",
            ids,
        ):
            found.setdefault(entry_id, []).append(tag)
        return {key: tuple(value) for key, value in found.items()}

    def list_entries(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        tag: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
    ) -> list[EntrySummary]:
        """Entries newest first, one page at a time."""
        where: list[str] = []
        params: list[Any] = []
        if tag:
            where.append("id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
            params.append(clean_tags([tag])[0] if clean_tags([tag]) else tag)
        if since is not None:
            where.append("created_at >= ?")
            params.append(iso(since))
        if status is not None:
            where.append("status = ?")
            params.append(status)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._summaries(
            f"SELECT {SUMMARY_COLUMNS} FROM entries {clause} "
            "ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
            [*params, max(0, limit), max(0, offset)],
        )

    def drafts(self, limit: int = 20) -> list[EntrySummary]:
        """Unfinished entries, most recently touched first."""
        return self._summaries(
            f"SELECT {SUMMARY_COLUMNS} FROM entries WHERE status = 'draft' "
            "ORDER BY updated_at DESC LIMIT ?",
            [limit],
        )

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one entry whose id starts with `prefix`."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise NotFound("give an entry id (the first few characters are enough)")
        rows = self.conn.execute(
            "SELECT id FROM entries WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            [prefix, prefix + "\uffff"],
        ).fetchall()
        if not rows:
            raise NotFound(f"no entry has an id starting with {prefix!r}")
        if len(rows) > 1:
            raise Ambiguous(
                f"more than one entry starts with {prefix!r}; give more characters"
            )
        return str(rows[0][0])

    def get(self, entry_id: str) -> Entry:
        """A whole entry by full id or unique prefix."""
        full = self.resolve_id(entry_id)
        row = self.conn.execute(
            f"SELECT {SUMMARY_COLUMNS}, current_step FROM entries WHERE id = ?",
            [full],
        ).fetchone()
        summary = _summary(row, self._tags_for([full]).get(full, ()))
        answers = tuple(
            Answer(*a)
            for a in self.conn.execute(
                "SELECT step_id, position, question, response, input_type, "
                "updated_at FROM answers WHERE entry_id = ? ORDER BY position",
                [full],
            )
        )
        note = self.conn.execute(
            "SELECT body FROM private_notes WHERE entry_id = ?", [full]
        ).fetchone()
        return Entry(
            **summary.__dict__,
            answers=answers,
            private_note=None if note is None else note[0],
            current_step=row[11],
        )

    def iter_all(self, batch: int = 500) -> Iterator[Entry]:
        """Every entry, oldest first, fetched in batches (for export)."""
        last = -1
        while True:
            rows = self.conn.execute(
                "SELECT seq, id FROM entries WHERE seq > ? ORDER BY seq LIMIT ?",
                [last, batch],
            ).fetchall()
            if not rows:
                return
            for seq, entry_id in rows:
                last = seq
                yield self.get(entry_id)

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Entries matching the words typed, best match first."""
        query = fts_query(text)
        if query is None:
            return []
        columns = ", ".join("e." + c.strip() for c in SUMMARY_COLUMNS.split(","))
        rows = self.conn.execute(
            f"SELECT {columns}, snippet(entries_fts, -1, '**', '**', '…', 16),"
            " bm25(entries_fts, 4.0, 1.0)"
            " FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid"
            " WHERE entries_fts MATCH ? ORDER BY bm25(entries_fts, 4.0, 1.0)"
            " LIMIT ?",
            [query, limit],
        ).fetchall()
        tags = self._tags_for([row[0] for row in rows])
        return [
            SearchHit(_summary(row[:11], tags.get(row[0], ())), row[11], row[12])
            for row in rows
        ]

    def all_tags(self) -> list[str]:
        """Tags in use, most used first (for completion)."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT tag FROM entry_tags GROUP BY tag COLLATE NOCASE "
                "ORDER BY count(*) DESC, tag LIMIT 500"
            )
        ]

    # ---- writing -------------------------------------------------------

    def add_note(
        self,
        text: str,
        *,
        tags: Iterable[str] = (),
        for_supervision: bool = False,
        ask: str | None = None,
    ) -> Entry:
        """Save a finished quick note in one transaction."""
        if not text.strip():
            raise ReflectError("the note is empty; nothing was saved")
        entry_id = str(uuid.uuid4())
        stamp = iso(self.now())
        with self.store.write() as db:
            db.table("entries").insert(
                {
                    "id": entry_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "kind": "note",
                    "title": title_from_text(text),
                    "status": "complete",
                    "for_supervision": int(for_supervision or bool(ask)),
                    "supervision_ask": ask or None,
                }
            )
            self._write_answer(entry_id, NOTE_STEP, 0, "", text, "text", stamp)
            self._replace_tags(entry_id, tags)
        return self.get(entry_id)

    def save_note_draft(self, entry_id: str | None, text: str) -> str:
        """Autosave a quick note being written; creates the draft on first save."""
        stamp = iso(self.now())
        with self.store.write() as db:
            if entry_id is None or not self._exists(entry_id):
                entry_id = entry_id or str(uuid.uuid4())
                db.table("entries").insert(
                    {
                        "id": entry_id,
                        "created_at": stamp,
                        "updated_at": stamp,
                        "kind": "note",
                        "title": title_from_text(text),
                        "status": "draft",
                    }
                )
            else:
                self.conn.execute(
                    "UPDATE entries SET title = ?, updated_at = ? WHERE id = ?",
                    [title_from_text(text), stamp, entry_id],
                )
            self._write_answer(entry_id, NOTE_STEP, 0, "", text, "text", stamp)
        return entry_id

    def finish_note(
        self, entry_id: str, text: str, *, tags: Iterable[str] | None = None
    ) -> Entry:
        """Mark a quick-note draft complete with its final text."""
        if not text.strip():
            raise ReflectError("the note is empty; nothing was saved")
        with self.store.write():
            self.save_note_draft(entry_id, text)
            self.conn.execute(
                "UPDATE entries SET status = 'complete' WHERE id = ?", [entry_id]
            )
            if tags is not None:
                self._replace_tags(entry_id, tags)
        return self.get(entry_id)

    def start_reflection(self, template: Template) -> str:
        """Open a draft guided reflection that records the pack's id and version."""
        entry_id = str(uuid.uuid4())
        stamp = iso(self.now())
        with self.store.write() as db:
            db.table("entries").insert(
                {
                    "id": entry_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "kind": "reflection",
                    "template_id": template.id,
                    "template_version": template.version,
                    "title": "",
                    "status": "draft",
                    "current_step": template.steps[0].id if template.steps else None,
                }
            )
        return entry_id

    def save_answer(
        self, entry_id: str, step: Step, position: int, response: str
    ) -> None:
        """Autosave one answer, copying the question exactly as it was asked.

        The copy is what keeps an old reflection unchanged when its pack is
        edited later. The entry remembers this step so a draft reopens here.
        """
        stamp = iso(self.now())
        with self.store.write():
            self._write_answer(
                entry_id, step.id, position, step.question, response, step.input, stamp
            )
            self.conn.execute(
                "UPDATE entries SET updated_at = ?, current_step = ? WHERE id = ?",
                [stamp, step.id, entry_id],
            )

    def delete(self, entry_id: str) -> None:
        """Remove an entry and everything attached to it."""
        full = self.resolve_id(entry_id)
        with self.store.write():
            self.conn.execute("DELETE FROM entries WHERE id = ?", [full])

    def set_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        full = self.resolve_id(entry_id)
        with self.store.write():
            self._replace_tags(full, tags)
            self._touch(full)

    def set_private_note(self, entry_id: str, body: str) -> None:
        """Keep (or clear, with empty text) the entry's never-shared note."""
        full = self.resolve_id(entry_id)
        stamp = iso(self.now())
        with self.store.write():
            if body.strip():
                self.conn.execute(
                    "INSERT INTO private_notes (entry_id, body, updated_at) "
                    "VALUES (?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
                    "body = excluded.body, updated_at = excluded.updated_at",
                    [full, body, stamp],
                )
            else:
                self.conn.execute(
                    "DELETE FROM private_notes WHERE entry_id = ?", [full]
                )
            self._touch(full)

    # ---- helpers -------------------------------------------------------

    def _exists(self, entry_id: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM entries WHERE id = ?", [entry_id]
            ).fetchone()
            is not None
        )

    def _touch(self, entry_id: str) -> None:
        self.conn.execute(
            "UPDATE entries SET updated_at = ? WHERE id = ?",
            [iso(self.now()), entry_id],
        )

    def _write_answer(
        self,
        entry_id: str,
        step_id: str,
        position: int,
        question: str,
        response: str,
        input_type: str,
        stamp: str,
    ) -> None:
        self.conn.execute(
            "INSERT INTO answers (entry_id, step_id, position, question, "
            "input_type, response, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entry_id, step_id) DO UPDATE SET "
            "position = excluded.position, question = excluded.question, "
            "input_type = excluded.input_type, response = excluded.response, "
            "updated_at = excluded.updated_at",
            [entry_id, step_id, position, question, input_type, response, stamp],
        )

    def _replace_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", [entry_id])
        self.conn.executemany(
            "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, tag) for tag in clean_tags(tags)],
        )


def _summary(row: Sequence[Any], tags: tuple[str, ...]) -> EntrySummary:
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
        tags=tags,
    )
