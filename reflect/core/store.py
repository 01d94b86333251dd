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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlcipher3
import sqlite_utils

from reflect.core import migrations
from reflect.core.clock import Clock, iso, utc_now
from reflect.core.errors import (
    BadPassphrase,
    CannotOpen,
    JournalExists,
    NoJournal,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.paths import ensure_private_folder, make_private

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000
APP_MARK = "reflect"
KEEP_BACKUPS = 10

WRONG_KEY_MESSAGE = (
    "could not open the journal at {path}: the passphrase is wrong or the "
    "file is damaged (encrypted files cannot tell these apart)"
)


def _quote(text: str) -> str:
    """A SQL string literal; PRAGMA key cannot take a bound parameter."""
    return "'" + text.replace("'", "''") + "'"


def validate_passphrase(passphrase: str) -> str:
    """Refuse passphrases that could not protect anything or be stored.

    An empty passphrase would silently mean "unencrypted" to SQLCipher, so it
    is refused; a worker who wants no passphrase must choose that explicitly.
    """
    if passphrase == "":
        raise BadPassphrase("an empty passphrase is not allowed")
    if "\x00" in passphrase:
        raise BadPassphrase("a passphrase cannot contain a NUL character")
    return passphrase


def is_plain_sqlite(path: Path) -> bool:
    """True when the file is an unencrypted SQLite database.

    Only journals created with the explicit no-passphrase choice look like
    this; an encrypted file begins with random-looking bytes.
    """
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def needs_passphrase(path: Path) -> bool:
    """Whether opening the journal at `path` will need a passphrase."""
    return path.exists() and not is_plain_sqlite(path)


@dataclass
class Store:
    """An open journal database and the settings it was opened with."""

    path: Path
    conn: sqlcipher3.Connection
    db: sqlite_utils.Database
    passphrase: str | None
    kdf_iter: int | None = None
    closed: bool = field(default=False)

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, taken with `BEGIN IMMEDIATE`.

        IMMEDIATE takes the write lock up front, so a second process waits on
        the busy timeout instead of failing half-way through; any exception
        rolls everything back, so an operation is all or nothing. Nested use
        becomes a savepoint.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path, passphrase: str | None, kdf_iter: int | None) -> Store:
    """Connect and prove the key by reading, without writing anything."""
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {_quote(passphrase)}")
            if kdf_iter is not None:
                conn.execute(f"PRAGMA kdf_iter = {int(kdf_iter)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=path)) from exc
    db = sqlite_utils.Database(conn, execute_plugins=False)
    return Store(path, conn, db, passphrase, kdf_iter)


def _configure(store: Store) -> None:
    """The pragmas every connection needs; they may write the header once."""
    conn = store.conn
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a note reported as saved survives even a power cut, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")


def _is_reflect(store: Store) -> bool:
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='journal_meta'"
    ).fetchone()
    return row is not None and store.meta("app") == APP_MARK


def open_journal(
    path: Path,
    passphrase: str | None,
    *,
    kdf_iter: int | None = None,
    backup_dir: Path | None = None,
    now: Clock = utc_now,
) -> Store:
    """Open an existing journal, migrating it (after a backup) if needed.

    `passphrase` is None only for a journal created without one. `kdf_iter`
    exists so tests can use cheap key derivation; the app never passes it.
    """
    if not path.exists():
        raise NoJournal(f"there is no journal at {path} yet")
    if is_plain_sqlite(path):
        passphrase = None
    elif passphrase is None:
        raise WrongPassphrase(
            f"the journal at {path} is encrypted and no passphrase was given"
        )
    store = _connect(path, passphrase, kdf_iter)
    try:
        if not _is_reflect(store):
            raise CannotOpen(f"{path} is not a reflect journal")
        _configure(store)
        _migrate(store, backup_dir, now)
    except BaseException:
        store.close()
        raise
    return store


