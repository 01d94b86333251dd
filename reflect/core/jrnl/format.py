"""Read jrnl journals (https://jrnl.sh): plain text in, frozen dataclasses out.

jrnl keeps a journal as one text file, or as a folder of `YYYY/MM/DD.txt`
files in the same format. A line that begins with a bracketed timestamp and
a space starts an entry; its text runs to the next such line. The title is
the first line, or the first sentence of a one-line entry; a `*` ending the
first line stars the entry; a word that begins with a tag symbol is a tag.

jrnl silently drops what it cannot place (text before the first date, a date
it cannot read, files it does not expect in a folder). This reader never
does: such text comes back as a `JrnlEntry` with a `problem`, so the
importer can keep it for review. Nor does it guess where jrnl's fuzzy date
reader would start an entry: a line that may be one is kept for review too.
No database, no printing, no side effects.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from reflect.core.clock import in_range
from reflect.core.errors import BadImport
from reflect.core.jrnl.config import (
    DEFAULT,
    BadJrnlConfig,
    EncryptedJrnl,
    JrnlSettings,
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
    "parse_text",
    "read_config",
]


class NotJrnl(BadImport):
    """The path is not a jrnl journal (binary, JSON, or no jrnl dates)."""


class Problem(StrEnum):
    """Why an entry needs a person to look at it. Values are for display."""

    BEFORE_FIRST = "text before the first dated entry"
    BAD_DATE = "a date that could not be read"
    MAYBE_DATE = (
        "this line starts with something in square brackets that jrnl may have "
        "treated as a date; it is kept as a separate note so nothing is joined "
        "by mistake"
    )
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
STAMP = re.compile(r"\[([^\]\n]+)\](?: |\n|\Z)")
# jrnl starts an entry at any `[blob] ` whose blob (seven characters or more)
# its fuzzy date reader accepts, even `[2019-07 14:23]` (1 July). reflect has
# no such reader, so it cannot tell which of these jrnl took as dates.
_JRNL_SHORTEST = 7
# A date with a four-digit year ("2024-02-30", "30/02/2024", "30 Feb 2024",
# "February 30, 2024") at the start "looks like a date", readable or not.
_DATE_SHAPE = re.compile(
    r"\s*(\d{4}[-/.]\d\d?[-/.]\d\d?|\d\d?[-/.]\d\d?[-/.]\d{4}"
    r"|\d\d?\.? [^\W\d_]{3,}\.?,? \d{4}|[^\W\d_]{3,}\.? \d\d?(st|nd|rd|th)?,? \d{4})\b"
)


class Layouts:
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
            if not in_range(when):  # year 1: read, but no moment to keep
                return None
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
    accepted layout reads, or with any `[blob] ` jrnl may read as a date
    (each starts its own entry, dated like the entry before it); a date with
    no text after it.
    """
    return parse_lines(split_lines(text.removeprefix("\ufeff")), settings, source)


def split_lines(text: str) -> Iterator[str]:
    # Not io.StringIO, which holds four bytes a character; not splitlines,
    # which also splits at form feeds and Unicode line separators.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def parse_lines(
    lines: Iterable[str], settings: JrnlSettings, source: str
) -> Iterator[JrnlEntry]:
    layouts = Layouts(settings.timeformat)
    head: tuple[Problem | None, int, datetime | None] = (Problem.BEFORE_FIRST, 1, None)
    chunk: list[str] = []
    last = None
    for number, line in enumerate(lines, 1):
        found = STAMP.match(line) if line.startswith("[") else None
        if found:
            when = layouts.read(found[1])
            problem = None if when else _why_apart(found, layouts)
            if when or problem:
                yield from _finish(head, chunk, settings, source, False)
                if when:
                    head, last = (None, number, when), when
                    chunk = [line[found.end() :]]
                else:  # the unreadable start stays in the text, for review
                    head, chunk = (problem, number, last), [line]
                continue
        chunk.append(line)
    yield from _finish(head, chunk, settings, source, True)


def _why_apart(found: re.Match[str], layouts: Layouts) -> Problem | None:
    """Why a bracketed line no layout reads is kept apart; None for body text.

    A line jrnl may have read as a date is never glued to the entry before:
    if jrnl did start an entry there, its words would end up under the wrong
    date without a word said.
    """
    if layouts.looks_like_date(found[1]):
        return Problem.BAD_DATE
    if len(found[1]) >= _JRNL_SHORTEST and found[0].endswith(" "):
        return Problem.MAYBE_DATE
    return None


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
    elif problem is None:  # a piece kept for review stays verbatim, star and all
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
