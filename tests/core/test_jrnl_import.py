"""Importing jrnl journals into a real encrypted journal: nothing lost, twice safe.

Each test reads a fixture written in jrnl's format (tests/fixtures/jrnl),
imports it, and checks what a worker would check: every word of every entry
is there, on the right date, with its tags; a second import adds nothing; a
refused or interrupted import leaves the journal exactly as it was.
"""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.clock import parse_iso
from reflect.core.errors import ReflectError
from reflect.core.export.entries import entry_markdown, import_entries
from reflect.core.journal import Journal
from reflect.core.jrnl import files as jrnl_files
from reflect.core.jrnl import format as jrnl_format
from reflect.core.jrnl import importing as jrnl_import
from reflect.core.jrnl.format import EncryptedJrnl, Problem
from reflect.core.jrnl.importing import REVIEW_TAG, import_jrnl, origin_of

pytestmark = pytest.mark.usefixtures("utc_local")

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"
LAYOUTS = ("%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def _without_stamps(source: str) -> str:
    """The file as a worker reads it, minus real timestamps and star marks.

    Written apart from the parser, so the test does not share its mistakes.
    """
    kept = []
    for line in source.splitlines():
        found = re.match(r"\[([^\]]+)\](?: |$)", line)
        if found and any(_reads(found[1], layout) for layout in LAYOUTS):
            line = line[found.end() :].strip()
            line = line[:-1] if line == "*" or line.endswith(" *") else line
        kept.append(line)
    return "\n".join(kept)


def _reads(blob: str, layout: str) -> bool:
    try:
        datetime.strptime(blob, layout)
    except ValueError:
        return False
    return True


def _import(journal: Journal, name: str, **options: object):  # type: ignore[no-untyped-def]
    path = FIXTURES / name
    entries = jrnl_files.read_journal(path, jrnl_format.DEFAULT)
    return import_jrnl(journal, entries, name=path.name, **options)  # type: ignore[arg-type]


def _notes(journal: Journal) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(place, created_at, text, tags) of every note, in file order."""
    rows = journal.store.conn.execute(
        "SELECT o.place, e.id FROM entry_origins o JOIN entries e ON e.id = o.entry_id"
    ).fetchall()

    def order(place: str) -> tuple[str, int]:
        found = re.match(r"(.*) line (\d+)", place)
        assert found, place
        return found[1], int(found[2])

    notes = []
    for place, entry_id in sorted(rows, key=lambda row: order(row[0])):
        entry = journal.entries.get(entry_id)
        notes.append((place, entry.created_at, entry.text, entry.tags))
    return notes


def _lines(text: str) -> list[str]:
    """Normalised for comparing: line ends and blank lines aside, every
    character, indentation and line break counts."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "name", ["default.txt", "problems.txt", "crlf.txt", "24h.txt", "minutes.txt"]
)
def test_every_character_of_every_entry_arrives(journal: Journal, name: str) -> None:
    report = _import(journal, name)
    assert report.already == 0 and report.imported == len(_notes(journal))

    source = (FIXTURES / name).read_text(encoding="utf-8")
    expected = _lines(_without_stamps(source))
    got = [line for _, _, text, _ in _notes(journal) for line in _lines(text)]
    assert got == expected


def test_dates_titles_tags_and_stars_match(journal: Journal) -> None:
    _import(journal, "default.txt")
    notes = _notes(journal)
    stamps = [parse_iso(created).replace(tzinfo=None) for _, created, _, _ in notes]
    assert stamps[:3] == [
        datetime(2024, 3, 4, 9, 15),
        datetime(2024, 3, 4, 13, 30),
        datetime(2024, 3, 4, 17, 40),
    ]
    assert notes[0][3] == ("housing", "self-care", "supervision")
    assert notes[1][3] == ("日本", "trust", "starred")
    assert "starred" in notes[5][3]
    titles = [journal.entries.get(e.id).title for e in journal.entries.page(limit=10)]
    assert "Visit with R. went well" in titles
    # jrnl's rule: a first line ending in a line break is the title whole.
    assert "Felt tired. Went home early! Good call." in titles


