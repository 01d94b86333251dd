"""Entries: saving notes whole, drafts, tags, listing, ids and search."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.access import JournalAccess
from reflect.core.entry_rows import clean_tags
from reflect.core.errors import Ambiguous, NotFound, ReflectError
from reflect.core.export.entries import import_entries
from reflect.core.journal import Journal
from reflect.core.models import TITLE_LIMIT, Answer, Entry, title_from_text
from reflect.core.search import fts_query
from tests.conftest import PASSPHRASE

TRICKY = "Día difícil — naïve café 🌧\n\nSecond paragraph\n  ends with spaces  \n"


def _ids(entries: list) -> list[str]:  # type: ignore[type-arg]
    return [e.id for e in entries]


# ---- saving ------------------------------------------------------------


def test_note_is_saved_whole_and_survives_reopening(
    access: JournalAccess, journal: Journal
) -> None:
    entry = journal.notes.add(
        TRICKY, tags=["#Hard day", "hard-day", "@team"], ask="how?"
    )
    journal.store.close()

    again = access.open(PASSPHRASE).entries.get(entry.id)
    assert again.text == TRICKY
    assert again.title == "Día difícil — naïve café 🌧"
    assert again.tags == ("Hard-day", "team")
    assert again.for_supervision is True, "asking something marks it for supervision"
    assert again.ask == "how?"
    assert again.status == "complete" and again.kind == "note"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_note_is_refused_and_nothing_saved(journal: Journal, text: str) -> None:
    with pytest.raises(ReflectError, match="empty"):
        journal.notes.add(text)
    assert journal.entries.page() == []


def test_title_is_first_nonempty_line_cut_at_80() -> None:
    long_line = "word " * 40
    title = title_from_text(f"\n\n  {long_line}\nsecond line")
    assert len(title) <= TITLE_LIMIT
    assert title.endswith("word…")  # a whole word, where one ends
    assert long_line.startswith(title[:-1])
    unbroken = "x" * (TITLE_LIMIT * 2)
    assert title_from_text(unbroken) == "x" * (TITLE_LIMIT - 1) + "…"
    exactly = "x" * TITLE_LIMIT
    assert title_from_text(exactly + "\nmore") == exactly


@given(st.text())
def test_title_is_always_one_short_line_from_the_text(text: str) -> None:
    title = title_from_text(text)
    assert len(title) <= TITLE_LIMIT
    assert title == title.strip()
    assert not any(sep in title for sep in "\n\r")
    if title:
        assert title.rstrip("…") in text
    else:
        assert not text.strip() or all(not line.strip() for line in text.splitlines())


def test_clean_tags_drops_marks_duplicates_and_spaces() -> None:
    assert clean_tags(["#Self care", "self-care", " @Team ", "", "#", "a, b"]) == (
        "Self-care",
        "Team",
        "a-b",
    )


def test_draft_then_finish_keeps_one_entry(journal: Journal) -> None:
    draft_id = journal.notes.save_draft(None, "half a thought")
    assert journal.notes.save_draft(draft_id, "half a thought, more") == draft_id
    assert [d.id for d in journal.entries.drafts()] == [draft_id]
    assert journal.entries.get(draft_id).status == "draft"

    done = journal.notes.finish(draft_id, "the whole thought", tags=["done"])
    assert done.id == draft_id and done.status == "complete"
    assert done.text == "the whole thought" and done.tags == ("done",)
    assert journal.entries.drafts() == []
    assert len(journal.entries.page()) == 1


def test_delete_moves_to_trash_and_out_of_lists_and_search(journal: Journal) -> None:
    entry = journal.notes.add("zebra crossing", tags=["x"])
    journal.entries.delete(entry.id[:8])
    assert journal.search.find("zebra") == []
    assert journal.entries.page() == []
    assert [e.id for e in journal.entries.trash()] == [entry.id]
    journal.entries.undelete(entry.id)
    assert [e.id for e in journal.entries.page()] == [entry.id]
    assert journal.search.find("zebra")[0].entry.id == entry.id


def test_trash_is_emptied_after_thirty_days(journal: Journal) -> None:
    entry = journal.notes.add("zebra crossing", tags=["x"])
    journal.entries.set_private_note(entry.id, "hidden")
    journal.entries.delete(entry.id)
    assert journal.entries.purge_trash() == 0  # deleted a minute ago: still restorable
    later = journal.now() + timedelta(days=31)
    journal.now = lambda: later
    assert journal.entries.purge_trash() == 1
    with pytest.raises(NotFound):
        journal.entries.get(entry.id)
    assert (
        journal.store.conn.execute("SELECT count(*) FROM private_notes").fetchone()[0]
        == 0
    )
    assert (
        journal.store.conn.execute("SELECT count(*) FROM entry_tags").fetchone()[0] == 0
    )


def test_purged_words_are_not_left_in_the_search_index(journal: Journal) -> None:
    journal.notes.add("other words stay")
    entry = journal.notes.add("a very particular zanzibarish word")
    journal.entries.delete(entry.id)
    later = journal.now() + timedelta(days=31)
    journal.now = lambda: later
    assert journal.entries.purge_trash() == 1
    raw = b"".join(
        bytes(row[0])
        for row in journal.store.conn.execute("SELECT block FROM entries_fts_data")
        if row[0] is not None
    )
    assert b"zanzibarish" not in raw


def test_private_note_set_and_cleared(journal: Journal) -> None:
    entry = journal.notes.add("visible")
    journal.entries.set_private_note(entry.id, "only for me")
    assert journal.entries.get(entry.id).private_note == "only for me"
    journal.entries.set_private_note(entry.id, "  ")
    assert journal.entries.get(entry.id).private_note is None


# ---- listing and ids ---------------------------------------------------


def test_list_is_newest_first_and_paged(journal: Journal) -> None:
    made = [journal.notes.add(f"note {i}") for i in range(25)]
    newest_first = _ids(list(reversed(made)))
    assert _ids(journal.entries.page()) == newest_first[:20]
    assert _ids(journal.entries.page(limit=5, offset=20)) == newest_first[20:25]
    assert journal.entries.page(limit=0) == []


def test_list_filters_by_tag_ignoring_case_and_marks(journal: Journal) -> None:
    tagged = journal.notes.add("a", tags=["Boundaries"])
    journal.notes.add("b", tags=["endings"])
    journal.notes.add("c")
    for query in ("boundaries", "#BOUNDARIES", "Boundaries"):
        assert _ids(journal.entries.page(tag=query)) == [tagged.id]
    assert journal.entries.page(tag="nothing") == []


def test_list_since_includes_the_moment_itself(journal: Journal) -> None:
    first = journal.notes.add("old")
    second = journal.notes.add("new")  # the fixed clock: one minute later
    start = datetime.fromisoformat(second.created_at)
    assert start.tzinfo is not None and start - timedelta(minutes=1) == (
        datetime.fromisoformat(first.created_at)
    )
    assert _ids(journal.entries.page(since=start)) == [second.id]
    assert _ids(journal.entries.page(since=start - timedelta(minutes=1))) == [
        second.id,
        first.id,
    ]
    assert journal.entries.page(since=start + timedelta(seconds=1)) == []


def _with_ids(journal: Journal, *ids: str) -> None:
    stamp = "2026-01-01T00:00:00.000000+00:00"
    import_entries(
        journal,
        [
            Entry(
                id=i,
                created_at=stamp,
                updated_at=stamp,
                kind="note",
                title=f"entry {i[:4]}",
                status="complete",
                template_id=None,
                template_version=None,
                for_supervision=False,
                ask=None,
                shareable=False,
                answers=(Answer("note", 0, "", f"text of {i}"),),
            )
            for i in ids
        ],
    )


def test_unique_prefix_finds_the_entry_ambiguous_and_unknown_refused(
    journal: Journal,
) -> None:
    a = "abcd1111-0000-4000-8000-000000000000"
    b = "abcd2222-0000-4000-8000-000000000000"
    _with_ids(journal, a, b)
    assert journal.entries.get("abcd1").id == a
    assert journal.entries.get("ABCD2").id == b
    assert journal.entries.resolve_id(a) == a
    with pytest.raises(Ambiguous):
        journal.entries.get("abcd")
    with pytest.raises(NotFound):
        journal.entries.get("ffff")
    with pytest.raises(NotFound):
        journal.entries.get("  ")


# ---- search ------------------------------------------------------------


def test_search_matches_words_and_last_word_as_prefix(journal: Journal) -> None:
    bound = journal.notes.add("Talked about boundaries with my manager")
    journal.notes.add("A quiet shift, nothing to report")
    assert _ids([h.entry for h in journal.search.find("bound")]) == [bound.id]
    assert _ids([h.entry for h in journal.search.find("manager bound")]) == [bound.id]
    assert journal.search.find("bound manager") == [], "only the last word is a prefix"
    assert journal.search.find("shift manager") == [], "every word must match"


def test_search_ignores_accents_and_case(journal: Journal) -> None:
    entry = journal.notes.add("Un café difícil")
    assert _ids([h.entry for h in journal.search.find("CAFE dificil")]) == [entry.id]


def test_search_puts_the_best_match_first(journal: Journal) -> None:
    weak = journal.notes.add(
        "A long day.\nWe talked a little about endings at the end."
    )
    strong = journal.notes.add("Endings\nendings, endings: the endings of work")
    journal.notes.add("unrelated")
    hits = journal.search.find("endings")
    assert _ids([h.entry for h in hits]) == [strong.id, weak.id]
    snippet = hits[0].snippet
    assert [snippet[a:b] for a, b in hits[0].matches] == ["Endings"] + ["endings"] * 3


def test_search_finds_text_in_later_lines_and_updated_drafts(journal: Journal) -> None:
    draft = journal.notes.save_draft(None, "first words")
    journal.notes.save_draft(draft, "first words\nthen lighthouse appears")
    assert _ids([h.entry for h in journal.search.find("lighthouse")]) == [draft]
    assert journal.search.find("nonexistentword") == []


@pytest.mark.parametrize(
    "query",
    ["AND", "OR", "NOT", '"', 'a"b', "NEAR(", "NEAR(a b)", "*", "a*", "-x", "^a",
     "title:x", "(", ")", "{a}", "a + b", "'", ";--", "\x00"],
)  # fmt: skip
def test_search_never_reads_fts_syntax(journal: Journal, query: str) -> None:
    journal.notes.add("and or not near title")
    journal.search.find(query)  # must not raise


def test_search_of_an_operator_word_finds_the_word(journal: Journal) -> None:
    entry = journal.notes.add("this AND that")
    journal.notes.add("something else")
    assert _ids([h.entry for h in journal.search.find("AND")]) == [entry.id]


@settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=40))
def test_any_typed_text_is_a_safe_search(journal: Journal, text: str) -> None:
    query = fts_query(text)
    if query is not None:
        words = re.findall(r'"([^"]*)"', query)
        assert words and all(words)
    journal.search.find(text, limit=3)


def test_ids_are_uuids(journal: Journal) -> None:
    entry = journal.notes.add("x")
    assert str(uuid.UUID(entry.id)) == entry.id
