"""`reflect share`, `receive` and the supervisor's commands, end to end.

Two real journals with the CLI's own key derivation: the worker's at
REFLECT_HOME, the supervisor's under `--home`. Every bundle the CLI seals uses
the default scrypt cost (n=2^17: about 0.3 s), so the number of calls stays small;
bundles made only to be refused are sealed through core with a cheap cost.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.cli import common as cli_common
from reflect.core import bundles
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.reflections import Finish
from reflect.core.reviewing import Reviewing
from reflect.core.sharing import Sharing
from reflect.core.templates import load_library, shipped_dir
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.spying import spy

AGREED = "three words agreed face to face"
BUNDLE: dict[str, str | None] = {"REFLECT_BUNDLE_PASSPHRASE": AGREED}
CHEAP = KdfParams(n=16)


def reflection(journal: Journal) -> str:
    """A finished Gibbs reflection with two answers and a private note."""
    template = load_library([shipped_dir()]).get("gibbs")
    entry_id = journal.reflections.start(template)
    journal.reflections.save_answer(entry_id, template.steps[0], 0, "A hard phone call")
    journal.reflections.save_answer(
        entry_id, template.steps[1], 1, "Unsure what to say"
    )
    journal.reflections.finish(entry_id, Finish(title="After the phone call"))
    journal.entries.set_private_note(entry_id, "never leaves")
    return entry_id


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def supervisor_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "supervisor"
    JournalAccess(JournalPaths(home), now=FixedClock()).create(PASSPHRASE).store.close()
    yield home


def test_share_stops_on_findings_and_writes_only_when_accepted(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    clean = reflection(seeded)
    risky = seeded.notes.add("Walked them to the clinic\nnear SW1A 1AA").id
    seeded.store.close()
    out = tmp_path / "share.reflect"
    before = reflect.journal_path.read_bytes()

    stopped = reflect("share", clean[:8], risky[:8], "-o", str(out), env=BUNDLE)
    assert stopped.exit_code == 1
    one_line_error(stopped, "nothing was written", "--accept-findings")
    assert (
        "Walked them to the clinic · the note: 'SW1A 1AA' looks like a postcode"
        in stopped.stdout
    )
    assert "private notes are never shared" in stopped.stdout.lower()
    assert not out.exists()
    assert reflect.journal_path.read_bytes() == before

    done = reflect.ok(
        "share", clean, risky, "-o", str(out), "--accept-findings", env=BUNDLE
    )
    assert mode(out) == 0o600
    assert "What happened?: A hard phone call" in done.stdout  # exactly what leaves
    assert "face to face, not with the file" in done.stdout
    assert "a reflect user" in done.stderr and "--as NAME" in done.stderr
    body = bundles.open_bundle(out.read_bytes(), AGREED)
    assert [e["id"] for e in body["entries"]] == [clean, risky]
    assert "never leaves" not in json.dumps(body)


def test_share_refuses_without_a_bundle_passphrase_or_a_terminal(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    entry = seeded.notes.add("Quiet day").id
    seeded.store.close()
    before = reflect.journal_path.read_bytes()
    out = tmp_path / "share.reflect"
    short: dict[str, str | None] = {"REFLECT_BUNDLE_PASSPHRASE": "short"}
    for env in ({}, short):
        result = reflect("share", entry, "-o", str(out), "--as", "Alex", env=env)
        assert result.exit_code == 1
        one_line_error(result, "passphrase")
        assert not out.exists()
        assert reflect.journal_path.read_bytes() == before


def test_share_asks_twice_on_a_terminal_with_a_strength_hint(
    reflect: Reflect,
    seeded: Journal,
    cli_access: JournalAccess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = seeded.notes.add("Quiet day").id
    seeded.store.close()
    answers = iter(["too short", AGREED, "typo here!", AGREED, AGREED])
    monkeypatch.setattr(cli_common, "has_terminal", lambda: True)
    monkeypatch.setattr(cli_common, "ask_hidden", lambda prompt: next(answers))
    out = tmp_path / "share.reflect"
    result = reflect.ok("share", entry, "-o", str(out), "--as", " Alex ")
    assert "did not match" in result.stderr and "Strong" in result.stderr
    assert bundles.open_bundle(out.read_bytes(), AGREED)["sender_name"] == "Alex"
    journal = cli_access.open(PASSPHRASE)  # --as is remembered for next time
    try:
        assert journal.sharing.display_name() == "Alex"
    finally:
        journal.store.close()


def test_round_trip_through_the_cli(
    reflect: Reflect,
    seeded: Journal,
    supervisor_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The CLI goes through the same core workflows as the app.
    shares = spy(monkeypatch, Sharing, "send")
    receipts = spy(monkeypatch, Reviewing, "receive_file")
    feedbacks = spy(monkeypatch, Reviewing, "send_feedback")
    entry = reflection(seeded)
    seeded.store.close()
    share, back = tmp_path / "share.reflect", tmp_path / "feedback.reflect"
    sup = ("--home", str(supervisor_home))

    reflect.ok("share", entry[:8], "-o", str(share), "--as", "Alex", env=BUNDLE)
    # Written at OWASP's minimum cost for scrypt, which the CLI accepts.
    assert bundles.read_envelope(share.read_bytes()).kdf == KdfParams(2**17, 8, 1)
    got = reflect.ok(*sup, "receive", str(share), env=BUNDLE)
    assert got.stdout == "Received 1 entry from Alex.\n"
    again = reflect.ok(*sup, "receive", str(share), env=BUNDLE)
    assert again.stdout == "Already received; nothing changed.\n"

    people = json.loads(reflect.ok(*sup, "supervisees", "--json").stdout)
    assert [(p["name"], p["entries"], p["unread"]) for p in people] == [("Alex", 1, 1)]
    [row] = json.loads(reflect.ok(*sup, "received", "Alex", "--json").stdout)
    assert {
        k: row[k] for k in ("id", "supervisee", "title", "version", "reviewed")
    } == {
        "id": entry,
        "supervisee": "Alex",
        "title": "After the phone call",
        "version": 1,
        "reviewed": False,
    }
    for typed in ("nope", "²"):  # "²" is a digit to Python, and no number
        bad_step = reflect(*sup, "comment", entry[:8], "Hm", "--step", typed)
        assert bad_step.exit_code == 1
        one_line_error(bad_step, f"no answer '{typed}'")
    reflect.ok(
        *sup, "comment", entry[:8], "What helped you stay?", "--step", "feelings"
    )
    reflect.ok(*sup, "reviewed", entry[:8])
    nowhere = tmp_path / "nowhere" / "feedback.reflect"
    lost = reflect(*sup, "feedback", "Alex", "-o", str(nowhere), env=BUNDLE)
    assert lost.exit_code == 1
    one_line_error(lost, f"{nowhere}: there is no folder", "Nothing was sent")
    reflect.ok(*sup, "feedback", "Alex", "-o", str(back), env=BUNDLE)  # sends all
    assert mode(back) == 0o600
    assert [call[3] for call in shares] == [share]
    assert [call[1] for call in receipts] == [share, share]
    assert [call[3] for call in feedbacks] == [back]
    nothing = reflect.ok(
        *sup, "feedback", people[0]["id"][:8], "-o", str(tmp_path / "x")
    )
    assert "Nothing new" in nothing.stdout and not (tmp_path / "x").exists()

    own = reflect("receive", str(share), env=BUNDLE)  # the worker's own share
    assert own.exit_code == 1
    one_line_error(own, "your own journal")
    home = reflect.ok("receive", str(back), env=BUNDLE)
    assert home.stdout == (
        "Feedback from your supervisor: 1 comment and 1 entry marked reviewed.\n"
    )
    shown = reflect.ok("show", entry[:8]).stdout
    feelings = shown.index("\nWhat were you thinking and feeling")
    assert feelings < shown.index("What helped you stay?") < shown.index("\nPrivate")
    assert "\nYour supervisor commented on" in shown


def _refused_bundle(case: str, worker: Journal, supervisor_id: str) -> bytes:
    """A bundle the supervisor's journal must refuse, sealed cheaply."""
    plan = worker.sharing.plan([worker.notes.add("Quiet day").id])
    if case == "for someone else":
        return worker.sharing.seal(plan, AGREED, recipient="not-you", kdf=CHEAP)
    if case == "not a bundle":
        return b"just some text\n"
    if case == "newer format":
        original = bundles.FORMAT_VERSION
        bundles.FORMAT_VERSION = 2
        try:
            return worker.sharing.seal(plan, AGREED, kdf=CHEAP)
        finally:
            bundles.FORMAT_VERSION = original
    return worker.sharing.seal(plan, AGREED, kdf=CHEAP)