def test_imported_notes_are_found_by_search_and_tag(journal: Journal) -> None:
    _import(journal, "default.txt")
    assert [hit.entry.title for hit in journal.search.find("leaflet")] == [
        "Visit with R. went well"
    ]
    assert len(journal.entries.page(tag="housing")) == 2


def test_a_second_import_adds_nothing(journal: Journal) -> None:
    first = _import(journal, "problems.txt")
    before = _notes(journal)
    again = _import(journal, "problems.txt")
    assert again.imported == 0
    assert again.already == first.imported
    assert _notes(journal) == before


def test_windows_line_endings_import_the_same_words(journal: Journal) -> None:
    _import(journal, "default.txt")
    plain = [(created, text, tags) for _, created, text, tags in _notes(journal)]
    journal.store.conn.execute("DELETE FROM entries")
    _import(journal, "crlf.txt")
    crlf = [(created, text, tags) for _, created, text, tags in _notes(journal)]
    assert crlf == plain


def test_problems_are_kept_for_review_and_each_reported_with_its_line(
    journal: Journal,
) -> None:
    report = _import(journal, "problems.txt")
    assert report.review == len(report.problems) > 0
    assert f"problems.txt line 1: {Problem.BEFORE_FIRST}" in report.problems
    assert f"problems.txt line 6: {Problem.BAD_DATE}" in report.problems
    reviewed = journal.entries.page(tag=REVIEW_TAG, limit=50)
    assert len(reviewed) == report.review
    texts = [journal.entries.get(e.id).text for e in reviewed]
    assert any("Notes I kept before I started using dates." in t for t in texts)
    assert any(t.startswith("[2024-13-45 10:00:00 AM]") for t in texts), (
        "the unreadable date stays in the text, so nothing is lost"
    )
    bad = next(
        e for e in reviewed if journal.entries.get(e.id).text.startswith("[2024-13")
    )
    origin = origin_of(journal, bad.id)
    assert origin == f"jrnl, problems.txt line 6: {Problem.BAD_DATE}"
    shown = entry_markdown(journal.entries.get(bad.id), origin=origin)
    assert f"*Imported from jrnl, problems.txt line 6: {Problem.BAD_DATE}*" in shown
    early = next(
        e for e in reviewed if "before I started" in journal.entries.get(e.id).text
    )
    assert parse_iso(early.created_at).replace(tzinfo=None) == datetime(
        2024, 3, 4, 9, 0
    ), "text before the first entry is dated with the entry that follows it"


def test_a_line_jrnl_reads_as_a_date_becomes_its_own_review_note(
    journal: Journal, tmp_path: Path
) -> None:
    path = tmp_path / "journal.txt"
    path.write_text(
        "[2019-06-30 09:00] The first entry\n\n"
        "[2019-06-30 10:00] The second entry\n\n"
        "[2019-07 14:23] The third entry\n"  # jrnl reads it as 1 July, 14:23
    )
    report = import_jrnl(journal, jrnl_files.read_journal(path), name=path.name)
    assert (report.imported, report.review) == (3, 1)
    assert report.problems == (f"journal.txt line 5: {Problem.MAYBE_DATE}",)
    texts = {journal.entries.get(e.id).text: e for e in journal.entries.page(limit=10)}
    assert set(texts) == {
        "The first entry",
        "The second entry",
        "[2019-07 14:23] The third entry",
    }, "never glued to the entry before"
    third = texts["[2019-07 14:23] The third entry"]
    assert REVIEW_TAG in third.tags
    assert origin_of(journal, third.id) == (
        f"jrnl, journal.txt line 5: {Problem.MAYBE_DATE}"
    ), "the note says why it was kept apart"


