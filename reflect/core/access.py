"""How an interface gets into a journal, packaged as one object.

The CLI builds a `JournalAccess` from the environment and hands it to the TUI,
whose create and unlock screens call it; tests build one pointed at
`tmp_path` with cheap key derivation. Neither interface needs to know where
the file lives or how it is keyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.clock import Clock, utc_now
from reflect.core.errors import LeftAside
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import (
    create_journal,
    is_plain_sqlite,
    needs_passphrase,
    open_journal,
)
from reflect.core.store.locks import WAIT_SECONDS as WAIT_SECONDS  # for interfaces

LEFT_ASIDE_MESSAGE = (
    "there is no journal at {path}, but a restore that did not finish left it "
    "beside that name; run `reflect check` (or open the app) to bring it back. "
    "Nothing was changed."
)


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
        """A journal is here, or an interrupted swap left one to bring back."""
        return self.paths.journal.exists() or bool(self.left_aside())

    def left_aside(self) -> list[Path]:
        if self.paths.journal.exists():
            return []  # the common case pays for no import and no folder scan
        from reflect.core.store import swap

        return swap.left_aside(self.paths.journal)

    def needs_passphrase(self) -> bool:
        if self.paths.journal.exists():
            return needs_passphrase(self.paths.journal)
        return not all(is_plain_sqlite(p) for p in self.left_aside())

    def open(
        self,
        passphrase: str | None,
        *,
        recover: bool = False,
        on_wait: Callable[[], None] | None = None,
        wait_seconds: float = WAIT_SECONDS,
    ) -> Journal:
        """Open the journal; with `recover`, mend and tidy first (see swap).

        Only `reflect check` and the app's own opening recover: a quick
        command in a script should not rename files as a side effect, so it
        is told where to go instead. What recovery did is kept on the
        store's `recovery_notes` for the interface to say.
        """
        notes: list[str] = []
        if recover:
            from reflect.core.store import swap

            notes = swap.recover(
                self.paths.journal,
                passphrase,
                kdf_iter=self.kdf_iter,
                backup_dir=self.paths.backups,
            )
        elif self.left_aside():
            raise LeftAside(LEFT_ASIDE_MESSAGE.format(path=self.paths.journal))
        store = open_journal(
            self.paths.journal,
            passphrase,
            kdf_iter=self.kdf_iter,
            backup_dir=self.paths.backups,
            now=self.now,
            on_wait=on_wait,
            wait_seconds=wait_seconds,
        )
        store.recovery_notes = notes
        return Journal(store, now=self.now)

    def create(self, passphrase: str | None) -> Journal:
        store = create_journal(
            self.paths.journal, passphrase, kdf_iter=self.kdf_iter, now=self.now
        )
        return Journal(store, now=self.now)
