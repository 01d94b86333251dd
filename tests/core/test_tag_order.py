"""The tag filter's own index (migration 0008) stays true to `entry_tags`.

`tag_order` and `entries.tags` are copies kept by triggers so `reflect list
--tag` reads one page per entry shown. A copy that drifts would hide entries
from a filter or show tags an entry no longer has, so every way tags or
entries change is checked against the one place tags are written.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core import migrations
from reflect.core.access import JournalAccess
from reflect.core.clock import parse_iso
from reflect.core.entry_rows import clean_tags
from reflect.core.export.entries import import_entries
from reflect.core.journal import Journal
from tests.conftest import PASSPHRASE

TAGS = ["housing", "Trust", "endings", "self-care"]


def _assert_in_step(journal: Journal) -> None:
    conn = journal.store.conn
    expected = sorted(
        conn.execute(
            "SELECT t.tag, e.created_at, e.seq, e.id FROM entry_tags t "
            "JOIN entries e ON e.id = t.entry_id"
        ).fetchall()
    )
    copied = sorted(conn.execute("SELECT * FROM tag_order").fetchall())
    assert copied == expected
    for entry_id, shown in conn.execute("SELECT id, tags FROM entries"):
        written = [
            tag
            for (tag,) in conn.execute(
                "SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY rowid",
                [entry_id],
            )
        ]
        assert (shown.split("\x1f") if shown else []) == written


def test_tags_show_in_the_order_typed_and_filter_newest_first(
    journal: Journal,
) -> None:
    old = journal.notes.add("older", tags=["Trust", "housing"])
    new = journal.notes.add("newer", tags=["housing"])
    journal.notes.add("untagged")

    assert journal.entries.get(old.id).tags == ("Trust", "housing")
    shown = journal.entries.page(tag="HOUSING")
    assert [e.id for e in shown] == [new.id, old.id]
    assert shown[1].tags == ("Trust", "housing")
    listed = list(journal.entries.walk(limit=10, tag="#trust"))
    assert [e.id for e in listed] == [old.id]
    _assert_in_step(journal)


def test_tag_filter_honours_since_the_trash_and_the_limit(journal: Journal) -> None:
    first = journal.notes.add("first", tags=["housing"])
    second = journal.notes.add("second", tags=["housing"])
    third = journal.notes.add("third", tags=["housing"])
    journal.entries.delete(second.id)

    assert [e.id for e in journal.entries.page(tag="housing")] == [third.id, first.id]
    since = parse_iso(journal.entries.get(third.id).created_at) - timedelta(seconds=1)
    assert [e.id for e in journal.entries.page(tag="housing", since=since)] == [
        third.id
    ]
    assert [e.id for e in journal.entries.page(tag="housing", limit=1)] == [third.id]
    journal.entries.undelete(second.id)
    assert len(journal.entries.page(tag="housing")) == 3


def test_tag_filter_reads_its_index_in_order_without_sorting(
    journal: Journal,
) -> None:
    sql, params = journal.entries._list_query(tag="housing", since=None, status=None)
    plan = " | ".join(
        row[-1]
        for row in journal.store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
    )
    assert plan.startswith("SEARCH t USING PRIMARY KEY (tag=?)"), plan
    assert "TEMP B-TREE" not in plan, plan


operation = st.one_of(
    st.tuples(st.just("add"), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("retag"), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("trash"), st.none()),
    st.tuples(st.just("undelete"), st.none()),
    st.tuples(st.just("purge"), st.none()),
    st.tuples(st.just("reimport"), st.none()),
    st.tuples(st.just("redate"), st.none()),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.tuples(operation, st.integers(0, 9)), max_size=12))
def test_every_change_keeps_the_copies_in_step(
    journal: Journal, steps: list[tuple[tuple[str, list[str] | None], int]]
) -> None:
    journal.store.conn.execute("DELETE FROM entries")
    for (kind, tags), pick in steps:
        ids = [row[0] for row in journal.store.conn.execute("SELECT id FROM entries")]
        target = ids[pick % len(ids)] if ids else None
        if kind == "add" or target is None:
            journal.notes.add(f"note {pick}", tags=tags or [])
        elif kind == "retag":
            journal.entries.set_tags(target, tags or [])
        elif kind == "trash":
            journal.entries.delete(target)
        elif kind == "undelete":
            journal.entries.undelete(target)
        elif kind == "purge":
            journal.entries.purge_trash(older_than=timedelta(0))
        elif kind == "redate":  # nothing re-dates entries yet; the schema allows it
            journal.store.conn.execute(
                "UPDATE entries SET created_at = ? WHERE id = ?",
                [f"2020-01-01T00:00:0{pick}+00:00", target],
            )
        else:  # an import of a newer copy replaces the row, tags and all
            entry = journal.entries.get(target)
            newer = parse_iso(entry.updated_at) + timedelta(minutes=5)
            replaced = dataclasses.replace(
                entry,
                updated_at=newer.isoformat(),
                tags=clean_tags(["imported", *entry.tags]),
            )
            import_entries(journal, [replaced])
        _assert_in_step(journal)


def test_upgrading_an_older_journal_fills_the_copies(access: JournalAccess) -> None:
    registered = migrations.MIGRATIONS._migrations
    kept = list(registered)
    del registered[[m.name for m in registered].index("0008_tag_order") :]
    try:
        journal = access.create(PASSPHRASE)
        with journal.store.write():  # as the released version wrote them
            for n, (entry_id, tags) in enumerate(
                [("older", ["Trust", "housing"]), ("untagged", [])]
            ):
                stamp = f"2026-01-0{n + 1}T09:00:00+00:00"
                journal.store.conn.execute(
                    "INSERT INTO entries (id, created_at, updated_at, title) "
                    "VALUES (?, ?, ?, ?)",
                    [entry_id, stamp, stamp, entry_id],
                )
                journal.store.conn.executemany(
                    "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
                    [(entry_id, tag) for tag in tags],
                )
        journal.store.close()
    finally:
        registered[:] = kept

    upgraded = access.open(PASSPHRASE)
    try:
        assert upgraded.entries.get("older").tags == ("Trust", "housing")
        assert [e.id for e in upgraded.entries.page(tag="trust")] == ["older"]
        _assert_in_step(upgraded)
    finally:
        upgraded.store.close()
