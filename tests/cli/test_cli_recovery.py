"""What a worker reads when a swap was interrupted or is under way."""

from __future__ import annotations

import os

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.store import locks as filelock
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import PASSPHRASE


def test_check_brings_back_a_journal_left_aside_and_says_so(
    reflect: Reflect, seeded: Journal
) -> None:
    kept = seeded.notes.add("the words that matter").id
    seeded.store.close()
    aside = reflect.journal_path.with_name("journal.db.replaced-20260101T000000")
    os.replace(reflect.journal_path, aside)
    stray = reflect.journal_path.with_name(".journal.db.rekey-" + "0badc0ff" * 4)
    stray.write_bytes(b"a full copy a killed run left")

    refused = reflect("list")
    assert refused.exit_code == 3
    one_line_error(refused, "reflect check", "Nothing was changed")
    assert aside.exists() and stray.exists()

    result = reflect.ok("check")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("brought back journal.db.replaced-20260101T000000")
    assert lines[1] == f"removed {stray}, left by a reflect that was stopped"
    assert lines[-1] == "ok"
    assert kept[:8] in reflect.ok("list").stdout


def test_a_command_that_waited_through_a_swap_saves_nothing(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.store.close()
    # Another reflect holds the journal for a swap and finishes it while this
    # command waits: simulated by holding the lock and changing its token.
    lock = filelock.take_exclusive(reflect.journal_path)
    holder = os.fork()
    if holder == 0:  # pragma: no cover - the child finishes the "swap"
        import time

        time.sleep(0.5)
        filelock.end_swap(lock, replaced=True)
        os._exit(0)
    filelock.release(lock)  # the child's copy of the descriptor keeps it held
    result = reflect("note", "written while waiting")
    os.waitpid(holder, 0)
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines[0].startswith("reflect: waiting for another reflect")
    assert lines[1] == f"reflect: {filelock.REPLACED_MESSAGE}"
    assert len(lines) == 2


@pytest.mark.usefixtures("quick_refusals")
def test_a_swap_refuses_before_asking_for_any_passphrase(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    window = cli_access.open(PASSPHRASE)  # the app, open in another terminal
    try:
        # No new passphrase is available: the refusal must come first.
        result = reflect("passphrase")
        assert result.exit_code == 1
        one_line_error(result, "open in another reflect window", "Nothing was changed")
        backup = reflect.home / "copy.db"
        storage.backup(window.store, backup)
        result = reflect("restore", str(backup))
        assert result.exit_code == 1
        one_line_error(result, "open in another reflect window")
    finally:
        window.store.close()
    assert not list(reflect.home.glob("journal.db.replaced-*"))
