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

import errno
import os
import stat
import time

from reflect.core.errors import (
    CannotOpen,
    JournalBusy,
    JournalReplaced,
    ReflectError,
)
from reflect.core.names import FILE_MODE

TYPE_CHECKING = False  # pathlib and typing wait until after the key (see early)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    #: A journal's path as a `Path` or, from `early`, a plain string.
    JournalPath = str | os.PathLike[str]

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
    "the journal is open in another reflect window or command; close it and "
    "try again. Nothing was changed."
)
REPLACED_MESSAGE = (
    "the journal was re-keyed or restored while this waited; nothing was saved"
)
STILL_REPLACING_MESSAGE = (
    "another reflect is still restoring the journal or changing its "
    "passphrase; nothing was saved. Try again when it has finished."
)

STOPPED_MESSAGE = (
    "another reflect was stopped in the middle of restoring the journal or "
    "changing its passphrase; nothing was saved. Run `reflect check`, then "
    "try again."
)
BAD_LOCK_MESSAGE = (
    "{path} is not the plain file reflect keeps beside your journal (it may "
    "be a link or a folder); nothing was changed. Move it out of the way and "
    "try again"
)

_FLAGS = os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
#: Errors that mean "this folder cannot be written", where no swap can happen
#: either, so opening without a lock protects nothing less.
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
_PENDING = ">"


def lock_path(journal: Path) -> Path:
    """The lock file beside `journal` (for messages, and tests)."""
    from pathlib import Path

    return Path(lock_file(journal))


def lock_file(journal: JournalPath) -> str:
    """The lock file's name, as text: the journal's, hidden, with `.lock`
    after it (text so that `early` needs no pathlib)."""
    folder, name = os.path.split(os.fspath(journal))
    return os.path.join(folder, f".{name}.lock")


def _open(journal: JournalPath, *, writable: bool = False) -> int | None:
    """The lock file, made owner-only if new.

    None only where locks do not exist (Windows) or, for plain opening, in
    a folder we may not write to. Anything else odd (a symlink or a folder
    under the lock's name) is refused: carrying on without the lock is the
    very thing that lost notes.
    """
    if fcntl is None:
        return None
    path = lock_file(journal)
    for _ in range(10):
        try:
            fd = os.open(path, os.O_RDWR | _FLAGS, FILE_MODE)
        except OSError as exc:
            if writable or exc.errno not in _READ_ONLY:
                raise CannotOpen(BAD_LOCK_MESSAGE.format(path=path)) from None
            try:
                return os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                return None
        if _is_current(fd, path):
            return fd
        os.close(fd)  # deleted or replaced between open and now: try again
    raise CannotOpen(BAD_LOCK_MESSAGE.format(path=path))  # pragma: no cover


def _is_current(fd: int, path: str) -> bool:
    """Whether `fd` is still the regular file named `path`.

    If someone deleted the lock file, processes opening it now would lock a
    new file while older ones hold the old one, and exclude nobody.
    """
    try:
        named = os.lstat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return stat.S_ISREG(held.st_mode) and (held.st_dev, held.st_ino) == (
        named.st_dev,
        named.st_ino,
    )


def token(fd: int | None) -> str:
    """What the last swap wrote into the lock file (empty before any swap)."""
    if fd is None:
        return ""
    try:
        return os.pread(fd, 80, 0).decode("ascii", "replace")
    except OSError:  # pragma: no cover - a lock file we could only open oddly
        return ""


def _write_token(fd: int, value: str) -> None:
    os.pwrite(fd, value.encode("ascii"), 0)
    os.ftruncate(fd, len(value))


def begin_swap(fd: int | None) -> None:
    """Mark a swap as under way (held exclusively), before anything changes.

    A waiter that finds this mark still there after its wait knows a swap
    was stopped half-way, and does not guess which journal it is looking at.
    """
    if fd is not None:
        base = token(fd).split(_PENDING)[0]
        _write_token(fd, f"{base}{_PENDING}{os.urandom(16).hex()}")


