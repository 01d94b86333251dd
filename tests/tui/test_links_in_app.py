"""Linking entries to framework areas in the app (issue 20).

The entry view's `l` and the finish page's ctrl+l open one dialog: the
areas of a framework under their domains, the suggested ones first and
marked so, none ticked for the worker. Saving is one change in the journal;
escape changes nothing; unticking takes a link away. Pictured at 80x24 and
60x20. The frameworks are a test's own (`tests.lenses`) until the shipped
one is loaded.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reflect.core.access import JournalAccess
from reflect.core.frameworks import Area, Domain
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.link import NO_FRAMEWORK, LinkDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.widgets.marks import OptionList
from tests.conftest import PASSPHRASE
from tests.lenses import LENS, library_with
from tests.tui.snapshots import LIBRARY, TWO_SIZES, screen_text

NOTE = "Took my break\nEven though the ward was busy."
HOSTILE_NOTE = "[bold]asked[/bold] <b>early</b>"
HOSTILE_LENS = replace(
    LENS,
    id="odd",
    title="[red]An odd lens[/red] [/]",  # "[/]" alone stopped the dialog
    domains=(Domain("d", "[b]Domain[/b]", (Area("a", "[i]Area[/i] <x>", "d"),)),),
)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


def app_on(access: JournalAccess, *found: object) -> ReflectApp:
    return ReflectApp(
        access,
        passphrase=PASSPHRASE,
        library=LIBRARY,
        frameworks=library_with(*found),  # type: ignore[arg-type]
    )


async def test_link_and_unlink_from_the_entry_view(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    note = journal.notes.add(NOTE, tags=["rest"]).id
    journal.store.close()
    app = app_on(access, LENS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        opened = app.journal
        assert opened is not None
        app.post_message(messages.OpenEntry(note))
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        assert "[ ] Self-care · suggested" in screen_text(app)  # offered, not ticked
        await pilot.press("escape")  # nothing chosen, nothing changed
        await settle(pilot)
        assert opened.portfolio.links_for(note) == []
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("space")  # the suggestion, highlighted first
        line = app.screen.query_one("#shows", Input)
        line.focus()
        line.value = HOSTILE_NOTE
        await pilot.press("enter")  # enter in the line saves, as ctrl+s
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        [made] = opened.portfolio.links_for(note)
        assert (made.ref, made.note) == ("lens:self-care", HOSTILE_NOTE)
        assert f"Shows: Self-care — {HOSTILE_NOTE}" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert "[x] Self-care" in screen_text(app)
        areas = app.screen.query_one("#areas", OptionList)
        areas.highlighted = areas.get_option_index("self-care")
        await pilot.press("space", "ctrl+s")  # untick: the link goes
        await settle(pilot)
        assert opened.portfolio.links_for(note) == []
        assert "Shows:" not in screen_text(app)
        app.frameworks = library_with()  # none at all: a calm notice instead
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert NO_FRAMEWORK.split(".")[0] in str(list(app._notifications)[-1].message)


async def test_the_finish_page_links_and_several_frameworks_choose_first(
    access: JournalAccess,
) -> None:
    """ctrl+l on the finish page, with two frameworks: the select at the top
    says which; a hostile title is shown as typed."""
    journal = access.create(PASSPHRASE)
    pack = LIBRARY.get("sharing-lived-experience")
    written = journal.reflections.start(pack)
    journal.store.close()
    app = app_on(access, LENS, HOSTILE_LENS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        opened = app.journal
        assert opened is not None
        app.push_screen(FinishScreen(opened, written, pack))
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        assert "[ ] Drawing on lived experience · suggested" in screen_text(app)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FinishScreen)  # still finishing
        assert [k.ref for k in opened.portfolio.links_for(written)] == [
            "lens:lived-experience"
        ]
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.screen.query_one("#framework").value = "odd"  # type: ignore[attr-defined]
        await settle(pilot)
        shown = screen_text(app)
        assert "[b]Domain[/b]" in shown and "[ ] [i]Area[/i] <x>" in shown
        assert "[red]An odd lens[/red] [/]" in shown  # the choice, as written
        await pilot.press("escape")


@pytest.mark.parametrize("size", TWO_SIZES)
def test_the_link_dialog(snap_compare, access: JournalAccess, size) -> None:  # type: ignore[no-untyped-def]
    journal = access.create(PASSPHRASE)
    note = journal.notes.add(NOTE, tags=["rest"]).id
    journal.portfolio.link(note, LENS, "mutuality", "We planned the group together")
    journal.store.close()

    async def open_dialog(pilot: Pilot[int]) -> None:
        await settle(pilot)
        pilot.app.post_message(messages.OpenEntry(note))
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(
        app_on(access, LENS), run_before=open_dialog, terminal_size=size
    )
