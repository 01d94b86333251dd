"""People's words on their way to the screen: one door, and never markup.

What a worker, a supervisor or a supervisee typed (titles, answers,
comments, names) reaches Textual as a `rich.text.Text`, never as a string
that Textual or Markdown would read: so `[brackets]`, `<tags>`, `**stars**`
and single line breaks show exactly as typed. Every view passes such text
through `shown`, the one place a filter for terminal control codes belongs.
"""

from __future__ import annotations

from rich.text import Text


def shown(text: str) -> str:
    """A person's text as it may reach the terminal (for now, unchanged)."""
    return text


def words(text: str, style: str = "") -> Text:
    """A person's text as a `Text`: styled as a whole, never parsed."""
    return Text(shown(text), style=style)
