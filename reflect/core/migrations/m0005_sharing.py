"""Schema step `0005_sharing`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils


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
