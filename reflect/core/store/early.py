"""Deriving the key while the rest of the program loads.

SQLCipher's key derivation is the one cost reflect chooses to pay on every
open (about 0.1 s, by design). Loading the command line program costs tens of
milliseconds more, and until now the two ran one after the other. When a
command will certainly open the journal with a passphrase it already has (a
script's `REFLECT_PASSPHRASE`), the entry point starts the open here, on a
thread, before importing anything else; SQLite gives up Python's lock while
it derives, so the imports run on the other core meanwhile. `open_journal`
then takes the lock and connection this made, if they are for the same
file, passphrase and key setting, instead of making its own.

Nothing is done differently from an ordinary open: the shared lock is taken
before the file is opened (`locks.take_shared`, never waiting: a journal
being swapped is left to the ordinary open, which says so) and the
connection is made and proved by `keyed.keyed`, as every open's is. Any failure here
is dropped silently and the ordinary open runs and reports it, so a wrong
passphrase or a missing journal reads exactly as before. What nobody takes
is closed at exit, letting go of its lock.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reflect.core.store import locks
from reflect.core.store.keyed import is_plain_sqlite, keyed

_pending: _Early | None = None


class _Early:
    """One open started on a thread: the lock it holds and the keyed
    connection it made, or nothing."""

    def __init__(self, journal: Callable[[], Path], passphrase: str) -> None:
        self.journal = journal
        self.path: Path | None = None
        self.passphrase = passphrase
        self.made: tuple[int | None, Any] | None = None
        self.thread = threading.Thread(target=self._open, daemon=True)

    def _open(self) -> None:
        try:
            self.path = self.journal().absolute()
            # A journal made without a passphrase is left to the ordinary open.
            if not self.path.exists() or is_plain_sqlite(self.path):
                return
            lock = locks.take_shared(self.path, wait_seconds=0)
            try:
                conn = keyed(self.path, self.passphrase, None, any_thread=True)
            except BaseException:
                locks.release(lock)
                raise
            self.made = (lock, conn)
        except Exception:  # the ordinary open will meet it, and say it
            self.made = None


def begin(journal: Callable[[], Path], passphrase: str) -> None:
    """Start opening the journal with `passphrase` on a thread; `journal`
    finds where it is (on that thread too: finding it loads a little)."""
    global _pending
    if _pending is not None:
        return
    _pending = _Early(journal, passphrase)
    _pending.thread.start()
    atexit.register(discard)


def holds(path: Path) -> bool:
    """Whether an open begun early holds the journal at `path` (waiting for
    it to finish first). Such a journal is encrypted, and nothing else in
    this process may open and close its file meanwhile: on Linux closing any
    handle to a file drops every lock the process holds on it, SQLite's
    own included (`database.needs_passphrase` asks here first)."""
    early = _pending
    if early is None:
        return False
    early.thread.join()
    return early.made is not None and path.absolute() == early.path


def take(
    path: Path, passphrase: str | None, kdf_iter: int | None
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
    early.thread.join()
    if early.path is None or path.absolute() != early.path:
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
        early.thread.join()
    except KeyboardInterrupt:  # at exit: the process ending lets go of it all
        return
    _close(early)


def _close(early: _Early) -> None:
    if early.made is not None:
        lock, conn = early.made
        early.made = None
        conn.close()
        locks.release(lock)
