"""Pilot: the settings page saves its preferences and the supervision
agreements together, or, when a value is refused, neither; it edits the
agreement chosen, keeps edits while switching, and adds one."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select, Static, TextArea

from reflect.core.access import JournalAccess
from reflect.core.preferences import Preferences
from reflect.core.supervision import Agreement
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.settings import NEW, SettingsScreen
from reflect.tui.widgets.marks import Checkbox
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import screen_text

LIBRARY = load_library([shipped_dir()])


async def test_the_settings_page_saves_both_or_neither(access: JournalAccess) -> None:
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#watch", TextArea).text = "Sam Okafor\nRiverside"
        screen.query_one("#supervisor", Input).value = "Jo"
        screen.query_one("#next", Input).value = "2026-04-01"
        assert screen.query_one("#share-recovery", Checkbox).value is False
        screen.query_one("#share-recovery", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.preferences.load().watch_list == ("Sam Okafor", "Riverside")
        kept = journal.supervision.agreement()
        assert kept is not None and kept.supervisor == "Jo"
        assert kept.next_date == date(2026, 4, 1)
        assert kept.share_recovery  # own recovery may now go on agendas

        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#supervisor", Input).value = "Someone else"
        screen.query_one("#idle", Input).value = "99999"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # still here, saying why
        said = str(screen.query_one("#error", Static).render())
        assert "between 0 and 1440" in said
    assert journal.supervision.agreement() == kept  # the agreement was not kept
    assert journal.preferences.load() != Preferences()  # the first save stands
    assert journal.preferences.load().idle_minutes == Preferences().idle_minutes


async def test_settings_edit_the_chosen_agreement_and_add_one(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.supervision.save_agreement(Agreement(supervisor="Sam", type="line"))
    journal.supervision.add_agreement(Agreement(name="Peer group", type="group"))
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        choice = screen.query_one("#agreement-choice", Select)
        assert screen.query_one("#agreement-name", Input).value == "Sam"
        screen.query_one("#every", Input).value = "14"
        choice.value = "Peer group"
        await pilot.pause()
        assert screen.query_one("#kind", Select).value == "group"
        screen.query_one("#minutes", Input).value = "90"
        screen.query_one("#readers", Input).value = "me and the facilitator"
        choice.value = NEW
        await pilot.pause()
        assert screen.query_one("#agreement-name", Input).value == ""
        screen.query_one("#agreement-name", Input).value = "Kit"
        screen.query_one("#kind", Select).value = "co-reflection"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    kept = {a.name: a for a in journal.supervision.agreements()}
    assert list(kept) == ["Sam", "Peer group", "Kit"]
    assert kept["Sam"].every_days == 14  # edited before switching: kept too
    assert (kept["Peer group"].minutes, kept["Peer group"].readers) == (
        90,
        "me and the facilitator",
    )
    assert kept["Kit"].type == "co-reflection"


async def test_an_ended_agreement_is_removed_after_one_question(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.supervision.save_agreement(Agreement(supervisor="Sam", type="line"))
    journal.supervision.add_agreement(Agreement(name="Peer group", type="group"))
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#watch", TextArea).text = "Typed before removing"
        screen.query_one("#agreement-choice", Select).value = "Peer group"
        await pilot.pause()
        screen.query_one("#remove-agreement").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("k")  # kept: nothing changes
        await pilot.pause()
        assert [a.name for a in journal.supervision.agreements()] == [
            "Sam",
            "Peer group",
        ]
        screen.query_one("#remove-agreement").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        assert [a.name for a in journal.supervision.agreements()] == ["Sam"]
        # The fields now show the one left, and the page's other words stay.
        assert screen.query_one("#agreement-name", Input).value == "Sam"
        assert screen.query_one("#agreement-choice", Select).value == "Sam"
        assert screen.query_one("#watch", TextArea).text == "Typed before removing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [a.name for a in journal.supervision.agreements()] == ["Sam"]
    assert journal.preferences.load().watch_list == ("Typed before removing",)


async def test_agreement_names_are_shown_as_written(access: JournalAccess) -> None:
    """A name is the worker's own words: "Team [Tues]" is not markup, and
    "Group [/]" once stopped the settings page opening at all."""
    journal = access.create(PASSPHRASE)
    journal.supervision.add_agreement(Agreement(name="Team [Tues]", type="group"))
    journal.supervision.add_agreement(Agreement(name="Group [/]", type="peer"))
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 80)) as pilot:  # the whole page
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        choice = screen.query_one("#agreement-choice", Select)
        assert choice.value == "Team [Tues]"
        assert "Team [Tues]" in screen_text(app)
        choice.value = "Group [/]"
        await pilot.pause()
        assert screen.query_one("#agreement-name", Input).value == "Group [/]"
