"""The base of every capability a `Journal` owns (`journal.checkins`, …).

A service is bound to one open journal: it holds the store it reads and
writes, and the clock that says what "now" is, so callers pass neither. It
keeps a reference to its journal only to reach a sibling service (the agenda
reads the supervision record and the check-ins) — never to reach around one.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect.core.store import Store

if TYPE_CHECKING:  # a type only: the journal imports its services, not back
    from reflect.core.journal import Journal


class Service:
    """One capability of an open journal; see the module docstring."""

    def __init__(self, journal: Journal) -> None:
        # Held weakly: the journal holds its services, and a cycle would keep a
        # dropped journal's connection (and its -wal file) open until the
        # garbage collector ran, instead of closing it as soon as it is let go.
        self._owner = weakref.ref(journal)
        self._store: Store = journal.store

    @property
    def _journal(self) -> Journal:
        journal = self._owner()
        if journal is None:  # only core's own code could keep a service alone
            raise RuntimeError("a journal service was used after its journal")
        return journal

    def _now(self) -> datetime:
        """The journal's clock, read through it each time: the demo and some
        tests set `journal.now` for a while, and every service follows."""
        return self._journal.now()

    @property
    def _conn(self) -> Any:
        """The SQLCipher connection: for core's own queries, never an interface's."""
        return self._store.conn
