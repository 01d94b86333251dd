"""The settings screen's values, kept in the journal and read back safely."""

from __future__ import annotations

import pytest

from reflect.core import settings
from reflect.core.access import JournalAccess
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.preferences import (
    DEFAULT_THEME,
    HIGH_CONTRAST_THEME,
    Preferences,
)
from tests.conftest import PASSPHRASE

CHOSEN = Preferences(
    theme=HIGH_CONTRAST_THEME,
    watch_list=("Sam Okafor", "Riverside"),
    idle_minutes=0,
    noticing=False,
)


def test_a_fresh_journal_has_the_defaults(journal: Journal) -> None:
    assert journal.preferences.load() == Preferences()


def test_saved_preferences_are_there_after_reopening(
    journal: Journal, access: JournalAccess
) -> None:
    journal.preferences.save(CHOSEN)
    journal.store.close()
    reopened = access.open(PASSPHRASE)
    assert reopened.preferences.load() == CHOSEN
    # The watch list names people: it lives in the encrypted journal's
    # settings, as a plain list.
    assert settings.read(reopened.store, "watch_list") == ["Sam Okafor", "Riverside"]


def test_damaged_or_odd_values_fall_back_without_stopping_the_app(
    journal: Journal,
) -> None:
    journal.preferences.save(CHOSEN)
    settings.write(
        journal.store,
        {"theme": "", "watch_list": "Sam", "idle_minutes": -5, "noticing": "no"},
    )
    loaded = journal.preferences.load()
    assert loaded == Preferences(idle_minutes=0)  # below zero reads as never
    with journal.store.write():
        journal.store.conn.execute(
            "UPDATE settings SET value = '[\"Sam\", \"  \", 7' WHERE key = 'watch_list'"
        )
    assert journal.preferences.load().watch_list == ()
    settings.write(journal.store, {"watch_list": ["Sam", "  ", 7]})
    assert journal.preferences.load().watch_list == ("Sam", "7")
    assert journal.preferences.load().theme == DEFAULT_THEME


@pytest.mark.parametrize("minutes", [-1, 24 * 60 + 1])
def test_an_idle_lock_out_of_range_is_refused_and_nothing_changes(
    journal: Journal, minutes: int
) -> None:
    journal.preferences.save(CHOSEN)
    with pytest.raises(ReflectError, match="between 0 and 1440 minutes"):
        journal.preferences.save(Preferences(theme="nord", idle_minutes=minutes))
    assert journal.preferences.load() == CHOSEN


def test_the_settings_page_keeps_both_or_neither(journal: Journal) -> None:
    """Preferences and the supervision agreement are one change."""
    from reflect.core.supervision import Agreement

    agreement = Agreement(supervisor="Jo", every_days=14)
    with pytest.raises(ReflectError):
        journal.save_settings(Preferences(idle_minutes=99_999), agreement)
    assert journal.supervision.agreement() is None
    assert journal.preferences.load() == Preferences()

    journal.save_settings(CHOSEN, agreement)
    assert journal.preferences.load() == CHOSEN
    assert journal.supervision.agreement() == agreement.with_name()
    journal.save_settings(Preferences(), None)  # no agreement given: it stays
    assert journal.supervision.agreement() == agreement.with_name()
