"""One open journal and the capabilities it owns.

An interface opens a journal (`reflect.core.access`) and then asks it for
what it needs: `journal.entries.get(id)`, `journal.notes.add(text)`,
`journal.checkins.save(...)`. Each capability is a small service bound to
the journal's store and clock (`reflect.core.service`), so no caller hands a
connection or a clock around, and every behaviour has one obvious home.
"""

from __future__ import annotations

from collections.abc import Sequence

from reflect.core.agenda import Agenda
from reflect.core.checkins import Checkins
from reflect.core.clock import Clock, utc_now
from reflect.core.drafts import Drafts
from reflect.core.entries import TRASH_DAYS, Entries
from reflect.core.notes import Notes
from reflect.core.portfolio import Portfolio
from reflect.core.preferences import Preferences, PreferenceService
from reflect.core.reflections import Reflections
from reflect.core.reviewing import Reviewing
from reflect.core.search import Search
from reflect.core.service import Bound
from reflect.core.sharing import Sharing
from reflect.core.store import Store
from reflect.core.supervision import Agreement, Supervision
from reflect.core.yearly import Yearly

__all__ = ["TRASH_DAYS", "Journal"]


class Journal:
    """An open store, the clock, and one service per capability."""

    def __init__(self, store: Store, now: Clock = utc_now) -> None:
        self.bound = Bound(store, now)
        """The store and clock every service reads (see `reflect.core.service`)."""
        # The capabilities this journal owns, each bound to its store and
        # clock (see `reflect.core.service`), and handed the siblings it
        # reads; one line per service, each after the ones it is handed.
        bound = self.bound
        self.entries = Entries(bound)
        self.drafts = Drafts(bound)
        self.notes = Notes(bound, self.drafts, self.entries)
        self.checkins = Checkins(bound)
        self.preferences = PreferenceService(bound)
        self.supervision = Supervision(bound)
        self.reflections = Reflections(bound, self.drafts, self.supervision)
        self.search = Search(bound)
        self.agenda = Agenda(bound, self.supervision, self.entries, self.checkins)
        self.sharing = Sharing(bound, self.entries)
        self.reviewing = Reviewing(bound, self.sharing)
        self.portfolio = Portfolio(bound, self.entries)
        self.yearly = Yearly(bound, self.entries, self.supervision, self.portfolio)

    def save_settings(
        self,
        prefs: Preferences,
        agreement: Agreement | None = None,
        *,
        agreements: Sequence[tuple[Agreement, str | None]] = (),
    ) -> None:
        """The settings page as one change: the preferences and, when given,
        supervision agreements, in one transaction, so a refused value (an
        idle lock out of range, a bad date) keeps none of it.

        `agreements` are (agreement, the name it replaces), None for a new
        one; `agreement` alone is kept as `save_agreement` keeps it.
        """
        with self.store.write():
            if agreement is not None:
                self.supervision.save_agreement(agreement)
            for each, replacing in agreements:
                if replacing is None:
                    self.supervision.add_agreement(each)
                else:
                    self.supervision.save_agreement(each, replacing=replacing)
            self.preferences.save(prefs)

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
