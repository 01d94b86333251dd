"""Snapshots of the main screens at 100x30 (and the empty home at 80x24),
fixed clock, zone and data; 80x24 and 60x20 are in the test_layout_* files.

Review the report (snapshot_report.html) before `--snapshot-update`: a changed
snapshot is a changed screen a worker will read.
"""

from __future__ import annotations

import pytest

from reflect.tui import messages
from reflect.tui.app import ReflectApp
from tests.tui.snapshots import LARGE, STANDARD

SIZES = [pytest.param(LARGE, id="100x30"), pytest.param(STANDARD, id="80x24")]
LARGE_ONLY = [pytest.param(LARGE, id="100x30")]
"""Screens pictured at 80x24 and 60x20 in the test_layout_* files are kept
here at the larger size only."""
START_GIBBS = ["n", *"gibbs", "enter"]


@pytest.mark.parametrize("size", SIZES)
def test_empty_home(snap_compare, empty_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(empty_app, terminal_size=size)


@pytest.mark.parametrize("size", LARGE_ONLY)
def test_home_with_demo_data(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=size)


@pytest.mark.parametrize("size", LARGE_ONLY)
def test_picker(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, press=["n"], terminal_size=size)


@pytest.mark.parametrize("size", LARGE_ONLY)
def test_finish(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    press = [*START_GIBBS, *"A hard visit", "ctrl+s"]
    assert snap_compare(demo_app, press=press, terminal_size=size)


@pytest.mark.parametrize("size", LARGE_ONLY)
def test_entry_view(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    async def open_newest(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        [newest] = app.journal.entries.page(limit=1, status="complete")
        app.post_message(messages.OpenEntry(newest.id))
        await pilot.pause()

    assert snap_compare(demo_app, run_before=open_newest, terminal_size=size)


def test_writer_leave_dialog(snap_compare, demo_app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    press = ["n", "enter", *"Hard day", "escape"]
    assert snap_compare(demo_app, press=press, terminal_size=(100, 30))


@pytest.mark.parametrize("size", LARGE_ONLY)
def test_wellbeing_trend(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, press=["w"], terminal_size=size)
