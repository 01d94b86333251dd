"""Finding the worker's own watch-list words in what they write.

Entries are usually first names of people they support or place names, so
matching is whole-word, case-insensitive and accent-insensitive ("Sian"
finds "Siân"), copes with apostrophes and hyphens ("O'Neill", "Mary-Jane")
and with several words ("Oak House"). Used by `privacy.scan`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
_MARKS = "\u0300-\u036f"
_MARK_RUN = re.compile(f"[{_MARKS}]+")
# Accents are not \w, so "Sia" must not match inside a decomposed "Siân".
_WORD_CHAR = rf"[\w{_MARKS}]"


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Base letter -> its precomposed accented forms, for Latin scripts."""
    forms: dict[str, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = _nfd(chr(code))[0].lower()
        if base.isascii() and base.isalpha() and chr(code).lower() != base:
            forms[base] = forms.get(base, "") + chr(code)
    return forms


def _fold(text: str) -> str:
    """Casefolded, without accents: for a quick "could it be here?" test."""
    folded = text.casefold()
    return folded if folded.isascii() else _MARK_RUN.sub("", _nfd(folded))


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@lru_cache(maxsize=256)
def _skeleton(entry: str) -> str:
    """The longest run of word characters in an entry, folded; "" if none."""
    return max(re.findall(r"\w+", _fold(entry)), key=len, default="")


def _letter(ch: str) -> str:
    """Every form of one (lowercase, unaccented) character: case and accents."""
    forms = {ch, *_accented().get(ch, "")}
    forms |= {case for f in forms for case in (f.lower(), f.upper()) if len(case) == 1}
    return "".join(re.escape(f) for f in sorted(forms))


def _entry_pieces(entry: str) -> list[tuple[str, str]]:
    """An entry as (first characters it can start with, regex) pieces."""
    pieces: list[tuple[str, str]] = []
    for ch in _nfd(" ".join(entry.split())).lower():
        if unicodedata.combining(ch):
            continue  # any accents are allowed after each letter, below
        if ch == " ":
            # Not first, last or twice over (an accent alone between spaces
            # leaves two): a pattern cannot begin with a space's empty set
            # of first letters, and "\s+\s+" would miss a single space.
            if pieces and pieces[-1][0]:
                pieces.append(("", r"\s+"))
        elif ch in _APOSTROPHES or ch in _HYPHENS:
            forms = _APOSTROPHES if ch in _APOSTROPHES else _HYPHENS
            pieces.append((forms, f"[{forms}]"))
        else:
            forms = _letter(ch)
            pieces.append((forms, f"[{forms}][{_MARKS}]*"))
    if pieces and not pieces[-1][0]:
        pieces.pop()
    return pieces


@lru_cache(maxsize=64)
def _watch_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    """The entries as one pattern that starts with a character class.

    Case is spelled out rather than left to re.IGNORECASE so the engine can
    skim the text for the first letters; each entry then checks its own.
    """
    firsts: set[str] = set()
    branches: dict[str, int] = {}
    for entry in entries:
        pieces = _entry_pieces(entry)
        if not pieces:
            continue
        (first, _), *rest = pieces
        firsts.add(first)
        tail = "".join(regex for _, regex in rest)
        branches[f"(?<=[{first}])[{_MARKS}]*{tail}"] = len(rest)
    if not branches:
        return None
    # Longest first, so "Mary-Jane" wins over "Mary" at the same place.
    body = "|".join(sorted(branches, key=lambda b: -branches[b]))
    return re.compile(
        rf"[{''.join(sorted(firsts))}](?<!{_WORD_CHAR}.)(?:{body})(?!{_WORD_CHAR})"
    )


def watch_spans(text: str, watch_list: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Where the worker's watch-list entries stand in `text`, as whole words."""
    # Only entries that could be present go into the pattern: usually few.
    folded = _fold(text)
    present = tuple(e for e in watch_list if (s := _skeleton(e)) and s in folded)
    pattern = _watch_pattern(present) if present else None
    for match in pattern.finditer(text) if pattern else ():
        yield match.start(), match.end()
