"""A prompt pack as a row in a list: the picker's and the guide's."""

from __future__ import annotations

from rich.text import Text

from reflect.core.models import Template
from reflect.tui.text import words


def pack_label(pack: Template) -> Text:
    """A pack as a list row; its words may come from the worker's own folder."""
    label = Text()
    label.append_text(words(pack.title, style="bold"))
    steps = len(pack.steps)
    label.append(f"  about {pack.minutes} min · {steps} steps", style="dim")
    label.append_text(words(f"\n{pack.summary}", style="italic"))
    return label
