"""People's words on their way to the screen: one door, and never markup.

What a worker, a supervisor or a supervisee typed (titles, answers,
comments, names) reaches Textual as a `rich.text.Text`, never as a string
that Textual or Markdown would read: so `[brackets]`, `<tags>`, `**stars**`
and single line breaks show exactly as typed. Every view passes such text
through `shown`, which hands it to core's one sanitiser (`core.text`).

`NothingHidden` is the backstop behind that door. The app installs it as a
line filter, so it sees every rendered segment of every widget just before
the segments are written to the terminal: a view that forgot `shown`, or an
editing widget that must keep a stored answer exactly as typed (ESC and
all), still cannot send a control code to the terminal.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from reflect.core.text import HIDDEN, visible


def shown(text: str) -> str:
    """A person's text as it may reach the terminal: control and bidi code
    points shown as visible marks (`␛`, `<U+202E>`), never passed on."""
    return visible(text)


def words(text: str, style: str = "") -> Text:
    """A person's text as a `Text`: styled as a whole, never parsed."""
    return Text(shown(text), style=style)


def _unseen(found: re.Match[str]) -> str:
    # Rich measures the controls and bidi marks as 0 cells and a lone
    # surrogate as 1: removing the first and replacing the second with one
    # replacement character leaves every strip exactly as wide as Textual
    # laid it out.
    char = found.group()
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


class NothingHidden(LineFilter):
    """Takes every hidden code point and every terminal hyperlink out of a line.

    Views show people's words through `shown`, so normally nothing here
    changes. This is for the view that did not: an ESC left in a segment
    would start a terminal sequence (a new window title, a cleared screen,
    a clipboard write, a line swallowed by an OSC left open). A style's
    `link` would be written as an OSC 8 hyperlink that the terminal itself
    opens on a click; reflect uses no network, so no line carries one.
    Control segments (Textual's own cursor moves) are left alone: they come
    from code, never from text.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_live(segment) for segment in segments):
            return segments  # nearly always: one scan, nothing copied
        out = []
        for segment in segments:
            text, style, control = segment
            if not control:
                text = HIDDEN.sub(_unseen, text)
                if style is not None and style.link:
                    style = style.update_link(None)
                if not text:
                    continue  # Textual expects no empty segments
            out.append(Segment(text, style, control))
        return out


def _live(segment: Segment) -> bool:
    """Whether a segment would send the terminal something besides text."""
    text, style, control = segment
    if control:
        return False
    return HIDDEN.search(text) is not None or bool(style is not None and style.link)
