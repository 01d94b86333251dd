"""The printable agenda: a chart per shared dimension, safe markup, a print layout.

The page is read the way a browser builds it (the standard library's HTML
parser), not searched as a string: one `svg` for each dimension that may
leave and has a value, none for own recovery unless the agreement allows
it, nothing that runs or fetches, and the print stylesheet in place. The
journal is built here, check-ins on several days, so the pictures have a
known shape.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest

from reflect.core import agenda, supervision
from reflect.core.agenda import AgendaContents
from reflect.core.checkins import CheckIn, Dimension
from reflect.core.export import chart
from reflect.core.export.agenda import agenda_html, agenda_markdown, agenda_sections
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import Library, load_library, shipped_dir

pytestmark = pytest.mark.usefixtures("utc_local")

HOSTILE = '<script>alert("x")</script> "quoted" & <b>'
CHECKINS = {
    date(2026, 3, 2): {"energy": 4, "carrying": 3, "recovery": 3, "connection": 4},
    date(2026, 3, 4): {"energy": 4, "carrying": 3, "recovery": 2, "connection": 4},
    date(2026, 3, 5): {"energy": 3, "recovery": 2},  # carrying skipped: a gap
    date(2026, 3, 9): {"energy": 3, "carrying": 2, "connection": 3, "role": 4},
    date(2026, 3, 10): {"energy": 2, "carrying": 2, "connection": 3, "role": 4},
    date(2026, 3, 12): {"energy": 3, "carrying": 3, "satisfaction": 4, "role": 3},
    date(2026, 3, 13): {"energy": 2, "carrying": 2, "connection": 2, "role": 3},
    date(2026, 3, 16): {"energy": 2, "carrying": 2, "connection": 3, "role": 3},
}
"""Eight check-ins over two weeks: five shared dimensions with values, own
recovery answered early on, workload and safety never answered."""
SHARED = {"Energy", "Work stays at work", "Connection", "Role", "Satisfaction"}


class Page(HTMLParser):
    """What a browser builds from the page: elements, attributes and text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[tuple[str, str]] = []  # (innermost open tag, data)
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append((self._open[-1] if self._open else "", data))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def texts(self, tag: str) -> list[str]:
        return [data for inside, data in self.text if inside == tag]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([shipped_dir()])


@pytest.fixture
def check_in(library: Library) -> Template:
    return library.get("wellbeing")


def checked_in(journal: Journal, check_in: Template, *, share: bool) -> None:
    """The eight check-ins and an agreement saying whether own recovery may leave."""
    journal.supervision.save_agreement(
        supervision.Agreement(supervisor="Sam", share_recovery=share)
    )
    for day, scores in CHECKINS.items():
        evening = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
        Journal(journal.store, lambda at=evening: at).checkins.save(check_in, scores)


def typical(journal: Journal, check_in: Template) -> AgendaContents:
    """A typical agenda: five items, six actions, eight check-ins, five dimensions."""
    checked_in(journal, check_in, share=False)
    for n, text in enumerate(
        (
            "Read the lone-working policy again",
            "Ask the team lead about a debrief after groups",
            "Book the trauma-informed endings course",
            "Write up the peer group's ground rules",
            "Phone the housing team about shared visits",
            "Book a walk with a friend this weekend",
        )
    ):
        journal.supervision.add_action(text, due=date(2026, 3, 10 + n))
    for title, ask in (
        (
            "The Tuesday group ran over again\nI kept watching the clock and "
            "lost the thread of what people were saying near the end.",
            "Ideas for ending a group on time, kindly",
        ),
        (
            "Saying no to a meeting outside the service\nA person I support "
            "asked to meet for coffee. I said no and it felt cold.",
            "How do I hold a boundary without going cold?",
        ),
        (
            "Sharing my own story in the group\nI shared more than I meant to "
            "when someone talked about their first month in recovery.",
            "When is my story useful to the group, and when is it for me?",
        ),
    ):
        journal.notes.add(title, for_supervision=True, ask=ask)
    prep = journal.agenda.default_preparation(check_in)
    chosen = [i for i in prep.items if i.kind in ("wellbeing", "entry")]
    chosen.append(
        agenda.AgendaItem(
            kind="free",
            title="Planning my training for next year",
            ask="Which course first, and can the service fund it?",
            minutes=10,
            function="formative",
        )
    )
    journal.agenda.save_preparation(replace(prep, items=tuple(chosen)))
    return journal.agenda.gather(check_in)


