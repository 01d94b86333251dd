"""The suite closes every journal a test opened, so new tests need not."""

from __future__ import annotations

from weakref import ref

from reflect.core.access import JournalAccess
from reflect.core.store import Store
from tests.conftest import PASSPHRASE, closing_every_store


def test_every_store_opened_inside_is_closed_on_the_way_out(
    access: JournalAccess,
) -> None:
    with closing_every_store() as opened:
        made = access.create(PASSPHRASE)
        reopened = access.open(PASSPHRASE)
        assert not made.store.closed and not reopened.store.closed
    stores = [still() for still in opened]
    assert made.store in stores and reopened.store in stores
    assert all(s is None or (s.closed and s.lock_fd is None) for s in stores)


def test_the_suite_closes_stores_for_every_test(
    close_every_store: list[ref[Store]], access: JournalAccess
) -> None:
    journal = access.create(PASSPHRASE)
    assert journal.store in [still() for still in close_every_store]
