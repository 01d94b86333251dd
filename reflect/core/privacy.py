"""Spot details in a reflection that could identify someone, and say so gently.

Why: reflections are not legally privileged, and regulators ask that they be
anonymised, with month/year dates and roles instead of names (DOMAIN.md, §d).
The writer calls `scan` at every pause in typing and shows a dismissible hint
built by `hint_for`. Nothing here blocks, edits or stores text: it only
reports. A hint that cries wolf gets ignored, so each rule checks the shape
*and* the meaning (check digits, real dates, allocated prefixes) before it
reports.

Speed: every pattern is compiled once and makes one pass over the text. Each
one can only start at a token boundary and has no nested unbounded repeats,
so a 2,000-word answer takes about a millisecond (see tests/bench).

Choices worth knowing:
- A ten-digit number that passes the modulus 11 check is a CHI number when its
  first six digits are a real DDMMYY date (29 February needs a year divisible
  by four, as in 2000 or 2024), and an NHS number otherwise. Either way the
  advice is the same, so a wrong guess only changes the label.
- Phones: UK numbers starting 01, 02, 03 or 07 (or +44/0044 forms). 08 and 09
  numbers are mostly helplines and services, not people, so they are left
  alone. A ten-digit 01 number that passes the NHS check is reported as an NHS
  or CHI number, never as a phone.
- Numeric dates need a year ("12/03/2026"), so "24/7" and "10/10" stay quiet;
  day/month order is the UK one. Dotted dates need a four-digit year, so
  version numbers like "2.5.10" stay quiet. Month-first dates ("March 12th")
  need a capital letter ("march 12 miles" is not a date), lowercase "may" never
  counts, and an abbreviated month first needs "th" or a year ("Jan 3 times").
  A weekday with a day and no month counts only with "st/nd/rd/th".
- Postcodes must be full and follow Royal Mail's letter rules. A lowercase
  inward code that reads as an ordinal ("b33 8th") is skipped; "B33 8TH" is
  reported.
- Watch-list words match whole words, ignoring case, straight or curly
  apostrophes, and composed or decomposed accents. Entries with no letter or
  digit are ignored.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["KINDS", "Finding", "hint_for", "scan"]

KINDS = (
    "email",
    "phone",
    "nhs-number",
    "chi-number",
    "ni-number",
    "postcode",
    "date",
    "watch-word",
)
"""Every kind of finding `scan` can report."""

_LEAVE_OUT = "leave it out; it is not needed to reflect"
_MONTH_YEAR = "the month and year, such as 'March 2026'"
_LEAVE_OUT_ADVICE = "You could leave it out; it is not needed to reflect."
_ROLE = "a role, such as 'the person I support'"

# Every word the worker sees, in one place: kind -> (label, suggestion, advice).
_WORDS: dict[str, tuple[str, str, str]] = {
    "email": ("an email address", _LEAVE_OUT, _LEAVE_OUT_ADVICE),
    "phone": ("a phone number", _LEAVE_OUT, _LEAVE_OUT_ADVICE),
    "nhs-number": ("an NHS number", _LEAVE_OUT, _LEAVE_OUT_ADVICE),
    "chi-number": ("a CHI number", _LEAVE_OUT, _LEAVE_OUT_ADVICE),
    "ni-number": (
        "a National Insurance number",
        _LEAVE_OUT,
        _LEAVE_OUT_ADVICE,
    ),
    "postcode": (
        "a postcode",
        "the area in general words, such as 'in town'",
        "You could write the area in general words instead.",
    ),
    "date": (
        "an exact date",
        _MONTH_YEAR,
        "You could write just the month and year instead.",
    ),
    "watch-word": (
        "a name on your watch list",
        _ROLE,
        "You could write a role, such as 'the person I support', instead.",
    ),
}
_HINT = "This might identify someone: '{text}' {what}. {advice}"
_HINT_TEXT_LIMIT = 40

# When two findings cover the same span, the earlier kind here wins.
_RANK = {
    kind: rank
    for rank, kind in enumerate(
        (
            "email",
            "chi-number",
            "nhs-number",
            "ni-number",
            "phone",
            "postcode",
            "date",
            "watch-word",
        )
    )
}


@dataclass(frozen=True)
class Finding:
    """One detail that could identify someone, with plain words about it."""

    kind: str
    """One of `KINDS`."""
    start: int
    end: int
    text: str
    """The matched text, `text[start:end]` of the scanned string."""
    label: str
    """What it looks like, in plain words: "a postcode"."""
    suggestion: str
    """A gentler alternative the worker could write instead."""


# (start, end, kind, suggestion or "" for the kind's usual one)
_Hit = tuple[int, int, str, str]

# Digits that are part of money, decimals or a longer token never start a match.
_NUMBER_START = r"(?<![\w+£$€])(?<!\d[.,])"
_NUMBER_END = r"(?!\w|[.,:/\-]\d)"
_SEP = r"[ \u00a0\-]"

_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]+@"
    r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}(?![\w\-])"
)

_PHONE = re.compile(
    _NUMBER_START
    + rf"""
    (?:
        (?:\+|00)44{_SEP}?(?:\(0\){_SEP}?|0)?
        (?:[237](?:{_SEP}?\d){{9}}|1(?:{_SEP}?\d){{8,9}})
      |
        (?:(?P<open>\()(?=0\d{{2,5}}\)))?
        0(?:[237](?:(?(open)\)?){_SEP}?\d){{9}}|1(?:(?(open)\)?){_SEP}?\d){{8,9}})
    )
    """
    + _NUMBER_END,
    re.VERBOSE,
)

_TEN_DIGITS = re.compile(
    _NUMBER_START + rf"\d{{3}}{_SEP}?\d{{3}}{_SEP}?\d{{4}}" + _NUMBER_END
)

_NI_NUMBER = re.compile(
    r"(?<!\w)(?P<prefix>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?!\w)",
    re.IGNORECASE,
)
_NI_UNALLOCATED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

_POSTCODE = re.compile(
    r"""
    (?<!\w)
    (?:
        [A-PR-UWYZ]
        (?:\d[A-HJKPSTUW] | [A-HK-Y]\d[ABEHMNPRVWXY] | [A-HK-Y]\d{1,2} | \d{1,2})
      | GIR(?=[ \u00a0]?0AA)
    )
    [ \u00a0]?
    (?P<inward>\d[ABD-HJLNP-UW-Z]{2})
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ORDINAL = {"1": "st", "2": "nd", "3": "rd"}

