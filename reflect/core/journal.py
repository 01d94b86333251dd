"""One open journal and the capabilities it owns.

An interface opens a journal (`reflect.core.access`) and then asks it for
what it needs: `journal.entries.get(id)`, `journal.notes.add(text)`,
`journal.checkins.save(...)`. Each capability is a small service bound to
the journal's store and clock (`reflect.core.service`), so no caller hands a
connection or a clock around, and every behaviour has one obvious home.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from reflect.core.clock import Clock, utc_now
from reflect.core.entries import TRASH_DAYS, Entries
from reflect.core.service import Bound
from reflect.core.store import Store

if TYPE_CHECKING:
    from reflect.core.agenda import Agenda
    from reflect.core.checkins import Checkins
    from reflect.core.drafts import Drafts
    from reflect.core.notes import Notes
    from reflect.core.portfolio import Portfolio
    from reflect.core.preferences import Preferences, PreferenceService
    from reflect.core.reflections import Reflections
    from reflect.core.reviewing import Reviewing
    from reflect.core.search import Search
    from reflect.core.sharing import Sharing
    from reflect.core.supervision import Agreement, Supervision
    from reflect.core.yearly import Yearly

__all__ = ["TRASH_DAYS", "Journal"]


class Journal:
    """An open store, the clock, and one service per capability.

    Each service is built, and its module imported, the first time it is
    asked for, then kept: `reflect list` needs the entries alone, and
    importing every capability (the agenda, the portfolio, the year in
    review, sharing...) before asking for the passphrase was most of what
    it spent before the key. A service is handed the siblings it reads, by
    the same attributes, so those are built first when they are needed.
    """

    def __init__(self, store: Store, now: Clock = utc_now) -> None:
        self.bound = Bound(store, now)
        """The store and clock every service reads (see `reflect.core.service`)."""

    @cached_property
    def entries(self) -> Entries:
        return Entries(self.bound)

    @cached_property
    def drafts(self) -> Drafts:
        from reflect.core.drafts import Drafts

        return Drafts(self.bound)

    @cached_property
    def notes(self) -> Notes:
        from reflect.core.notes import Notes

        return Notes(self.bound, self.drafts, self.entries)

    @cached_property
    def checkins(self) -> Checkins:
        from reflect.core.checkins import Checkins

        return Checkins(self.bound)

    @cached_property
    def preferences(self) -> PreferenceService:
        from reflect.core.preferences import PreferenceService

        return PreferenceService(self.bound)

    @cached_property
    def supervision(self) -> Supervision:
        from reflect.core.supervision import Supervision

        return Supervision(self.bound)

    @cached_property
    def reflections(self) -> Reflections:
        from reflect.core.reflections import Reflections

        return Reflections(self.bound, self.drafts, self.supervision)

    @cached_property
    def search(self) -> Search:
        from reflect.core.search import Search

        return Search(self.bound)

    @cached_property
    def agenda(self) -> Agenda:
        from reflect.core.agenda import Agenda

        return Agenda(self.bound, self.supervision, self.entries, self.checkins)

    @cached_property
    def sharing(self) -> Sharing:
        from reflect.core.sharing import Sharing

        return Sharing(self.bound, self.entries)

    @cached_property
    def reviewing(self) -> Reviewing:
        from reflect.core.reviewing import Reviewing

        return Reviewing(self.bound, self.sharing)

    @cached_property
    def portfolio(self) -> Portfolio:
        from reflect.core.portfolio import Portfolio

        return Portfolio(self.bound, self.entries)

    @cached_property
    def yearly(self) -> Yearly:
        from reflect.core.yearly import Yearly

        return Yearly(self.bound, self.entries, self.supervision, self.portfolio)

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
