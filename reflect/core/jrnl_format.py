"""Read jrnl journals (https://jrnl.sh): plain text in, frozen dataclasses out.

jrnl keeps a journal as one text file, or as a folder of `YYYY/MM/DD.txt`
files in the same format. A line that begins with a bracketed timestamp and
a space starts an entry; its text runs to the next such line. The title is
the first line, or the first sentence of a one-line entry; a `*` ending the
first line stars the entry; a word that begins with a tag symbol is a tag.

jrnl silently drops what it cannot place (text before the first date, a date
it cannot read, files it does not expect in a folder). This reader never
does: such text comes back as a `JrnlEntry` with a `problem`, so the
importer can keep it for review. No database, no printing, no side effects.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reflect.core.errors import BadImport
from reflect.core.jrnl_config import (
    DEFAULT,
    BadJrnlConfig,
    EncryptedJrnl,
    JrnlSettings,
    encrypted_error,
    expand_layout,
    read_config,
)

__all__ = [
    "DEFAULT",
    "BadJrnlConfig",
    "EncryptedJrnl",
    "JrnlEntry",
    "JrnlSettings",
    "NotJrnl",
    "Problem",
    "content_key",
    "folder_files",
    "parse_text",
    "read_config",
    "read_journal",
]


class NotJrnl(BadImport):
    """The path is not a jrnl journal (binary, JSON, or no jrnl dates)."""


class Problem(StrEnum):
    """Why an entry needs a person to look at it. Values are for display."""

    BEFORE_FIRST = "text before the first dated entry"
    BAD_DATE = "a date that could not be read"
    EMPTY = "a date with no text after it"
    NOT_READ = "not a jrnl day file (YYYY/MM/DD.txt), so not read"


@dataclass(frozen=True, slots=True)
class JrnlEntry:
    """One entry, or one piece of text that needs review (`problem` set)."""

    source: str
    """The file within a folder journal (`2024/03/04.txt`); '' for one file."""
    line: int
    """1-based line where the entry starts (0 for a file that was not read)."""
    date: datetime | None
    """Naive local time as written; None before the first date."""
    title: str
    text: str
    """Title and body as stored: star marker and edge whitespace removed."""
    tags: tuple[str, ...]
    """Without the symbol, as first written; one per spelling, ignoring case."""
    starred: bool
    problem: Problem | None = None

    @property
    def body(self) -> str:
        """The text after the title."""
        return self.text[len(self.title) :].strip()


# ---- Timestamps ----------------------------------------------------------

# Layouts jrnl versions and configs commonly wrote, always accepted. jrnl
# itself also reads a bare date (at midnight), through its fuzzy fallback.
_USUAL = "%Y-%m-%d %I:%M:%S %p|%Y-%m-%d %H:%M:%S|%Y-%m-%d %H:%M|%Y-%m-%d %I:%M %p"
_USUAL += "|%Y-%m-%d"
# `[blob]` at the very start of a line, then a space or the end of the line.
_STAMP = re.compile(r"\[([^\]\n]+)\](?: |\n|\Z)")
# A date with a four-digit year ("2024-02-30", "30/02/2024", "30 Feb 2024",
# "February 30, 2024") at the start "looks like a date", readable or not.
_DATE_SHAPE = re.compile(
    r"\s*(\d{4}[-/.]\d\d?[-/.]\d\d?|\d\d?[-/.]\d\d?[-/.]\d{4}"
    r"|\d\d?\.? [^\W\d_]{3,}\.?,? \d{4}|[^\W\d_]{3,}\.? \d\d?(st|nd|rd|th)?,? \d{4})\b"
)


class _Layouts:
    """The accepted timestamp layouts, the configured one first."""

    def __init__(self, timeformat: str) -> None:
        own = expand_layout(timeformat)
        self.layouts = [own, *(way for way in _USUAL.split("|") if way != own)]
        # The configured layout with any digits and words in place of the
        # codes: "[31 Feb 2024 10:00]" looks like "%d %b %Y %H:%M".
        loose = {"a": r"[^\W\d_]+\.?", "z": r"\S+", "%": "%"}
        loose.update(A=loose["a"], b=loose["a"], B=loose["a"], p=loose["a"], Z=r"\S+")
        shape = "".join(
            loose.get(token[1], r"\d+") if token[0] == "%" and token[1:] else
            r"\s+" if token.isspace() else re.escape(token)
            for token in re.findall(r"%.|\s+|.", own, re.DOTALL)
        )  # fmt: skip
        self.shape = re.compile(shape)

    def read(self, blob: str) -> datetime | None:
        """The stamp's moment in the first layout that reads it, else None.

        The configured layout always goes first, so one odd stamp read by a
        usual layout can never re-read later ones with day and month swapped.
        """
        for index, layout in enumerate(self.layouts):
            try:
                when = datetime.strptime(blob, layout)
            except ValueError:
                continue
            if index > 1:  # a journal keeps to one layout: try it next time
                self.layouts.insert(1, self.layouts.pop(index))
            return when
        return None

    def looks_like_date(self, blob: str) -> bool:
        """Date-shaped though unreadable: a problem to report, not body text."""
        return bool(_DATE_SHAPE.match(blob) or self.shape.fullmatch(blob))


# ---- Titles and tags -----------------------------------------------------

# jrnl's sentence end: a terminal, optional closing quote and brackets, then
# whitespace; CJK full stops need no space after them.
_SENTENCE_END = re.compile(
    "[.!?\u2026\u203c\u203d\u2047\u2048\u2049\u22ef\ufe52\ufe57]"
    "['\u2019\"\u201d]?[\\])]*\\s+|[\uff01\uff0e\uff1f\uff61\u3002]"
)


def _title(text: str, one_line: bool) -> str:
    """jrnl's rule: the first line, or the first sentence if one line."""
    end = _SENTENCE_END.search(text) if one_line else None
    return text[: end.end()].rstrip() if end else text.partition("\n")[0].rstrip()


