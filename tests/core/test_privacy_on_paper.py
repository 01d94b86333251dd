"""What leaves the machine on paper: own recovery only by agreement, a
scanned title, and a label that claims only what is true.

The agenda, the share summary and the session record are the places a
worker's words leave the encrypted journal. How their own recovery is going
goes there only when they have said so in the supervision agreement.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import reflect
from reflect.core import agenda, checkins, settings, sharing, supervision
from reflect.core.agenda import without_private
from reflect.core.export.agenda import (
    LABEL,
    agenda_html,
    agenda_markdown,
    session_markdown,
)
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish, suggested_title
from reflect.core.templates import Library, load_library, shipped_dir
from tests.conftest import FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")

OLD_LABEL = "De-identified reflection"
OWN = checkins.name_of("recovery")
"""How the own-recovery scale is named in summaries ("Own wellbeing")."""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([shipped_dir()])


def at(clock: FixedClock, day: date) -> None:
    clock.moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def checked_in(journal: Journal, clock: FixedClock, check_in: Template) -> None:
    """Two check-ins, own recovery among them, and an agreement without a say."""
    for day, recovery in ((date(2026, 3, 3), 2), (date(2026, 3, 5), 3)):
        at(clock, day)
        journal.checkins.save(check_in, {"energy": 3, "recovery": recovery})
    journal.supervision.save_agreement(supervision.Agreement(supervisor="Ana"))


def leaving_words(journal: Journal, check_in: Template) -> list[str]:
    """Everything the agenda, the share summary and a record would carry."""
    prep = journal.agenda.save_preparation(journal.agenda.current_or_default(check_in))
    built = journal.agenda.gather(check_in)
    summary = agenda.wellbeing_summary(built)
    record = journal.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 6),
            items=tuple(supervision.SessionItem(b.item.title) for b in built.items),
        ),
        [],
    )
    assert prep.id is not None
    journal.agenda.mark_used(prep.id, record.id)  # as recording it does
    return [
        agenda_markdown(built),
        agenda_html(built),
        summary,  # what the share bundle's check-in summary holds
        session_markdown(record, []),
    ]


def test_own_recovery_leaves_only_when_the_agreement_allows_it(
    journal: Journal, clock: FixedClock, library: Library
) -> None:
    check_in = library.get("wellbeing")
    checked_in(journal, clock, check_in)
    at(clock, date(2026, 3, 6))
    kept = leaving_words(journal, check_in)
    assert "Energy stayed at 3" in kept[0] and "energy stayed at 3" in kept[2]
    for words in kept:
        assert "recovery" not in words.lower() and OWN not in words
    for words in (kept[0], kept[1], kept[3]):  # the summary goes inside a bundle
        assert LABEL in words and OLD_LABEL not in words
    assert not supervision.may_leave("recovery", None)

    agreement = journal.supervision.agreement()
    assert agreement is not None and agreement.share_recovery is False
    journal.supervision.save_agreement(replace(agreement, share_recovery=True))
    at(clock, date(2026, 3, 9))
    journal.checkins.save(check_in, {"recovery": 4})
    shared = leaving_words(journal, check_in)
    for words in shared[:3]:
        assert f"{OWN.lower()} went from" not in words.lower()  # since the record
        assert f"{OWN.lower()} 4 (" in words.lower()
    # The record holds what was said in the room, not scores: none by itself.
    assert "went from" not in shared[3] and f"{OWN} 4" not in shared[3]


def test_a_preparation_saved_while_sharing_was_on_keeps_recovery_home_after(
    journal: Journal, clock: FixedClock, library: Library
) -> None:
    check_in = library.get("wellbeing")
    checked_in(journal, clock, check_in)
    agreement = journal.supervision.agreement()
    assert agreement is not None
    journal.supervision.save_agreement(replace(agreement, share_recovery=True))
    journal.agenda.save_preparation(journal.agenda.default_preparation(check_in))
    assert OWN in agenda_markdown(journal.agenda.gather(check_in))

    journal.supervision.save_agreement(agreement)  # turned off again
    built = journal.agenda.gather(check_in)
    assert OWN not in agenda_markdown(built)
    assert "Energy stayed at 3" in agenda_markdown(built)
    saved = journal.agenda.saved_preparation(check_in)
    assert saved is not None and OWN not in saved.items[0].ask


def test_a_summary_written_under_the_old_name_keeps_recovery_home_too() -> None:
    # Preparations saved before the check-in's wording changed say
    # "Recovery: …"; that line is private under its old name as well.
    check_in = load_library([shipped_dir()]).get("wellbeing")
    old = "Energy: steady at 3; Recovery: down from 4 to 2; Role: steady at 4"
    assert without_private(old, check_in, None) == (
        "Energy: steady at 3; Role: steady at 4"
    )


def test_an_agreement_kept_before_the_choice_existed_reads_as_private(
    journal: Journal,
) -> None:
    old = {"supervisor": "Ana", "type": "line", "every_days": 14, "next_date": None}
    settings.write(journal.store, {"agreement": old})
    agreement = journal.supervision.agreement()
    assert agreement == supervision.Agreement(
        supervisor="Ana", type="line", every_days=14, share_recovery=False, name="Ana"
    )
    for odd in ("yes", 1, None):  # only a real true shares
        settings.write(journal.store, {"agreement": {**old, "share_recovery": odd}})
        assert journal.supervision.agreement() == agreement


def test_agenda_and_record_findings_name_where_each_detail_is(
    journal: Journal, clock: FixedClock, library: Library
) -> None:
    at(clock, date(2026, 3, 4))
    journal.notes.add(
        "Walked with Dylan to the bus", for_supervision=True, ask="Call 07700 900123?"
    )
    journal.supervision.add_action("Ring the hostel (by 2026-03-20)")
    check_in = library.get("wellbeing")
    journal.checkins.save(check_in, {"energy": 3}, bring=True)
    built = journal.agenda.gather(check_in)
    kinds = [b.item.kind for b in built.items]
    # Nothing chosen yet: the reflection waits, the action is the checklist.
    assert kinds == ["wellbeing"]
    found = agenda.agenda_findings(built, ["dylan"])
    assert [f.line() for f in found] == [
        "A reflection marked to bring: 'Dylan' looks like a name on your watch list",
        "What I want from 'Walked with Dylan to the bus': '07700 900123' looks "
        "like a phone number",
    ]  # an action's due date is a plan's
    assert agenda.agenda_findings(built) == found[1:]
    journal.agenda.save_preparation(journal.agenda.default_preparation(check_in))
    built = journal.agenda.gather(check_in)
    assert [b.item.kind for b in built.items] == ["wellbeing", "entry", "checkin"]
    found = agenda.agenda_findings(built, ["dylan"])
    assert [f.line() for f in found] == [
        "Item 2's title: 'Dylan' looks like a name on your watch list",
        "Item 2's ask: '07700 900123' looks like a phone number",
    ]  # "Check-in on 04 Mar" is reflect's
    assert agenda.agenda_findings(built) == found[1:]

    record = supervision.Session(
        id="",
        day=date(2026, 3, 6),
        items=(
            supervision.SessionItem(agenda.WELLBEING_TITLE),
            supervision.SessionItem(agenda.checkin_title(date(2026, 3, 2))),
            supervision.SessionItem("Walks", "Dylan seemed brighter"),
        ),
        decisions="Nothing about anyone",
    )
    lines = [f.line() for f in agenda.session_findings(record, [], ["Dylan"])]
    assert lines == ["Item 3's summary: 'Dylan' looks like a name on your watch list"]
    dated = replace(record, items=(supervision.SessionItem("Visit on 02 Mar"),))
    assert agenda.session_findings(dated, [])  # a worker's own dated title is read


def test_the_suggested_title_never_carries_a_flagged_detail(
    journal: Journal, clock: FixedClock, library: Library
) -> None:
    gibbs = library.get("gibbs")
    at(clock, date(2026, 12, 3))
    entry_id = journal.reflections.start(gibbs)
    journal.reflections.save_answer(
        entry_id, gibbs.steps[0], 0, "Sat with Dylan after the group\nmore"
    )
    entry = journal.entries.get(entry_id)
    assert entry.title == "Sat with Dylan after the group"  # the draft's own
    watch = ["Dylan"]
    assert suggested_title(entry, gibbs.title, watch) == (
        "Gibbs' reflective cycle, December 2026"
    )
    assert suggested_title(entry, gibbs.title) == "Sat with Dylan after the group"

    journal.reflections.save_answer(entry_id, gibbs.steps[0], 0, "Ring 07700 900123")
    entry = journal.entries.get(entry_id)
    assert "07700" not in suggested_title(entry, gibbs.title)

    journal.reflections.save_answer(entry_id, gibbs.steps[0], 0, "A long group")
    entry = journal.entries.get(entry_id)
    assert suggested_title(entry, gibbs.title, watch) == "A long group"

    # A finished entry's title was the worker's own choice: kept as chosen.
    journal.reflections.finish(entry_id, Finish(title="Dylan and me"))
    entry = journal.entries.get(entry_id)
    assert suggested_title(entry, gibbs.title, watch) == "Dylan and me"


def test_the_old_label_is_gone_from_reflect() -> None:
    """It claimed a check nothing makes; `LABEL` says what is true instead."""
    package = Path(reflect.__file__).parent
    for path in package.rglob("*"):
        if path.suffix in {".py", ".toml", ".tcss", ".md"}:
            assert OLD_LABEL not in path.read_text(encoding="utf-8"), path


def test_a_share_scans_the_agenda_and_record_as_the_commands_do(
    journal: Journal, clock: FixedClock, library: Library
) -> None:
    at(clock, date(2026, 3, 4))
    journal.notes.add("A long group", for_supervision=True)
    journal.supervision.add_action("Ring the hostel (by 2026-03-20)")
    check_in = library.get("wellbeing")
    built = journal.agenda.gather(check_in)
    record = supervision.Session(
        id="s",
        day=date(2026, 3, 1),
        items=(supervision.SessionItem("Walks", "Dylan seemed brighter"),),
    )
    plan = sharing.SharePlan(agenda=agenda_markdown(built), session=record.as_json())
    assert any(f.finding.kind == "date" for f in sharing.findings(plan))  # whole

    plan.agenda_findings = agenda.agenda_findings(built, ["Dylan"])
    found = sharing.findings(plan, ["Dylan"])
    assert [(f.title, f.where, f.finding.text) for f in found] == [
        ("session record", "Item 1's summary", "Dylan")
    ]  # the agenda's own dates are reflect's; the record's words are read
