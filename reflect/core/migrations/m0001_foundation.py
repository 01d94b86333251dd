"""Schema step `0001_foundation`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


def foundation(db: sqlite_utils.Database) -> None:
    """Entries with ordered answers, tags, private notes and search."""
    run_script(
        db,
        """
        CREATE TABLE journal_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- seq is the stable integer key the search index points at; id is the
        -- UUID everything else (exports, bundles) uses.
        CREATE TABLE entries (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'note'
                CHECK (kind IN ('note', 'reflection')),
            template_id TEXT,
            template_version TEXT,
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('draft', 'complete')),
            current_step TEXT,
            for_supervision INTEGER NOT NULL DEFAULT 0,
            supervision_ask TEXT,
            shareable INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX entries_created ON entries (created_at DESC, seq DESC);
        CREATE INDEX entries_status_updated ON entries (status, updated_at DESC);
        -- question keeps the words as they were asked, so editing a prompt
        -- pack never rewrites an old reflection.
        CREATE TABLE answers (
            entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            input_type TEXT NOT NULL DEFAULT 'text',
            response TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, step_id)
        );
        CREATE TABLE entry_tags (
            entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (entry_id, tag)
        );
        CREATE INDEX entry_tags_tag ON entry_tags (tag, entry_id);
        -- Never exported to a supervisor; only the worker's own backups hold it.
        CREATE TABLE private_notes (
            entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE VIRTUAL TABLE entries_fts USING fts5 (
            title, body, tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts (rowid, title, body)
            VALUES (new.seq, new.title, '');
        END;
        CREATE TRIGGER entries_au_title AFTER UPDATE OF title ON entries BEGIN
            UPDATE entries_fts SET title = new.title WHERE rowid = new.seq;
        END;
        CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
            DELETE FROM entries_fts WHERE rowid = old.seq;
        END;
        CREATE TRIGGER answers_ai AFTER INSERT ON answers BEGIN
            UPDATE entries_fts SET body = (
                SELECT coalesce(group_concat(response, char(10) ORDER BY position), '')
                FROM answers WHERE entry_id = new.entry_id
            ) WHERE rowid = (SELECT seq FROM entries WHERE id = new.entry_id);
        END;
        CREATE TRIGGER answers_au AFTER UPDATE ON answers BEGIN
            UPDATE entries_fts SET body = (
                SELECT coalesce(group_concat(response, char(10) ORDER BY position), '')
                FROM answers WHERE entry_id = new.entry_id
            ) WHERE rowid = (SELECT seq FROM entries WHERE id = new.entry_id);
        END;
        CREATE TRIGGER answers_ad AFTER DELETE ON answers BEGIN
            UPDATE entries_fts SET body = (
                SELECT coalesce(group_concat(response, char(10) ORDER BY position), '')
                FROM answers WHERE entry_id = old.entry_id
            ) WHERE rowid = (SELECT seq FROM entries WHERE id = old.entry_id);
        END;
        """,
    )
