"""The supervision agenda and session record as Markdown and printable HTML.

A worker takes these to a supervisor, prints them or emails them, so they
must read well on paper and must never let a worker's own words change the
document: whatever was typed (a title starting with "#", a pasted link,
`<script>`) comes out as the same text. Markdown is escaped here, and the
HTML is rendered from that Markdown with raw HTML, links and images off, so
there are two locks on the same door. The one thing the HTML adds, the
wellbeing charts (`export.chart`), escapes every word it places. Both end
with `LABEL`, which says only what is true of them. What goes in is
gathered by `journal.agenda.gather`; this module only writes it out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from reflect.core.agenda import OTHER, TOP, AgendaContents, BroughtItem
from reflect.core.checkins import answered, count_words
from reflect.core.export import chart
from reflect.core.mdescape import block, inline
from reflect.core.models import Answer
from reflect.core.supervision import Action, Session, has_sign_off

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

LABEL = (
    "Written to leave out names and identifying details. Not a case note or "
    "an incident record. A court can order notes like these to be handed over."
)
"""What every agenda and record says it is, at its foot. It claims no check
reflect cannot make: the privacy scan helps, but only the writer can leave
names out; and reflections are not privileged, so a court can order them
handed over like any other notes."""
KEPT_LABEL = (
    "The privacy check found words here that may identify someone, and the "
    "writer chose to keep them. Not a case note or an incident record. A court "
    "can order notes like these to be handed over."
)
"""The label instead, when the writer kept what the privacy check found
(`--accept-findings`, or enter pressed again in the app): then "written to
leave out names" would be untrue."""


def as_kept(document: str) -> str:
    """A rendered agenda or record (Markdown or HTML) whose writer kept the
    privacy check's findings, labelled as such. The label is plain words
    that pass through Markdown unchanged, so one replacement serves both."""
    return document.replace(LABEL, KEPT_LABEL)


TYPE_WORDS = {
    "line": "line supervision",
    "peer": "peer supervision",
    "group": "group supervision",
    "co-reflection": "co-reflection",
}


# ---- escaping ------------------------------------------------------------
# `inline` and `block` live in mdescape, shared by every Markdown writer.


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _or(text: str, fallback: str) -> str:
    return inline(text) if text.strip() else fallback


# ---- the agenda ----------------------------------------------------------


def agenda_sections(agenda: AgendaContents) -> list[tuple[str, list[str]]]:
    """The agenda's sections, each keyed by what it is, so the HTML can add
    what only it can show (the wellbeing charts, after "wellbeing") in the
    right place while both formats keep the same words.

    The worker leads: what they most want comes first, then their items in
    their order, each said once, and the time they take. How they have been
    and the action checklist follow, then the sections a supervisor may
    expect, each only when there is something in it, and a place to write
    what was agreed. Keys: "title", "top", "items", "waiting", "coverage",
    "wellbeing", "actions", "supervisor", "team", "learning", "review",
    "agreed".
    """
    kind = TYPE_WORDS.get(agenda.type, agenda.type)
    who = f"Supervisor: {_or(agenda.supervisor, 'not set yet')}"
    if agenda.name and agenda.name != agenda.supervisor:
        # A group or a pair of peers is known by the agreement's name; a
        # supervisor's own name would only say the same thing twice.
        who = f"{inline(agenda.name)}" + (
            f" · Supervisor: {inline(agenda.supervisor)}"
            if agenda.supervisor.strip()
            else ""
        )
    title = [
        f"# Supervision agenda — {_day(agenda.day)}",
        "",
        f"{who} · Type: {_or(kind, 'not set yet')}",
        "",
    ]
    said = dict(agenda.top)
    top = [
        f"**{TOP[key]}:** {_or(said.get(key, ''), 'not written yet')}" for key in TOP
    ]
    top = [line + "\\" for line in top[:-1]] + top[-1:] + [""]
    items = ["## What I'm bringing", ""]
    for number, brought in enumerate(agenda.items, 1):
        items += _item_lines(number, brought)
    if not agenda.items:
        items += ["Nothing chosen yet.", ""]
    waiting = []
    if agenda.waiting:
        waiting = ["## Also marked to bring", "", "Not chosen yet, so no time set:", ""]
        for item in agenda.waiting:
            ask = f": {inline(item.ask)}" if item.ask.strip() else ""
            waiting.append(f"- {_or(item.title, 'Untitled')}{ask}")
        waiting.append("")
    cover = ["## Time and balance", "", inline(agenda.coverage), ""]
    for invitation in agenda.invitations:
        cover += [inline(invitation), ""]
    sections = [
        ("title", title),
        ("top", top),
        ("items", items),
        *([("waiting", waiting)] if waiting else []),
        ("coverage", cover),
    ]
    if not agenda.chosen_only:  # a group hears only what the worker chose
        sections += [("wellbeing", _wellbeing(agenda)), ("actions", _actions(agenda))]
    for key, words in agenda.other:
        sections.append((key, [f"## {OTHER[key]}", "", block(words), ""]))
    if agenda.review:
        sections.append(
            (
                "review",
                [
                    "## How is supervision going for us?",
                    "",
                    f"This will be session {agenda.review}: a moment to say what "
                    "is working for us both, what could change, and whether the "
                    "agreement still fits.",
                    "",
                ],
            )
        )
    sections.append(("agreed", ["## Agreed today", "", "Agreed:\\", "Next date:", ""]))
    return sections