@lru_cache(maxsize=8)
def _tag_pattern(tagsymbols: str) -> re.Pattern[str]:
    symbols = "".join(re.escape(symbol) for symbol in tagsymbols)
    # jrnl's rule: a symbol not preceded by a non-space, then its tag
    # characters. The look-behind follows the symbol so re can skip ahead.
    return re.compile(rf"[{symbols}](?<!\S.)([-+*#/\w]+)")


# ---- Parsing -------------------------------------------------------------


def parse_text(
    text: str, settings: JrnlSettings = DEFAULT, source: str = ""
) -> Iterator[JrnlEntry]:
    r"""The entries of one journal file's text, in file order.

    `\r\n` and `\r` read as `\n`. Entries with a `problem`: text before the
    first date (dated None); a line that starts with a bracketed date no
    accepted layout reads (it starts its own entry, dated like the entry
    before it); a date with no text after it.
    """
    return _parse_lines(_lines(text.removeprefix("\ufeff")), settings, source)


def _lines(text: str) -> Iterator[str]:
    # Not io.StringIO, which holds four bytes a character; not splitlines,
    # which also splits at form feeds and Unicode line separators.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _parse_lines(
    lines: Iterable[str], settings: JrnlSettings, source: str
) -> Iterator[JrnlEntry]:
    layouts = _Layouts(settings.timeformat)
    head: tuple[Problem | None, int, datetime | None] = (Problem.BEFORE_FIRST, 1, None)
    chunk: list[str] = []
    last = None
    for number, line in enumerate(lines, 1):
        found = _STAMP.match(line) if line.startswith("[") else None
        if found:
            when = layouts.read(found[1])
            if when or layouts.looks_like_date(found[1]):
                yield from _finish(head, chunk, settings, source, False)
                if when:
                    head, last = (None, number, when), when
                    chunk = [line[found.end() :]]
                else:  # the unreadable date stays in the text, for review
                    head, chunk = (Problem.BAD_DATE, number, last), [line]
                continue
        chunk.append(line)
    yield from _finish(head, chunk, settings, source, True)


