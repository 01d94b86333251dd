"""An export of the whole journal streams into its file and round-trips.

`export_to_file` writes straight into the private temporary file (never a
copy of the journal in memory), and the file is named only once every byte is
on disk: an export that fails part-way leaves neither a file nor a temporary.
"""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest

from reflect.core import files, paths
from reflect.core.access import JournalAccess
from reflect.core.errors import CannotWrite, FileTaken
from reflect.core.export.entries import (
    entry_json,
    export_to_file,
    import_entries,
    read_import_file,
    read_json,
    write_json,
    write_markdown,
)
from reflect.core.journal import Journal
from reflect.core.models import Answer, Entry
from reflect.core.paths import JournalPaths
from reflect.core.text import json_escaped
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.core.test_export import REFLECTION, fill
from tests.hostile import CORPUS, TITLE, everything

UNNAMED = pytest.param(True, id="unnamed", marks=pytest.mark.skipif(
    not hasattr(os, "O_TMPFILE"), reason="Linux's unnamed files"))  # fmt: skip
KINDS = [UNNAMED, pytest.param(False, id="dot-file")]
MOMENT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def still() -> datetime:
    """The same moment at every reading, so two exports can match exactly."""
    return MOMENT


@pytest.fixture
def fresh(tmp_path: Path) -> Journal:
    other = JournalAccess(
        JournalPaths(tmp_path / "fresh"), kdf_iter=FAST_KDF, now=FixedClock()
    )
    opened = other.create("another passphrase")
    yield opened
    opened.store.close()


