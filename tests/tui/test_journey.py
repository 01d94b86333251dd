"""Pilot tests: a worker creates, writes, leaves, quits and comes back.

Each test drives the real app with key presses against a real encrypted
journal in tmp_path, then checks what the journal holds.
"""

from __future__ import annotations

from reflect.core.access import JournalAccess
from reflect.core.store import is_plain_sqlite
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.unlock import UnlockScreen
from reflect.tui.widgets.entry_list import MORE, PAGE, EntryList
from tests.conftest import PASSPHRASE

SIZE = (100, 30)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_create_write_quit_reopen_and_find(access: JournalAccess) -> None:
    app = ReflectApp(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "river walk")
        await pilot.press("enter")
        await type_text(pilot, "river walk")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "Held a boundary today")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert not is_plain_sqlite(access.path)

    reopened = ReflectApp(access)
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(reopened.screen, UnlockScreen)
        await type_text(pilot, "river walk")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(reopened.screen, HomeScreen)
        assert reopened.journal is not None
        [entry] = reopened.journal.entries.page()
        assert entry.title == "Held a boundary today"
        assert entry.status == "complete"
        option_ids = [
            reopened.screen.query_one(EntryList).get_option_at_index(i).id
            for i in range(reopened.screen.query_one(EntryList).option_count)
        ]
        assert f"entry:{entry.id}" in option_ids
        await pilot.press("ctrl+q")


async def test_mismatched_passphrases_create_nothing(access: JournalAccess) -> None:
    app = ReflectApp(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "one thing")
        await pilot.press("enter")
        await type_text(pilot, "another")
        await pilot.press("enter")
        await pilot.pause()
        assert "different" in str(app.screen.query_one("#error").render())
        assert not access.exists()


async def test_no_passphrase_needs_explicit_choice(access: JournalAccess) -> None:
    app = ReflectApp(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")  # go back: nothing created
        await pilot.pause()
        assert not access.exists()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert is_plain_sqlite(access.path)


async def test_leaving_an_unsaved_note_asks_first(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        await type_text(pilot, "not finished yet")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("w")  # keep writing: back to the words
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.text == "not finished yet"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+d")  # discard
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.entries.page() == []
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        await type_text(pilot, "keep me")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")  # keep as draft
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [draft] = journal.entries.drafts()
        assert journal.entries.get(draft.id).text == "keep me"


async def test_autosave_reaches_the_journal_within_two_seconds(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        await type_text(pilot, "words in progress")
        assert journal.entries.drafts() == []
        await pilot.pause(2.0)
        [draft] = journal.entries.drafts()
        assert journal.entries.get(draft.id).text == "words in progress"


async def test_quitting_while_writing_keeps_a_draft(access: JournalAccess) -> None:
    app = ReflectApp(access, passphrase=PASSPHRASE)
    access.create(PASSPHRASE).store.close()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        await type_text(pilot, "typed then quit")
        await pilot.press("ctrl+q")
    journal = access.open(PASSPHRASE)
    [draft] = journal.entries.drafts()
    assert journal.entries.get(draft.id).text == "typed then quit"
    journal.store.close()


async def test_three_wrong_passphrases_exit_calmly_and_change_nothing(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    before = access.path.read_bytes()
    app = ReflectApp(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for attempt in range(3):
            await type_text(pilot, f"wrong {attempt}")
            await pilot.press("enter")
            await pilot.pause()
        assert "stays locked" in str(app.screen.query_one("#error").render())
        await pilot.pause(3.5)
    assert app.return_code == 3
    assert access.path.read_bytes() == before


async def test_editing_a_note_and_discarding_changes_restores_it(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    entry = journal.notes.add("Original words")
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(journal, entry.id))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " and more")
        await pilot.pause(1.6)  # autosaved in place
        assert journal.entries.get(entry.id).text == "Original words and more"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert journal.entries.get(entry.id).text == "Original words"
        assert journal.entries.get(entry.id).status == "complete"


async def test_home_pages_through_older_entries(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    for n in range(PAGE + 5):
        journal.notes.add(f"note number {n}")
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entries = app.screen.query_one(EntryList)
        assert entries.loaded == PAGE
        assert entries.get_option_index(MORE) == entries.option_count - 1
        entries.highlighted = entries.get_option_index(MORE)
        await pilot.press("enter")
        await pilot.pause()
        assert entries.loaded == PAGE + 5
        ids = [entries.get_option_at_index(i).id for i in range(entries.option_count)]
        assert MORE not in ids


async def test_delete_asks_and_removes(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    entry = journal.notes.add("to be removed")
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the only entry is highlighted
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")  # escape keeps it
        await pilot.pause()
        assert journal.entries.get(entry.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.entries.page() == []


async def test_edit_save_then_delete_returns_home_without_error(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    entry = journal.notes.add("First words")
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " more")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert len([s for s in app.screen_stack if isinstance(s, EntryScreen)]) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.return_code in (None, 0)
    assert [e.id for e in journal.entries.trash()] == [entry.id]


async def test_discarding_changes_to_a_reopened_draft_keeps_its_earlier_words(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    draft_id = journal.notes.save_draft(None, "Yesterday's words")
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the draft is first on home
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, " and today's")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert journal.entries.get(draft_id).text == "Yesterday's words"
    assert journal.entries.get(draft_id).status == "draft"


async def test_palette_offers_no_screenshot(access: JournalAccess) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert "New note" in titles


async def test_typing_on_into_the_leave_question_never_discards(
    access: JournalAccess,
) -> None:
    """A worker who pressed escape by mistake and typed on ("and we…") once
    lost the note to the "d"; discarding is a control key now."""
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")
        await pilot.pause()
        await type_text(pilot, "She said the room was cold")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await type_text(pilot, " and we opened a window, discarded old notes")
        await pilot.pause()
        drafts = journal.entries.drafts()
        assert [d.title for d in drafts] == ["She said the room was cold"]


async def test_a_draft_just_left_is_the_one_highlighted_on_home(
    access: JournalAccess,
) -> None:
    """Leaving a new draft puts it at the top of "Drafts to finish": enter
    must go back to it, not to the older draft the highlight was on."""
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # the picker starts on "Quick note"
        await pilot.pause()
        await type_text(pilot, "first")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("n", "enter")
        await pilot.pause()
        await type_text(pilot, "second")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        listed = app.screen.query_one(EntryList)
        assert listed.highlighted is not None
        chosen = listed.get_option_at_index(listed.highlighted).id or ""
        second = next(d for d in journal.entries.drafts() if d.title == "second")
        assert chosen == f"draft:{second.id}"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.text == "second"