_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_ABBREVIATIONS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug")
_ABBREVIATIONS += ("Sept", "Sep", "Oct", "Nov", "Dec")
_ABBREVIATED = "|".join(f"{a}|{a.upper()}" for a in _ABBREVIATIONS)
_FULL_NO_MAY = "|".join(m for m in _MONTH_NUMBERS if m != "may")
_FULL_CAPITAL = "|".join(f"{m.capitalize()}|{m.upper()}" for m in _MONTH_NUMBERS)
# After a day, any case but "may" ("the other 2 may come"); first, a capital.
_MONTH_AFTER_DAY = rf"(?:(?i:{_FULL_NO_MAY})|May|MAY|(?:{_ABBREVIATED})\.?)"
_MONTH_FIRST = rf"(?:{_FULL_CAPITAL}|(?:{_ABBREVIATED})\.?)"
_WEEKDAY = (
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_SUFFIX = r"(?i:st|nd|rd|th)"
_YEAR = r"(?:19|20)\d\d"

_WORDY_DATE = re.compile(
    rf"""
    (?<!\w)
    (?:
        (?:{_WEEKDAY},?\s+(?:the\s+)?)?
        (?<![£$€.,:/\-])(?P<day_a>{_DAY}){_SUFFIX}?(?:\s+of)?\s+
        (?P<month_a>{_MONTH_AFTER_DAY})(?!\w)
        (?:,?\s+(?P<year_a>{_YEAR})(?!\w))?
      |
        (?:{_WEEKDAY},?\s+)?
        (?P<month_b>{_MONTH_FIRST})\s+(?:the\s+)?
        (?P<day_b>{_DAY})(?P<suffix_b>{_SUFFIX})?(?!\w|[:.,]\d)
        (?:,?\s+(?P<year_b>{_YEAR})(?!\w))?
      |
        {_WEEKDAY},?\s+(?:the\s+)?(?P<day_c>{_DAY}){_SUFFIX}(?!\w)
    )
    """,
    re.VERBOSE,
)

_NUMERIC_DATE = re.compile(
    r"""
    (?<![\w£$€.,:/\-])
    (?:
        (?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})
      | (?P<iso_year>(?:19|20)\d\d)(?P<iso_sep>[/.\-])(?P<iso_month>\d{1,2})
        (?P=iso_sep)(?P<iso_day>\d{1,2})
    )
    (?!\w|[/.\-:]\d)
    """,
    re.VERBOSE,
)


def _check_digit_ok(digits: str) -> bool:
    """The NHS/CHI modulus 11 check: weights 10..2, 11 means 0, 10 is invalid."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _days_in(month: int, year: int | None) -> int:
    # Without a year, allow 29 February: the worker may mean a leap year.
    return calendar.monthrange(2000 if year is None else year, month)[1]


def _real_date(day: int, month: int, year: int | None) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _days_in(month, year)


def _full_year(year: str) -> int:
    number = int(year)
    if len(year) == 2:
        number += 2000 if number < 70 else 1900
    return number


def _date_suggestion(month: int, year: int | None) -> str:
    """The worker's own month (and year, when written) as the example."""
    name = calendar.month_name[month]
    if year is None:
        return f"just the month, such as 'in {name}'"
    return f"the month and year, such as '{name} {year}'"


def _emails(text: str) -> Iterator[_Hit]:
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email", ""


def _phones(text: str) -> Iterator[_Hit]:
    for match in _PHONE.finditer(text):
        if match.group("open") and match.group().count(")") != 1:
            continue  # a stray bracket among the digits: not a written number
        yield match.start(), match.end(), "phone", ""


def _health_numbers(text: str) -> Iterator[_Hit]:
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(ch for ch in match.group() if ch.isdigit())
        if not _check_digit_ok(digits):
            continue
        day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        kind = "chi-number" if _real_date(day, month, 2000 + year) else "nhs-number"
        yield match.start(), match.end(), kind, ""


def _ni_numbers(text: str) -> Iterator[_Hit]:
    for match in _NI_NUMBER.finditer(text):
        if match.group("prefix").upper() not in _NI_UNALLOCATED:
            yield match.start(), match.end(), "ni-number", ""


def _postcodes(text: str) -> Iterator[_Hit]:
    for match in _POSTCODE.finditer(text):
        inward = match.group("inward")
        ordinal = _ORDINAL.get(inward[0], "th")
        if inward[1:].lower() == ordinal and not inward.isupper():
            continue  # "b33 8th" is more likely a room and a floor
        yield match.start(), match.end(), "postcode", ""


def _wordy_dates(text: str) -> Iterator[_Hit]:
    for match in _WORDY_DATE.finditer(text):
        groups = match.groupdict()
        year: int | None = None
        if groups["month_a"] is not None:
            day, name = groups["day_a"], groups["month_a"]
            year = int(groups["year_a"]) if groups["year_a"] else None
        elif groups["month_b"] is not None:
            day, name = groups["day_b"], groups["month_b"]
            year = int(groups["year_b"]) if groups["year_b"] else None
            short = name.rstrip(".").lower() not in _MONTH_NUMBERS
            if short and groups["suffix_b"] is None and year is None:
                continue  # "Jan 3 times" is more likely a name
        else:
            yield match.start(), match.end(), "date", ""
            continue
        month = _MONTH_NUMBERS.get(name.rstrip(".").lower()) or _abbreviated(name)
        if _real_date(int(day), month, year):
            yield match.start(), match.end(), "date", _date_suggestion(month, year)


def _abbreviated(name: str) -> int:
    prefix = name[:3].lower()
    return next(n for full, n in _MONTH_NUMBERS.items() if full.startswith(prefix))


def _numeric_dates(text: str) -> Iterator[_Hit]:
    for match in _NUMERIC_DATE.finditer(text):
        if match.group("day") is not None:
            day, month, year = match.group("day", "month", "year")
            if match.group("sep") == "." and len(year) == 2:
                continue  # "2.5.10" is more likely a version number
        else:
            day, month, year = match.group("iso_day", "iso_month", "iso_year")
        full_year = _full_year(year)
        if _real_date(int(day), int(month), full_year):
            suggestion = _date_suggestion(int(month), full_year)
            yield match.start(), match.end(), "date", suggestion


_DETECTORS: tuple[Callable[[str], Iterator[_Hit]], ...] = (
    _emails,
    _phones,
    _health_numbers,
    _ni_numbers,
    _postcodes,
    _wordy_dates,
    _numeric_dates,
)

_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
_MARKS = "\u0300-\u036f"
# Combining accents are not \w, so "Sia" must not match inside a decomposed "Siân".
_WORD_CHAR = rf"\w{_MARKS}"


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Base letter -> its precomposed accented forms, for Latin scripts."""
    forms: dict[str, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code).lower()
        base = unicodedata.normalize("NFD", letter)[0]
        if base != letter and base.isascii() and base.isalpha():
            if letter not in forms.get(base, ""):
                forms[base] = forms.get(base, "") + letter
    return forms


def _entry_pattern(entry: str) -> str:
    """One watch-list entry as a regex, blind to accents and apostrophe style."""
    accented = _accented()
    parts: list[str] = []
    for ch in unicodedata.normalize("NFD", " ".join(entry.split())).lower():
        if unicodedata.combining(ch):
            continue  # accents are matched loosely below
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in _HYPHENS:
            parts.append(f"[{_HYPHENS}]")
        elif ch in accented:
            parts.append(f"[{ch}{accented[ch]}][{_MARKS}]*")
        else:
            parts.append(re.escape(ch) + f"[{_MARKS}]*")
    return "".join(parts)


@lru_cache(maxsize=32)
def _watch_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    """The whole watch list as one pattern, cached: it changes rarely."""
    patterns = {_entry_pattern(e) for e in entries if re.search(r"\w", e)}
    if not patterns:
        return None
    # Longest first, so "Mary-Jane" wins over "Mary" at the same place.
    body = "|".join(sorted(patterns, key=lambda p: (-len(p), p)))
    return re.compile(
        rf"(?<![{_WORD_CHAR}])(?:{body})(?![{_WORD_CHAR}])", re.IGNORECASE
    )


def _watch_words(text: str, watch_list: Sequence[str]) -> Iterator[_Hit]:
    pattern = _watch_pattern(tuple(watch_list))
    if pattern is not None:
        for match in pattern.finditer(text):
            yield match.start(), match.end(), "watch-word", ""


def _non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest hit (then the most specific kind) wherever hits overlap."""
    hits.sort(key=lambda hit: (hit[0] - hit[1], _RANK[hit[2]], hit[0]))
    starts: list[int] = []
    kept: list[_Hit] = []
    for hit in hits:
        at = bisect_left(starts, hit[0])
        if at > 0 and kept[at - 1][1] > hit[0]:
            continue
        if at < len(kept) and kept[at][0] < hit[1]:
            continue
        starts.insert(at, hit[0])
        kept.insert(at, hit)
    return kept


def scan(text: str, watch_list: Sequence[str] = ()) -> list[Finding]:
    """All findings, in order of position, non-overlapping (prefer the longer/more
    specific match).

    `watch_list` holds the worker's own words (names of people they support,
    places); blank entries are ignored. The text is never changed.
    """
    hits: list[_Hit] = []
    for detect in _DETECTORS:
        hits.extend(detect(text))
    if watch_list:
        hits.extend(_watch_words(text, watch_list))
    findings: list[Finding] = []
    for start, end, kind, suggestion in _non_overlapping(hits):
        label, usual, _ = _WORDS[kind]
        findings.append(
            Finding(kind, start, end, text[start:end], label, suggestion or usual)
        )
    return findings


def hint_for(findings: Sequence[Finding]) -> str:
    """One short, warm hint about the first finding, or "" when there are none."""
    if not findings:
        return ""
    first = findings[0]
    shown = " ".join(first.text.split())
    if len(shown) > _HINT_TEXT_LIMIT:
        shown = shown[: _HINT_TEXT_LIMIT - 1].rstrip() + "…"
    if first.kind == "watch-word":
        what = "is on your watch list"
    else:
        what = f"looks like {first.label}"
    advice = _WORDS[first.kind][2] if first.kind in _WORDS else ""
    if not advice or (first.kind == "date" and first.suggestion != _MONTH_YEAR):
        # A date we could read gets its own month and year as the example.
        advice = f"You could write {first.suggestion} instead."
    return _HINT.format(text=shown, what=what, advice=advice)
