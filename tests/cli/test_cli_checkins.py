"""`reflect checkin` and `reflect checkins`: scripted check-ins and their trend."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from reflect.cli import common as cli_common
from reflect.core import checkins as core
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from tests.cli.conftest import Reflect, one_line_error
from tests.cli.terminals import without_terminal
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.usefixtures("utc_local")


DIMS = [
    "energy", "satisfaction", "carrying", "connection", "recovery", "role",
    "workload", "safety",
]  # fmt: skip
JSON_KEYS = {"id", "day", "created_at", "updated_at", "scores", "note", "bring"}


class HandClock:
    """The CLI's clock for these tests: the test sets the moment."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> HandClock:
    """The CLI opens its journal with this clock instead of the real one."""
    clock = HandClock()
    monkeypatch.setattr(
        cli_common.Settings,
        "access",
        property(lambda self: JournalAccess(JournalPaths(self.home), now=clock)),
    )
    return clock


@pytest.fixture
def wellbeing() -> Template:
    return load_library([shipped_dir()]).get("wellbeing")


def seed(
    journal: Journal, wellbeing: Template, day: date, note: str = "", **scores: int
) -> None:
    def at() -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)

    Journal(journal.store, at).checkins.save(wellbeing, scores, note=note)


def stored(access: JournalAccess) -> list[core.CheckIn]:
    """The check-ins in the journal, read through core."""
    journal = access.open(PASSPHRASE)
    try:
        return journal.checkins.list()
    finally:
        journal.store.close()


def listed(reflect: Reflect, *args: str) -> list[dict[str, object]]:
    return json.loads(reflect.ok("checkins", "--json", *args).stdout)


def test_set_values_round_trip_through_checkins_json(
    reflect: Reflect, seeded: Journal, cli_clock: HandClock
) -> None:
    seeded.store.close()
    result = reflect.ok(
        "checkin",
        "--set",
        "energy=2",
        "--set",
        "role=5",
        "--set",
        " carrying = 1 ",
        "--note",
        "  a heavy week, ok though  ",
        "--bring",
    )
    assert result.stdout.strip() == "Checked in for 2026-03-02."

    [row] = listed(reflect)
    assert set(row) == JSON_KEYS
    assert row["day"] == "2026-03-02"
    assert row["scores"] == {"energy": 2, "role": 5, "carrying": 1}
    assert row["note"] == "a heavy week, ok though"
    assert row["bring"] is True
    assert row["created_at"] == row["updated_at"] == "2026-03-02T09:00:00.000000+00:00"


def test_workload_and_safety_are_accepted_and_shown_from_their_first_day(
    reflect: Reflect, seeded: Journal, wellbeing: Template, cli_clock: HandClock
) -> None:
    seed(seeded, wellbeing, date(2026, 3, 1), energy=3)  # before they existed
    seeded.store.close()
    reflect.ok("checkin", "--set", "workload=2", "--set", "safety=4")

    assert listed(reflect)[-1]["scores"] == {"workload": 2, "safety": 4}
    lines = reflect.ok("checkins").stdout.splitlines()
    column = len("Work stays at work") + 2
    rows = {line[:column].strip(): line[column:] for line in lines}
    assert rows["Workload"] == " " + core.sparkline([2]) + " 2"
    assert rows["Feeling safe"] == " " + core.sparkline([4]) + " 4"


@pytest.mark.parametrize(
    "sets",
    [
        ["energy=0"],
        ["energy=6"],
        ["energy=-1"],
        ["mood=3"],
        ["energy"],
        ["energy="],
        ["energy=three"],
        ["energy=2.5"],
        ["energy=--3"],
        ["energy=3", "role=9"],  # one bad value refuses the lot
    ],
    ids=" ".join,
)
def test_bad_values_exit_1_naming_dimensions_and_range_and_save_nothing(
    reflect: Reflect,
    seeded: Journal,
    cli_access: JournalAccess,
    wellbeing: Template,
    cli_clock: HandClock,
    sets: list[str],
) -> None:
    seed(seeded, wellbeing, date(2026, 3, 2), note="kept", energy=4)
    seeded.store.close()

    args = [part for pair in sets for part in ("--set", pair)]
    result = reflect("checkin", *args, "--note", "should not land")
    assert result.exit_code == 1
    assert result.stdout == ""
    one_line_error(result, *DIMS, "1 to 5")
    [kept] = stored(cli_access)
    assert (kept.note, dict(kept.scores)) == ("kept", {"energy": 4})

    # Refused before the passphrase is needed: no passphrase, same message.
    unasked = reflect("checkin", *args, passphrase=None)
    assert unasked.exit_code == 1
    one_line_error(unasked, *DIMS, "1 to 5")


