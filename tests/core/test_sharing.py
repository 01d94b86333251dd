"""Sharing core: bundles between real encrypted journals on disk.

A worker, a supervisor and a third person each have their own journal file.
What leaves, what arrives, what is refused, and that a refusal changes
nothing: the journals are compared as a full JSON export plus every sharing
table (the export holds entries only), before and after.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core import bundles, supervision
from reflect.core import reviewing as rv
from reflect.core import sharing as sh
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams, open_bundle
from reflect.core.errors import (
    Ambiguous,
    BadBundle,
    CannotRead,
    CannotWrite,
    NotFound,
    ReflectError,
)
from reflect.core.export import entries as export
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.paths import JournalPaths, default_export_dir
from reflect.core.reflections import Finish
from reflect.core.store import Store
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

KDF = KdfParams(n=16)
"""Cheap scrypt for tests; the app always uses the default cost."""
ACCEPT = frozenset({KDF})
"""What these tests' journals accept from a header: only the cheap cost."""
AGREED = "three words agreed face to face"
PRIVATE = "plum-coloured umbrella secret"
UNSHARED = "tangerine lighthouse never sent"
SHARING_TABLES = ("bundles", "shared_versions", "supervisees", "received_entries",
                  "comments", "signoffs", "reviews", "received_extras",
                  "received_sessions", "sessions", "settings")  # fmt: skip


def gibbs() -> Template:
    return load_library([shipped_dir()]).get("gibbs")


def make_journal(home: Path) -> Journal:
    access = JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=FixedClock())
    return access.create(PASSPHRASE)


def state(journal: Journal) -> str:
    """The whole journal as text: the JSON export (minus its time) and tables."""
    out = io.StringIO()
    export.write_json(journal, out)
    data = json.loads(out.getvalue())
    del data["exported_at"]
    tables = {
        table: sorted(
            json.dumps(list(row), default=str)
            for row in journal.store.conn.execute(f"SELECT * FROM {table}")
        )
        for table in SHARING_TABLES
    }
    return json.dumps({"export": data, "tables": tables}, sort_keys=True)


def reflect_on(journal: Journal, answers: dict[str, str], title: str) -> str:
    template = gibbs()
    entry_id = journal.reflections.start(template)
    for position, step in enumerate(template.steps):
        if step.id in answers:
            journal.reflections.save_answer(entry_id, step, position, answers[step.id])
    journal.reflections.finish(entry_id, Finish(title=title))
    return entry_id


@dataclass
class People:
    worker: Journal
    supervisor: Journal
    other: Journal
    first: str
    """A guided reflection, with a private note."""
    second: str
    """A quick note."""
    unshared: str


@pytest.fixture
def people(tmp_path: Path) -> Iterator[People]:
    worker = make_journal(tmp_path / "worker")
    supervisor = make_journal(tmp_path / "supervisor")
    other = make_journal(tmp_path / "other")
    worker.sharing.set_display_name("Alex")
    supervisor.sharing.set_display_name("Sam")
    first = reflect_on(
        worker,
        {
            "description": "Sat with someone after a hard phone call",
            "feelings": "Unsure what to say at first",
            "evaluation": "Listening went well",
        },
        "After the phone call",
    )
    worker.entries.set_private_note(first, PRIVATE)
    second = worker.notes.add("Team meeting went well today")
    unshared = worker.notes.add(f"Not for anyone: {UNSHARED}").id
    yield People(worker, supervisor, other, first, second.id, unshared)
    for journal in (worker, supervisor, other):
        journal.store.close()


def share(p: People, ids: list[str], recipient: str | None = None) -> bytes:
    plan = p.worker.sharing.plan(ids)
    return p.worker.sharing.seal(plan, AGREED, recipient=recipient, kdf=KDF)


def feedback_for_worker(p: People) -> bytes:
    data = p.supervisor.reviewing.build_feedback(
        p.supervisor.reviewing.find_supervisee("Alex"), AGREED, kdf=KDF
    )
    assert data is not None
    return data