@pytest.fixture(params=KINDS)
def unnamed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways a file is made: Linux's unnamed file, and the dot-file used
    where there is none."""
    if not request.param:
        monkeypatch.setattr(paths, "_open_unnamed", lambda folder: None)
    return bool(request.param)


def _entries_part(data: bytes) -> bytes:
    """The file after its header (which names the journal it came from)."""
    return data[data.index(b'"entries"') :]


def test_a_streamed_export_round_trips_byte_for_byte(
    journal: Journal, fresh: Journal, tmp_path: Path, unnamed: bool
) -> None:
    fill(journal)
    for n in range(12):
        journal.notes.add(
            f"Note {n}: a visit <with> a\nsecond line", tags=[f"t{n % 3}"]
        )
    first = tmp_path / "out" / "first.json"
    first.parent.mkdir()
    journal.now = still
    assert export_to_file(journal, first, "json") == 18
    # The same bytes as the export to standard output.
    shown = io.StringIO()
    write_json(journal, shown)
    assert first.read_bytes() == shown.getvalue().encode("utf-8")
    assert stat.S_IMODE(first.stat().st_mode) == 0o600

    report = import_entries(fresh, read_json(read_import_file(first)))
    assert report.added == 18
    second = tmp_path / "out" / "second.json"
    fresh.now = still
    export_to_file(fresh, second, "json")
    assert _entries_part(second.read_bytes()) == _entries_part(first.read_bytes())
    assert sorted(p.name for p in first.parent.iterdir()) == [
        "first.json",
        "second.json",
    ]


def test_a_streamed_markdown_export_is_what_standard_output_shows(
    journal: Journal, tmp_path: Path
) -> None:
    fill(journal)
    target = tmp_path / "journal.md"
    assert export_to_file(journal, target, "markdown") == 6
    shown = io.StringIO()
    write_markdown(journal, shown)
    assert target.read_bytes() == shown.getvalue().encode("utf-8")


def test_the_json_export_is_json_dumps_of_every_entry_to_the_character(
    journal: Journal,
) -> None:
    # The export writes each entry's text straight from its rows; it must be
    # exactly what `json.dumps` makes of `entry_json`, as the export always
    # was: key order, spacing, null/true/false, escapes, hidden code points.
    fill(journal)
    hostile = journal.notes.add(
        f'{TITLE}\n{everything()}\n"quoted" \\ back\x7f', tags=list(CORPUS.values())
    )
    journal.entries.set_private_note(hostile.id, everything())
    odd = Entry(
        **{
            **REFLECTION.__dict__,
            "id": "0f0f0f0f-2222-4222-8333-444444444444",
            "title": "café \u202e ünïcödé 🌩 \x9b",
            "functions": ("normative", "restorative"),
            "deleted_at": "2026-02-03T08:00:00.000000+00:00",
            "answers": (Answer("only", 7, "Ask \u2066?", "\x7f\x00\t", "choice", "x"),),
            "private_note": None,
            "template_id": None,
            "current_step": None,
        }
    )
    import_entries(journal, [odd])
    out = io.StringIO()
    assert write_json(journal, out) == 8
    expected = ",".join(
        "\n    " + json_escaped(json.dumps(entry_json(entry), ensure_ascii=False))
        for entry in journal.entries.iter_all()
    )
    assert out.getvalue().endswith(
        '"entries": [' + expected + '\n  ],\n  "links": []\n}\n'
    )


def test_rows_read_ahead_in_spans_are_the_rows_read_at_once(journal: Journal) -> None:
    # Where the answers are is found for several batches ahead; entries must
    # come whole and in order across batches and those spans (here spans of
    # three batches of two entries).
    fill(journal)
    for n in range(5):
        journal.notes.add(f"Note {n}")
    journal.entries.set_private_note(
        journal.entries.iter_all().__next__().id, "first one's note"
    )
    spans = list(journal.entries.iter_rows(batch=2, ahead=3))
    assert len(spans) == 11
    assert spans == list(journal.entries.iter_rows(batch=500, ahead=1))
    assert spans == list(journal.entries.iter_rows(batch=1, ahead=1))
    whole = [journal.entries.get(row[0]) for row, _, _ in spans]
    assert list(journal.entries.iter_all(batch=2)) == whole


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_an_export_is_the_journal_as_it_was_when_it_began(
    journal: Journal, access: JournalAccess, tmp_path: Path, fmt: str
) -> None:
    # The worker saves in another window while a long export runs: the file
    # holds the journal as it was when the export began, each entry whole.
    fill(journal)
    other = access.open(PASSPHRASE)
    try:

        def meanwhile(count: int) -> None:
            if count == 1:
                other.notes.add("Saved in another window during the export")

        target = tmp_path / f"e.{fmt}"
        assert export_to_file(journal, target, fmt, progress=meanwhile) == 6
    finally:
        other.store.close()
    text = target.read_text(encoding="utf-8")
    assert "during the export" not in text
    assert len(list(journal.entries.iter_all())) == 7  # saved all the same


def test_entries_read_in_batches_are_the_entries_one_by_one(journal: Journal) -> None:
    # The export reads a batch at a time; each entry must be whole and in
    # order across the batch boundaries (here every two entries).
    fill(journal)
    batched = list(journal.entries.iter_all(batch=2))
    assert len(batched) == 6
    assert batched == [journal.entries.get(entry.id) for entry in batched]
    assert [e.id for e in batched] == [
        e.id for e in journal.entries.iter_all(batch=500)
    ]
    assert len({e.id for e in batched}) == 6
    assert any(e.answers for e in batched) and any(e.private_note for e in batched)


@pytest.mark.parametrize("replace", [False, True])
def test_a_failure_mid_stream_leaves_no_file_and_no_temporary(
    tmp_path: Path, unnamed: bool, replace: bool
) -> None:
    target = tmp_path / "export.json"
    if replace:
        target.write_bytes(b"the worker's earlier export")
    written: list[int] = []

    def fill_then_fail(out: IO[str]) -> int:
        for n in range(2000):  # past any buffer, so bytes reached the file
            written.append(out.write(f"private words {n}\n" * 10))
        raise RuntimeError("the journal went away")

    with pytest.raises(RuntimeError, match="went away"):
        files.write_stream(target, fill_then_fail, replace=replace)
    assert sum(written) > 64 * 1024
    left = sorted(p.name for p in tmp_path.iterdir())
    if replace:
        assert left == ["export.json"]
        assert target.read_bytes() == b"the worker's earlier export"
    else:
        assert left == []


def test_a_streamed_file_keeps_the_one_rule_for_existing_files(
    tmp_path: Path, unnamed: bool
) -> None:
    target = tmp_path / "export.md"
    target.write_bytes(b"theirs")
    with pytest.raises(FileTaken):
        files.write_stream(target, lambda out: out.write("mine"))
    assert target.read_bytes() == b"theirs"

    # A file that appears after the check, while the export is being written,
    # is not replaced either.
    late = tmp_path / "late.md"

    def planted(out: IO[str]) -> None:
        out.write("mine")
        late.write_bytes(b"arrived meanwhile")

    with pytest.raises(FileTaken, match="Nothing was exported"):
        files.write_stream(late, planted, nothing="Nothing was exported")
    assert late.read_bytes() == b"arrived meanwhile"

    assert files.write_stream(target, lambda out: out.write("mine\n"), replace=True)
    assert target.read_bytes() == b"mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.md", "late.md"]


def test_an_export_never_goes_over_the_journal_s_own_files(journal: Journal) -> None:
    journal.notes.add("kept")
    own = journal.store.path
    before = own.read_bytes()
    for target in (own, Path(f"{own}-wal")):
        with pytest.raises(CannotWrite, match="journal's own files"):
            export_to_file(journal, target, "json", replace=True)
    assert own.read_bytes() == before
    assert [e.title for e in journal.entries.iter_all()] == ["kept"]


def test_progress_hears_every_entry(journal: Journal, tmp_path: Path) -> None:
    fill(journal)
    heard: list[int] = []
    export_to_file(journal, tmp_path / "e.json", progress=heard.append)
    assert heard == [1, 2, 3, 4, 5, 6]
