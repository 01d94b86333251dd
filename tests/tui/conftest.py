"""TUI fixtures: a fixed timezone so dates on screen are the same everywhere,
and the app on an empty journal or on the demo's, both at one fixed day."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from reflect.core.access import JournalAccess
from reflect.core.demo.entries import seed
from reflect.tui.app import ReflectApp
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, TODAY


@pytest.fixture(autouse=True)
def utc_timezone(utc_local: None) -> None:
    """Every TUI test reads dates in UTC (the shared fixture does the work)."""


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink, in every box made during a test.

    A blinking cursor is drawn in some pictures and not others, by when the
    picture is taken: a snapshot would fail on a busy machine, or when the
    suite runs on two cores at once. Textual has no public switch for the
    default, so its reactive's default is set (tests only).
    """
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.cursor_blink, "_default", False)


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
