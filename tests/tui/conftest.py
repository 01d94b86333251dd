"""TUI fixtures: a fixed timezone so dates on screen are the same everywhere,
and the app on an empty journal or on the demo's, both at one fixed day."""

from __future__ import annotations

import pytest

from reflect.core.access import JournalAccess
from reflect.core.demo.entries import seed
from reflect.tui.app import ReflectApp
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, TODAY


@pytest.fixture(autouse=True)
def utc_timezone(utc_local: None) -> None:
    """Every TUI test reads dates in UTC (the shared fixture does the work)."""


@pytest.fixture
def demo_app(access: JournalAccess) -> ReflectApp:
    """The app on the demo's entries, check-ins and supervision, as of TODAY."""
    journal = access.create(PASSPHRASE)
    seed(journal, TODAY)
    journal.store.close()
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


@pytest.fixture
def empty_app(access: JournalAccess) -> ReflectApp:
    access.create(PASSPHRASE).store.close()
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
