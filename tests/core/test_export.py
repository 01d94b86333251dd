"""Export and import: lossless, idempotent, all-or-nothing."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.access import JournalAccess
from reflect.core.errors import BadImport
from reflect.core.export.entries import (
    entry_markdown,
    import_entries,
    read_json,
    write_json,
    write_markdown,
)
from reflect.core.journal import Journal
from reflect.core.models import Answer, Entry
from reflect.core.paths import JournalPaths
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

_AT = "2026-02-01T19:00:00.000000+00:00"
REFLECTION = Entry(
    id="0f0f0f0f-1111-4222-8333-444444444444",
    created_at="2026-02-01T18:30:00.000000+00:00",
    updated_at="2026-02-02T08:00:00.000000+00:00",
    kind="reflection",
    title="Gibbs: the hard visit",
    status="draft",
    template_id="gibbs",
    template_version="1",
    for_supervision=True,
    ask="Was I too close to it?",
    shareable=True,
    tags=("gibbs", "Boundaries"),
    answers=(
        Answer("describe", 0, "What happened?", "Ŝtorm in the ward 🌩", "text", _AT),
        Answer("feelings", 1, "How did you feel?", "", "text", _AT),
        Answer("scale", 2, "How hard, 1–5?", "4", "scale", _AT),
    ),
    private_note="Only for me: it reminded me of 2019.",
    current_step="scale",
)


def fill(journal: Journal) -> None:
    """Every kind of data a worker can have, with awkward text."""
    journal.notes.add("Plain first note")
    journal.notes.add(
        "Ünïcödé title ✓\nwith \"quotes\", 'apostrophes', \\ backslash\n\ttab\n",
        tags=["#Self care", "team"],
    )
    asked = journal.notes.add("For supervision", ask="What do I say next time?")
    journal.entries.set_private_note(asked.id, "private — never shared")
    flagged = journal.notes.add("Flagged without ask", for_supervision=True)
    journal.entries.set_tags(flagged.id, ["endings"])
    journal.notes.save_draft(None, "an unfinished draft…")
    import_entries(journal, [REFLECTION])


def export_json(journal: Journal) -> dict[str, Any]:
    out = io.StringIO()
    write_json(journal, out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


@pytest.fixture
def fresh(tmp_path: Path) -> Journal:
    other = JournalAccess(
        JournalPaths(tmp_path / "fresh"), kdf_iter=FAST_KDF, now=FixedClock()
    )
    opened = other.create("another passphrase")
    yield opened
    opened.store.close()


def test_export_import_export_is_identical(journal: Journal, fresh: Journal) -> None:
    fill(journal)
    first = export_json(journal)
    assert len(first["entries"]) == 6

    report = import_entries(fresh, read_json(json.dumps(first)))
    assert (report.added, report.updated, report.unchanged) == (6, 0, 0)
    second = export_json(fresh)
    assert second["entries"] == first["entries"]
    assert second["journal_id"] != first["journal_id"]


def test_export_keeps_everything_the_worker_wrote(journal: Journal) -> None:
    fill(journal)
    entries = {e["title"]: e for e in export_json(journal)["entries"]}
    assert entries["For supervision"]["private_note"] == "private — never shared"
    assert entries["For supervision"]["for_supervision"] is True
    assert entries["For supervision"]["ask"] == "What do I say next time?"
    assert entries["Ünïcödé title ✓"]["tags"] == ["Self-care", "team"]
    assert entries["Ünïcödé title ✓"]["answers"][0]["response"].endswith("\ttab\n")
    assert entries["an unfinished draft…"]["status"] == "draft"
    gibbs = entries["Gibbs: the hard visit"]
    assert [a["question"] for a in gibbs["answers"]] == [
        "What happened?",
        "How did you feel?",
        "How hard, 1–5?",
    ]
    assert gibbs["current_step"] == "scale"
    assert gibbs["template_id"] == "gibbs"


def test_import_twice_adds_nothing(journal: Journal, fresh: Journal) -> None:
    fill(journal)
    text = json.dumps(export_json(journal))
    import_entries(fresh, read_json(text))
    again = import_entries(fresh, read_json(text))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert len(list(fresh.entries.iter_all())) == 6


def test_import_takes_a_newer_version_and_keeps_a_newer_local_one(
    journal: Journal, fresh: Journal
) -> None:
    entry = journal.notes.add("version one")
    old = export_json(journal)
    import_entries(fresh, read_json(json.dumps(old)))

    newer = json.loads(json.dumps(old))
    newer["entries"][0]["updated_at"] = "2030-01-01T00:00:00.000000+00:00"
    newer["entries"][0]["answers"][0]["response"] = "version two"
    report = import_entries(fresh, read_json(json.dumps(newer)))
    assert report.updated == 1
    assert fresh.entries.get(entry.id).text == "version two"
    assert [h.entry.id for h in fresh.search.find("two")] == [entry.id]

    report = import_entries(fresh, read_json(json.dumps(old)))
    assert report.unchanged == 1
    assert fresh.entries.get(entry.id).text == "version two"


def test_export_of_an_empty_journal_is_valid_and_imports(
    journal: Journal, fresh: Journal
) -> None:
    data = export_json(journal)
    assert data["entries"] == [] and data["format"] == "reflect-journal"
    assert import_entries(fresh, read_json(json.dumps(data))).added == 0


def _export_with(entries: list[Any]) -> str:
    return json.dumps({"format": "reflect-journal", "version": 1, "entries": entries})


GOOD = {
    "id": "11111111-2222-4333-8444-555555555555",
    "created_at": "2026-01-01T00:00:00.000000+00:00",
    "answers": [{"step_id": "note", "response": "fine"}],
}


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "",
        "[]",
        json.dumps({"format": "something-else", "version": 1, "entries": []}),
        json.dumps({"format": "reflect-journal", "version": 99, "entries": []}),
        json.dumps({"format": "reflect-journal", "version": 1}),
        _export_with([GOOD, {"created_at": "2026-01-01T00:00:00+00:00"}]),
        _export_with([GOOD, {**GOOD, "id": "x", "created_at": "yesterday"}]),
        _export_with([GOOD, {**GOOD, "id": "y", "kind": "incident"}]),
        _export_with([GOOD, {**GOOD, "id": "z", "tags": "not-a-list"}]),
        _export_with([GOOD, {**GOOD, "id": "w", "answers": ["text"]}]),
        _export_with([GOOD, "an entry"]),
        _export_with([GOOD, {**GOOD, "id": ""}]),
        _export_with([GOOD, {**GOOD, "id": "v", "ask": ["a list"]}]),
        _export_with([GOOD, {**GOOD, "id": "u", "answers": [{"step_id": "a"}] * 2}]),
        _export_with(
            [GOOD, {**GOOD, "id": "t", "answers": [{"step_id": "a", "position": "1"}]}]
        ),
    ],
)
def test_bad_import_is_refused_whole(journal: Journal, text: str) -> None:
    journal.notes.add("already here")
    with pytest.raises(BadImport):
        import_entries(journal, read_json(text))
    assert [e.title for e in journal.entries.page()] == ["already here"]


def test_a_failure_midway_writes_nothing(journal: Journal) -> None:
    """Two answers to one step collide in the database on the second entry."""
    first = read_json(_export_with([GOOD]))[0]
    clash = replace(
        REFLECTION, answers=(Answer("a", 0, "", "x"), Answer("a", 1, "", "y"))
    )
    with pytest.raises(sqlcipher3.IntegrityError):
        import_entries(journal, [first, clash])
    assert journal.entries.page() == []


def test_markdown_export_has_every_entry_and_marks_the_private_note(
    journal: Journal,
) -> None:
    fill(journal)
    out = io.StringIO()
    assert write_markdown(journal, out) == 6
    text = out.getvalue()
    assert text.count("\n---\n") == 5
    for title in ("# Plain first note", "# Gibbs: the hard visit", "## What happened?"):
        assert title in text
    assert "Private note (never shared)" in text
    assert "private — never shared" in text
    assert "*Bring to supervision: What do I say next time?*" in text


def test_entry_markdown_shows_draft_and_tags(journal: Journal) -> None:
    journal.notes.save_draft(None, "draft words")
    journal.notes.add("tagged words", tags=["one", "two"])
    drafted, tagged = journal.entries.iter_all()
    assert "draft" in entry_markdown(drafted).splitlines()[2]
    assert "#one #two" in entry_markdown(tagged)


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
entry_fields = st.fixed_dictionaries(
    {},
    optional={
        key: json_values
        for key in (
            "id",
            "created_at",
            "updated_at",
            "kind",
            "status",
            "title",
            "tags",
            "template_id",
            "template_version",
            "for_supervision",
            "ask",
            "shareable",
            "private_note",
            "current_step",
            "answers",
        )
    },
)


@settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    item=entry_fields,
    answers=st.lists(
        st.fixed_dictionaries(
            {"step_id": st.text(min_size=1, max_size=3)},
            optional={
                "position": json_values,
                "question": json_values,
                "response": json_values,
                "input_type": json_values,
            },
        ),
        max_size=2,
        unique_by=lambda a: a["step_id"],
    ),
)
def test_any_import_file_is_refused_cleanly_or_imported_whole(
    journal: Journal, item: dict[str, Any], answers: list[dict[str, Any]]
) -> None:
    """Whatever a file holds, import either says why (BadImport) or works."""
    base = {**GOOD, "id": "33333333-2222-4333-8444-555555555555", "answers": answers}
    base.update(item)
    text = _export_with([base])
    before = journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    try:
        entries = read_json(text)
        import_entries(journal, entries)
    except BadImport:
        after = journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        assert after == before
        return
    entry_id = entries[0].id
    got = journal.entries.get(entry_id)
    assert got.id == entry_id
    with journal.store.write():
        journal.store.conn.execute("DELETE FROM entries WHERE id = ?", [entry_id])


def test_journal_passphrase_is_not_in_the_export(journal: Journal) -> None:
    fill(journal)
    out = io.StringIO()
    write_json(journal, out)
    assert PASSPHRASE not in out.getvalue()