def _migrate(store: Store, backup_dir: Path | None, now: Clock) -> None:
    """Apply pending migrations, each in its own transaction.

    A journal that already has data is backed up first, so a migration that
    goes wrong can never cost a worker their writing.
    """
    if not migrations.pending(store.db):
        return
    if migrations.applied(store.db) and backup_dir is not None:
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
    tmp = path.with_name(f".{path.name}.creating-{uuid.uuid4().hex}")
    try:
        store = _connect(tmp, passphrase, kdf_iter)
        _configure(store)
        migrations.apply(store.db)
        with store.write() as db:
            db.table("journal_meta").insert_all(
                [
                    {"key": "app", "value": APP_MARK},
                    {"key": "journal_id", "value": str(uuid.uuid4())},
                    {"key": "created_at", "value": iso(now())},
                ],
                replace=True,
            )
        store.close()
        make_private(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise JournalExists(
                f"a journal already exists at {path}; nothing was changed"
            ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return open_journal(path, passphrase, kdf_iter=kdf_iter, now=now)


def check(store: Store) -> list[str]:
    """Integrity and foreign-key problems; an empty list means all is well."""
    problems: list[str] = []
    for (line,) in store.conn.execute("PRAGMA integrity_check").fetchall():
        if line != "ok":
            problems.append(str(line))
    for row in store.conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"table {row[0]} row {row[1]} points at a missing {row[2]}")
    return problems


def _attach_key_sql(alias: str, target: Path, passphrase: str | None) -> str:
    key = _quote(passphrase) if passphrase is not None else "''"
    return f"ATTACH DATABASE {_quote(str(target))} AS {alias} KEY {key}"


@contextlib.contextmanager
def _cheap_default_kdf(kdf_iter: int | None) -> Iterator[None]:
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


def backup(store: Store, dest: Path) -> Path:
    """Copy the journal to `dest` with SQLite's backup API.

    The copy is encrypted under the same passphrase (or plain, for a journal
    without one), consistent even while other processes write, and 0600.
    """
    if dest.exists():
        raise ReflectError(f"{dest} already exists; choose another name")
    ensure_private_folder(dest.parent)
    tmp = dest.with_name(f".{dest.name}.partial-{uuid.uuid4().hex}")
    try:
        with _cheap_default_kdf(store.kdf_iter):
            target = sqlcipher3.connect(str(tmp), isolation_level=None)
            try:
                target.execute("PRAGMA cipher_log_level = NONE")
                if store.passphrase is not None:
                    target.execute(f"PRAGMA key = {_quote(store.passphrase)}")
                    if store.kdf_iter is not None:
                        target.execute(f"PRAGMA kdf_iter = {int(store.kdf_iter)}")
                store.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        make_private(tmp)
        os.replace(tmp, dest)
    except OSError as exc:
        raise ReflectError(
            f"could not write the backup to {dest}: {exc.strerror}"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return dest


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


def _settle(store: Store) -> None:
    """Fold the WAL into the main file and close, so the file stands alone."""
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def restore(
    current: Store,
    backup_path: Path,
    *,
    now: Clock = utc_now,
) -> tuple[Store, Path]:
    """Replace the journal with a backup; the replaced journal is kept aside.

    The backup must open with the current passphrase and pass `check` before
    anything is touched. Returns the reopened journal and where the old one is.
    """
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
        problems = check(probe)
    finally:
        probe.close()
    if problems:
        raise ReflectError(f"the backup at {backup_path} is damaged: {problems[0]}")
    if passphrase is None and current.encrypted:
        # Swapping it in would silently take the passphrase off the journal.
        raise ReflectError(
            f"the backup at {backup_path} is not encrypted and your journal is; "
            "restoring it would remove your passphrase, so nothing was changed"
        )
    path = current.path
    staged = path.with_name(f".{path.name}.restoring-{uuid.uuid4().hex}")
    try:
        staged.write_bytes(backup_path.read_bytes())
        make_private(staged)
        with open(staged, "rb") as handle:
            os.fsync(handle.fileno())
        _settle(current)
        stamp = now().strftime("%Y%m%dT%H%M%S")
        aside = _move_aside(path, f"replaced-{stamp}")
        os.replace(staged, path)
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
        _settle(store)
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        os.replace(fresh, path)
    finally:
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)
    return open_journal(path, new, kdf_iter=store.kdf_iter)


def created_at(store: Store) -> datetime | None:
    """When the journal was created, for display."""
    value = store.meta("created_at")
    return None if value is None else datetime.fromisoformat(value)
