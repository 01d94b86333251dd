"""Schema step `0012_portfolio_at_speed`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def portfolio_at_speed(db: sqlite_utils.Database) -> None:
    """The portfolio read from its links alone, however long the journal.

    Joining each link to its entry meant a page of the entries table per
    link, scattered over the whole file: the portfolio cost grew with the
    journal, not with what the worker had linked. Each link now carries what
    the portfolio shows of its entry (when it was written, its title,
    whether it is in the trash), kept the same by triggers whenever the
    entry changes, so the view reads one framework's links in order from
    one index. The entry stays the source: a link is filled from it when
    made, and follows it after.
    """
    run_script(
        db,
        """
        ALTER TABLE entry_links ADD COLUMN written TEXT NOT NULL DEFAULT '';
        ALTER TABLE entry_links ADD COLUMN title TEXT NOT NULL DEFAULT '';
        ALTER TABLE entry_links ADD COLUMN in_trash INTEGER NOT NULL DEFAULT 0;
        UPDATE entry_links SET (written, title, in_trash) = (
            SELECT e.created_at, e.title, e.deleted_at IS NOT NULL
            FROM entries e WHERE e.id = entry_links.entry_id
        );
        CREATE TRIGGER entry_links_ai_copy AFTER INSERT ON entry_links BEGIN
            UPDATE entry_links SET (written, title, in_trash) = (
                SELECT e.created_at, e.title, e.deleted_at IS NOT NULL
                FROM entries e WHERE e.id = NEW.entry_id
            )
            WHERE entry_id = NEW.entry_id AND framework = NEW.framework
            AND area = NEW.area;
        END;
        CREATE TRIGGER entries_au_links
        AFTER UPDATE OF title, created_at, deleted_at ON entries
        WHEN NEW.title IS NOT OLD.title OR NEW.created_at IS NOT OLD.created_at
            OR NEW.deleted_at IS NOT OLD.deleted_at
        BEGIN
            UPDATE entry_links SET written = NEW.created_at, title = NEW.title,
                in_trash = NEW.deleted_at IS NOT NULL
            WHERE entry_id = NEW.id;
        END;
        CREATE INDEX entry_links_portfolio
            ON entry_links (framework, in_trash, written DESC);
        """,
    )
