"""The encrypted journal file: opening and keying it, locks, backups, swaps.

`database` opens, creates, checks and copies the SQLCipher file; `locks`
says which process may use it; `swap` replaces it whole (restore, a new
passphrase) so a kill at any step leaves one journal that opens. Everything
above this package sees a `Store` and never a file name or a key.
"""

from reflect.core.store.database import (
    SQLITE_HEADER,
    WRONG_KEY_MESSAGE,
    Store,
    backup,
    backup_to_folder,
    check,
    connect_locked,
    create_journal,
    is_journal_file,
    is_plain_sqlite,
    key_literal,
    needs_passphrase,
    open_journal,
    sidecars,
    validate_passphrase,
    write_copy,
)

__all__ = [
    "SQLITE_HEADER",
    "WRONG_KEY_MESSAGE",
    "Store",
    "backup",
    "backup_to_folder",
    "check",
    "connect_locked",
    "create_journal",
    "is_journal_file",
    "is_plain_sqlite",
    "key_literal",
    "needs_passphrase",
    "open_journal",
    "sidecars",
    "validate_passphrase",
    "write_copy",
]
