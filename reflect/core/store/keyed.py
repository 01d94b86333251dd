"""The journal's file opened with its key: the step every open shares.

Kept apart from the rest of the store, needing only sqlcipher3, so that
`early` can begin it before the rest of the program has loaded (and the
store's own `connect` does exactly the same). The key is proved by reading,
and nothing is written.
"""

from __future__ import annotations

import os

import sqlcipher3

from reflect.core.errors import BadPassphrase, NoJournal, WrongPassphrase

TYPE_CHECKING = False  # pathlib waits until after the key (see `file_uri`)
if TYPE_CHECKING:
    from reflect.core.store.locks import JournalPath

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


#: What `Path.as_uri()` leaves unescaped on POSIX (RFC 3986's unreserved
#: characters, and the slash between folders).
_URI_PLAIN = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/"
)


def absolute(path: JournalPath) -> str:
    """`path` from the root, without resolving links or `..` (as
    `Path.absolute()`, though a doubled `/` or a `/./` is left as written:
    the system reads them as pathlib would)."""
    text = os.fspath(path)
    if os.name != "posix":  # pragma: no cover - Windows: drives, `\\x` roots
        from pathlib import Path

        return str(Path(text).absolute())
    return text if text.startswith("/") else os.path.join(os.getcwd(), text)


def file_uri(path: JournalPath) -> str:
    """The `file:` URI SQLite is given for `path`: on POSIX, for a path
    written plainly, exactly `Path(path).absolute().as_uri()`.

    Made here on POSIX because pathlib, with the urllib it loads, costs 3 to
    4 ms to import, and the early open (`early`) comes before anything else
    has needed it: every millisecond before the key is begun is one more of
    every everyday command. Every byte but RFC 3986's unreserved characters
    and `/` is escaped, as pathlib escapes them, so SQLite can never read a
    `?`, `#` or `%` in a folder's name as part of the URI. Elsewhere pathlib
    makes it.
    """
    whole = absolute(path)
    if os.name != "posix":  # pragma: no cover - Windows: drive letters
        from pathlib import Path

        return Path(whole).as_uri()
    return "file://" + "".join(
        chr(byte) if byte in _URI_PLAIN else f"%{byte:02X}"
        for byte in os.fsencode(whole)
    )


def is_plain_sqlite(path: JournalPath) -> bool:
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
    path: JournalPath, passphrase: str | None, kdf_iter: int | None
) -> sqlcipher3.Connection:
    """Connect and prove the key by reading, without writing anything."""
    conn = connect(path, passphrase, kdf_iter)
    prove(conn, path)
    return conn


def connect(
    path: JournalPath,
    passphrase: str | None,
    kdf_iter: int | None,
    *,
    any_thread: bool = False,
) -> sqlcipher3.Connection:
    """The first half of `keyed`: connect and give the key, which costs
    nothing yet (SQLCipher derives it on the first read, in `prove`).

    `any_thread`: made on one thread and proved on another (`early`), then
    used by the first again after `join()`, never by two at once; SQLite
    itself is built to be used from any thread.

    Split so that `early` can do this quick half on the main thread and
    leave only the slow derivation to its thread: every step a thread takes
    while the main thread is busy importing waits for Python's lock (up to
    5 ms each), and there were a dozen of them before the key.
    """
    # mode=rw: a file that vanished since it was looked at is an error, never
    # a new empty database made with whatever permissions the umask gives.
    try:
        conn = sqlcipher3.connect(
            f"{file_uri(path)}?mode=rw",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=not any_thread,
        )
    except sqlcipher3.OperationalError:
        raise NoJournal(
            f"there is no journal at {path} (or it cannot be read)"
        ) from None
    # `PRAGMA cipher_memory_security = ON` would go here (SQLCipher then
    # wipes and locks its memory), but it costs far more than the 10% we
    # allow: one autosave took about 3x as long and a search over 2x
    # (opening, mostly key derivation, was within noise); see
    # tests/bench/bench_memory_security.py. So it stays off.
    given = ["PRAGMA cipher_log_level = NONE"]
    if passphrase is not None:
        try:
            given.append(f"PRAGMA key = {key_literal(passphrase)}")
        except BadPassphrase as exc:
            conn.close()  # no file was ever keyed with it, so it cannot be right
            raise WrongPassphrase(
                f"could not open the journal at {path}: {exc}"
            ) from None
        if kdf_iter is not None:
            given.append(f"PRAGMA kdf_iter = {int(kdf_iter)}")
    _run(conn, path, given)
    return conn


def prove(conn: sqlcipher3.Connection, path: JournalPath) -> None:
    """The second half of `keyed`: the first read, which derives the key
    (the 0.1 s every open pays, with Python's lock let go throughout) and
    proves it. A wrong key closes the connection."""
    _run(conn, path, ["SELECT count(*) FROM sqlite_master"])


def _run(conn: sqlcipher3.Connection, path: JournalPath, statements: list[str]) -> None:
    """Run each statement on a connection being opened. Any failure closes
    it; a database error means the key is wrong (or the file damaged, which
    an encrypted file cannot tell apart) and says so."""
    try:
        for statement in statements:
            conn.execute(statement).fetchall()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongPassphrase(WRONG_KEY_MESSAGE.format(path=path)) from exc
    except BaseException:
        conn.close()
        raise
