"""Core's one sanitiser: people's text shown visibly, stored as typed."""

from __future__ import annotations

import json

from reflect.core.journal import Journal
from reflect.core.text import HIDDEN, json_escaped, visible
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


def test_json_escapes_every_hidden_code_point_and_nothing_else() -> None:
    # Plain ASCII and printable text take a quicker path than the pattern;
    # every code point must still come out as the pattern alone writes it.
    # (DEL in otherwise plain ASCII text is the case the quick path nearly
    # misses: `json.dumps` leaves it raw.)
    samples = [chr(cp) for cp in range(0x3000)] + [
        "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800",
        "\udfff", "\ue000", "\ufeff", "\U0001f329", "\U0010ffff",
    ]  # fmt: skip
    for sample in samples:
        dumped = json.dumps(f"plain {sample} text", ensure_ascii=False)
        slow = HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
        assert json_escaped(dumped) == slow, f"U+{ord(sample):04X}"
    assert json_escaped(json.dumps("del\x7f", ensure_ascii=False)) == '"del\\u007f"'
    assert json_escaped('"caf\u00e9 \u0085"') == '"caf\u00e9 \\u0085"'


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
