"""Pilot: share from the entry view through the findings to a file; then, as
the supervisor, bring it in, comment on an answer and write feedback."""

from __future__ import annotations

from pathlib import Path

from reflect.core import bundles, reviewing, sharing
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs import FieldsDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.review import ReceivedScreen, ReviewScreen
from reflect.tui.screens.share import ShareScreen
from tests.conftest import FAST_KDF, PASSPHRASE

LIBRARY = load_library([shipped_dir()])
BUNDLE_PASS = "walnut harbour lantern"


async def fill(pilot, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = pilot.app.screen
    assert isinstance(dialog, FieldsDialog)
    for n, value in enumerate(values):
        dialog.query_one(f"#field-{n}").value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_share_review_and_feedback_through_the_app(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.add_note("After the visit\nThey gave me 07700 900123 to call")
    worker.set_private_note(entry.id, "my own health today")
    share_file = tmp_path / "share.reflect"
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(worker, entry.id))
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        assert screen.open_findings()  # the phone number
        await pilot.press("w")  # refused while a finding is unanswered
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("k")
        await pilot.pause()
        assert not screen.open_findings()
        await pilot.press("w")
        await pilot.pause()
        await fill(pilot, [str(share_file), BUNDLE_PASS, BUNDLE_PASS, "Alex"])
    body = bundles.open_bundle(share_file.read_bytes(), BUNDLE_PASS)
    assert [e["id"] for e in body["entries"]] == [entry.id]
    assert "my own health today" not in share_file.read_bytes().decode("latin-1")
    assert "my own health today" not in str(body)

    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor = supervisor_access.create(PASSPHRASE)
    feedback_file = tmp_path / "feedback.reflect"
    app = ReflectApp(
        supervisor_access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("i")
        await pilot.pause()
        await fill(pilot, [str(share_file), BUNDLE_PASS])
        [person] = reviewing.list_supervisees(supervisor.store)
        assert person.name == "Alex"
        await pilot.press("down", "enter")  # the entry under Alex
        await pilot.pause()
        assert isinstance(app.screen, ReceivedScreen)
        await pilot.press("c")
        await pilot.pause()
        await fill(pilot, ["Calling back was kind and clear", "1"])
        await pilot.press("v", "escape")
        await pilot.pause()
        await pilot.press("up", "f")
        await pilot.pause()
        await fill(pilot, [str(feedback_file), BUNDLE_PASS])
    assert feedback_file.exists()

    report = reviewing.receive(worker, feedback_file.read_bytes(), BUNDLE_PASS)
    assert report.kind == "feedback"
    [comment] = sharing.comments_for(worker.store, entry.id)
    assert comment.step_id == "note"
    assert comment.body == "Calling back was kind and clear"
