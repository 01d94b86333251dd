"""Dialogs at the sizes workers use: the reason a dialog refuses is on screen,
a pasted path means what it says, and the hints say what enter does."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog, pasted_path
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.share import ShareScreen
from tests.conftest import FAST_KDF, PASSPHRASE

LIBRARY = load_library([shipped_dir()])
BUNDLE_PASS = "walnut harbour lantern"


def error_is_on_screen(app: ReflectApp) -> str:
    """The refusal line, after checking every row of it can be seen."""
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog), "the dialog closed"
    error = dialog.query_one("#dialog-error", Static)
    assert error.display
    box = dialog.query_one("#dialog")
    region = error.region
    assert region.height >= 1
    assert app.screen.region.contains_region(region), "off the screen"
    assert box.region.contains_region(region), "clipped by the dialog"
    return str(error.content)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_share_dialog_shows_why_at_small_sizes(
    access: JournalAccess, tmp_path: Path, size: tuple[int, int]
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    worker.store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        journal = app.journal
        assert journal is not None
        app.push_screen(ShareScreen(journal, [entry.id]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        boxes = list(dialog.query(Input))
        boxes[0].value = str(tmp_path / "nope" / "x.reflect")
        boxes[1].value = boxes[2].value = BUNDLE_PASS
        boxes[3].focus()  # the last box, the furthest from the message
        await pilot.press("enter")
        await pilot.pause()
        line = error_is_on_screen(app)
        assert line.startswith(f"There is no folder {tmp_path / 'nope'} yet.")
        boxes[1].focus()
        await pilot.press("x")  # typing again brings the box back into view
        await pilot.pause()
        assert dialog.query_one("#dialog").region.contains_region(boxes[1].region)


async def test_after_a_refusal_the_worker_types_into_a_box_they_can_see(
    access: JournalAccess, tmp_path: Path
) -> None:
    """The share dialog is taller than a very short terminal: the refusal
    scrolls it back to the top, so the box enter was pressed in (the last) is
    out of sight. Typing a new name must go where the cursor can be seen, not into
    the hidden name box, whose enter would then replace the file."""
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    worker.store.close()
    theirs = tmp_path / "share.reflect"
    theirs.write_bytes(b"a file that was there first")
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    app.bundle_kdf = KdfParams(n=16)  # about where the file goes, not the cipher
    # At 80x24 and 60x20 every box fits with the refusal (the dialog makes
    # its boxes one row): 16 rows, a terminal split in two, still scroll.
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        assert app.journal is not None
        app.push_screen(ShareScreen(app.journal, [entry.id]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        boxes = list(dialog.query(Input))
        boxes[0].value = str(theirs)
        boxes[1].value = boxes[2].value = BUNDLE_PASS
        boxes[3].value = "Alex"
        boxes[3].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Press enter again to replace it" in error_is_on_screen(app)
        focused = dialog.focused
        assert isinstance(focused, Input)
        assert dialog.query_one("#dialog").region.contains_region(focused.region)

        # The worker changes the name where the cursor is: share2.reflect.
        await pilot.press("end", *["left"] * len(".reflect"), "2", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FieldsDialog)
    assert theirs.read_bytes() == b"a file that was there first"
    assert (tmp_path / "share2.reflect").exists()


async def test_share_strength_is_shown_while_typing_not_in_the_toast(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    worker.store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.journal is not None
        app.push_screen(ShareScreen(app.journal, [entry.id]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        assert dialog.hint == (
            "enter in the last box, or in any box once all are filled, "
            "writes the bundle · escape cancels"
        )
        dialog.query_one("#field-1", Input).focus()
        await pilot.press(*BUNDLE_PASS)
        advice = str(dialog.query_one("#dialog-advice", Static).content)
        assert advice.startswith("Strong")
        assert "recovered" not in advice and "forgot" not in advice
        dialog.query_one("#field-2", Input).value = BUNDLE_PASS
        dialog.query_one("#field-3", Input).value = "Alex"
        dialog.query_one("#field-0", Input).value = str(tmp_path / "s.reflect")
        dialog.query_one("#field-0", Input).focus()
        await pilot.press("enter")  # every box is filled: enter here writes it
        await pilot.pause()
        assert not isinstance(app.screen, FieldsDialog)
        said = " ".join(str(n.message) for n in app._notifications)
    assert (tmp_path / "s.reflect").exists()
    assert "Tell your supervisor the passphrase face to face" in said
    assert "Strong" not in said and "recovered" not in said


@pytest.fixture
def supervisor_app(access: JournalAccess, tmp_path: Path) -> tuple[ReflectApp, Path]:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A long shift")
    worker.sharing.set_display_name("Alex")
    plan = worker.sharing.plan([entry.id])
    share_file = tmp_path / "elsewhere" / "share.reflect"
    share_file.parent.mkdir()
    worker.sharing.send(plan, BUNDLE_PASS, share_file, kdf=KdfParams(n=16))
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor_access.create(PASSPHRASE).store.close()
    offered = tmp_path / "offered"
    offered.mkdir()
    app = ReflectApp(
        supervisor_access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=offered
    )
    app.bundle_kdfs = {KdfParams(n=16)}  # the share above was sealed cheaply
    return app, share_file


async def test_a_full_path_pasted_after_the_offered_folder_is_brought_in(
    supervisor_app: tuple[ReflectApp, Path],
) -> None:
    app, share_file = supervisor_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        assert dialog.hint == (
            "enter in the last box, or in any box once all are filled, "
            "brings it in · escape cancels"
        )
        path = dialog.query_one("#field-0", Input)
        path.value += str(share_file)  # pasted after /…/offered/
        assert "//" in path.value
        dialog.query_one("#field-1", Input).value = BUNDLE_PASS
        path.focus()
        await pilot.press("enter")  # every box is filled: enter brings it in
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.journal is not None
        [person] = app.journal.reviewing.supervisees()
        assert person.name == "Alex"


async def test_enter_in_a_box_moves_on_while_a_box_is_empty(
    supervisor_app: tuple[ReflectApp, Path],
) -> None:
    app, _ = supervisor_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.focused is dialog.query_one("#field-1", Input)
        assert not dialog.query_one("#dialog-error", Static).display


def test_a_pasted_path_replaces_the_offered_start(tmp_path: Path) -> None:
    folder = str(tmp_path) + "/"
    assert pasted_path(folder + "/tmp/nu/fb.reflect", folder) == "/tmp/nu/fb.reflect"
    assert pasted_path(folder + "~/fb.reflect", folder) == "~/fb.reflect"
    assert pasted_path(folder + "fb.reflect", folder) == folder + "fb.reflect"
    offered_file = str(tmp_path / "reflect-share.reflect")
    assert (
        pasted_path(offered_file + "/tmp/a.reflect", offered_file) == "/tmp/a.reflect"
    )
    # After a folder with no closing slash, /more is a folder inside it.
    assert pasted_path(str(tmp_path) + "/sub", str(tmp_path)) == str(tmp_path) + "/sub"
    assert pasted_path("/somewhere/else", folder) == "/somewhere/else"


def test_a_path_pasted_after_part_of_the_offered_start_is_the_one_meant() -> None:
    offered = "/home/sam/reflect-share-2026-12-06.reflect"
    # The worker cut the offered name back to its folder, then pasted.
    assert pasted_path("/home/sam//tmp/out/x.reflect", offered) == "/tmp/out/x.reflect"
    assert pasted_path("/home/sam/~/out/x.reflect", offered) == "~/out/x.reflect"
    assert pasted_path("/home/sam/out/x.reflect", offered) == "/home/sam/out/x.reflect"


async def test_a_long_message_scrolls_by_keys_and_keeps_its_buttons(
    access: JournalAccess,
) -> None:
    # A whole hint from an organisation's pack may be longer than a 60x20
    # window: it scrolls from the keyboard, the choices stay in view.
    from textual.geometry import Region
    from textual.widgets import Button

    from reflect.tui.dialogs.choice import Choice, ChoiceDialog

    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    lines = [f"Line {n} of the hint." for n in range(1, 41)]
    answers: list[str | None] = []
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.push_screen(
            ChoiceDialog("A long hint", "\n".join(lines), [Choice("w", "Close", "w")]),
            answers.append,
        )
        await pilot.pause()
        dialog = app.screen
        whole = Region(0, 0, 60, 20)
        button = dialog.query_one(Button)
        assert whole.contains_region(button.region)
        message = dialog.query_one("#dialog-message", Static)
        scroll = message.parent
        assert scroll is not None and scroll.scroll_y == 0
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "down")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0  # the last line reached
        assert whole.contains_region(button.region) and answers == []
        await pilot.press("w")
        await pilot.pause()
    assert answers == ["w"]