def test_without_set_or_a_terminal_it_names_the_dimensions(
    seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    result = without_terminal(
        "checkin", "--note", "nothing else", env={"REFLECT_PASSPHRASE": PASSPHRASE}
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--set" in lines[0], result.stderr
    assert all(name in lines[0] for name in DIMS), lines[0]
    assert stored(cli_access) == []


def test_checkins_shows_one_line_per_dimension_with_a_sparkline(
    reflect: Reflect, seeded: Journal, wellbeing: Template, cli_clock: HandClock
) -> None:
    seed(seeded, wellbeing, date(2026, 2, 27), energy=1, role=5)
    seed(seeded, wellbeing, date(2026, 2, 28), energy=3, note="slept well")
    seed(seeded, wellbeing, date(2026, 3, 1), energy=5, role=2, carrying=4)
    seeded.store.close()

    result = reflect.ok("checkins")
    lines = result.stdout.splitlines()
    # The sparklines line up in one column after the longest name.
    column = len("Work stays at work") + 2
    rows = {line[:column].strip(): line[column:] for line in lines[: len(DIMS)]}
    assert list(rows) == [core.name_of(name) for name in DIMS]
    assert rows["Energy"] == core.sparkline([1, 3, 5]) + " 5" == "▁▅█ 5"
    # Role was not answered on the second day: a gap, so the days line up.
    assert rows["Role"] == core.sparkline([5, None, 2]) + " 2" == "█ ▃ 2"
    # Carrying (shown as "work stays at work") starts on its first day, the third.
    assert rows["Work stays at work"] == "  " + core.sparkline([4]) + " 4"
    assert rows["Satisfaction"] == ""  # never answered: no sparkline, no value
    assert lines[len(DIMS) :] == ["2026-02-28  slept well"]


def test_checkins_with_nothing_yet_says_how_to_start(
    reflect: Reflect, seeded: Journal, cli_clock: HandClock
) -> None:
    seeded.store.close()
    result = reflect.ok("checkins")
    assert result.stdout == ""
    assert "reflect checkin" in result.stderr
    assert listed(reflect) == []


def test_since_filters_the_list_and_the_sparklines(
    reflect: Reflect, seeded: Journal, wellbeing: Template, cli_clock: HandClock
) -> None:
    seed(seeded, wellbeing, date(2026, 2, 20), energy=1, note="long ago")
    seed(seeded, wellbeing, date(2026, 2, 25), energy=2)
    seed(seeded, wellbeing, date(2026, 3, 1), energy=4, note="recently")
    seeded.store.close()

    assert [row["day"] for row in listed(reflect, "--since", "2026-02-25")] == [
        "2026-02-25",
        "2026-03-01",
    ]
    assert [row["day"] for row in listed(reflect, "--since", "2026-03-02")] == []
    assert len(listed(reflect)) == 3

    human = reflect.ok("checkins", "--since", "2026-02-21").stdout.splitlines()
    assert human[0].split() == ["Energy", core.sparkline([2, 4]), "4"]
    assert "long ago" not in "\n".join(human)
    assert human[-1] == "2026-03-01  recently"

    bad = reflect("checkins", "--since", "last week")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_a_second_checkin_the_same_day_edits_it(
    reflect: Reflect, seeded: Journal, cli_clock: HandClock
) -> None:
    seeded.store.close()
    reflect.ok("checkin", "--set", "energy=2", "--set", "role=3", "--note", "morning")
    cli_clock.moment = datetime(2026, 3, 2, 21, 30, tzinfo=UTC)
    second = reflect.ok("checkin", "--set", "energy=4", "--note", "evening", "--bring")
    assert second.stdout.strip() == "Checked in for 2026-03-02."

    [row] = listed(reflect)
    assert row["scores"] == {"energy": 4, "role": 3}  # later wins, role kept
    assert row["note"] == "evening" and row["bring"] is True
    assert row["created_at"] == "2026-03-02T09:00:00.000000+00:00"
    assert row["updated_at"] == "2026-03-02T21:30:00.000000+00:00"

    cli_clock.moment = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    reflect.ok("checkin", "--set", "energy=3")
    rows = listed(reflect)
    assert [r["day"] for r in rows] == ["2026-03-02", "2026-03-03"]
    assert rows[0] == row and rows[1]["scores"] == {"energy": 3}


@pytest.mark.parametrize("width", [80, 60, 30])
def test_asked_choices_are_never_cut_inside_a_word(width: int) -> None:
    """Asking in a terminal, each scale's choices wrap between choices, not
    inside one ("runn / ing low"), at any width."""
    from reflect.cli.checkins import choice_lines
    from reflect.core import checkins
    from reflect.core.templates import load_library, shipped_dir

    pack = load_library([shipped_dir()]).get("wellbeing")
    for dim in checkins.dimensions(pack):
        choices = [f"{n}={label}" for n, label in enumerate(dim.labels, 1)]
        lines = choice_lines(choices, width)
        assert [c for line in lines for c in line.strip().split("  ")] == choices
        assert all(len(line) < width for line in lines if line.strip().count("=") > 1)
