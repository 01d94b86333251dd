"""The journal's `settings` table: one key, one JSON value, read and written here.

Settings live inside the encrypted journal (the privacy watch list holds the
names of people the worker supports), so every part of reflect that keeps a
setting goes through these three functions. A damaged value reads as missing,
so the caller's default applies and the app still opens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from reflect.core.store import Store


def read(store: Store, key: str, default: Any = None) -> Any:
    """The value kept under `key`, or `default` when there is none or it is damaged."""
    row = store.conn.execute(
        "SELECT value FROM settings WHERE key = ?", [key]
    ).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except (TypeError, ValueError):
        return default


def read_all(store: Store) -> Iterator[tuple[str, Any]]:
    """Every readable setting as (key, value); damaged ones are left out."""
    for key, raw in store.conn.execute("SELECT key, value FROM settings"):
        try:
            yield str(key), json.loads(raw)
        except (TypeError, ValueError):
            continue


def write(store: Store, values: Mapping[str, Any]) -> None:
    """Keep every value in one transaction (inside the caller's, if it has one)."""
    with store.write():
        store.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(key, json.dumps(value)) for key, value in values.items()],
        )


def remove(store: Store, key: str) -> None:
    """Forget `key` (inside the caller's transaction, if it has one): a
    setting replaced by one in a new shape goes when the new one is kept."""
    with store.write():
        store.conn.execute("DELETE FROM settings WHERE key = ?", [key])