def _finish(
    head: tuple[Problem | None, int, datetime | None],
    chunk: list[str],
    settings: JrnlSettings,
    source: str,
    at_end: bool,
) -> Iterator[JrnlEntry]:
    problem, line, when = head
    raw = "".join(chunk)
    starred = False
    if problem is Problem.BEFORE_FIRST:
        if not raw.strip():
            return
        line += raw.count("\n", 0, len(raw) - len(raw.lstrip()))
    elif problem is not Problem.BAD_DATE:  # kept verbatim, star and all, for review
        first, newline, rest = raw.partition("\n")
        first = first.rstrip()
        # jrnl writes a star as " *" ending the first line. A "*" touching a
        # word ("*really*") stays in the words: jrnl would take it, we don't.
        if first == "*" or first.endswith(" *"):
            starred, raw = True, first[:-1].rstrip() + newline + rest
        if not raw.strip() and problem is None:
            problem = Problem.EMPTY
    text = raw.strip()
    seen: dict[str, str] = {}
    for tag in _tag_pattern(settings.tagsymbols).findall(text):
        seen.setdefault(tag.casefold(), tag)
    # jrnl splits a title by sentence only when its text for the entry has
    # no line break: it keeps the break that ends the file but not the one
    # before the next date, and a star marker adds one.
    one_line = "\n" not in (raw if at_end else raw[:-1]).lstrip() and not starred
    title = _title(text, one_line)
    yield JrnlEntry(
        source, line, when, title, text, tuple(seen.values()), starred, problem
    )


def content_key(entry: JrnlEntry) -> str:
    """A stable sha256 of what the entry says, so a re-import adds nothing.

    Tags are left out: they follow from the text and the tag symbols, and a
    config given one time and not the next must not make every entry new.
    """
    stamp = entry.date.isoformat() if entry.date else None
    facts = [stamp, entry.text, entry.starred]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


# ---- Files and folders ---------------------------------------------------

_DAY_FILE = re.compile(r"(\d{4})/(\d\d)/(\d\d)\.txt")
_FOLDER_SHAPES = (re.compile(r"\d{4}"), re.compile(r"\d\d"))
# Common binary files, named as such rather than mistaken for old jrnl.
_BINARY = (
    b"SQLite format 3\0",
    b"PK\3\4",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8",
    b"\x1f\x8b",
)
_REFLECT_EXPORT = re.compile(rb'(\xef\xbb\xbf)?\s*\{\s*"format":\s*"reflect-journal"')
# A jrnl date at a line start, in bytes: tells old-encoding text from binary.
_TEXT_STAMP = re.compile(rb"(?:^|\n)\[\d{4}-\d\d-\d\d[ \]]")
_HINT = "choose the journal's .txt file, or its folder of YYYY/MM/DD.txt files"
_Day = tuple[Path, str, date | None]


def read_journal(path: Path, settings: JrnlSettings = DEFAULT) -> Iterator[JrnlEntry]:
    """The entries of a one-file or folder journal, streamed line by line.

    Every check runs before this returns: an encrypted journal
    (`EncryptedJrnl`) or something that is not a jrnl journal (`NotJrnl`)
    is refused before any entry is read. An empty journal has no entries.
    Folder files come in date order, each entry on its file's day (as in
    jrnl); other files in the folder come last, as `Problem.NOT_READ`.
    """
    if path.is_dir():
        days, others = folder_files(path)
        if not days:
            raise NotJrnl(f"{path} has no jrnl day files in it; {_HINT}.")
    elif path.is_file():
        days, others = [(path, "", None)], []
    else:
        raise NotJrnl(f"There is no file or folder at {path}.")
    for file, _, _ in days:
        _check_file(file, settings)
    found = [_has_dates(file, settings) for file, _, _ in days]
    if False in found and True not in found:
        raise NotJrnl(
            f"{path} has no jrnl dates in it (lines that start like "
            "[2024-03-04 05:40:00 PM]). If your jrnl writes dates another "
            "way, give reflect jrnl's config file too (jrnl.yaml, usually in "
            "~/.config/jrnl/)."
        )
    return _read(days, others, settings)


