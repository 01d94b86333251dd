"""Putting a different file in the journal's place, and mending after a crash.

Restoring a backup and changing the passphrase both build the new journal
beside the old one, check it, and rename it into place. The protocol, so that
at every instant exactly one whole journal is under `journal.db` and no
connection ever spans two files (see `filelock` for why that matters):

1. The caller's own connection is closed and its shared lock let go; the
   lock is then taken *exclusively* (waiting a moment for a command that is
   saving a note). Nobody else has any file of the journal open from here on,
   and anyone who arrives waits.
2. Under that lock the journal is opened afresh, copied into a new private
   file (`.journal.db.rekey-…` or `.journal.db.restoring-…`), and the copy is
   checked and flushed to disk.
3. The old journal's log is folded into its main file and the connection
   closed, so `journal.db` stands alone; its now-empty `-wal` and `-shm` are
   removed (nobody else can have them open).
4. A restore keeps the old journal as `journal.db.replaced-…` by a hard link
   (a copy where links are not possible): `journal.db` never disappears.
5. One `rename` puts the new file over `journal.db`; the folder is flushed.
6. The lock file's token changes, so a command that waited knows the journal
   it waited for is not the one it found; then the lock is let go and the
   new journal opened as usual.

A kill between any two of these steps leaves either the old journal or the
new one under `journal.db`, whole and opening with exactly one passphrase,
plus at most a temporary that `recover` tidies later. `on_step` is called
with each step's name: a seam for tests that pause or kill a swap there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from reflect.core import filelock
from reflect.core.clock import Clock, utc_now
from reflect.core.errors import (
    JournalReplaced,
    LeftAside,
    NoJournal,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.paths import create_private_temporary, fsync_folder
from reflect.core.store import (
    WRONG_KEY_MESSAGE,
    Store,
    _cheap_default_kdf,
    _connect,
    _fsync_file,
    _is_reflect,
    _quote,
    check,
    connect_locked,
    is_plain_sqlite,
    open_journal,
    sidecars,
    validate_passphrase,
    write_copy,
)

Step = Callable[[str], None]

#: The steps of a passphrase change, in order, as passed to `on_step`.
REKEY_STEPS = ("locked", "copied", "settled", "swapped")
#: The steps of a restore, in order, as passed to `on_step`.
RESTORE_STEPS = ("locked", "copied", "settled", "kept", "swapped")

#: Temporaries a killed swap, backup, creation or file write can leave behind.
#: All start with a dot; kept copies (`journal.db.replaced-…`) never match.
_JOURNAL_LEFTOVERS = ("rekey", "restoring", "creating")


def _step(on_step: Step | None, name: str) -> None:
    if on_step is not None:
        on_step(name)


@contextlib.contextmanager
def _alone(store: Store, busy_wait: float | None) -> Iterator[int | None]:
    """Close the caller's connection and hold the journal exclusively.

    If the journal cannot be had alone (a window open elsewhere), or anything
    later fails before the swap, the caller's store is opened again as it
    was, so a refused swap leaves the caller exactly where it stood.
    """
    path, passphrase, kdf_iter = store.path, store.passphrase, store.kdf_iter
    seen = filelock.token(store.lock_fd) if store.lock_fd is not None else None
    store.close()
    try:
        lock = filelock.take_exclusive(
            path,
            expected=seen,
            wait_seconds=(
                filelock.SWAP_WAIT_SECONDS if busy_wait is None else busy_wait
            ),
        )
    except JournalReplaced:
        raise  # what the caller had open is gone: nothing to go back to
    except ReflectError:
        with contextlib.suppress(ReflectError):
            _reattach(store, passphrase, kdf_iter)
        raise
    swapped = False
    try:
        yield lock
        swapped = True
    finally:
        filelock.release(lock)
        if not swapped:
            with contextlib.suppress(ReflectError):
                _reattach(store, passphrase, kdf_iter)


def _reattach(store: Store, passphrase: str | None, kdf_iter: int | None) -> None:
    """Open `store` again in place after a refused or failed swap."""
    again = open_journal(store.path, passphrase, kdf_iter=kdf_iter)
    store.conn, store.lock_fd, store.closed = again.conn, again.lock_fd, False
    store._db = None
    again.lock_fd, again.closed = None, True  # ownership moved to `store`


def _settle(store: Store) -> None:
    """Fold the log into the main file and close, so the file stands alone.

    Only called while holding the journal exclusively, so this is the last
    connection: SQLite removes the `-wal` and `-shm` as it closes. Any left
    must be empty; a log still holding pages would mean a writer we did not
    know of, and the swap stops with nothing changed.
    """
    busy = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    store.close()
    wal = Path(f"{store.path}-wal")
    if busy or (wal.exists() and wal.stat().st_size > 0):
        raise ReflectError(filelock.BUSY_MESSAGE)
    for side in sidecars(store.path):
        side.unlink(missing_ok=True)


def _attach_key_sql(alias: str, target: Path, passphrase: str | None) -> str:
    key = _quote(passphrase) if passphrase is not None else "''"
    return f"ATTACH DATABASE {_quote(str(target))} AS {alias} KEY {key}"


def _checked(path: Path, passphrase: str | None, kdf_iter: int | None) -> None:
    probe = _connect(path, passphrase, kdf_iter)
    try:
        problems = check(probe)
    finally:
        probe.close()
    if problems:
        raise ReflectError(
            f"the new copy failed its check ({problems[0]}); nothing changed"
        )


def _discard(temporary: Path | None) -> None:
    if temporary is not None:
        for leftover in (temporary, *sidecars(temporary)):
            leftover.unlink(missing_ok=True)


def change_passphrase(
    store: Store,
    new: str,
    *,
    on_step: Step | None = None,
    busy_wait: float | None = None,
) -> Store:
    """Re-encrypt the journal under `new` and return it reopened.

    `PRAGMA rekey` cannot add a key to a plain database, so every case goes the
    same way: `sqlcipher_export` into a new file beside the journal, check it,
    then rename it over the old one (see the module's protocol). The old
    file is not kept: its point was the old passphrase. If the change is
    refused, `store` is open again as before and nothing changed.
    """
    validate_passphrase(new)
    path, old, kdf_iter = store.path, store.passphrase, store.kdf_iter
    fresh: Path | None = None
    try:
        with _alone(store, busy_wait) as lock:
            _step(on_step, "locked")
            current = connect_locked(path, old, kdf_iter)
            try:
                fresh = create_private_temporary(path, "rekey")
                with _cheap_default_kdf(kdf_iter):
                    current.conn.execute(_attach_key_sql("rekeyed", fresh, new))
                    try:
                        current.conn.execute("PRAGMA rekeyed.journal_mode = DELETE")
                        current.conn.execute("SELECT sqlcipher_export('rekeyed')")
                        version = current.conn.execute(
                            "PRAGMA user_version"
                        ).fetchone()[0]
                        current.conn.execute(
                            f"PRAGMA rekeyed.user_version = {int(version)}"
                        )
                    finally:
                        current.conn.execute("DETACH DATABASE rekeyed")
                _checked(fresh, new, kdf_iter)
                _fsync_file(fresh)
                _step(on_step, "copied")
                _settle(current)
            finally:
                current.close()
            _step(on_step, "settled")
            os.replace(fresh, path)
            fresh = None
            fsync_folder(path.parent)
            _step(on_step, "swapped")
            # Last, right before the lock goes: anyone who waited now knows.
            filelock.mark_replaced(lock)
    finally:
        _discard(fresh)
    return open_journal(path, new, kdf_iter=kdf_iter)


def restore(
    current: Store,
    backup_path: Path,
    *,
    now: Clock = utc_now,
    other_journal: bool = False,
    on_step: Step | None = None,
    busy_wait: float | None = None,
) -> tuple[Store, Path]:
    """Replace the journal with a backup; the replaced journal is kept aside.

    The backup must open with the current passphrase, pass `check`, and come
    from this journal (unless `other_journal`) before anything is touched, and
    no other window may have the journal open. Returns the reopened journal
    and where the old one was kept. If refused, `current` is open as before.
    """
    if not backup_path.is_file():
        raise ReflectError(f"there is no backup at {backup_path}")
    passphrase = None if is_plain_sqlite(backup_path) else current.passphrase
    if passphrase is None and not is_plain_sqlite(backup_path):
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=backup_path))
    path, kdf_iter = current.path, current.kdf_iter
    probe = _probe_backup(current, backup_path, passphrase, other_journal)
    staged: Path | None = None
    try:
        with _alone(current, busy_wait) as lock:
            _step(on_step, "locked")
            staged = create_private_temporary(path, "restoring")
            write_copy(probe, staged)
            probe.close()
            _checked(staged, passphrase, kdf_iter)
            _fsync_file(staged)
            _step(on_step, "copied")
            try:
                old = connect_locked(path, current.passphrase, kdf_iter)
            except ReflectError:
                old = None  # damaged beyond opening: keep it as it is
            if old is not None:
                try:
                    _settle(old)
                finally:
                    old.close()
            _step(on_step, "settled")
            stamp = now().strftime("%Y%m%dT%H%M%S")
            aside = _keep_aside(path, f"replaced-{stamp}")
            _step(on_step, "kept")
            os.replace(staged, path)
            staged = None
            fsync_folder(path.parent)
            _step(on_step, "swapped")
            # Last, right before the lock goes: anyone who waited now knows.
            filelock.mark_replaced(lock)
    finally:
        probe.close()
        _discard(staged)
    reopened = open_journal(path, passphrase, kdf_iter=kdf_iter, now=now)
    return reopened, aside


def _probe_backup(
    current: Store, backup_path: Path, passphrase: str | None, other_journal: bool
) -> Store:
    """The backup, open and checked; refuses anything that should not go in."""
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
        if problems:
            raise ReflectError(f"the backup at {backup_path} is damaged: {problems[0]}")
    except BaseException:
        probe.close()
        raise
    return probe


def _keep_aside(path: Path, suffix: str) -> Path:
    """A second name for the old journal, so it is kept after the rename.

    A hard link costs nothing and leaves `journal.db` in place; where links
    are not possible (some USB and network filesystems) the old file is
    copied instead. Never onto an earlier kept journal: two restores within
    one second share a stamp.
    """
    aside = path.with_name(f"{path.name}.{suffix}")
    if aside.exists():
        aside = path.with_name(f"{path.name}.{suffix}-{uuid.uuid4().hex[:8]}")
    try:
        os.link(path, aside)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        _copy_private(path, aside)  # the old file is closed and settled
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:  # only a journal too damaged to open
        _copy_private(wal, Path(f"{aside}-wal"))
    fsync_folder(path.parent)
    return aside


def _copy_private(source: Path, dest: Path) -> None:
    """Copy into a private temporary, then rename: a kill never leaves half."""
    tmp = create_private_temporary(dest, "tmp")
    try:
        with open(tmp, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


# --- mending after a crash -------------------------------------------------


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(("-wal", "-shm", "-journal"))


def left_aside(path: Path) -> list[Path]:
    """Journals an interrupted swap left beside a missing `journal.db`.

    Kept copies (`journal.db.replaced-…`) and staged new ones; empty when
    `journal.db` is there, since then nothing is missing.
    """
    if path.exists():
        return []
    folder = path.parent
    if not folder.is_dir():
        return []
    names = [
        *folder.glob(f"{path.name}.replaced-*"),
        *folder.glob(f".{path.name}.restoring-*"),
        *folder.glob(f".{path.name}.rekey-*"),
    ]
    return sorted(p for p in names if not _is_sidecar(p) and p.is_file())


def leftovers(path: Path, backup_dir: Path | None) -> list[Path]:
    """Temporaries that only a killed reflect leaves (all dot-named).

    Full copies of the journal among them may hold words the worker has
    since erased, so they are removed once nobody could be using them.
    """
    folder = path.parent
    found: list[Path] = []
    if folder.is_dir():
        for kind in _JOURNAL_LEFTOVERS:
            found += folder.glob(f".{path.name}.{kind}-*")
        found += folder.glob(".*.tmp-*")
    if backup_dir is not None and backup_dir.is_dir():
        found += backup_dir.glob(".*.partial-*")
        found += backup_dir.glob(".*.tmp-*")
    return sorted(set(found))


def recover(
    path: Path,
    passphrase: str | None,
    *,
    kdf_iter: int | None = None,
    backup_dir: Path | None = None,
) -> list[str]:
    """Bring back a journal an interrupted swap left aside; tidy temporaries.

    Runs only when no other reflect has the journal open (it needs the lock
    alone; otherwise it does nothing and says so). If `journal.db` is
    missing and exactly one staged new journal opens with `passphrase` and
    passes its check, the swap is finished; otherwise the newest kept
    journal is renamed back. Nothing is deleted but dot-named temporaries,
    and those only once `journal.db` is whole. Returns one line per change.
    """
    if not filelock.AVAILABLE:
        return []  # without locks nothing can be tidied safely
    lock = filelock.try_exclusive(path)
    if lock is None:
        if path.exists() and not left_aside(path):
            return []
        return [
            "another reflect has this journal open, so nothing was repaired or "
            "tidied; close it and run `reflect check` again"
        ]
    notes: list[str] = []
    try:
        if not path.exists():
            notes += _bring_back(path, passphrase, kdf_iter)
        for leftover in leftovers(path, backup_dir):
            try:
                leftover.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                notes.append(f"could not remove {leftover}: {exc.strerror}")
                continue
            notes.append(f"removed {leftover}, left by a reflect that was stopped")
    finally:
        filelock.release(lock)
    return notes


def _bring_back(path: Path, passphrase: str | None, kdf_iter: int | None) -> list[str]:
    found = left_aside(path)
    staged = [p for p in found if p.name.startswith(".")]
    kept = sorted(
        (p for p in found if not p.name.startswith(".")),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    whole = [p for p in staged if _opens_whole(p, passphrase, kdf_iter)]
    if len(whole) == 1:
        _link_into_place(whole[0], path)
        return [f"finished an interrupted restore: {whole[0].name} is your journal now"]
    if kept:
        _link_into_place(kept[-1], path)
        return [
            f"brought back {kept[-1].name}, which an interrupted restore had set "
            "aside; it is your journal again"
        ]
    if not staged:
        raise NoJournal(f"there is no journal at {path} yet")
    listed = ", ".join(p.name for p in staged)
    raise LeftAside(
        f"there is no journal at {path}; found {listed} in {path.parent}, but "
        f"{'none opens' if not whole else 'more than one opens'} with this "
        "passphrase and passes its check. Nothing was changed; rename the one "
        f"you want to {path.name} (for example: mv '{staged[0]}' '{path}')"
    )


def _opens_whole(path: Path, passphrase: str | None, kdf_iter: int | None) -> bool:
    key = None if is_plain_sqlite(path) else passphrase
    if key is None and not is_plain_sqlite(path):
        return False
    try:
        probe = _connect(path, key, kdf_iter)
    except ReflectError:
        return False
    try:
        return _is_reflect(probe) and not check(probe)
    except Exception:  # a damaged file can fail in many sqlcipher ways
        return False
    finally:
        probe.close()


def _link_into_place(source: Path, path: Path) -> None:
    """Make `source` the journal without ever overwriting one."""
    os.link(source, path)  # fails, changing nothing, if a journal appeared
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        os.link(wal, Path(f"{path}-wal"))
        wal.unlink()
    source.unlink()
    fsync_folder(path.parent)
