"""What a person typed, made safe to show to another person.

reflect is a two-person system: a supervisee's titles and answers reach a
supervisor's terminal, and a supervisor's comments reach the supervisee's.
A terminal reads some code points as instructions (ESC starts sequences
that set the window title, write to the clipboard or clear the screen; the
C1 range does the same on some terminals; bidi controls reorder what is
shown so a line reads differently from what it holds). Whatever reaches a
terminal, a toast or a rendered file therefore passes through `visible`,
which shows each such code point as a harmless mark a reader can see
(`␛`, `<U+202E>`) instead of passing it on. What is *stored* is never
changed: this is a view, applied on the way out.

`json_escaped` is the lossless cousin for the JSON export: the same code
points written as `\\uXXXX` escapes, so the file is valid JSON, reads back
exactly as typed, and holds nothing live for a terminal that prints it.
"""

from __future__ import annotations

import functools
import re

# Newline and tab are layout every reader expects; everything else below
# 0x20 is a C0 control. 0x7F is DEL and 0x80-0x9F the C1 controls (0x9B is
# a one-byte CSI, 0x9D a one-byte OSC). U+061C, U+200E/F, U+202A-E and
# U+2066-9 are the bidi marks, embeddings, overrides and isolates. Lone
# surrogates are included because they cannot be written to a UTF-8
# terminal or file at all: printing one would end in a traceback.
_HIDDEN_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff"
)
HIDDEN = re.compile(f"[{_HIDDEN_CLASS}]")
"""Matches one code point that must never reach a terminal as itself."""

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point no UTF-8 file or terminal can hold: checked for in what
arrives from outside (an import, a bundle) before it is stored."""

_CRLF = re.compile("\r\n")


def _mark(code_point: int) -> str:
    # C0 controls and DEL have their own "control pictures" (U+2400-2421),
    # one cell wide and readable: ␛ for ESC, ␀ for NUL, ␍ for a lone CR.
    if code_point < 0x20:
        return chr(0x2400 + code_point)
    if code_point == 0x7F:
        return "\u2421"
    return f"<U+{code_point:04X}>"


_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)


@functools.cache
def _marks() -> dict[int, str]:
    """The table `visible` translates with, made the first time it is needed.

    It has a mark for each of some 2,200 code points (the surrogates are most
    of them); building it at import cost every command about a millisecond,
    though nearly all text holds none of them and never needs it.
    """
    return {cp: _mark(cp) for low, high in _RANGES for cp in range(low, high + 1)}


def visible(text: str) -> str:
    """`text` with every control, bidi and lone-surrogate code point shown
    as a visible mark, so it reads as typed and instructs nothing.

    A Windows line end (CR LF) is shown as the line break it means; any
    other CR becomes ␍, since a bare CR would let a line overwrite itself.
    Text without such code points (nearly all of it) comes back as is, at
    the cost of one regex scan.
    """
    if HIDDEN.search(text) is None:
        return text
    return _CRLF.sub("\n", text).translate(_marks())


def text_problem(
    value: str, *, limit: int, multiline: bool, required: bool = True
) -> tuple[str, str | None]:
    """A value from a file someone wrote (an organisation's settings, a
    framework), trimmed, and what is wrong with it as the end of a sentence
    ("is empty", "must fit on one line"), or None. Both checkers say the
    same things in the same words because they come from here."""
    value = value.replace("\r\n", "\n").strip()
    if not value:
        return "", "is empty" if required else None
    if len(value) > limit:
        return "", f"is longer than {limit} characters"
    if "\n" in value and not multiline:
        return "", "must fit on one line"
    if HIDDEN.search(value):
        return "", "holds a control character; only plain text can be shown"
    return value, None


MAX_DIGITS = 18
"""The longest number `whole_number` reads."""


def whole_number(text: str) -> int | None:
    """`text` as a whole number when it is ASCII digits alone, else None.

    Python's `isdigit()` is true of "²" and "³", which a French keyboard
    types with one key, and `int()` refuses them with an error, as it does
    more than 4,300 digits: a number checked with `isdigit()` is read by
    this instead. Nothing reflect counts needs more than 18.
    """
    if len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def is_plain(text: str) -> bool:
    """True when `text` holds nothing that `visible` would change."""
    return HIDDEN.search(text) is None


def json_escaped(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every
    hidden code point written as a `\\uXXXX` escape.

    Such code points can only occur inside JSON strings (the syntax around
    them is ASCII), where an escape means exactly the same character: the
    file stays valid and lossless. `json.dumps` already escapes C0 controls;
    this adds DEL, C1 and the bidi controls, which it would write raw.
    """
    # Two quick looks first: the regex over every entry was about a seventh
    # of a whole-journal export's time. Most of a journal is plain ASCII,
    # where the only hidden code point `json.dumps` leaves raw is DEL (found
    # by a plain substring search, about a hundred times faster). Every
    # hidden code point is also unprintable, so other text that
    # `isprintable` passes (at twice the regex's speed) has none either.
    if dumped.isascii():
        if "\x7f" not in dumped:
            return dumped
    elif dumped.isprintable():
        return dumped
    return HIDDEN.sub(_escape, dumped)


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"
