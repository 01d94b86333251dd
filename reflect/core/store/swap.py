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
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3

from reflect.core.clock import Clock, utc_now
from reflect.core.errors import (
    JournalReplaced,
    LeftAside,
    NoJournal,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.paths import (
    create_private_temporary,
    fsync_folder,
    place_new,
    temporary_name,
)
from reflect.core.store import locks as filelock
from reflect.core.store.database import (
    Store,
    cheap_default_kdf,
    check,
    connect,
    connect_locked,
    fsync_file,
    is_reflect,
    open_journal,
    sidecars,
    validate_passphrase,
    write_copy,
)
from reflect.core.store.keyed import (
    WRONG_KEY_MESSAGE,
    is_plain_sqlite,
    key_literal,
    quote,
)

Step = Callable[[str], None]

#: The steps of a passphrase change, in order, as passed to `on_step`.
REKEY_STEPS = ("locked", "copied", "settled", "swapped")
#: The steps of a restore, in order, as passed to `on_step`.
RESTORE_STEPS = ("locked", "copied", "settled", "kept", "swapped")

_HEX = "[0-9a-f]{32}"
_SIDE = "(?:-wal|-shm|-journal)?"


def _step(on_step: Step | None, name: str) -> None:
    if on_step is not None:
        on_step(name)


@dataclass
class _Held:
    """The journal held alone for a swap, and whether the swap has happened."""

    lock: int | None
    replaced: bool = False


@contextlib.contextmanager
def _alone(store: Store, busy_wait: float | None) -> Iterator[_Held]:
    """Close the caller's connection and hold the journal exclusively.

    If the journal cannot be had alone (a window open elsewhere), or anything
    fails before the new file is in place, the caller's store is opened again
    as it was, so a refused swap leaves the caller exactly where it stood.
    """
    path, passphrase, kdf_iter = store.path, store.passphrase, store.kdf_iter
    seen = filelock.token(store.lock_fd) if store.lock_fd is not None else None
    store.close()
    try:
        lock = filelock.take_exclusive(
            path,
            expected=seen,
            wait_seconds=busy_wait,
        )
    except JournalReplaced:
        raise  # what the caller had open is gone: nothing to go back to
    except ReflectError:
        with contextlib.suppress(ReflectError):
            _reattach(store, passphrase, kdf_iter)
        raise
    held = _Held(lock)
    try:
        filelock.begin_swap(lock)
        yield held
    finally:
        # Once the new file is in place the swap has happened, whatever fails
        # after: the token must say so, and the caller must not reopen.
        with contextlib.suppress(OSError):
            filelock.end_swap(lock, replaced=held.replaced)
        filelock.release(lock)
        if not held.replaced:
            with contextlib.suppress(ReflectError):
                _reattach(store, passphrase, kdf_iter)


def _reattach(store: Store, passphrase: str | None, kdf_iter: int | None) -> None:
    """Open `store` again in place after a refused or failed swap."""
    store.adopt(open_journal(store.path, passphrase, kdf_iter=kdf_iter))


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
    key = key_literal(passphrase) if passphrase is not None else "''"
    return f"ATTACH DATABASE {quote(str(target))} AS {alias} KEY {key}"


def _checked(path: Path, passphrase: str | None, kdf_iter: int | None) -> None:
    probe = connect(path, passphrase, kdf_iter)
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


def ensure_alone(path: Path) -> None:
    """Refuse at once if another reflect has the journal open.

    Asked before a restore or passphrase change asks for anything, so a
    worker is not made to type three passphrases to be told "not now". The
    swap itself checks again, holding the lock, so this is only a courtesy.
    """
    if not filelock.AVAILABLE or not path.exists():
        return
    lock = filelock.take_exclusive(path)
    filelock.release(lock)


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
        with _alone(store, busy_wait) as held:
            _step(on_step, "locked")
            current = connect_locked(path, old, kdf_iter)
            try:
                fresh = create_private_temporary(path, "rekey")
                with cheap_default_kdf(kdf_iter):
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
                fsync_file(fresh)
                _step(on_step, "copied")
                _settle(current)
            finally:
                current.close()
            _step(on_step, "settled")
            os.replace(fresh, path)
            held.replaced, fresh = True, None
            fsync_folder(path.parent)
            _step(on_step, "swapped")
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
    if _same_file(backup_path, current.path):
        raise ReflectError(
            f"{backup_path} is your journal itself, not a backup; nothing was changed"
        )
    passphrase = None if is_plain_sqlite(backup_path) else current.passphrase
    if passphrase is None and not is_plain_sqlite(backup_path):
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=backup_path))
    path, kdf_iter = current.path, current.kdf_iter
    probe = _probe_backup(current, backup_path, passphrase, other_journal)
    staged: Path | None = None
    keeping: Path | None = None
    try:
        with _alone(current, busy_wait) as held:
            _step(on_step, "locked")
            staged = create_private_temporary(path, "restoring")
            with _blaming(backup_path, "copied"):
                write_copy(probe, staged)
                probe.close()
                _checked(staged, passphrase, kdf_iter)
            fsync_file(staged)
            _step(on_step, "copied")
            try:
                old = connect_locked(path, current.passphrase, kdf_iter)
            except ReflectError:
                raise ReflectError(
                    "your journal could not be opened to set it aside safely; "
                    "nothing was changed"
                ) from None
            try:
                _settle(old)
            finally:
                old.close()
            _step(on_step, "settled")
            keeping = _second_name(path)
            _step(on_step, "kept")
            os.replace(staged, path)
            held.replaced, staged = True, None
            fsync_folder(path.parent)
            _step(on_step, "swapped")
            aside = _name_kept(keeping, path, now().strftime("%Y%m%dT%H%M%S"))
            keeping = None
    finally:
        probe.close()
        _discard(staged)
        if keeping is not None:  # the swap never happened: drop the extra name
            keeping.unlink(missing_ok=True)
    reopened = open_journal(path, passphrase, kdf_iter=kdf_iter, now=now)
    return reopened, aside


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _probe_backup(
    current: Store, backup_path: Path, passphrase: str | None, other_journal: bool
) -> Store:
    """The backup, open and checked; refuses anything that should not go in."""
    try:
        probe = connect(backup_path, passphrase, current.kdf_iter)
    except (WrongPassphrase, NoJournal):
        raise ReflectError(
            f"the backup at {backup_path} does not open with your passphrase "
            "(or it is damaged, or not a backup); nothing was changed"
        ) from None
    try:
        with _blaming(backup_path, "read"):
            _refuse_unfit(current, probe, backup_path, passphrase, other_journal)
    except BaseException:
        probe.close()
        raise
    return probe


