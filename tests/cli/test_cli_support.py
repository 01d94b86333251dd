"""`reflect support` and the two lines after a hard `reflect checkin`.

Someone having a hard time gets the lines at once: without a journal,
without a passphrase, never waiting on a prompt, and nothing is written
anywhere (the journal and the config folder are byte for byte as before).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.core import support
from reflect.core.journal import Journal
from reflect.core.preferences import Preferences
from reflect.core.store import locks as filelock
from tests.cli.conftest import Reflect
from tests.cli.terminals import without_terminal
from tests.conftest import PASSPHRASE
from tests.orgfiles import write_org

pytestmark = pytest.mark.usefixtures("utc_local")

MINE = replace(
    Preferences(),
    nation="wales",
    support_plan="My WRAP is in the drawer by the door",
    trusted_name="Alex",
    trusted_contact="07000 000001",
    gp="Bridge Street Surgery",
)


def flat(text: str) -> str:
    """Printed words with the wrapping undone."""
    return " ".join(text.split())


def files_of(*folders: Path) -> dict[str, str]:
    """Every file under the folders, by path, with a hash of its bytes."""
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_support_without_any_journal_shows_the_lines_and_writes_nothing(
    reflect: Reflect, tmp_path: Path
) -> None:
    result = reflect.ok("support", passphrase=None)
    out = result.stdout
    assert out.startswith("If today is hard")
    assert "Call 999, or go to A&E" in out
    assert "Samaritans" in out and "116 123" in out and "SHOUT to 85258" in out
    for nation in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert f"\n{nation}\n" in out
    assert "once your journal is open" in flat(out)
    assert result.stderr == ""
    assert not (tmp_path / "home").exists() and not (tmp_path / "config").exists()


def test_an_encrypted_journal_is_left_closed_and_nothing_is_asked(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.preferences.save(MINE)
    seeded.store.close()
    before = files_of(tmp_path / "home", tmp_path / "config")
    # The fixture makes any prompt fail the test, and there is no terminal.
    result = reflect.ok("support", passphrase=None)
    assert "My WRAP" not in result.stdout
    assert "reflect support --mine" in result.stdout
    assert files_of(tmp_path / "home", tmp_path / "config") == before

    asked = reflect("support", "--mine", passphrase=None)
    assert asked.exit_code == 3
    assert "116 123" in asked.stdout  # the lines first, whatever happens
    assert asked.stderr.count("\n") == 1 and "not shown" in asked.stderr


def test_with_the_passphrase_at_hand_the_workers_own_part_is_added(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.preferences.save(MINE)
    seeded.store.close()
    before = files_of(tmp_path / "home", tmp_path / "config")
    out = reflect.ok("support").stdout
    assert "My WRAP is in the drawer by the door" in out
    assert "Alex" in out and "07000 000001" in out and "Bridge Street Surgery" in out
    assert "\nWales\n" in out and "\nScotland\n" not in out  # the worker's nation
    assert "\nScotland\n" in reflect.ok("support", "--nation", "scotland").stdout
    assert files_of(tmp_path / "home", tmp_path / "config") == before


def test_an_installed_organisations_lines_come_first(
    reflect: Reflect, tmp_path: Path
) -> None:
    # The real file, installed the way a worker would: its lines, its
    # safeguarding contact and its speak-up route all reach the page.
    reflect.ok("org", "install", str(write_org(tmp_path / "given")))
    out = flat(reflect.ok("support", passphrase=None).stdout)
    assert "From Riverside Peer Network" in out
    assert out.index("Riverside staff support line") < out.index("Samaritans")
    assert "Hours: Monday to Friday, 9am to 5pm" in out
    assert "Duty worker: 020 7946 0100" in out
    assert "Freedom to Speak Up guardian" in out


def test_a_workers_own_list_replaces_reflects_and_a_bad_one_is_named(
    reflect: Reflect, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    own = config / support.WORKER_FILE
    own.write_text(
        '[[line]]\nname = "Our \\u001b]0;x line"\ntext = "HELLO to 1"\n', "utf-8"
    )
    out = reflect.ok("support", passphrase=None).stdout
    assert "Our ␛]0;x line" in out and "\x1b" not in out  # shown, never acted on
    assert "Samaritans" not in out

    own.write_text('[[line]]\nname = "Our line"\nphon = "1"\n', "utf-8")
    out = reflect.ok("support", passphrase=None).stdout
    assert "Samaritans" in out
    assert "'phon'" in out and "reflect's list is shown instead" in flat(out)


def test_no_prompt_and_no_wait_without_a_terminal(
    seeded: Journal, tmp_path: Path
) -> None:
    seeded.store.close()
    before = files_of(tmp_path / "home", tmp_path / "config")
    done = without_terminal("support")
    assert done.returncode == 0 and "116 123" in done.stdout
    assert files_of(tmp_path / "home", tmp_path / "config") == before


def test_support_never_waits_for_a_journal_being_restored(
    reflect: Reflect, seeded: Journal
) -> None:
    # Another reflect holds the journal for a restore or a passphrase change
    # (which may take a while): the lines come at once, the plan is left out.
    seeded.store.close()
    lock = filelock.take_exclusive(reflect.journal_path)
    try:
        started = time.monotonic()
        done = reflect.ok("support")
        took = time.monotonic() - started
    finally:
        filelock.release(lock)
    assert took < filelock.WAIT_SECONDS / 3
    assert "116 123" in done.stdout and "waiting" not in done.stderr
    refused = reflect("support", "--mine")  # asked for: said, after the lines
    assert "116 123" in refused.stdout


def test_a_checkin_with_a_1_adds_exactly_two_calm_lines_on_stderr(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.store.close()
    hard = reflect.ok("checkin", "--set", "energy=1", "--set", "role=4")
    assert hard.stdout.startswith("Checked in for ")
    lines = hard.stderr.splitlines()
    assert len(lines) == 2, hard.stderr
    assert "Samaritans on 116 123" in lines[0]
    assert "reflect support" in lines[1]

    easier = reflect.ok("checkin", "--set", "energy=2", "--set", "role=3")
    assert easier.stderr == ""

    # With an organisation installed, its first line open at any time is
    # the one named (the office-hours line would not answer at 2am).
    reflect.ok("org", "install", str(write_org(tmp_path / "given")))
    hard = reflect.ok("checkin", "--set", "carrying=1", passphrase=PASSPHRASE)
    lines = hard.stderr.splitlines()
    assert len(lines) == 2, hard.stderr
    assert "Out-of-hours on-call manager (text CALLBACK to 01632 960555)" in lines[0]
