"""Wellbeing at a glance: a sparkline per dimension, and the latest value.

Long stretches are averaged into buckets so eight weeks of daily check-ins
still fit a narrow terminal; the shape matters more than each day. The panel
fits its own width: in a narrow window the lines get fewer points, then the
columns become one, rather than wrapping a dimension's value onto the next
line under another dimension's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from reflect.core.checkins import CheckIn, Dimension, series, sparkline, timeline
from reflect.tui.text import shown

POINTS = 18
"""Widest sparkline on home: two columns fit in 80 characters."""
FEWEST_POINTS = 8
"""Below this a line says too little; one column of longer lines instead.
Eight points over home's eight weeks is about one a week, the least that
still shows a shape, and it keeps eight dimensions in two columns at 60
columns wide."""
GAP = 4
"""Columns between two dimensions on a line."""


def squeeze(values: Sequence[int | None], points: int = POINTS) -> list[int | None]:
    """At most `points` values, averaging neighbours when there are more (a
    stretch with no value at all stays blank)."""
    if len(values) <= points:
        return list(values)
    out: list[int | None] = []
    for n in range(points):
        chunk = values[n * len(values) // points : (n + 1) * len(values) // points]
        known = [v for v in chunk if v is not None]
        out.append(round(sum(known) / len(known)) if known else None)
    return out


def name_widths(names: Sequence[str], columns: int) -> list[int]:
    """How wide each column's names are: the longest name in that column, so a
    long name widens only its own column."""
    return [max((len(n) for n in names[c::columns]), default=0) for c in range(columns)]


def fitting(
    width: int, names: Sequence[str], columns: int, points: int
) -> tuple[int, int]:
    """The columns and points per line that fit `width` cells, keeping as many
    columns as leave each line at least `FEWEST_POINTS` (name, space, line,
    space and the one-digit latest value per column)."""
    for cols in range(columns, 0, -1):
        fixed = GAP * (cols - 1) + sum(w + 3 for w in name_widths(names, cols))
        room = (width - fixed) // cols
        if room >= min(points, FEWEST_POINTS) or cols == 1:
            return cols, max(1, min(points, room))
    return 1, points  # not reached: the loop ends at one column


def wellbeing_text(
    checkins: Sequence[CheckIn],
    dims: Sequence[Dimension],
    *,
    title: str = "Wellbeing, last 8 weeks",
    columns: int = 2,
    points: int = POINTS,
    width: int | None = None,
) -> Text:
    """The panel's text: a heading, then dimensions in `columns` columns
    (fewer, and shorter lines, where `width` cells do not hold them)."""
    text = Text()
    text.append(title, style="bold")
    text.append("  (5 is doing well)", style="dim")
    names = [d.name for d in dims]
    if width is not None:
        columns, points = fitting(width, names, columns, points)
    widths = name_widths(names, columns)
    for n, dim in enumerate(dims):
        text.append("\n" if n % columns == 0 else " " * GAP)
        values = series(checkins, dim.id)
        # A pack from the worker's or an organisation's folder names these.
        text.append(shown(f"{dim.name:<{widths[n % columns]}} "))
        line = sparkline(squeeze(timeline(checkins, dim.id), points))
        text.append(f"{line:<{points}}", style="bold")
        text.append(f" {values[-1]}" if values else "  ", style="bold")
    return text


class WellbeingPanel(Static):
    """Shown on home once there is at least one check-in."""

    DEFAULT_CSS = """
    WellbeingPanel { height: auto; padding: 0 1 1 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self._shown: tuple[Sequence[CheckIn], Sequence[Dimension], dict[str, object]]
        self._shown = ((), (), {})

    def show(
        self,
        checkins: Sequence[CheckIn],
        dims: Sequence[Dimension],
        **layout: object,
    ) -> None:
        """Show these check-ins (`layout`: wellbeing_text's title, columns and
        points), fitted to the panel's width now and whenever it changes."""
        self._shown = (checkins, dims, layout)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        checkins, dims, layout = self._shown
        if not dims:
            return
        width = self.content_region.width or self.app.size.width - 2
        self.update(wellbeing_text(checkins, dims, width=width, **layout))  # type: ignore[arg-type]
