"""Two windows on one draft: the Pilot app is one window, a second `Journal`
connection on the same file is the other.

Neither window's words are lost, the worker is told at once, a draft held by
a live window is offered read-only or to take over, and a window that stopped
renewing its hold (closed, killed) no longer holds it after two minutes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import TextArea
from textual.widgets._toast import Toast

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP
from reflect.core.templates import load_library, shipped_dir
from reflect.tui import drafting
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE
from tests.core.test_drafts import StillClock

SIZE = (100, 30)
LIBRARY = load_library([shipped_dir()])
MARK = "Written in another window at 09:00 ·"


@pytest.fixture
def clock() -> StillClock:
    return StillClock()


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave a moment after typing stops, so the tests need not wait."""
    monkeypatch.setattr(drafting, "AUTOSAVE_SECONDS", 0.05)


@pytest.fixture
def other(access: JournalAccess) -> Iterator[Journal]:
    """The other window: its own connection to the same journal file."""
    access.create(PASSPHRASE).store.close()
    window = access.open(PASSPHRASE)
    yield window
    window.store.close()


def app_for(access: JournalAccess) -> ReflectApp:
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


def toasts(app: ReflectApp) -> str:
    """The text of the notifications showing on screen now."""
    return "\n".join(t.render().plain for t in app.screen.query(Toast))


def screen_text(app: ReflectApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def test_two_windows_on_one_reflection_keep_both_texts(
    access: JournalAccess, other: Journal
) -> None:
    gibbs = LIBRARY.get("gibbs")
    entry = other.reflections.start(gibbs)
    other.reflections.save_answer(entry, gibbs.steps[0], 0, "The home visit")
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the draft, first on home
        await pilot.pause()
        writer = app.screen
        assert isinstance(writer, WriterScreen) and not writer.read_only
        assert other.drafts.holder(entry) is not None  # the app holds it

        # The other window takes it over and saves, from the same revision.
        assert other.drafts.claim(entry, take_over=True) is None
        base = other.drafts.revisions(entry)[gibbs.steps[0].id]
        other.reflections.save_answer(
            entry, gibbs.steps[0], 0, "The home visit, later", base=base
        )
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)

        # The newer words stay on the draft; the app's became a sibling.
        assert other.entries.get(entry).answers[0].response == "The home visit, later"
        sibling = next(d for d in other.entries.drafts() if d.id != entry)
        assert sibling.title == f"{MARK} The home visit!"
        assert other.entries.get(sibling.id).answers[0].response == "The home visit!"
        told = toasts(app)  # the toast on screen says what happened and where
        assert "Another window took this over" in told
        assert MARK in told and "writing in that one now" in told

        # Writing on carries on in the sibling; the other draft is untouched.
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert writer.entry_id == sibling.id
        assert other.entries.get(sibling.id).answers[0].response == "The home visit!?"
        assert other.entries.get(entry).answers[0].response == "The home visit, later"
        assert other.drafts.holder(sibling.id) is not None
        assert other.drafts.holder(entry) is None


async def test_two_windows_on_one_quick_note_keep_both_texts(
    access: JournalAccess, other: Journal
) -> None:
    draft = other.notes.save_draft(None, "Before supervision")
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert other.drafts.claim(draft, take_over=True) is None
        base = other.drafts.revisions(draft)[NOTE_STEP]
        other.notes.save(draft, "Before supervision: the rota", base=base)
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)
        assert other.entries.get(draft).text == "Before supervision: the rota"
        [sibling] = [d for d in other.entries.drafts() if d.id != draft]
        assert sibling.title == f"{MARK} Before supervision!"
        assert other.entries.get(sibling.id).text == "Before supervision!"
        assert "Another window took this over" in toasts(app)


async def test_a_draft_open_in_a_live_window_is_offered_read_only_or_take_over(
    access: JournalAccess, other: Journal
) -> None:
    draft = other.notes.save_draft(None, "Words from the other window")
    assert other.drafts.claim(draft) is None  # the other window has it open
    before = other.entries.get(draft)
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "open in another reflect window" in screen_text(app)

        await pilot.press("r")  # read only: nothing typed here is written
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen) and note.read_only
        assert note.query_one(TextArea).read_only
        await pilot.press("x", "ctrl+s")
        await pilot.pause(0.2)
        assert other.entries.get(draft) == before
        assert other.drafts.revisions(draft) == {NOTE_STEP: 1}
        assert other.drafts.renew(draft)  # still the other window's
        await pilot.press("escape")  # leaves without asking: nothing to keep
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("t")  # take over: this window writes now
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen) and not note.read_only
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)
        assert other.entries.get(draft).text == "Words from the other window!"
        assert not other.drafts.renew(draft)  # the other window is told it lost it
        await pilot.press("ctrl+q")  # quitting lets go of it
        await pilot.pause()
    assert other.drafts.holder(draft) is None
    assert other.drafts.claim(draft) is None


async def test_a_hold_not_renewed_for_two_minutes_no_longer_warns(
    access: JournalAccess, other: Journal, clock: StillClock
) -> None:
    draft = other.notes.save_draft(None, "Left open on the other laptop")
    other.drafts.claim(draft)
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.journal is not None
        assert app.journal.drafts.holder(draft) is not None  # live: opening warns

        clock.advance(minutes=2, seconds=1)  # the other window never renewed
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen) and not note.read_only
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)
        assert other.entries.get(draft).text == "Left open on the other laptop!"
        assert other.drafts.holder(draft) is not None  # the app holds it now
        assert not other.drafts.renew(draft)

        # The other window comes back and takes it over: the app's next
        # heartbeat tells the worker (the timer's work, done now).
        assert other.drafts.claim(draft, take_over=True) is None
        note.renew_presence()
        await pilot.pause()
        assert "Another window has taken this over" in toasts(app)


