"""Schema step `0007_fast_autosave`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def fast_autosave(db: sqlite_utils.Database) -> None:
    """Autosave in milliseconds however large the journal.

    FTS5's secure-delete made every autosave rewrite index pages across the
    whole journal (80 ms at 100,000 entries); deleted words are instead
    removed when the trash is emptied (`optimize`). The title trigger now
    fires only when the title really changes.
    """
    run_script(
        db,
        """
        INSERT INTO entries_fts (entries_fts, rank) VALUES ('secure-delete', 0);
        DROP TRIGGER entries_au_title;
        CREATE TRIGGER entries_au_title AFTER UPDATE OF title ON entries
        WHEN old.title IS NOT new.title BEGIN
            UPDATE entries_fts SET title = new.title WHERE rowid = new.seq;
        END;
        """,
    )
