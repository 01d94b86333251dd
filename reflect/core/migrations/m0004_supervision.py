"""Schema step `0004_supervision`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def supervision(db: sqlite_utils.Database) -> None:
    """Actions that carry forward, session records, and saved preparations.

    A session record and a preparation are each kept as one JSON document:
    they are read and written whole, and their fields will grow.
    """
    run_script(
        db,
        """
        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT 'me',
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            done_at TEXT,
            source TEXT NOT NULL DEFAULT 'manual',
            source_id TEXT
        );
        CREATE INDEX actions_open ON actions (status, due);
        CREATE INDEX actions_source ON actions (source_id);
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            record TEXT NOT NULL
        );
        CREATE INDEX sessions_day ON sessions (day);
        CREATE TABLE preparations (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            used_by TEXT,
            data TEXT NOT NULL
        );
        """,
    )
