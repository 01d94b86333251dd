"""Every schema change, in order: the one door to the journal's schema.

Migrations run through `sqlite_utils.Migrations`, one transaction each, and
`store.open_journal` backs the journal up before running any on a journal that
already has data. Each step is a module of its own, named after the name
recorded in the journal (`m0008_tag_order` holds `0008_tag_order`), because a
step that has shipped is never edited: a schema change is a new module and one
new line at the end of `MIGRATIONS`, the one place that names the steps and
fixes their order. `registry` holds the machinery that runs them.

Search is kept in step by triggers, not by application code, so every way an
entry or answer changes (writer, CLI, import) updates the index in the same
transaction as the change itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.core.migrations.m0001_foundation import foundation
from reflect.core.migrations.m0002_functions_trash_secure_search import (
    functions_and_trash,
)
from reflect.core.migrations.m0003_checkins import checkins
from reflect.core.migrations.m0004_supervision import supervision
from reflect.core.migrations.m0005_sharing import sharing
from reflect.core.migrations.m0006_indexes_for_large_journals import indexes
from reflect.core.migrations.m0007_fast_autosave import fast_autosave
from reflect.core.migrations.m0008_tag_order import tag_order
from reflect.core.migrations.m0009_entry_origins import entry_origins
from reflect.core.migrations.m0010_draft_revisions_and_presence import (
    draft_revisions_and_presence,
)
from reflect.core.migrations.m0011_portfolio_links import portfolio_links
from reflect.core.migrations.m0012_portfolio_at_speed import portfolio_at_speed
from reflect.core.migrations.m0013_entry_counts import entry_counts
from reflect.core.migrations.m0014_actions_done_at import actions_done_at
from reflect.core.migrations.registry import MigrationSet

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils

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
        ("0011_portfolio_links", portfolio_links),
        ("0012_portfolio_at_speed", portfolio_at_speed),
        ("0013_entry_counts", entry_counts),
        ("0014_actions_done_at", actions_done_at),
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
