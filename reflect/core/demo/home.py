"""The demo's throwaway journal, encrypted under a key only its process knows.

`reflect --demo` writes into a journal in the system's temporary folder, and
a worker trying it out may well type a real note there. A demo ended by
SIGKILL, a crash or a power cut never gets to delete its folder, so the demo
journal is encrypted like a real one, under a random 256-bit key that exists
only in the memory of the process that made it: whatever it leaves behind is
unreadable noise.

The next demo removes such leftovers, but only those it can lock alone. A
demo running in another terminal holds its folder's journal lock (the same
`filelock` every journal uses) shared from before its journal exists until
its folder is gone, so it is never mistaken for a leftover.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.clock import Clock, utc_now
from reflect.core.demo.entries import seed
from reflect.core.errors import ReflectError
from reflect.core.paths import JournalPaths
from reflect.core.store import locks as filelock

PREFIX = "reflect-demo-"
"""Every demo folder's name starts with this (the rest is random)."""
_NAME = re.compile(re.escape(PREFIX) + r"[a-z0-9_]{8}")
"""A demo folder's whole name: the prefix and `mkdtemp`'s eight characters."""
_ATTEMPTS = 3


def random_key() -> str:
    """A fresh 256-bit key in SQLCipher's raw-key form, `x'<64 hex digits>'`.

    SQLCipher uses a raw key as it is, skipping the key derivation that a
    typed passphrase needs (about 0.2 s for each opening here): 256 random
    bits need no stretching, and nobody ever types this key.
    """
    return f"x'{secrets.token_hex(32)}'"


def remove_leftovers(parent: Path) -> list[Path]:
    """Remove earlier demos' folders in `parent` that no running demo holds.

    Only this user's own folders are looked at, named as a demo names them
    and holding nothing but a journal's files (TMPDIR may be a folder the
    worker keeps things in), and each is removed only while its lock is
    held exclusively, so a demo open elsewhere is kept.
    Where there are no file locks (Windows) a running demo cannot be told
    from a dead one, so nothing is removed. Returns what was removed.
    """
    if not filelock.AVAILABLE:
        return []
    removed: list[Path] = []
    for folder in _own_demo_folders(parent):
        try:
            lock = filelock.try_exclusive(JournalPaths(folder).journal)
        except (ReflectError, OSError):
            continue  # an odd lock file, or gone meanwhile: leave it be
        if lock is None:
            continue  # a demo is running there
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            filelock.release(lock)
        if not folder.exists():
            removed.append(folder)
    return removed


def _own_demo_folders(parent: Path) -> list[Path]:
    try:
        found = list(os.scandir(parent))
    except OSError:
        return []
    me = os.getuid()
    folders: list[Path] = []
    for item in found:
        if not item.name.startswith(PREFIX):
            continue
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue
        # Never a link (it could point anywhere) nor another person's folder.
        if stat.S_ISDIR(info.st_mode) and info.st_uid == me and _left_by_a_demo(item):
            folders.append(Path(item.path))
    return folders


def _left_by_a_demo(folder: os.DirEntry[str]) -> bool:
    """Named like a demo's folder and holding only what a demo writes: the
    journal, its SQLite files, its lock and temporaries (all `journal.db…`
    or `.journal.db…`), and no folder."""
    if not _NAME.fullmatch(folder.name):
        return False
    try:
        inside = list(os.scandir(folder.path))
    except OSError:
        return False
    journal = JournalPaths(Path(folder.path)).journal.name
    return all(
        item.name.startswith((journal, f".{journal}"))
        and not item.is_dir(follow_symlinks=False)
        for item in inside
    )


@contextlib.contextmanager
def demo_journal(
    parent: Path, *, now: Clock = utc_now
) -> Iterator[tuple[JournalAccess, str]]:
    """A new demo journal with the sample data, in a new folder in `parent`.

    Yields how to open it and its key; the folder is removed when the block
    ends. Leftovers of earlier demos are removed first.
    """
    remove_leftovers(parent)
    folder, hold = _new_folder(parent)
    try:
        key = random_key()
        access = JournalAccess(JournalPaths(folder), now=now)
        journal = access.create(key)
        try:
            seed(journal, now())
        finally:
            journal.store.close()
        yield access, key
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        filelock.release(hold)


def _new_folder(parent: Path) -> tuple[Path, int | None]:
    """A new private folder, its lock already held shared.

    Another demo starting at the same moment could find the folder in the
    instant before the lock is on it, and tidy it away; then the lock cannot
    be taken, and a new folder is made.
    """
    for attempt in range(_ATTEMPTS):
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        try:
            return folder, filelock.take_shared(JournalPaths(folder).journal)
        except ReflectError:
            shutil.rmtree(folder, ignore_errors=True)
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
