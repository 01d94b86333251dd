"""Markdown and JSON out, our own JSON back in.

The JSON export is the worker's complete, lossless copy of their journal
(private notes included: it is their own file, and the CLI says it is not
encrypted). Control and bidi code points in it are written as `\\uXXXX`
escapes: the same characters to any JSON reader, nothing live for a terminal
or editor that shows the file. Import is idempotent by entry UUID and
all-or-nothing: the whole file is checked before one transaction writes it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from json.encoder import encode_basestring, encode_basestring_ascii
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reflect.core.clock import in_range, iso, parse_iso
from reflect.core.entry_rows import clean_tags, functions_from_column, tags_from_column
from reflect.core.errors import BadImport, CannotWrite
from reflect.core.files import read_file, write_stream
from reflect.core.frameworks import framework_id_ok
from reflect.core.journal import Journal
from reflect.core.models import FUNCTIONS, Answer, Entry, ImportReport
from reflect.core.portfolio import Link
from reflect.core.reading import blocks_markdown, entry_blocks
from reflect.core.store import is_journal_file
from reflect.core.text import LONE_SURROGATE, json_escaped

if TYPE_CHECKING:  # sharing imports the journal too; only the type is needed
    from reflect.core.sharing import Comment
    from reflect.core.templates import Library

FORMAT = "reflect-journal"
VERSION = 1
"""Links (`"links"`, beside `"entries"`) came after version 1 without a new
number: a reader that does not know them reads every entry as before."""


@dataclass(frozen=True)
class Export:
    """A whole export as read back: its entries and their links."""

    entries: list[Entry]
    links: list[Link]
    """Portfolio links (`portfolio.Link`): the worker's "what this shows"
    lines are their words, so a complete copy of the journal keeps them."""


Progress = Callable[[int], None]
"""Told how many entries have been written so far (for a progress bar)."""


# ---- Markdown ----------------------------------------------------------


def entry_markdown(
    entry: Entry,
    comments: Sequence[Comment] = (),
    origin: str | None = None,
    labels: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """One entry as Markdown: title, a line of facts, each question a heading.

    The layout is `reading.entry_blocks`, the same as every view of an entry;
    what the worker wrote is escaped with backslashes, so any Markdown reader
    shows it as typed, line breaks included.
    """
    return blocks_markdown(entry_blocks(entry, comments, origin, labels=labels))


def write_markdown(
    journal: Journal,
    out: IO[str],
    progress: Progress | None = None,
    packs: Library | None = None,
) -> int:
    """Every entry, oldest first, separated by rules; returns how many.
    With `packs`, a point on a scale is written with its label, as the
    entry view shows it."""
    count = 0
    labels: dict[str | None, dict[str, tuple[str, ...]]] = {}
    with _one_moment(journal):
        for entry in journal.entries.iter_all():
            if count:
                out.write("\n---\n\n")
            if packs is not None and entry.template_id not in labels:
                labels[entry.template_id] = packs.scale_labels(entry.template_id)
            out.write(entry_markdown(entry, labels=labels.get(entry.template_id)))
            count += 1
            if progress is not None:
                progress(count)
    return count


@contextlib.contextmanager
def _one_moment(journal: Journal) -> Iterator[None]:
    """Every read inside sees the journal as it was at the first one.

    An export reads in batches, for seconds at 50,000 entries, while the
    worker may be saving in another window: in one read transaction the
    file holds each entry whole as it was when the export began, never half
    of an edit, and nothing saved meanwhile. (The journal is in WAL mode, so
    that window's saves do not wait for the export.)
    """
    conn = journal.store.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")  # nothing was written: this only lets go


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


def write_json(journal: Journal, out: IO[str], progress: Progress | None = None) -> int:
    """Stream the export, one entry at a time, so memory stays flat.

    The time in its header is `journal.now`, the journal's own clock.
    """
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(journal.now()),
        "journal_id": journal.journal_id,
    }
    head = json.dumps(header, ensure_ascii=False, indent=2)
    out.write(head[:-2] + ',\n  "entries": [')
    count = 0
    with _one_moment(journal):
        for row, answers, note in journal.entries.iter_rows():
            out.write(",\n    " if count else "\n    ")
            out.write(json_escaped(_entry_text(row, answers, note)))
            count += 1
            if progress is not None:
                progress(count)
        out.write("\n  ]" if count else "]")
        # Read in the same moment as the entries, so each link's entry is there.
        out.write(',\n  "links": [')
        linked = 0
        for link in _links(journal):
            out.write(",\n    " if linked else "\n    ")
            out.write(json_escaped(json.dumps(link, ensure_ascii=False)))
            linked += 1
        out.write("\n  ]\n}\n" if linked else "]\n}\n")
    return count


def _links(journal: Journal) -> Iterator[dict[str, str]]:
    """Every portfolio link, in the order of the entries' ids."""
    for row in journal.store.conn.execute(
        "SELECT entry_id, framework, area, note, created_at, updated_at "
        "FROM entry_links ORDER BY entry_id, framework, area"
    ):
        yield dict(zip(_LINK_KEYS, row, strict=True))


_LINK_KEYS = tuple(f.name for f in fields(Link))


def _entry_text(
    row: tuple[Any, ...], answers: list[tuple[Any, ...]], note: str | None
) -> str:
    """What `json.dumps(entry_json(entry), ensure_ascii=False)` writes for
    an entry, made straight from its rows (`Journal.iter_rows`): the same
    text, character for character, once `json_escaped` has had it.

    A whole-journal export is 50,000 of these, and making each entry and its
    dictionary only for `json.dumps` to take apart again cost about as much as
    the encoding itself. Strings go through the C encoders `json.dumps` uses,
    so no string can come out differently; a test holds the two together,
    key order and spacing included.
    """
    (
        entry_id, created_at, updated_at, kind, title, status, template_id,
        template_version, for_supervision, ask, shareable, functions,
        deleted_at, tags, current_step,
    ) = row  # fmt: skip
    said = ", ".join(
        f'{{"step_id": {_str(a[1])}, "position": {_int(a[2])}, '
        f'"question": {_text(a[3])}, "input_type": {_str(a[5])}, '
        f'"response": {_text(a[4])}, "updated_at": {_str(a[6])}}}'
        for a in answers
    )
    return (
        f'{{"id": {_str(entry_id)}, "created_at": {_str(created_at)}, '
        f'"updated_at": {_str(updated_at)}, "kind": {_str(kind)}, '
        f'"title": {_text(title)}, "tags": {_strs(tags_from_column(tags))}, '
        f'"template_id": {_opt(template_id)}, '
        f'"template_version": {_opt(template_version)}, "status": {_str(status)}, '
        f'"for_supervision": {_TRUTH[bool(for_supervision)]}, "ask": {_opt(ask)}, '
        f'"shareable": {_TRUTH[bool(shareable)]}, '
        f'"functions": {_strs(functions_from_column(functions))}, '
        f'"deleted_at": {_opt(deleted_at)}, "current_step": {_opt(current_step)}, '
        f'"private_note": {"null" if note is None else _text(note)}, '
        f'"answers": [{said}]}}'
    )


# `json.dumps`'s own string encoder (its C version, where there is one).
_str = encode_basestring


def _text(value: str) -> str:
    """`_str` of what a person wrote, sooner.

    For plain ASCII, the encoder `json.dumps` uses when asked for ASCII
    writes the same text at nearly twice the speed (it also escapes DEL,
    as `json_escaped` would next), and answers are most of an export.
    """
    return encode_basestring_ascii(value) if value.isascii() else _str(value)


_TRUTH = {True: "true", False: "false"}


def _opt(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _strs(values: Iterable[str]) -> str:
    return f"[{', '.join(map(_str, values))}]"


def _int(value: Any) -> str:
    # SQLite gives the INTEGER column's ints; anything else as json.dumps would.
    return str(value) if type(value) is int else json.dumps(value, ensure_ascii=False)


def entry_total(journal: Journal) -> int:
    """How many entries an export writes (all of them, as `iter_all` gives),
    for a progress bar's length: one count on the primary key's index."""
    row = journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()
    return int(row[0])


#: What an export refused or stopped part-way leaves: nothing at all.
NOT_EXPORTED = "Nothing was exported"
FORMATS = ("json", "markdown")


def export_to_file(
    journal: Journal,
    path: Path,
    fmt: str = "json",
    *,
    replace: bool = False,
    progress: Progress | None = None,
    packs: Library | None = None,
) -> int:
    """Export every entry to `path` as JSON or Markdown; returns how many.

    The one way a whole journal becomes a file, from the app or the command
    line. It streams into the private temporary file `files.write_stream`
    makes (owner-only, named only once every byte is on disk), so memory
    stays flat at any size, and an export that fails part-way leaves nothing
    behind. An existing file is replaced only with `replace`, and never one
    of the journal's own files. `progress` hears the count after each entry.
    """
    if fmt not in FORMATS:
        raise ValueError(f"no export format {fmt!r}")
    if is_journal_file(journal.store, path):  # not even with replace
        raise CannotWrite(
            f"could not write {path}: that is one of your journal's own files. "
            f"{NOT_EXPORTED}; choose another place."
        )

    def fill(out: IO[str]) -> int:
        if fmt == "json":
            return write_json(journal, out, progress=progress)
        return write_markdown(journal, out, progress=progress, packs=packs)

    return write_stream(path, fill, replace=replace, nothing=NOT_EXPORTED)


#: The largest export file read at all: a journal of decades is a few hundred
#: megabytes; anything larger is refused before a byte of it is parsed.
MAX_IMPORT_BYTES = 1024**3
#: The longest text in any one field. Nobody writes ten million characters
#: in one answer; a longer string only makes every later screen crawl.
MAX_TEXT = 10_000_000
#: Names that are not prose (ids, step ids, tags, pack ids): short by nature.
MAX_NAME = 1_000
#: At most this many answers (positions run 0..9,999) and tags in one entry.
MAX_ANSWERS = 10_000
MAX_TAGS = 1_000


def read_import_file(path: Path) -> str:
    """The text of an export file, refused unread when it is far too large.

    Raises BadImport for a file that is too big or not UTF-8 text, and
    CannotRead when it cannot be read at all, each naming `path`.
    """
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_file below says why in the worker's words
    if size > MAX_IMPORT_BYTES:
        raise BadImport(_too_big(path))
    data = read_file(path, MAX_IMPORT_BYTES)
    if len(data) > MAX_IMPORT_BYTES:  # a pipe or device that kept going
        raise BadImport(_too_big(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # a backup or other binary file picked by mistake
        raise BadImport(
            f"{path} is not a reflect JSON export (it is not UTF-8 text); "
            "nothing was imported"
        ) from None


def _too_big(path: Path) -> str:
    return (
        f"{path} is larger than {MAX_IMPORT_BYTES // 1024**3} GB, more than reflect "
        "imports at once; nothing was imported"
    )


def _brief(value: Any) -> str:
    """A value from the file, described in a few characters for a message.

    Never the whole value: a message is one line, and the value may be a
    100 MB string or a list nested a thousand deep.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = str(value) if abs(value) < 10**18 else ""
        return digits or "a very large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        cut = value[:40] + ("…" if len(value) > 40 else "")
        # repr escapes control, bidi and lone surrogate code points, so a
        # message never carries anything live to the terminal.
        return repr(cut)
    return "a list" if isinstance(value, list) else "an object"


def _most(limit: int) -> str:
    return f"reflect takes at most {limit:,}, so nothing was imported"


class _Fields:
    """One object from the file, read field by field with its place named.

    Every value is checked for type, length and range before it is used, so
    nothing the file holds reaches the database or a message unchecked.
    """

    def __init__(self, item: Any, where: str) -> None:
        if not isinstance(item, dict):
            raise BadImport(f"{where} is not an object (it is {_brief(item)})")
        self.item: dict[str, Any] = item
        self.where = where

    def fail(self, key: str, why: str) -> BadImport:
        return BadImport(f"{self.where}: '{key}' {why}")

    def text(self, key: str, *, limit: int = MAX_TEXT, default: str = "") -> str:
        """Text, or `default` when missing or null."""
        value = self.item.get(key)
        return default if value is None else self.checked_text(key, value, limit)

    def optional_text(self, key: str, *, limit: int = MAX_TEXT) -> str | None:
        value = self.item.get(key)
        return None if value is None else self.checked_text(key, value, limit)

    def checked_text(self, key: str, value: Any, limit: int) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, not {_brief(value)}")
        if len(value) > limit:
            raise self.fail(key, f"is {len(value):,} characters long; {_most(limit)}")
        found = LONE_SURROGATE.search(value)
        if found is not None:
            raise self.fail(
                key,
                f"holds a broken character (an unpaired \\u{ord(found[0]):04x} "
                "escape) that no file or screen can show",
            )
        return value

    def flag(self, key: str) -> bool:
        value = self.item.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {_brief(value)}")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.item.get(key)
        if value is None:
            return default
        if value not in allowed:
            raise self.fail(
                key, f"is {_brief(value)}; it must be one of: {', '.join(allowed)}"
            )
        return str(value)

    def stamp(self, key: str, default: str | None = None) -> str | None:
        """A time in our stored form (UTC), so lists sort right."""
        value = self.item.get(key)
        if value is None or value == "":
            return default
        text = self.checked_text(key, value, MAX_NAME)
        try:
            moment = parse_iso(text)
            if not in_range(moment):
                raise ValueError(text)
            return iso(moment)
        except (ValueError, OverflowError):  # OverflowError: year 9999 at -23:59
            raise self.fail(
                key, f"is {_brief(text)}, not an ISO-8601 time from year 2 to 9998"
            ) from None

    def items(self, key: str, limit: int) -> list[Any]:
        value = self.item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_brief(value)}")
        if len(value) > limit:
            raise self.fail(key, f"has {len(value):,} items; {_most(limit)}")
        return value


def _parse_answer(raw: Any, pos: int, where: str, updated: str) -> Answer:
    fields = _Fields(raw, f"{where}, answer {pos + 1}")
    step_id = fields.text("step_id", limit=MAX_NAME)
    if not step_id:
        raise fields.fail("step_id", "is missing or empty")
    position = raw.get("position", pos)
    if isinstance(position, bool) or not isinstance(position, int):
        raise fields.fail("position", f"must be a whole number, not {_brief(position)}")
    if not 0 <= position < MAX_ANSWERS:
        raise fields.fail(
            "position", f"is {_brief(position)}; it must be from 0 to {MAX_ANSWERS - 1}"
        )
    return Answer(
        step_id=step_id,
        position=position,
        question=fields.text("question"),
        response=fields.text("response"),
        input_type=fields.text("input_type", limit=MAX_NAME) or "text",
        updated_at=fields.stamp("updated_at", updated) or updated,
    )


def _parse_entry(item: Any, index: int) -> Entry:
    where = f"entry {index + 1}"
    fields = _Fields(item, where)
    entry_id = fields.text("id", limit=MAX_NAME)
    if not entry_id.strip():
        raise fields.fail("id", "is missing or empty")
    created = fields.stamp("created_at")
    if created is None:
        raise fields.fail("created_at", "is missing")
    updated = fields.stamp("updated_at", created) or created
    answers = []
    steps: set[str] = set()
    for pos, raw in enumerate(fields.items("answers", MAX_ANSWERS)):
        answer = _parse_answer(raw, pos, where, updated)
        if answer.step_id in steps:
            raise BadImport(f"{where}: two answers to step {_brief(answer.step_id)}")
        steps.add(answer.step_id)
        answers.append(answer)
    tags = fields.items("tags", MAX_TAGS)
    for tag in tags:
        fields.checked_text("tags", tag, MAX_NAME)
    functions = fields.items("functions", len(FUNCTIONS))
    if any(f not in FUNCTIONS for f in functions):
        raise fields.fail("functions", f"must list only {', '.join(FUNCTIONS)}")
    return Entry(
        id=entry_id.lower(),
        created_at=created,
        updated_at=updated,
        kind=fields.choice("kind", ("note", "reflection"), "note"),
        title=fields.text("title"),
        status=fields.choice("status", ("draft", "complete"), "complete"),
        # An empty pack id is no pack: the entry is a quick note, as the
        # journal (and the year in review's counts) take a missing one.
        template_id=fields.optional_text("template_id", limit=MAX_NAME) or None,
        template_version=fields.optional_text("template_version", limit=MAX_NAME),
        for_supervision=fields.flag("for_supervision"),
        ask=fields.optional_text("ask"),
        shareable=fields.flag("shareable"),
        tags=clean_tags(tags),
        answers=tuple(answers),
        private_note=fields.optional_text("private_note"),
        functions=tuple(str(f) for f in functions),
        deleted_at=fields.stamp("deleted_at"),
        current_step=fields.optional_text("current_step", limit=MAX_NAME),
    )


def _version(data: dict[str, Any]) -> int:
    """The export's format version, or why it cannot be read."""
    version = data.get("version")
    if version is None:
        raise BadImport("this export has no 'version'; nothing was imported")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BadImport(
            f"this export's version is {_brief(version)}, which is not a whole "
            "number; it was not written by reflect, so nothing was imported"
        )
    if version < 1:
        raise BadImport(
            f"this export's version is {_brief(version)}; reflect's versions "
            "start at 1, so nothing was imported"
        )
    if version > VERSION:
        raise BadImport(
            f"this export is version {_brief(version)}; this reflect reads up to "
            f"{VERSION}. Update reflect to import it"
        )
    return version


def read_json(text: str) -> list[Entry]:
    """The entries of an export (see `read_export`)."""
    return read_export(text).entries


def read_export(text: str) -> Export:
    """Parse and check a whole export before anything is written.

    Everything a file can hold is refused with a BadImport naming the place:
    JSON nested too deep for the parser, numbers too long to read, texts
    too long or holding an unpaired surrogate (which no UTF-8 file or
    database can hold), and any field of the wrong type or out of range.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos == 0:
            raise BadImport(
                "only reflect's JSON export can be imported "
                "(made with: reflect export --format json)"
            ) from exc
        raise BadImport(
            f"this file is cut short or damaged at line {exc.lineno}, so it is "
            "not a whole reflect export; nothing was imported. Export again "
            "with: reflect export --format json"
        ) from exc
    except RecursionError:
        raise BadImport(
            "this file nests lists or objects far deeper than a reflect export "
            "does; nothing was imported"
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise BadImport(
            "this file holds a number too long to read, which a reflect export "
            "never does; nothing was imported"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadImport(
            "this is not a reflect JSON export; nothing was imported (reflect's "
            "is made with: reflect export --format json)"
        )
    _version(data)
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BadImport("the export has no 'entries' list")
    parsed = [_parse_entry(item, i) for i, item in enumerate(entries)]
    links = data.get("links", [])
    if not isinstance(links, list):
        raise BadImport("the export's 'links' is not a list; nothing was imported")
    known = {entry.id for entry in parsed}
    return Export(parsed, [_parse_link(item, i, known) for i, item in enumerate(links)])


def _parse_link(item: Any, index: int, known: set[str]) -> Link:
    """One portfolio link, checked: it names an entry the file holds, and
    its line is one a worker could have typed (`portfolio.tidy_note`)."""
    fields = _Fields(item, f"link {index + 1}")
    entry_id = fields.text("entry_id", limit=MAX_NAME).lower()
    if entry_id not in known:
        raise fields.fail("entry_id", "names no entry in this file")
    names = {}
    for key in ("framework", "area"):
        names[key] = fields.text(key, limit=MAX_NAME)
        if not names[key].strip():
            raise fields.fail(key, "is missing or empty")
        if not framework_id_ok(names[key]):
            raise fields.fail(
                key, "must be lower-case letters, digits and dashes, as in a framework"
            )
    # Only the spaces are tidied, not the length checked against what the
    # link dialog allows: a restore must never refuse the worker's own words.
    note = " ".join(fields.text("note", limit=MAX_NAME).split())
    created = fields.stamp("created_at")
    if created is None:
        raise fields.fail("created_at", "is missing")
    updated = fields.stamp("updated_at", created) or created
    return Link(entry_id, names["framework"], names["area"], note, created, updated)


def import_entries(
    journal: Journal,
    entries: Iterable[Entry],
    links: Iterable[Link] = (),
) -> ImportReport:
    """Add entries not yet present; replace ones the file has newer versions
    of; then add the file's portfolio links, each kept unless the journal
    holds a newer version of it. (A link only ever arrives: one taken away
    here since the file was made comes back, as an entry erased here would.)

    One transaction: an interrupted or refused import leaves the journal as
    it was. Importing the same file twice adds nothing. An entry replaced by
    a newer copy keeps the links it had here.
    """
    added = updated = unchanged = 0
    conn = journal.store.conn
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
                # So would the worker's portfolio links, words and all.
                had = conn.execute(
                    "SELECT framework, area, note, created_at, updated_at "
                    "FROM entry_links WHERE entry_id = ?",
                    [entry.id],
                ).fetchall()
                conn.execute("DELETE FROM entries WHERE id = ?", [entry.id])
                updated += 1
            else:
                added += 1
                had = []
            _insert(conn, entry)
            if origin is not None:
                conn.execute(
                    "INSERT INTO entry_origins (entry_id, source, content_key, "
                    "place, imported_at) VALUES (?, ?, ?, ?, ?)",
                    [entry.id, *origin],
                )
            # Put back as they were: the delete above took every one away.
            conn.executemany(
                "INSERT INTO entry_links (entry_id, framework, area, note, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(entry.id, *row) for row in had],
            )
        linked = _put_links(
            conn,
            [
                (k.entry_id, k.framework, k.area, k.note, k.created_at, k.updated_at)
                for k in links
            ],
        )
    return ImportReport(added=added, updated=updated, unchanged=unchanged, links=linked)


def _put_links(conn: Any, rows: Sequence[tuple[str, ...]]) -> int:
    """Write links (entry, framework, area, note, created, updated), each
    only where the journal has no newer version of it; how many changed."""
    changed = 0
    for row in rows:
        have = conn.execute(
            "SELECT updated_at, note FROM entry_links "
            "WHERE entry_id = ? AND framework = ? AND area = ?",
            row[:3],
        ).fetchone()
        if have is not None and (
            parse_iso(have[0]) >= parse_iso(row[5]) or have[1] == row[3]
        ):
            continue
        conn.execute(
            "INSERT INTO entry_links (entry_id, framework, area, note, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entry_id, framework, area) DO UPDATE SET "
            "note = excluded.note, updated_at = excluded.updated_at",
            row,
        )
        changed += 1
    return changed


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
