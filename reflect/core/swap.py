"""Operations that put a different file in the journal's place.

Restoring a backup and changing the passphrase both build the new file
beside the journal, check it, and only then rename it into place, so a crash
at any moment leaves either the old journal or the new one, never a mix. The
journal that a restore replaces is kept aside, never deleted.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from reflect.core import filelock
from reflect.core.clock import Clock, utc_now
from reflect.core.errors import ReflectError, WrongPassphrase
from reflect.core.paths import make_private
from reflect.core.store import (
    WRONG_KEY_MESSAGE,
    Store,
    _cheap_default_kdf,
    _connect,
    _is_reflect,
    _quote,
    check,
    is_plain_sqlite,
    open_journal,
    validate_passphrase,
)


def _attach_key_sql(alias: str, target: Path, passphrase: str | None) -> str:
    key = _quote(passphrase) if passphrase is not None else "''"
    return f"ATTACH DATABASE {_quote(str(target))} AS {alias} KEY {key}"


def _move_aside(path: Path, suffix: str) -> Path:
    """Rename the journal (and any WAL leftovers) out of the way; keep it.

    Never onto an earlier kept journal: two restores within one second share
    a stamp, and replacing the first kept copy would lose its writing.
    """
    aside = path.with_name(f"{path.name}.{suffix}")
    if aside.exists():
        aside = path.with_name(f"{path.name}.{suffix}-{uuid.uuid4().hex[:8]}")
    os.replace(path, aside)
    for extra in ("-wal", "-shm"):
        side = Path(f"{path}{extra}")
        if side.exists():
            os.replace(side, Path(f"{aside}{extra}"))
    return aside


def _settle(store: Store) -> int | None:
    """Fold the WAL into the main file and close, so the file stands alone.

    Returns the (exclusive) lock, still held, so nobody opens the journal
    until the new file is in place.
    """
    busy = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise ReflectError(filelock.BUSY_MESSAGE)
    lock, store.lock_fd = store.lock_fd, None
    store.close()
    return lock


def restore(
    current: Store,
    backup_path: Path,
    *,
    now: Clock = utc_now,
    other_journal: bool = False,
) -> tuple[Store, Path]:
    """Replace the journal with a backup; the replaced journal is kept aside.

    The backup must open with the current passphrase, pass `check`, and come
    from this journal (unless `other_journal`) before anything is touched, and
    no other window may have the journal open. Returns the reopened journal
    and where the old one was kept.
    """
    filelock.make_exclusive(current.lock_fd)
    if not backup_path.is_file():
        raise ReflectError(f"there is no backup at {backup_path}")
    passphrase = None if is_plain_sqlite(backup_path) else current.passphrase
    if passphrase is None and not is_plain_sqlite(backup_path):
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=backup_path))
    try:
        probe = _connect(backup_path, passphrase, current.kdf_iter)
    except WrongPassphrase:
        raise ReflectError(
            f"the backup at {backup_path} does not open with your passphrase "
            "(or it is damaged, or not a backup); nothing was changed"
        ) from None
    try:
        if not _is_reflect(probe):
            raise ReflectError(f"{backup_path} is not a reflect journal backup")
        if passphrase is None and current.encrypted:
            # Swapping it in would silently take the passphrase off the journal.
            raise ReflectError(
                f"the backup at {backup_path} is not encrypted and your journal is; "
                "restoring it would remove your passphrase, so nothing was changed"
            )
        if probe.journal_id != current.journal_id and not other_journal:
            raise ReflectError(
                f"the backup at {backup_path} is of a different journal; nothing "
                "was changed (use --other-journal if you really mean to replace "
                "this journal with it)"
            )
        problems = check(probe)
    finally:
        probe.close()
    if problems:
        raise ReflectError(f"the backup at {backup_path} is damaged: {problems[0]}")
    path = current.path
    staged = path.with_name(f".{path.name}.restoring-{uuid.uuid4().hex}")
    try:
        staged.write_bytes(backup_path.read_bytes())
        make_private(staged)
        with open(staged, "rb") as handle:
            os.fsync(handle.fileno())
        lock = _settle(current)
        try:
            stamp = now().strftime("%Y%m%dT%H%M%S")
            aside = _move_aside(path, f"replaced-{stamp}")
            os.replace(staged, path)
        finally:
            filelock.release(lock)
    finally:
        staged.unlink(missing_ok=True)
    reopened = open_journal(path, passphrase, kdf_iter=current.kdf_iter, now=now)
    return reopened, aside


def change_passphrase(store: Store, new: str) -> Store:
    """Re-encrypt the journal under `new` and return it reopened.

    `PRAGMA rekey` cannot add a key to a plain database, so every case goes the
    same way: `sqlcipher_export` into a new file beside the journal, check it,
    then rename it over the old one. A crash leaves the old journal intact.
    """
    validate_passphrase(new)
    filelock.make_exclusive(store.lock_fd)
    path = store.path
    fresh = path.with_name(f".{path.name}.rekey-{uuid.uuid4().hex}")
    try:
        with _cheap_default_kdf(store.kdf_iter):
            store.conn.execute(_attach_key_sql("rekeyed", fresh, new))
            try:
                store.conn.execute("SELECT sqlcipher_export('rekeyed')")
                version = store.conn.execute("PRAGMA user_version").fetchone()[0]
                store.conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            finally:
                store.conn.execute("DETACH DATABASE rekeyed")
        probe = _connect(fresh, new, store.kdf_iter)
        try:
            problems = check(probe)
        finally:
            probe.close()
        if problems:
            raise ReflectError(
                "the re-encrypted copy failed its check; nothing changed"
            )
        make_private(fresh)
        lock = _settle(store)
        try:
            for extra in ("-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
            os.replace(fresh, path)
        finally:
            filelock.release(lock)
    finally:
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)
    return open_journal(path, new, kdf_iter=store.kdf_iter)
