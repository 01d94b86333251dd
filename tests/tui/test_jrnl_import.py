"""Pilot: import a jrnl journal from the command palette and read the summary."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from reflect.core.access import JournalAccess
from reflect.core.jrnl import files as jrnl_files
from reflect.core.jrnl import format as jrnl_format
from reflect.core.jrnl import importing as jrnl_import
from reflect.core.jrnl.importing import import_jrnl
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.dialogs.jrnl import clean_path
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.jrnl_import import JrnlImportScreen
from tests.conftest import PASSPHRASE

LIBRARY = load_library([shipped_dir()])
FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"


async def _wait_for_summary(pilot, screen: JrnlImportScreen) -> str:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert not screen.running
    return str(screen.query_one("#dialog-message", Static).content)


@asynccontextmanager
async def _searched(access: JournalAccess, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    """The search screen with these inputs typed, yielding its results."""
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_search()
        await pilot.pause()
        for name, value in fields.items():
            app.screen.query_one(f"#{name}", Input).value = value
        await pilot.pause()
        yield app.screen.query_one("#results", OptionList)


async def _run_screen(pilot, path: Path) -> tuple[JrnlImportScreen, str]:  # type: ignore[no-untyped-def]
    """Open the import screen on `path` and wait for what it ends up saying."""
    screen = JrnlImportScreen(path, None)
    pilot.app.push_screen(screen)
    await pilot.pause()
    return screen, await _wait_for_summary(pilot, screen)


async def test_import_from_the_palette_shows_the_summary_and_the_entries(
    access: JournalAccess, tmp_path: Path
) -> None:
    journal = access.create(PASSPHRASE)
    journal.notes.add("written in reflect")
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Import from jrnl" in titles
        app.action_import_jrnl()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        dialog.query_one("#field-0").value = str(FIXTURES / "problems.txt")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JrnlImportScreen)
        summary = await _wait_for_summary(pilot, screen)
        assert summary.startswith(
            "Imported 9 entries; 6 of them were kept for you to review.\n"
        )
        assert "already" not in summary
        problems = str(screen.query_one("#jrnl-problem-lines", Static).content)
        assert "problems.txt line 6: a date that could not be read" in problems
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.journal is not None
        assert len(app.journal.entries.page(limit=50)) == 10

        # The same journal again: nothing new, and it says so.
        app.push_screen(JrnlImportScreen(FIXTURES / "problems.txt", None))
        await pilot.pause()
        again = await _wait_for_summary(pilot, app.screen)  # type: ignore[arg-type]
        assert again.startswith("Imported 0 entries. 9 were already in reflect")
        assert "6 of those already in reflect were kept for you to review" in again


async def test_a_refused_or_stopped_import_writes_nothing(
    access: JournalAccess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jrnl_import, "_BATCH", 1)  # the first note is written
    journal = access.create(PASSPHRASE)
    journal.notes.add("written in reflect")
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        _, refused = await _run_screen(pilot, FIXTURES / "encrypted.txt")
        assert refused.startswith("This journal is encrypted by jrnl")

        stopped = JrnlImportScreen(FIXTURES / "default.txt", None)
        stopped._stop.set()  # as if escape came before the first entry was saved
        await pilot.press("escape")
        app.push_screen(stopped)
        await pilot.pause()
        assert await _wait_for_summary(pilot, stopped) == (
            "Stopped: nothing was imported."
        )
        assert app.journal is not None
        assert [e.title for e in app.journal.entries.page()] == ["written in reflect"]


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("  /tmp/plain.txt  ", "/tmp/plain.txt"),
        ("'/tmp/my journal.txt'", "/tmp/my journal.txt"),
        ('"/tmp/my journal.txt"', "/tmp/my journal.txt"),
        ("/tmp/Tom\\'s\\ journal.txt", "/tmp/Tom's journal.txt"),
        ("/tmp/Tom's journal.txt", "/tmp/Tom's journal.txt"),
    ],
)
def test_pasted_paths_lose_their_quotes_and_escapes(typed: str, path: str) -> None:
    assert clean_path(typed) == path


async def test_a_wrong_path_asks_again_with_what_was_typed(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_import_jrnl()
        await pilot.pause()
        typo = str(tmp_path / "jornal.txt")
        app.screen.query_one("#field-0").value = f"'{typo}'"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, FieldsDialog)
        assert again.query_one("#field-0").value == f"'{typo}'"  # type: ignore[attr-defined]
        assert again.hint == (
            "enter in the last box, or in any box once all are filled, "
            "imports · escape cancels"
        )


async def test_an_encrypted_journal_offers_the_command_to_copy(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, _ = await _run_screen(pilot, FIXTURES / "encrypted.txt")
        assert screen.command is not None and screen.command.startswith("jrnl ")
        assert screen.query_one("#jrnl-copy").display
        shown = str(screen.query_one("#jrnl-problem-lines", Static).content)
        assert shown == screen.command
        await pilot.press("c")
        assert app.clipboard == screen.command


async def test_a_tag_alone_in_search_lists_what_carries_it(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    import_jrnl(
        journal,
        jrnl_files.read_journal(FIXTURES / "problems.txt", jrnl_format.DEFAULT),
        name="problems.txt",
    )
    async with _searched(access, {"tag": "jrnl-review"}) as results:
        assert results.option_count == 6
        first = str(results.get_option_at_index(0).prompt)
        assert "#jrnl-review" in first


async def test_names_with_brackets_are_shown_as_written(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE)
    odd = tmp_path / "my [draft] [b]notes.txt"
    odd.write_text("before any date\n[2024-03-04 09:00:00 AM] Fine.\n")
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, _ = await _run_screen(pilot, odd)
        title = screen.query_one("#dialog-title", Static)
        assert str(title.render()) == f"Imported from jrnl: {odd.name}"
        lines = screen.query_one("#jrnl-problem-lines", Static)
        assert str(lines.render()).startswith(f"{odd.name} line 1:")


async def test_a_tag_with_an_end_date_finds_older_entries_past_the_newest_fifty(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    days = [
        f"[2024-{m:02d}-{d:02d} 09:00:00 AM] Day {m}-{d} @housing\n"
        for m in (1, 2, 3)
        for d in range(1, 29)
    ]
    import_jrnl(journal, jrnl_format.parse_text("".join(days)), name="days.txt")
    async with _searched(access, {"until": "2024-01-28", "tag": "housing"}) as results:
        assert results.option_count == 28
        assert "Day 1-28" in str(results.get_option_at_index(0).prompt)


async def test_a_tag_typed_in_the_search_box_lists_what_carries_it(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.notes.add("about housing", tags=["housing"])
    journal.notes.add("about nothing in particular")
    async with _searched(access, {"query": "#Housing"}) as results:
        assert results.option_count == 1
        assert "about housing" in str(results.get_option_at_index(0).prompt)


def test_a_file_url_from_a_file_manager_becomes_a_path() -> None:
    assert clean_path("file:///tmp/my%20jrnl/journal.txt") == "/tmp/my jrnl/journal.txt"


async def test_a_review_tag_comes_off_from_the_entry_view(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    note = journal.notes.add("kept for review", tags=["jrnl-review", "housing"])
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(journal, note.id))
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        field = app.screen.query_one("#field-0", Input)
        assert field.value == "jrnl-review housing"
        field.value = "housing"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
    assert journal.entries.get(note.id).tags == ("housing",)
    assert journal.entries.page(tag="jrnl-review") == []
