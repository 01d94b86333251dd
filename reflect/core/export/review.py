"""The year in review as Markdown and one printable HTML page.

A worker hands this to a manager at appraisal, or keeps it with an
application, so it reads well on paper and says only what they chose: the
year's numbers, the entries they linked to a framework with what each
shows, an entry's own words only where they included it, and the
framework's coverage. The Markdown is the document; the preview in the app
shows exactly it, and the HTML is rendered from it with the agenda's locks
(raw HTML, links and images off; every word a person typed escaped with
`mdescape`), adding only a bar chart of the months, with the same numbers
beside it in words. Both end with the agenda's honest label (`LABEL`, or
`KEPT_LABEL` when the worker kept what the privacy scan found).
"""

from __future__ import annotations

import html
from datetime import date

from reflect.core.clock import MONTHS
from reflect.core.export import chart
from reflect.core.export.agenda import answer_text, finish_with_label, page, renderer
from reflect.core.mdescape import inline
from reflect.core.yearly import Chosen, Held, YearContents

_STYLE = """
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.95em; }
th, td { border-bottom: 1px solid #bbb; padding: 0.15em 0.8em 0.15em 0;
  text-align: left; vertical-align: top; }
th { border-bottom-color: #000; }
td:nth-child(n+2) { font-variant-numeric: tabular-nums; }
figure.months { margin: 0.6em 0 1em; break-inside: avoid; page-break-inside: avoid; }
figure.months svg { display: block; width: 18em; max-width: 100%; height: auto; }
figure.months figcaption { font-size: 0.85em; line-height: 1.3; }
tr { break-inside: avoid; page-break-inside: avoid; }
""".strip()


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def title(contents: YearContents) -> str:
    return f"My year in review — {contents.year}"


def months_words(contents: YearContents) -> str:
    """The chart's numbers in one sentence: what the picture shows, for a
    reader who cannot see it."""
    said = [f"{MONTHS[m.month - 1]} {m.reflections}" for m in contents.months]
    return "Reflections by month: " + ", ".join(said) + "."


def review_sections(contents: YearContents) -> list[tuple[str, list[str]]]:
    """The review's sections, keyed, so the HTML can place the chart after
    the months. Keys: "title", "months", "supervision", "themes", "chosen",
    "coverage"."""
    year = contents.year
    span = (
        f"up to {_day(contents.until)}"
        if contents.until < date(year, 12, 31)
        else "the whole year"
    )
    head = [
        f"# {title(contents)}",
        "",
        f"Made on {_day(contents.made)} from my own journal, covering {span}. "
        "The numbers are counted by reflect; the choices and the words are mine.",
        "",
    ]
    months = [
        "## Reflections by month",
        "",
        f"{_plural(contents.reflections, 'reflection')} and "
        f"{_plural(contents.notes, 'quick note')} written in {year}.",
        "",
        "| Month | Reflections | Quick notes |",
        "| --- | --: | --: |",
        *(
            f"| {MONTHS[m.month - 1]} | {m.reflections} | {m.notes} |"
            for m in contents.months
        ),
        "",
    ]
    return [
        ("title", head),
        ("months", months),
        ("supervision", _supervision(contents)),
        ("themes", _themes(contents)),
        ("chosen", _chosen(contents)),
        ("coverage", _coverage(contents)),
    ]


def _held_line(held: Held) -> str:
    name = inline(held.name) if held.name.strip() else "Supervision"
    sessions = _plural(held.held, "session")
    if not held.every_days:
        return f"- {name}: {sessions} recorded (no agreement now)"
    return (
        f"- {name}: {sessions} recorded, about {held.expected} expected "
        f"(every {_plural(held.every_days, 'day')})"
    )


def _supervision(contents: YearContents) -> list[str]:
    out = ["## Supervision", ""]
    if contents.held:
        out += [_held_line(h) for h in contents.held] + [""]
    else:
        out += ["No supervision agreement or session recorded.", ""]
    out += [
        f"Actions agreed at these sessions: {contents.actions_agreed}, "
        f"of which done: {contents.actions_done}",
        "",
    ]
    return out


def _themes(contents: YearContents) -> list[str]:
    out = ["## Themes I wrote about most", ""]
    if contents.tags:
        tags = ", ".join(f"{inline(t.name)} ({t.count})" for t in contents.tags)
        out += [f"Tags: {tags}", ""]
    if contents.packs:
        packs = ", ".join(f"{inline(p.name)} ({p.count})" for p in contents.packs)
        out += [f"Prompt packs: {packs}", ""]
    if not contents.tags and not contents.packs:
        out += ["No tags or prompt packs this year.", ""]
    return out


def _chosen_lines(chosen: Chosen) -> list[str]:
    name = inline(chosen.title) if chosen.title.strip() else "Untitled"
    out = [f"### {name}", "", f"Written on {_day(chosen.written)}", ""]
    for area, line in chosen.shows:
        shows = inline(line) if line.strip() else "no line written yet"
        out.append(f"- {inline(area)}: {shows}")
    if chosen.shows:
        out.append("")
    for answer in chosen.answers:
        words = answer_text(answer)
        if not words:
            continue
        if answer.question.strip():
            out += [f"#### {inline(answer.question)}", ""]
        out += [words, ""]
    return out


def _chosen(contents: YearContents) -> list[str]:
    out = ["## Entries I chose", ""]
    if not contents.chosen:
        return out + ["No entries linked to a framework area this year yet.", ""]
    for chosen in contents.chosen:
        out += _chosen_lines(chosen)
    return out


def _coverage(contents: YearContents) -> list[str]:
    framework = contents.framework
    out = ["## Framework coverage", ""]
    if framework is None:
        return out + ["No competence framework found, so no coverage to show.", ""]
    out += [
        f"{inline(framework.title)} (version {framework.version}). "
        f"{inline(framework.source)}",
        "",
        "| Domain | Area | Entries | Latest |",
        "| --- | --- | --: | --- |",
    ]
    said = None
    for row in contents.coverage:
        latest = _day(row.latest) if row.latest else "not yet"
        # A domain is named on its first row only: its areas follow it.
        domain = inline(row.domain) if row.domain != said else ""
        said = row.domain
        out.append(f"| {domain} | {inline(row.area)} | {row.count} | {latest} |")
    out.append("")
    if framework.licence.strip():
        out += [inline(framework.licence), ""]
    return out


def review_markdown(contents: YearContents) -> str:
    """The year in review as CommonMark (with tables), ending with the label."""
    return finish_with_label(
        [line for _, lines in review_sections(contents) for line in lines]
    )


def months_figure(contents: YearContents) -> str:
    """The months as a bar chart with the same numbers in words beneath."""
    words = months_words(contents)
    drawn = chart.month_bars(
        [m.reflections for m in contents.months],
        f"Reflections by month in {contents.year}",
    )
    return (
        f'<figure class="months">\n{drawn}\n'
        f"<figcaption>{html.escape(words)}</figcaption>\n</figure>\n"
    )


def review_html(contents: YearContents) -> str:
    """The year in review as one printable page: the Markdown's words,
    section by section, with the months' chart after their table."""
    md = renderer().enable("table")
    body: list[str] = []
    for key, lines in review_sections(contents):
        body.append(md.render("\n".join(lines) + "\n"))
        if key == "months":
            body.append(months_figure(contents))
    body.append(md.render(finish_with_label([])))
    return page("".join(body), title(contents), _STYLE)
