"""Knowing whether anyone else has the journal open, and keeping swaps apart.

SQLite already serialises writers, but replacing the journal file (restore,
passphrase change) must not happen under anyone's open connection: SQLite
opens the database, its `-wal` and its `-shm` by *name*, so a connection made
before a swap carries on against the old file while reaching the new file's
log, and two databases end up sharing one WAL (seen as "neither passphrase
opens it" or "database disk image is malformed").

So the rule is: **no connection to `journal.db` exists unless its process
holds a lock on `.journal.db.lock`**, taken *before* any file of the journal
is opened and released only after the connection is closed. Every open
journal holds the lock shared; a swap holds it exclusively from before it
reads the journal until the new file is in place.

The lock file also holds a token that a swap changes while it holds the lock
exclusively. A command that had to wait for the lock compares the token
before and after: if it changed, the journal was re-keyed or restored while it
waited, and the command stops with nothing saved instead of writing into a
journal it did not mean, or calling the new passphrase "wrong".

`flock` locks belong to the open file description, not to the process, so
two connections in one process (the app and a worker thread, or a test's two
windows) exclude each other exactly as two processes do. They never disturb
SQLite's own locks. Where `fcntl` is missing (Windows) no lock is taken; there
Windows itself refuses to rename over a file another program has open, so a
swap fails (and changes nothing) while another reflect has the journal open.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from reflect.core.errors import JournalBusy, JournalReplaced, ReflectError
from reflect.core.paths import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Whether this system has the locks the swap protocol relies on.
AVAILABLE = fcntl is not None

#: How long opening waits for a restore or passphrase change to finish.
WAIT_SECONDS = 30.0
#: How long a swap waits for other commands (a note being saved) to finish.
SWAP_WAIT_SECONDS = 3.0
_POLL = 0.02

BUSY_MESSAGE = (
    "reflect is open somewhere else (another window or command); close it and "
    "try again. Nothing was changed."
)
REPLACED_MESSAGE = (
    "the journal was re-keyed or restored while this waited; nothing was saved"
)
STILL_REPLACING_MESSAGE = (
    "another reflect is still restoring the journal or changing its "
    "passphrase; nothing was saved. Try again when it has finished."
)

_FLAGS = os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)


def lock_path(journal: Path) -> Path:
    return journal.with_name(f".{journal.name}.lock")


def _open(journal: Path) -> int | None:
    """The lock file, made owner-only if new; None where it cannot exist.

    A folder we may not write to cannot have the journal replaced in it
    either, so a missing lock there protects nothing worth refusing for.
    """
    if fcntl is None:
        return None
    try:
        return os.open(lock_path(journal), os.O_RDWR | _FLAGS, FILE_MODE)
    except OSError:
        try:
            return os.open(lock_path(journal), os.O_RDONLY | _FLAGS, FILE_MODE)
        except OSError:
            return None


def token(fd: int | None) -> bytes:
    """What the last swap wrote into the lock file (empty before any swap)."""
    if fd is None:
        return b""
    try:
        return os.pread(fd, 64, 0)
    except OSError:  # pragma: no cover - a lock file we could only open oddly
        return b""


def mark_replaced(fd: int | None) -> None:
    """Tell anyone waiting that the file under `journal.db` is a new one.

    Only called while holding the lock exclusively, right after the swap.
    """
    if fd is None:
        return
    fresh = uuid.uuid4().hex.encode()
    os.pwrite(fd, fresh, 0)
    os.ftruncate(fd, len(fresh))


def _try(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def take_shared(
    journal: Path,
    *,
    on_wait: Callable[[], None] | None = None,
    wait_seconds: float = WAIT_SECONDS,
) -> int | None:
    """Hold the journal shared before opening any of its files.

    If a swap is under way this waits for it (calling `on_wait` once, so an
    interface can say why it pauses), at most `wait_seconds`, and then refuses
    if the swap changed the journal: the caller has not opened anything yet,
    so nothing is written anywhere.
    """
    fd = _open(journal)
    if fd is None:
        return None
    before = token(fd)
    if _try(fd, fcntl.LOCK_SH):
        return fd
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + wait_seconds
    while not _try(fd, fcntl.LOCK_SH):
        if time.monotonic() > deadline:
            os.close(fd)
            raise JournalBusy(STILL_REPLACING_MESSAGE)
        time.sleep(_POLL)
    if token(fd) != before:
        os.close(fd)
        raise JournalReplaced(REPLACED_MESSAGE)
    return fd


def take_exclusive(
    journal: Path,
    *,
    expected: bytes | None = None,
    wait_seconds: float = SWAP_WAIT_SECONDS,
) -> int | None:
    """Hold the journal alone, waiting briefly for other commands to finish.

    A window left open elsewhere holds its shared lock for as long as it is
    open, so after `wait_seconds` this refuses. `expected` is the token the
    caller saw while it held the journal shared: if another swap happened in
    between, what the caller knows about the journal is out of date.
    """
    fd = _open(journal)
    if fd is None:
        return None
    deadline = time.monotonic() + wait_seconds
    while not _try(fd, fcntl.LOCK_EX):
        if time.monotonic() > deadline:
            os.close(fd)
            raise ReflectError(BUSY_MESSAGE)
        time.sleep(_POLL)
    if expected is not None and token(fd) != expected:
        os.close(fd)
        raise JournalReplaced(REPLACED_MESSAGE)
    return fd


def try_exclusive(journal: Path) -> int | None:
    """The journal alone if nobody has it open right now, else None at once.

    Used to tidy and repair only when no other reflect could be using what
    is tidied. Where no lock can be taken at all this is also None, so
    nothing is ever tidied unprotected.
    """
    fd = _open(journal)
    if fd is None:
        return None
    if _try(fd, fcntl.LOCK_EX):
        return fd
    os.close(fd)
    return None


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)
