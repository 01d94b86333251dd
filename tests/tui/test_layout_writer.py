"""The writer, the finish page and the check-in in small terminals (issue 17).

The question being answered is always on screen; the hint gives way first
and is never shown cut in half; ctrl+t's choice is the worker's, kept in the
journal; typing on a choice step chooses nothing; every check-in scale shows
its 1-5 row when focused; every finish field is in view when focused.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import TextArea

from reflect.core.access import JournalAccess
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.checkin import CheckinScreen, ScaleRow
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.writer import WriterScreen
from reflect.tui.widgets.step_input import ChoiceAnswer
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LARGE, LIBRARY, SMALL, STANDARD, TWO_SIZES, screen_text

GIBBS = LIBRARY.get("gibbs")
START_GIBBS = ["n", *"gibbs", "enter"]
HINT_START = "Where you were, who was involved"


def app_for(access: JournalAccess) -> ReflectApp:
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


async def settle(pilot: Pilot[int]) -> None:
    """The guide is fitted after a layout: wait for both."""
    await pilot.pause()
    await pilot.pause()


def typing_lines(app: ReflectApp) -> int:
    return app.screen.query_one("#answer", TextArea).content_region.height


# ---- the writer --------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "lines"),
    [
        pytest.param(STANDARD, 5, id="80x24"),
        pytest.param(SMALL, 3, id="60x20"),
        pytest.param(LARGE, 5, id="100x30"),
    ],
)
def test_writer_keeps_its_question(
    snap_compare, demo_app: ReflectApp, size, lines
) -> None:  # type: ignore[no-untyped-def]
    async def open_gibbs(pilot: Pilot[int]) -> None:
        await pilot.press(*START_GIBBS)
        # A steady cursor, so the picture does not depend on the blink.
        pilot.app.screen.query_one("#answer", TextArea).cursor_blink = False
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Gibbs' reflective cycle · 1 of 6" in text
        assert "What happened?" in text
        # The hint is read from its start (whole, or one line with an
        # ellipsis), never from the middle of a sentence.
        assert HINT_START in text
        assert "What part did you play?" in text
        assert typing_lines(demo_app) >= lines

    assert snap_compare(demo_app, run_before=open_gibbs, terminal_size=size)


async def test_a_draft_left_at_step_three_opens_on_its_question(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    entry_id = journal.reflections.start(GIBBS)
    for position, step in enumerate(GIBBS.steps[:2]):
        journal.reflections.save_answer(entry_id, step, position, f"words {position}")
    third = GIBBS.steps[2]
    journal.reflections.set_current_step(entry_id, third.id)
    journal.store.close()
    app = app_for(access)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        app.post_message(messages.EditEntry(entry_id))
        await settle(pilot)
        assert isinstance(app.screen, WriterScreen)
        text = screen_text(app)
        assert third.question in text
        assert "3 of 6" in text
        assert typing_lines(app) >= 5


async def test_hiding_the_hint_is_remembered_by_the_journal(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = app_for(access)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press(*START_GIBBS)
        await settle(pilot)
        assert HINT_START in screen_text(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert HINT_START not in screen_text(app)
        assert "What happened?" in screen_text(app)

    again = app_for(access)
    async with again.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press(*START_GIBBS)
        await settle(pilot)
        assert "What happened?" in screen_text(again)
        assert HINT_START not in screen_text(again)
        assert "What part did you play?" not in screen_text(again)
        await pilot.press("ctrl+t")  # and back, for every writer after
        await settle(pilot)
        assert HINT_START in screen_text(again)
        assert again.journal is not None
        assert again.journal.preferences.load().writer_hints


async def test_a_hint_cut_to_fit_is_one_key_from_whole_at_60x20(
    access: JournalAccess,
) -> None:
    # The risk pack's first hint says where a safeguarding worry goes; a
    # small window must not lose that to an ellipsis with no way on.
    access.create(PASSPHRASE).store.close()
    app = app_for(access)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n", *"risk", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WriterScreen)
        # "risk" and enter start the Risk pack (not the first whose summary
        # mentions risk).
        assert (app.screen.template.id, app.screen.step.id) == ("risk", "what")
        shown = screen_text(app)
        assert "ctrl+t reads it all" in shown
        assert "duty worker" not in shown  # cut to fit
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert "tell the duty worker or your manager today" in " ".join(
            screen_text(app).split()
        )
        await pilot.press("escape")  # back to writing, hints still on
        await settle(pilot)
        assert isinstance(app.screen, WriterScreen)
        assert app.journal is not None
        assert app.journal.preferences.load().writer_hints
        assert "ctrl+t reads it all" in screen_text(app)


async def test_typing_on_a_choice_step_chooses_nothing(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    app = app_for(access)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n", *"endings", "enter")
        await settle(pilot)
        await pilot.press(*"It was sudden", "ctrl+n")  # the first step, written
        await settle(pilot)
        choice = app.screen.query_one("#answer", ChoiceAnswer)
        assert choice.has_focus
        await pilot.press(*"I was not ready for it", "enter")
        await settle(pilot)
        assert choice.answer == ""
        assert "Typing does not choose" in screen_text(app)
        await pilot.press("down", "space")  # moving and space still choose
        await settle(pilot)
        assert choice.answer != ""
        assert "Typing does not choose" not in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
    [draft] = journal.entries.drafts()
    kinds = [a for a in journal.entries.get(draft.id).answers if a.step_id == "kind"]
    assert [a.response for a in kinds] == ["Planned, and now over"]


# ---- the finish page -----------------------------------------------------


@pytest.mark.parametrize("size", TWO_SIZES)
def test_finish_page(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    press = [*START_GIBBS, *"A hard visit", "ctrl+s"]
    assert snap_compare(demo_app, press=press, terminal_size=size)


def in_view(widget: Widget) -> bool:
    """The whole widget is inside the part of the screen its parent shows."""
    shown = widget.parent.content_region if isinstance(widget.parent, Widget) else None
    region = widget.region
    return (
        shown is not None
        and region.height > 0
        and region.y >= shown.y
        and region.bottom <= shown.bottom
    )


async def test_every_finish_field_is_in_view_when_focused(
    demo_app: ReflectApp,
) -> None:
    async with demo_app.run_test(size=SMALL) as pilot:
        await pilot.press(*START_GIBBS, *"A hard visit", "ctrl+s")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, FinishScreen)
        seen = []
        for _ in range(12):
            focused = demo_app.focused
            assert focused is not None
            if focused.id in seen:
                break
            seen.append(focused.id)
            scroll = screen.query_one(".finish")
            if focused is scroll:  # the page itself takes a tab when it scrolls
                await pilot.press("tab")
                continue
            visible = scroll.content_region
            region = focused.region
            assert visible.y <= region.y and region.bottom <= visible.bottom, focused
            assert region.right <= visible.right, focused
            await pilot.press("tab")
            await settle(pilot)
        assert {"title", "tags", "bring", "shareable", "private"} <= set(seen)


# ---- the check-in --------------------------------------------------------


@pytest.mark.parametrize("size", TWO_SIZES)
def test_check_in_page(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, press=["c", "3", "3"], terminal_size=size)


async def test_each_focused_scale_shows_its_points_at_60x20(
    demo_app: ReflectApp,
) -> None:
    async with demo_app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, CheckinScreen)
        rows = list(screen.query(ScaleRow))
        for index, row in enumerate(rows):
            assert row.has_focus
            assert in_view(row), row.dim.id
            # Whole in view: its question, its 1-5 row and the hint under it.
            shown = screen_text(demo_app).splitlines()[row.region.y : row.region.bottom]
            assert any(all(str(p) in line for p in range(1, 6)) for line in shown)
            if index + 1 < len(rows):
                await pilot.press("down")
                await settle(pilot)
        await pilot.press("down")  # on to the note, which keeps its box
        await settle(pilot)
        note = screen.query_one("#note")
        assert note.has_focus
        assert note.region.height >= 3
        assert in_view(note)


async def test_the_privacy_hint_is_whole_at_60x20(access: JournalAccess) -> None:
    """The hint grows rather than cut its advice and its key mid-sentence."""
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.preferences = replace(app.preferences, watch_list=("Jordan",))
        app.post_message(messages.StartWriting())
        await pilot.pause()
        await pilot.press(*"Sat with Jordan")
        await pilot.pause(2.0)  # the autosave, which rechecks the hint
        shown = " ".join(screen_text(app).split())
        assert "'Jordan' is on your watch list" in shown
        assert "ctrl+g dismisses." in shown


async def test_a_long_title_is_shown_from_its_start_at_60x20(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    pack = LIBRARY.packs["gibbs"]
    entry_id = journal.reflections.start(pack)
    long = "Someone offered me a gift at the end of a group and I said no"
    journal.reflections.save_answer(entry_id, pack.steps[0], 0, long)
    journal.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.post_message(messages.FinishReflection(entry_id, pack, lambda _: None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert "Someone offered me" in screen_text(app)


async def test_typing_quick_then_enter_starts_a_quick_note(
    access: JournalAccess,
) -> None:
    """ "quick" names the quick note (listed first) and the Quick reflection
    pack alike: enter starts the note, as the list shows it first; "quick
    reflection" still starts the pack."""
    access.create(PASSPHRASE).store.close()
    app = app_for(access)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press("n", *"quick", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n", *"quick", "space", *"reflection", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WriterScreen)
        assert app.screen.template.id == "quick"
