"""The year in review: the numbers, the chosen entries, and what stays here.

Built on a real encrypted journal with a fixture year (tests/years.py): the
counts are exact, own recovery stays out unless the worker includes it, and
the HTML is one self-contained page with one chart and nothing that runs or
fetches.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reflect.core.errors import NotFound, ReflectError
from reflect.core.export.agenda import LABEL
from reflect.core.export.review import review_html, review_markdown
from reflect.core.journal import Journal
from reflect.core.yearly import year_findings
from tests.conftest import FixedClock
from tests.years import LENS, build_year


def test_the_year_s_numbers_and_chosen_entries_are_exact(
    journal: Journal, clock: FixedClock
) -> None:
    year = build_year(journal, clock)
    made = journal.yearly.gather(2025, framework=LENS, include=[year.handover[:8]])
    # Complete entries by month: the draft, the trash and 2024 are not counted;
    # the own-recovery reflection counts (a number, not what it was about).
    assert [(m.reflections, m.notes) for m in made.months][:9] == [
        (1, 0), (0, 0), (1, 1), (0, 0), (0, 0), (1, 0), (0, 0), (0, 0), (1, 0)
    ]  # fmt: skip
    assert (made.reflections, made.notes) == (4, 1)
    [sam] = made.held
    assert (sam.held, sam.expected, sam.every_days) == (3, 13, 28)
    assert (made.actions_agreed, made.actions_done) == (2, 1)
    # One theme whatever the case it was typed in.
    assert [(t.name.lower(), t.count) for t in made.tags] == [
        ("boundaries", 3), ("team", 2)
    ]  # fmt: skip
    assert "worry" not in {t.name for t in made.tags}  # own recovery's tags
    assert [p.name for p in made.packs] == ["gibbs", "role-and-team", "self-care"]
    assert [c.title for c in made.chosen] == ["A hard handover", "Taking my break"]
    assert made.withheld == (year.recovery,)
    assert [(r.area, r.count) for r in made.coverage] == [
        ("Mutuality", 1), ("Difference", 0), ("Self-care", 2)
    ]  # fmt: skip

    text = review_markdown(made)
    assert "- Sam: 3 sessions recorded, about 13 expected (every 28 days)" in text
    assert "Actions agreed at these sessions: 2, of which done: 1" in text
    assert "| March | 1 | 1 |" in text
    assert "- Mutuality: Named the power gap" in text
    assert "We \\<b>talked\\</b> it through" in text  # included, kept as text
    assert "I took the full hour" not in text  # linked, not included: no words
    assert "| Looking after myself | Self-care | 2 | 9 September 2025 |" in text
    assert "| Working alongside people | Mutuality | 1 | 10 January 2025 |" in text
    assert "|  | Difference | 0 | not yet |" in text  # the domain said once
    for private in ("My meeting", "own meeting", "Saw someone", "Only mine"):
        assert private not in text
    assert text.endswith(f"*{LABEL}*\n")


def test_own_recovery_goes_in_only_when_included(
    journal: Journal, clock: FixedClock
) -> None:
    year = build_year(journal, clock)
    made = journal.yearly.gather(2025, framework=LENS, include=[year.recovery])
    assert made.withheld == ()
    text = review_markdown(made)
    assert "### My meeting" in text and "Saw someone there" in text
    assert "- Self-care: Went to my own meeting" in text
    assert "Only mine" not in text  # the private note never leaves
    assert "| Looking after myself | Self-care | 3 |" in text


def test_includes_that_cannot_be_honoured_are_refused(
    journal: Journal, clock: FixedClock
) -> None:
    year = build_year(journal, clock)
    with pytest.raises(NotFound, match="not written in 2024"):
        journal.yearly.gather(2024, framework=LENS, include=[year.team])
    with pytest.raises(NotFound):
        journal.yearly.gather(2025, include=["ffffffff"])
    journal.entries.delete(year.team)
    with pytest.raises(ReflectError, match="Recently deleted"):
        journal.yearly.gather(2025, include=[year.team])
    # With no framework at all the review still has its numbers.
    text = review_markdown(journal.yearly.gather(2025))
    assert "No competence framework found" in text
    assert "No entries linked to a framework area this year yet." in text


class _Page(HTMLParser):
    """Every tag and attribute of a page, to check what it could run or fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [f"{k}={v}" for k, v in attrs if k in ("src", "href")]
        assert not any(k.startswith("on") for k, _ in attrs), (tag, attrs)


def test_the_html_is_one_page_with_one_chart_and_nothing_that_runs(
    journal: Journal, clock: FixedClock
) -> None:
    year = build_year(journal, clock)
    journal.entries.set_tags(year.team, ["<script>alert(1)</script>", "team"])
    made = journal.yearly.gather(2025, framework=LENS, include=[year.handover])
    page = review_html(made)
    parsed = _Page()
    parsed.feed(page)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags
    assert [x for x in parsed.links if not x.startswith("href=mailto:")] == []
    assert parsed.tags.count("svg") == 1 and parsed.tags.count("table") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "We &lt;b&gt;talked&lt;/b&gt; it through" in page
    assert "Reflections by month: January 1, February 0, March 1," in page
    assert "@page { size: A4" in page and LABEL in page


def test_the_scan_reads_the_worker_s_words_only(
    journal: Journal, clock: FixedClock
) -> None:
    year = build_year(journal, clock)
    journal.portfolio.link(year.breaks, LENS, "self-care", "Dylan said to rest")
    made = journal.yearly.gather(2025, framework=LENS)
    lines = [f.line() for f in year_findings(made, ["Dylan", "Sam"])]
    assert lines == [
        "What 'Taking my break' shows of Self-care: 'Dylan' looks like a name "
        "on your watch list"
    ]
