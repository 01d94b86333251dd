"""Wellbeing check-ins: trend, three low in a row, same-day edit, validation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from reflect.core import checkins as core
from reflect.core import settings
from reflect.core.access import JournalAccess
from reflect.core.clock import Clock
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import PASSPHRASE, FixedClock

DIMS = [
    "energy", "satisfaction", "carrying", "connection", "recovery", "role",
    "workload", "safety",
]  # fmt: skip


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


def at(journal: Journal, clock: Clock) -> Journal:
    """The same journal file, read by the test's own clock."""
    return Journal(journal.store, clock)


def save_on(
    journal: Journal,
    wellbeing: Template,
    clock: DayClock,
    day: date,
    note: str = "",
    bring: bool = False,
    **scores: int,
) -> core.CheckIn:
    return at(journal, clock.on(day)).checkins.save(
        wellbeing, scores, note=note, bring=bring
    )


def named(found: list[core.Dimension]) -> list[str]:
    return [dim.id for dim in found]


def test_the_dimensions_are_the_packs_scale_steps(
    dims: list[core.Dimension],
) -> None:
    assert [dim.id for dim in dims] == DIMS
    assert all(len(dim.labels) == 5 for dim in dims)
    # One short, calm name for each, used wherever a dimension is named.
    assert [dim.name for dim in dims] == [
        "Energy", "Satisfaction", "Work stays at work", "Connection", "Own wellbeing",
        "Role", "Workload", "Feeling safe",
    ]  # fmt: skip
    assert core.name_of("sleep_quality") == "Sleep quality"  # a worker's own pack
    # Words written before the short names still name the same dimension.
    assert core.names_shown("recovery") == ("Own wellbeing", "Recovery")
    assert core.names_shown("energy") == ("Energy",)


def test_the_wording_asks_about_work_staying_at_work_and_own_wellbeing(
    dims: list[core.Dimension],
) -> None:
    by_id = {dim.id: dim for dim in dims}
    carrying = by_id["carrying"]
    assert carrying.question == "Do work stories stay at work when you leave?"
    assert carrying.labels[0] == "They come home with me all the time"
    assert carrying.labels[4] == "They stay at work"  # 5 is doing well
    assert "whatever word fits" in by_id["recovery"].question
    assert "safe and respected" in by_id["safety"].question
    assert by_id["workload"].labels[4].startswith("Manageable")


