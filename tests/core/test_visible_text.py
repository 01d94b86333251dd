"""Core's one sanitiser: people's text shown visibly, stored as typed."""

from __future__ import annotations

import json

from reflect.core.journal import Journal
from reflect.core.text import json_escaped, visible
from tests.hostile import BIG_LINE, CORPUS, TITLE, everything, hidden_in


def test_every_hostile_sample_is_shown_without_a_live_code_point() -> None:
    for name, text in CORPUS.items():
        assert hidden_in(visible(text)) == [], name
    assert hidden_in(visible(BIG_LINE)) == []


def test_marks_are_visible_and_the_rest_is_untouched() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("x\u202ey") == "x<U+202E>y"
    assert visible("nul\x00 c1\x9b del\x7f") == "nul␀ c1<U+009B> del␡"
    # Layout a reader expects stays: line breaks, tabs, Windows line ends.
    assert visible("one\ttwo\nthree\r\nfour") == "one\ttwo\nthree\nfour"
    assert visible("over\rwrite") == "over␍write"
    # Markup and HTML are not terminal instructions: they stay as typed.
    assert visible("<sigh> [bold]x[/]") == "<sigh> [bold]x[/]"
    # Lone surrogates cannot be encoded; they are named instead.
    assert visible("\ud800") == "<U+D800>"
    visible("\ud800").encode("utf-8")


def test_json_escapes_round_trip_exactly() -> None:
    data = {"text": everything(), "title": TITLE}
    dumped = json_escaped(json.dumps(data, ensure_ascii=False))
    assert hidden_in(dumped) == []
    assert json.loads(dumped) == data


def test_stored_text_stays_exactly_as_typed(journal: Journal) -> None:
    typed = TITLE + "\n" + everything()
    entry = journal.notes.add(typed)
    assert journal.entries.get(entry.id).text == typed


def test_search_marks_cannot_be_forged_by_the_text(journal: Journal) -> None:
    # Noncharacters a worker pasted must not open or close a highlight.
    journal.notes.add("before \ufdd0 boundaries \ufdd1 after")
    [hit] = journal.search.find("boundaries")
    start, end = hit.matches[0]
    assert hit.snippet[start:end] == "boundaries"
    assert "\ufdd0" in hit.snippet and "\ufdd1" in hit.snippet
