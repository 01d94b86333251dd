"""Spot details in a reflection that could identify someone, and say so gently.

Why: reflections are not legally privileged, and regulators ask that they be
anonymised, with month/year dates and roles instead of names (DOMAIN.md, §d).
The writer calls `scan` at every pause in typing and shows a dismissible hint
from `hint_for`. Nothing here blocks, edits or stores text; it only reports.

A hint that cries wolf gets ignored, so each rule checks meaning as well as
shape (check digits, real dates, allocated prefixes, Royal Mail letters).

Speed: each pattern is compiled once and makes one pass. Most begin with a
character class ("@", a digit, "+0(") so the regex engine skims to candidates;
none has nested unbounded repeats. A 2,000-word answer takes well under a
millisecond (tests/bench/bench_privacy.py).

Choices worth knowing:
- A ten-digit number passing the modulus 11 check is a CHI number when its
  first six digits are a real DDMMYY date (29 February when YY is divisible by
  four) and an NHS number otherwise. The advice is the same for both, so a
  wrong guess only changes the label. It is never also reported as a phone.
- Phones start 01, 02, 03 or 07 (or +44/0044). 08 and 09 numbers are mostly
  helplines and services, not people, so they are left alone.
- Numeric dates need a year ("24/7" and "10/10" are not dates), read day
  first; dotted ones need a four-digit year ("2.5.10" is a version). A month
  written first needs a capital ("march 12 miles" is not a date), lowercase
  "may" never counts ("the other 2 may come"), "Jan 3" needs "rd" or a year
  (Jan is also a name), and a weekday with no month needs "st/nd/rd/th".
- Postcodes must be full. A lowercase inward part that reads as an ordinal
  ("b33 8th") is skipped; "B33 8TH" is reported.
- Watch-list entries match whole words, ignoring case, accents (so "Sian"
  finds "Siân") and apostrophe or hyphen style. Entries with no letter or
  digit are ignored.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from reflect.core.clock import MONTHS
from reflect.core.watchlist import watch_spans

__all__ = ["KINDS", "Finding", "hint_for", "scan"]

_LEAVE_OUT = "leave it out; it is not needed to reflect"
_LEAVE_OUT_HINT = "You could leave it out; it is not needed to reflect."
_OWN_WORDS = "You could write {suggestion} instead."
# Every word the worker sees, in one place: kind -> (label, suggestion, advice).
# The order is also precedence: where two findings cover the same span, the
# earlier kind wins.
_WORDS: dict[str, tuple[str, str, str]] = {
    "email": ("an email address", _LEAVE_OUT, _LEAVE_OUT_HINT),
    "chi-number": ("a CHI number", _LEAVE_OUT, _LEAVE_OUT_HINT),
    "nhs-number": ("an NHS number", _LEAVE_OUT, _LEAVE_OUT_HINT),
    "ni-number": ("a National Insurance number", _LEAVE_OUT, _LEAVE_OUT_HINT),
    "phone": ("a phone number", _LEAVE_OUT, _LEAVE_OUT_HINT),
    "postcode": (
        "a postcode",
        "the area in general words, such as 'in town'",
        "You could write the area in general words instead.",
    ),
    "date": ("an exact date", "the month and year, such as 'March 2026'", _OWN_WORDS),
    "watch-word": (
        "a name on your watch list",
        "a role, such as 'the person I support'",
        _OWN_WORDS,
    ),
}
_MONTH_ONLY = "just the month, such as 'in {month}'"
_MONTH_AND_YEAR = "the month and year, such as '{month} {year}'"
_HINT = "This might identify someone: '{text}' {what}. {advice}"
_LOOKS_LIKE = "looks like {label}"
_ON_WATCH_LIST = "is on your watch list"
_HINT_TEXT_LIMIT = 40
_ONE_MORE = "There is 1 more to look at."
_MORE = "There are {count} more to look at."

KINDS = tuple(_WORDS)
"""Every kind `scan` reports, most specific first."""
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Finding:
    """One detail that could identify someone, with plain words about it."""

    kind: str
    """One of `KINDS`."""
    start: int
    end: int
    text: str
    """The matched text: `text[start:end]` of the scanned string."""
    label: str
    """What it looks like, in plain words: "a postcode"."""
    suggestion: str
    """A gentler alternative the worker could write instead."""


# (start, end, kind, suggestion or "" for the kind's usual one)
_Hit = tuple[int, int, str, str]

_SEP = r"[ \u00a0\-]"
# A digit run must not continue a word, an amount of money or a decimal: the
# lookbehinds sit after the first character so the engine can skim to it.
_DIGIT_START = r"\d(?<![\w+£$€]\d)(?<!\d[.,]\d)"
_NUMBER_END = r"(?!\w|[.,:/\-]\d)"

_EMAIL_DOMAIN = re.compile(
    r"@(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}(?![\w\-])"
)
_EMAIL_LOCAL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]{1,64}\Z")

_NSN = rf"(?:[237](?:{_SEP}?\d){{9}}|1(?:{_SEP}?\d){{8,9}})"
_PHONE = re.compile(
    rf"""
    [+0(](?<![\w+£$€].)(?<!\d[.,].)
    (?:
        (?:(?<=\+)44|(?<=0)044){_SEP}?(?:\(0\){_SEP}?|0)?{_NSN}
      | (?<=\()(?=0\d{{2,5}}\))0(?:[237](?:\)?{_SEP}?\d){{9}}|1(?:\)?{_SEP}?\d){{8,9}})
      | (?<=0){_NSN}
    )
    {_NUMBER_END}
    """,
    re.VERBOSE,
)

_TEN_DIGITS = re.compile(
    rf"{_DIGIT_START}\d\d{_SEP}?\d{{3}}{_SEP}?\d{{4}}{_NUMBER_END}"
)

# Letters first would make the engine try every word; start at the digit and
# look back for the letters instead.
_NI_NUMBER = re.compile(
    r"""
    \d
    (?:
        (?<=[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d)(?<!\w..\d)
      | (?<=[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ ]\d)(?<!\w...\d)(?P<spaced>)
    )
    \d[ ]?\d\d[ ]?\d\d[ ]?[A-D](?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_NI_UNALLOCATED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

_POSTCODE = re.compile(
    r"""
    \d
    (?:
        (?<=[A-PR-UWYZ]\d)(?<!\w.\d)(?:\d|[A-HJKPSTUW])?
      | (?<=[A-PR-UWYZ][A-HK-Y]\d)(?<!\w..\d)(?P<two>)(?:\d|[ABEHMNPRVWXY])?
    )
    [ \u00a0]?(?P<inward>\d[ABD-HJLNP-UW-Z]{2})(?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ORDINALS = {"1": "st", "2": "nd", "3": "rd"}

# English names whatever the locale: the worker writes in English.
_MONTHS: tuple[str, ...] = MONTHS
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(_MONTHS, 1)}
_SHORT = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct")
_ABBREVIATED = "|".join(f"{a}|{a.upper()}" for a in (*_SHORT, "Nov", "Dec"))
_FULL_NOT_MAY = "|".join(m for m in _MONTH_NUMBERS if m != "may")
_FULL_CAPITAL = "|".join(f"{m.capitalize()}|{m.upper()}" for m in _MONTH_NUMBERS)
_MONTH_AFTER_DAY = rf"(?:(?i:{_FULL_NOT_MAY})|May|MAY|(?:{_ABBREVIATED})\.?)"
_MONTH_FIRST = rf"(?:{_FULL_CAPITAL}|(?:{_ABBREVIATED})\.?)"
_WEEKDAY = (
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
)
_SUFFIX = r"(?i:st|nd|rd|th)"

# Every written date has a day number; find those, then look either side.
_DAY_NUMBER = re.compile(
    rf"""
    (?P<day>\d(?<![\w+£$€.,:/]\d)\d?)(?P<suffix>{_SUFFIX})?
    (?: (?:\s+of)?\s+(?P<month>{_MONTH_AFTER_DAY})(?!\w) | (?!\w|[:.,/\-]\d) )
    (?:,?\s+(?P<year>(?:19|20)\d\d)(?!\w))?
    """,
    re.VERBOSE,
)
# The class up front lets most places in the window fail at once.
_BEFORE_DAY = re.compile(
    rf"(?=[MTWFSJAONDmtwfs])(?<!\w)(?:(?P<weekday>{_WEEKDAY}),?\s+)?"
    rf"(?:(?P<month>{_MONTH_FIRST})\s+)?(?:the\s+)?\Z"
)
_BEFORE_REACH = 40

_NUMERIC_DATE = re.compile(
    r"(?P<a>\d(?<![\w£$€.,:/\-]\d)\d{0,3})(?P<sep>[/.\-])(?P<b>\d{1,2})"
    r"(?P=sep)(?P<c>\d{1,4})(?!\w|[/.\-:]\d)"
)


def _check_digit_ok(digits: str) -> bool:
    """The NHS/CHI modulus 11 check: weights 10..2, 11 means 0, 10 is invalid."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _real_date(day: int, month: int, year: int | None) -> bool:
    # Without a year, allow 29 February: it may be a leap year.
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(2000 if year is None else year, month)[1]


def _date_suggestion(month: int, year: int | None) -> str:
    name = _MONTHS[month - 1]
    if year is None:
        return _MONTH_ONLY.format(month=name)
    return _MONTH_AND_YEAR.format(month=name, year=year)


def _emails(text: str) -> Iterator[_Hit]:
    if "@" not in text:
        return
    for domain in _EMAIL_DOMAIN.finditer(text):
        at = domain.start()
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        if local is not None:
            yield local.start(), domain.end(), "email", ""


def _phones(text: str) -> Iterator[_Hit]:
    for match in _PHONE.finditer(text):
        if match.group()[0] == "(" and match.group().count(")") != 1:
            continue  # a stray bracket among the digits: not a written number
        yield match.start(), match.end(), "phone", ""


def _health_numbers(text: str) -> Iterator[_Hit]:
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(ch for ch in match.group() if ch.isdigit())
        if _check_digit_ok(digits):
            day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
            chi = _real_date(day, month, 2000 + year)
            yield match.start(), match.end(), "chi-number" if chi else "nhs-number", ""


def _ni_numbers(text: str) -> Iterator[_Hit]:
    for match in _NI_NUMBER.finditer(text):
        start = match.start() - (2 if match["spaced"] is None else 3)
        if text[start : start + 2].upper() not in _NI_UNALLOCATED:
            yield start, match.end(), "ni-number", ""


def _postcodes(text: str) -> Iterator[_Hit]:
    for match in _POSTCODE.finditer(text):
        inward = match["inward"]
        if inward[1:].lower() == _ORDINALS.get(inward[0], "th") and inward.islower():
            continue  # "b33 8th" is more likely a room and a floor
        start = match.start() - (1 if match["two"] is None else 2)
        yield start, match.end(), "postcode", ""


def _month_number(name: str) -> int | None:
    """A month's number from its name as matched, or None.

    The patterns ignore case as Python does, which takes "ſ" (a long s) for
    "s" and "K" (the kelvin sign) for "k": `casefold` reads them the same
    way, and anything still unknown is no month rather than an error that
    stopped a share, the agenda and the writer's autosave."""
    name = name.rstrip(".").casefold()
    return _MONTH_NUMBERS.get(name) or next(
        (number for full, number in _MONTH_NUMBERS.items() if full[:3] == name[:3]),
        None,
    )


def _wordy_dates(text: str) -> Iterator[_Hit]:
    for match in _DAY_NUMBER.finditer(text):
        start, end = match.span()
        day, suffix, name = int(match["day"]), match["suffix"], match["month"]
        year = int(match["year"]) if match["year"] else None
        if not 1 <= day <= 31:
            continue
        before = None
        if start and text[start - 1].isspace():  # a month or weekday needs a gap
            before = _BEFORE_DAY.search(text, max(0, start - _BEFORE_REACH), start)
        weekday = before["weekday"] if before else None
        month_first = before["month"] if before else None
        wider = before.start() if before else start
        if name is not None:  # "12 March", "Tuesday 12 March"
            if weekday and not month_first:
                start = wider
        elif month_first is not None:  # "March 12th", "Tuesday March 12th"
            name, start = month_first, wider
            if name.rstrip(".").casefold() not in _MONTH_NUMBERS and not (
                suffix or year
            ):
                continue  # "Jan 3 times": Jan is also a name
        else:
            if weekday and suffix:
                yield wider, end, "date", ""  # "Tuesday the 12th"
            continue
        month = _month_number(name)
        if month is not None and _real_date(day, month, year):
            yield start, end, "date", _date_suggestion(month, year)


def _numeric_dates(text: str) -> Iterator[_Hit]:
    for match in _NUMERIC_DATE.finditer(text):
        a, sep, b, c = match.group("a", "sep", "b", "c")
        if len(a) <= 2 and len(c) in (2, 4) and not (sep == "." and len(c) == 2):
            day, month, year = int(a), int(b), int(c)
            if len(c) == 2:
                year += 2000 if year < 70 else 1900
        elif len(a) == 4 and len(c) <= 2 and a[:2] in ("19", "20"):
            day, month, year = int(c), int(b), int(a)
        else:
            continue  # "2.5.10" (a version) or no clear day, month and year
        if _real_date(day, month, year):
            yield match.start(), match.end(), "date", _date_suggestion(month, year)


_DETECTORS: tuple[Callable[[str], Iterator[_Hit]], ...] = (
    _emails,
    _phones,
    _health_numbers,
    _ni_numbers,
    _postcodes,
    _wordy_dates,
    _numeric_dates,
)


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


def scan(
    text: str, watch_list: Sequence[str] = (), *, plan: bool = False
) -> list[Finding]:
    """All findings, in order of position, non-overlapping (prefer the longer/more
    specific match).

    `watch_list` holds the worker's own words (first names of people they
    support, places); blank entries are ignored. The text is never changed.
    `plan`: the text is a plan of actions, whose dates are the due dates the
    writer asks for ("by 2026-12-21"), not a person's, so none is found; the
    writer's hint and the share scan both rely on this one rule.
    """
    hits: list[_Hit] = []
    for detect in _DETECTORS:
        hits.extend(detect(text))
    if watch_list:
        hits.extend((a, b, "watch-word", "") for a, b in watch_spans(text, watch_list))
    findings: list[Finding] = []
    for start, end, kind, suggestion in _non_overlapping(hits):
        if plan and kind == "date":
            continue
        label, usual, _ = _WORDS[kind]
        found = text[start:end]
        findings.append(Finding(kind, start, end, found, label, suggestion or usual))
    return findings


def hint_for(findings: Sequence[Finding]) -> str:
    """One short, warm hint about the first finding, or "" when there are none.

    Others are counted in a sentence of their own at the end, so the count
    never trails a full stop as a loose "(and 1 more)".
    """
    if not findings:
        return ""
    first = findings[0]
    shown = " ".join(first.text.split())
    if len(shown) > _HINT_TEXT_LIMIT:
        shown = shown[: _HINT_TEXT_LIMIT - 1].rstrip() + "…"
    if first.kind == "watch-word":
        what = _ON_WATCH_LIST
    else:
        what = _LOOKS_LIKE.format(label=first.label)
    advice = _WORDS[first.kind][2] if first.kind in _WORDS else _OWN_WORDS
    advice = advice.format(suggestion=first.suggestion)
    hint = _HINT.format(text=shown, what=what, advice=advice)
    others = len(findings) - 1
    if others:
        hint += " " + (_ONE_MORE if others == 1 else _MORE.format(count=others))
    return hint
