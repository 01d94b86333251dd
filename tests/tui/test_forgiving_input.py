"""Keys that do what the screen says they do (issue 17).

A worker reads the hint under a dialog and presses enter where the cursor
is; the palette is searched with a worker's words, not reflect's titles;
and after three wrong passphrases the words saying what to do next are
still on the terminal once the app has closed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.tui.app import ReflectApp
from reflect.tui.commands import ReflectCommands
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.share import ShareScreen
from reflect.tui.screens.unlock import UnlockScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, STANDARD

BUNDLE_PASS = "walnut harbour lantern"


async def test_enter_in_the_passphrase_box_writes_the_bundle_as_the_hint_says(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    worker.sharing.set_display_name("Alex")
    worker.store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    app.bundle_kdf = KdfParams(n=16)  # about the key, not the cipher
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        assert app.journal is not None
        app.push_screen(ShareScreen(app.journal, [entry.id]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        hint = str(dialog.query_one("#dialog-hint", Static).content)
        assert "in any box once all are filled, writes the bundle" in hint
        # The second passphrase box is not the last one (the name is).
        dialog.query_one("#field-1", Input).value = BUNDLE_PASS
        dialog.query_one("#field-2", Input).focus()
        await pilot.press(*BUNDLE_PASS, "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FieldsDialog)
    assert list(tmp_path.glob("*.reflect"))


async def test_three_wrong_passphrases_leave_the_words_on_the_terminal(
    access: JournalAccess,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(UnlockScreen, "CLOSING_AFTER", 0.05)
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, library=LIBRARY)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        for attempt in range(3):
            await pilot.press(*f"wrong{attempt}", "enter")
            await pilot.pause()
        await pilot.pause(0.3)
    assert app.return_code == 3
    # Printed after the app's screen has gone: what stays on the terminal.
    left = " ".join(capsys.readouterr().err.split())
    assert "The journal stays locked and nothing was changed." in left
    assert "try again whenever you are ready" in left
    assert "`reflect restore` can bring back a backup" in left


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("feedback", {"Bring in a bundle", "Supervising"}),
        ("export", {"Share with my supervisor", "Prepare for supervision"}),
        (
            "supervisor",
            {"Share with my supervisor", "Prepare for supervision", "Supervising"},
        ),
    ],
)
async def test_the_palette_finds_what_workers_typed_in_the_trial(
    empty_app: ReflectApp, typed: str, expected: set[str]
) -> None:
    async with empty_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        provider = ReflectCommands(empty_app.screen)
        titles = {hit.text async for hit in provider.search(typed)}
    assert expected <= titles


async def test_the_action_box_example_date_is_two_weeks_from_today(
    empty_app: ReflectApp,
) -> None:
    gibbs = LIBRARY.get("gibbs")
    [action] = [step for step in gibbs.steps if step.input == "action"]
    only_the_plan = replace(gibbs, steps=(action,))
    async with empty_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        assert empty_app.journal is not None
        empty_app.push_screen(WriterScreen(empty_app.journal, only_the_plan))
        await pilot.pause()
        box = empty_app.screen.query_one("#answer", TextArea)
        # The tests' clock starts on 2 March 2026.
        assert "(by 2026-03-16)" in str(box.placeholder)


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (
            "Read the policy",
            "Session recorded with 1 new action. It will come back at your next "
            "preparation until it is done.",
        ),
        (
            "Read the policy\nAsk about rotas; supervisor",
            "Session recorded with 2 new actions. They will come back at your next "
            "preparation until they are done.",
        ),
    ],
    ids=["one", "two"],
)
async def test_a_recorded_session_speaks_of_its_actions_in_plain_words(
    empty_app: ReflectApp, lines: str, said: str
) -> None:
    async with empty_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        record = empty_app.screen
        assert isinstance(record, SessionScreen)
        hint = " ".join(str(w.content) for w in record.query(".hint").results(Static))
        assert "'(by 2026-03-16)' for when" in hint  # two weeks after the clock
        record.query_one("#actions", TextArea).text = lines
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(empty_app.screen, SessionScreen)
        notes = [str(n.message) for n in empty_app._notifications]
    assert said in notes


async def test_the_agenda_export_says_its_two_things_in_two_sentences(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await pilot.press("enter")  # the offered folder
        await pilot.pause()
        said = " ".join(str(n.message) for n in app._notifications)
    assert (
        "These files are NOT encrypted, so keep them somewhere safe. "
        "The HTML file is the one to print." in said
    )


async def test_the_privacy_hint_counts_the_rest_in_a_sentence_of_its_own(
    empty_app: ReflectApp,
) -> None:
    async with empty_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        note = empty_app.screen
        assert isinstance(note, NoteScreen)
        note.query_one(
            TextArea
        ).text = "Rang 07700 900123, then wrote to sam@example.org about LS6 2DE"
        note.flush_draft()  # what the autosave does after a pause
        await pilot.pause()
        hint = str(note.query_one("#privacy", Static).content)
    assert hint.startswith("This might identify someone: '07700 900123'")
    assert "reflect. There are 2 more to look at.  ctrl+g dismisses." in hint
    assert "(and" not in hint