NEXT = {
    "wrong passphrase": "check the passphrase you agreed, or ask for the file again",
    "not a bundle": "choose the .reflect file you were given",
    "too large": "choose the .reflect file you were given",
    "truncated": "ask for the file again",
}
"""What a refusal of a file tells the person to do next."""


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("wrong passphrase", "passphrase is wrong"),
        ("not a bundle", "not a reflect bundle"),
        ("newer format", "newer reflect"),
        ("for someone else", "addressed to someone else"),
        ("too large", "too large"),
        ("truncated", "damaged or incomplete"),
        ("no passphrase", "REFLECT_BUNDLE_PASSPHRASE"),
        ("missing file", "could not read"),
    ],
)
def test_receive_refusals_are_one_line_and_change_nothing(
    reflect: Reflect,
    seeded: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    reason: str,
) -> None:
    monkeypatch.setattr(bundles, "ACCEPTED_KDFS", frozenset({CHEAP}))
    access = JournalAccess(JournalPaths(tmp_path / "w"), kdf_iter=FAST_KDF)
    worker = access.create(PASSPHRASE)
    data = _refused_bundle(case, worker, seeded.journal_id)
    worker.store.close()
    seeded.store.close()
    env: dict[str, str | None] = dict(BUNDLE)
    if case == "wrong passphrase":
        env["REFLECT_BUNDLE_PASSPHRASE"] = "other agreed words"
    elif case == "too large":
        monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", 64)
    elif case == "truncated":
        data = data[:40]
    elif case == "no passphrase":
        env = {}
    path = tmp_path / "in.reflect"
    if case != "missing file":
        path.write_bytes(data)
    before = reflect.journal_path.read_bytes()
    result = reflect("receive", str(path), env=env)
    assert result.exit_code == 1
    line = one_line_error(result, reason)
    assert line.endswith(NEXT.get(case, "")), line  # and what to do about it
    assert result.stdout == ""
    assert reflect.journal_path.read_bytes() == before