# ---- one chart per shared dimension ---------------------------------------


def labels(page: Page) -> set[str]:
    """The dimension each chart names (from its accessible label)."""
    return {(attrs["aria-label"] or "").split(",")[0] for attrs in page.named("svg")}


def test_one_chart_per_shared_dimension_with_values(
    journal: Journal, check_in: Template
) -> None:
    built = typical(journal, check_in)
    assert len(built.actions) == 6
    page = Page(agenda_html(built))
    assert len(page.named("svg")) == len(SHARED)
    assert labels(page) == SHARED  # no workload, no safety: never answered
    for attrs in page.named("svg"):
        assert attrs["role"] == "img" and attrs["aria-label"]
    assert len(page.texts("title")) == 1 + len(SHARED)  # the page's, each chart's
    captions = page.texts("figcaption")
    assert (
        "Energy: 4 on 2 Mar, 4 on 4 Mar, 3 on 5 Mar, 3 on 9 Mar, 2 on 10 Mar, "
        "3 on 12 Mar, 2 on 13 Mar and 2 on 16 Mar."
    ) in captions
    assert "Satisfaction: 4 on 12 Mar." in captions
    # Every chart spans the same days, labelled at both ends.
    assert page.texts("text").count("2 Mar") == len(SHARED)
    assert page.texts("text").count("16 Mar") == len(SHARED)
    assert {"1", "5"} <= set(page.texts("text"))
    whole = agenda_html(built)
    assert "recovery" not in whole.lower() and "Own wellbeing" not in whole


def test_own_recovery_is_drawn_only_when_the_agreement_allows(
    journal: Journal, check_in: Template
) -> None:
    checked_in(journal, check_in, share=False)
    kept = Page(agenda_html(journal.agenda.gather(check_in)))
    assert "Own wellbeing" not in labels(kept)
    agreement = journal.supervision.agreement()
    assert agreement is not None
    journal.supervision.save_agreement(replace(agreement, share_recovery=True))
    shared = Page(agenda_html(journal.agenda.gather(check_in)))
    assert labels(shared) == labels(kept) | {"Own wellbeing"}
    assert "Own wellbeing: 3 on 2 Mar, 2 on 4 Mar and 2 on 5 Mar." in (
        shared.texts("figcaption")
    )


def test_the_charts_follow_the_wellbeing_section_and_not_the_markdown(
    journal: Journal, check_in: Template
) -> None:
    built = typical(journal, check_in)
    page = agenda_html(built)
    # Whatever the sections say, the charts sit between the wellbeing
    # section's heading and the next section's.
    keys = [key for key, _ in agenda_sections(built)]
    at = keys.index("wellbeing")
    wellbeing, after = (
        page.index(heading(agenda_sections(built)[n][1])) for n in (at, at + 1)
    )
    assert wellbeing < page.index('<div class="charts">') < after
    assert page.count('<div class="charts">') == 1
    assert "svg" not in agenda_markdown(built)
    # Each item is kept whole: every item heading opens its own section.
    parsed = Page(page)
    assert len(parsed.named("section")) == len(parsed.named("h3")) >= 5


def heading(lines: list[str]) -> str:
    """A section's first heading as the page shows it (`<h2>Words</h2>`)."""
    first = next(line for line in lines if line.startswith("#"))
    marks, words = first.split(" ", 1)
    return f"<h{len(marks)}>{html.escape(words, quote=False)}</h{len(marks)}>"


