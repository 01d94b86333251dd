"""If today is hard, in the app: one key from home, before unlocking and
under the lock, offered (never opened for the worker) after a check-in at 1
or a heavy pack's `leaving` step at 1, and whole at both sizes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import Input, Select

from reflect.core.access import JournalAccess
from reflect.core.models import Step
from reflect.core.org import Line, Organisation
from reflect.core.preferences import Preferences
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.checkin import CheckinScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.lock import LockScreen
from reflect.tui.screens.support import SupportScreen
from reflect.tui.screens.unlock import UnlockScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, TWO_SIZES

SIZE = (80, 24)
PLAN = "The plan is in [b]my[/b] bag"


def panel_words(app: ReflectApp) -> str:
    """Everything the panel holds, scrolled into view or not."""
    screen = app.screen
    assert isinstance(screen, SupportScreen)
    return "\n".join(str(w.render()) for w in screen.query(".support-item, Static"))


def nations(words: str) -> set[str]:
    return {
        n for n in ("England", "Wales", "Scotland", "Northern Ireland") if n in words
    }


def app_with(access: JournalAccess, prefs: Preferences | None = None) -> ReflectApp:
    journal = access.create(PASSPHRASE)
    if prefs is not None:
        journal.preferences.save(prefs)
    journal.store.close()
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


async def test_bang_on_home_opens_the_panel_with_999_and_the_nations_lines(
    access: JournalAccess,
) -> None:
    app = app_with(access, replace(Preferences(), support_plan=PLAN))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        words = panel_words(app)
        assert "If today is hard" in words and "999" in words and "A&E" in words
        assert nations(words) == {"England", "Wales", "Scotland", "Northern Ireland"}
        assert PLAN in words  # as written, not read as markup
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        # Settings: the worker's nation and people, then only its own lines.
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#nation", Select).value = "scotland"
        screen.query_one("#trusted-name", Input).value = "Robin"
        screen.query_one("#gp", Input).value = "Canal Street Practice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.journal is not None
        kept = app.journal.preferences.load()
        assert (kept.nation, kept.trusted_name) == ("scotland", "Robin")
        await pilot.press("exclamation_mark")
        await pilot.pause()
        words = panel_words(app)
        assert nations(words) == {"Scotland"}
        assert "Breathing Space" in words and "Friday 6pm to Monday 6am" in words
        assert "Samaritans" in words and "SHOUT to 85258" in words
        assert "Robin" in words and "Canal Street Practice" in words and PLAN in words


async def test_from_the_unlock_and_lock_screens_without_the_workers_own_part(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.preferences.save(replace(Preferences(), support_plan=PLAN))
    journal.store.close()
    # The organisation is built by hand (its file's loader is separate work);
    # its lines need no open journal either, and come before the national ones.
    org = Organisation("Harbour", crisis=(Line("Harbour on-call", phone="0100 5"),))
    app = ReflectApp(access, library=LIBRARY, organisation=org)  # it asks
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("f2")
        await pilot.pause()
        words = panel_words(app)
        assert "116 123" in words and PLAN not in words
        assert "From Harbour" in words
        assert words.index("Harbour on-call") < words.index("Samaritans")
        assert "once your journal is open" in words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        app.screen.query_one(Input).value = PASSPHRASE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.action_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert PLAN not in panel_words(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_a_checkin_with_a_1_offers_the_panel_and_a_key_opens_it(
    access: JournalAccess,
) -> None:
    app = app_with(access)

    async def check_in(first: str) -> None:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press(first, "enter")  # the first scale, then save
        await pilot.pause()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await check_in("2")
        assert isinstance(app.screen, HomeScreen)  # nothing offered

        await check_in("1")  # the same day: today's check-in, changed
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.title_text == "If today is hard"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)


async def test_a_leaving_step_at_its_lowest_point_offers_the_panel_once(
    access: JournalAccess,
) -> None:
    pack = replace(
        LIBRARY.get("returning-to-work"),
        steps=(
            Step(
                "leaving",
                "How are you leaving this?",
                input="scale",
                labels=("Heavy", "Low", "Mixed", "Fairly okay", "Settled"),
            ),
        ),
    )
    app = app_with(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.journal is not None
        app.push_screen(WriterScreen(app.journal, pack))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, WriterScreen)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the default is "not now"
        await pilot.pause()
        assert isinstance(app.screen, WriterScreen)
        await pilot.press("3", "1")
        await pilot.pause()
        assert isinstance(app.screen, WriterScreen)  # offered once a visit


@pytest.mark.parametrize("size", TWO_SIZES)
def test_panel(snap_compare, empty_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(empty_app, press=["exclamation_mark"], terminal_size=size)
