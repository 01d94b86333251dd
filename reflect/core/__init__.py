"""The journal without a terminal: storage, entries, export.

Plain Python only; importing this package never loads Textual (a test
checks), so scripts and the CLI's fast commands stay quick.

The names below are here for scripts (`from reflect.core import Journal`),
but each is imported only when first asked for: every `reflect.core.*`
import runs this file first, and importing the journal and its services
here made `reflect list` load every capability before it asked for the
passphrase.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not `typing`'s: that import costs 3 ms before the key
if TYPE_CHECKING:
    from typing import Any

    from reflect.core.errors import (
        Ambiguous,
        BadImport,
        BadPassphrase,
        CannotOpen,
        JournalExists,
        NoJournal,
        NotFound,
        PassphraseNeeded,
        ReflectError,
        WrongPassphrase,
    )
    from reflect.core.journal import Journal
    from reflect.core.models import Answer, Entry, EntrySummary, SearchHit
    from reflect.core.store import Store, create_journal, open_journal

_HOMES = {
    "reflect.core.errors": (
        "Ambiguous",
        "BadImport",
        "BadPassphrase",
        "CannotOpen",
        "JournalExists",
        "NoJournal",
        "NotFound",
        "PassphraseNeeded",
        "ReflectError",
        "WrongPassphrase",
    ),
    "reflect.core.journal": ("Journal",),
    "reflect.core.models": ("Answer", "Entry", "EntrySummary", "SearchHit"),
    "reflect.core.store": ("Store", "create_journal", "open_journal"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Ambiguous",
    "Answer",
    "BadImport",
    "BadPassphrase",
    "CannotOpen",
    "Entry",
    "EntrySummary",
    "Journal",
    "JournalExists",
    "NoJournal",
    "NotFound",
    "PassphraseNeeded",
    "ReflectError",
    "SearchHit",
    "Store",
    "WrongPassphrase",
    "create_journal",
    "open_journal",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reflect.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is an ordinary one
    return value
