"""Migrations from 0007 on: speed at 100,000 entries, and where entries came from.

`migrations.MIGRATIONS` lists them after 0001-0006; this module only defines
the steps, so it imports nothing of `migrations`. Never edit a migration that
has shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migration_set import run_script

if TYPE_CHECKING:
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
