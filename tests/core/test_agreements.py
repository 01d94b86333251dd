"""Several supervision agreements: line supervision and a group side by side.

A worker's agreements each keep their own next date, session records,
preparation and agenda; the single agreement kept before lists existed
comes forward as the first of the list. Real encrypted journals throughout.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from reflect.core import settings
from reflect.core import supervision as core
from reflect.core.access import JournalAccess
from reflect.core.agenda import AgendaItem, Preparation
from reflect.core.errors import Ambiguous, NotFound, ReflectError
from reflect.core.export.agenda import agenda_markdown, session_markdown
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import PASSPHRASE, FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")

LINE = core.Agreement(
    supervisor="Sam", type="line", every_days=28, next_date=date(2026, 3, 20)
)
GROUP = core.Agreement(
    name="Peer group",
    supervisor="facilitator",
    type="group",
    every_days=14,
    next_date=date(2026, 3, 12),
    minutes=90,
)


@pytest.fixture(scope="module")
def check_in() -> Template:
    return load_library([shipped_dir()]).get("wellbeing")


@pytest.fixture
def both(journal: Journal, clock: FixedClock) -> Journal:
    clock.moment = datetime(2026, 3, 10, 9, tzinfo=UTC)
    journal.supervision.save_agreement(LINE)
    journal.supervision.add_agreement(GROUP)
    return journal


def test_two_agreements_keep_their_own_dates_records_and_agendas(
    both: Journal, check_in: Template
) -> None:
    sup = both.supervision
    assert [a.name for a in sup.agreements()] == ["Sam", "Peer group"]
    default = sup.agreement()  # the next one due
    assert default is not None and default.name == "Peer group"
    line = sup.agreement("sam")  # any case
    assert line is not None and line.next_date == date(2026, 3, 20)

    # A session under the group moves the group's date, and only its.
    group_day = date(2026, 3, 12)
    saved = sup.record_session(
        core.Session(
            id="", day=group_day, type="group", next_date=date(2026, 3, 26),
            agreement="peer",  # the start of one name is enough
        ),
        [("Try the grounding exercise", "facilitator", None)],
    )  # fmt: skip
    assert saved.agreement == "Peer group"
    group = sup.agreement("Peer group")
    assert group is not None and group.next_date == date(2026, 3, 26)
    line = sup.agreement("Sam")
    assert line is not None and line.next_date == date(2026, 3, 20)
    default = sup.agreement()
    assert default is not None and default.name == "Sam"  # now the sooner
    # In a group, the actions recorded are the worker's own.
    assert [a.owner for a in sup.actions()] == ["me"]
    assert sup.sessions(agreement="Peer group") == [saved]
    assert sup.sessions(agreement="Sam") == []

    line_agenda = both.agenda.for_agreement("Sam").gather(check_in)
    group_agenda = both.agenda.for_agreement("Peer group").gather(check_in)
    assert (line_agenda.supervisor, line_agenda.type) == ("Sam", "line")
    assert line_agenda.last_session is None
    assert (group_agenda.supervisor, group_agenda.type) == ("facilitator", "group")
    assert group_agenda.last_session == group_day


def test_a_groups_agenda_starts_empty_and_each_keeps_its_own_preparation(
    both: Journal, check_in: Template
) -> None:
    both.supervision.add_action("Read the lone-working policy")
    both.checkins.save(check_in, {"energy": 2}, bring=True)
    line = both.agenda.for_agreement("Sam")
    group = both.agenda.for_agreement("Peer group")
    assert group.starting_preparation(check_in).items == ()
    # Nothing of the worker's goes to a group unless they pick it.
    unchosen = group.gather(check_in)
    assert (unchosen.items, unchosen.actions, unchosen.wellbeing) == ((), (), ())
    assert unchosen.notes == () and unchosen.checkins == ()
    assert unchosen.waiting == ()  # marked for supervision is not for the group
    paper = agenda_markdown(unchosen)
    assert "Peer group · Supervisor: facilitator · Type: group supervision" in paper
    assert "## Wellbeing" not in paper and "## Actions" not in paper
    assert "Read the lone-working policy" not in paper
    assert {i.kind for i in group.candidates(check_in)} >= {"action", "wellbeing"}
    assert line.gather(check_in).actions  # line supervision carries them
    own = AgendaItem(kind="free", title="Working with silence")
    group.save_preparation(Preparation(items=(own,)))

    assert line.saved_preparation(check_in) is None
    kept = group.saved_preparation(check_in)
    assert kept is not None and kept.items == (own,)
    gathered = group.gather(check_in)
    assert [b.item.title for b in gathered.items] == ["Working with silence"]


def test_an_old_single_agreement_becomes_the_first_of_the_list(
    access: JournalAccess, journal: Journal, clock: FixedClock
) -> None:
    old = {"supervisor": "Ana", "type": "line", "every_days": 14,
           "next_date": "2026-04-01", "share_recovery": True}  # fmt: skip
    settings.write(journal.store, {"agreement": old})
    journal.supervision.record_session(core.Session(id="old", day=date(2026, 3, 1)), [])
    journal.store.close()

    journal = access.open(PASSPHRASE)
    try:
        (first,) = journal.supervision.agreements()
        assert first == core.Agreement(
            name="Ana", supervisor="Ana", type="line", every_days=14,
            next_date=date(2026, 4, 1), share_recovery=True,
        )  # fmt: skip
        # A record kept before agreements had names belongs to the first.
        assert journal.supervision.session("old").agreement == "Ana"

        journal.supervision.add_agreement(GROUP)
        stored = settings.read(journal.store, "agreements")
        assert [a["name"] for a in stored] == ["Ana", "Peer group"]
        assert stored[0]["share_recovery"] is True
        assert settings.read(journal.store, "agreement") is None  # gone
        assert [s.id for s in journal.supervision.sessions(agreement="Ana")] == ["old"]
    finally:
        journal.store.close()


def test_an_unnamed_old_agreement_is_called_supervision(journal: Journal) -> None:
    settings.write(journal.store, {"agreement": {"type": "peer", "every_days": 28}})
    assert [a.name for a in journal.supervision.agreements()] == ["supervision"]


@pytest.mark.parametrize(
    "stored",
    ["Sam", {"name": "Sam"}, [["Sam"], {"every_days": "monthly"}]],
    ids=["a string", "an object", "damaged items"],
)
def test_a_damaged_list_reads_as_no_agreement_so_home_still_opens(
    journal: Journal, stored: object
) -> None:
    settings.write(journal.store, {"agreements": stored})
    assert journal.supervision.agreements() == []
    assert journal.supervision.agreement() is None


def test_names_are_unique_in_any_case_and_an_unknown_one_lists_them(
    both: Journal,
) -> None:
    sup = both.supervision
    with pytest.raises(ReflectError, match="already an agreement called 'Sam'"):
        sup.add_agreement(replace(LINE, name="SAM"))
    with pytest.raises(ReflectError, match="already"):
        sup.save_agreement(replace(GROUP, name="sam"), replacing="Peer group")
    with pytest.raises(NotFound, match="yours are: Sam, Peer group"):
        sup.agreement("Alex")
    sup.add_agreement(core.Agreement(name="Peer reflection", type="co-reflection"))
    with pytest.raises(Ambiguous, match="say which"):
        sup.agreement("peer")
    assert [a.name for a in sup.agreements()] == [
        "Sam",
        "Peer group",
        "Peer reflection",
    ]


def test_renaming_an_agreement_takes_its_records_and_removing_keeps_them(
    both: Journal,
) -> None:
    sup = both.supervision
    sup.record_session(core.Session(id="a", day=date(2026, 3, 5), agreement="Sam"), [])
    renamed = sup.agreement("Sam")
    assert renamed is not None
    # A name that was only ever the supervisor's follows a new supervisor.
    sup.save_agreement(renamed.changed(supervisor="Jo"), replacing="Sam")
    assert [a.name for a in sup.agreements()] == ["Jo", "Peer group"]
    assert [s.id for s in sup.sessions(agreement="Jo")] == ["a"]

    assert sup.remove_agreement("jo").name == "Jo"
    assert [a.name for a in sup.agreements()] == ["Peer group"]
    assert sup.session("a").agreement == "Jo"  # the record stays as it was


def test_co_reflection_records_carry_no_sign_off(journal: Journal) -> None:
    journal.supervision.save_agreement(
        core.Agreement(name="Kit", supervisor="Kit", type="co-reflection")
    )
    saved = journal.supervision.record_session(
        core.Session(
            id="", day=date(2026, 3, 5), type="co-reflection",
            attendees=core.default_attendees(journal.supervision.agreement()),
        ),
        [],
    )  # fmt: skip
    text = session_markdown(saved, [])
    assert "Sign-off" not in text and "Signed off" not in text
    assert saved.attendees == "peer, peer"
    assert core.preparation_pack(journal.supervision.agreement()) == "co-reflection"


def test_home_names_the_next_one_due_when_there_are_several() -> None:
    today = date(2026, 3, 10)
    assert core.next_session_words(GROUP, today, named=True) == (
        "Next supervision (Peer group) with facilitator in 2 days."
    )
    # The supervisor's name already says which; alone, no name is needed.
    named_line = LINE.with_name()
    assert core.next_session_words(named_line, today, named=True) == (
        "Next supervision with Sam in 10 days."
    )
    assert core.next_session_words(GROUP, today) == (
        "Next supervision with facilitator in 2 days."
    )
