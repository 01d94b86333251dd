"""The suite closes every journal a test opened, so new tests need not."""

from __future__ import annotations

from reflect.core.access import JournalAccess
from tests.conftest import PASSPHRASE, closing_every_store


def test_every_store_opened_inside_is_closed_on_the_way_out(
    access: JournalAccess,
) -> None:
    with closing_every_store() as opened:
        made = access.create(PASSPHRASE)
        reopened = access.open(PASSPHRASE)
        assert not made.store.closed and not reopened.store.closed
    assert made.store in opened and reopened.store in opened
    assert all(store.closed and store.lock_fd is None for store in opened)


def test_the_suite_closes_stores_for_every_test(
    close_every_store: list[object], access: JournalAccess
) -> None:
    journal = access.create(PASSPHRASE)
    assert journal.store in close_every_store
