"""Full-text search over titles and answers, with filters.

The worker's words are matched as words and never parsed as FTS5 syntax; the
last word also matches as a prefix so results follow typing. Filters narrow
the same query, so a search stays one indexed SQL statement.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reflect.core.clock import iso
from reflect.core.entry_rows import (
    E_SUMMARY_COLUMNS,
    SUMMARY_WIDTH,
    clean_tags,
    summary_from_row,
)
from reflect.core.models import SearchHit
from reflect.core.service import Service

_WORD = re.compile(r"\w+", re.UNICODE)
# FTS5 wraps each match in these. A worker's text may hold any character,
# noncharacters included (a paste, or a hostile share), so a fixed mark could
# be forged by what was typed; each process therefore draws its own: a
# noncharacter, 16 random hex digits, another noncharacter. No text can hold
# it by chance, and none written earlier can know it. `_unmark` takes them out.
_NONCE = os.urandom(8).hex()
MARK_OPEN = f"\ufdd0{_NONCE}\ufdd0"
MARK_CLOSE = f"\ufdd1{_NONCE}\ufdd1"
_MARKS = re.compile(f"({re.escape(MARK_OPEN)}|{re.escape(MARK_CLOSE)})")


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


@dataclass(frozen=True)
class SearchFilters:
    """Optional narrowing of a search; every field off by default."""

    tag: str | None = None
    template_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    for_supervision: bool = False


class Search(Service):
    """`journal.search`: the worker's words against every live entry."""

    def find(
        self,
        text: str,
        *,
        limit: int = 20,
        filters: SearchFilters = SearchFilters(),  # noqa: B008 (frozen, shared safely)
    ) -> list[SearchHit]:
        """Entries matching the words typed, best match first."""
        query = fts_query(text)
        if query is None:
            return []
        where = ["entries_fts MATCH ?", "e.deleted_at IS NULL"]
        params: list[Any] = [query]
        if filters.tag and clean_tags([filters.tag]):
            where.append("e.seq IN (SELECT seq FROM tag_order WHERE tag = ?)")
            params.append(clean_tags([filters.tag])[0])
        if filters.template_id:
            where.append("e.template_id = ?")
            params.append(filters.template_id)
        if filters.since is not None:
            where.append("e.created_at >= ?")
            params.append(iso(filters.since))
        if filters.until is not None:
            where.append("e.created_at < ?")
            params.append(iso(filters.until))
        if filters.for_supervision:
            where.append("e.for_supervision = 1")
        rows = self._conn.execute(
            f"SELECT {E_SUMMARY_COLUMNS}, snippet(entries_fts, -1, ?, ?, '…', 16),"
            " bm25(entries_fts, 4.0, 1.0)"
            " FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY bm25(entries_fts, 4.0, 1.0)"
            " LIMIT ?",
            [MARK_OPEN, MARK_CLOSE, *params, limit],
        ).fetchall()
        width = SUMMARY_WIDTH
        return [
            SearchHit(
                summary_from_row(row[:width]), *_unmark(row[width]), row[width + 1]
            )
            for row in rows
        ]


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet as plain text, and where in it each match starts and ends."""
    plain: list[str] = []
    matches: list[tuple[int, int]] = []
    size = 0
    start: int | None = None
    for part in _MARKS.split(marked):
        if part == MARK_OPEN:
            start = size
        elif part == MARK_CLOSE:
            if start is not None and size > start:
                matches.append((start, size))
            start = None
        else:
            plain.append(part)
            size += len(part)
    return "".join(plain), tuple(matches)
