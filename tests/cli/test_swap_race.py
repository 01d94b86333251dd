"""`reflect passphrase` and `reflect restore` racing real `reflect note`s.

Three notes start at random moments while the swap runs on a journal of
3,000 entries. Each is a real process running reflect's real command line;
only its key derivation is made cheap (in the child, by the test), so five
trials of each fit in the default suite. Every note that printed an id must
be in a journal that was kept (the surviving one, or for a restore the one it
set aside); the journal must pass its check and open with exactly one
passphrase. Set REFLECT_STRESS_TRIALS for more trials (read here only).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import WrongPassphrase
from reflect.core.paths import JournalPaths
from tests.conftest import FAST_KDF, PASSPHRASE

NEW = "another passphrase, for the race"
#: The real CLI, with the one change a test may make: cheap key derivation.
CHILD = f"""
import sys
from reflect.cli import common as cli_common
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths

cli_common.Settings.access = property(
    lambda self: JournalAccess(JournalPaths(self.home), kdf_iter={FAST_KDF})
)
from reflect.cli.main import main

sys.argv[0] = "reflect"
main()
"""
ENTRIES = 3000
TRIALS = int(os.environ.get("REFLECT_STRESS_TRIALS", "5"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 3,000-entry journal (real key derivation, as the CLI uses) and a backup."""
    folder = tmp_path_factory.mktemp("race-base")
    journal = JournalAccess(JournalPaths(folder / "home"), kdf_iter=FAST_KDF).create(
        PASSPHRASE
    )
    with journal.store.write():
        for n in range(ENTRIES):
            journal.notes.add(f"entry {n}: the team meeting ran over again")
    backup = storage.backup(journal.store, folder / "backup.db")
    journal.store.close()
    return folder / "home" / "journal.db", backup


def _start(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "REFLECT_HOME": str(home),
        "REFLECT_PASSPHRASE": PASSPHRASE,
        "REFLECT_NEW_PASSPHRASE": NEW,
    }
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # no terminal to ask on, whatever runs the tests
    )


def _race(
    home: Path, swap_args: list[str], rng: random.Random
) -> tuple[int, list[str]]:
    """Run the swap with three notes at random moments; the ids they printed."""
    swap = _start(home, *swap_args)
    notes = []
    for n in range(3):
        time.sleep(rng.uniform(0, 0.15))
        notes.append(_start(home, "note", f"racing note {n}"))
    printed = []
    for proc in notes:
        out, err = proc.communicate(timeout=120)
        if proc.returncode == 0:
            printed.append(out.strip())
        else:
            assert proc.returncode == 3, err
            # Refused after waiting for the swap, or (a passphrase change) begun
            # once it was over, with the old passphrase: either way, one line.
            assert "nothing was saved" in err or "passphrase is wrong" in err, err
            assert err.count("\n") <= 2, err  # one calm line (and a wait notice)
    _out, err = swap.communicate(timeout=120)
    assert swap.returncode in (0, 1), err
    if swap.returncode == 1:
        assert "open in another reflect" in err, err
    return swap.returncode, printed


def _ids(path: Path, passphrase: str) -> set[str]:
    opened = storage.open_journal(path, passphrase, kdf_iter=FAST_KDF)
    try:
        assert storage.check(opened) == []
        rows = opened.conn.execute("SELECT id FROM entries").fetchall()
        return {row[0] for row in rows}
    finally:
        opened.close()


def _opens(path: Path, passphrase: str) -> bool:
    try:
        _ids(path, passphrase)
    except WrongPassphrase:
        return False
    return True


@pytest.mark.parametrize("trial", range(TRIALS))
def test_passphrase_change_racing_notes_loses_nothing(
    tmp_path: Path, base: tuple[Path, Path], trial: int
) -> None:
    journal, _backup = base
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(journal, home / "journal.db")
    status, printed = _race(home, ["passphrase"], random.Random(trial))
    path = home / "journal.db"
    openers = [p for p in (PASSPHRASE, NEW) if _opens(path, p)]
    assert openers == ([NEW] if status == 0 else [PASSPHRASE])
    ids = _ids(path, openers[0])
    assert len(ids) >= ENTRIES
    assert set(printed) <= ids


@pytest.mark.parametrize("trial", range(TRIALS))
def test_restore_racing_notes_loses_nothing(
    tmp_path: Path, base: tuple[Path, Path], trial: int
) -> None:
    journal, backup = base
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(journal, home / "journal.db")
    status, printed = _race(home, ["restore", str(backup)], random.Random(100 + trial))
    path = home / "journal.db"
    assert _opens(path, PASSPHRASE)
    kept = _ids(path, PASSPHRASE)
    for aside in home.glob("journal.db.replaced-*"):
        kept |= _ids(aside, PASSPHRASE)
    assert status == 1 or any(home.glob("journal.db.replaced-*"))
    assert set(printed) <= kept
