"""A small picture of one check-in question over the time an agenda covers.

The printable agenda shows each shared dimension as a line of its check-ins
(1 to 5, 5 being the end where the worker is doing well), so a supervisor can
see the shape of the weeks at a glance. It is drawn with plain SVG shapes
only: nothing runs, nothing is fetched, no font is asked for, so the page
looks the same with no network and on any printer. Black lines and black
markers on a pale grid carry everything, so it prints in black and white;
no meaning rests on colour.

A picture alone shuts out anyone who cannot see it, so every chart comes
with the same values in a sentence beside it. Dimension names can come from
an organisation's pack, so every word placed here is escaped: a name like
`<script>` is drawn as those characters.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from reflect.core.checkins import CheckIn, Dimension, timeline

WIDTH = 240
HEIGHT = 84
"""In the SVG's own units. The page sets the printed size (about 5 cm
across on A4), so the numbers and days below are drawn large enough for
that: at 13 units they print at about 7 points."""
LEFT = 20
"""Room at the left for the "1" and "5" of the axis."""
RIGHT = 8
TOP = 9
BOTTOM = 59
"""The y of a 1; a 5 sits at TOP. Below it, the day labels."""
DAY_Y = 78
FONT = 13


def _esc(text: str) -> str:
    """Words for an element's text or an attribute's value, quotes included."""
    return html.escape(text, quote=True)


def _short_day(day: date, with_year: bool) -> str:
    return f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"


def _x(day: date, first: date, last: date) -> float:
    """Where a day falls across the chart: by date, so a week without
    check-ins shows as a wider gap, not as two days side by side."""
    span = (last - first).days
    if span == 0:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + (WIDTH - RIGHT - LEFT) * (day - first).days / span


def _y(value: int) -> float:
    return BOTTOM - (BOTTOM - TOP) * (value - 1) / 4


def _num(value: float) -> str:
    """A coordinate with no needless digits, so the markup reads cleanly."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def describe(checkins: Sequence[CheckIn], dim: Dimension) -> str:
    """The chart in words: every value with its day, in order ("Energy: 4 on
    2 Mar, 3 on 9 Mar and 2 on 16 Mar."). Empty when nothing was answered."""
    values = timeline(checkins, dim.id)
    with_year = _crosses_year(checkins)
    said = [
        f"{value} on {_short_day(c.day, with_year)}"
        for c, value in zip(checkins, values, strict=False)
        if value is not None
    ]
    if not said:
        return ""
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f"{dim.name}: {joined}."


def _crosses_year(checkins: Sequence[CheckIn]) -> bool:
    return bool(checkins) and checkins[0].day.year != checkins[-1].day.year


def svg(checkins: Sequence[CheckIn], dim: Dimension) -> str:
    """One dimension over the check-ins as inline SVG, or "" when it was
    never answered. The check-ins are the agenda's (oldest first); every
    chart spans the same first and last day, so charts line up. A check-in
    that skipped this dimension leaves a gap in the line, never a join."""
    values = timeline(checkins, dim.id)
    if not values:
        return ""
    first, last = checkins[0].day, checkins[-1].day
    with_year = _crosses_year(checkins)
    points = [
        (_x(c.day, first, last), _y(v))
        for c, v in zip(checkins, values, strict=False)
        if v is not None
    ]
    label = f"{dim.name}, from 1 to 5 over the check-ins"
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">',
        f"<title>{_esc(label)}</title>",
    ]
    for level in range(1, 6):  # a pale line at each step; 1 and 5 darker
        at = _num(_y(level))
        look = (
            'stroke="#777" stroke-width="1"'
            if level in (1, 5)
            else 'stroke="#bbb" stroke-width="0.5" stroke-dasharray="2 3"'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{at}" x2="{WIDTH - RIGHT}" y2="{at}" {look} />'
        )
    for level in (5, 1):
        parts.append(
            f'<text x="{LEFT - 6}" y="{_num(_y(level) + 4.5)}" text-anchor="end" '
            f'font-size="{FONT}" fill="#000">{level}</text>'
        )
    parts += _line(checkins, values, first, last)
    for x, y in points:
        parts.append(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="#000" '
            'stroke="#fff" stroke-width="1" />'
        )
    parts += _day_labels(first, last, with_year)
    parts.append("</svg>")
    return "\n".join(parts)


def _line(
    checkins: Sequence[CheckIn],
    values: Sequence[int | None],
    first: date,
    last: date,
) -> list[str]:
    """Black lines joining neighbouring answers; a skipped check-in breaks
    the line, so a gap is never drawn as if the worker had answered."""
    runs: list[list[tuple[float, float]]] = [[]]
    for checkin, value in zip(checkins, values, strict=False):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((_x(checkin.day, first, last), _y(value)))
    return [
        '<polyline fill="none" stroke="#000" stroke-width="1.5" points="'
        + " ".join(f"{_num(x)},{_num(y)}" for x, y in run)
        + '" />'
        for run in runs
        if len(run) > 1
    ]