def test_skip_unparsed_leaves_problems_out_but_still_lists_them(
    journal: Journal,
) -> None:
    kept = _import(journal, "problems.txt")
    journal.store.conn.execute("DELETE FROM entries")
    skipped = _import(journal, "problems.txt", skip_unparsed=True)
    assert skipped.problems == kept.problems
    assert skipped.skipped == kept.review and skipped.review == 0
    assert skipped.imported == kept.imported - kept.review
    assert journal.entries.page(tag=REVIEW_TAG) == []


def test_a_folder_journal_reads_day_files_and_reports_the_rest(
    journal: Journal,
) -> None:
    report = _import(journal, "folder")
    assert any(line.startswith("notes.md") for line in report.problems)
    assert any(line.startswith("2024/02/30.txt") for line in report.problems)
    places = [place for place, *_ in _notes(journal)]
    assert places[0] == "2023/12/31.txt line 1"
    assert f"2024/03/04.txt line 1: {Problem.BEFORE_FIRST}" in places, (
        "the stray note at the top is kept"
    )
    assert not any(place.startswith("notes.md") for place in places)


def test_an_encrypted_journal_is_refused_and_nothing_written(
    journal: Journal,
) -> None:
    journal.notes.add("already here")
    before = journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    for name in ("encrypted.txt", "encrypted-v1.bin"):
        with pytest.raises(EncryptedJrnl, match="jrnl"):
            _import(journal, name)
    assert (
        journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        == before
    )


def test_an_interrupted_import_leaves_the_journal_as_it_was(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.notes.add("already here")
    monkeypatch.setattr(jrnl_import, "_BATCH", 1)  # rows reach the file at once
    written: list[int] = []

    def stop_half_way(entry: object) -> None:
        count = journal.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        written.append(count)
        if len(written) == 4:
            raise ReflectError("interrupted")

    with pytest.raises(ReflectError, match="interrupted"):
        _import(journal, "default.txt", progress=stop_half_way)
    assert written[-1] == 5, "four notes were written before the stop"
    assert [e.title for e in journal.entries.page()] == ["already here"]
    assert journal.store.conn.execute(
        "SELECT count(*) FROM entry_origins"
    ).fetchone() == (0,)


def test_erasing_an_imported_note_erases_its_origin(journal: Journal) -> None:
    _import(journal, "24h.txt")
    victim = journal.entries.page(limit=1)[0]
    journal.entries.delete(victim.id)
    journal.entries.purge_trash(older_than=timedelta(0))
    assert journal.store.conn.execute(
        "SELECT count(*) FROM entry_origins WHERE entry_id = ?", [victim.id]
    ).fetchone() == (0,)


def test_a_folder_walk_skips_what_cannot_hold_day_files(
    journal: Journal, tmp_path: Path
) -> None:
    root = tmp_path / "jrnl"
    (root / "2024" / "03").mkdir(parents=True)
    (root / "2024" / "03" / "04.txt").write_text("[2024-03-04 09:00:00 AM] Hello.\n")
    for n in range(50):  # a folder chosen by mistake would be far bigger
        (root / "photos" / str(n)).mkdir(parents=True)
        (root / "photos" / str(n) / "a.txt").write_text("x")
    (root / "2024" / "misc").mkdir()
    (root / "2024" / "misc" / "b.txt").write_text("y")
    entries = jrnl_files.read_journal(root, jrnl_format.DEFAULT)
    report = import_jrnl(journal, entries, name="jrnl")
    assert report.imported == 1
    assert report.not_read == 2
    assert [line.split(":")[0] for line in report.problems] == ["2024/misc/", "photos/"]


def test_a_second_import_counts_what_was_kept_for_review_before(
    journal: Journal,
) -> None:
    first = _import(journal, "problems.txt")
    again = _import(journal, "problems.txt")
    assert again.review == 0
    assert again.review_already == first.review


def test_an_entry_edited_in_jrnl_since_is_added_and_counted(
    journal: Journal, tmp_path: Path
) -> None:
    path = tmp_path / "journal.txt"
    path.write_text("[2024-03-04 09:00:00 AM] Lunch with the team.\n\n")
    first = import_jrnl(journal, jrnl_files.read_journal(path), name="journal.txt")
    path.write_text("[2024-03-04 09:00:00 AM] Lunch with the team, then a walk.\n")
    again = import_jrnl(journal, jrnl_files.read_journal(path), name="journal.txt")
    assert (first.imported, first.changed) == (1, 0)
    assert (again.imported, again.changed, again.already) == (1, 1, 0)
    assert len(journal.entries.page()) == 2, "nothing is overwritten"


def test_a_newer_copy_from_a_json_import_keeps_its_jrnl_origin(
    journal: Journal,
) -> None:
    _import(journal, "24h.txt")
    entry = journal.entries.get(journal.entries.page(limit=1)[0].id)
    newer = parse_iso(entry.updated_at) + timedelta(minutes=5)
    report = import_entries(
        journal, [dataclasses.replace(entry, updated_at=newer.isoformat())]
    )
    assert report.updated == 1
    assert origin_of(journal, entry.id) is not None
    assert _import(journal, "24h.txt").imported == 0, "no second copy"


def test_jrnl_times_are_local_and_stored_as_utc(journal: Journal) -> None:
    text = "[2024-07-01 09:00:00 AM] Summer.\n\n[2024-12-01 09:00:00 AM] Winter.\n"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "Europe/London")
        time.tzset()
        try:
            import_jrnl(journal, jrnl_format.parse_text(text), name="j.txt")
        finally:
            mp.undo()
            time.tzset()
    stored = sorted(e.created_at for e in journal.entries.page())
    assert [s[:19] for s in stored] == ["2024-07-01T08:00:00", "2024-12-01T09:00:00"]


