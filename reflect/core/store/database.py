"""Opening, creating and keeping safe the encrypted journal file.

One SQLCipher database holds the whole journal. This module owns everything
that touches the file as a file: the key, the pragmas that make concurrent
writers and crashes safe, creation without ever overwriting, backups through
SQLite's backup API, restore, passphrase changes, and integrity checks.

Order matters when opening: the key is applied and proved by a read *before*
any pragma that could write, so a wrong passphrase leaves the file's bytes
exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from reflect.core import migrations
from reflect.core.clock import Clock, iso, utc_now
from reflect.core.errors import (
    BadPassphrase,
    CannotOpen,
    CannotWrite,
    FileTaken,
    JournalExists,
    NoJournal,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.paths import (
    create_private_temporary,
    ensure_private_folder,
    fsync_folder,
    place_new,
)
from reflect.core.paths import is_journal_file as paths_is_journal_file
from reflect.core.store import early
from reflect.core.store import locks as filelock
from reflect.core.store.keyed import (
    BUSY_TIMEOUT_MS,
    is_plain_sqlite,
    key_literal,
    keyed,
)

if TYPE_CHECKING:
    import sqlite_utils

APP_MARK = "reflect"
KEEP_BACKUPS = 10


def validate_passphrase(passphrase: str) -> str:
    """Refuse passphrases that could not protect anything or be stored.

    An empty passphrase would silently mean "unencrypted" to SQLCipher, so it
    is refused; a worker who wants no passphrase must choose that explicitly.
    """
    if passphrase == "":
        raise BadPassphrase("an empty passphrase is not allowed")
    if "\x00" in passphrase:
        raise BadPassphrase("a passphrase cannot contain a NUL character")
    key_literal(passphrase)  # refuses what could never be encoded, quoting nothing
    return passphrase


def needs_passphrase(path: Path) -> bool:
    """Whether opening the journal at `path` will need a passphrase.

    Asked of an open begun early first: its journal is keyed, and its file
    must not be opened and closed again here (see `early.holds`)."""
    if early.holds(path):
        return True
    return path.exists() and not is_plain_sqlite(path)


@dataclass
class Store:
    """An open journal database and the settings it was opened with.

    The passphrase is kept because backups, restores, migration backups and
    a worker thread's own connection must key their files the same way; it
    is left out of `repr` so no debug print, log line or test failure ever
    shows it.
    """

    path: Path
    conn: sqlcipher3.Connection
    passphrase: str | None = field(repr=False)
    kdf_iter: int | None = None
    encrypted: bool = True
    """Whether the file is encrypted: decided when it was opened, never
    guessed later from what the passphrase happens to hold."""
    closed: bool = field(default=False)
    lock_fd: int | None = None
    """Shared lock that tells a restore or rekey this journal is in use."""
    recovery_notes: list[str] = field(default_factory=list)
    """What opening repaired or tidied (one line each), for the interface to say."""
    _db: Any = field(default=None, repr=False)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made (and imported) on first use.

        Only schema work uses it now (running migrations, creating a
        journal): every other read and write is plain SQL on `conn`, and
        importing sqlite-utils cost about 40 ms of every `reflect list`
        and `reflect note`.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, taken with `BEGIN IMMEDIATE`.

        IMMEDIATE takes the write lock up front, so a second process waits on
        the busy timeout instead of failing half-way through; any exception
        rolls everything back, so an operation is all or nothing. Nested use
        becomes a savepoint.

        Plain SQL on the connection, not sqlite-utils' `atomic()`: a quick
        `reflect note` is one small transaction and has no other use for
        sqlite-utils, whose import was a fifth of the command's time.
        """
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"reflect_{uuid.uuid4().hex}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
            except BaseException:
                # A RAISE(ROLLBACK) trigger or a failed COMMIT can end the
                # whole transaction, savepoint and all: then there is
                # nothing left to undo, and the first error is the one to see.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def adopt(self, again: Store) -> None:
        """Carry on with `again`'s connection and lock, in this same object.

        After a refused or failed swap the journal is opened afresh, but the
        interface still holds this `Store`; it takes over the new connection
        and lock, and `again` is left closed so nothing is released twice.
        """
        self.conn, self.lock_fd, self.closed = again.conn, again.lock_fd, False
        self._db = None
        again.lock_fd, again.closed = None, True

    def cache_kib(self, kib: int) -> None:
        """Set this connection's page cache to `kib` KiB."""
        self.conn.execute(f"PRAGMA cache_size = -{int(kib)}")

    @contextlib.contextmanager
    def roomy_cache(self, kib: int = 64_000) -> Iterator[None]:
        """A 64 MB page cache for one big write, then the connection's own.

        A big import rewrites the same search-index pages many times; held in
        memory, 50,000 jrnl entries took 18 s instead of 27 s with the CLI's
        2 MB (which suits a command that reads each page once).
        """
        before = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        self.conn.execute(f"PRAGMA cache_size = -{int(kib)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    def meta(self, key: str) -> str | None:
        row = self.conn.execute(
            "SELECT value FROM journal_meta WHERE key = ?", [key]
        ).fetchone()
        return None if row is None else str(row[0])

    @property
    def journal_id(self) -> str:
        return self.meta("journal_id") or ""

    def close(self) -> None:
        if not self.closed:
            self.conn.close()
            self.closed = True
            filelock.release(self.lock_fd)
            self.lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(path: Path, passphrase: str | None, kdf_iter: int | None) -> Store:
    """Connect and prove the key by reading, without writing anything."""
    conn = keyed(path, passphrase, kdf_iter)
    return Store(path, conn, passphrase, kdf_iter, encrypted=passphrase is not None)


def _configure(store: Store) -> None:
    """The pragmas every connection needs; they may write the header once."""
    conn = store.conn
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a note reported as saved survives even a power cut, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    # sqlite-utils turns this on when it wraps a connection; now that it is
    # only loaded for writing, every connection sets it here, the same always.
    conn.execute("PRAGMA recursive_triggers = ON")


def is_reflect(store: Store) -> bool:
    """Whether the file holds a reflect journal: one query on every open (a
    database without reflect's table is simply not one)."""
    try:
        return store.meta("app") == APP_MARK
    except sqlcipher3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return False


def open_journal(
    path: Path,
    passphrase: str | None,
    *,
    kdf_iter: int | None = None,
    backup_dir: Path | None = None,
    now: Clock = utc_now,
    on_wait: Callable[[], None] | None = None,
    wait_seconds: float = filelock.WAIT_SECONDS,
) -> Store:
    """Open an existing journal, migrating it (after a backup) if needed.

    `passphrase` is None only for a journal created without one. `kdf_iter`
    exists so tests can use cheap key derivation; the app never passes it.
    The shared lock is taken before any file of the journal is opened (see
    `filelock`), waiting for a swap under way and calling `on_wait` if so
    (at most `wait_seconds`: `reflect support` never waits).
    """
    if not path.exists():
        raise NoJournal(f"there is no journal at {path} yet")
    begun = early.take(path, passphrase, kdf_iter)  # locked and keyed already
    if begun is None:
        lock = filelock.take_shared(path, on_wait=on_wait, wait_seconds=wait_seconds)
    else:
        lock, conn = begun
    try:
        if begun is None:
            store = connect_locked(path, passphrase, kdf_iter)
        else:
            store = _of_reflect(Store(path, conn, passphrase, None, encrypted=True))
    except BaseException:
        filelock.release(lock)
        raise
    store.lock_fd = lock
    try:
        _configure(store)
        _migrate(store, backup_dir, now)
    except BaseException:
        store.close()
        raise
    return store


def connect_locked(path: Path, passphrase: str | None, kdf_iter: int | None) -> Store:
    """Connect to a reflect journal whose lock the caller already holds."""
    if not path.exists():  # a swap that was killed half-way (see swap.recover)
        raise NoJournal(f"there is no journal at {path} yet")
    if is_plain_sqlite(path):
        passphrase = None
    elif passphrase is None:
        raise WrongPassphrase(
            f"the journal at {path} is encrypted and no passphrase was given"
        )
    return _of_reflect(connect(path, passphrase, kdf_iter))


def _of_reflect(store: Store) -> Store:
    """The store, once it is known to hold a reflect journal (closed if not)."""
    try:
        if not is_reflect(store):
            raise CannotOpen(f"{store.path} is not a reflect journal")
    except BaseException:
        store.close()
        raise
    return store


def _migrate(store: Store, backup_dir: Path | None, now: Clock) -> None:
    """Apply pending migrations, each in its own transaction.

    A journal that already has data is backed up first, so a migration that
    goes wrong can never cost a worker their writing.
    """
    if not migrations.pending(store.conn):
        return
    if migrations.applied(store.conn) and backup_dir is not None:
        backup_to_folder(store, backup_dir, now=now, label="before-migration")
    migrations.apply(store.db)


def create_journal(
    path: Path,
    passphrase: str | None,
    *,
    kdf_iter: int | None = None,
    now: Clock = utc_now,
) -> Store:
    """Create a new journal at `path`; refuse if one is already there.

    The journal is built in a temporary file and linked into place, so a crash
    during creation leaves nothing half-made, and two racing `init`s cannot
    overwrite each other (the link fails if the name is taken).
    """
    if passphrase is not None:
        validate_passphrase(passphrase)
    if path.exists():
        raise JournalExists(f"a journal already exists at {path}; nothing was changed")
    ensure_private_folder(path.parent)
    # Held while the new file is built, so a tidy-up in another window (which
    # needs the lock alone) never removes a journal still being made.
    lock = filelock.take_shared(path)
    try:
        tmp = create_private_temporary(path, "creating")
        try:
            store = connect(tmp, passphrase, kdf_iter)
            _configure(store)
            migrations.apply(store.db)
            with store.write():
                store.db.table("journal_meta").insert_all(
                    [
                        {"key": "app", "value": APP_MARK},
                        {"key": "journal_id", "value": str(uuid.uuid4())},
                        {"key": "created_at", "value": iso(now())},
                    ],
                    replace=True,
                )
            store.conn.execute("PRAGMA journal_mode = DELETE")
            store.close()
            fsync_file(tmp)
            try:
                place_new(tmp, path)
            except FileExistsError as exc:
                raise JournalExists(
                    f"a journal already exists at {path}; nothing was changed"
                ) from exc
            fsync_folder(path.parent)
        finally:
            for leftover in (tmp, *sidecars(tmp)):
                leftover.unlink(missing_ok=True)
    finally:
        filelock.release(lock)
    return open_journal(path, passphrase, kdf_iter=kdf_iter, now=now)


def sidecars(path: Path) -> tuple[Path, Path, Path]:
    """The files SQLite keeps beside a database, found by its name."""
    return (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check(store: Store) -> list[str]:
    """Integrity and foreign-key problems; an empty list means all is well."""
    problems: list[str] = []
    for (line,) in store.conn.execute("PRAGMA integrity_check").fetchall():
        if line != "ok":
            problems.append(str(line))
    for row in store.conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"table {row[0]} row {row[1]} points at a missing {row[2]}")
    return problems


@contextlib.contextmanager
def cheap_default_kdf(kdf_iter: int | None) -> Iterator[None]:
    """Make attached copies use the same key derivation as the journal.

    SQLCipher derives an attached database's key with its process-wide
    defaults; tests that opened with a cheap `kdf_iter` need copies to match.
    """
    if kdf_iter is None:
        yield
        return
    probe = sqlcipher3.connect(":memory:")
    try:
        previous = probe.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0]
        probe.execute(f"PRAGMA cipher_default_kdf_iter = {int(kdf_iter)}")
        yield
    finally:
        probe.execute(f"PRAGMA cipher_default_kdf_iter = {int(previous)}")
        probe.close()


