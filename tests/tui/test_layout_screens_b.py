"""Supervision screens and the dialogs, whole at 80x24 and 60x20 (issue 17).

Preparing, recording, sharing, supervising, reading a share, a jrnl import,
and every dialog a worker meets on the way: each is pictured at a
terminal's default size and at a split pane's, prepare also at 100x30.
Beside the pictures, one Pilot test at 60x20 checks what a picture cannot
say for sure: every dialog's confirm and cancel keys are inside what is
drawn, whole, so a worker in a small window always sees how to finish.

Review the report (snapshot_report.html) before `--snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Button, Input, Static

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.paths import JournalPaths
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.jrnl_import import JrnlImportScreen
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.tui.snapshots import LARGE, LIBRARY, SMALL, TWO_SIZES, screen_text

CHEAP = KdfParams(n=16)
"""Cheap scrypt for the one bundle these tests bring in."""
BUNDLE_PASS = "walnut harbour lantern"
SHARED_TITLE = "A long shift, shared"
EXPORTS = Path("/home/sam/Documents")
"""Shown in the path boxes: the same on every machine (never the cwd)."""
QUIET_ENTRY = "A call I forgot to return"
"""A demo reflection the privacy check finds nothing in: `w` goes straight on."""


def _fixed(app: ReflectApp) -> ReflectApp:
    app.bundle_kdf, app.bundle_kdfs = CHEAP, {CHEAP}
    app.export_dir = EXPORTS
    return app


@pytest.fixture
def app(demo_app: ReflectApp) -> ReflectApp:
    return _fixed(demo_app)


def _receive_share(access: JournalAccess, tmp_path: Path) -> str:
    """A supervisee's entry brought into the journal at `access`, read and
    marked reviewed, so feedback for them is waiting to be written."""
    colleague = JournalAccess(
        JournalPaths(tmp_path / "colleague"), kdf_iter=FAST_KDF, now=access.now
    )
    theirs = colleague.create(PASSPHRASE)
    entry = theirs.notes.add(f"{SHARED_TITLE}\nThree visits and one of them hard.")
    theirs.sharing.set_display_name("Alex")
    data = theirs.sharing.seal(theirs.sharing.plan([entry.id]), BUNDLE_PASS, kdf=CHEAP)
    theirs.store.close()
    mine = access.open(PASSPHRASE)
    mine.reviewing.receive(data, BUNDLE_PASS, accepted={CHEAP})
    mine.reviewing.mark_reviewed(mine.reviewing.get(entry.id, 1))
    mine.store.close()
    return entry.id


@pytest.fixture
def shared_id(demo_app: ReflectApp, access: JournalAccess, tmp_path: Path) -> str:
    """The demo journal, with a share brought in (see `_receive_share`)."""
    return _receive_share(access, tmp_path)


def _entry_id(app: ReflectApp, title: str) -> str:
    assert app.journal is not None
    return next(e.id for e in app.journal.entries.page(limit=50) if e.title == title)


# ---- the pictures ----------------------------------------------------------

Opener = Callable[[Any, str], Awaitable[None]]
"""Opens one screen or dialog from home: (pilot, the received entry's id)."""


def _keys(*keys: str) -> Opener:
    async def press(pilot: Any, shared: str) -> None:
        await pilot.press(*keys)

    return press


def _message(make: Callable[[Any, str], Message]) -> Opener:
    async def post(pilot: Any, shared: str) -> None:
        pilot.app.post_message(make(pilot.app, shared))

    return post


async def _jrnl_import(pilot: Any, shared: str) -> None:
    source = pilot.app.access.paths.home.parent / "journal.txt"
    source.write_text(
        "[2026-01-05 09:00] Brought in from jrnl\nA line of body.\n\n"
        "[2026-01-06 10:00] A second day\nAnother line.\n\n",
        encoding="utf-8",
    )
    pilot.app.post_message(messages.ImportJrnl(source))
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()


async def _delete(pilot: Any, shared: str) -> None:
    pilot.app.post_message(messages.OpenEntry(_entry_id(pilot.app, QUIET_ENTRY)))
    await pilot.pause()
    await pilot.press("d")


async def _share_passphrase(pilot: Any, shared: str) -> None:
    pilot.app.post_message(messages.ShareEntries([_entry_id(pilot.app, QUIET_ENTRY)]))
    await pilot.pause()
    await pilot.press("w")


async def _action(pilot: Any, name: str) -> None:
    getattr(pilot.app, f"action_{name}")()


SCREENS: dict[str, tuple[Opener, bool]] = {
    # name: (how it opens from home, whether it needs a share brought in)
    "prepare": (_keys("s"), False),
    "session-record": (_keys("s", "r"), False),
    # Every entry marked shareable: eight of them, six findings to answer.
    "share-review": (lambda pilot, _: _action(pilot, "share"), False),
    "supervising": (_keys("r"), True),
    "received": (
        _message(lambda app, shared: messages.OpenReceived(shared, 1)),
        True,
    ),
    "jrnl-import-done": (_jrnl_import, False),
    "leave-dialog": (_keys("n", "enter", "H", "i", "escape"), False),
    "delete-dialog": (_delete, False),
    "export-dialog": (_keys("s", "e"), False),
    "share-passphrase-dialog": (_share_passphrase, False),
    "bring-in-dialog": (lambda pilot, _: _action(pilot, "receive"), False),
    "feedback-dialog": (_keys("r", "f"), True),
    "jrnl-question-dialog": (lambda pilot, _: _action(pilot, "import_jrnl"), False),
}
"""Each supervision screen and each dialog a worker meets on the way."""


@pytest.mark.parametrize("size", TWO_SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_whole_at_both_sizes(  # type: ignore[no-untyped-def]
    snap_compare, app: ReflectApp, request: pytest.FixtureRequest, name: str, size
) -> None:
    opener, needs_share = SCREENS[name]
    shared = request.getfixturevalue("shared_id") if needs_share else ""

    async def run_before(pilot: Any) -> None:
        await opener(pilot, shared)
        await pilot.pause()
        # A blinking cursor would be drawn in some pictures and not others.
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_prepare_large(snap_compare, app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, press=["s"], terminal_size=LARGE)


# ---- every dialog's way out, at 60x20 ----------------------------------------


def _inside(outer: Region, inner: Region) -> bool:
    return inner.area > 0 and outer.contains_region(inner)


def _keys_in_sight(app: ReflectApp) -> list[str]:
    """What of the top dialog's confirm and cancel is not drawn whole."""
    dialog = app.screen
    box = dialog.query_one("#dialog")
    screen = Region(0, 0, *app.size)
    cut: list[str] = []
    if isinstance(dialog, FieldsDialog):
        # The line that says what enter does and that escape cancels.
        hint = dialog.query_one("#dialog-hint", Static)
        if not (_inside(screen, hint.region) and _inside(box.region, hint.region)):
            cut.append(f"{dialog.title_text}: {dialog.hint}")
        focused = dialog.focused
        assert isinstance(focused, Input)
        if not _inside(box.region, focused.region):
            cut.append(f"{dialog.title_text}: the box being typed in")
    else:
        for button in dialog.query(Button):
            if not button.display:
                continue
            label = str(button.label)
            whole = button.content_region.width >= len(label)
            drawn = _inside(screen, button.region) and _inside(
                box.region, button.region
            )
            if not (whole and drawn):
                cut.append(label)
    return cut


def _boxes_out_of_sight(app: ReflectApp) -> list[str]:
    """The labels of a fields dialog's boxes not drawn without scrolling."""
    dialog = app.screen
    if not isinstance(dialog, FieldsDialog):
        return []
    box = dialog.query_one("#dialog")
    return [
        f"{dialog.title_text}: {label}"
        for (label, _), field in zip(dialog.fields, dialog.query(Input), strict=True)
        if not _inside(box.region, field.region)
    ]


@pytest.mark.parametrize("size", TWO_SIZES)
async def test_the_share_dialog_shows_every_box_at_once(
    access: JournalAccess, tmp_path: Path, size: tuple[int, int]
) -> None:
    # At 80x24 the name box (fourth of four, under a passphrase's advice)
    # was below the fold: a worker never saw it was there to fill.
    journal = access.create(PASSPHRASE)
    quiet = journal.notes.add(f"{QUIET_ENTRY}\nI had promised to ring back.").id
    journal.store.close()
    app = _fixed(ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY))
    app.export_dir = tmp_path / "out"
    app.export_dir.mkdir()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.post_message(messages.ShareEntries([quiet]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        assert len(app.screen.fields) == 4
        assert _boxes_out_of_sight(app) == []
        assert _keys_in_sight(app) == []
        # The boxes are still boxes: typed into, and the bundle written.
        for n, typed in [(1, "walnut harbour"), (2, "walnut harbour"), (3, "S")]:
            app.screen.query_one(f"#field-{n}", Input).value = typed
        app.screen.query_one("#field-3", Input).focus()
        await pilot.press(*"am", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FieldsDialog), screen_text(app)
    [written] = (tmp_path / "out").glob("*.reflect")
    assert written.stat().st_size > 0


async def test_every_dialog_keeps_its_keys_in_sight_at_60x20(
    access: JournalAccess, tmp_path: Path
) -> None:
    # A small journal (the demo's home is slow to draw again after each
    # dialog): one quiet note to delete and share, one share to answer.
    journal = access.create(PASSPHRASE)
    journal.notes.add(f"{QUIET_ENTRY}\nI had promised to ring back on Friday.")
    journal.store.close()
    _receive_share(access, tmp_path)
    app = _fixed(ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY))
    not_text = tmp_path / "journal.txt"
    not_text.write_bytes(bytes(range(256)) * 8)  # asks for jrnl's own decrypt
    cut: dict[str, list[str]] = {}
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.journal is not None
        quiet = _entry_id(app, QUIET_ENTRY)

        async def check(name: str, *, tabs: int = 0) -> None:
            await pilot.pause()
            assert isinstance(
                app.screen, ChoiceDialog | FieldsDialog | JrnlImportScreen
            ), name
            cut[name] = _keys_in_sight(app) + _boxes_out_of_sight(app)
            for _ in range(tabs):  # down to the last box: it comes into view
                await pilot.press("tab")
                await pilot.pause()
                cut[name] += _keys_in_sight(app)

        async def back_home() -> None:
            while len(app.screen_stack) > 2:
                await pilot.press("escape")
                await pilot.pause()

        await pilot.press("n", "enter", "H", "i", "escape")
        await check("leave")
        await pilot.press("k")
        await back_home()
        app.post_message(messages.OpenEntry(quiet))
        await pilot.pause()
        await pilot.press("d")
        await check("delete")
        await back_home()
        await pilot.press("s", "e")
        await check("export")
        await back_home()
        app.post_message(messages.ShareEntries([quiet]))
        await pilot.pause()
        await pilot.press("w")
        await check("share passphrase", tabs=3)
        await back_home()
        await pilot.press("r", "i")
        await check("bring in", tabs=1)
        await pilot.press("escape", "f")
        await check("feedback", tabs=1)
        await back_home()
        app.action_import_jrnl()
        await check("jrnl question", tabs=1)
        await back_home()
        app.post_message(messages.ImportJrnl(not_text))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await check("jrnl import, encrypted")
    assert cut == {name: [] for name in cut}
    assert len(cut) == 8


async def test_a_refused_session_record_says_why_where_it_can_be_seen(
    access: JournalAccess,
) -> None:
    # The refusal used to sit under the last checkbox: at 60x20, ctrl+s
    # seemed to do nothing and the worker never learnt the date was wrong.
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.post_message(messages.RecordSession())
        await pilot.pause()
        day = app.screen.query_one("#day", Input)
        day.value = "2 March"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#day") is day  # still there, nothing saved
        assert "'2 March' is not a date; use YYYY-MM-DD" in screen_text(app)
        assert app.journal is not None
        assert app.journal.supervision.sessions(limit=1) == []


async def test_the_share_footer_offers_writing_once_nothing_waits(
    access: JournalAccess,
) -> None:
    """ "Nothing left to look at: w writes the bundle" — and the footer shows w,
    not the finding keys that no longer do anything."""
    journal = access.create(PASSPHRASE)
    note = journal.notes.add("A quiet shift, nothing to flag")
    journal.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.post_message(messages.ShareEntries([note.id]))
        await pilot.pause()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "w Write the bundle" in footer
        assert "k Keep" not in footer
