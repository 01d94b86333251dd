"""Schema step `0011_portfolio_links`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def portfolio_links(db: sqlite_utils.Database) -> None:
    """An entry linked to a competence framework's area, with the worker's
    own line on what it shows.

    The framework and area are kept as their ids, not a reference to a
    table: frameworks are files a worker or an organisation may add, change
    or remove, and a link to one that is gone is kept (and said to be so)
    rather than lost. Erasing the entry erases its links; the trash keeps
    them, so an entry brought back brings its links back.
    """
    run_script(
        db,
        """
        CREATE TABLE entry_links (
            entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            framework TEXT NOT NULL,
            area TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, framework, area)
        );
        CREATE INDEX entry_links_by_area ON entry_links (framework, area);
        """,
    )