@contextlib.contextmanager
def _blaming(backup_path: Path, verb: str) -> Iterator[None]:
    """Name the backup when SQLite fails while reading it.

    A damaged page in an encrypted backup fails its check only when it is
    read, deep in `integrity_check` or the copy; SQLite's own words
    ("database disk image is malformed") would otherwise reach the worker
    as a fault in their journal, which is untouched.
    """
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        # Reading can only fail on damage; copying may also fail on a full disk.
        if verb == "read":
            why, then = f"it is damaged ({exc})", " Try another backup."
        else:
            why, then = str(exc), ""
        raise ReflectError(
            f"the backup at {backup_path} could not be {verb}: {why}. Nothing "
            f"was changed; your journal is as it was.{then}"
        ) from None


def _refuse_unfit(
    current: Store,
    probe: Store,
    backup_path: Path,
    passphrase: str | None,
    other_journal: bool,
) -> None:
    """Raise if the opened backup must not replace the journal."""
    if not is_reflect(probe):
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


def _second_name(path: Path) -> Path:
    """A dot-named second name for the settled old journal, before the swap.

    A hard link costs nothing and leaves `journal.db` in place; where links
    are not possible (some USB and network filesystems) the old file is
    copied. Dot-named until the swap is done, so a kill before it leaves
    only a spare name that `recover` can tell apart (same file as
    `journal.db`) from the only name of an old journal (a different file).
    """
    keeping = temporary_name(path, "keeping")
    try:
        os.link(path, keeping)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        _copy_private(path, keeping)
    fsync_folder(path.parent)
    return keeping


