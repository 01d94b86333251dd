"""Every navigation message reaches the right screen, with the right entry.

Screens never build each other: they post a message from
`reflect.tui.messages` and the app shows the screen. Each test here posts
one message (or presses the key that posts it, watched with Textual's
`message_hook`) against a real encrypted journal, and checks the screen
that appears and what it holds: the entry, the draft, the pack. The last
tests check that "journal changed" reaches the screens that show it, and
that nothing opens above the idle lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual import events
from textual.message import Message
from textual.pilot import Pilot

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.screens.guide import GuideScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.jrnl_import import JrnlImportScreen
from reflect.tui.screens.lock import LockScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.picker import PickerScreen
from reflect.tui.screens.received import ReceivedScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.share import ShareScreen
from reflect.tui.screens.writer import WriterScreen
from reflect.tui.widgets.entry_list import EntryList
from tests.conftest import FAST_KDF, PASSPHRASE

LIBRARY = load_library([shipped_dir()])
SIZE = (100, 30)
CHEAP = KdfParams(n=16)
BUNDLE_PASS = "walnut harbour lantern"


def app_for(access: JournalAccess) -> ReflectApp:
    """The app on a journal that exists (made empty if the test made none)."""
    if not access.exists():
        access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    app.bundle_kdf, app.bundle_kdfs = CHEAP, {CHEAP}
    return app


@asynccontextmanager
async def running(
    access: JournalAccess, seen: list[Message] | None = None
) -> AsyncIterator[tuple[ReflectApp, Pilot[int]]]:
    """The app started on `access` at SIZE, home showing; `seen` collects
    every message posted meanwhile (Textual's message_hook)."""
    app = app_for(access)
    hook = None if seen is None else seen.append
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.pause()
        yield app, pilot


async def post(pilot: Pilot[int], message: Message) -> None:
    pilot.app.post_message(message)
    await pilot.pause()
    await pilot.pause()


def on_screen(app: ReflectApp) -> str:
    """The words the top screen shows now, as a worker reads them."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(" ".join(strip.text.split()) for strip in strips)


def listed(home: HomeScreen) -> list[str]:
    entries = home.query_one(EntryList)
    return [
        str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)
    ]


def open_journal(app: ReflectApp) -> Journal:
    assert app.journal is not None
    return app.journal


def reflection_draft(journal: Journal, pack_id: str = "gibbs") -> str:
    """A guided draft left on its second step, as a worker leaves one."""
    pack = LIBRARY.packs[pack_id]
    entry_id = journal.reflections.start(pack)
    journal.reflections.save_answer(entry_id, pack.steps[0], 0, "The ward round")
    journal.reflections.save_answer(entry_id, pack.steps[1], 1, "Uneasy")
    journal.reflections.set_current_step(entry_id, pack.steps[1].id)
    return entry_id


async def test_open_entry_shows_that_entry(access: JournalAccess) -> None:
    async with running(access) as (app, pilot):
        entry = open_journal(app).notes.add("Held a boundary today")
        await post(pilot, messages.OpenEntry(entry.id))
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == entry.id
        assert "Held a boundary today" in on_screen(app)


async def test_replace_takes_the_place_of_the_screen_that_asked(
    access: JournalAccess,
) -> None:
    """The picker becomes the writer: escape from it goes home, not back."""
    async with running(access) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        depth = len(app.screen_stack)
        await post(pilot, messages.StartWriting("gibbs", replace=True))
        assert isinstance(app.screen, WriterScreen)
        assert len(app.screen_stack) == depth
        assert isinstance(app.screen_stack[-2], HomeScreen)


async def test_the_picker_posts_start_writing_for_the_chosen_pack(
    access: JournalAccess,
) -> None:
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the picker starts on "Quick note"
        await pilot.pause()
        [asked] = [m for m in seen if isinstance(m, messages.StartWriting)]
        assert asked.pack_id is None and asked.replace
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.entry_id is None  # nothing is written until words are


async def test_start_writing_a_pack_opens_its_first_question(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        await post(pilot, messages.StartWriting("what-so-what-now-what"))
        assert isinstance(app.screen, WriterScreen)
        assert app.screen.template.id == "what-so-what-now-what"
        assert app.screen.entry_id is None and app.screen.index == 0


async def test_start_writing_an_unknown_pack_stays_where_it_is(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        await post(pilot, messages.StartWriting("no-such-pack"))
        assert isinstance(app.screen, HomeScreen)


async def test_home_posts_edit_entry_and_a_draft_reopens_at_its_step(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    draft = reflection_draft(journal)
    journal.store.close()
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        await pilot.press("enter")  # home highlights the draft first
        await pilot.pause()
        await pilot.pause()
        [asked] = [m for m in seen if isinstance(m, messages.EditEntry)]
        assert asked.entry_id == draft and not asked.back_to_entry
        screen = app.screen
        assert isinstance(screen, WriterScreen)
        assert screen.entry_id == draft
        assert screen.template.id == "gibbs"
        assert screen.index == 1  # where it was left
        assert not screen.from_entry_view


async def test_edit_entry_opens_a_note_in_the_note_writer(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        note = journal.notes.add("A note to carry on")
        await post(pilot, messages.OpenEntry(note.id))
        seen_before = len(app.screen_stack)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.entry_id == note.id
        assert app.screen.text == "A note to carry on"
        assert len(app.screen_stack) == seen_before + 1  # over the entry


async def test_edit_from_the_entry_goes_back_to_it_when_finished(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    draft = reflection_draft(journal)
    journal.store.close()
    async with running(access) as (app, pilot):
        await post(pilot, messages.EditEntry(draft, back_to_entry=True))
        assert isinstance(app.screen, WriterScreen)
        assert app.screen.from_entry_view


async def test_guide_note_offers_the_packs_for_that_note(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        note = open_journal(app).notes.add(
            "Something to think through\nThe visit ran long."
        )
        await post(pilot, messages.GuideNote(note.id))
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.entry_id == note.id
        await pilot.press("enter")  # the first model
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WriterScreen)
        assert screen.entry_id == note.id and screen.from_entry_view
        entry = open_journal(app).entries.get(note.id)
        assert entry.kind == "reflection"
        assert entry.title == "Something to think through"
        assert entry.answers[0].response == "The visit ran long."
        assert not isinstance(app.screen_stack[-2], GuideScreen)  # replaced


async def test_finish_reflection_calls_back_once_saved(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    draft = reflection_draft(journal)
    journal.store.close()
    told: list[bool] = []
    async with running(access) as (app, pilot):
        pack = LIBRARY.packs["gibbs"]
        await post(pilot, messages.FinishReflection(draft, pack, told.append))
        assert isinstance(app.screen, FinishScreen)
        assert app.screen.entry.id == draft
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert told == [True]
        assert open_journal(app).entries.get(draft).status == "complete"


async def test_the_writer_finishes_into_the_entry(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    draft = reflection_draft(journal)
    journal.store.close()
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        await post(pilot, messages.EditEntry(draft))
        await pilot.press("ctrl+s")  # finish now
        await pilot.pause()
        await pilot.press("ctrl+s")  # save on the finish page
        await pilot.pause()
        await pilot.pause()
        [opened] = [m for m in seen if isinstance(m, messages.OpenEntry)]
        assert opened.entry_id == draft and opened.replace
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == draft
        assert isinstance(app.screen_stack[-2], HomeScreen)  # the writer went


async def test_share_entries_reviews_exactly_those_entries(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        first = journal.notes.add("First thing to share")
        journal.notes.add("Not this one")
        await post(pilot, messages.ShareEntries([first.id], agenda="# Agenda"))
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        assert [e["id"] for e in screen.plan.entries] == [first.id]
        assert screen.plan.agenda == "# Agenda"


async def test_entry_share_key_posts_share_entries(access: JournalAccess) -> None:
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        note = open_journal(app).notes.add("Worth a word with my supervisor")
        await post(pilot, messages.OpenEntry(note.id))
        await pilot.press("S")
        await pilot.pause()
        [asked] = [m for m in seen if isinstance(m, messages.ShareEntries)]
        assert list(asked.entry_ids) == [note.id]
        assert isinstance(app.screen, ShareScreen)


async def test_record_session_starts_from_the_preparation(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        prep = journal.agenda.save_preparation(
            journal.agenda.default_preparation(LIBRARY.packs.get("wellbeing"))
        )
        await post(pilot, messages.RecordSession(prep))
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.prep == prep


async def test_open_received_shows_that_snapshot(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A long shift, shared")
    worker.sharing.set_display_name("Alex")
    data = worker.sharing.seal(worker.sharing.plan([entry.id]), BUNDLE_PASS, kdf=CHEAP)
    worker.store.close()
    supervisor = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    mine = supervisor.create(PASSPHRASE)
    mine.reviewing.receive(data, BUNDLE_PASS, accepted={CHEAP})
    mine.store.close()
    async with running(supervisor) as (app, pilot):
        await post(pilot, messages.OpenReceived(entry.id, 1))
        screen = app.screen
        assert isinstance(screen, ReceivedScreen)
        assert (screen.entry_id, screen.version) == (entry.id, 1)
        assert "A long shift, shared" in on_screen(app)


async def test_import_jrnl_runs_on_its_screen_and_home_shows_the_entries(
    access: JournalAccess, tmp_path: Path
) -> None:
    source = tmp_path / "jrnl.txt"
    source.write_text(
        "[2026-01-05 09:00] Brought in from jrnl\nA line of body.\n\n",
        encoding="utf-8",
    )
    async with running(access) as (app, pilot):
        await post(pilot, messages.ImportJrnl(source))
        screen = app.screen
        assert isinstance(screen, JrnlImportScreen)
        assert screen.path == source
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        [entry] = open_journal(app).entries.page()
        assert entry.title == "Brought in from jrnl"
        home = app.screen_stack[-2]
        assert isinstance(home, HomeScreen)  # told: the list is already there
        assert any("Brought in from jrnl" in row for row in listed(home))


async def test_journal_opened_shows_home(access: JournalAccess) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, library=LIBRARY)  # no passphrase: the unlock screen
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await post(pilot, messages.JournalOpened(access.open(PASSPHRASE)))
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2  # in place of the unlock screen


async def test_journal_changed_rereads_the_entry_on_screen(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        note = journal.notes.add("Tagged later")
        await post(pilot, messages.OpenEntry(note.id))
        journal.entries.set_tags(note.id, ["boundaries"])
        assert "boundaries" not in on_screen(app)
        await post(pilot, messages.JournalChanged())
        assert "boundaries" in on_screen(app)


async def test_the_entry_tags_key_changes_the_tags_and_says_so(
    access: JournalAccess,
) -> None:
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        note = open_journal(app).notes.add("Tag me")
        await post(pilot, messages.OpenEntry(note.id))
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"trust", "enter")
        await pilot.pause()
        await pilot.pause()
        assert any(isinstance(m, messages.JournalChanged) for m in seen)
        assert open_journal(app).entries.get(note.id).tags == ("trust",)
        assert "trust" in on_screen(app)


async def test_nothing_opens_above_the_lock(access: JournalAccess) -> None:
    async with running(access) as (app, pilot):
        note = open_journal(app).notes.add("Private words")
        app.action_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shown: list[Any] = [
            messages.OpenEntry(note.id),
            messages.EditEntry(note.id),
            messages.StartWriting(),
            messages.ShareEntries([note.id]),
        ]
        for message in shown:
            await post(pilot, message)
            assert isinstance(app.screen, LockScreen), message


async def test_an_entry_erased_below_a_writer_never_closes_the_writer(
    access: JournalAccess,
) -> None:
    """ "Journal changed" reaches every screen; a buried entry whose entry has
    gone must not pop the note being written above it (its words with it)."""
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        gone = journal.notes.add("Erased in another window")
        await post(pilot, messages.OpenEntry(gone.id))
        await post(pilot, messages.StartWriting())
        await pilot.press(*"half a thought")
        journal.entries.discard(gone.id)
        await post(pilot, messages.JournalChanged())
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.text == "half a thought"
        await pilot.press("escape", "k")  # keep as draft
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # the gone entry closed on the way
        [draft] = journal.entries.drafts()
        assert draft.title == "half a thought"


async def test_an_entry_erased_below_the_lock_never_lifts_it(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        gone = journal.notes.add("Private, then erased")
        await post(pilot, messages.OpenEntry(gone.id))
        app.action_lock()
        await pilot.pause()
        journal.entries.discard(gone.id)
        await post(pilot, messages.JournalChanged())
        assert isinstance(app.screen, LockScreen)


async def test_opening_an_entry_that_has_gone_says_so_calmly(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        gone = journal.notes.add("Listed, then erased")
        journal.entries.discard(gone.id)
        for message in (messages.OpenEntry(gone.id), messages.EditEntry(gone.id)):
            await post(pilot, message)
            assert isinstance(app.screen, HomeScreen)
        assert app.return_code is None  # still running, nothing raised
        said = [n.message for n in app._notifications]
        assert said.count("That entry is no longer here.") == 2


async def test_journal_changed_is_handed_to_each_screen_once(
    access: JournalAccess,
) -> None:
    """Not bubbling: a screen's copy never comes back to the app (a loop)."""
    seen: list[Message] = []
    async with running(access, seen) as (app, pilot):
        note = open_journal(app).notes.add("Something")
        await post(pilot, messages.OpenEntry(note.id))
        seen.clear()
        await post(pilot, messages.JournalChanged())
        changed = [m for m in seen if isinstance(m, messages.JournalChanged)]
        assert len(changed) == 1 + len(app.screen_stack)


async def test_both_writers_ask_the_same_leave_question(
    access: JournalAccess,
) -> None:
    """One leave dialog (the drafting base): a new note's words are a draft;
    a finished entry's changes are saved in it as they are typed."""
    async with running(access) as (app, pilot):
        journal = open_journal(app)
        done = journal.notes.add("Finished words")
        asked: list[tuple[str, str, list[str]]] = []
        for message in (messages.StartWriting(), messages.EditEntry(done.id)):
            await post(pilot, message)
            await pilot.press(*" more")
            await pilot.press("escape")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ChoiceDialog)
            labels = [c.label for c in dialog.choices]
            asked.append((dialog.title_text, dialog.message, labels))
            await pilot.press("k")
            await pilot.pause()
    assert asked == [
        (
            "Leave this note?",
            "Your words are safe as a draft until you decide.",
            ["Keep as draft", "Discard", "Keep writing"],
        ),
        (
            "Leave this note?",
            "Your changes are saved as you type until you decide.",
            ["Keep changes", "Discard changes", "Keep writing"],
        ),
    ]


