"""One prefix lookup and one settings table, as every service uses them."""

from __future__ import annotations

import pytest

from reflect.core import settings
from reflect.core.errors import Ambiguous, NotFound
from reflect.core.lookup import full_id


def _entry(journal, entry_id: str) -> None:
    with journal.store.write():
        journal.store.db.table("entries").insert(
            {"id": entry_id, "created_at": "2026-01-01T00:00:00Z",
             "updated_at": "2026-01-01T00:00:00Z", "kind": "note", "title": "t",
             "status": "complete"}
        )  # fmt: skip


def test_prefix_finds_one_and_refuses_none_or_two(journal):
    _entry(journal, "aaaa1111")
    _entry(journal, "aaaa2222")
    assert full_id(journal.store, "entries", "AAAA1", "entry") == "aaaa1111"
    with pytest.raises(Ambiguous, match="more than one entry starts with 'aaaa'"):
        full_id(journal.store, "entries", "aaaa", "entry")
    with pytest.raises(NotFound, match="no action has an id starting with 'b'"):
        full_id(journal.store, "actions", "b", "action")
    with pytest.raises(NotFound, match="give an action id"):
        full_id(journal.store, "actions", "  ", "action")


def test_prefix_lookup_takes_only_known_tables(journal):
    with pytest.raises(ValueError):
        full_id(journal.store, "settings", "a", "setting", column="key")


def test_settings_round_trip_and_damage_reads_as_missing(journal):
    settings.write(journal.store, {"name": "Sam", "list": [1, 2]})
    assert settings.read(journal.store, "name") == "Sam"
    assert dict(settings.read_all(journal.store))["list"] == [1, 2]
    with journal.store.write():
        journal.store.conn.execute(
            "UPDATE settings SET value = '{broken' WHERE key = 'name'"
        )
    assert settings.read(journal.store, "name", "fallback") == "fallback"
    assert "name" not in dict(settings.read_all(journal.store))
