"""The year in review's counts (schema step 0013) stay true to the entries.

`entry_counts` is a copy kept by triggers so the review reads a few hundred
rows however long the journal is. A copy that drifts would print a wrong
number on a page a worker hands to an appraiser, so every way an entry or
its tags change is checked against counting the entries themselves.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core import migrations
from reflect.core.access import JournalAccess
from reflect.core.clock import parse_iso
from reflect.core.entry_rows import clean_tags
from reflect.core.export.entries import import_entries
from reflect.core.journal import Journal
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import PASSPHRASE

TAGS = ["housing", "Housing", "Trust", "own-recovery", "Own-Recovery", "endings"]


Counts = tuple[Counter[tuple[str, str, int]], Counter[tuple[str, str, str, int]]]


def _counted(journal: Journal) -> Counts:
    """What the counts should be, from the entries and their tags: per month
    and pack, and per year, tag and pack, each split by own recovery."""
    conn = journal.store.conn
    months: Counter[tuple[str, str, int]] = Counter()
    tagged: Counter[tuple[str, str, str, int]] = Counter()
    for entry_id, created, pack, status, gone in conn.execute(
        "SELECT id, created_at, template_id, status, deleted_at FROM entries"
    ).fetchall():
        if status != "complete" or gone is not None:
            continue
        tags = [
            tag
            for (tag,) in conn.execute(
                "SELECT tag FROM entry_tags WHERE entry_id = ?", [entry_id]
            )
        ]
        own = int(any(t.lower() == "own-recovery" for t in tags))
        months[(created[:7], pack or "", own)] += 1
        for tag in tags:
            tagged[(created[:4], tag, pack or "", own)] += 1
    return months, tagged


def _kept(journal: Journal) -> Counts:
    conn = journal.store.conn
    months = conn.execute("SELECT * FROM month_counts").fetchall()
    tagged = conn.execute("SELECT * FROM tag_counts").fetchall()
    return (
        Counter({(m, p, o): n for m, p, o, n in months}),
        Counter({(y, t, p, o): n for y, t, p, o, n in tagged}),
    )


def _assert_in_step(journal: Journal) -> None:
    kept = _kept(journal)
    assert all(n > 0 for part in kept for n in part.values()), "a row left at 0"
    assert kept == _counted(journal)
    for private in ((), ("relapse-and-recovery",)):
        for year in {row[0][:4] for row in _counted(journal)[0]}:
            _assert_year(journal, int(year), private)


def _assert_year(journal: Journal, year: int, private: tuple[str, ...]) -> None:
    """The year in review's numbers, counted from the entries themselves."""
    months: Counter[tuple[int, str]] = Counter()
    packs: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    spellings: Counter[str] = Counter()
    conn = journal.store.conn
    for entry_id, created, pack, status, gone in conn.execute(
        "SELECT id, created_at, template_id, status, deleted_at FROM entries"
    ).fetchall():
        if status != "complete" or gone is not None or created[:4] != str(year):
            continue
        months[(int(created[5:7]), "note" if pack is None else "reflection")] += 1
        written = [t for (t,) in conn.execute(
            "SELECT tag FROM entry_tags WHERE entry_id = ?", [entry_id]
        )]  # fmt: skip
        if pack in private or any(t.lower() == "own-recovery" for t in written):
            continue
        if pack is not None:
            packs[pack] += 1
        for tag in written:
            tags[tag.casefold()] += 1
            spellings[tag] += 1
    counted = journal.yearly._year_pass(year, private)
    assert +counted.by_month == months
    assert +counted.packs == packs
    assert +counted.tags == tags
    for key in tags:  # shown as spelled most often (the first, on a tie)
        best = max(
            sorted(s for s in spellings if s.casefold() == key),
            key=spellings.__getitem__,
        )
        assert counted.spelled[key] == best


def test_a_finished_reflection_counts_once_under_its_pack(journal: Journal) -> None:
    gibbs = load_library([shipped_dir()]).get("gibbs")
    draft = journal.reflections.start(gibbs)
    assert _kept(journal) == (Counter(), Counter()), "a draft counts for nothing"
    journal.reflections.finish(draft, Finish("Hard day", tags=("housing",)))
    month = journal.entries.get(draft).created_at[:7]
    year = month[:4]
    assert _kept(journal) == (
        Counter({(month, "gibbs", 0): 1}),
        Counter({(year, "housing", "gibbs", 0): 1}),
    )
    journal.entries.set_tags(draft, ["housing", "own-recovery"])
    assert _kept(journal) == (
        Counter({(month, "gibbs", 1): 1}),
        Counter(
            {(year, "housing", "gibbs", 1): 1, (year, "own-recovery", "gibbs", 1): 1}
        ),
    )
    journal.entries.delete(draft)
    assert _kept(journal) == (Counter(), Counter())
    journal.entries.undelete(draft)
    _assert_in_step(journal)


