"""Pilot: what the app offers comes from what it was given, not its own look.

The app has no clock of its own: "today" in an agenda, share or feedback
file name is the injected clock's local date, so a fixed clock gives a fixed
name (and a worker's name matches the day their journal says it is). Nor
does it look for a home folder: jrnl's files are offered where the CLI's
`Places` say they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths
from reflect.core.places import Places
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.dialogs.jrnl import import_jrnl_dialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.share import ShareScreen
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.tui.test_sharing_flow import BUNDLE_PASS, CHEAP, LIBRARY, cheap

pytestmark = pytest.mark.usefixtures("utc_local")

DAY = "2031-07-14"  # far from any day this suite runs on


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2031, 7, 14, 12, 0, tzinfo=UTC))


def offered(app: ReflectApp) -> str:
    """The first field of the open dialog: the file the app offers."""
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog)
    return str(dialog.query_one("#field-0").value)  # type: ignore[attr-defined]


async def test_an_agenda_is_named_for_the_clocks_day(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s", "e")
        await pilot.pause()
        assert offered(app) == str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
    assert sorted(p.name for p in tmp_path.glob("supervision-agenda-*")) == [
        f"supervision-agenda-{DAY}.html",
        f"supervision-agenda-{DAY}.md",
    ]


async def test_a_share_and_its_feedback_are_named_for_the_clocks_day(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A long shift")
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(worker, entry.id))
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        await pilot.press("w")
        await pilot.pause()
        assert offered(app) == str(tmp_path / f"reflect-share-{DAY}.reflect")

    # As the supervisor: a share brought in and commented on, feedback due.
    worker.sharing.set_display_name("Alex")
    share_file = tmp_path / "share.reflect"
    plan = worker.sharing.plan([entry.id])
    worker.sharing.send(plan, BUNDLE_PASS, share_file, kdf=CHEAP)
    worker.store.close()
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor = supervisor_access.create(PASSPHRASE)
    supervisor.reviewing.receive_file(share_file, BUNDLE_PASS, accepted={CHEAP})
    snap = supervisor.reviewing.get(entry.id)
    supervisor.reviewing.add_comment(snap, "Well held")
    supervisor.store.close()
    app = cheap(
        ReflectApp(
            supervisor_access,
            passphrase=PASSPHRASE,
            library=LIBRARY,
            export_dir=tmp_path,
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        assert offered(app) == str(tmp_path / f"reflect-feedback-{DAY}.reflect")


async def test_the_jrnl_dialog_offers_jrnl_where_the_cli_found_it(
    access: JournalAccess, tmp_path: Path
) -> None:
    """jrnl's usual files, by the home the app was given, shown with ~."""
    sam = tmp_path / "sam"
    journal = sam / ".local" / "share" / "jrnl" / "journal.txt"
    journal.parent.mkdir(parents=True)
    journal.write_text("")
    config = tmp_path / "xdg" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("encrypt: false\n")
    places = Places(user_home=sam, env={"XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY, places=places)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        import_jrnl_dialog(app)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        values = [dialog.query_one(f"#field-{n}").value for n in (0, 1)]  # type: ignore[attr-defined]
        assert values == ["~/.local/share/jrnl/journal.txt", str(config)]
