"""Wellbeing check-ins: trend, three low in a row, same-day edit, validation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest

from reflect.core import checkins as core
from reflect.core.access import JournalAccess
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import PASSPHRASE, FixedClock

DIMS = ["energy", "satisfaction", "carrying", "connection", "recovery", "role"]


class DayClock:
    """A clock the test moves by hand; each reading is one second later."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def on(self, day: date, hour: int = 12) -> DayClock:
        self.moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        return self

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@contextmanager
def local_tz(name: str) -> Iterator[None]:
    """Run with the process's local timezone set to `name`, then restore it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", name)
        time.tzset()
        try:
            yield
        finally:
            mp.undo()
            time.tzset()


@pytest.fixture(autouse=True)
def utc_local() -> Iterator[None]:
    """Local time is UTC unless a test says otherwise, so days are exact."""
    with local_tz("UTC"):
        yield


@pytest.fixture(scope="module")
def wellbeing() -> Template:
    return load_library([shipped_dir()]).get("wellbeing")


@pytest.fixture
def dims(wellbeing: Template) -> list[core.Dimension]:
    return core.dimensions(wellbeing)


@pytest.fixture
def day_clock() -> DayClock:
    return DayClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def save_on(
    journal: Journal,
    wellbeing: Template,
    clock: DayClock,
    day: date,
    note: str = "",
    bring: bool = False,
    **scores: int,
) -> core.CheckIn:
    return core.save_checkin(
        journal.store, wellbeing, scores, now=clock.on(day), note=note, bring=bring
    )


def named(found: list[core.Dimension]) -> list[str]:
    return [dim.id for dim in found]


def test_the_dimensions_are_the_packs_scale_steps(
    dims: list[core.Dimension],
) -> None:
    assert [dim.id for dim in dims] == DIMS
    assert all(len(dim.labels) == 5 for dim in dims)
    assert dims[0].name == "Energy"


# ---- trend over a period -----------------------------------------------


def test_list_checkins_keeps_days_within_both_bounds_oldest_first(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    for day in (5, 1, 3, 6, 2, 4):  # saved out of order
        save_on(journal, wellbeing, day_clock, d(day), energy=day % 5 + 1)

    def days(**bounds: date) -> list[int]:
        return [c.day.day for c in core.list_checkins(journal.store, **bounds)]

    assert days() == [1, 2, 3, 4, 5, 6]
    assert days(since=d(3), until=d(5)) == [3, 4, 5]
    assert days(since=d(4)) == [4, 5, 6]
    assert days(until=d(2)) == [1, 2]
    assert days(since=d(4), until=d(4)) == [4]
    assert days(since=d(7)) == []


def test_series_and_sparkline_follow_one_dimension_over_the_period(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    save_on(journal, wellbeing, day_clock, d(1), energy=1, role=5)
    save_on(journal, wellbeing, day_clock, d(2), role=4)  # energy not answered
    save_on(journal, wellbeing, day_clock, d(3), energy=3, role=3)
    save_on(journal, wellbeing, day_clock, d(4), energy=5)
    found = core.list_checkins(journal.store)

    assert core.series(found, "energy") == [1, 3, 5]
    assert core.series(found, "role") == [5, 4, 3]
    assert core.series(found, "carrying") == []
    assert core.series(core.list_checkins(journal.store, since=d(3)), "role") == [3]

    assert core.sparkline([1, 2, 3, 4, 5]) == "▁▃▅▆█"
    assert core.sparkline(core.series(found, "energy")) == "▁▅█"
    assert core.sparkline([]) == ""
    heights = [core.SPARKS.index(ch) for ch in core.sparkline([5, 4, 3, 2, 1])]
    assert heights == sorted(heights, reverse=True) and len(set(heights)) == 5


def test_describe_trend_says_up_down_or_steady_with_the_latest_label(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    save_on(journal, wellbeing, day_clock, d(1), energy=2, carrying=4, role=3)
    save_on(journal, wellbeing, day_clock, d(2), energy=1, carrying=5, role=1)
    save_on(journal, wellbeing, day_clock, d(3), energy=4, carrying=2, role=3)
    save_on(journal, wellbeing, day_clock, d(4), connection=3)

    lines = core.describe_trend(core.list_checkins(journal.store), dims)

    assert lines == [
        "Energy: up from 2 to 4 (fairly topped up)",
        "Carrying: down from 4 to 2 (heavy)",
        "Connection: steady at 3 (somewhat connected)",  # one value only
        "Role: steady at 3 (partly clear)",  # moved, but back where it began
    ]  # satisfaction and recovery were never answered: no line


# ---- three low in a row --------------------------------------------------


def test_noticing_fires_on_the_third_low_in_a_row_not_the_second(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    def now_noticed() -> list[str]:
        return named(
            core.noticing(journal.store, core.list_checkins(journal.store), dims)
        )

    save_on(journal, wellbeing, day_clock, d(1), energy=2, role=1, carrying=4)
    save_on(journal, wellbeing, day_clock, d(2), energy=1, role=2, carrying=4)
    assert now_noticed() == []  # two low is not yet a pattern

    save_on(journal, wellbeing, day_clock, d(3), energy=2, role=5, carrying=4)
    assert now_noticed() == ["energy"]  # role's run was broken; carrying was fine

    save_on(journal, wellbeing, day_clock, d(4), energy=1, role=1, carrying=4)
    assert now_noticed() == ["energy"]  # still low: still noticed


def test_a_higher_value_breaks_the_run(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    for day, energy in enumerate([1, 2, 3, 2, 1], start=1):
        save_on(journal, wellbeing, day_clock, d(day), energy=energy)
    found = core.list_checkins(journal.store)
    assert core.noticing(journal.store, found, dims) == []  # 3 is not low

    save_on(journal, wellbeing, day_clock, d(6), energy=2)
    found = core.list_checkins(journal.store)
    assert named(core.noticing(journal.store, found, dims)) == ["energy"]


def test_noticing_is_per_dimension(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    for day in (1, 2, 3):
        save_on(journal, wellbeing, day_clock, d(day), recovery=2, connection=1, role=4)
    found = core.list_checkins(journal.store)
    assert named(core.noticing(journal.store, found, dims)) == [
        "connection",
        "recovery",
    ]


def test_a_dismissed_notice_stays_quiet_until_the_dimension_recovers_and_drops(
    journal: Journal,
    access: JournalAccess,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    def now_noticed(store_journal: Journal = journal) -> list[str]:
        store = store_journal.store
        return named(core.noticing(store, core.list_checkins(store), dims))

    for day in (1, 2, 3):
        save_on(journal, wellbeing, day_clock, d(day), energy=2, carrying=4)
    assert now_noticed() == ["energy"]

    core.dismiss_noticing(journal.store, "energy", d(3))
    assert now_noticed() == []

    save_on(journal, wellbeing, day_clock, d(4), energy=1, carrying=2)
    save_on(journal, wellbeing, day_clock, d(5), energy=1, carrying=2)
    assert now_noticed() == []  # the same low stretch: still quiet
    save_on(journal, wellbeing, day_clock, d(6), energy=2, carrying=1)
    assert now_noticed() == ["carrying"]  # dismissing energy left others alone

    journal.store.close()  # the dismissal is kept in the journal itself
    reopened = access.open(PASSPHRASE)
    try:
        assert now_noticed(reopened) == ["carrying"]
        save_on(reopened, wellbeing, day_clock, d(7), energy=4, carrying=1)
        save_on(reopened, wellbeing, day_clock, d(8), energy=2, carrying=1)
        save_on(reopened, wellbeing, day_clock, d(9), energy=1, carrying=1)
        assert now_noticed(reopened) == ["carrying"]  # two low since recovering
        save_on(reopened, wellbeing, day_clock, d(10), energy=2, carrying=1)
        assert now_noticed(reopened) == ["energy", "carrying"]  # speaks again
    finally:
        reopened.store.close()


# ---- one a day: same-day edit --------------------------------------------


def test_saving_twice_on_one_day_edits_that_days_checkin(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    first = core.save_checkin(
        journal.store,
        wellbeing,
        {"energy": 2, "satisfaction": 3},
        now=day_clock.on(d(2), hour=8),
        note="  a long morning  ",
    )
    assert first.note == "a long morning" and first.bring is False

    day_clock.on(d(2), hour=20)
    second = core.save_checkin(
        journal.store,
        wellbeing,
        {"energy": 4, "carrying": 1},
        now=day_clock,
        note="better by evening",
        bring=True,
    )

    rows = core.list_checkins(journal.store)
    assert rows == [second]
    assert second.id == first.id and second.day == d(2)
    assert dict(second.scores) == {"energy": 4, "satisfaction": 3, "carrying": 1}
    assert second.note == "better by evening" and second.bring is True
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at

    third = save_on(journal, wellbeing, day_clock, d(3), energy=3)
    rows = core.list_checkins(journal.store)
    assert [c.day for c in rows] == [d(2), d(3)]
    assert third.id != first.id and dict(third.scores) == {"energy": 3}
    assert rows[0] == second  # the earlier day is untouched


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "first", "later", "day"),
    [
        # 23:30 UTC on 1 March is 12:30 on 2 March in Auckland (NZDT, +13),
        # and 09:30 UTC on 2 March is 22:30 there: still the same day.
        ("Pacific/Auckland", utc(1, 23, 30), utc(2, 9, 30), d(2)),
        ("UTC", utc(1, 0, 30), utc(1, 23, 30), d(1)),
        # 07:30 UTC on 2 March is 23:30 on 1 March in Los Angeles (PST, -8).
        ("America/Los_Angeles", utc(1, 9), utc(2, 7, 30), d(1)),
    ],
)
def test_the_day_is_the_workers_local_date(
    journal: Journal,
    wellbeing: Template,
    tz: str,
    first: datetime,
    later: datetime,
    day: date,
) -> None:
    with local_tz(tz):
        clock = DayClock(first)
        saved = core.save_checkin(journal.store, wellbeing, {"energy": 3}, now=clock)
        assert saved.day == day
        clock.moment = later  # a different UTC date, the same local one: an edit
        again = core.save_checkin(journal.store, wellbeing, {"role": 4}, now=clock)
        assert again.id == saved.id and again.day == day
        assert dict(again.scores) == {"energy": 3, "role": 4}
        clock.moment = later + timedelta(hours=2)  # past local midnight
        assert core.today(clock) == day + timedelta(days=1)
    assert [c.day for c in core.list_checkins(journal.store)] == [day]


def test_a_checkin_saved_as_midnight_passes_lands_on_one_day(
    journal: Journal, wellbeing: Template
) -> None:
    """The day and the save are one reading of the clock, not several."""
    clock = FixedClock(datetime(2026, 3, 1, 23, 58, tzinfo=UTC))  # +1 min a read
    saved = core.save_checkin(journal.store, wellbeing, {"energy": 3}, now=clock)
    assert saved.day == d(1)
    assert saved.created_at.startswith("2026-03-01T23:59")
    assert core.list_checkins(journal.store) == [saved]


# ---- validation ------------------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        {"mood": 3},
        {"energy": 0},
        {"energy": 6},
        {"energy": -1},
        {"energy": True},
        {"energy": 2.5},
        {"energy": "3"},
        {},
        {"energy": 3, "role": 9},  # one bad value refuses the lot
        {"energy": 3, "Energy": 3},
    ],
    ids=repr,
)
def test_bad_scores_are_refused_naming_dimensions_and_range(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    scores: dict[str, object],
) -> None:
    kept = save_on(journal, wellbeing, day_clock, d(1), note="kept", energy=2)

    for day in (d(1), d(2)):  # neither an edit nor a new day goes through
        with pytest.raises(ReflectError) as refused:
            core.save_checkin(
                journal.store,
                wellbeing,
                scores,  # type: ignore[arg-type]
                now=day_clock.on(day),
                note="should not land",
                bring=True,
            )
        message = str(refused.value)
        for name in DIMS:
            assert name in message
        assert "1 to 5" in message

    assert core.list_checkins(journal.store) == [kept]


def test_the_ends_of_the_scale_are_accepted(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    everything = {name: 1 for name in DIMS} | {"role": 5}
    saved = core.save_checkin(
        journal.store, wellbeing, everything, now=day_clock.on(d(1))
    )
    assert dict(saved.scores) == everything


def test_a_later_save_without_note_or_bring_keeps_them(
    journal: Journal, wellbeing: Template
) -> None:
    core.save_checkin(
        journal.store, wellbeing, {"energy": 2}, now=journal.now, note="tired",
        bring=True,
    )  # fmt: skip
    core.save_checkin(journal.store, wellbeing, {"energy": 3}, now=journal.now)
    [saved] = core.list_checkins(journal.store)
    assert saved.scores["energy"] == 3
    assert saved.note == "tired"
    assert saved.bring is True
