"""Pilot: the app uses the passphrase once, then keeps no copy of its own.

The open store keeps the one copy that backups, a restore and the jrnl
import's worker thread need; nothing the app shows or holds repeats it.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from reflect.core.access import JournalAccess
from reflect.core.demo.home import demo_journal
from reflect.core.store import backup_to_folder, swap
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.jrnl_import import JrnlImportScreen
from reflect.tui.screens.unlock import UnlockScreen
from tests.core.test_secrets import DISTINCT, leaks

LIBRARY = load_library([shipped_dir()])
FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"
SIZE = (100, 30)


def _held_by(app: ReflectApp, passphrase: str) -> list[str]:
    """Public attributes of the app whose `repr` shows the passphrase."""
    found = [
        name
        for name, value in vars(app).items()
        if not name.startswith("_") and leaks(repr(value), passphrase)
    ]
    return found + (["repr(app)"] if leaks(f"{app!r} {app!s}", passphrase) else [])


async def test_the_app_forgets_the_passphrase_and_the_store_still_serves(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(DISTINCT).store.close()
    app = ReflectApp(access, passphrase=DISTINCT, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.initial_passphrase is None
        assert _held_by(app, DISTINCT) == []
        journal = app.journal
        assert journal is not None

        # The jrnl import opens its own connection with the store's copy.
        screen = JrnlImportScreen(FIXTURES / "problems.txt", None)
        app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(screen.query_one("#dialog-message", Static).content)
        assert summary.startswith("Imported 9 entries"), summary

        # A backup and a restore in the same session key their files from it.
        backup = backup_to_folder(journal.store, tmp_path / "backups")
        journal.notes.add("written after the backup")
        restored, _aside = swap.restore(journal.store, backup, busy_wait=0.5)
        try:
            texts = [
                row[0] for row in restored.conn.execute("SELECT title FROM entries")
            ]
            assert len(texts) == 9
            assert "written after the backup" not in texts
            assert restored.passphrase == DISTINCT
        finally:
            restored.close()


async def test_a_typed_passphrase_is_cleared_from_the_unlock_field(
    access: JournalAccess,
) -> None:
    access.create(DISTINCT).store.close()
    app = ReflectApp(access, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one(Input)
        field.value = DISTINCT
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert field.value == ""
        assert _held_by(app, DISTINCT) == []


async def test_the_demo_is_encrypted_but_never_locks(tmp_path: Path) -> None:
    with demo_journal(tmp_path) as (access, key):
        app = ReflectApp(access, passphrase=key, demo=True, library=LIBRARY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.journal is not None and app.journal.store.encrypted
            assert app.initial_passphrase is None
            assert _held_by(app, key) == []
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Lock now" not in titles  # nobody knows the key to lift it
            app.idle_seconds = 0.01
            app.check_idle_lock()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("comma")  # settings say so, beside the minutes
            await pilot.pause()
            hints = [str(w.content) for w in app.screen.query(".hint")]
            assert any("The demo never locks" in hint for hint in hints), hints