def _name_kept(keeping: Path, path: Path, stamp: str) -> Path:
    """Give the old journal its lasting name, never over an earlier kept one."""
    aside = path.with_name(f"{path.name}.replaced-{stamp}")
    while True:
        try:
            place_new(keeping, aside)
        except FileExistsError:
            aside = path.with_name(
                f"{path.name}.replaced-{stamp}-{uuid.uuid4().hex[:8]}"
            )
            continue
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


def _matching(folder: Path, pattern: str) -> list[Path]:
    if not folder.is_dir():
        return []
    rule = re.compile(pattern)
    return sorted(p for p in folder.iterdir() if rule.fullmatch(p.name))


def _kept_copies(path: Path) -> list[Path]:
    """`journal.db.replaced-…` copies, oldest first by the stamp in the name."""
    name = re.escape(path.name)
    return _matching(
        path.parent, rf"{name}\.replaced-\d{{8}}T\d{{6}}(?:-[0-9a-f]{{8}})?"
    )


def _staged_restores(path: Path) -> list[Path]:
    return _matching(path.parent, rf"\.{re.escape(path.name)}\.restoring-{_HEX}")


def left_aside(path: Path) -> list[Path]:
    """Journals an interrupted restore left beside a missing `journal.db`.

    Kept copies (`journal.db.replaced-…`) and staged new ones; empty when
    `journal.db` is there, since then nothing is missing. (A passphrase
    change never leaves `journal.db` missing, so its copies are not here.)
    """
    if path.exists():
        return []
    return [*_kept_copies(path), *_staged_restores(path)]


def leftovers(path: Path, backup_dir: Path | None) -> list[Path]:
    """Temporaries that only a stopped reflect leaves (all dot-named).

    Full copies of the journal among them may hold words the worker has
    since erased, so they are removed once nobody could be using them. Only
    names reflect makes (a known prefix and 32 hex digits) ever match.
    """
    name = re.escape(path.name)
    found = _matching(
        path.parent, rf"\.{name}\.(?:rekey|restoring|creating)-{_HEX}{_SIDE}"
    )
    found += _matching(path.parent, rf"\..+\.tmp-{_HEX}")
    if backup_dir is not None:
        found += _matching(backup_dir, rf"\..+\.partial-{_HEX}{_SIDE}")
        found += _matching(backup_dir, rf"\..+\.tmp-{_HEX}")
    return found


def _spare_names(path: Path) -> list[Path]:
    return _matching(path.parent, rf"\.{re.escape(path.name)}\.keeping-{_HEX}")


def recover(
    path: Path,
    passphrase: str | None,
    *,
    kdf_iter: int | None = None,
    backup_dir: Path | None = None,
) -> list[str]:
    """Bring back a journal an interrupted swap left aside; tidy temporaries.

    Runs only when no other reflect has the journal open (it needs the lock
    alone), and changes nothing unless `passphrase` opens what it would act
    on. If `journal.db` is missing and exactly one staged restore opens and
    passes its check, that restore is finished; otherwise the newest kept
    journal that opens is renamed back. Temporaries are removed only once
    `journal.db` has opened and passed its check, and `journal.db.replaced-…`
    copies are never touched. Returns one line per thing done.
    """
    if not filelock.AVAILABLE:
        # No locks (Windows): tidying could remove a file another reflect is
        # writing, so only a missing journal is mended. Windows cannot rename
        # a file that is open, so nobody has that one open.
        return [] if path.exists() else _bring_back(path, passphrase, kdf_iter)
    lock = filelock.try_exclusive(path)
    if lock is None:
        if left_aside(path) or leftovers(path, backup_dir) or _spare_names(path):
            return [
                "another reflect has this journal open, so nothing was repaired "
                "or tidied; close it and run `reflect check` again"
            ]
        return []
    notes: list[str] = []
    try:
        filelock.settle_token(lock)
        if not path.exists():
            notes += _bring_back(path, passphrase, kdf_iter)
        notes += _name_spares(path)
        found = leftovers(path, backup_dir)
        if found and not _opens_whole(path, passphrase, kdf_iter):
            return notes  # keep every copy until the journal itself is sound
        for leftover in found:
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