def _read(
    days: list[_Day], others: list[str], settings: JrnlSettings
) -> Iterator[JrnlEntry]:
    for file, source, day in days:
        with file.open(encoding="utf-8-sig", newline=None) as lines:
            for entry in _parse_lines(lines, settings, source):
                if day and entry.date:
                    moved = entry.date.replace(day.year, day.month, day.day)
                    entry = replace(entry, date=moved)
                yield entry
    for source in others:
        yield JrnlEntry(source, 0, None, "", "", (), False, Problem.NOT_READ)


def folder_files(root: Path) -> tuple[list[_Day], list[str]]:
    """A folder journal's day files in date order, and everything else in it."""
    days: list[_Day] = []
    others: list[str] = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        # Only YYYY/ and then MM/ can hold day files: anything else is one
        # line in the report, never walked (a .git folder, or a whole home
        # folder chosen by mistake, would otherwise take minutes).
        depth = len(Path(folder).relative_to(root).parts)
        shape = _FOLDER_SHAPES[depth] if depth < len(_FOLDER_SHAPES) else None
        for name in list(subfolders):
            if shape is None or not shape.fullmatch(name):
                subfolders.remove(name)
                others.append(Path(folder, name).relative_to(root).as_posix() + "/")
        for name in sorted(files):
            source = Path(folder, name).relative_to(root).as_posix()
            try:
                found = _DAY_FILE.fullmatch(source)
                day = date(*map(int, found.groups())) if found else None
            except ValueError:  # 2024/02/30.txt: jrnl skips it too
                day = None
            if day:
                days.append((Path(folder, name), source, day))
            else:
                others.append(source)
    days.sort(key=lambda found: found[2] or date.min)
    return days, sorted(others)


def _check_file(file: Path, settings: JrnlSettings) -> None:
    """Refuse encrypted, binary and JSON files before reading any entry."""
    with file.open("rb") as handle:
        head = handle.read(64)
        if head.startswith((b"JRNLv3", b"gAAAAA")):  # jrnl 4.6 on; jrnl 2 to 4.5
            raise encrypted_error(file, settings, legacy=False)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise NotJrnl(f"{file} is saved as UTF-16; save it as UTF-8 and try again.")
        if head.startswith(_BINARY):
            raise NotJrnl(f"{file} is not a jrnl journal; {_HINT}.")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            handle.seek(0)
            start = handle.read(4096)
            if _TEXT_STAMP.search(start):  # jrnl's text, saved another way
                at = max(0, offset - len(decoder.getstate()[0]) + error.start)
                handle.seek(0)
                line = handle.read(at).count(b"\n") + 1
                raise NotJrnl(
                    f"{file} is not saved as UTF-8 (line {line} has a character "
                    "written another way); open it in a text editor, save it as "
                    "UTF-8 and import it again."
                ) from None
            size = file.stat().st_size
            # jrnl 1.x wrote a 16-byte IV and then AES blocks, with no marker.
            if settings.encrypt or (size >= 32 and size % 16 == 0):
                raise encrypted_error(file, settings, legacy=True) from None
            raise NotJrnl(f"{file} is not a jrnl journal; {_HINT}.") from None
    if _REFLECT_EXPORT.match(head):  # other JSON fails the has-dates check
        command = shlex.join(["reflect", "import", str(file)])
        raise NotJrnl(f"{file} is a reflect export; import it with: {command}")


def _has_dates(file: Path, settings: JrnlSettings) -> bool | None:
    """True at the first readable jrnl date; None for a blank file."""
    layouts = _Layouts(settings.timeformat)
    blank: bool | None = None
    with file.open(encoding="utf-8-sig", newline=None) as lines:
        for line in lines:
            found = _STAMP.match(line) if line.startswith("[") else None
            if found and layouts.read(found[1]):
                return True
            blank = False if line.strip() else blank
    return blank