def backup(store: Store, dest: Path, *, replace: bool = False) -> Path:
    """Copy the journal to `dest` with SQLite's backup API.

    The copy is encrypted under the same passphrase (or plain, for a journal
    without one), consistent even while other processes write, and 0600.
    Like every file a worker names, an existing `dest` is replaced only with
    `replace` (else FileTaken); the journal itself never is.
    """
    if is_journal_file(store, dest) or (os.path.lexists(dest) and not replace):
        raise _backup_taken(store, dest)
    try:
        ensure_private_folder(dest.parent)  # only folders it creates are private
        tmp = create_private_temporary(dest, "partial")
    except OSError as exc:
        raise ReflectError(
            f"could not write the backup to {dest}: {exc.strerror}"
        ) from None
    try:
        write_copy(store, tmp)
        fsync_file(tmp)
        if replace:
            os.replace(tmp, dest)
        else:
            place_new(tmp, dest)  # never over a file that appeared meanwhile
        fsync_folder(dest.parent)
    except FileExistsError:
        raise _backup_taken(store, dest) from None
    except OSError as exc:
        raise ReflectError(
            f"could not write the backup to {dest}: {exc.strerror}"
        ) from None
    finally:
        for leftover in (tmp, *sidecars(tmp)):
            leftover.unlink(missing_ok=True)
    return dest


