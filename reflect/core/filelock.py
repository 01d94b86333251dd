"""Knowing whether anyone else has the journal open.

SQLite already serialises writers, but replacing the journal file (restore,
passphrase change) must not happen under another open window: that window
would carry on writing into a file that is no longer the journal, and its
words would be lost. Every open journal holds a shared lock on a small file
beside it; a replacement needs the lock exclusively, and refuses otherwise.

`flock` locks belong to the open file, not to SQLite, so they never disturb
SQLite's own locking. Where `fcntl` is missing (Windows), locking is skipped.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from reflect.core.errors import ReflectError
from reflect.core.paths import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 10.0
BUSY_MESSAGE = (
    "reflect is open somewhere else (another window or command); close it and "
    "try again. Nothing was changed."
)


def lock_path(journal: Path) -> Path:
    return journal.with_name(f".{journal.name}.lock")


def take_shared(journal: Path) -> int | None:
    """Hold a shared lock while the journal is open; None if it cannot be made.

    Waits briefly if a replacement is under way, so opening during a restore
    simply opens the restored journal.
    """
    if fcntl is None:
        return None
    try:
        fd = os.open(lock_path(journal), os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError:
        return None  # a read-only folder: nothing can be replaced there anyway
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise ReflectError(
                    "the journal is being replaced by another command; try again"
                ) from None
            time.sleep(0.05)


def make_exclusive(fd: int | None) -> None:
    """Turn our shared lock into an exclusive one, or refuse at once."""
    if fcntl is None or fd is None:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # keep what we had
        raise ReflectError(BUSY_MESSAGE) from None


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)
