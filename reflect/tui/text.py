"""People's words on their way to the screen: one door, and never markup.

What a worker, a supervisor or a supervisee typed (titles, answers,
comments, names) reaches Textual as a `rich.text.Text`, never as a string
that Textual or Markdown would read: so `[brackets]`, `<tags>`, `**stars**`
and single line breaks show exactly as typed. Every view passes such text
through `shown`, which hands it to core's one sanitiser (`core.text`).
"""

from __future__ import annotations

from rich.text import Text

from reflect.core.text import visible


def shown(text: str) -> str:
    """A person's text as it may reach the terminal: control and bidi code
    points shown as visible marks (`␛`, `<U+202E>`), never passed on."""
    return visible(text)


def words(text: str, style: str = "") -> Text:
    """A person's text as a `Text`: styled as a whole, never parsed."""
    return Text(shown(text), style=style)