def _wellbeing(agenda: AgendaContents) -> list[str]:
    """How the worker has been, in words that fit how many check-ins there
    are, and the check-ins they marked to bring that are not items."""
    out = ["## Wellbeing since last time", ""]
    count = answered(agenda.checkins, agenda.dimensions)
    since = (
        f"since the last session on {_day(agenda.last_session)}"
        if agenda.last_session
        else "so far (no session recorded yet)"
    )
    if agenda.wellbeing and count:
        out += [f"{count_words(count)} {since}:", ""]
        out += [f"- {inline(line)}" for line in agenda.wellbeing] + [""]
    else:
        out += [f"No check-ins {since}.", ""]
    if agenda.notes:
        out += ["Check-ins I marked to bring:", ""]
        for day, note in agenda.notes:
            out.append(f"- {_day(day)}: {_or(note, 'no note written')}")
        out.append("")
    return out


def _actions(agenda: AgendaContents) -> list[str]:
    """One checklist of the actions: open ones (overdue marked), then those
    done since last time. One the worker made an item names that item
    instead of saying its words again."""
    as_items = {
        brought.item.ref: number
        for number, brought in enumerate(agenda.items, 1)
        if brought.item.kind == "action" and brought.item.ref
    }
    out = ["## Actions: open, and done since last time", ""]
    for action in agenda.actions:
        if action.id in as_items:
            state = "Done" if action.status == "done" else "Open"
            out.append(f"- {state}: brought as item {as_items[action.id]}")
        else:
            out.append(_action_line(action, agenda.day))
    if not agenda.actions:
        out.append("No open actions.")
    out.append("")
    return out


def agenda_markdown(agenda: AgendaContents) -> str:
    """The agenda as CommonMark, its sections in the order of `agenda_sections`."""
    return finish_with_label(
        [line for _, lines in agenda_sections(agenda) for line in lines]
    )


def _action_line(action: Action, today: date | None = None) -> str:
    """An action as a checklist line; given the agenda's day, an open one
    past its date says so."""
    state = "Done" if action.status == "done" else "Open"
    due = f", by {_day(action.due)}" if action.due else ""
    if today and action.overdue(today):
        due += ", overdue"
    return f"- {state}: {inline(action.text)} ({inline(action.owner)}{due})"


def _item_lines(number: int, brought: BroughtItem) -> list[str]:
    """One item, said once: what it is, what I want from it, its function
    and minutes, and the reflection's words when the worker shares them."""
    item = brought.item
    minutes = "1 minute" if item.minutes == 1 else f"{item.minutes} minutes"
    out = [f"### {number}. {_or(item.title, 'Untitled')}", ""]
    if item.note.strip():
        out.append(f"What I noted that day: {inline(item.note)}\\")
    out += [
        f"What I want from this: {_or(item.ask, 'not written yet')}\\",
        f"Function: {_or(item.function, 'not chosen yet')} · {minutes}",
        "",
    ]
    for answer in brought.answers:
        shown = answer_text(answer)
        if not shown:
            continue
        if answer.question.strip():
            out += [f"#### {inline(answer.question)}", ""]
        out += [shown, ""]
    return out


def answer_text(answer: Answer) -> str:
    """A stored answer in words a reader expects, escaped."""
    response = answer.response.strip()
    if answer.input_type == "supervision":
        return ""  # the ask is already on the agenda
    if answer.input_type == "scale":
        return f"{inline(response)} of 5"
    if answer.input_type == "action":
        return "\n".join(
            f"- {inline(line)}" for line in response.splitlines() if line.strip()
        )
    return block(response)


def finish_with_label(lines: list[str]) -> str:
    """Close with a rule and the label, so every copy says what it is."""
    return "\n".join([*lines, "---", "", f"*{LABEL}*"]) + "\n"


# ---- the session record --------------------------------------------------


