"""Schema step `0006_indexes_for_large_journals`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def indexes(db: sqlite_utils.Database) -> None:
    """Keep the picker's "used lately" and supervision candidates off full scans.

    A worker writes for years: these lists must cost the same at 100,000
    entries as at 100.
    """
    run_script(
        db,
        """
        CREATE INDEX entries_template ON entries (template_id, created_at);
        CREATE INDEX entries_for_supervision ON entries (created_at)
            WHERE for_supervision = 1;
        """,
    )
