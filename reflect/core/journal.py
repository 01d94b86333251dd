"""One open journal and the capabilities it owns.

An interface opens a journal (`reflect.core.access`) and then asks it for
what it needs: `journal.entries.get(id)`, `journal.notes.add(text)`,
`journal.checkins.save(...)`. Each capability is a small service bound to
the journal's store and clock (`reflect.core.service`), so no caller hands a
connection or a clock around, and every behaviour has one obvious home.
"""

from __future__ import annotations

from reflect.core.agenda import Agenda
from reflect.core.checkins import Checkins
from reflect.core.clock import Clock, utc_now
from reflect.core.drafts import Drafts
from reflect.core.entries import TRASH_DAYS, Entries
from reflect.core.notes import Notes
from reflect.core.preferences import PreferenceService
from reflect.core.reflections import Reflections
from reflect.core.reviewing import Reviewing
from reflect.core.search import Search
from reflect.core.service import Bound
from reflect.core.sharing import Sharing
from reflect.core.store import Store
from reflect.core.supervision import Supervision

__all__ = ["TRASH_DAYS", "Journal"]


class Journal:
    """An open store, the clock, and one service per capability."""

    def __init__(self, store: Store, now: Clock = utc_now) -> None:
        self.bound = Bound(store, now)
        """The store and clock every service reads (see `reflect.core.service`)."""
        # The capabilities this journal owns, each bound to its store and
        # clock (see `reflect.core.service`). One line per service:
        self.entries = Entries(self)
        self.drafts = Drafts(self)
        self.notes = Notes(self)
        self.checkins = Checkins(self)
        self.preferences = PreferenceService(self)
        self.supervision = Supervision(self)
        self.reflections = Reflections(self)  # makes actions: after supervision
        self.search = Search(self)
        self.agenda = Agenda(self)
        self.sharing = Sharing(self)
        self.reviewing = Reviewing(self)

    @property
    def store(self) -> Store:
        """The open database: for opening, closing and copying it, not for SQL."""
        return self.bound.store

    @property
    def now(self) -> Clock:
        """What "now" is (UTC); tests and the demo's seeding set another clock."""
        return self.bound.now

    @now.setter
    def now(self, clock: Clock) -> None:
        self.bound.now = clock

    @property
    def journal_id(self) -> str:
        """This journal's random id, which shares and feedback are addressed to."""
        return self.store.journal_id

    @property
    def window_id(self) -> str:
        """This window's id in presence records (see `reflect.core.drafts`)."""
        return self.drafts.window_id
