"""Demo data: about forty entries that follow the shipped packs, the same every run."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.access import JournalAccess
from reflect.core.clock import parse_iso
from reflect.core.demo.entries import seed
from reflect.core.journal import Journal
from reflect.core.models import Entry, Template
from reflect.core.paths import JournalPaths
from reflect.core.templates import Library, load_library, shipped_dir
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

TODAY = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TAG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ACTION = re.compile(r"^(?P<what>.+?)(?: \(by (?P<due>\d{4}-\d{2}-\d{2})\))?$")


@pytest.fixture
def seeded(journal: Journal) -> Journal:
    seed(journal, TODAY)
    return journal


@pytest.fixture
def library() -> Library:
    return load_library([shipped_dir()])


def _all(journal: Journal) -> list[Entry]:
    return list(journal.entries.iter_all())


def _reflections(journal: Journal) -> list[Entry]:
    return [e for e in _all(journal) if e.kind == "reflection"]


def test_seeding_gives_about_forty_entries(seeded: Journal) -> None:
    complete = seeded.entries.page(limit=100, status="complete")
    drafts = seeded.entries.drafts()
    assert 38 <= len(complete) + len(drafts) <= 45
    kinds = Counter(e.kind for e in complete)
    assert kinds["reflection"] >= 25
    assert 6 <= kinds["note"] <= 10
    assert len(drafts) == 3
    assert {d.kind for d in drafts} == {"note", "reflection"}


def test_many_packs_are_used(seeded: Journal) -> None:
    packs = Counter(e.template_id for e in _reflections(seeded))
    assert len(packs) >= 10
    for model in ("quick", "gibbs", "what-so-what-now-what", "johns", "kolb"):
        assert packs[model] >= 1


def test_answers_follow_their_pack(seeded: Journal, library: Library) -> None:
    skipped = 0
    for entry in _reflections(seeded):
        pack = library.get(entry.template_id or "")
        ids = [step.id for step in pack.steps]
        answered = [a.step_id for a in entry.answers]
        assert answered == sorted(answered, key=ids.index), entry.title
        for answer in entry.answers:
            step = pack.steps[ids.index(answer.step_id)]
            assert answer.position == ids.index(step.id)
            assert (answer.question, answer.input_type) == (step.question, step.input)
            _check_response(entry, step.input, step.choices, answer.response)
        if entry.status == "complete":
            required = {s.id for s in pack.steps if not s.optional}
            assert required <= set(answered), entry.title
            skipped += len(ids) - len(answered)
    assert skipped >= 10  # optional steps are left out now and then


def _check_response(
    entry: Entry, input_type: str, choices: tuple[str, ...], response: str
) -> None:
    assert response.strip(), entry.title
    if input_type == "scale":
        assert response in {"1", "2", "3", "4", "5"}
    elif input_type == "choice":
        assert response in choices
    elif input_type == "supervision":
        assert response == "no" or re.match(r"^yes: \S", response)
    elif input_type == "action":
        written = parse_iso(entry.created_at).date()
        for line in response.splitlines():
            match = ACTION.match(line)
            assert match and match["what"].strip()
            if match["due"]:
                assert date.fromisoformat(match["due"]) > written
    elif input_type == "text":
        assert "\n" not in response and "  " not in response
        assert 2 <= len(re.findall(r"[.!?]['\"]?(?:\s|$)", response)) <= 6


def test_finishing_choices_vary_and_fit(seeded: Journal, library: Library) -> None:
    complete = [e for e in _all(seeded) if e.status == "complete"]
    for entry in complete:
        assert entry.title
        assert all(TAG.match(tag) for tag in entry.tags), entry.tags
        assert entry.for_supervision == bool(entry.ask), entry.title
        if entry.kind == "reflection":
            pack = library.get(entry.template_id or "")
            assert entry.functions
            assert set(entry.functions) <= set(pack.functions)
            _check_bring_matches(entry, pack)
    assert 5 <= sum(e.for_supervision for e in complete) < len(complete) / 2
    assert 3 <= sum(e.shareable for e in complete) < len(complete) / 2
    assert 3 <= sum(e.private_note is not None for e in complete) < 10


def _check_bring_matches(entry: Entry, pack: Template) -> None:
    bring = [a.response for a in entry.answers if a.input_type == "supervision"]
    if any(step.input == "supervision" for step in pack.steps):
        assert bring
        assert entry.for_supervision == bring[0].startswith("yes: ")
        if entry.ask:
            assert bring[0] == f"yes: {entry.ask}"


def test_guided_drafts_resume_at_an_unanswered_step(
    seeded: Journal, library: Library
) -> None:
    guided = [
        seeded.entries.get(d.id)
        for d in seeded.entries.drafts()
        if d.kind == "reflection"
    ]
    assert guided
    for draft in guided:
        ids = [s.id for s in library.get(draft.template_id or "").steps]
        answered = [a.step_id for a in draft.answers]
        assert answered, draft.title
        assert draft.current_step not in answered
        assert draft.current_step == ids[ids.index(answered[-1]) + 1]
    notes = [
        seeded.entries.get(d.id) for d in seeded.entries.drafts() if d.kind == "note"
    ]
    assert len(notes) == 1 and notes[0].text.strip()


def test_entries_are_spread_over_months_in_order(
    seeded: Journal, clock: FixedClock
) -> None:
    assert seeded.now is clock  # the journal's own clock is back
    created = [parse_iso(e.created_at) for e in _all(seeded)]  # in writing order
    assert created == sorted(created)
    assert len(set(created)) == len(created)
    assert TODAY - timedelta(days=170) < created[0] < TODAY - timedelta(days=120)
    assert created[-1] < TODAY
    months = {(c.year, c.month) for c in created}
    assert len(months) >= 5
    for entry in _all(seeded):
        assert entry.created_at <= entry.updated_at
        for answer in entry.answers:
            assert entry.created_at <= answer.updated_at


def test_same_today_gives_the_same_journal(
    seeded: Journal, tmp_path: Path, clock: FixedClock
) -> None:
    other = JournalAccess(
        JournalPaths(tmp_path / "again"), kdf_iter=FAST_KDF, now=clock
    ).create(PASSPHRASE)
    try:
        seed(other, TODAY)

        def shape(journal: Journal) -> list[tuple[object, ...]]:
            return [
                (e.created_at, e.title, e.status, e.tags, e.ask, e.text)
                for e in _all(journal)
            ]

        assert shape(other) == shape(seeded)
    finally:
        other.store.close()


def test_actions_from_demo_reflections_are_dated_with_their_reflection(
    seeded: Journal,
) -> None:
    """The demo moves the journal's clock as it writes; the actions a finished
    reflection makes follow it, so the older ones show as done long ago."""
    made = [a for a in seeded.supervision.actions() if a.source == "entry"]
    assert made
    for action in made:
        assert action.source_id is not None
        written = parse_iso(seeded.entries.get(action.source_id).updated_at)
        assert parse_iso(action.created_at).date() == written.date()
        long_ago = written < TODAY - timedelta(days=30)
        same_day = action.done_at is not None and (
            parse_iso(action.done_at).date() == written.date()
        )
        assert (action.status == "done") == (long_ago or same_day), action.text


def test_no_safety_action_is_left_open_after_its_day(seeded: Journal) -> None:
    """A debrief after someone spoke of not wanting to be here is done the
    same day: the demo never shows one hanging open for weeks."""
    for action in seeded.supervision.actions(open_only=True):
        if re.search(r"debrief|duty worker|crisis", action.text, re.I):
            assert parse_iso(action.created_at) > TODAY - timedelta(days=1), action
    [debrief] = [
        a for a in seeded.supervision.actions() if "duty worker" in a.text.lower()
    ]
    assert debrief.status == "done" and debrief.done_at is not None
    assert parse_iso(debrief.done_at).date() == parse_iso(debrief.created_at).date()


def test_the_demo_has_supervisees_to_show(seeded: Journal) -> None:
    """Two people share with the demo worker: the supervising screen lists
    them with what they shared, some read and commented on, some waiting."""
    people = seeded.reviewing.overview()
    assert [p.person.name for p in people] == ["Jo", "Kit"]
    assert all(p.entries for p in people)
    assert seeded.reviewing.unread_count() == 2
    read = [r for p in people for r in p.entries if r.reviewed]
    assert len(read) == 1
    assert seeded.reviewing.my_comments(read[0].entry_id, read[0].version)
    for person in people:
        assert seeded.reviewing.pending_feedback(person.person.id) == any(
            r.reviewed for r in person.entries
        )


def test_search_finds_the_demo_text(seeded: Journal) -> None:
    hits = seeded.search.find("letterbox")
    assert len(hits) >= 2


def test_the_demo_sessions_brought_what_was_marked_before_them(
    seeded: Journal,
) -> None:
    """Monthly sessions each brought the reflections marked before them, so
    the demo's agenda offers only what was marked since the latest one, as
    a worker who prepared with reflect would see: not months of old asks."""
    sessions = seeded.supervision.sessions()
    assert len(sessions) == 5
    latest = max(s.day for s in sessions)
    offered = [
        seeded.entries.get(item.ref)
        for item in seeded.agenda.candidates(None)
        if item.kind == "entry" and item.ref
    ]
    assert offered, "something marked since the last session is waiting"
    assert all(parse_iso(e.created_at).date() > latest for e in offered)
    brought = seeded.agenda.brought()
    for session in sessions:
        assert session.items, f"the session on {session.day} records what it covered"
    assert len(brought) >= 10


def test_the_demo_portfolio_shows_linked_reflections(seeded: Journal) -> None:
    """The portfolio screen opens on something real in the demo: a few
    reflections linked to the shipped framework, each with its own line."""
    from reflect.core.frameworks import shipped_library

    framework = shipped_library().get("hee-mhpsw-2020")
    view = seeded.portfolio.view(framework)
    shown = {a.area.id: a.count for a in view.areas if a.count}
    assert shown["lived-experience"] == 2 and len(shown) == 7
    assert all(s.note for a in view.areas for s in a.entries)
    assert view.unknown == ()
