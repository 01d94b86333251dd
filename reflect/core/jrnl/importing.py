"""Bring a jrnl journal in as quick notes, in one transaction, losing nothing.

`jrnl_format` reads the text; this module decides what each piece becomes.
Every jrnl entry becomes a finished quick note dated as written, its tags
kept and a star kept as the tag `starred`. Text the reader could not place
(before the first date, under an unreadable date, a date with nothing after
it) is kept as a note tagged `jrnl-review` unless the worker asks to skip
it, and every such piece is reported with its line. Each note records a hash
of what it was made from (`entry_origins`), so a second import of the same
journal adds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reflect.core.clock import iso
from reflect.core.entry_rows import clean_tags
from reflect.core.journal import Journal
from reflect.core.jrnl.files import PIPE
from reflect.core.jrnl.format import JrnlEntry, Problem, content_key
from reflect.core.models import NOTE_STEP, title_from_text

SOURCE = "jrnl"
REVIEW_TAG = "jrnl-review"
STAR_TAG = "starred"
_BATCH = 500


@dataclass(frozen=True)
class JrnlImportReport:
    """What the import did, so the summary can account for every entry."""

    imported: int = 0
    """New notes, those marked for review included."""
    already: int = 0
    """Entries an earlier import brought in; nothing was changed for them."""
    review: int = 0
    """Of `imported`, the notes tagged `jrnl-review`."""
    review_already: int = 0
    """Of `already`, the pieces an earlier import kept for review."""
    changed: int = 0
    """Of `imported`, entries edited in jrnl since an earlier import: same
    file and moment as an earlier note whose words the file no longer has.
    Both versions are kept."""
    review_total: int = 0
    """Notes tagged for review in the whole journal, this import's included."""
    skipped: int = 0
    """Problem pieces left out because the worker asked (`--skip-unparsed`)."""
    not_read: int = 0
    """Files in a folder journal that are not day files, so were not read."""
    problems: tuple[str, ...] = ()
    """One line per problem: where it is and what it is."""

    def headline(self, source: str = "") -> str:
        """What came in, in the words both interfaces open their summary with.

        The notes to review are among those imported, so they are said as
        part of that count, not beside it.
        """
        noun = "entry" if self.imported == 1 else "entries"
        text = f"Imported {self.imported:,} {noun}{source}"
        if self.review:
            verb = "was" if self.review == 1 else "were"
            text += f"; {self.review:,} of them {verb} kept for you to review"
        text += "."
        if self.already:
            verb = "was" if self.already == 1 else "were"
            text += f" {self.already:,} {verb} already in reflect from before."
        return text


def place_of(entry: JrnlEntry, name: str) -> str:
    """`journal.txt line 3`, or `2024/03/04.txt line 1` in a folder journal;
    for a problem, what it is too (`...: text before the first dated entry`)."""
    where = entry.source or name
    if entry.line:
        where = f"{where} line {entry.line}"
    return f"{where}: {entry.problem}" if entry.problem else where


def import_jrnl(
    journal: Journal,
    entries: Iterable[JrnlEntry],
    *,
    name: str,
    skip_unparsed: bool = False,
    progress: Callable[[JrnlEntry], None] | None = None,
) -> JrnlImportReport:
    """Add the entries not yet imported; one transaction for the whole file.

    `name` is the journal's file or folder name, used in problem lines and in
    each note's recorded origin. An interrupted import (an error, a full disk,
    Ctrl-C) rolls back and leaves the journal exactly as it was.
    """
    conn = journal.store.conn
    now = iso(journal.now())
    imported = already = review = review_already = 0
    skipped = not_read = 0
    problems: list[str] = []
    this_run: set[str] = set()
    fresh: list[tuple[str, str]] = []  # (file, moment) of each new entry
    seen: dict[str, int] = {}
    waiting: list[JrnlEntry] = []  # undated, until a date follows
    rows = _Rows()
    known: set[str] = set()
    still_review: set[str] = set()

    def place(entry: JrnlEntry, when: datetime | None) -> None:
        nonlocal imported, already, review, review_already
        key = content_key(entry)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # the same entry twice in one journal: keep both
            key = f"{key}#{seen[key]}"
        this_run.add(key)
        if key in known:
            already += 1
            review_already += key in still_review
            return
        known.add(key)
        imported += 1
        review += entry.problem is not None
        if entry.problem is None and when is not None:
            fresh.append((entry.source or name, iso(when)))
        rows.add(entry, key, when, now, name)

    # Reads inside the write transaction (no second import can slip in) and
    # with the big cache: at 50,000 entries they took 1.2 s with 2 MB.
    with journal.store.roomy_cache(), journal.store.write():
        known.update(
            key for (key,) in conn.execute(
                "SELECT content_key FROM entry_origins WHERE source = ?", [SOURCE]
            )
        )  # fmt: skip
        had_any = bool(known)
        still_review.update(
            key for (key,) in conn.execute(
                "SELECT o.content_key FROM entry_origins o JOIN tag_order t "
                "ON t.entry_id = o.entry_id WHERE o.source = ? AND t.tag = ?",
                [SOURCE, REVIEW_TAG],
            )
        )  # fmt: skip
        for entry in entries:
            if entry.problem is not None:
                problems.append(place_of(entry, name))
                if entry.problem is Problem.NOT_READ or skip_unparsed:
                    if entry.problem is Problem.NOT_READ:
                        not_read += 1
                    else:
                        skipped += 1
                    if progress:
                        progress(entry)
                    continue
            if entry.date is None:
                waiting.append(entry)
            else:
                for held in waiting:  # text before a date sorts just before it
                    place(held, entry.date)
                waiting.clear()
                place(entry, entry.date)
            if len(rows) >= _BATCH:
                rows.flush(conn)
            if progress:
                progress(entry)
        for held in waiting:
            place(held, None)
        rows.flush(conn)
        changed = _changed(conn, fresh, this_run, name) if had_any else 0
        review_total = conn.execute(
            "SELECT count(*) FROM tag_order t JOIN entries e ON e.seq = t.seq "
            "WHERE t.tag = ? AND e.deleted_at IS NULL",
            [REVIEW_TAG],
        ).fetchone()[0]
    return JrnlImportReport(
        imported=imported,
        already=already,
        review=review,
        review_already=review_already,
        changed=changed,
        review_total=review_total,
        skipped=skipped,
        not_read=not_read,
        problems=tuple(problems),
    )


