"""The portfolio screen: the fixture journal's areas pictured at 80x24 and
60x20, and the moves a worker makes there (an area's reflections, one of
them opened, the year in review asked for, no framework at all).

Review the report (snapshot_report.html) before `--snapshot-update`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from reflect.core.access import JournalAccess
from reflect.core.frameworks import FrameworkLibrary
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.portfolio import PortfolioScreen
from reflect.tui.screens.review_year import ReviewYearScreen
from tests.conftest import PASSPHRASE, FixedClock
from tests.portfolio_lens import LENS, seed
from tests.portfolio_lens import LIBRARY as FRAMEWORKS
from tests.tui.snapshots import LIBRARY, TWO_SIZES, screen_text


def _app(
    access: JournalAccess, frameworks: FrameworkLibrary = FRAMEWORKS
) -> ReflectApp:
    journal = access.create(PASSPHRASE)
    assert isinstance(access.now, FixedClock)
    seed(journal, access.now)
    journal.store.close()
    return ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, frameworks=frameworks
    )


async def _open_portfolio(pilot: Any) -> None:
    await pilot.press("p")
    await pilot.pause()


@pytest.mark.parametrize("size", TWO_SIZES)
def test_portfolio_pictures(snap_compare, access: JournalAccess, size) -> None:  # type: ignore[no-untyped-def]
    app = _app(access)
    assert snap_compare(app, run_before=_open_portfolio, terminal_size=size)


async def test_an_area_lists_its_reflections_and_opens_one_then_no_framework(
    access: JournalAccess,
) -> None:
    app = _app(access)
    asked: list[messages.ShowYearReview] = []

    def hook(message: object) -> None:
        if isinstance(message, messages.ShowYearReview):
            asked.append(message)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        text = screen_text(app)
        assert "Values in practice ▇▇▁ 2 of 3 areas" in text
        assert "Enter lists an area's reflections" in text
        assert "2 reflections, Nov 2025 – Feb 2026" in text
        await pilot.press("enter")  # the first area: lived experience
        await pilot.pause()
        text = screen_text(app)
        assert "20 Feb 2026 Side by side" in text
        assert "12 Nov 2025 Sharing my story at group" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # back to the areas, the same one chosen
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen) and screen.area_id is None
        await pilot.press("y")
        await pilot.pause()
        assert [m.framework_id for m in asked] == ["lens"]
        assert isinstance(app.screen, ReviewYearScreen)  # the year, previewed
        assert app.screen.framework_id == "lens"
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.check_action("framework", ())  # only one: no f key
        another = replace(LENS, id="another", title="Another lens")
        app.frameworks = FrameworkLibrary({"lens": LENS, "another": another})
        await pilot.press("f")
        await pilot.pause()
        assert "Another lens" in screen_text(app)
        # Nothing linked to this one yet: the way to link is said at the top.
        assert "on a reflection's page, l links it to an area" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PortfolioScreen)
        app.frameworks = FrameworkLibrary()  # none in any layer: one calm line
        app.post_message(messages.ShowPortfolio())
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert "No competence framework found" in screen_text(app)
