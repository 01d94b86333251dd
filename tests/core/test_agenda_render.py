"""The agenda and session record as Markdown and HTML: golden files and escaping.

The golden files in tests/core/golden/ are what a supervisor reads: review
them by eye when they change. To regenerate them after an intended change:

    REFLECT_UPDATE_GOLDEN=1 python -m pytest tests/core/test_agenda_render.py

then read the diff before committing it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reflect.core import agenda, supervision
from reflect.core.agenda import AgendaContents
from reflect.core.export.agenda import (
    LABEL,
    agenda_html,
    agenda_markdown,
    inline,
    session_html,
    session_markdown,
)
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish
from reflect.core.templates import Library, load_library, shipped_dir
from reflect.core.text import visible

pytestmark = pytest.mark.usefixtures("utc_local")


GOLDEN = Path(__file__).parent / "golden"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img onerror=alert(1) src=x>"
H2 = [
    "What I'm bringing",
    "Time and balance",
    "Wellbeing since last time",
    "Actions from earlier sessions",
]


class HandClock:
    """A clock the test sets; each reading is a minute later than the last."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def at(self, day: date, hour: int = 9) -> HandClock:
        self.moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        return self

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([shipped_dir()])


@pytest.fixture
def check_in(library: Library) -> Template:
    return library.get("wellbeing")


@pytest.fixture
def hand(journal: Journal) -> HandClock:
    clock = HandClock()
    journal.now = clock
    return clock


def reflect_on(
    journal: Journal, template: Template, answers: dict[str, str], finish: Finish
) -> str:
    entry_id = journal.reflections.start(template)
    for position, step in enumerate(template.steps):
        if step.id in answers:
            journal.reflections.save_answer(entry_id, step, position, answers[step.id])
    journal.reflections.finish(entry_id, finish)
    return entry_id


def checkin(
    journal: Journal,
    check_in: Template,
    day: date,
    scores: dict[str, int],
    hour: int = 18,
    **kw: str,
) -> None:
    evening = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    Journal(journal.store, lambda: evening).checkins.save(
        check_in,
        scores,
        note=kw.get("note", ""),
        bring=bool(kw.get("bring")),
    )