def _changed(
    conn: Any, fresh: list[tuple[str, str]], this_run: set[str], name: str
) -> int:
    """How many new entries replace an earlier note edited in jrnl since.

    A new entry counts when an earlier note from the same file (or either
    came through the pipe, which has no file name) has the same moment and
    words this import no longer found; never more than such notes per moment.
    """
    wanted: dict[str, list[str]] = {}
    for where, moment in fresh:
        wanted.setdefault(moment, []).append(where)
    moments = list(wanted)
    missing: dict[tuple[str, str], int] = {}
    for start in range(0, len(moments), 500):
        chunk = moments[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for place_, moment, key in conn.execute(
            "SELECT o.place, e.created_at, o.content_key FROM entry_origins o "
            "JOIN entries e ON e.id = o.entry_id "
            f"WHERE o.source = ? AND e.created_at IN ({marks})",
            [SOURCE, *chunk],
        ):
            if key not in this_run:
                where = place_.rpartition(" line ")[0]
                missing[(where, moment)] = missing.get((where, moment), 0) + 1
    changed = 0
    for moment, wheres in wanted.items():
        for where in set(wheres):
            new = wheres.count(where)
            gone = sum(
                count
                for (was, at), count in missing.items()
                if at == moment and (was == where or PIPE in (was, where))
            )
            changed += min(new, gone)
    return changed


def origin_of(journal: Journal, entry_id: str) -> str | None:
    """Where an imported entry came from, for the entry view; None if written here."""
    row = journal.store.conn.execute(
        "SELECT source, place FROM entry_origins WHERE entry_id = ?", [entry_id]
    ).fetchone()
    return f"{row[0]}, {row[1]}" if row else None


class _Rows:
    """Rows for the five tables, written a batch at a time with executemany."""

    def __init__(self) -> None:
        self.entries: list[tuple[object, ...]] = []
        self.answers: list[tuple[object, ...]] = []
        self.tags: list[tuple[str, str]] = []
        self.origins: list[tuple[object, ...]] = []

    def __len__(self) -> int:
        return len(self.entries)

    def add(
        self, entry: JrnlEntry, key: str, when: datetime | None, now: str, name: str
    ) -> None:
        entry_id = str(uuid.uuid4())
        created = iso(when) if when is not None else now
        title = title_from_text(entry.title or entry.text)
        if not title:
            title = "Empty jrnl entry"
        self.entries.append((entry_id, created, now, title))
        self.answers.append((entry_id, entry.text, now))
        extra = [STAR_TAG] if entry.starred else []
        if entry.problem is not None:
            extra.append(REVIEW_TAG)
        self.tags += [(entry_id, tag) for tag in clean_tags([*entry.tags, *extra])]
        # A note kept for review says why, so the entry view can tell the
        # worker what to look at long after the summary has scrolled away.
        self.origins.append((entry_id, SOURCE, key, place_of(entry, name), now))

    def flush(self, conn: Any) -> None:
        execute = conn.executemany
        execute(
            "INSERT INTO entries (id, created_at, updated_at, kind, title, status) "
            "VALUES (?, ?, ?, 'note', ?, 'complete')",
            self.entries,
        )
        execute(
            "INSERT INTO answers (entry_id, step_id, position, question, "
            f"input_type, response, updated_at) VALUES (?, '{NOTE_STEP}', 0, '', "
            "'text', ?, ?)",
            self.answers,
        )
        execute("INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)", self.tags)
        execute(
            "INSERT INTO entry_origins (entry_id, source, content_key, place, "
            "imported_at) VALUES (?, ?, ?, ?, ?)",
            self.origins,
        )
        for rows in (self.entries, self.answers, self.tags, self.origins):
            rows.clear()
