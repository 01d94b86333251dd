"""How an interface gets into a journal, packaged as one object.

The CLI builds a `JournalAccess` from the environment and hands it to the TUI,
whose create and unlock screens call it; tests build one pointed at
`tmp_path` with cheap key derivation. Neither interface needs to know where
the file lives or how it is keyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.clock import Clock, utc_now
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import create_journal, needs_passphrase, open_journal


@dataclass(frozen=True)
class JournalAccess:
    """Where the journal is and how to open or create it."""

    paths: JournalPaths
    kdf_iter: int | None = None
    """Only tests set this (cheaper key derivation); the app never does."""
    now: Clock = field(default=utc_now)

    @property
    def path(self) -> Path:
        return self.paths.journal

    def exists(self) -> bool:
        return self.paths.journal.exists()

    def needs_passphrase(self) -> bool:
        return needs_passphrase(self.paths.journal)

    def open(self, passphrase: str | None) -> Journal:
        store = open_journal(
            self.paths.journal,
            passphrase,
            kdf_iter=self.kdf_iter,
            backup_dir=self.paths.backups,
            now=self.now,
        )
        return Journal(store, now=self.now)

    def create(self, passphrase: str | None) -> Journal:
        store = create_journal(
            self.paths.journal, passphrase, kdf_iter=self.kdf_iter, now=self.now
        )
        return Journal(store, now=self.now)