def test_a_new_entry_at_a_familiar_moment_is_not_called_changed(
    journal: Journal, tmp_path: Path
) -> None:
    path = tmp_path / "journal.txt"
    entry = "[2024-03-04 09:00:00 AM] Back-dated, at jrnl's default hour.\n\n"
    path.write_text(entry)
    import_jrnl(journal, jrnl_files.read_journal(path), name="journal.txt")
    path.write_text(entry + "[2024-03-04 09:00:00 AM] Another, same moment.\n")
    again = import_jrnl(journal, jrnl_files.read_journal(path), name="journal.txt")
    other = tmp_path / "other.txt"
    other.write_text("[2024-03-04 09:00:00 AM] A different journal.\n")
    elsewhere = import_jrnl(journal, jrnl_files.read_journal(other), name="other.txt")
    assert (again.imported, again.changed) == (1, 0)
    assert (elsewhere.imported, elsewhere.changed) == (1, 0)


def test_changed_is_found_through_the_pipe_and_not_across_journals(
    journal: Journal, tmp_path: Path
) -> None:
    path = tmp_path / "work.txt"
    path.write_text("[2024-03-04 09:00:00 AM] Lunch with the team.\n")
    import_jrnl(journal, jrnl_files.read_journal(path), name="work.txt")
    other = tmp_path / "home.txt"
    other.write_text("[2024-03-04 09:00:00 AM] Something else at that minute.\n")
    elsewhere = import_jrnl(journal, jrnl_files.read_journal(other), name="home.txt")
    assert (elsewhere.imported, elsewhere.changed) == (1, 0)
    edited = b"[2024-03-04 09:00:00 AM] Lunch with the team, then a walk.\n"
    piped = import_jrnl(journal, jrnl_files.read_piped(edited), name=jrnl_files.PIPE)
    # The pipe has no file name, so it may stand for either journal: counted
    # once however many earlier notes at that minute it could replace.
    assert (piped.imported, piped.changed) == (1, 1)


def test_a_review_note_taken_off_review_is_not_counted_again(
    journal: Journal,
) -> None:
    first = _import(journal, "problems.txt")
    for entry in journal.entries.page(tag=REVIEW_TAG, limit=50)[:2]:
        journal.entries.set_tags(entry.id, [])
    again = _import(journal, "problems.txt")
    assert again.review_already == first.review - 2
    assert again.review_total == first.review - 2