def _day_labels(first: date, last: date, with_year: bool) -> list[str]:
    """The first and last day under the axis (one, centred, if they are the same)."""
    if first == last:
        where = [(_x(first, first, last), "middle", first)]
    else:
        where = [(LEFT, "start", first), (WIDTH - RIGHT, "end", last)]
    return [
        f'<text x="{_num(x)}" y="{DAY_Y}" text-anchor="{anchor}" '
        f'font-size="{FONT}" fill="#000">{_esc(_short_day(day, with_year))}</text>'
        for x, anchor, day in where
    ]


def figure(checkins: Sequence[CheckIn], dim: Dimension) -> str:
    """The chart with its name above and its sentence below: what the
    agenda places, or "" when this dimension has no value to show. The name
    on top keeps the pictures side by side level however long the sentences
    are; it is hidden from screen readers, which hear the picture's label
    and then the sentence."""
    drawn = svg(checkins, dim)
    if not drawn:
        return ""
    return (
        '<figure class="chart">\n'
        f'<div class="chart-name" aria-hidden="true">{_esc(dim.name)}</div>\n'
        f"{drawn}\n"
        f"<figcaption>{_esc(describe(checkins, dim))}</figcaption>\n</figure>"
    )


def figures(checkins: Sequence[CheckIn], dims: Sequence[Dimension]) -> str:
    """Every dimension's figure, in the pack's order, in one block the page
    lays out side by side; "" when none has a value to show."""
    drawn = [f for f in (figure(checkins, d) for d in dims) if f]
    if not drawn:
        return ""
    intro = (
        '<p class="charts-note">Each picture shows one check-in question '
        "over this time, from 1 to 5, where 5 is doing well.</p>"
    )
    return "\n".join(['<div class="charts">', intro, *drawn, "</div>"]) + "\n"


# ---- the year in review's months -------------------------------------------

BARS_WIDTH = 300
BARS_HEIGHT = 110
BARS_LEFT = 26
"""Room for the highest count at the top of the axis."""
BARS_TOP = 8
BARS_BOTTOM = 86
"""The baseline; under it, each month's initial."""
MONTH_Y = 104


def month_bars(counts: Sequence[int], label: str) -> str:
    """Twelve counts (January first) as black bars on a baseline, with the
    highest count marked on the axis and each month's initial beneath. A
    month with none has no bar, only its initial, so nothing is drawn that
    was not there. `label` names the picture for screen readers."""
    peak = max(counts, default=0)
    slot = (BARS_WIDTH - BARS_LEFT - RIGHT) / 12
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" '
        f'viewBox="0 0 {BARS_WIDTH} {BARS_HEIGHT}" width="{BARS_WIDTH}" '
        f'height="{BARS_HEIGHT}">',
        f"<title>{_esc(label)}</title>",
        f'<line x1="{BARS_LEFT}" y1="{BARS_BOTTOM}" x2="{BARS_WIDTH - RIGHT}" '
        f'y2="{BARS_BOTTOM}" stroke="#000" stroke-width="1" />',
    ]
    if peak:
        parts += [
            f'<line x1="{BARS_LEFT}" y1="{BARS_TOP}" x2="{BARS_WIDTH - RIGHT}" '
            f'y2="{BARS_TOP}" stroke="#bbb" stroke-width="0.5" '
            'stroke-dasharray="2 3" />',
            f'<text x="{BARS_LEFT - 5}" y="{_num(BARS_TOP + 4.5)}" '
            f'text-anchor="end" font-size="{FONT}" fill="#000">{peak}</text>',
        ]
    parts.append(
        f'<text x="{BARS_LEFT - 5}" y="{_num(BARS_BOTTOM + 4.5)}" '
        f'text-anchor="end" font-size="{FONT}" fill="#000">0</text>'
    )
    for index, count in enumerate(counts[:12]):
        x = BARS_LEFT + slot * index
        if count:
            height = (BARS_BOTTOM - BARS_TOP) * count / peak
            parts.append(
                f'<rect x="{_num(x + slot * 0.15)}" '
                f'y="{_num(BARS_BOTTOM - height)}" width="{_num(slot * 0.7)}" '
                f'height="{_num(height)}" fill="#000" />'
            )
        initial = date(2000, index + 1, 1).strftime("%b")[0]
        parts.append(
            f'<text x="{_num(x + slot / 2)}" y="{MONTH_Y}" text-anchor="middle" '
            f'font-size="{FONT}" fill="#000">{initial}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