operation = st.one_of(
    st.tuples(st.just("add"), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("retag"), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("trash"), st.none()),
    st.tuples(st.just("undelete"), st.none()),
    st.tuples(st.just("purge"), st.none()),
    st.tuples(st.just("reimport"), st.none()),
    st.tuples(st.just("redate"), st.none()),
    st.tuples(st.just("draft"), st.none()),
    st.tuples(st.just("complete"), st.none()),
    st.tuples(st.just("guide"), st.none()),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.tuples(operation, st.integers(0, 9)), max_size=12))
def test_every_change_keeps_the_counts_in_step(
    journal: Journal, steps: list[tuple[tuple[str, list[str] | None], int]]
) -> None:
    conn = journal.store.conn
    conn.execute("DELETE FROM entries")
    _assert_in_step(journal)
    for (kind, tags), pick in steps:
        ids = [row[0] for row in conn.execute("SELECT id FROM entries")]
        target = ids[pick % len(ids)] if ids else None
        if kind == "add" or target is None:
            journal.notes.add(f"note {pick}", tags=clean_tags(tags or []))
        elif kind == "retag":
            journal.entries.set_tags(target, tags or [])
        elif kind == "trash":
            journal.entries.delete(target)
        elif kind == "undelete":
            journal.entries.undelete(target)
        elif kind == "purge":
            journal.entries.purge_trash(older_than=timedelta(0))
        elif kind == "redate":  # nothing re-dates entries yet; the schema allows it
            conn.execute(
                "UPDATE entries SET created_at = ? WHERE id = ?",
                [f"2020-0{pick % 9 + 1}-01T00:00:00+00:00", target],
            )
        elif kind in ("draft", "complete"):  # as a draft is kept and finished
            status = "draft" if kind == "draft" else "complete"
            conn.execute("UPDATE entries SET status = ? WHERE id = ?", [status, target])
        elif kind == "guide":  # a note guided through a pack becomes a reflection
            pack = "gibbs" if pick % 2 else "relapse-and-recovery"  # one private
            conn.execute(
                "UPDATE entries SET kind = 'reflection', template_id = ? WHERE id = ?",
                [pack, target],
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


def test_upgrading_an_older_journal_fills_the_counts(access: JournalAccess) -> None:
    registered = migrations.MIGRATIONS._migrations
    kept = list(registered)
    del registered[[m.name for m in registered].index("0013_entry_counts") :]
    try:
        journal = access.create(PASSPHRASE)
        journal.notes.add("one", tags=["Housing", "own-recovery"])
        journal.notes.add("two", tags=["housing"])
        gone = journal.notes.add("three", tags=["housing"])
        journal.entries.delete(gone.id)
        journal.store.close()
    finally:
        registered[:] = kept

    upgraded = access.open(PASSPHRASE)
    try:
        month = upgraded.entries.get(gone.id).created_at[:7]
        year = month[:4]
        assert _kept(upgraded) == (
            Counter({(month, "", 0): 1, (month, "", 1): 1}),
            Counter(
                {
                    (year, "housing", "", 0): 1,
                    (year, "Housing", "", 1): 1,
                    (year, "own-recovery", "", 1): 1,
                }
            ),
        )
        _assert_in_step(upgraded)
    finally:
        upgraded.store.close()


def test_a_tag_is_never_updated_in_place(journal: Journal) -> None:
    """The counts (and tag_order) follow tags as rows come and go; an update
    in place would slip past them, so the schema refuses one."""
    import pytest
    import sqlcipher3

    entry = journal.notes.add("Tagged", tags=["housing"])
    with pytest.raises(sqlcipher3.IntegrityError, match="never updated"):
        journal.store.conn.execute(
            "UPDATE entry_tags SET tag = 'endings' WHERE entry_id = ?", [entry.id]
        )
    _assert_in_step(journal)