async def test_discarding_a_note_keeps_what_another_window_saved_in_it(
    access: JournalAccess, other: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        kept: set[str] = set()
        for leave in (("escape", "ctrl+d"), ("backspace", "backspace", "escape")):
            monkeypatch.setattr(drafting, "AUTOSAVE_SECONDS", 0.05)
            app.clear_notifications()
            await pilot.press("n", "enter")  # a new quick note
            await pilot.pause()
            note = app.screen
            assert isinstance(note, NoteScreen)
            await pilot.press("h", "i")
            await pilot.pause(0.2)  # autosaved
            entry = note.entry_id
            assert entry is not None

            # The other window takes it over and writes a paragraph.
            assert other.drafts.claim(entry, take_over=True) is None
            theirs = "hi\nA paragraph written in the other window"
            other.notes.save(
                entry, theirs, base=other.drafts.revisions(entry)[NOTE_STEP]
            )

            # Here: discard from the leave dialog, or erase it all and leave
            # before the next autosave (so the text back to "" is never saved).
            monkeypatch.setattr(drafting, "AUTOSAVE_SECONDS", 30)
            await pilot.press(*leave)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert other.entries.get(entry).text == theirs
            kept.add(entry)
            assert {d.id for d in other.entries.drafts()} == kept  # no sibling either
            assert "Kept: another window saved words here at 09:00" in toasts(app)


async def test_a_note_moved_to_the_trash_elsewhere_keeps_this_windows_words(
    access: JournalAccess, other: Journal
) -> None:
    draft = other.notes.save_draft(None, "Shift notes")
    other.entries.set_tags(draft, ["shifts"])
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen)
        other.entries.delete(draft)  # the other window moves it to the trash
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)

        assert (
            other.entries.get(draft).text == "Shift notes"
        )  # the trashed one as it was
        [kept] = other.entries.drafts()
        assert kept.id == note.entry_id != draft
        assert other.entries.get(kept.id).text == "Shift notes!"
        assert kept.tags == ("shifts",)
        assert "moved to the trash in another window" in toasts(app)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert other.entries.get(kept.id).text == "Shift notes!?"


async def test_a_reflection_moved_to_the_trash_elsewhere_keeps_this_windows_words(
    access: JournalAccess, other: Journal
) -> None:
    gibbs = LIBRARY.get("gibbs")
    entry = other.reflections.start(gibbs)
    other.reflections.save_answer(entry, gibbs.steps[0], 0, "The home visit")
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        writer = app.screen
        assert isinstance(writer, WriterScreen)
        other.entries.delete(entry)
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)

        assert other.entries.get(entry).answers[0].response == "The home visit"
        [kept] = other.entries.drafts()
        assert kept.id == writer.entry_id != entry
        assert other.entries.get(kept.id).answers[0].response == "The home visit!"
        assert kept.template_id == "gibbs"
        assert "moved to the trash in another window" in toasts(app)


async def test_taking_over_moves_the_other_windows_unsaved_words_at_once(
    access: JournalAccess, other: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = other.notes.save_draft(None, "Shift notes")
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen) and not note.read_only
        monkeypatch.setattr(drafting, "AUTOSAVE_SECONDS", 30)
        await pilot.press("exclamation_mark")  # typed, not saved yet

        # The other window opens it and takes it over; then the heartbeat.
        assert other.drafts.claim(draft, take_over=True) is None
        note.renew_presence()
        await pilot.pause()
        [sibling] = [d for d in other.entries.drafts() if d.id != draft]
        assert note.entry_id == sibling.id and not note.read_only
        assert other.entries.get(sibling.id).text == "Shift notes!"
        assert other.entries.get(draft).text == "Shift notes"
        assert "Another window took this over" in toasts(app)

        # The window that took over writes on in the original, not pushed out.
        saved = other.notes.save(draft, "Shift notes: theirs", base=1)
        assert saved.entry_id == draft and saved.sibling_of is None


async def test_taken_over_with_nothing_unsaved_becomes_read_only_and_can_take_back(
    access: JournalAccess, other: Journal
) -> None:
    draft = other.notes.save_draft(None, "Shift notes")
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen)
        assert other.drafts.claim(draft, take_over=True) is None
        note.renew_presence()
        await pilot.pause()
        assert note.read_only and note.query_one(TextArea).read_only
        assert "read only here now" in toasts(app)
        assert [d.id for d in other.entries.drafts()] == [draft]  # no empty sibling

        await pilot.press("ctrl+r")  # take it back, without leaving
        await pilot.pause()
        assert not note.read_only
        await pilot.press("exclamation_mark")
        await pilot.pause(0.2)
        assert other.entries.get(draft).text == "Shift notes!"
        assert not other.drafts.renew(draft)


async def test_escape_on_the_held_elsewhere_question_goes_back(
    access: JournalAccess, other: Journal
) -> None:
    draft = other.notes.save_draft(None, "Words from the other window")
    other.drafts.claim(draft)
    app = app_for(access)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert other.drafts.renew(draft)  # still the other window's
