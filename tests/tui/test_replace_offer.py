"""Pilot: the app follows the CLI's rule for files the worker names. A file
already there is replaced only when the worker presses enter again on the
same name (the app's --force); the dialog says so and changes nothing first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from reflect.core.access import JournalAccess
from reflect.core.clock import local_today
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.prepare import PrepareScreen
from tests.conftest import PASSPHRASE

MINE = "my own notes for today, not an agenda"


async def test_an_existing_agenda_is_replaced_only_when_the_worker_agrees(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE).store.close()
    stem = f"supervision-agenda-{local_today(access.now).isoformat()}"
    md, html = tmp_path / f"{stem}.md", tmp_path / f"{stem}.html"
    md.write_text(MINE)
    html.write_text(MINE)
    app = ReflectApp(
        access,
        passphrase=PASSPHRASE,
        library=load_library([shipped_dir()]),
        export_dir=tmp_path,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        line = str(dialog.query_one("#dialog-error", Static).content)
        assert (
            f"There are already files {md.name} and {html.name} in {tmp_path}." in line
        )
        assert "Press enter again to replace them, or choose another folder." in line
        assert md.read_text() == html.read_text() == MINE

        # A different name is a new question, not the agreement.
        field = dialog.query_one(Input)
        field.value = str(tmp_path / "elsewhere")
        await pilot.press("enter")
        await pilot.pause()
        assert "no folder" in str(dialog.query_one("#dialog-error", Static).content)
        field.value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert md.read_text() == MINE  # asked again, after the change

        await pilot.press("enter")  # the same files again: the worker agrees
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    assert md.read_text().startswith("# Supervision agenda")
    assert html.read_text().startswith("<!doctype html>")
