"""Every way the app ends keeps the words being written.

Quitting saves the open draft; so must the terminal window closing (SIGHUP),
a `kill` (SIGTERM) and an unexpected error, which used to end the process
with the last seconds of typing only in the widgets. A dialog answered by
the first of several quickly typed keys closes itself only, never the
screens beneath it (typing on into a dialog once stopped the app).
"""

from __future__ import annotations

import asyncio
import signal

import pytest
from textual import events

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.tui import drafting
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.note import NoteScreen
from tests.conftest import PASSPHRASE
from tests.core.test_drafts import StillClock
from tests.tui.test_two_windows import LIBRARY, SIZE, app_for


@pytest.fixture
def clock() -> StillClock:
    """Time stands still, so the other window's hold stays live."""
    return StillClock()


@pytest.fixture(autouse=True)
def slow_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """No autosave during the test: the words exist only in the widget."""
    monkeypatch.setattr(drafting, "AUTOSAVE_SECONDS", 60)


def journal_of(access: JournalAccess) -> Journal:
    return access.open(PASSPHRASE)


async def test_an_unexpected_error_saves_the_words_being_written_first(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = app_for(access)

    def trips() -> None:
        raise RuntimeError("something nobody expected")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n", "enter")  # a new quick note
            await pilot.pause()
            assert isinstance(app.screen, NoteScreen)
            await pilot.press(*"Still here")
            app.call_later(trips)
            await pilot.pause()
    journal = journal_of(access)
    [draft] = journal.entries.drafts()
    assert journal.entries.get(draft.id).text == "Still here"
    assert journal.drafts.holder(draft.id) is None  # let go on the way out
    journal.store.close()


async def test_an_unexpected_error_is_reported_without_what_was_written(
    access: JournalAccess, capsys: pytest.CaptureFixture[str]
) -> None:
    """Textual's own report prints each frame's local variables, which can
    hold a worker's sentences; reflect's names the error and the place only
    (this is why the app overrides Textual's private `_fatal_error`)."""
    access.create(PASSPHRASE).store.close()
    app = app_for(access)

    def trips() -> None:
        private = "what the person I support told me"
        raise RuntimeError(f"stopped near {len(private)} characters")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.call_later(trips)
            await pilot.pause()
    report = capsys.readouterr().err
    assert "reflect met a problem it did not expect and closed" in report
    assert "RuntimeError" in report
    assert "the person I support" not in report


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
async def test_the_terminal_closing_saves_the_words_and_ends_the_app(
    access: JournalAccess, signum: int
) -> None:
    access.create(PASSPHRASE).store.close()
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        loop = asyncio.get_running_loop()
        assert signum in loop._signal_handlers  # type: ignore[attr-defined]
        await pilot.press("n", "enter")
        await pilot.pause()
        await pilot.press(*"Last words")
        app.terminal_closed(signum)  # what the handler runs on the signal
        await pilot.pause()
    assert app.return_code == 128 + signum
    assert signum not in loop._signal_handlers  # type: ignore[attr-defined]
    journal = journal_of(access)
    [draft] = journal.entries.drafts()
    assert journal.entries.get(draft.id).text == "Last words"
    journal.store.close()


async def test_keys_typed_fast_into_a_dialog_close_only_the_dialog(
    access: JournalAccess,
) -> None:
    other = access.create(PASSPHRASE)
    draft = other.notes.save_draft(None, "Words from the other window")
    other.drafts.claim(draft)  # held there: opening it here asks first
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        # The worker thinks the note is open and types a sentence: every key
        # reaches the dialog before it has gone.
        for key in "I felt tired after the rota":
            app.post_message(events.Key(key if key != " " else "space", key))
        # Every key is handled before anything is asserted or the app closes
        # (a loaded machine once ended the test while keys still queued, and
        # the app closed under them): wait for the note, then a little more.
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, NoteScreen):
                break
        await pilot.pause(0.3)
        assert isinstance(app.screen, NoteScreen)  # open, nothing else closed
        assert len(app.screen_stack) == 3
    other.store.close()
