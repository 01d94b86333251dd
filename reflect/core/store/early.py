"""Deriving the key while the rest of the program loads.

SQLCipher's key derivation is the one cost reflect chooses to pay on every
open (about 0.1 s, by design). Loading the command line program costs tens of
milliseconds more, and until now the two ran one after the other. When a
command will certainly open the journal with a passphrase it already has (a
script's `REFLECT_PASSPHRASE`), the entry point begins the open here before
importing anything else, and the key is derived on a thread; SQLite gives up
Python's lock while it derives, so the imports run on the other core
meanwhile. `open_journal`
then takes the lock and connection this made, if they are for the same
file, passphrase and key setting, instead of making its own.

Nothing is done differently from an ordinary open: the shared lock is taken
before the file is opened (`locks.take_shared`, never waiting: a journal
being swapped is left to the ordinary open, which says so) and the
connection is made and proved by the two halves of `keyed.keyed`, as every
open's is. Only the second half, the first read that derives the key, runs
on the thread; the quick steps before it run on the caller's, where they do
not wait for Python's lock. Any failure here
is dropped silently and the ordinary open runs and reports it, so a wrong
passphrase or a missing journal reads exactly as before. What nobody takes
is closed at exit, letting go of its lock.
"""

from __future__ import annotations

import atexit
import os
import threading

from reflect.core.store import locks
from reflect.core.store.keyed import absolute, connect, is_plain_sqlite, prove

# Nothing here loads pathlib or typing: this module runs before the key is
# begun, and each costs about 3 ms (paths arrive as `Path` or as text). With
# no folder given, finding the platform's data folder still loads both, with
# platformdirs (`cli.home`).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from reflect.core.store.locks import JournalPath

_pending: _Early | None = None


class _Early:
    """One open begun early: the lock it holds and the keyed connection it
    made (proved once its thread has derived the key), or nothing."""

    def __init__(self, path: str, passphrase: str) -> None:
        self.path = path
        self.identity: tuple[object, object] | None = None
        self.passphrase = passphrase
        self.made: tuple[int | None, Any] | None = None
        self.thread = threading.Thread(target=self._derive, daemon=True)
        self.derived = threading.Event()
        """Set when the thread is done with the connection. Waited for, not
        `thread.join()`: on Python 3.11 a join cut short by Ctrl-C marks the
        thread finished while it still runs, and closing its connection
        under it then crashed the process."""

    def _start(self) -> None:
        """The quick steps, on the calling thread: the lock, then a
        connection given the key (nothing read yet). Done here, not on the
        thread, because each step a thread takes while the main thread is
        importing waits for Python's lock, up to 5 ms a step."""
        # A journal made without a passphrase is left to the ordinary open.
        if not os.path.exists(self.path) or is_plain_sqlite(self.path):
            return
        lock = locks.take_shared(self.path, wait_seconds=0)
        try:
            self.identity = _identity(self.path)
            conn = connect(self.path, self.passphrase, None, any_thread=True)
        except BaseException:
            locks.release(lock)
            raise
        self.made = (lock, conn)
        try:
            self.thread.start()
        except BaseException:  # no thread to be had: let go of it all now
            self.made = None
            conn.close()
            locks.release(lock)
            raise

    def _derive(self) -> None:
        """On the thread: the first read, which derives the key with Python's
        lock let go. A wrong key closes the connection (`prove`) and lets go
        of the lock: the ordinary open then meets it, and says so."""
        try:
            assert self.made is not None
            lock, conn = self.made
            try:
                prove(conn, self.path)
            except BaseException:
                self.made = None
                locks.release(lock)
        finally:
            self.derived.set()

    def opened(self, path: JournalPath) -> bool:
        """Whether this is the open of the journal at `path`: the same file
        and the same lock beside it, however they are named (through a link,
        or relative to another folder)."""
        return self.identity is not None and _identity(path) == self.identity

    def join(self) -> None:
        """Wait for the key, if a thread was started to derive it."""
        if self.thread.ident is not None:
            self.derived.wait()

    def busy(self) -> bool:
        """Whether the thread may still be using the connection."""
        return self.thread.ident is not None and not self.derived.is_set()


def begin(journal: Callable[[], JournalPath], passphrase: str) -> None:
    """Begin opening the journal that `journal` finds with `passphrase`: the
    key is derived on a thread while the caller carries on. Any failure is
    dropped here; the ordinary open meets it again, and says it."""
    global _pending
    if _pending is not None:
        return
    try:
        early = _Early(absolute(journal()), passphrase)
        early._start()
    except Exception:  # the ordinary open will meet it, and say it
        return
    _pending = early
    atexit.register(discard)


def holds(path: JournalPath) -> bool:
    """Whether an open begun early holds the journal at `path` (waiting for
    it to finish first). Such a journal is encrypted, and nothing else in
    this process may open and close its file meanwhile: on Linux closing any
    handle to a file drops every lock the process holds on it, SQLite's
    own included (`database.needs_passphrase` asks here first)."""
    early = _pending
    if early is None:
        return False
    early.join()
    return early.made is not None and early.opened(path)


def take(
    path: JournalPath, passphrase: str | None, kdf_iter: int | None
) -> tuple[int | None, Any] | None:
    """The lock and keyed connection begun early for this same open, once
    the key is derived, or None (nothing begun, another file, or the early
    open failed). Asked for the same file with another passphrase or key
    setting, the early one is closed first, so the ordinary open that
    follows is the only one on the file."""
    global _pending
    early = _pending
    if early is None:
        return None
    early.join()
    if not early.opened(path):
        return None  # another journal: closed at exit, with its lock
    _pending = None
    if kdf_iter is not None or passphrase != early.passphrase:
        _close(early)
        return None
    return early.made


def discard() -> None:
    """Close what an early open made that no open took (at exit, or when a
    command turned out not to open the journal after all)."""
    global _pending
    early, _pending = _pending, None
    if early is None:
        return
    try:
        early.join()
    except KeyboardInterrupt:  # at exit: the process ending lets go of it all
        return
    _close(early)


def _identity(path: JournalPath) -> tuple[object, object] | None:
    """The journal file and its lock file, as the system knows them (device
    and inode). Both: a link to `journal.db` from another folder reaches
    the same file but has another lock beside it, and holding the wrong
    lock would let a restore swap the journal from under the command."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    try:
        lock = os.stat(locks.lock_file(path))
        beside: object = (lock.st_dev, lock.st_ino)
    except OSError:
        beside = None
    return (found.st_dev, found.st_ino), beside


def _close(early: _Early) -> None:
    """Close what was made, unless its thread may still be using it (only
    after Ctrl-C cut a wait short): the process is ending then, and ending
    lets go of it all."""
    if early.busy():
        return
    if early.made is not None:
        lock, conn = early.made
        early.made = None
        conn.close()
        locks.release(lock)