def seed(journal: Journal, hand: HandClock, library: Library) -> AgendaContents:
    """A month of one worker's supervision, the same every run."""
    check_in = library.get("wellbeing")
    journal.supervision.save_agreement(
        supervision.Agreement(supervisor="Sam", type="peer", every_days=28)
    )
    hand.at(date(2026, 3, 2), 10)
    session = journal.supervision.record_session(
        supervision.Session(id="", day=date(2026, 3, 2), start="10:00", end="11:00"),
        [
            ("Read the lone-working policy again", "me", date(2026, 3, 10)),
            ("Ask the team lead about a debrief after groups", "Sam", None),
        ],
    )
    debrief = journal.supervision.action(session.actions[1])
    journal.supervision.set_action_done(debrief.id, True)
    # The session day's morning, before the record was saved: talked about.
    checkin(journal, check_in, date(2026, 3, 2), {"energy": 5}, hour=8)
    hand.at(date(2026, 3, 4))
    boundary = reflect_on(
        journal,
        library.get("gibbs"),
        {
            "description": "A person I support asked to meet outside the service.\n"
            "I said no, kindly.",
            "feelings": "Torn:\n- I wanted to help\n- I felt like a gatekeeper\n\n"
            "1. first thought: *am I being cold?*",
            "action_plan": "Talk it through in supervision (by 2026-03-20)",
        },
        Finish(
            title="Saying no to a meeting outside the service",
            functions=("formative", "restorative"),
            for_supervision=True,
            ask="How do I hold a boundary without going cold?",
            private_note="This one is mine: it reminded me of my own past.",
        ),
    )
    hand.at(date(2026, 3, 6))
    group = journal.notes.add(
        "#3 in a row: the Tuesday group ran over\nI kept watching the clock.",
        for_supervision=True,
        ask="Ideas for ending a group on time, kindly",
    )
    checkin(journal, check_in, date(2026, 3, 4), {"energy": 4, "carrying": 3})
    checkin(
        journal,
        check_in,
        date(2026, 3, 7),
        {"energy": 3, "carrying": 2},
        note="Slept badly after the Tuesday group.",
        bring="yes",
    )
    checkin(journal, check_in, date(2026, 3, 10), {"energy": 2, "carrying": 2})
    hand.at(date(2026, 3, 11))
    reflect_on(
        journal,
        library.get("prepare"),
        {"want": "To leave with a way to end groups on time", "short": "Item 3"},
        Finish(title="Getting ready"),
    )
    prep = journal.agenda.default_preparation(check_in)
    by_ref = {item.ref: item for item in journal.agenda.candidates(check_in)}
    by_kind = {item.kind: item for item in prep.items}
    talk = next(a for a in journal.supervision.actions() if a.text.startswith("Talk"))
    items = (
        replace(by_kind["wellbeing"], ask="To be listened to for a minute"),
        by_kind["checkin"],
        replace(by_ref[boundary], minutes=20, include_text=True),
        replace(by_ref[group.id], function="normative"),
        replace(by_ref[talk.id], function="formative"),
        agenda.AgendaItem(
            kind="free",
            title="Planning my training for next year",
            ask="Which course first?",
            minutes=15,
            function="formative",
        ),
    )
    journal.agenda.save_preparation(
        replace(
            prep,
            items=items,
            extra={"short": "The boundary question", "team": "The new rota"},
        )
    )
    hand.at(date(2026, 3, 12), 8)
    return journal.agenda.gather(check_in)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REFLECT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with REFLECT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def headings(markdown: str) -> list[tuple[str, str]]:
    """(tag, text) of every heading, as a CommonMark parser sees them."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        (tok.tag, shown(tokens[i + 1].children or []))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def shown(children: list[Token]) -> str:
    """The text a reader sees in an inline run (escapes resolved)."""
    return "".join(c.content for c in children if c.type in ("text", "text_special"))


# ---- golden files --------------------------------------------------------


def test_agenda_markdown_matches_golden(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    golden("agenda.md", agenda_markdown(seed(journal, hand, library)))


def test_agenda_html_matches_golden(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    golden("agenda.html", agenda_html(seed(journal, hand, library)))


def test_agenda_gathers_what_the_worker_chose(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    built = seed(journal, hand, library)
    assert built.day == date(2026, 3, 12)
    assert (built.supervisor, built.type) == ("Sam", "peer")
    assert built.last_session == date(2026, 3, 2)
    # Check-ins saved after the record; the session morning's is left out.
    assert built.wellbeing[0] == "Energy went from 4 to 2 (running low)"
    assert built.notes == ()  # the one marked to bring is item 2
    assert [a.text for a in built.actions] == [
        "Read the lone-working policy again",
        "Talk it through in supervision",
        "Ask the team lead about a debrief after groups",  # done since
    ]
    assert [a.status for a in built.actions] == ["open", "open", "done"]
    assert [b.item.kind for b in built.items] == [
        "wellbeing", "checkin", "entry", "entry", "action", "free",
    ]  # fmt: skip
    assert built.items[2].answers and not built.items[3].answers
    assert (built.total_minutes, built.available_minutes) == (65, 60)
    assert built.coverage == "65 of 60 minutes: 5 over, so something may need to wait."
    # Typed on the prepare screen wins; the pack's answer fills the rest.
    assert built.top == (
        ("want", "To leave with a way to end groups on time"),
        ("short", "The boundary question"),
    )
    assert built.other == (("team", "The new rota"),)


def test_the_private_note_never_reaches_the_agenda(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    built = seed(journal, hand, library)
    for text in (agenda_markdown(built), agenda_html(built)):
        assert "reminded me of my own past" not in text
        assert "I said no, kindly." in text  # the shared answer is there


# ---- structure and safety ------------------------------------------------


def test_markdown_parses_with_headings_where_expected(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    built = seed(journal, hand, library)
    found = headings(agenda_markdown(built))
    assert found[0] == ("h1", "Supervision agenda — 12 March 2026")
    assert [text for tag, text in found if tag == "h2"] == [
        *H2,
        "Team and organisation",
        "Agreed today",
    ]
    items = [text for tag, text in found if tag == "h3"]
    assert items[3] == "4. #3 in a row: the Tuesday group ran over"
    assert [t.split(". ")[0] for t in items] == ["1", "2", "3", "4", "5", "6"]
    assert ("h4", "What happened?") in found


def test_the_html_is_one_calm_self_contained_page(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    page = agenda_html(seed(journal, hand, library))
    assert page.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Supervision agenda — 12 March 2026</title>" in page
    assert "@media print" in page and "@page" in page
    for banned in ("<script", "<img", "http", "<link", "src=", "<a "):
        assert banned not in page.lower()


def hostile(journal: Journal, hand: HandClock, library: Library) -> AgendaContents:
    """A journal where every field a worker types tries to be HTML or Markdown."""
    check_in = library.get("wellbeing")
    journal.supervision.save_agreement(supervision.Agreement(supervisor=IMG))
    journal.supervision.add_action(f"{SCRIPT} call back")
    checkin(journal, check_in, date(2026, 3, 3), {"energy": 3}, note=IMG, bring="y")
    entry_id = reflect_on(
        journal,
        library.get("gibbs"),
        {"description": f"{SCRIPT}\n{IMG}\n# not a heading\n> not a quote"},
        Finish(title=SCRIPT, for_supervision=True, ask=IMG),
    )
    journal.notes.add(f"{IMG} [a link](https://example.org)", for_supervision=True)
    prep = journal.agenda.default_preparation(check_in)
    items = tuple(
        replace(i, include_text=True) if i.ref == entry_id else i for i in prep.items
    )
    # The top lines and a section of the worker's own: typed, so escaped too.
    extra = {"want": SCRIPT, "short": f"# {IMG}", "team": f"{SCRIPT}\n> {IMG}"}
    journal.agenda.save_preparation(replace(prep, items=items, extra=extra))
    return journal.agenda.gather(check_in)


def test_typed_html_comes_out_escaped_in_html_and_markdown(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    built = hostile(journal, hand, library)
    page = agenda_html(built)
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert page.count("&lt;img onerror=alert(1) src=x&gt;") >= 4
    assert "<a " not in page and "[a link](https://example.org)" in page
    markdown = agenda_markdown(built)
    # Even a renderer that allows raw HTML shows the Markdown's tags as text.
    permissive = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "<script" not in permissive and "<img" not in permissive
    assert "<a " not in permissive and "<blockquote>" not in permissive
    assert "\\<script>alert(1)\\</script>" in markdown
    assert "**What I most want from today:** \\<script>" in markdown
    assert permissive.count("<h1>") == 1  # "# …" typed at the top stays a line


def test_the_agenda_ends_with_the_label(
    journal: Journal, hand: HandClock, library: Library
) -> None:
    markdown = agenda_markdown(hostile(journal, hand, library))
    assert markdown.endswith(f"\n*{LABEL}*\n")
    assert LABEL == (
        "Written to leave out names and identifying details. Not a case note or "
        "an incident record. A court can order notes like these to be handed over."
    )
    assert f"<em>{LABEL}</em></p>\n</main>" in agenda_html(
        hostile(journal, hand, library)
    )


def test_without_a_saved_preparation_nothing_is_chosen_for_the_worker(
    journal: Journal, hand: HandClock, library: Library, check_in: Template
) -> None:
    journal.notes.add("A note to bring", for_supervision=True, ask="what to do")
    journal.supervision.add_action("Book the course", due=date(2026, 4, 1))
    checkin(journal, check_in, date(2026, 3, 1), {"energy": 2}, note="tired", bring="y")
    assert journal.agenda.saved_preparation() is None
    built = journal.agenda.gather(check_in)
    # Where the prepare screen starts: how I have been. The rest is said
    # once each, where it waits: no item, order or minutes made up.
    assert [b.item.kind for b in built.items] == ["wellbeing"]
    assert [i.title for i in built.waiting] == ["A note to bring"]
    assert [a.text for a in built.actions] == ["Book the course"]  # the checklist
    assert built.notes == ((date(2026, 3, 1), "tired"),)
    markdown = agenda_markdown(built)
    found = [t for tag, t in headings(markdown) if tag == "h3"]
    assert found == ["1. How I have been since last time"]
    assert "- A note to bring: what to do" in markdown
    assert "5 of 60 minutes, 55 to spare." in markdown


def test_an_empty_journal_still_makes_a_whole_agenda(
    journal: Journal, hand: HandClock
) -> None:
    built = journal.agenda.gather(None)
    markdown = agenda_markdown(built)
    assert "Supervisor: not set yet · Type: not set yet" in markdown
    assert "Nothing chosen yet." in markdown and "No open actions." in markdown
    assert [t for tag, t in headings(markdown) if tag == "h2"] == [*H2, "Agreed today"]
    assert markdown.endswith(f"*{LABEL}*\n")


@settings(max_examples=300, deadline=None)
@example("# Not a heading #")
@example("1. not a list")
@example("--- ===")
@example("&amp; &#x41; &copy; AT&T")
@example("*em* _em_ `code` **strong** \\* a\\")
@example("[a link](https://example.org) ![img](x) <https://x.org>")
@example(f"{SCRIPT} {IMG}")
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
@example("\u202a")  # a bidi control: shown as its mark, <U+202A>
def test_any_title_stays_one_heading_of_its_own_text(text: str) -> None:
    markdown = f"# Agenda\n\n### 1. {inline(text)}\n\n## Next\n"
    # The words as `inline` promises them: hidden code points as marks.
    assert headings(markdown) == [
        ("h1", "Agenda"),
        ("h3", f"1. {' '.join(visible(text).split())}".strip()),
        ("h2", "Next"),
    ]


# ---- the session record --------------------------------------------------


def test_session_record_has_every_part_and_the_label(
    journal: Journal, hand: HandClock
) -> None:
    session = journal.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 2),
            start="10:00",
            end="11:10",
            type="line",
            attendees="supervisee, supervisor",
            items=(
                supervision.SessionItem(
                    title=SCRIPT, summary="We talked\n- about endings", outcome=IMG
                ),
            ),
            decisions="Keep the group to 90 minutes.",
            support="A check-in call next week.",
            learning="Trauma-informed endings course.",
            next_date=date(2026, 3, 30),
            agreed=True,
        ),
        [("Draft an ending plan", "me", date(2026, 3, 20))],
    )
    actions = [journal.supervision.action(a) for a in session.actions]
    markdown = session_markdown(session, actions)
    assert [t for tag, t in headings(markdown) if tag == "h2"] == [
        "What we talked about", "Decisions", "Support agreed", "Learning needs",
        "Actions", "Next session", "Sign-off",
    ]  # fmt: skip
    assert "10:00–11:10 · line supervision · Attendees: supervisee, supervisor" in (
        markdown
    )
    assert "- Open: Draft an ending plan (me, by 20 March 2026)" in markdown
    assert "30 March 2026" in markdown
    assert "- Agreed by supervisee: yes" in markdown
    assert "- Signed off by supervisor: not yet" in markdown
    assert markdown.endswith(f"\n*{LABEL}*\n")
    page = session_html(session, actions)
    assert "<script" not in page and "<img" not in page and "http" not in page
    assert "<title>Supervision record — 2 March 2026</title>" in page
