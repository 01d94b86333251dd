"""Schema step `0009_entry_origins`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def entry_origins(db: sqlite_utils.Database) -> None:
    """Where an imported entry came from, so importing again adds nothing.

    `content_key` is a hash of what was imported (date, text, tags, star), not
    the text itself; erasing the entry erases its origin too, so no trace of
    an erased entry stays behind.
    """
    run_script(
        db,
        """
        CREATE TABLE entry_origins (
            entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            content_key TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            UNIQUE (source, content_key)
        );
        """,
    )