def is_journal_file(store: Store, path: Path) -> bool:
    """True for one of the open journal's own files (`paths.is_journal_file`)."""
    return paths_is_journal_file(store.path, path)


def _backup_taken(store: Store, dest: Path) -> CannotWrite:
    if is_journal_file(store, dest):  # not even with replace
        return CannotWrite(f"{dest} is your journal itself; choose another name")
    return FileTaken(
        f"{dest} already exists; choose another name. Nothing was backed up.", dest
    )


def write_copy(store: Store, target: Path) -> None:
    """Copy the open journal into the (new, empty, private) file `target`.

    SQLite's backup API gives a consistent copy even while others write; the
    copy is keyed like the journal and left in rollback mode, so it is one
    self-contained file.
    """
    with cheap_default_kdf(store.kdf_iter):
        copy = sqlcipher3.connect(str(target), isolation_level=None)
        try:
            copy.execute("PRAGMA cipher_log_level = NONE")
            if store.passphrase is not None:
                copy.execute(f"PRAGMA key = {key_literal(store.passphrase)}")
                if store.kdf_iter is not None:
                    copy.execute(f"PRAGMA kdf_iter = {int(store.kdf_iter)}")
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()


def backup_to_folder(
    store: Store,
    folder: Path,
    *,
    now: Clock = utc_now,
    label: str = "journal",
    keep: int = KEEP_BACKUPS,
) -> Path:
    """Back up into `folder`, keeping only the newest `keep` backups there."""
    ensure_private_folder(folder)
    stamp = now().strftime("%Y%m%dT%H%M%S%f")
    dest = backup(store, folder / f"{label}-{stamp}.db")
    # Coarse file clocks can give quick backups the same mtime; the name's
    # timestamp breaks the tie so the newest are always the ones kept.
    backups = sorted(folder.glob("*.db"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)
    return dest
