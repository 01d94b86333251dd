"""`reflect portfolio`: the fixture journal's exact numbers, as words and as
JSON, and calm refusals that read nothing."""

from __future__ import annotations

import json

import pytest

from reflect.cli import common as cli_common
from reflect.core.access import JournalAccess
from reflect.core.frameworks import FrameworkLibrary
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import FixedClock
from tests.portfolio_lens import LIBRARY, seed

pytestmark = pytest.mark.usefixtures("utc_local")


@pytest.fixture
def lens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI finds the test framework, whatever the loader does."""
    monkeypatch.setattr(cli_common.Settings, "frameworks", lambda self: LIBRARY)


def test_portfolio_in_words_and_as_json(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, lens: None
) -> None:
    assert isinstance(cli_access.now, FixedClock)
    ids = seed(seeded, cli_access.now)
    seeded.store.close()
    words = reflect.ok("portfolio").output
    assert "Values in practice  ▇▇▁ 2 of 3 areas" in words
    assert "Looking after yourself  ▇▇ 2 of 2 areas" in words
    assert "2 reflections, Nov 2025 – Feb 2026" in words
    assert "\u201cListened first, shared later\u201d" in words
    assert "Hope\n    Nothing linked yet\n" in words
    assert words.count("could show it") == 1  # said once, not under each area
    assert "reflect link ID lens:AREA" in words
    data = json.loads(reflect.ok("portfolio", "--json", "--since", "2026-01-01").output)
    assert [(a["id"], a["count"], a["first"], a["last"]) for a in data["areas"]] == [
        ("lived-experience", 1, "2026-02-20", "2026-02-20"),
        ("mutuality", 1, "2026-02-20", "2026-02-20"),
        ("hope", 0, None, None),
        ("self-care", 2, "2026-01-08", "2026-02-03"),
        ("using-supervision", 1, "2026-02-03", "2026-02-03"),
    ]
    assert data["areas"][3]["entries"] == [
        ids["Talking it through with Jo"],
        ids["A walk before the shift"],
    ]


def test_refusals_are_one_calm_line(
    reflect: Reflect, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_common.Settings, "frameworks", lambda self: LIBRARY)
    bad_day = reflect("portfolio", "--since", "last spring")
    assert bad_day.exit_code == 1
    one_line_error(bad_day, "'last spring' is not a date", "YYYY-MM-DD")
    unknown = reflect("portfolio", "--framework", "nope")
    assert unknown.exit_code == 1
    one_line_error(unknown, "no framework called 'nope'", "there are: lens")
    monkeypatch.setattr(
        cli_common.Settings, "frameworks", lambda self: FrameworkLibrary()
    )
    none = reflect("portfolio", "--json")
    assert none.exit_code == 1
    one_line_error(none, "No competence framework found")
