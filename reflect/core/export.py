"""Markdown and JSON out, our own JSON back in.

The JSON export is the worker's complete, lossless copy of their journal
(private notes included: it is their own file, and the CLI says it is not
encrypted). Control and bidi code points in it are written as `\\uXXXX`
escapes: the same characters to any JSON reader, nothing live for a terminal
or editor that shows the file. Import is idempotent by entry UUID and
all-or-nothing: the whole file is checked before one transaction writes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from reflect.core.clock import Clock, iso, parse_iso, utc_now
from reflect.core.errors import BadImport
from reflect.core.journal import Journal, clean_tags
from reflect.core.models import FUNCTIONS, Answer, Entry, ImportReport
from reflect.core.reading import blocks_markdown, entry_blocks
from reflect.core.text import json_escaped

if TYPE_CHECKING:  # sharing imports the journal too; only the type is needed
    from reflect.core.sharing import Comment

FORMAT = "reflect-journal"
VERSION = 1


# ---- Markdown ----------------------------------------------------------


def entry_markdown(
    entry: Entry, comments: Sequence[Comment] = (), origin: str | None = None
) -> str:
    """One entry as Markdown: title, a line of facts, each question a heading.

    The layout is `reading.entry_blocks`, the same as every view of an entry;
    what the worker wrote is escaped with backslashes, so any Markdown reader
    shows it as typed, line breaks included.
    """
    return blocks_markdown(entry_blocks(entry, comments, origin))


def write_markdown(journal: Journal, out: IO[str]) -> int:
    """Every entry, oldest first, separated by rules; returns how many."""
    count = 0
    for entry in journal.iter_all():
        if count:
            out.write("\n---\n\n")
        out.write(entry_markdown(entry))
        count += 1
    return count


# ---- JSON --------------------------------------------------------------


def entry_json(entry: Entry) -> dict[str, Any]:
    data = entry.as_json()
    data["current_step"] = entry.current_step
    data["private_note"] = entry.private_note
    data["answers"] = [
        {
            "step_id": a.step_id,
            "position": a.position,
            "question": a.question,
            "input_type": a.input_type,
            "response": a.response,
            "updated_at": a.updated_at,
        }
        for a in entry.answers
    ]
    return data


def write_json(journal: Journal, out: IO[str], now: Clock = utc_now) -> int:
    """Stream the export, one entry at a time, so memory stays flat."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(now()),
        "journal_id": journal.journal_id,
    }
    head = json.dumps(header, ensure_ascii=False, indent=2)
    out.write(head[:-2] + ',\n  "entries": [')
    count = 0
    for entry in journal.iter_all():
        out.write("," if count else "")
        dumped = json.dumps(entry_json(entry), ensure_ascii=False)
        out.write("\n    " + json_escaped(dumped))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def _need(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = item.get(key)
    if not isinstance(value, kind):
        raise BadImport(f"{where}: '{key}' is missing or not a {kind.__name__}")
    return value


def _text_or_none(item: dict[str, Any], key: str, where: str) -> str | None:
    """An optional text field; anything else would fail mid-transaction."""
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise BadImport(f"{where}: '{key}' must be text")
    return value


def _functions(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or any(v not in FUNCTIONS for v in value):
        raise BadImport(f"{where}: 'functions' must list {', '.join(FUNCTIONS)}")
    return tuple(value)


def _stamp(value: Any, where: str) -> str:
    """A time from the file in our stored form (UTC), so lists sort right."""
    try:
        return iso(parse_iso(value))
    except (TypeError, ValueError) as exc:
        raise BadImport(f"{where}: {value!r} is not an ISO-8601 time") from exc


def _parse_entry(item: Any, index: int) -> Entry:
    where = f"entry {index + 1}"
    if not isinstance(item, dict):
        raise BadImport(f"{where} is not an object")
    entry_id = _need(item, "id", str, where)
    if not entry_id.strip():
        raise BadImport(f"{where}: 'id' is empty")
    created = _stamp(_need(item, "created_at", str, where), where)
    updated = _stamp(item.get("updated_at") or created, where)
    kind = item.get("kind", "note")
    status = item.get("status", "complete")
    if kind not in ("note", "reflection") or status not in ("draft", "complete"):
        raise BadImport(f"{where}: unknown kind {kind!r} or status {status!r}")
    raw_answers = item.get("answers") or []
    if not isinstance(raw_answers, list):
        raise BadImport(f"{where}: 'answers' must be a list")
    answers = []
    steps: set[str] = set()
    for pos, raw in enumerate(raw_answers):
        if not isinstance(raw, dict):
            raise BadImport(f"{where}: answer {pos + 1} is not an object")
        step_id = str(_need(raw, "step_id", str, where))
        position = raw.get("position", pos)
        if isinstance(position, bool) or not isinstance(position, int):
            raise BadImport(f"{where}: answer {pos + 1} has a non-numeric position")
        if not 0 <= position < 10_000:
            raise BadImport(f"{where}: answer {pos + 1} has an impossible position")
        if step_id in steps:
            raise BadImport(f"{where}: two answers to step {step_id!r}")
        steps.add(step_id)
        answers.append(
            Answer(
                step_id=step_id,
                position=position,
                question=str(raw.get("question") or ""),
                response=str(raw.get("response") or ""),
                input_type=str(raw.get("input_type") or "text"),
                updated_at=_stamp(raw.get("updated_at") or updated, where),
            )
        )
    tags = item.get("tags") or []
    if not isinstance(tags, list):
        raise BadImport(f"{where}: 'tags' must be a list")
    return Entry(
        id=entry_id.lower(),
        created_at=created,
        updated_at=updated,
        kind=kind,
        title=str(item.get("title") or ""),
        status=status,
        template_id=_text_or_none(item, "template_id", where),
        template_version=_text_or_none(item, "template_version", where),
        for_supervision=bool(item.get("for_supervision")),
        ask=_text_or_none(item, "ask", where),
        shareable=bool(item.get("shareable")),
        tags=clean_tags(str(t) for t in tags),
        answers=tuple(answers),
        private_note=_text_or_none(item, "private_note", where),
        functions=_functions(item.get("functions"), where),
        deleted_at=(
            _stamp(item["deleted_at"], where) if item.get("deleted_at") else None
        ),
        current_step=_text_or_none(item, "current_step", where),
    )


def read_json(text: str) -> list[Entry]:
    """Parse and check a whole export before anything is written."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos == 0:
            raise BadImport(
                "only reflect's JSON export can be imported "
                "(made with: reflect export --format json)"
            ) from exc
        raise BadImport(f"not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadImport("this is not a reflect JSON export (no 'format' field)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BadImport(
            f"this export is version {version}; this reflect reads up to {VERSION}"
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BadImport("the export has no 'entries' list")
    return [_parse_entry(item, i) for i, item in enumerate(entries)]


def import_entries(journal: Journal, entries: Iterable[Entry]) -> ImportReport:
    """Add entries not yet present; replace ones the file has newer versions of.

    One transaction: an interrupted or refused import leaves the journal as
    it was. Importing the same file twice adds nothing.
    """
    added = updated = unchanged = 0
    conn = journal.conn
    with journal.store.roomy_cache(), journal.store.write():
        for entry in entries:
            row = conn.execute(
                "SELECT updated_at FROM entries WHERE id = ?", [entry.id]
            ).fetchone()
            if row is not None and parse_iso(row[0]) >= parse_iso(entry.updated_at):
                unchanged += 1
                continue
            origin = None
            if row is not None:
                # Replacing the row would cascade away where it was imported
                # from, and the next jrnl import would add it a second time.
                origin = conn.execute(
                    "SELECT source, content_key, place, imported_at "
                    "FROM entry_origins WHERE entry_id = ?",
                    [entry.id],
                ).fetchone()
                conn.execute("DELETE FROM entries WHERE id = ?", [entry.id])
                updated += 1
            else:
                added += 1
            _insert(conn, entry)
            if origin is not None:
                conn.execute(
                    "INSERT INTO entry_origins (entry_id, source, content_key, "
                    "place, imported_at) VALUES (?, ?, ?, ?, ?)",
                    [entry.id, *origin],
                )
    return ImportReport(added=added, updated=updated, unchanged=unchanged)


def _insert(conn: Any, entry: Entry) -> None:
    conn.execute(
        "INSERT INTO entries (id, created_at, updated_at, kind, template_id, "
        "template_version, title, status, current_step, for_supervision, "
        "supervision_ask, shareable, functions, deleted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry.id,
            entry.created_at,
            entry.updated_at,
            entry.kind,
            entry.template_id,
            entry.template_version,
            entry.title,
            entry.status,
            entry.current_step,
            int(entry.for_supervision),
            entry.ask,
            int(entry.shareable),
            ",".join(entry.functions),
            entry.deleted_at,
        ],
    )
    conn.executemany(
        "INSERT INTO answers (entry_id, step_id, position, question, input_type, "
        "response, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                entry.id,
                a.step_id,
                a.position,
                a.question,
                a.input_type,
                a.response,
                a.updated_at,
            )
            for a in entry.answers
        ],
    )
    conn.executemany(
        "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
        [(entry.id, tag) for tag in entry.tags],
    )
    if entry.private_note:
        conn.execute(
            "INSERT INTO private_notes (entry_id, body, updated_at) VALUES (?, ?, ?)",
            [entry.id, entry.private_note, entry.updated_at],
        )
