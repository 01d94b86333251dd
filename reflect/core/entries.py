"""Entries as the worker sees them: lists, one whole entry, tags, the trash.

Every method that writes does so in one transaction (`Store.write`), so a
crash or a refused input leaves the journal as it was. Lists page through SQL
with a limit; nothing here reads the whole journal to show a page. Writing
(quick notes, reflections, drafts) and search are services of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from reflect.core.clock import iso
from reflect.core.entry_rows import (
    E_SUMMARY_COLUMNS,
    SUMMARY_COLUMNS,
    SUMMARY_WIDTH,
    EntryRows,
    clean_tags,
    summary_from_row,
)
from reflect.core.errors import ReflectError
from reflect.core.lookup import full_id
from reflect.core.models import Answer, Entry, EntrySummary, Marks
from reflect.core.service import Bound, Service

StoredEntry = tuple[tuple[Any, ...], list[tuple[Any, ...]], str | None]
"""One entry as `Entries.iter_rows` reads it: its row, its answers' rows, its
private note."""

TRASH_DAYS = 30
"""How long a deleted entry can be brought back."""


def _answer_order(answer: tuple[Any, ...]) -> tuple[Any, Any]:
    """An answer row's place in its entry: by position, as `get` orders them
    (a step id settles a tie, which only an edited import could make)."""
    return answer[2], answer[1]


class Entries(Service):
    """`journal.entries`: reading entries, and what happens to a whole entry."""

    def __init__(self, bound: Bound) -> None:
        super().__init__(bound)
        self._rows = EntryRows(bound)

    def page(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        tag: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
    ) -> list[EntrySummary]:
        """Entries newest first, one page at a time."""
        sql, params = self._list_query(tag=tag, since=since, status=status)
        return self._rows.summaries(
            f"{sql} LIMIT ? OFFSET ?", [*params, max(0, limit), max(0, offset)]
        )

    def walk(
        self,
        *,
        limit: int,
        tag: str | None = None,
        since: datetime | None = None,
        batch: int = 500,
    ) -> Iterator[EntrySummary]:
        """Entries newest first from one query, fetched a batch at a time.

        For `reflect list` with a large limit: time grows with the rows shown,
        memory stays flat, and nothing is re-scanned as OFFSET paging would.
        """
        sql, params = self._list_query(tag=tag, since=since, status=None)
        cursor = self._conn.execute(f"{sql} LIMIT ?", [*params, max(0, limit)])
        while rows := cursor.fetchmany(batch):
            yield from map(summary_from_row, rows)

    def _list_query(
        self, *, tag: str | None, since: datetime | None, status: str | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = ["e.deleted_at IS NULL"]
        params: list[Any] = []
        if tag:
            # Walk the tag's own date-ordered index and fetch each entry by its
            # row number: no sort, one page read per entry shown.
            cleaned = clean_tags([tag])
            source = "tag_order t CROSS JOIN entries e ON e.seq = t.seq"
            where.insert(0, "t.tag = ?")
            params.append(cleaned[0] if cleaned else tag)
            order = "t.created_at DESC, t.seq DESC"
            dated = "t.created_at"
        else:
            source, order, dated = "entries e", "e.created_at DESC, e.seq DESC", ""
        if since is not None:
            where.append(f"{dated or 'e.created_at'} >= ?")
            params.append(iso(since))
        if status is not None:
            # "+" keeps SQLite walking the date index in order rather than
            # sorting every complete entry: home stays quick at 100,000.
            where.append("+e.status = ?")
            params.append(status)
        sql = (
            f"SELECT {E_SUMMARY_COLUMNS} FROM {source} "
            f"WHERE {' AND '.join(where)} ORDER BY {order}"
        )
        return sql, params

    def recent_pack_ids(self, limit: int = 3) -> list[str]:
        """Prompt packs most recently started, newest first (one indexed query);
        the picker offers them first."""
        rows = self._conn.execute(
            "SELECT template_id FROM entries WHERE template_id IS NOT NULL "
            "GROUP BY template_id ORDER BY max(created_at) DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [str(row[0]) for row in rows]

    def drafts(self, limit: int = 20) -> list[EntrySummary]:
        """Unfinished entries, most recently touched first."""
        return self._rows.summaries(
            f"SELECT {SUMMARY_COLUMNS} FROM entries WHERE status = 'draft' "
            "AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?",
            [limit],
        )

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one entry whose id starts with `prefix`."""
        return full_id(self._store, "entries", prefix, "entry")

    def get(self, entry_id: str) -> Entry:
        """A whole entry by full id or unique prefix."""
        full = self.resolve_id(entry_id)
        row = self._conn.execute(
            f"SELECT {SUMMARY_COLUMNS}, current_step FROM entries WHERE id = ?",
            [full],
        ).fetchone()
        summary = summary_from_row(row)
        answers = tuple(
            Answer(*a)
            for a in self._conn.execute(
                "SELECT step_id, position, question, response, input_type, "
                "updated_at FROM answers WHERE entry_id = ? ORDER BY position",
                [full],
            )
        )
        note = self._conn.execute(
            "SELECT body FROM private_notes WHERE entry_id = ?", [full]
        ).fetchone()
        return Entry(
            **summary.__dict__,
            answers=answers,
            private_note=None if note is None else note[0],
            current_step=row[SUMMARY_WIDTH],
        )

    def iter_rows(self, batch: int = 500, ahead: int = 20) -> Iterator[StoredEntry]:
        """Every entry as stored, oldest first: its row (SUMMARY_COLUMNS, then
        current_step), its answers' rows in order (entry_id, step_id,
        position, question, response, input_type, updated_at) and its
        private note, or None.

        Read a batch at a time with a few queries per batch rather than four
        per entry, so an export of 50,000 entries spends its time writing,
        not asking; memory holds one batch, and the rowids of the answers of
        the next `ahead` batches. `iter_all` makes entries of these rows;
        the JSON export writes its text straight from them, since making
        50,000 entries and their dictionaries only for `json.dumps` to take
        apart again cost it about as much as the encoding. A caller that
        needs one moment of the journal reads inside a transaction (the
        exports do).
        """
        last = -1
        while True:
            # Entry ids are random, so the answers' index (keyed by them) is
            # visited all over by every batch, and with the CLI's small page
            # cache each of its pages was decrypted again for each batch,
            # which made reading for an export twice a plain scan of the
            # tables. Where the answers of the next 10,000 entries are is
            # found in one pass over it instead: rowids, 3 MB at any size.
            span = "SELECT seq, id FROM entries WHERE seq > ? ORDER BY seq LIMIT ?"
            end = self._conn.execute(
                f"SELECT max(seq) FROM ({span})", [last, batch * ahead]
            ).fetchone()[0]
            if end is None:
                return
            where: dict[str, list[int]] = {}
            for entry_id, rowid in self._conn.execute(
                "SELECT entry_id, rowid FROM answers WHERE entry_id IN "
                "(SELECT id FROM entries WHERE seq > ? AND seq <= ?)",
                [last, end],
            ):
                where.setdefault(entry_id, []).append(rowid)
            while last < end:
                rows = self._conn.execute(
                    f"SELECT seq, {SUMMARY_COLUMNS}, current_step FROM entries "
                    "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                    [last, end, batch],
                ).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                yield from self._whole(rows, where)
            last = end

    def _whole(
        self, rows: list[tuple[Any, ...]], where: dict[str, list[int]]
    ) -> Iterator[StoredEntry]:
        """`iter_rows` for one batch of entry rows, with their answers' rowids."""
        import json  # only the export reads whole entries in batches

        rowids = sorted(r for row in rows for r in where.get(row[1], ()))
        answers: dict[str, list[tuple[Any, ...]]] = {}
        # In rowid order each page of answers is read once. (One statement
        # for any number of rowids: the connection keeps the statements it
        # prepared, and a `?` for each rowid made hundreds of them, 30 MB.)
        for answer in self._conn.execute(
            "SELECT entry_id, step_id, position, question, response, input_type, "
            "updated_at FROM answers WHERE rowid IN (SELECT value FROM json_each(?))",
            [json.dumps(rowids)],
        ):
            answers.setdefault(answer[0], []).append(answer)
        for given in answers.values():
            given.sort(key=_answer_order)
        marks = ", ".join("?" * len(rows))
        notes = dict(
            self._conn.execute(
                f"SELECT entry_id, body FROM private_notes WHERE entry_id IN ({marks})",
                [row[1] for row in rows],
            ).fetchall()
        )
        for row in rows:
            entry_id = row[1]
            yield row[1:], answers.get(entry_id, []), notes.get(entry_id)

    def iter_all(self, batch: int = 500) -> Iterator[Entry]:
        """Every entry, oldest first, whole, as `get` gives it (for export),
        a batch at a time (see `iter_rows`)."""
        for row, answers, note in self.iter_rows(batch):
            yield Entry(
                **summary_from_row(row).__dict__,
                answers=tuple(Answer(*answer[1:]) for answer in answers),
                private_note=note,
                current_step=row[SUMMARY_WIDTH],
            )

    def all_tags(self) -> list[str]:
        """Tags in use, most used first (for completion)."""
        return [
            row[0]
            for row in self._conn.execute(
                "SELECT tag FROM entry_tags GROUP BY tag COLLATE NOCASE "
                "ORDER BY count(*) DESC, tag LIMIT 500"
            )
        ]

    def delete(self, entry_id: str) -> None:
        """Move an entry to the trash; it can be restored for 30 days."""
        full = self.resolve_id(entry_id)
        with self._store.write():
            self._conn.execute(
                "UPDATE entries SET deleted_at = ? WHERE id = ?",
                [iso(self._now()), full],
            )

    def discard(self, entry_id: str) -> None:
        """Remove an entry for good, whoever wrote in it.

        For a caller that holds no revisions; a window discarding its draft
        uses `journal.drafts.discard`, which keeps words another window saved.
        """
        full = self.resolve_id(entry_id)
        with self._store.write():
            self._conn.execute("DELETE FROM entries WHERE id = ?", [full])

    def trash(self, limit: int = 100) -> list[EntrySummary]:
        """Deleted entries that can still be restored, most recent first."""
        return self._rows.summaries(
            f"SELECT {SUMMARY_COLUMNS} FROM entries WHERE deleted_at IS NOT NULL "
            "ORDER BY deleted_at DESC LIMIT ?",
            [limit],
        )

    def undelete(self, entry_id: str) -> None:
        """Bring an entry back from the trash."""
        full = self.resolve_id(entry_id)
        with self._store.write():
            self._conn.execute(
                "UPDATE entries SET deleted_at = NULL WHERE id = ?", [full]
            )

    def purge_trash(self, older_than: timedelta = timedelta(days=TRASH_DAYS)) -> int:
        """Erase entries deleted longer ago than `older_than`; returns how many."""
        cutoff = iso(self._now() - older_than)
        with self._store.write():
            cursor = self._conn.execute(
                "DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?",
                [cutoff],
            )
            if cursor.rowcount:
                # Rewrite the index so the erased words leave no trace in it.
                self._conn.execute(
                    "INSERT INTO entries_fts (entries_fts) VALUES ('optimize')"
                )
        return int(cursor.rowcount)

    def set_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        full = self.resolve_id(entry_id)
        with self._store.write():
            self._rows.replace_tags(full, tags)
            self._rows.touch(full)

    def set_marks(self, entry_id: str, marks: Marks) -> Entry:
        """Mark an entry for supervision, as shareable, and keep its private note.

        The one write behind the finish page, the quick note's supervision
        dialog, `reflect note` and `reflect mark`; a draft keeps its status
        (the agenda offers only finished entries). Returns the entry as it is
        now.
        """
        full = self.resolve_id(entry_id)
        with self._store.write():
            if not self._rows.exists(full):
                raise ReflectError(
                    "that entry is in Recently deleted; bring it back first"
                )
            self._rows.set_marks(full, marks)
            self._rows.touch(full)
        return self.get(full)

    def set_private_note(self, entry_id: str, body: str) -> None:
        """Keep (or clear, with empty text) the entry's never-shared note."""
        full = self.resolve_id(entry_id)
        with self._store.write():
            self._rows.set_private_note(full, body)
            self._rows.touch(full)
