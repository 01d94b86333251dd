"""jrnl journals from disk or a pipe: checks first, then entries streamed.

`jrnl_format` turns text into entries; this module finds the text. A
folder journal is walked for its `YYYY/MM/DD.txt` files only; every file is
checked (encrypted, binary, another encoding, a reflect export, no jrnl
dates at all) before a single entry is read, so a refusal changes nothing.
"""

from __future__ import annotations

import codecs
import os
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from reflect.core.jrnl.config import DEFAULT, JrnlSettings, encrypted_error
from reflect.core.jrnl.format import (
    STAMP,
    JrnlEntry,
    Layouts,
    NotJrnl,
    Problem,
    parse_lines,
    parse_text,
    split_lines,
)

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
        if settings.config_file is None:
            hint = (
                "If your jrnl writes dates another way, give reflect jrnl's "
                "config file too (jrnl.yaml, usually in ~/.config/jrnl/)."
            )
        else:  # given, but its layout does not fit (or not this journal's own)
            hint = (
                f"The config gives the layout {settings.timeformat!r}; if it "
                "gives this journal a layout of its own, give the journal's "
                "path as the config writes it."
            )
        raise NotJrnl(
            f"{path} has no jrnl dates in it (lines that start like "
            f"[2024-03-04 05:40:00 PM]). {hint}"
        )
    return _read(days, others, settings)


def _read(
    days: list[_Day], others: list[str], settings: JrnlSettings
) -> Iterator[JrnlEntry]:
    for file, source, day in days:
        with file.open(encoding="utf-8-sig", newline=None) as lines:
            for entry in parse_lines(lines, settings, source):
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
    with file.open(encoding="utf-8-sig", newline=None) as lines:
        return _dated(lines, settings)


def _dated(lines: Iterable[str], settings: JrnlSettings) -> bool | None:
    layouts = Layouts(settings.timeformat)
    blank: bool | None = None
    for line in lines:
        found = STAMP.match(line) if line.startswith("[") else None
        if found and layouts.read(found[1]):
            return True
        blank = False if line.strip() else blank
    return blank


PIPE = "standard input"


def read_piped(data: bytes, settings: JrnlSettings = DEFAULT) -> Iterator[JrnlEntry]:
    """Entries from jrnl's own text export, piped in: `jrnl --export txt | ...`.

    This is how an encrypted jrnl journal comes in without a plain copy ever
    touching the disk: jrnl decrypts in memory and reflect reads the pipe.
    The same checks as for a file run first, on the bytes.
    """
    if data.startswith((b"JRNLv3", b"gAAAAA")):
        raise NotJrnl(
            f"what came in on {PIPE} is still encrypted; let jrnl decrypt it: "
            f"jrnl --export txt | {settings.program} import --from jrnl -"
        )
    if _REFLECT_EXPORT.match(data[:64]):
        raise NotJrnl(f"what came in on {PIPE} is a reflect export, not jrnl's")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NotJrnl(
            f"what came in on {PIPE} is not UTF-8 text (line {line})"
        ) from None
    if _dated(split_lines(text), settings) is False:
        raise NotJrnl(
            f"what came in on {PIPE} has no jrnl dates in it (lines that start "
            "like [2024-03-04 05:40:00 PM]); give reflect jrnl's config file "
            "if jrnl writes its dates another way"
        )
    return parse_text(text, settings)
