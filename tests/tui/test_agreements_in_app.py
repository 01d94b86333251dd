"""Pilot: with two agreements, the prepare screen is for the next one due and
`o` switches; a co-reflection prepares with its own pack and its record
offers no supervisor sign-off; a group's record asks for roles."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Static

from reflect.core.access import JournalAccess
from reflect.core.supervision import Agreement
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.screens.prepare import PrepareScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import SMALL

LIBRARY = load_library([shipped_dir()])


async def test_prepare_and_record_belong_to_one_agreement(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    soon = date.today() + timedelta(days=3)
    journal.supervision.save_agreement(
        Agreement(name="Kit", supervisor="Kit", type="co-reflection")
    )
    journal.supervision.add_agreement(
        Agreement(name="Peer group", type="group", next_date=soon)
    )
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        prepare = app.screen
        assert isinstance(prepare, PrepareScreen)
        summary = prepare.query_one("#prepare-summary", Static)
        assert "(Peer group)" in str(summary.render())  # the next one due
        await pilot.press("r")
        await pilot.pause()
        record = app.screen
        assert isinstance(record, SessionScreen)
        assert record.query_one("#attendees", Input).value == ""  # roles to add
        assert record.query("#signed")  # a group's facilitator may sign

        await pilot.press("escape", "s")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        prepare = app.screen
        assert isinstance(prepare, PrepareScreen)
        assert prepare.agreement is not None and prepare.agreement.name == "Kit"
        await pilot.press("r")
        await pilot.pause()
        record = app.screen
        assert isinstance(record, SessionScreen)
        assert not record.query("#signed")  # two peers: nobody signs off
        await pilot.press("escape", "s", "g", "q")
        await pilot.pause()
        writer = app.screen
        assert isinstance(writer, WriterScreen)
        assert writer.template.id == "co-reflection"
