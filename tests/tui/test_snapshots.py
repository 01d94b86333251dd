"""Snapshots of the main screens at a fixed size, clock, timezone and data.

Review the report (snapshot_report.html) before `--snapshot-update`: a changed
snapshot is a changed screen a worker will read.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reflect.core.access import JournalAccess
from reflect.core.demo import seed
from reflect.tui.app import ReflectApp
from tests.conftest import PASSPHRASE

TODAY = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(access: JournalAccess) -> ReflectApp:
    journal = access.create(PASSPHRASE)
    seed(journal, TODAY)
    journal.store.close()
    return ReflectApp(access, passphrase=PASSPHRASE)


def test_create_screen(snap_compare, access: JournalAccess) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReflectApp(access), terminal_size=(80, 24))


def test_unlock_screen(snap_compare, access: JournalAccess) -> None:  # type: ignore[no-untyped-def]
    access.create(PASSPHRASE).store.close()
    assert snap_compare(ReflectApp(access), terminal_size=(80, 24))


def test_empty_home(snap_compare, access: JournalAccess) -> None:  # type: ignore[no-untyped-def]
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE)
    assert snap_compare(app, terminal_size=(80, 24))


def test_home_with_entries(snap_compare, demo_app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(100, 30))


def test_home_at_80_by_24(snap_compare, demo_app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24))


def test_entry_view(snap_compare, demo_app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    # down past the draft and the "Recent" heading to the newest entry
    assert snap_compare(demo_app, press=["down", "enter"], terminal_size=(100, 30))


def test_writer_leave_dialog(snap_compare, demo_app: ReflectApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        demo_app,
        press=["n", "enter", *"Hard day", "escape"],
        terminal_size=(100, 30),
    )
