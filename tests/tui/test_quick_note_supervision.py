"""Quick notes in the supervision flow, in the app (issue 19).

A quick note is marked *bring to supervision* (with the ask), *can be
shared* and given a private note from the app, and is then offered on the
prepare screen. Guiding a finished note and leaving at once asks first and
gives the note back exactly as it was: never a draft, never a word changed.
The title stays the title; the first answer holds the rest.
The dialog is pictured at 80x24 and 60x20.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reflect.core.access import JournalAccess
from reflect.core.models import Marks
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.dialogs.supervision import SupervisionDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.guide import GuideScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.prepare import PrepareScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, TWO_SIZES, screen_text

TITLE = "Rota gaps again"
BODY = "The same shift was short twice this week.\nI covered both times."
NOTE = f"{TITLE}\n{BODY}"
ASK = "How to say no to extra shifts"


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


async def test_a_note_marked_in_the_app_is_offered_when_preparing(
    access: JournalAccess,
) -> None:
    """Written, marked with ctrl+o while still a draft, saved: offered.

    The entry view's `b` opens the same dialog on the saved note, with what
    was set; escape there changes nothing.
    """
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(messages.StartWriting())
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note", TextArea).insert(NOTE)
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SupervisionDialog)
        assert TITLE in screen_text(app)
        await pilot.press("space")  # bring it; the ask box takes the cursor
        await pilot.pause()
        assert dialog.focused is dialog.query_one("#ask")
        dialog.query_one("#ask", Input).value = ASK
        await pilot.press("tab", "space")  # can be shared
        dialog.query_one("#private-note", TextArea).insert("not for anyone else")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+s")  # the note itself, finished
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        journal = app.journal
        assert journal is not None
        entry = journal.entries.get(app.screen.entry_id)
        assert (entry.status, entry.title, entry.text) == ("complete", TITLE, NOTE)
        assert (entry.for_supervision, entry.ask, entry.shareable) == (True, ASK, True)
        assert entry.private_note == "not for anyone else"
        assert f"Bring to supervision: {ASK}" in screen_text(app)

        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, SupervisionDialog)
        assert app.screen.query_one("#ask", Input).value == ASK
        await pilot.press("space", "escape")  # untick, then leave: nothing kept
        await settle(pilot)
        assert journal.entries.get(entry.id) == entry

        offered = journal.agenda.candidates(LIBRARY.packs.get("wellbeing"))
        assert [(c.ref, c.title, c.ask) for c in offered if c.kind == "entry"] == [
            (entry.id, TITLE, ASK)
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PrepareScreen)
        assert TITLE in screen_text(app)


async def test_guiding_a_finished_note_then_leaving_gives_it_back_unchanged(
    access: JournalAccess,
) -> None:
    """`g`, a model, escape: asked, and the note is as it was (reopened).

    (Words written while guiding, then taken back, go the same way in the
    writer; core's tests hold `back_to_note` to every word.)
    """
    journal = access.create(PASSPHRASE)
    note = journal.notes.add(NOTE, ask=ASK)
    before = journal.entries.get(note.id)
    journal.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(messages.OpenEntry(note.id))
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        await pilot.press("enter")  # the first model
        await settle(pilot)
        writer = app.screen
        assert isinstance(writer, WriterScreen) and writer.index == 1
        assert app.journal is not None
        guided = app.journal.entries.get(note.id)
        # The title stays the title; the first answer is the rest, once.
        assert guided.title == TITLE
        assert guided.answers[0].response == BODY
        assert guided.status == "complete"  # never a draft, even now
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # asks before leaving
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == note.id

    reopened = access.open(PASSPHRASE)
    try:
        assert reopened.entries.get(note.id) == before
    finally:
        reopened.store.close()


@pytest.mark.parametrize("size", TWO_SIZES)
def test_the_supervision_dialog(snap_compare, empty_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    async def open_dialog(pilot: Pilot[int]) -> None:
        journal = pilot.app.journal  # type: ignore[attr-defined]
        note = journal.notes.add(NOTE, ask=ASK)
        journal.entries.set_marks(
            note.id,
            Marks(True, ASK, private_note="Ask about the overtime form too."),
        )
        pilot.app.post_message(messages.OpenEntry(note.id))
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(empty_app, run_before=open_dialog, terminal_size=size)
