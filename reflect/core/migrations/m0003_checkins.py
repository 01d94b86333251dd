"""Schema step `0003_checkins`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def checkins(db: sqlite_utils.Database) -> None:
    """Wellbeing check-ins: one per local day, scores kept as JSON by dimension.

    JSON rather than a column per dimension, because the dimensions come from
    the `wellbeing` pack, which a worker or organisation may change.
    """
    run_script(
        db,
        """
        CREATE TABLE checkins (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            template_version TEXT NOT NULL DEFAULT '',
            scores TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            bring INTEGER NOT NULL DEFAULT 0
        );
        """,
    )