# ---- the round trip ---------------------------------------------------------


def test_round_trip_comment_arrives_under_its_answer_and_twice_changes_nothing(
    people: People,
) -> None:
    p = people
    session = p.worker.supervision.record_session(
        supervision.Session(id="", day=date(2026, 3, 1), agreed=True), []
    )
    plan = p.worker.sharing.plan([p.first, p.second])
    plan.session = session.as_json()
    shared = p.worker.sharing.seal(plan, AGREED, kdf=KDF)

    got = p.supervisor.reviewing.receive(shared, AGREED, accepted=ACCEPT)
    assert (got.kind, got.added, got.detail) == ("share", 2, "Alex")
    [alex] = p.supervisor.reviewing.supervisees()
    assert (alex.name, alex.entries, alex.unread) == ("Alex", 2, 2)
    snap = p.supervisor.reviewing.get(p.first[:8])
    sup = p.supervisor.reviewing
    sup.add_comment(snap, "What helped you stay?", step_id="feelings")
    sup.add_comment(snap, "Thank you for bringing this.")
    p.supervisor.reviewing.mark_reviewed(snap)
    p.supervisor.reviewing.sign_off(alex.id, session.id)
    assert p.supervisor.reviewing.find_supervisee("alex").unread == 1
    returned = feedback_for_worker(p)
    assert (
        p.supervisor.reviewing.build_feedback(alex, AGREED, kdf=KDF) is None
    )  # all sent

    home = p.worker.reviewing.receive(returned, AGREED, accepted=ACCEPT)
    assert (home.kind, home.added, home.detail) == ("feedback", 2, "Sam")
    comments = p.worker.sharing.comments_for(p.first)
    assert {(c.step_id, c.author, c.version) for c in comments} == {
        ("feelings", "Sam", 1),
        (None, "Sam", 1),
    }
    assert p.worker.supervision.session(session.id).supervisor_signed

    shown = export.entry_markdown(p.worker.entries.get(p.first), comments)
    feelings_q = gibbs().steps[1].question
    evaluation_q = gibbs().steps[2].question
    assert (
        shown.index(f"## {feelings_q}")
        < shown.index("What helped you stay?")
        < shown.index(f"## {evaluation_q}")
        < shown.index("## Comments from supervision")
        < shown.index("Thank you for bringing this.")
        < shown.index("## Private note")
    )
    assert "**Sam** commented on" in shown
    bare = export.entry_markdown(p.worker.entries.get(p.first))
    assert "Sam" not in bare and bare == export.entry_markdown(
        p.worker.entries.get(p.first), []
    )

    for journal, data, kind in ((p.supervisor, shared, "share"),
                                (p.worker, returned, "feedback")):  # fmt: skip
        before = state(journal)
        again = journal.reviewing.receive(data, AGREED, accepted=ACCEPT)
        assert (again.kind, again.already, again.added) == (kind, True, 0)
        assert state(journal) == before

    hidden = comments[0].id
    p.worker.sharing.hide_comment(hidden)
    assert hidden not in {c.id for c in p.worker.sharing.comments_for(p.first)}
    assert hidden in {c.id for c in p.worker.sharing.comments_for(p.first, hidden=True)}


def test_feedback_is_refused_by_every_journal_but_the_one_it_is_for(
    people: People,
) -> None:
    p = people
    p.supervisor.reviewing.receive(share(p, [p.first]), AGREED, accepted=ACCEPT)
    snap = p.supervisor.reviewing.get(p.first)
    p.supervisor.reviewing.add_comment(snap, "Kind words")
    returned = feedback_for_worker(p)
    for journal, reason in (
        (p.other, "addressed to someone else"),
        (p.supervisor, "feedback you wrote"),
    ):
        before = state(journal)
        with pytest.raises(BadBundle, match=reason):
            journal.reviewing.receive(returned, AGREED, accepted=ACCEPT)
        assert state(journal) == before


