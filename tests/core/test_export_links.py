"""The portfolio's links travel with a JSON export and survive an import.

A worker's "what this shows" lines are their own words: the export that
calls itself a complete copy must carry them, importing it into a new
journal must bring the portfolio back as it was, and importing a newer copy
of an entry must not erase the links it already had.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from reflect.core.access import JournalAccess
from reflect.core.errors import BadImport
from reflect.core.export.entries import (
    import_entries,
    read_export,
    write_json,
)
from reflect.core.journal import Journal
from reflect.core.models import Entry
from reflect.core.paths import JournalPaths
from reflect.core.portfolio import Link
from tests.conftest import FAST_KDF, FixedClock
from tests.portfolio_lens import LENS


def _export(journal: Journal) -> dict[str, Any]:
    out = io.StringIO()
    write_json(journal, out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _import(journal: Journal, data: dict[str, Any]) -> Any:
    read = read_export(json.dumps(data))
    return import_entries(journal, read.entries, read.links)


@pytest.fixture
def fresh(tmp_path: Path) -> Journal:
    other = JournalAccess(
        JournalPaths(tmp_path / "fresh"), kdf_iter=FAST_KDF, now=FixedClock()
    )
    opened = other.create("another passphrase")
    yield opened
    opened.store.close()


def _counts(journal: Journal) -> dict[str, int]:
    return {row.area.id: row.count for row in journal.portfolio.view(LENS).areas}


def test_links_go_out_with_the_entries_and_come_back(
    journal: Journal, fresh: Journal
) -> None:
    first = journal.notes.add("Told my story at the group", tags=["lived"])
    second = journal.notes.add("Looked after myself after a hard shift")
    journal.portfolio.link(first.id, LENS, "lived-experience", "Chose what to <share>")
    journal.portfolio.link(first.id, LENS, "mutuality", "")
    journal.portfolio.link(second.id, LENS, "self-care", "Left on time\u001b[2J")
    data = _export(journal)
    assert [(k["entry_id"], k["area"]) for k in data["links"]] == sorted(
        [
            (first.id, "lived-experience"),
            (first.id, "mutuality"),
            (second.id, "self-care"),
        ]
    )

    report = _import(fresh, data)
    assert (report.added, report.links) == (2, 3)
    assert _counts(fresh) == _counts(journal)
    [shown] = fresh.portfolio.view(LENS).areas[0].entries
    assert shown.note == "Chose what to <share>"
    assert _export(fresh)["links"] == data["links"]

    again = _import(fresh, data)
    assert (again.unchanged, again.links) == (2, 0)


def test_an_export_without_links_still_imports(
    journal: Journal, fresh: Journal
) -> None:
    journal.notes.add("Written before links were exported")
    data = _export(journal)
    assert data["links"] == []
    del data["links"]  # as an export made by an earlier reflect
    assert _import(fresh, data).added == 1


def test_a_newer_copy_of_an_entry_keeps_the_links_it_had(
    journal: Journal, fresh: Journal
) -> None:
    entry = journal.notes.add("version one")
    older = _export(journal)
    _import(fresh, older)
    fresh.portfolio.link(entry.id, LENS, "hope", "Linked on the other machine")

    newer = json.loads(json.dumps(older))
    newer["entries"][0]["updated_at"] = "2030-01-01T00:00:00.000000+00:00"
    newer["entries"][0]["answers"][0]["response"] = "version two"
    report = _import(fresh, newer)
    assert report.updated == 1
    assert fresh.entries.get(entry.id).text == "version two"
    [kept] = fresh.portfolio.links_for(entry.id)
    assert (kept.area, kept.note) == ("hope", "Linked on the other machine")


def test_a_newer_line_wins_and_an_older_one_is_left(
    journal: Journal, fresh: Journal
) -> None:
    entry = journal.notes.add("Held a boundary")
    journal.portfolio.link(entry.id, LENS, "mutuality", "First words")
    data = _export(journal)
    for key in ("created_at", "updated_at"):  # linked long before
        data["links"][0][key] = "2020-01-01T00:00:00.000000+00:00"
    _import(fresh, data)
    fresh.portfolio.link(entry.id, LENS, "mutuality", "Better words, later")
    assert _import(fresh, data).links == 0
    assert fresh.portfolio.links_for(entry.id)[0].note == "Better words, later"

    data["links"][0]["note"] = "Newest words"
    data["links"][0]["updated_at"] = "2031-01-01T00:00:00.000000+00:00"
    assert _import(fresh, data).links == 1
    assert fresh.portfolio.links_for(entry.id)[0].note == "Newest words"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            {"entry_id": "not-an-entry"},
            "link 1: 'entry_id' names no entry in this file",
        ),
        ({"note": "x" * 5000}, "link 1: 'note' is 5,000 characters long"),
        ({"area": ""}, "link 1: 'area' is missing or empty"),
        ({"framework": "lens\u001b[2J"}, "link 1: 'framework' must be lower-case"),
        ({"area": "Hope"}, "link 1: 'area' must be lower-case"),
        ({"created_at": "yesterday"}, "link 1: 'created_at'"),
    ],
)
def test_a_bad_link_refuses_the_whole_file(
    journal: Journal, fresh: Journal, change: dict[str, str], said: str
) -> None:
    entry = journal.notes.add("A reflection")
    journal.portfolio.link(entry.id, LENS, "hope", "Kept hope")
    data = _export(journal)
    data["links"][0].update(change)
    with pytest.raises(BadImport, match=said.replace("'", ".").replace("[", r"\[")):
        read_export(json.dumps(data))


def test_a_link_that_fails_while_writing_takes_its_entries_back_with_it(
    fresh: Journal,
) -> None:
    """One transaction: entries written before a link fails are not kept."""
    import sqlcipher3

    data = _export(fresh)
    read = read_export(json.dumps(data))
    entry = Entry(
        id="0f0f0f0f-1111-4222-8333-444444444444",
        created_at="2026-02-01T18:30:00.000000+00:00",
        updated_at="2026-02-01T18:30:00.000000+00:00",
        kind="note",
        title="Written, then taken back",
        status="complete",
        template_id=None,
        template_version=None,
        for_supervision=False,
        ask=None,
        shareable=False,
    )
    orphan = Link(
        "no-such-entry", "lens", "hope", "", entry.created_at, entry.created_at
    )
    with pytest.raises(sqlcipher3.IntegrityError):
        import_entries(fresh, [*read.entries, entry], [orphan])
    assert list(fresh.entries.iter_all()) == []


def test_a_long_line_from_the_file_is_kept_whole(
    journal: Journal, fresh: Journal
) -> None:
    """A restore never refuses (or cuts) the worker's own words for being
    longer than the link dialog takes today."""
    entry = journal.notes.add("A reflection")
    journal.portfolio.link(entry.id, LENS, "hope", "Kept hope")
    data = _export(journal)
    data["links"][0]["note"] = "a long  line " * 40
    _import(fresh, data)
    assert fresh.portfolio.links_for(entry.id)[0].note == " ".join(
        ("a long line " * 40).split()
    )


def test_links_that_are_not_a_list_are_refused(journal: Journal) -> None:
    data = _export(journal)
    data["links"] = {"entry_id": "x"}
    with pytest.raises(BadImport, match="'links' is not a list"):
        read_export(json.dumps(data))