def end_swap(fd: int | None, *, replaced: bool) -> None:
    """Clear the mark: a new token if `journal.db` is a new file, else the old."""
    if fd is None:
        return
    if replaced:
        _write_token(fd, os.urandom(16).hex())
    else:
        _write_token(fd, token(fd).split(_PENDING)[0])


def settle_token(fd: int | None) -> None:
    """After a stopped swap, start afresh (only while held exclusively)."""
    if fd is not None and _PENDING in token(fd):
        _write_token(fd, os.urandom(16).hex())


def _try(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def changed_since(before: str, after: str) -> bool:
    """Whether a swap finished between two readings of the token."""
    return after.split(_PENDING)[0] != before.split(_PENDING)[0]


def take_shared(
    journal: JournalPath,
    *,
    on_wait: Callable[[], None] | None = None,
    wait_seconds: float = WAIT_SECONDS,
) -> int | None:
    """Hold the journal shared before opening any of its files.

    If a swap is under way this waits for it (calling `on_wait` once, so an
    interface can say why it pauses), at most `wait_seconds`, and then refuses
    if the swap changed the journal, or was stopped half-way: the caller has
    not opened anything yet, so nothing is written anywhere.
    """
    fd = _open(journal)
    if fd is None:
        return None
    before = token(fd)
    if _try(fd, fcntl.LOCK_SH):
        return _still_current(fd, journal, on_wait, wait_seconds)
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + wait_seconds
    while not _try(fd, fcntl.LOCK_SH):
        if time.monotonic() > deadline:
            os.close(fd)
            raise JournalBusy(STILL_REPLACING_MESSAGE)
        time.sleep(_POLL)
    after = token(fd)
    if changed_since(before, after):
        os.close(fd)
        raise JournalReplaced(REPLACED_MESSAGE)
    if after != before and _PENDING in after:
        os.close(fd)
        raise JournalBusy(STOPPED_MESSAGE)
    return _still_current(fd, journal, on_wait, wait_seconds)


def _still_current(
    fd: int, journal: JournalPath, on_wait: Callable[[], None] | None, wait: float
) -> int | None:
    if _is_current(fd, lock_file(journal)):
        return fd
    os.close(fd)  # the lock file was replaced while we waited: use the new one
    return take_shared(journal, on_wait=on_wait, wait_seconds=wait)


def take_exclusive(
    journal: Path,
    *,
    expected: str | None = None,
    wait_seconds: float | None = None,
) -> int | None:
    """Hold the journal alone, waiting briefly for other commands to finish.

    A window left open elsewhere holds its shared lock for as long as it is
    open, so after `wait_seconds` this refuses. `expected` is the token the
    caller saw while it held the journal shared: if another swap happened in
    between, what the caller knows about the journal is out of date.
    """
    fd = _open(journal, writable=True)
    if fd is None:
        return None
    if wait_seconds is None:  # read now, so a test can make refusals quick
        wait_seconds = SWAP_WAIT_SECONDS
    deadline = time.monotonic() + wait_seconds
    while not _try(fd, fcntl.LOCK_EX):
        if time.monotonic() > deadline:
            os.close(fd)
            raise ReflectError(BUSY_MESSAGE)
        time.sleep(_POLL)
    if not _is_current(fd, lock_file(journal)):
        os.close(fd)
        return take_exclusive(journal, expected=expected, wait_seconds=wait_seconds)
    if expected is not None and changed_since(expected, token(fd)):
        os.close(fd)
        raise JournalReplaced(REPLACED_MESSAGE)
    return fd


def try_exclusive(journal: Path) -> int | None:
    """The journal alone if nobody has it open right now, else None at once.

    Used to tidy and repair only when no other reflect could be using what
    is tidied.
    """
    fd = _open(journal, writable=True)
    if fd is None:
        return None
    if _try(fd, fcntl.LOCK_EX) and _is_current(fd, lock_file(journal)):
        return fd
    os.close(fd)
    return None


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)