def test_a_share_for_one_supervisor_is_refused_by_another(people: People) -> None:
    p = people
    addressed = share(p, [p.first], recipient=p.supervisor.journal_id)
    before = state(p.other)
    with pytest.raises(BadBundle, match="addressed to someone else"):
        p.other.reviewing.receive(addressed, AGREED, accepted=ACCEPT)
    assert state(p.other) == before
    assert p.supervisor.reviewing.receive(addressed, AGREED, accepted=ACCEPT).added == 1


def test_the_worker_cannot_receive_their_own_share(people: People) -> None:
    data = share(people, [people.first])
    before = state(people.worker)
    with pytest.raises(BadBundle, match="your own journal"):
        people.worker.reviewing.receive(data, AGREED, accepted=ACCEPT)
    assert state(people.worker) == before


# ---- what leaves ------------------------------------------------------------


def test_private_notes_and_unshared_entries_never_leave(people: People) -> None:
    p = people
    body = open_bundle(share(p, [p.first, p.second]), AGREED, ACCEPT)
    text = json.dumps(body, ensure_ascii=False)
    assert "Sat with someone after a hard phone call" in text  # the shared words
    for word in (*PRIVATE.split(), *UNSHARED.split()):
        assert word not in text
    assert p.unshared not in text
    assert {e["id"] for e in body["entries"]} == {p.first, p.second}
    assert body["sender_name"] == "Alex"


def test_edits_in_the_plan_change_what_leaves_but_never_the_journal(
    people: People,
) -> None:
    p = people
    entry = p.worker.notes.add("Met them near SW1A 1AA, call 07700 900123")
    before = state(p.worker)
    plan = p.worker.sharing.plan([entry.id])
    kinds = {f.finding.kind for f in sh.findings(plan)}
    assert len(kinds) == 2
    [step] = [a["step_id"] for a in plan.entries[0]["answers"]]
    sh.edit_answer(plan, entry.id, step, "Met them in town")
    assert {f.where for f in sh.findings(plan)} == {"title"}  # a note's first line
    sh.edit_answer(plan, entry.id, None, "Met them in town", where="title")
    assert sh.findings(plan) == []
    assert plan.entries[0]["title"] == "Met them in town"
    assert {f.where for f in sh.findings(plan, ["town"])} == {"title", "the note"}
    sh.remove_answer(plan, entry.id, step)
    assert plan.entries[0]["answers"] == []
    with pytest.raises(ReflectError):
        sh.edit_answer(plan, entry.id, "nope", "x")
    assert state(p.worker) == before


def test_nothing_to_share_and_short_passphrases_are_refused(people: People) -> None:
    before = state(people.worker)
    with pytest.raises(ReflectError, match="nothing to share"):
        people.worker.sharing.seal(sh.SharePlan(), AGREED, kdf=KDF)
    with pytest.raises(BadBundle, match="at least"):
        people.worker.sharing.seal(people.worker.sharing.plan([people.first]), "short")
    assert state(people.worker) == before


def test_display_name_is_empty_until_set(tmp_path: Path) -> None:
    journal = make_journal(tmp_path / "j")
    try:
        assert journal.sharing.display_name() == ""
        journal.sharing.set_display_name("  Jo  ")
        assert journal.sharing.display_name() == "Jo"
    finally:
        journal.store.close()


# ---- refusals ---------------------------------------------------------------


