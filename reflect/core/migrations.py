"""Every schema change, in order.

Migrations run through `sqlite_utils.Migrations`, one transaction each, and
`store.open_journal` backs the journal up before running any on a journal that
already has data. Never edit a migration that has shipped; add a new one.
`MIGRATIONS`, below the steps, is the one place that names them and fixes
their order (0007 on are defined in `migrations_later`).

Search is kept in step by triggers, not by application code, so every way an
entry or answer changes (writer, CLI, import) updates the index in the same
transaction as the change itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.core.migration_set import MigrationSet, run_script
from reflect.core.migrations_later import (
    draft_revisions_and_presence,
    entry_origins,
    fast_autosave,
    tag_order,
)

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


def functions_and_trash(db: sqlite_utils.Database) -> None:
    """Supervision functions per entry, a 30-day trash, and forgetful search.

    FTS5's secure-delete makes the index overwrite removed text instead of
    leaving it in old segments, so deleted words cannot be read back.
    """
    run_script(
        db,
        """
        ALTER TABLE entries ADD COLUMN functions TEXT NOT NULL DEFAULT '';
        ALTER TABLE entries ADD COLUMN deleted_at TEXT;
        CREATE INDEX entries_deleted ON entries (deleted_at)
            WHERE deleted_at IS NOT NULL;
        INSERT INTO entries_fts (entries_fts, rank) VALUES ('secure-delete', 1);
        """,
    )


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


def sharing(db: sqlite_utils.Database) -> None:
    """Bundles both ways, what supervisees shared, and comments both ways.

    `shared_versions` remembers what this journal sent, so an entry edited and
    shared again arrives as a new version and earlier comments stay with the
    version they answered.
    """
    run_script(
        db,
        """
        CREATE TABLE bundles (
            id TEXT PRIMARY KEY,
            direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
            kind TEXT NOT NULL CHECK (kind IN ('share', 'feedback')),
            peer_journal_id TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE shared_versions (
            entry_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            shared_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, version)
        );
        CREATE TABLE supervisees (
            journal_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE TABLE received_entries (
            supervisee_id TEXT NOT NULL REFERENCES supervisees (journal_id),
            entry_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            received_at TEXT NOT NULL,
            reviewed_at TEXT,
            bundle_id TEXT NOT NULL,
            PRIMARY KEY (supervisee_id, entry_id, version)
        );
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
            peer_journal_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            step_id TEXT,
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_in TEXT,
            hidden INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX comments_entry ON comments (entry_id, version);
        CREATE TABLE signoffs (
            session_id TEXT NOT NULL,
            peer_journal_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
            signed_at TEXT NOT NULL,
            sent_in TEXT,
            PRIMARY KEY (session_id, peer_journal_id, direction)
        );
        CREATE TABLE reviews (
            entry_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            peer_journal_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
            reviewed_at TEXT NOT NULL,
            sent_in TEXT,
            PRIMARY KEY (entry_id, version, peer_journal_id, direction)
        );
        CREATE TABLE received_extras (
            supervisee_id TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (bundle_id, kind)
        );
        CREATE TABLE received_sessions (
            supervisee_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            record TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (supervisee_id, session_id)
        );
        """,
    )


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


MIGRATIONS = MigrationSet(
    "reflect",
    [
        ("0001_foundation", foundation),
        ("0002_functions_trash_secure_search", functions_and_trash),
        ("0003_checkins", checkins),
        ("0004_supervision", supervision),
        ("0005_sharing", sharing),
        ("0006_indexes_for_large_journals", indexes),
        ("0007_fast_autosave", fast_autosave),
        ("0008_tag_order", tag_order),
        ("0009_entry_origins", entry_origins),
        ("0010_draft_revisions_and_presence", draft_revisions_and_presence),
    ],
)
"""Every schema change, in the order it runs. Append new ones; never reorder."""


def pending(db: Any) -> list[str]:
    """Names of migrations not yet applied (a connection or a Database)."""
    return MIGRATIONS.pending(db)


def applied(db: Any) -> list[str]:
    """Names of migrations already applied, oldest first."""
    return MIGRATIONS.applied(db)


def apply(db: sqlite_utils.Database) -> None:
    """Apply every pending migration, each in its own transaction."""
    MIGRATIONS.apply(db)
