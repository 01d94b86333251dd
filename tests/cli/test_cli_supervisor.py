"""A supervisor who works from the command line: read, comment, review, send back.

Two real encrypted journals, the worker's at REFLECT_HOME and the
supervisor's under `--home`, and every step through the CLI. The bundles are
sealed and accepted at a cheap scrypt cost (the module defaults are swapped
for the test), so the round trip costs journal opens, not key derivations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.core import bundles
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import PASSPHRASE, FixedClock
from tests.hostile import ESC

AGREED = "three words agreed face to face"
BUNDLE: dict[str, str | None] = {"REFLECT_BUNDLE_PASSPHRASE": AGREED}
CHEAP = KdfParams(n=16)
GIBBS = load_library([shipped_dir()]).get("gibbs")
HOSTILE = f"Went quiet {ESC}[2J[bold]loud[/bold] <b>tag</b>\u202eflipped"
"""A supervisee's answer with a terminal code, Rich markup, HTML and a bidi
override: `read` must print it as text, the codes made visible."""


@pytest.fixture(autouse=True)
def cheap_bundles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundles, "DEFAULT_KDF", CHEAP)
    monkeypatch.setattr(bundles, "ACCEPTED_KDFS", frozenset({CHEAP}))


def reflection(journal: Journal) -> str:
    """A finished Gibbs reflection: 1 what happened, 2 feelings, 3 (hostile)
    what went well."""
    steps = GIBBS.steps
    entry_id = journal.reflections.start(GIBBS)
    journal.reflections.save_answer(entry_id, steps[0], 0, "A hard call")
    journal.reflections.save_answer(entry_id, steps[1], 1, "Unsure what to say")
    journal.reflections.save_answer(entry_id, steps[2], 2, HOSTILE)
    journal.reflections.finish(entry_id, Finish(title="Endings with J"))
    return entry_id


@pytest.fixture
def supervisor(tmp_path: Path) -> tuple[str, ...]:
    """The supervisor's journal, named Sam, as `--home` arguments."""
    home = tmp_path / "supervisor"
    journal = JournalAccess(JournalPaths(home), now=FixedClock()).create(PASSPHRASE)
    journal.sharing.set_display_name("Sam")
    journal.store.close()
    return ("--home", str(home))


def test_a_supervisor_reviews_from_the_cli_and_the_worker_sees_it(
    reflect: Reflect,
    seeded: Journal,
    cli_access: JournalAccess,
    supervisor: tuple[str, ...],
    tmp_path: Path,
) -> None:
    entry = reflection(seeded)
    seeded.store.close()
    share, back = tmp_path / "share.reflect", tmp_path / "feedback.reflect"
    reflect.ok("share", entry[:8], "-o", str(share), "--as", "Alex", env=BUNDLE)
    reflect.ok(*supervisor, "receive", str(share), env=BUNDLE)

    read = reflect.ok(*supervisor, "read", entry[:8]).stdout
    lines = read.splitlines()
    assert lines[0] == "Endings with J"
    assert lines[1].startswith("Shared by Alex · version 1 · received ")
    first = lines.index("1. What happened?")
    assert lines[first + 1] == "A hard call"
    second = lines.index("2. What were you thinking and feeling at the time?")
    assert lines[second + 1] == "Unsure what to say"

    before = (Path(supervisor[1]) / "journal.db").read_bytes()
    for wrong in ("0", "99"):
        refused = reflect(*supervisor, "comment", entry[:8], "Hm", "--step", wrong)
        assert refused.exit_code == 1
        one_line_error(refused, "from 1 to ", f"reflect read {entry[:8]}")
    assert (Path(supervisor[1]) / "journal.db").read_bytes() == before

    kept = reflect.ok(
        *supervisor, "comment", entry[:8], "--step", "2", input="What helped?\n"
    )
    assert kept.stdout.startswith(
        "Comment kept on 'Endings with J' (version 1), on 2. What were you "
        "thinking and feeling at the time?\n"
    )
    reflect.ok(*supervisor, "comment", entry[:8], "Thank you for this")
    reflect.ok(*supervisor, "reviewed", entry[:8])
    read = reflect.ok(*supervisor, "read", entry[:8]).stdout
    assert " · reviewed " in read.splitlines()[1]
    feelings = read.index("2. What were you thinking and feeling at the time?")
    on_answer = read.index("My comment (")
    assert feelings < on_answer < read.index("What helped?")
    assert read.index("What helped?") < read.index("My comments on the whole entry")
    assert "not sent yet):" in read
    data = json.loads(reflect.ok(*supervisor, "read", entry[:8], "--json").stdout)
    assert [a["step"] for a in data["answers"]][:2] == [1, 2]
    assert [c["body"] for c in data["answers"][1]["comments"]] == ["What helped?"]
    assert [c["body"] for c in data["comments"]] == ["Thank you for this"]

    reflect.ok(*supervisor, "feedback", "Alex", "-o", str(back), env=BUNDLE)
    got = reflect.ok("receive", str(back), env=BUNDLE)
    assert got.stdout == "Feedback from Sam: 2 comments and 1 entry marked reviewed.\n"
    said = reflect.ok("comments").stdout
    assert (
        f"{entry[:8]}  Sam on 'Endings with J', on 2. What were you thinking "
        "and feeling at the time?  (" in said
    )
    assert "\n    What helped?\n" in said
    assert f"{entry[:8]}  Sam on 'Endings with J'  (" in said  # the whole entry
    [on_two] = [
        c for c in json.loads(reflect.ok("comments", "--json").stdout) if c["step"]
    ]
    assert (on_two["step"], on_two["question"]) == (
        2,
        "What were you thinking and feeling at the time?",
    )
    shown = reflect.ok("show", entry[:8]).stdout
    assert "\nReviewed by Sam on " in shown and "(version 1)" in shown

    # Edited and shared again: the supervisor reads either version.
    journal = cli_access.open(PASSPHRASE)
    journal.reflections.save_answer(entry, GIBBS.steps[0], 0, "A hard call, again")
    journal.store.close()
    reflect.ok("share", entry[:8], "-o", str(share), "--force", env=BUNDLE)
    reflect.ok(*supervisor, "receive", str(share), env=BUNDLE)
    latest = reflect.ok(*supervisor, "read", entry[:8]).stdout
    assert "version 2 of 2" in latest and "A hard call, again" in latest
    assert "My comment" not in latest  # the comments were on version 1
    assert f"Also shared: version 1 (reflect read {entry[:8]} --version N)" in latest
    earlier = reflect.ok(*supervisor, "read", entry[:8], "--version", "1").stdout
    assert "version 1 of 2" in earlier and "A hard call, again" not in earlier
    assert "What helped?" in earlier
    # A supervisee's words are text: codes shown as marks, markup as typed.
    assert ESC not in earlier and "\u202e" not in earlier
    assert "␛[2J[bold]loud[/bold] <b>tag</b><U+202E>flipped" in earlier
    missing = reflect(*supervisor, "read", entry[:8], "--version", "3")
    assert missing.exit_code == 1
    one_line_error(missing, "has no version 3")