def _newer(p: People, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(bundles, "FORMAT_VERSION", 2)
        return share(p, [p.first])


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("wrong passphrase", "passphrase is wrong"),
        ("not a bundle", "not a reflect bundle"),
        ("newer format", "newer reflect"),
        ("too large", "too large"),
        ("empty", "not a reflect bundle"),
    ],
)
def test_refusals_are_clear_and_change_nothing(
    people: People, monkeypatch: pytest.MonkeyPatch, case: str, reason: str
) -> None:
    p = people
    data, passphrase = share(p, [p.first]), AGREED
    if case == "wrong passphrase":
        passphrase = "some other agreed words"
    elif case == "not a bundle":
        data = b"# My journal export\n\nnot encrypted at all\n"
    elif case == "newer format":
        data = _newer(p, monkeypatch)
    elif case == "too large":
        monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", len(data) - 1)
    elif case == "empty":
        data = b""
    before = state(p.supervisor)
    with pytest.raises(BadBundle, match=reason):
        p.supervisor.reviewing.receive(data, passphrase, accepted=ACCEPT)
    assert state(p.supervisor) == before
    assert p.supervisor.reviewing.received() == []


# ---- versions and erased entries ---------------------------------------------


def test_an_edited_entry_arrives_as_version_two_and_old_comments_stay_on_one(
    people: People,
) -> None:
    p = people
    sup = p.supervisor.reviewing
    sup.receive(share(p, [p.first, p.second]), AGREED, accepted=ACCEPT)
    old = sup.get(p.first)
    sup.add_comment(old, "On the first telling", step_id="description")

    template = gibbs()
    p.worker.reflections.save_answer(
        p.first, template.steps[0], 0, "Sat with them for an hour"
    )
    again = open_bundle(share(p, [p.first, p.second]), AGREED, ACCEPT)
    assert {e["id"]: e["version"] for e in again["entries"]} == {
        p.first: 2,
        p.second: 1,  # unchanged: the same version as before
    }
    report = p.supervisor.reviewing.receive(
        share(p, [p.first, p.second]), AGREED, accepted=ACCEPT
    )
    assert report.added == 1  # version 2 of the first; the second already there
    versions = sorted((r.entry_id, r.version) for r in sup.received())
    assert versions == sorted([(p.first, 1), (p.first, 2), (p.second, 1)])
    assert sup.get(p.first).version == 2
    assert sup.get(p.first, 1).snapshot["answers"][0]["response"] == (
        "Sat with someone after a hard phone call"
    )
    rows = p.supervisor.store.conn.execute(
        "SELECT version, body FROM comments"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(1, "On the first telling")]

    sup.add_comment(sup.get(p.first), "On the second")
    p.worker.reviewing.receive(feedback_for_worker(p), AGREED, accepted=ACCEPT)
    assert [(c.version, c.body) for c in p.worker.sharing.comments_for(p.first)] == [
        (1, "On the first telling"),
        (2, "On the second"),
    ]


@pytest.mark.parametrize("how", ["purge", "discard"])
def test_a_comment_on_an_erased_entry_is_kept_and_listed(
    people: People, how: str
) -> None:
    p = people
    p.supervisor.reviewing.receive(
        share(p, [p.first, p.second]), AGREED, accepted=ACCEPT
    )
    snap = p.supervisor.reviewing.get(p.second)
    p.supervisor.reviewing.add_comment(snap, "Good to hear")
    returned = feedback_for_worker(p)
    if how == "purge":
        p.worker.entries.delete(p.second)
        clock = p.worker.now
        assert isinstance(clock, FixedClock)
        clock.moment += timedelta(days=31)
        assert p.worker.entries.purge_trash() == 1
    else:
        p.worker.entries.discard(p.second)
    assert p.worker.reviewing.receive(returned, AGREED, accepted=ACCEPT).added == 1
    [orphan] = p.worker.sharing.orphan_comments()
    assert (orphan.entry_id, orphan.body) == (p.second, "Good to hear")
    assert p.worker.sharing.orphan_comments() == p.worker.sharing.comments_for(p.second)


# ---- the supervisor's lists ----------------------------------------------------


