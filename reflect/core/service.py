"""The base of every capability a `Journal` owns (`journal.checkins`, …).

A service is bound to one open journal: it holds the store it reads and
writes, and the clock that says what "now" is, so callers pass neither. It
keeps a reference to its journal only to reach a sibling service (the agenda
reads the supervision record and the check-ins) — never to reach around one.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from reflect.core.clock import Clock
from reflect.core.store import Store

if TYPE_CHECKING:  # a type only: the journal imports its services, not back
    from reflect.core.journal import Journal


class Service:
    """One capability of an open journal; see the module docstring."""

    def __init__(self, journal: Journal) -> None:
        # Held weakly: the journal owns its services, and a strong link back
        # would make a cycle that keeps a dropped journal's connection (and
        # its -wal and -shm files) open until the garbage collector runs.
        self._journal_ref = weakref.ref(journal)
        self._store: Store = journal.store
        self._now: Clock = journal.now

    @property
    def _journal(self) -> Journal:
        """The journal that owns this service, for reaching a sibling service."""
        journal = self._journal_ref()
        if journal is None:
            raise RuntimeError("this service's journal is gone; keep the journal")
        return journal

    @property
    def _conn(self) -> Any:
        """The SQLCipher connection: for core's own queries, never an interface's."""
        return self._store.conn
