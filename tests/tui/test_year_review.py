"""Pilot: the year in review's preview is exactly what is written.

The preview shows the Markdown as plain text; `i` puts an entry's words in
(own recovery only this way); the export writes what the preview showed.
Snapshots at 80x24 and 60x20.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.core.access import JournalAccess
from reflect.core.frameworks import FrameworkLibrary
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.review_year import ReviewYearScreen
from reflect.tui.widgets.marks import OptionList
from tests.conftest import PASSPHRASE, FixedClock
from tests.tui.snapshots import LIBRARY, TWO_SIZES
from tests.years import LENS, build_year


@pytest.fixture
def year_app(access: JournalAccess, clock: FixedClock, tmp_path: Path) -> ReflectApp:
    journal = access.create(PASSPHRASE)
    build_year(journal, clock)
    journal.store.close()
    return ReflectApp(
        access,
        passphrase=PASSPHRASE,
        library=LIBRARY,
        frameworks=FrameworkLibrary({"lens": LENS}),
        export_dir=tmp_path,
    )


async def last_year(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.post_message(messages.ShowYearReview())
    await pilot.pause()
    await pilot.press("left_square_bracket")
    await pilot.pause()


async def test_the_preview_is_what_is_written(
    year_app: ReflectApp, tmp_path: Path
) -> None:
    async with year_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await last_year(pilot)
        screen = year_app.screen
        assert isinstance(screen, ReviewYearScreen) and screen.year == 2025
        shown = str(screen.query_one("#year-text", Static).content)
        assert shown == screen.markdown and "# My year in review — 2025" in shown
        assert "My meeting" not in shown  # own recovery: listed, left out
        options = screen.query_one("#year-entries", OptionList)
        labels = [
            str(options.get_option_at_index(n).prompt)
            for n in range(options.option_count)
        ]
        assert labels[-1].startswith("My meeting · about your own recovery")
        options.highlighted = options.option_count - 1
        await pilot.press("i")
        await pilot.pause()
        shown = str(screen.query_one("#year-text", Static).content)
        assert "Saw someone there" in shown and shown == screen.markdown
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(year_app.screen, FieldsDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert year_app.screen is screen
    written = (tmp_path / "year-in-review-2025.md").read_text("utf-8")
    assert written == screen.markdown
    page = (tmp_path / "year-in-review-2025.html").read_text("utf-8")
    assert "Saw someone there" in page and page.count("<svg") == 1


@pytest.mark.parametrize("size", TWO_SIZES)
def test_snapshot(snap_compare, year_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(year_app, run_before=last_year, terminal_size=size)
