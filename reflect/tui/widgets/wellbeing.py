"""Wellbeing at a glance: a sparkline per dimension, and the latest value.

Long stretches are averaged into buckets so eight weeks of daily check-ins
still fit a narrow terminal; the shape matters more than each day.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from reflect.core.checkins import CheckIn, Dimension, series, sparkline
from reflect.tui.text import shown

POINTS = 18
"""Widest sparkline on home: two columns fit in 80 characters."""


def squeeze(values: Sequence[int], points: int = POINTS) -> list[int]:
    """At most `points` values, averaging neighbours when there are more."""
    if len(values) <= points:
        return list(values)
    out = []
    for n in range(points):
        chunk = values[n * len(values) // points : (n + 1) * len(values) // points]
        out.append(round(sum(chunk) / len(chunk)))
    return out


def wellbeing_text(
    checkins: Sequence[CheckIn],
    dims: Sequence[Dimension],
    *,
    title: str = "Wellbeing, last 8 weeks",
    columns: int = 2,
    points: int = POINTS,
) -> Text:
    """The panel's text: a heading, then dimensions in `columns` columns."""
    text = Text()
    text.append(title, style="bold")
    text.append("  (5 is doing well)", style="dim")
    name_width = max((len(d.name) for d in dims), default=0)
    for n, dim in enumerate(dims):
        text.append("\n" if n % columns == 0 else "    ")
        values = series(checkins, dim.id)
        # A pack from the worker's or an organisation's folder names these.
        text.append(shown(f"{dim.name:<{name_width}} "))
        line = sparkline(squeeze(values, points))
        text.append(f"{line:<{points}}", style="bold")
        text.append(f" {values[-1]}" if values else "  ", style="bold")
    return text


class WellbeingPanel(Static):
    """Shown on home once there is at least one check-in."""

    DEFAULT_CSS = """
    WellbeingPanel { height: auto; padding: 0 1 1 1; }
    """