def session_markdown(session: Session, actions: Sequence[Action]) -> str:
    """A session record as CommonMark: what was discussed, agreed and signed."""
    kind = TYPE_WORDS.get(session.type, session.type)
    times = "–".join(t for t in (session.start, session.end) if t.strip())
    facts = [inline(times) if times else "time not recorded", inline(kind)]
    out = [
        f"# Supervision record — {_day(session.day)}",
        "",
        " · ".join([*facts, f"Attendees: {_or(session.attendees, 'not recorded')}"]),
        "",
        "## What we talked about",
        "",
    ]
    for number, item in enumerate(session.items, 1):
        out += [f"### {number}. {_or(item.title, 'Untitled')}", ""]
        out += ["Summary:", "", block(item.summary) or "Not recorded.", ""]
        out += ["Outcome:", "", block(item.outcome) or "Not recorded.", ""]
    if not session.items:
        out += ["No items recorded.", ""]
    for heading, text in (
        ("Decisions", session.decisions),
        ("Support agreed", session.support),
        ("Learning needs", session.learning),
    ):
        out += [f"## {heading}", "", block(text) or "None recorded.", ""]
    out += ["## Actions", ""]
    out += [_action_line(a) for a in actions] or ["No actions agreed."]
    next_day = _day(session.next_date) if session.next_date else "not set yet"
    out += ["", "## Next session", "", next_day, ""]
    agreed = "yes" if session.agreed else "not yet"
    signed = "yes" if session.supervisor_signed else "not yet"
    if not has_sign_off(session.type):  # co-reflection: each keeps their own
        out += ["## Agreed", "", f"- Agreed by me: {agreed}", ""]
        return finish_with_label(out)
    out += [
        "## Sign-off",
        "",
        f"- Agreed by supervisee: {agreed}",
        f"- Signed off by supervisor: {signed}",
        "",
    ]
    return finish_with_label(out)


# ---- HTML ----------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 16mm 16mm 18mm; }
body { font-family: Charter, "Iowan Old Style", Georgia, Cambria, "Times New Roman",
  serif; font-size: 12pt; line-height: 1.5; color: #222; background: #fff;
  max-width: 40em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0 0 0.4em; }
h2 { font-size: 1.2em; margin: 1.6em 0 0.4em; padding-bottom: 0.15em;
  border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
h4 { font-size: 1em; font-weight: normal; font-style: italic; margin: 0.8em 0 0.2em; }
p, ul { margin: 0.4em 0; }
hr { border: 0; border-top: 1px solid #bbb; margin: 2em 0 0.6em; }
hr + p { color: #555; font-size: 0.9em; }
.charts { margin: 0.4em -0.5em 0.8em; }
.charts-note { margin: 0 0.5em 0.2em; font-size: 0.9em; }
figure.chart { display: inline-block; vertical-align: top; width: 14em;
  margin: 0.4em 0.5em; }
figure.chart .chart-name { font-weight: bold; font-size: 0.9em; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: 0.8em; line-height: 1.3; }
section.item, figure.chart { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt;
    line-height: 1.4; color: #000; }
  h1 { font-size: 1.45em; }
  h2 { margin-top: 1.1em; border-bottom-color: #000; }
  h3 { margin-top: 0.9em; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  .charts { margin: 0.2em -0.4em 0.4em; orphans: 1; widows: 1; }
  figure.chart { margin: 0.2em 0.4em 0.4em; }
}
""".strip()


def renderer() -> MarkdownIt:
    """The one renderer for every page: raw HTML is shown as text, and links,
    images and link definitions are off, so every character a worker typed
    appears as typed."""
    from markdown_it import MarkdownIt  # 0.1 s to import: only when exporting

    md = MarkdownIt("commonmark", {"html": False})
    md.disable(["image", "link", "autolink", "reference"])
    return md


def page(body: str, title: str, style: str = "") -> str:
    """One self-contained, printable page around a rendered body: no
    scripts, nothing fetched, the print layout in its own stylesheet (with
    `style` after it, for what only one kind of page shows)."""
    css = f"{_STYLE}\n{style}" if style else _STYLE
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def markdown_to_html(markdown: str, title: str) -> str:
    """A Markdown document as one self-contained, printable page."""
    return page(renderer().render(markdown), title)


def _items_kept_whole(rendered: str) -> str:
    """Each item (its heading down to the next one) wrapped in a section the
    print stylesheet keeps on one page. Raw HTML is off, so the only `<h3>`
    in the rendered text is a real heading: typed text shows as `&lt;h3&gt;`."""
    first, *items = rendered.split("<h3>")
    return first + "".join(
        f'<section class="item">\n<h3>{item}</section>\n' for item in items
    )


def agenda_html(agenda: AgendaContents) -> str:
    """The agenda as one printable HTML file: the Markdown's words, section
    by section, with a chart of each shared dimension after the wellbeing
    section (the only thing the page shows that the Markdown cannot)."""
    md = renderer()
    body: list[str] = []
    for key, lines in agenda_sections(agenda):
        body.append(_items_kept_whole(md.render("\n".join(lines) + "\n")))
        if key == "wellbeing":
            body.append(chart.figures(agenda.checkins, agenda.dimensions))
    body.append(md.render(finish_with_label([])))
    return page("".join(body), f"Supervision agenda — {_day(agenda.day)}")


def session_html(session: Session, actions: Sequence[Action]) -> str:
    """A session record as one printable HTML file."""
    return markdown_to_html(
        session_markdown(session, actions),
        f"Supervision record — {_day(session.day)}",
    )