async def quickly(pilot: Pilot[int], *keys: str) -> None:
    """Keys pressed faster than the app acts on them: all queued at once,
    as a worker's double press reaches the app (`press` waits between keys)."""
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))
    for _ in range(4):
        await pilot.pause()


async def test_a_double_press_opens_one_screen(access: JournalAccess) -> None:
    async with running(access) as (app, pilot):
        note = open_journal(app).notes.add("Pressed twice")
        await post(pilot, messages.OpenEntry(note.id))
        depth = len(app.screen_stack)
        for keys, screen in (("e", NoteScreen), ("S", ShareScreen)):
            await quickly(pilot, keys, keys)
            assert isinstance(app.screen, screen), keys
            assert len(app.screen_stack) == depth + 1, keys
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, EntryScreen), keys


async def test_enter_twice_on_home_opens_the_entry_once(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        open_journal(app).notes.add("Open me once")
        app.post_message(messages.JournalChanged())
        await pilot.pause()
        await quickly(pilot, "enter", "enter")
        assert isinstance(app.screen, EntryScreen)
        assert len(app.screen_stack) == 3  # the default screen, home, the entry


async def test_guiding_a_note_twice_quickly_converts_it_once(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        note = open_journal(app).notes.add("Guide me")
        await post(pilot, messages.OpenEntry(note.id))
        await quickly(pilot, "g", "g")
        assert isinstance(app.screen, GuideScreen)
        assert len(app.screen_stack) == 4
        await quickly(pilot, "enter", "enter")
        assert app.return_code is None  # no second conversion, no crash
        assert isinstance(app.screen, WriterScreen)
        assert isinstance(app.screen_stack[-2], EntryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # asks before leaving
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)


async def test_saving_a_note_twice_quickly_saves_and_says_it_once(
    access: JournalAccess,
) -> None:
    async with running(access) as (app, pilot):
        await post(pilot, messages.StartWriting())
        await pilot.press(*"Saved once")
        await quickly(pilot, "ctrl+s", "ctrl+s")
        assert isinstance(app.screen, EntryScreen)
        assert [n.message for n in app._notifications].count("Saved.") == 1
        [entry] = open_journal(app).entries.page()
        assert entry.title == "Saved once"
