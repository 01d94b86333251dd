"""The journal without a terminal: storage, entries, export.

Plain Python only; importing this package never loads Textual (a test
checks), so scripts and the CLI's fast commands stay quick.
"""

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
