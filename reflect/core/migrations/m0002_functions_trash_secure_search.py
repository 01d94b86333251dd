"""Schema step `0002_functions_trash_secure_search`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def functions_and_trash(db: sqlite_utils.Database) -> None:
    """Supervision functions per entry, a 30-day trash, and forgetful search.

    FTS5's secure-delete makes the index overwrite removed text instead of
    leaving it in old segments, so deleted words cannot be read back.
    """
    run_script(
        db,
        """
        ALTER TABLE entries ADD COLUMN functions TEXT NOT NULL DEFAULT '';
        ALTER TABLE entries ADD COLUMN deleted_at TEXT;
        CREATE INDEX entries_deleted ON entries (deleted_at)
            WHERE deleted_at IS NOT NULL;
        INSERT INTO entries_fts (entries_fts, rank) VALUES ('secure-delete', 1);
        """,
    )