def test_comments_on_an_erased_entry_are_kept_and_listed(
    reflect: Reflect, seeded: Journal
) -> None:
    entry = seeded.notes.add("Soon to be erased")
    body = {
        "bundle_id": "b-1",
        "sender_journal_id": "supervisor-journal",
        "sender_name": "Sam",
        "recipient_journal_id": seeded.journal_id,
        "comments": [
            {"id": "c-1", "entry_id": entry.id, "version": 1, "step_id": "note",
             "body": "Kind and clear", "created_at": "2026-03-02T10:00:00+00:00"}
        ],
    }  # fmt: skip
    seeded.sharing.import_feedback(body)
    seeded.entries.discard(entry.id)
    result = reflect("comments", "--json")
    assert result.exit_code == 0, result.output
    [listed] = json.loads(result.stdout)
    assert listed["body"] == "Kind and clear"
    assert listed["entry_erased"] is True
    human = reflect("comments")
    assert "(entry since erased)" in human.stdout


def test_share_scans_tags_and_never_overwrites_a_bundle(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    entry = seeded.notes.add("A quiet visit", tags=["jo@example.org"]).id
    seeded.store.close()
    out = tmp_path / "share.reflect"
    stopped = reflect("share", entry[:8], "-o", str(out), env=BUNDLE)
    assert stopped.exit_code == 1
    assert "tags: 'jo@example.org' looks like an email address" in stopped.stdout
    out.write_bytes(b"an earlier bundle")
    again = reflect("share", entry[:8], "-o", str(out), "--accept-findings", env=BUNDLE)
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert out.read_bytes() == b"an earlier bundle"
