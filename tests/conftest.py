"""Shared fixtures: every test gets its own home, config folder and journal.

The autouse fixture points REFLECT_HOME and REFLECT_CONFIG_HOME, and the home
and XDG folders the CLI hands on (jrnl's files are looked for there), at
tmp_path and clears passphrase variables, so no test can touch a real journal
or be affected by the developer's shell.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import Store

PASSPHRASE = "a quiet 'walk' by the \"river\""
#: Cheap key derivation so core tests stay fast; the CLI always uses the default.
FAST_KDF = 2


class FixedClock:
    """A clock that advances one minute per reading, from a fixed start."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    monkeypatch.setenv("REFLECT_CONFIG_HOME", str(tmp_path / "config"))
    user = tmp_path / "user"  # the worker's home folder, empty
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_DATA_HOME", str(user / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / ".config"))
    for name in (
        "REFLECT_PASSPHRASE",
        "REFLECT_NEW_PASSPHRASE",
        "REFLECT_BUNDLE_PASSPHRASE",
        "REFLECT_PROMPTS_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def utc_local() -> Iterator[None]:
    """Local time is UTC, so days and times computed from the clock are exact.

    Test modules that depend on the local day opt in with
    `pytestmark = pytest.mark.usefixtures("utc_local")`.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        try:
            yield
        finally:
            mp.undo()
            time.tzset()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def access(tmp_path: Path, clock: FixedClock) -> JournalAccess:
    return JournalAccess(
        JournalPaths(tmp_path / "journal"), kdf_iter=FAST_KDF, now=clock
    )


@pytest.fixture
def journal(access: JournalAccess) -> Iterator[Journal]:
    opened = access.create(PASSPHRASE)
    yield opened
    opened.store.close()


@pytest.fixture
def quick_refusals(monkeypatch: pytest.MonkeyPatch) -> None:
    """A swap refused because another window is open says so at once.

    For real use it waits three seconds for a command that is saving a
    note; a test that means "a window stays open" need not wait for that.
    """
    from reflect.core.store import locks as filelock

    monkeypatch.setattr(filelock, "SWAP_WAIT_SECONDS", 0.05)


@contextlib.contextmanager
def closing_every_store() -> Iterator[list[weakref.ref[Store]]]:
    """Close, on the way out, every journal store opened inside.

    A store left open keeps its connection and its lock's file descriptor
    until the garbage collector happens to find it; over a long suite those
    pile up, and whatever a later test sees should not hang on when
    collection runs. Closing twice is harmless, so tests that close their own
    stores need not change. The stores are held weakly: one a test drops is
    still let go (and its connection closed) exactly when it was before.
    """
    opened: list[weakref.ref[Store]] = []
    made = Store.__init__

    def remember(self: Store, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        opened.append(weakref.ref(self))

    Store.__init__ = remember  # type: ignore[method-assign]
    try:
        yield opened
    finally:
        Store.__init__ = made  # type: ignore[method-assign]
        for still in opened:
            store = still()
            if store is None:
                continue
            # A worker thread's own connection can only be closed there; it
            # closes itself when its job ends.
            with contextlib.suppress(sqlcipher3.ProgrammingError):
                store.close()


@pytest.fixture(autouse=True)
def close_every_store() -> Iterator[list[weakref.ref[Store]]]:
    """Every test's journals are closed when it ends: new tests need not
    call `store.close()` themselves."""
    with closing_every_store() as opened:
        yield opened
