"""The base of every capability a `Journal` owns (`journal.checkins`, …).

A service is bound to one open journal: it reads the store and the clock
through the journal's `Bound` (so a clock set on the journal later, as the
demo's seeding does, is the one every service uses), and callers pass
neither. A service that needs a sibling (the agenda reads the supervision
record and the check-ins) is handed it by `Journal`, which builds them in
order; no service module imports the journal.

A service never keeps the journal itself: journal → service → journal would
be a cycle, and a journal dropped without `close()` would then keep its
SQLite connection, and the write-ahead log beside the file, until the
garbage collector happened to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reflect.core.clock import Clock
from reflect.core.store import Store


@dataclass
class Bound:
    """What every service of one journal shares: its store and its clock."""

    store: Store
    now: Clock


class Service:
    """One capability of an open journal; see the module docstring."""

    def __init__(self, bound: Bound) -> None:
        self._bound = bound

    @property
    def _store(self) -> Store:
        return self._bound.store

    def _now(self) -> datetime:
        return self._bound.now()

    @property
    def _conn(self) -> Any:
        """The SQLCipher connection: for core's own queries, never an interface's."""
        return self._bound.store.conn
