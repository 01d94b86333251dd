"""Schema step `0010_draft_revisions_and_presence`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def draft_revisions_and_presence(db: sqlite_utils.Database) -> None:
    """Two windows on one draft: no save overwrites words it never saw.

    `answers.revision` counts the writes to an answer; a window's save names
    the revision it started from and changes nothing if that is no longer
    the stored one. Its words become a sibling draft instead, whose
    `sibling_mark` ("Written in another window at 14:05 · ") stays on the
    title while the title follows the first answer. `draft_presence` says
    which window has an entry open and when it last said so; a record not
    renewed for two minutes belongs to a window that has gone.
    """
    run_script(
        db,
        """
        ALTER TABLE answers ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE entries ADD COLUMN sibling_mark TEXT NOT NULL DEFAULT '';
        CREATE TABLE draft_presence (
            entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
            window_id TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE INDEX draft_presence_window ON draft_presence (window_id);
        """,
    )