def _many_share(p: People, count: int) -> list[str]:
    """`count` more supervisees, each sharing both entries and a session record,
    brought in as `receive` does once a bundle is opened; their journal ids."""
    body = open_bundle(share(p, [p.first, p.second]), AGREED, ACCEPT)
    senders = []
    for _ in range(count):
        copy = json.loads(json.dumps(body))
        sender = str(uuid.uuid4())
        copy.update(
            bundle_id=str(uuid.uuid4()),
            sender_journal_id=sender,
            sender_name=f"Person {sender[:8]}",
            session={"id": str(uuid.uuid4()), "day": "2026-03-01"},
        )
        for snap in copy["entries"]:
            snap["id"] = str(uuid.uuid4())
        p.supervisor.reviewing.import_share(copy)
        senders.append(sender)
    return senders


def test_the_overview_groups_everyone_in_three_queries_for_two_people_or_twenty(
    people: People,
) -> None:
    p = people
    sup = p.supervisor.reviewing
    asked: list[str] = []

    def overview() -> list[rv.SuperviseeOverview]:
        asked.clear()
        p.supervisor.store.conn.set_trace_callback(asked.append)
        try:
            return sup.overview()
        finally:
            p.supervisor.store.conn.set_trace_callback(None)

    first = _many_share(p, 2)
    overview()
    with_two = len(asked)
    senders = first + _many_share(p, 18)
    sup.mark_reviewed(sup.get(sup.received(first[0])[0].entry_id))
    [second] = [o for o in overview() if o.person.id == first[1]]
    sup.sign_off(first[1], second.sessions[0].session_id)
    everyone = overview()
    assert len(asked) == with_two == 3
    assert [o.person.name for o in everyone] == sorted(
        f"Person {s[:8]}" for s in senders
    )
    for shared in everyone:
        assert {r.supervisee_id for r in shared.entries} == {shared.person.id}
        assert len(shared.entries) == shared.person.entries == 2
        assert [s.day for s in shared.sessions] == ["2026-03-01"]
    by_id = {o.person.id: o for o in everyone}
    # Unread first: the one read entry of the first person comes last.
    assert [r.reviewed for r in by_id[first[0]].entries] == [False, True]
    assert by_id[first[0]].person.unread == 1
    assert [s.signed for s in by_id[first[1]].sessions] == [True]
    assert not any(s.signed for s in by_id[first[0]].sessions)


def test_a_shared_entry_is_found_by_the_start_of_its_id_and_only_once(
    people: People,
) -> None:
    p = people
    body = open_bundle(share(p, [p.first, p.second]), AGREED, ACCEPT)
    for snap, start in zip(body["entries"], ("abcd1", "abcd2"), strict=True):
        snap["id"] = start + snap["id"][5:]
    p.supervisor.reviewing.import_share(body)
    sup = p.supervisor.reviewing
    with pytest.raises(Ambiguous, match="more than one"):
        sup.get("ABCD")
    assert sup.get(" abcd2 ").title == body["entries"][1]["title"]
    with pytest.raises(NotFound):
        sup.get("abce")
    with pytest.raises(NotFound):
        sup.get("abcd1", version=2)


def test_a_damaged_display_name_reads_as_none_and_sharing_still_works(
    people: People,
) -> None:
    p = people
    with p.worker.store.write():
        p.worker.store.conn.execute(
            "UPDATE settings SET value = '{not json' WHERE key = 'display_name'"
        )
    assert p.worker.sharing.display_name() == ""
    body = open_bundle(share(p, [p.first]), AGREED, ACCEPT)
    assert body["sender_name"] == "a reflect user"


