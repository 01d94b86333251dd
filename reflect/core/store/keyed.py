"""The journal's file opened with its key: the step every open shares.

Kept apart from the rest of the store, needing only sqlcipher3, so that
`early` can begin it before the rest of the program has loaded (and the
store's own `connect` does exactly the same). The key is proved by reading,
and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from reflect.core.errors import BadPassphrase, NoJournal, WrongPassphrase

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000

WRONG_KEY_MESSAGE = (
    "could not open the journal at {path}: the passphrase is wrong or the "
    "file is damaged (encrypted files cannot tell these apart)"
)


def quote(text: str) -> str:
    """A SQL string literal; PRAGMA key cannot take a bound parameter."""
    return "'" + text.replace("'", "''") + "'"


def key_literal(passphrase: str) -> str:
    """The passphrase as a SQL literal for `PRAGMA key` or `ATTACH ... KEY`.

    A passphrase that is not valid text (a non-UTF-8 byte in
    $REFLECT_PASSPHRASE arrives as a lone surrogate) would make the driver
    raise an encoding error whose message quotes the offending character of
    the passphrase; it is refused here with a message that quotes nothing.
    """
    if not _encodable(passphrase):
        raise BadPassphrase(
            "the passphrase is not valid text (it has a character or byte "
            "that is not UTF-8); check how it was typed or set"
        )
    return quote(passphrase)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def keyed(
    path: Path,
    passphrase: str | None,
    kdf_iter: int | None,
    *,
    any_thread: bool = False,
) -> sqlcipher3.Connection:
    """Connect and prove the key by reading, without writing anything.

    `any_thread`: made on one thread for another (`early`), which then uses
    it alone, after `join()`; SQLite itself is built to be used from any
    thread. Only a store an everyday command takes from `early` has it.
    """
    # mode=rw: a file that vanished since it was looked at is an error, never
    # a new empty database made with whatever permissions the umask gives.
    try:
        conn = sqlcipher3.connect(
            f"{path.absolute().as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=not any_thread,
        )
    except sqlcipher3.OperationalError:
        raise NoJournal(
            f"there is no journal at {path} (or it cannot be read)"
        ) from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # `PRAGMA cipher_memory_security = ON` would go here (SQLCipher then
        # wipes and locks its memory), but it costs far more than the 10% we
        # allow: one autosave took about 3x as long and a search over 2x
        # (opening, mostly key derivation, was within noise); see
        # tests/bench/bench_memory_security.py. So it stays off.
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {key_literal(passphrase)}")
            if kdf_iter is not None:
                conn.execute(f"PRAGMA kdf_iter = {int(kdf_iter)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BadPassphrase as exc:
        conn.close()  # no file was ever keyed with it, so it cannot be right
        raise WrongPassphrase(f"could not open the journal at {path}: {exc}") from None
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=path)) from exc
    return conn