def _name_spares(path: Path) -> list[str]:
    """Spare names a restore stopped before its end left (`.…keeping-…`).

    The same file as `journal.db` is only a second name and goes; a
    different file is the only name of the journal a restore replaced, and
    is kept as `journal.db.replaced-…` like any other.
    """
    notes = []
    for spare in _spare_names(path):
        if _same_file(spare, path):
            spare.unlink()
            notes.append(
                f"removed {spare}, a second name for your journal that a "
                "stopped restore left"
            )
            continue
        stamp = datetime.fromtimestamp(spare.stat().st_mtime).strftime("%Y%m%dT%H%M%S")
        aside = _name_kept(spare, path, stamp)
        notes.append(
            f"kept the journal an interrupted restore replaced as {aside.name}"
        )
    return notes


def _bring_back(path: Path, passphrase: str | None, kdf_iter: int | None) -> list[str]:
    """Put a journal back under a missing `journal.db`, or say why not."""
    log = [s for s in (Path(f"{path}-wal"), Path(f"{path}-journal")) if s.exists()]
    if any(s.stat().st_size > 0 for s in log):
        # Its main file is gone; applying it to any other file would ruin it.
        raise LeftAside(
            f"there is no journal at {path}, but {log[0].name} beside it holds "
            "changes of one; nothing was changed. Keep every file in "
            f"{path.parent} and ask for help before renaming any of them"
        )
    staged = _staged_restores(path)
    whole = [p for p in staged if _opens_whole(p, passphrase, kdf_iter)]
    newest = next(
        (
            p
            for p in reversed(_kept_copies(path))
            if _opens_whole(p, passphrase, kdf_iter)
        ),
        None,
    )
    if len(whole) == 1:
        chosen, note = whole[0], "finished an interrupted restore"
    elif newest is not None:
        chosen, note = newest, f"brought back {newest.name}, which a restore"
    elif staged or _kept_copies(path):
        listed = ", ".join(p.name for p in [*_kept_copies(path), *staged])
        found = (
            f"there is no journal at {path}; found {listed} in {path.parent}, but "
            f"{'none opens' if not whole else 'more than one opens'} with this "
            "passphrase and passes its check. Nothing was changed"
        )
        if whole:
            raise LeftAside(f"{found}; rename the one you want to {path.name}")
        # Most likely a typo: the interfaces let the worker try again.
        raise WrongPassphrase(f"{found}; try again with your passphrase")
    else:
        raise NoJournal(f"there is no journal at {path} yet")
    for side in (*log, Path(f"{path}-shm")):
        side.unlink(missing_ok=True)  # empty, or derived from nothing left
    place_new(chosen, path)
    Path(f"{chosen}-shm").unlink(missing_ok=True)
    fsync_folder(path.parent)
    if chosen in whole:
        return [f"{note}: {chosen.name} is your journal now"]
    return [f"{note} had set aside; it is your journal again"]


def _opens_whole(path: Path, passphrase: str | None, kdf_iter: int | None) -> bool:
    """Opens with `passphrase` and passes its check; its own log folded in.

    Opening it by its own name under the exclusive lock lets SQLite apply and
    then remove that name's `-wal`, so the file stands alone afterwards.
    """
    key = None if is_plain_sqlite(path) else passphrase
    if key is None and not is_plain_sqlite(path):
        return False
    try:
        probe = connect(path, key, kdf_iter)
    except ReflectError:
        return False
    try:
        if not is_reflect(probe) or check(probe):
            return False
        probe.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
    except Exception:  # a damaged file can fail in many sqlcipher ways
        return False
    finally:
        probe.close()
