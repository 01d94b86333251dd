"""Pilot tests of the check-in: number keys and enter, then the sparkline."""

from __future__ import annotations

from reflect.core import checkins
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.screens.checkin import CheckinScreen, ScaleRow
from reflect.tui.screens.home import HomeScreen
from reflect.tui.widgets.wellbeing import WellbeingPanel
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import screen_text

LIBRARY = load_library([shipped_dir()])
WELLBEING = LIBRARY.get("wellbeing")


async def test_a_whole_check_in_with_number_keys_and_enter(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(WellbeingPanel).display
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("4", "3", "5", "2", "4", "3", "2", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        panel = app.screen.query_one(WellbeingPanel)
        assert panel.display
        assert "Energy" in str(panel.render())
    [saved] = journal.checkins.list()
    dims = [d.id for d in checkins.dimensions(WELLBEING)]
    assert saved.scores == dict(zip(dims, [4, 3, 5, 2, 4, 3, 2, 5], strict=True))
    assert saved.bring is False


async def test_checking_in_again_today_opens_todays_answers(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.checkins.save(WELLBEING, {"energy": 2}, note="tired")
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert screen.query_one("#scale-energy").value == 2
        await pilot.press("4", "enter")
        await pilot.pause()
    [saved] = journal.checkins.list()
    assert saved.scores["energy"] == 4
    assert saved.note == "tired"


async def test_three_low_check_ins_are_noticed_and_can_be_dismissed(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    from datetime import timedelta

    start = journal.now()
    for n in range(3):
        moment = start + timedelta(days=n)
        then = Journal(journal.store, lambda m=moment: m)
        then.checkins.save(WELLBEING, {"energy": 1, "role": 4})
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#noticing")
        assert line.display
        assert "Energy has been at the low end" in str(line.render())
        await pilot.press("x")
        await pilot.pause()
        assert not app.screen.query_one("#noticing").display


async def test_enter_on_the_bring_box_saves_and_keeps_the_tick(
    access: JournalAccess,
) -> None:
    """Space ticks; enter saves, as the check-in says (found in a trial:
    enter used to untick the box and save nothing)."""
    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("4", "3", "5", "2", "4", "3", "2", "5")
        app.screen.query_one("#bring-checkin").focus()
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    [saved] = journal.checkins.list()
    assert saved.bring is True


async def test_picking_down_to_the_eighth_scale_keeps_it_in_view_at_60x20(
    access: JournalAccess,
) -> None:
    """Eight scales are taller than a small window: each number moves on to
    the next scale, and the list scrolls so the focused one's 1-5 row shows."""
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"3243423")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        rows = list(screen.query(ScaleRow))
        assert len(rows) == 8
        last = rows[-1]
        assert last.has_focus and last.dim.id == "safety"
        seen = screen.query_one("#checkin").content_region
        assert seen.y <= last.region.y and last.region.bottom <= seen.bottom
        shown = screen_text(app).splitlines()[last.region.y : last.region.bottom]
        assert any("1 2 3 4 5" in line for line in shown), shown


def test_eight_dimensions_keep_two_tidy_columns_on_home_at_both_sizes() -> None:
    """Home's panel is 78 cells wide at 80x24 and 58 at 60x20: eight
    dimensions stay two to a line, no line wraps, and the second column
    starts at the same place on every line."""
    from datetime import date

    from reflect.tui.widgets.wellbeing import wellbeing_text

    dims = checkins.dimensions(WELLBEING)
    scores = {d.id: 3 for d in dims}
    found = [
        checkins.CheckIn(str(n), date(2026, 1, 1 + n), "", "", scores)
        for n in range(28)
    ]
    for width in (78, 58):
        lines = wellbeing_text(found, dims, width=width).plain.splitlines()[1:]
        assert len(lines) == 4
        assert all(len(line) <= width for line in lines), lines
        second = {line.index(dims[n * 2 + 1].name) for n, line in enumerate(lines)}
        assert len(second) == 1, lines


async def test_the_focused_scale_says_its_hint_and_where_a_private_one_goes(
    access: JournalAccess,
) -> None:
    # An honest 1 on own wellbeing is not held back for fear of who sees it;
    # the safety scale says a manager needs to hear what is unsafe.
    from dataclasses import replace

    from reflect.core.supervision import Agreement
    from reflect.tui.screens.checkin import STAYS_HERE

    journal = access.create(PASSPHRASE)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert "Body and mind both" in " ".join(screen_text(app).split())
        app.screen.query_one("#scale-recovery", ScaleRow).focus()
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert STAYS_HERE in shown and "Body and mind both" not in shown
        app.screen.query_one("#scale-safety", ScaleRow).focus()
        await pilot.pause()
        await pilot.pause()
        assert "your manager needs to hear it too" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await pilot.pause()
        journal.supervision.save_agreement(replace(Agreement(), share_recovery=True))
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#scale-recovery", ScaleRow).focus()
        await pilot.pause()
        await pilot.pause()
        assert STAYS_HERE not in " ".join(screen_text(app).split())
