"""The portfolio a worker reads: exact counts per area on a fixture journal,
empty areas included, and the same words the CLI and the app show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reflect.core import migrations
from reflect.core import portfolio_summary as summary
from reflect.core.errors import NotFound
from reflect.core.frameworks import FrameworkLibrary
from reflect.core.journal import Journal
from tests.conftest import FixedClock
from tests.portfolio_lens import LENS, seed

pytestmark = pytest.mark.usefixtures("utc_local")


def test_counts_dates_lines_and_empty_areas(
    journal: Journal, clock: FixedClock
) -> None:
    ids = seed(journal, clock)
    view = journal.portfolio.view(LENS)
    rows = {
        a.area.id: (a.count, summary.when(a), summary.latest_lines(a))
        for a in view.areas
    }
    assert rows == {
        "lived-experience": (
            2,
            "Nov 2025 – Feb 2026",
            ["Listened first, shared later", "Chose what to share, and why"],
        ),
        "mutuality": (1, "Feb 2026", ["We planned the visit together"]),
        "hope": (0, "", []),  # its only entry is in the trash
        "self-care": (
            2,
            "Jan–Feb 2026",
            ["Said when I was tired", "Took a break before I needed one"],
        ),
        "using-supervision": (1, "Feb 2026", []),
    }
    assert summary.stand_in(view.areas[4]) == "Latest: Talking it through with Jo"
    assert summary.stand_in(view.areas[3]) == ""
    values, care = summary.domains(view)
    assert (values.heading, care.heading) == ("▇▇▁ 2 of 3 areas", "▇▇ 2 of 2 areas")
    [hope] = [a for a in view.areas if not a.count]
    assert summary.area_line(hope) == summary.NOTHING_YET == "Nothing linked yet"
    assert "could show it" in summary.INVITATION
    [kept] = view.unknown  # an area the framework no longer has: kept, said
    assert (kept.area, kept.entry_id) == ("boundaries", ids["Side by side"])
    assert summary.unknown_words(view).startswith("1 link names an area lens")

    journal.entries.undelete(ids["A draft thought I set aside"])
    hope_back = journal.portfolio.view(LENS).areas[2]
    assert (hope_back.area.id, hope_back.count) == ("hope", 1)


def test_since_and_the_json_shape(journal: Journal, clock: FixedClock) -> None:
    ids = seed(journal, clock)
    view = journal.portfolio.view(LENS, since=date(2026, 2, 1))
    data = summary.as_json(view)
    assert data["framework"] == {"id": "lens", "title": LENS.title, "version": 1}
    assert data["since"] == "2026-02-01"
    assert data["domains"] == [
        {"id": "values", "title": "Values in practice", "areas": 3, "covered": 2},
        {"id": "care", "title": "Looking after yourself", "areas": 2, "covered": 2},
    ]
    assert data["areas"][0] == {
        "id": "lived-experience",
        "title": "Drawing on lived experience",
        "domain": "values",
        "count": 1,
        "first": "2026-02-20",
        "last": "2026-02-20",
        "notes": ["Listened first, shared later"],
        "entries": [ids["Side by side"]],
    }
    assert [a["count"] for a in data["areas"]] == [1, 1, 0, 1, 1]
    assert data["areas"][2]["first"] is None and data["areas"][2]["notes"] == []


def test_which_framework_is_shown() -> None:
    other = replace(LENS, id="another")
    shipped = replace(LENS, id=summary.PREFERRED)
    assert summary.choose(FrameworkLibrary({"lens": LENS})) is LENS
    two = FrameworkLibrary({"lens": LENS, "another": other})
    assert summary.choose(two) is other  # the first by id
    three = FrameworkLibrary({"lens": LENS, "another": other, shipped.id: shipped})
    assert summary.choose(three) is shipped
    assert summary.choose(three, "lens") is LENS
    with pytest.raises(NotFound, match="there are: another, hee-mhpsw-2020, lens"):
        summary.choose(three, "nope")
    with pytest.raises(summary.NoFramework, match="No competence framework found"):
        summary.choose(FrameworkLibrary())
    assert summary.bar(3, 20) == "▇▇" + "▁" * 8  # to scale past ten areas


def test_a_link_follows_its_entry_and_older_links_are_filled_in(
    journal: Journal, clock: FixedClock
) -> None:
    """What the view shows of an entry (schema step 0012 keeps a copy with
    each link) follows the entry: its title, its trash mark."""
    entry = journal.notes.add("First words").id
    journal.portfolio.link(entry, LENS, "hope", "Kept going")
    journal.notes.save(entry, "Better words\nand more")
    [shown] = journal.portfolio.view(LENS).areas[2].entries
    assert (shown.title, shown.note) == ("Better words", "Kept going")
    journal.entries.delete(entry)
    assert journal.portfolio.view(LENS).areas[2].count == 0


def test_step_0012_fills_links_made_before_it() -> None:
    import sqlcipher3
    import sqlite_utils

    db = sqlite_utils.Database(sqlcipher3.connect(":memory:", isolation_level=None))
    steps = migrations.MIGRATIONS._migrations
    names = [step.name for step in steps]
    cut = names.index("0012_portfolio_at_speed")
    for step in steps[:cut]:
        step.fn(db)
    db.execute(
        "INSERT INTO entries (id, created_at, updated_at, title, deleted_at) "
        "VALUES ('a', '2025-05-01T10:00:00.000000+00:00', 'x', 'Old one', NULL), "
        "('b', '2025-06-01T10:00:00.000000+00:00', 'x', 'Binned', 'x')"
    )
    db.execute(
        "INSERT INTO entry_links VALUES ('a', 'lens', 'hope', 'n', 'x', 'x'), "
        "('b', 'lens', 'hope', 'm', 'x', 'x')"
    )
    steps[cut].fn(db)
    rows = db.execute(
        "SELECT entry_id, written, title, in_trash FROM entry_links ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("a", "2025-05-01T10:00:00.000000+00:00", "Old one", 0),
        ("b", "2025-06-01T10:00:00.000000+00:00", "Binned", 1),
    ]
