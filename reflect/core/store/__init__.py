"""The encrypted journal file: opening and keying it, locks, backups, swaps.

`database` opens, creates, checks and copies the SQLCipher file; `locks`
says which process may use it; `swap` replaces it whole (restore, a new
passphrase) so a kill at any step leaves one journal that opens. Everything
above this package sees a `Store` and never a file name or a key.

Each name here is imported from its module when first asked for (PEP 562):
importing one small module of this package (`keyed`, `early`, `locks`) must
not load the whole store, or `early` could not begin before the rest of the
program has loaded.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not `typing`'s: that import costs 3 ms before the key
if TYPE_CHECKING:
    from typing import Any

    from reflect.core.store.database import (
        Store,
        backup,
        backup_to_folder,
        check,
        connect_locked,
        create_journal,
        is_journal_file,
        needs_passphrase,
        open_journal,
        sidecars,
        validate_passphrase,
        write_copy,
    )
    from reflect.core.store.keyed import (
        SQLITE_HEADER,
        WRONG_KEY_MESSAGE,
        is_plain_sqlite,
        key_literal,
    )

_HOME_OF = {
    "Store": "reflect.core.store.database",
    "backup": "reflect.core.store.database",
    "backup_to_folder": "reflect.core.store.database",
    "check": "reflect.core.store.database",
    "connect_locked": "reflect.core.store.database",
    "create_journal": "reflect.core.store.database",
    "is_journal_file": "reflect.core.store.database",
    "needs_passphrase": "reflect.core.store.database",
    "open_journal": "reflect.core.store.database",
    "sidecars": "reflect.core.store.database",
    "validate_passphrase": "reflect.core.store.database",
    "write_copy": "reflect.core.store.database",
    "SQLITE_HEADER": "reflect.core.store.keyed",
    "WRONG_KEY_MESSAGE": "reflect.core.store.keyed",
    "is_plain_sqlite": "reflect.core.store.keyed",
    "key_literal": "reflect.core.store.keyed",
}

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


def __getattr__(name: str) -> Any:
    """Import a name from its module on first use (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reflect.core.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