def test_a_journal_owns_its_sharing_services_without_loading_the_cipher() -> None:
    """Every journal wires `sharing` and `reviewing`; `reflect list` must not
    pay for `cryptography` (the bundle format), which they import when used."""
    probe = (
        "import json, sys; import reflect.core.journal; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] == 'cryptography' or m == 'reflect.core.bundles')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# ---- damaged bundles, property-based -----------------------------------------


@dataclass
class Tamper:
    bundle: bytes
    supervisor: Journal
    before: str


@pytest.fixture(scope="module")
def tamper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tamper]:
    """One real share bundle and one supervisor journal for every example."""
    root = tmp_path_factory.mktemp("tamper")
    worker = make_journal(root / "worker")
    entry = reflect_on(worker, {"description": "A long shift"}, "Long shift")
    data = worker.sharing.seal(worker.sharing.plan([entry]), AGREED, kdf=KDF)
    worker.store.close()
    assert (
        open_bundle(data, AGREED, ACCEPT)["entries"][0]["id"] == entry
    )  # it does open
    supervisor = make_journal(root / "supervisor")
    yield Tamper(data, supervisor, state(supervisor))
    supervisor.store.close()


TAMPER_SETTINGS = settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@TAMPER_SETTINGS
@given(data=st.data(), mask=st.integers(1, 255))
def test_any_flipped_byte_is_refused_and_changes_nothing(
    tamper: Tamper, data: st.DataObject, mask: int
) -> None:
    damaged = bytearray(tamper.bundle)
    damaged[data.draw(st.integers(0, len(damaged) - 1), label="index")] ^= mask
    with pytest.raises(BadBundle):
        tamper.supervisor.reviewing.receive(bytes(damaged), AGREED, accepted=ACCEPT)
    assert state(tamper.supervisor) == tamper.before


@TAMPER_SETTINGS
@given(data=st.data())
def test_any_truncation_is_refused_and_changes_nothing(
    tamper: Tamper, data: st.DataObject
) -> None:
    cut = tamper.bundle[: data.draw(st.integers(0, len(tamper.bundle) - 1))]
    with pytest.raises(BadBundle):
        tamper.supervisor.reviewing.receive(cut, AGREED, accepted=ACCEPT)
    assert state(tamper.supervisor) == tamper.before


# ---- files: written together with the record of what went, or not at all ----


def _disk_full(path: Path, data: bytes, **_how: object) -> None:
    raise OSError(28, "No space left on device")


def _commented(p: People) -> rv.Supervisee:
    """The supervisor has a comment, a review and a sign-off waiting for Alex."""
    p.supervisor.reviewing.receive(share(p, [p.first]), AGREED, accepted=ACCEPT)
    snap = p.supervisor.reviewing.get(p.first)
    sup = p.supervisor.reviewing
    sup.add_comment(snap, "What helped you stay?", step_id="feelings")
    sup.mark_reviewed(snap)
    alex = sup.find_supervisee("Alex")
    sup.sign_off(alex.id, "session-1")
    return alex


