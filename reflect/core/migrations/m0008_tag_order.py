"""Schema step `0008_tag_order`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils

# One entry's tags in the order they were added, joined by the unit separator
# (never inside a tag: clean_tags turns it, as whitespace, into a dash).
_TAGS_OF = (
    "coalesce((SELECT group_concat(tag, char(31)) FROM "
    "(SELECT tag FROM entry_tags WHERE entry_id = {who} ORDER BY rowid)), '')"
)


def tag_order(db: sqlite_utils.Database) -> None:
    """Tag filters and lists that read one page per entry shown.

    `reflect list --tag` at 100,000 entries looked each match up twice (tag to
    UUID to row), sorted them, then fetched their tags row by row: four random
    page reads per entry, each decrypted. `tag_order` keeps each tag's entries
    in date order with their row numbers, and `entries.tags` a copy of the tags
    for display; triggers keep both in step with `entry_tags`, which stays the
    one place tags are written.
    """
    run_script(
        db,
        f"""
        ALTER TABLE entries ADD COLUMN tags TEXT NOT NULL DEFAULT '';
        CREATE TABLE tag_order (
            tag TEXT NOT NULL COLLATE NOCASE,
            created_at TEXT NOT NULL,
            seq INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            PRIMARY KEY (tag, created_at, seq)
        ) WITHOUT ROWID;
        CREATE INDEX tag_order_entry ON tag_order (entry_id, tag);
        INSERT INTO tag_order (tag, created_at, seq, entry_id)
            SELECT t.tag, e.created_at, e.seq, e.id
            FROM entry_tags t JOIN entries e ON e.id = t.entry_id;
        UPDATE entries SET tags = {_TAGS_OF.format(who="entries.id")}
            WHERE id IN (SELECT entry_id FROM entry_tags);
        CREATE TRIGGER entry_tags_ai AFTER INSERT ON entry_tags BEGIN
            INSERT INTO tag_order (tag, created_at, seq, entry_id)
                SELECT new.tag, created_at, seq, id FROM entries
                WHERE id = new.entry_id;
            UPDATE entries SET tags = {_TAGS_OF.format(who="new.entry_id")}
                WHERE id = new.entry_id;
        END;
        CREATE TRIGGER entry_tags_ad AFTER DELETE ON entry_tags BEGIN
            DELETE FROM tag_order WHERE entry_id = old.entry_id AND tag = old.tag;
            UPDATE entries SET tags = {_TAGS_OF.format(who="old.entry_id")}
                WHERE id = old.entry_id;
        END;
        CREATE TRIGGER entries_au_created AFTER UPDATE OF created_at ON entries
        WHEN old.created_at IS NOT new.created_at BEGIN
            UPDATE tag_order SET created_at = new.created_at
                WHERE entry_id = new.id;
        END;
        """,
    )