def test_check_ins_saved_before_the_new_dimensions_read_back_unchanged(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    """Scores are stored by dimension id: a check-in saved with the six
    dimensions of old (here written as the old pack wrote it, version 1) reads
    back exactly, and the trend starts the new ones on their first day."""
    old = {"energy": 2, "satisfaction": 3, "carrying": 1, "connection": 4,
           "recovery": 5, "role": 3}  # fmt: skip
    old_pack = replace(
        wellbeing,
        version="1",
        steps=tuple(s for s in wellbeing.steps if s.id not in ("workload", "safety")),
    )
    saved = save_on(journal, old_pack, day_clock, d(1), note="before", **old)
    save_on(journal, wellbeing, day_clock, d(2), energy=3, workload=2, safety=4)

    first, second = journal.checkins.list()
    assert first == saved
    assert dict(first.scores) == old and first.note == "before"
    version = journal.store.conn.execute(
        "SELECT template_version FROM checkins WHERE id = ?", [first.id]
    ).fetchone()[0]
    assert str(version) == "1"
    found = [first, second]
    assert core.timeline(found, "workload") == [None, 2]  # no made-up history
    assert core.timeline(found, "energy") == [2, 3]
    assert core.sparkline(core.timeline(found, "safety")) == " " + core.sparkline([4])
    # A day checked in for only some scales leaves a gap in the others, so
    # every line keeps its days in the same columns.
    third = save_on(journal, wellbeing, day_clock, d(3), energy=4)
    assert core.timeline([first, second, third], "workload") == [None, 2, None]
    assert core.timeline([first, second, third], "energy") == [2, 3, 4]
    lines = core.describe_trend(found, core.dimensions(wellbeing))
    assert "Workload 2 (too much)" in lines  # one score: no trend claimed
    assert "Own wellbeing 5 (strong and steady)" in lines


# ---- trend over a period -----------------------------------------------


def test_list_checkins_keeps_days_within_both_bounds_oldest_first(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    for day in (5, 1, 3, 6, 2, 4):  # saved out of order
        save_on(journal, wellbeing, day_clock, d(day), energy=day % 5 + 1)

    def days(**bounds: date) -> list[int]:
        return [c.day.day for c in journal.checkins.list(**bounds)]

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
    found = journal.checkins.list()

    assert core.series(found, "energy") == [1, 3, 5]
    assert core.series(found, "role") == [5, 4, 3]
    assert core.series(found, "carrying") == []
    assert core.series(journal.checkins.list(since=d(3)), "role") == [3]

    assert core.sparkline([1, 2, 3, 4, 5]) == "▁▃▅▆█"
    assert core.sparkline(core.series(found, "energy")) == "▁▅█"
    assert core.sparkline([]) == ""
    heights = [core.SPARKS.index(ch) for ch in core.sparkline([5, 4, 3, 2, 1])]
    assert heights == sorted(heights, reverse=True) and len(set(heights)) == 5


def test_describe_trend_words_fit_one_two_or_many_scores(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    save_on(journal, wellbeing, day_clock, d(1), energy=2, carrying=4, role=3)
    save_on(journal, wellbeing, day_clock, d(2), energy=1, carrying=5, role=1)
    save_on(journal, wellbeing, day_clock, d(3), energy=4, carrying=2, role=3)
    save_on(journal, wellbeing, day_clock, d(4), connection=3, satisfaction=4)
    save_on(journal, wellbeing, day_clock, d(5), satisfaction=4)
    found = journal.checkins.list()

    assert core.describe_trend(found, dims) == [
        "Energy went from 2 to 4 (fairly topped up), lowest 1",
        "Satisfaction stayed at 4 (a good amount)",  # two scores
        "Work stays at work went from 4 to 2 (they often come home with me), highest 5",
        "Connection 3 (somewhat connected)",  # one score: no trend claimed
        "Role was 3 at the start and at the end (partly clear), lowest 1",
    ]  # recovery was never answered: no line


def test_the_wellbeing_sentence_has_one_wording_for_one_two_and_many(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    energy = [d for d in dims if d.id == "energy"]
    save_on(journal, wellbeing, day_clock, d(1), energy=4)
    one = journal.checkins.list()
    assert (
        core.trend_summary(one, energy) == "One check-in: energy 4 (fairly topped up)"
    )
    save_on(journal, wellbeing, day_clock, d(2), energy=2)
    two = journal.checkins.list()
    assert core.trend_summary(two, energy) == (
        "2 check-ins: energy went from 4 to 2 (running low)"
    )
    save_on(journal, wellbeing, day_clock, d(3), energy=1)
    save_on(journal, wellbeing, day_clock, d(4), energy=2)
    many = journal.checkins.list()
    assert core.trend_summary(many, energy) == (
        "4 check-ins: energy went from 4 to 2 (running low), lowest 1"
    )
    assert core.trend_summary([], energy) == ""  # none: nothing said


# ---- three low in a row --------------------------------------------------


def test_noticing_fires_on_the_third_low_in_a_row_not_the_second(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    def now_noticed() -> list[str]:
        return named(journal.checkins.noticing(journal.checkins.list(), dims))

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
    found = journal.checkins.list()
    assert journal.checkins.noticing(found, dims) == []  # 3 is not low

    save_on(journal, wellbeing, day_clock, d(6), energy=2)
    found = journal.checkins.list()
    assert named(journal.checkins.noticing(found, dims)) == ["energy"]


def test_noticing_is_per_dimension(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    for day in (1, 2, 3):
        save_on(journal, wellbeing, day_clock, d(day), recovery=2, connection=1, role=4)
    found = journal.checkins.list()
    assert named(journal.checkins.noticing(found, dims)) == [
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
        found = store_journal.checkins.list()
        return named(store_journal.checkins.noticing(found, dims))

    for day in (1, 2, 3):
        save_on(journal, wellbeing, day_clock, d(day), energy=2, carrying=4)
    assert now_noticed() == ["energy"]

    journal.checkins.dismiss_noticing("energy", d(3))
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
    first = at(journal, day_clock.on(d(2), hour=8)).checkins.save(
        wellbeing,
        {"energy": 2, "satisfaction": 3},
        note="  a long morning  ",
    )
    assert first.note == "a long morning" and first.bring is False

    day_clock.on(d(2), hour=20)
    second = at(journal, day_clock).checkins.save(
        wellbeing,
        {"energy": 4, "carrying": 1},
        note="better by evening",
        bring=True,
    )

    rows = journal.checkins.list()
    assert rows == [second]
    assert second.id == first.id and second.day == d(2)
    assert dict(second.scores) == {"energy": 4, "satisfaction": 3, "carrying": 1}
    assert second.note == "better by evening" and second.bring is True
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at

    third = save_on(journal, wellbeing, day_clock, d(3), energy=3)
    rows = journal.checkins.list()
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
        saved = at(journal, clock).checkins.save(wellbeing, {"energy": 3})
        assert saved.day == day
        clock.moment = later  # a different UTC date, the same local one: an edit
        again = at(journal, clock).checkins.save(wellbeing, {"role": 4})
        assert again.id == saved.id and again.day == day
        assert dict(again.scores) == {"energy": 3, "role": 4}
        clock.moment = later + timedelta(hours=2)  # past local midnight
        assert core.today(clock) == day + timedelta(days=1)
    assert [c.day for c in journal.checkins.list()] == [day]


def test_a_checkin_saved_as_midnight_passes_lands_on_one_day(
    journal: Journal, wellbeing: Template
) -> None:
    """The day and the save are one reading of the clock, not several."""
    clock = FixedClock(datetime(2026, 3, 1, 23, 58, tzinfo=UTC))  # +1 min a read
    saved = at(journal, clock).checkins.save(wellbeing, {"energy": 3})
    assert saved.day == d(1)
    assert saved.created_at.startswith("2026-03-01T23:59")
    assert journal.checkins.list() == [saved]


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
            at(journal, day_clock.on(day)).checkins.save(
                wellbeing,
                scores,  # type: ignore[arg-type]
                note="should not land",
                bring=True,
            )
        message = str(refused.value)
        for name in DIMS:
            assert name in message
        assert "1 to 5" in message

    assert journal.checkins.list() == [kept]


def test_the_ends_of_the_scale_are_accepted(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    everything = {name: 1 for name in DIMS} | {"role": 5}
    saved = at(journal, day_clock.on(d(1))).checkins.save(wellbeing, everything)
    assert dict(saved.scores) == everything


def test_a_later_save_without_note_or_bring_keeps_them(
    journal: Journal, wellbeing: Template
) -> None:
    journal.checkins.save(wellbeing, {"energy": 2}, note="tired", bring=True)
    journal.checkins.save(wellbeing, {"energy": 3})
    [saved] = journal.checkins.list()
    assert saved.scores["energy"] == 3
    assert saved.note == "tired"
    assert saved.bring is True


# ---- the service's own clock -------------------------------------------------


def test_recent_and_today_read_the_journals_own_clock(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    for day in (d(12, month=1), d(13, month=1), d(1), d(9)):
        save_on(journal, wellbeing, day_clock, day, energy=3)
    later = at(journal, DayClock(datetime(2026, 3, 10, 12, tzinfo=UTC)))

    assert later.checkins.today() == d(10)
    # Eight weeks before 10 March is 13 January, which counts; the 12th does not.
    assert [c.day for c in later.checkins.recent()] == [d(13, month=1), d(1), d(9)]
    assert [c.day for c in later.checkins.recent(weeks=1)] == [d(9)]


def test_one_days_checkin_is_found_and_marked_to_bring(
    journal: Journal, wellbeing: Template, day_clock: DayClock
) -> None:
    saved = save_on(journal, wellbeing, day_clock, d(2), note="kept", energy=2)
    other = save_on(journal, wellbeing, day_clock, d(3), energy=4)
    assert journal.checkins.on(d(1)) is None
    assert journal.checkins.on(d(2)) == saved

    journal.checkins.set_bring(saved.id)
    assert journal.checkins.on(d(2)) == replace(saved, bring=True)
    assert journal.checkins.on(d(3)) == other  # only the one asked for
    journal.checkins.set_bring(saved.id, False)
    assert journal.checkins.on(d(2)) == saved


def test_a_damaged_dismissal_lets_noticing_speak_rather_than_fail(
    journal: Journal,
    wellbeing: Template,
    day_clock: DayClock,
    dims: list[core.Dimension],
) -> None:
    for day in (1, 2, 3):
        save_on(journal, wellbeing, day_clock, d(day), energy=1)
    journal.checkins.dismiss_noticing("energy", d(3))
    found = journal.checkins.list()
    assert journal.checkins.noticing(found, dims) == []
    assert settings.read(journal.store, "noticing_dismissed") == {
        "energy": "2026-03-03"
    }  # kept in the journal's settings, as every setting is

    for damaged in ("{broken", '["energy"]'):
        with journal.store.write():
            journal.store.conn.execute(
                "UPDATE settings SET value = ? WHERE key = 'noticing_dismissed'",
                [damaged],
            )
        assert named(journal.checkins.noticing(found, dims)) == ["energy"]
        journal.checkins.dismiss_noticing("energy", d(3))  # and can be quiet again
        assert journal.checkins.noticing(found, dims) == []