@pytest.mark.parametrize("failure", ["no folder", "disk full", "file there"])
def test_feedback_that_cannot_be_written_stays_unsent_and_the_retry_sends_it_all(
    people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    p = people
    alex = _commented(p)
    target = tmp_path / "feedback.reflect"
    if failure == "no folder":
        target = tmp_path / "nowhere" / "feedback.reflect"
    elif failure == "file there":
        target.write_bytes(b"an earlier bundle")
    before = state(p.supervisor)
    with monkeypatch.context() as patch:
        if failure == "disk full":  # after sealing, inside the transaction
            patch.setattr("reflect.core.files.write_private_bytes", _disk_full)
        with pytest.raises(CannotWrite) as refused:
            p.supervisor.reviewing.send_feedback(alex, AGREED, target, kdf=KDF)
    message = str(refused.value)
    assert "Errno" not in message and "\n" not in message
    assert str(target) in message
    assert {"no folder": "there is no folder", "disk full": "the disk is full",
            "file there": "already exists"}[failure] in message  # fmt: skip
    assert state(p.supervisor) == before  # nothing marked sent, no bundle row
    if failure == "file there":
        assert target.read_bytes() == b"an earlier bundle"
    assert not list(target.parent.glob(".*"))  # no temporary left behind

    retry = tmp_path / "feedback-2.reflect"
    assert p.supervisor.reviewing.send_feedback(alex, AGREED, retry, kdf=KDF)
    body = open_bundle(retry.read_bytes(), AGREED, ACCEPT)
    assert [c["body"] for c in body["comments"]] == ["What helped you stay?"]
    assert [r["entry_id"] for r in body["reviewed"]] == [p.first]
    assert [s["session_id"] for s in body["signoffs"]] == ["session-1"]
    assert not p.supervisor.reviewing.pending_feedback(alex.id)
    assert not p.supervisor.reviewing.send_feedback(
        alex, AGREED, tmp_path / "x", kdf=KDF
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("failure", ["no folder", "disk full"])
def test_a_share_that_cannot_be_written_records_nothing_and_the_retry_sends_it_all(
    people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    p = people
    plan = p.worker.sharing.plan([p.first, p.second])
    target = tmp_path / ("nowhere" if failure == "no folder" else "") / "s.reflect"
    before = state(p.worker)
    with monkeypatch.context() as patch:
        if failure == "disk full":
            patch.setattr("reflect.core.files.write_private_bytes", _disk_full)
        with pytest.raises(CannotWrite, match="Nothing was shared"):
            p.worker.sharing.send(plan, AGREED, target, name="Alex B", kdf=KDF)
    assert state(p.worker) == before  # no version, no bundle row, the old name

    retry = tmp_path / "share.reflect"
    p.worker.sharing.send(plan, AGREED, retry, name="Alex B", kdf=KDF)
    body = open_bundle(retry.read_bytes(), AGREED, ACCEPT)
    assert {e["id"]: e["version"] for e in body["entries"]} == {
        p.first: 1,
        p.second: 1,
    }
    assert body["sender_name"] == p.worker.sharing.display_name() == "Alex B"
    out = p.worker.store.conn.execute(
        "SELECT count(*) FROM bundles WHERE direction = 'out'"
    ).fetchone()[0]
    assert out == 1


def test_receiving_a_file_reads_no_more_than_a_bundle_may_hold(
    people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = people
    path = tmp_path / "share.reflect"
    asked: list[str] = []

    def passphrase() -> str:
        asked.append("asked")
        return AGREED

    before = state(p.supervisor)
    with pytest.raises(CannotRead, match="could not read .*there is no file there"):
        p.supervisor.reviewing.receive_file(path, passphrase, accepted=ACCEPT)
    assert asked == []  # a wrong path costs no passphrase
    data = share(p, [p.first])
    path.write_bytes(data)
    monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", len(data) - 1)
    with pytest.raises(BadBundle, match="too large"):
        p.supervisor.reviewing.receive_file(path, AGREED, accepted=ACCEPT)
    assert state(p.supervisor) == before
    monkeypatch.undo()
    report = p.supervisor.reviewing.receive_file(path, passphrase, accepted=ACCEPT)
    assert (report.kind, report.added, asked) == ("share", 1, ["asked"])


def test_the_offered_folder_always_exists(tmp_path: Path) -> None:
    home = tmp_path / "me"
    home.mkdir()
    documents = home / "Documents"
    assert default_export_dir(home, documents) == home  # no Documents here
    assert default_export_dir(home, None) == home
    documents.mkdir()
    assert default_export_dir(home, documents) == documents
    (documents / "reflect").mkdir()
    assert default_export_dir(home, documents) == documents / "reflect"


REAL_WRITE = Store.write


@contextlib.contextmanager
def _commit_fails(self: Store) -> Iterator[object]:
    """A write transaction whose COMMIT fails (a disk error at the last step)."""
    if self.conn.in_transaction:  # nested: a savepoint, as the real one does
        with REAL_WRITE(self) as db:
            yield db
        return
    self.conn.execute("BEGIN IMMEDIATE")
    try:
        yield self.db
    finally:
        self.conn.execute("ROLLBACK")
    raise sqlcipher3.OperationalError("disk I/O error")


@pytest.mark.parametrize("what", ["feedback", "share"])
def test_a_bundle_whose_record_does_not_commit_is_not_left_behind(
    people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    p = people
    alex = _commented(p)
    plan = p.worker.sharing.plan([p.first])
    target = tmp_path / f"{what}.reflect"

    def send() -> None:
        if what == "feedback":
            assert p.supervisor.reviewing.send_feedback(alex, AGREED, target, kdf=KDF)
        else:
            p.worker.sharing.send(plan, AGREED, target, kdf=KDF)

    journal = p.supervisor if what == "feedback" else p.worker
    before = state(journal)
    with monkeypatch.context() as patch:
        patch.setattr(Store, "write", _commit_fails)
        with pytest.raises(sqlcipher3.OperationalError):
            send()
    assert not target.exists()  # the journal says unsent, so no file says sent
    assert state(journal) == before
    send()  # the same name works on the retry
    assert open_bundle(target.read_bytes(), AGREED, ACCEPT)


def test_a_plans_due_dates_are_not_flagged_but_a_dated_story_is(
    journal: Journal,
) -> None:
    """The writer asks for "(by 2026-12-21)" in a plan of actions: a due date
    names nobody, so the share scan lets it be, as the writer's hint does; the
    same date in the story of what happened is still pointed out."""
    entry_id = reflect_on(
        journal,
        {
            "description": "We met on 2026-12-01 at the drop-in.",
            "action_plan": "Ask about the training (by 2026-12-21)",
        },
        "Dated",
    )
    found = sh.findings(journal.sharing.plan([entry_id]))
    dates = [(f.step_id, f.finding.text) for f in found if f.finding.kind == "date"]
    assert dates == [("description", "2026-12-01")]


def test_feedback_is_news_until_the_entry_is_opened_and_says_whose_and_where(
    people: People,
) -> None:
    p = people
    p.supervisor.reviewing.receive(
        share(p, [p.first, p.second]), AGREED, accepted=ACCEPT
    )
    sup = p.supervisor.reviewing
    first, second = sup.get(p.first), sup.get(p.second)
    on_feelings = sup.add_comment(first, "What helped?", step_id="feelings")
    sup.mark_reviewed(first)
    sup.add_comment(second, "Glad it went well")
    [mine] = sup.my_comments(p.first, 1)
    assert (mine.body, mine.sent) == ("What helped?", False)
    p.worker.reviewing.receive(feedback_for_worker(p), AGREED, accepted=ACCEPT)
    assert sup.my_comments(p.first, 1)[0].sent

    news = {n.entry_id: n for n in p.worker.sharing.news()}
    assert (news[p.first].by, news[p.first].comments) == ("Sam", 1)
    assert news[p.first].reviewed_at == sup.get(p.first).reviewed_at
    assert (news[p.second].reviewed_at, news[p.second].comments) == (None, 1)
    [review] = p.worker.sharing.reviews_for(p.first)
    assert (review.by, review.version) == ("Sam", 1)
    assert p.worker.sharing.answered()[on_feelings] == sh.Answered(
        2, gibbs().steps[1].question
    )

    [hidden] = p.worker.sharing.comments_for(p.second)
    p.worker.sharing.hide_comment(hidden.id)  # a hidden comment is no news
    p.worker.sharing.mark_seen(p.first)
    assert p.worker.sharing.news() == []
    before = state(p.worker)
    p.worker.sharing.mark_seen(p.first)  # nothing new: nothing written
    assert state(p.worker) == before

    sup.add_comment(first, "One more thought")
    p.worker.reviewing.receive(feedback_for_worker(p), AGREED, accepted=ACCEPT)
    [again] = p.worker.sharing.news()
    assert (again.entry_id, again.reviewed_at, again.comments) == (p.first, None, 1)