# ---- nothing runs, nothing is fetched, and it prints ----------------------


def test_the_page_runs_nothing_fetches_nothing_and_has_a_print_layout(
    journal: Journal, check_in: Template
) -> None:
    page = Page(agenda_html(typical(journal, check_in)))
    assert page.named("script") == []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "xlink:href", "srcset", "action"):
                assert (value or "").startswith("mailto:"), (tag, name, value)
        assert tag not in ("link", "img", "iframe", "object", "embed", "use", "image")
    style = " ".join(page.texts("style"))
    assert "@media print" in style and "@page" in style and "A4" in style
    assert "break-inside: avoid" in style
    assert "url(" not in style and "@import" not in style


def test_typed_and_pack_words_come_out_as_text(
    journal: Journal, check_in: Template
) -> None:
    checked_in(journal, check_in, share=False)
    journal.notes.add(HOSTILE, for_supervision=True, ask=HOSTILE)
    built = journal.agenda.gather(check_in)
    odd = Dimension("energy", HOSTILE, "?", ("1", "2", "3", "4", "5"))
    text = agenda_html(replace(built, dimensions=(odd,)))
    page = Page(text)
    assert page.named("script") == [] and page.named("b") == []
    assert len(page.named("svg")) == 1
    label = f"{HOSTILE}, from 1 to 5 over the check-ins"
    assert page.named("svg")[0]["aria-label"] == label
    assert f"{HOSTILE}: 4 on 2 Mar" in page.texts("figcaption")[0]
    assert page.texts("title")[1].startswith(HOSTILE)
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "&quot;quoted&quot;" in text  # inside an attribute, a quote stays text


# ---- the chart on its own ------------------------------------------------


def day(n: int, scores: dict[str, int]) -> CheckIn:
    when = date(2026, 3, n)
    return CheckIn(str(n), when, "", "", scores)


ENERGY = Dimension("energy", "Energy", "?", ("a", "b", "c", "d", "e"))


def test_one_value_is_one_marker_and_none_is_no_chart() -> None:
    alone = [day(4, {"energy": 3})]
    page = Page(chart.figure(alone, ENERGY))
    assert len(page.named("circle")) == 1 and page.named("polyline") == []
    assert page.texts("figcaption") == ["Energy: 3 on 4 Mar."]
    assert page.texts("text").count("4 Mar") == 1
    assert chart.figure([day(4, {"carrying": 3})], ENERGY) == ""
    assert chart.figures([], [ENERGY]) == ""


def test_a_skipped_check_in_breaks_the_line() -> None:
    days = [
        day(2, {"energy": 4}),
        day(3, {"carrying": 2}),
        day(4, {"energy": 2}),
        day(6, {"energy": 3}),
    ]
    page = Page(chart.svg(days, ENERGY))
    assert len(page.named("circle")) == 3
    lines = page.named("polyline")
    assert len(lines) == 1  # 2 and 3 joined; 4 stands alone before the gap
    assert len((lines[0]["points"] or "").split()) == 2
    ys = [float(c["cy"] or 0) for c in page.named("circle")]
    assert ys[0] < ys[2] < ys[1]  # 4 higher than 3, higher than 2
    xs = [float(c["cx"] or 0) for c in page.named("circle")]
    assert xs[1] - xs[0] == xs[2] - xs[1]  # by date: 2, 4 and 6 March


def test_a_period_across_new_year_names_the_years() -> None:
    days = [
        CheckIn("a", date(2026, 12, 30), "", "", {"energy": 3}),
        CheckIn("b", date(2027, 1, 3), "", "", {"energy": 4}),
    ]
    page = Page(chart.figure(days, ENERGY))
    assert page.texts("text")[-2:] == ["30 Dec 2026", "3 Jan 2027"]
    assert page.texts("figcaption") == ["Energy: 3 on 30 Dec 2026 and 4 on 3 Jan 2027."]
