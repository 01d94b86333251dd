"""The demo's journal: never a plain copy on disk, even when the demo is killed.

A worker trying `reflect --demo` may type a real note into it, and SIGKILL
gives the demo no chance to delete its folder; what is left must be
unreadable, and the next demo tidies it away unless that demo is still
running in another terminal.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from reflect.core.demo.home import PREFIX, demo_journal, random_key, remove_leftovers
from reflect.core.errors import WrongPassphrase
from reflect.core.store import SQLITE_HEADER
from reflect.core.store import locks as filelock

NOTE = "Kestrel-9 told me about the eviction letter today"

#: The demo's own code path in a child: make the journal, write a note, wait.
CHILD = """
import sys, time
from pathlib import Path
from reflect.core.demo.home import demo_journal

with demo_journal(Path(sys.argv[1])) as (access, key):
    journal = access.open(key)
    journal.notes.add(sys.argv[2])
    print(access.path.parent, flush=True)
    time.sleep(120)
"""

pytestmark = pytest.mark.skipif(
    not filelock.AVAILABLE, reason="telling a running demo apart needs file locks"
)


def _unreadable_without_the_key(journal: Path) -> None:
    assert journal.read_bytes()[: len(SQLITE_HEADER)] != SQLITE_HEADER
    for module in (sqlite3, sqlcipher3):
        conn = module.connect(f"{journal.as_uri()}?mode=ro", uri=True)
        try:
            with pytest.raises(module.DatabaseError):
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


def test_a_killed_demo_leaves_nothing_readable_and_is_tidied_next_time(
    tmp_path: Path,
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), NOTE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline().strip() if child.stdout else ""
        assert line, child.stderr.read() if child.stderr else "no output"
        folder = Path(line)
        assert folder.parent == tmp_path and folder.name.startswith(PREFIX)
        # Another demo starting now must keep it: that demo is still running.
        assert remove_leftovers(tmp_path) == []
        assert (folder / "journal.db").exists()
    finally:
        child.kill()  # SIGKILL: no handler, no clean-up
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()

    left = sorted(p for p in folder.iterdir() if p.is_file())
    assert folder / "journal.db" in left
    for leftover in left:
        assert NOTE.encode() not in leftover.read_bytes(), leftover.name
    _unreadable_without_the_key(folder / "journal.db")

    assert remove_leftovers(tmp_path) == [folder]
    assert not folder.exists()


def test_the_demo_journal_opens_only_with_its_key_and_goes_at_the_end(
    tmp_path: Path,
) -> None:
    with demo_journal(tmp_path) as (access, key):
        assert access.path.parent.parent == tmp_path
        with pytest.raises(WrongPassphrase):
            access.open(None)
        journal = access.open(key)
        try:
            assert len(journal.entries.page(limit=100)) > 30  # the sample data
            assert journal.store.encrypted
            assert key not in repr(journal.store)
        finally:
            journal.store.close()
        _unreadable_without_the_key(access.path)
        folder = access.path.parent
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_keys_are_fresh_and_raw() -> None:
    first, second = random_key(), random_key()
    assert first != second
    for key in (first, second):
        assert key.startswith("x'") and key.endswith("'") and len(key) == 67
        int(key[2:-1], 16)


def test_tidying_touches_only_this_users_demo_folders(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not a demo")
    (tmp_path / f"{PREFIX}link").symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / "reflect-journal").mkdir()
    stale = tmp_path / f"{PREFIX}stale_01"
    stale.mkdir()
    (stale / "journal.db").write_bytes(b"left by a demo killed while starting")

    assert remove_leftovers(tmp_path) == [stale]
    assert (elsewhere / "keep.txt").read_text() == "not a demo"
    assert (tmp_path / f"{PREFIX}link").is_symlink()
    assert (tmp_path / "reflect-journal").is_dir()


def test_tidying_keeps_a_folder_that_only_looks_like_a_demo(tmp_path: Path) -> None:
    # TMPDIR may be a folder the worker uses; a name is not enough to delete
    # a whole folder by. Only what a demo leaves (its journal's files, in a
    # folder named the way the demo names them) is tidied away.
    shots = tmp_path / f"{PREFIX}shots"
    shots.mkdir()
    (shots / "home.png").write_bytes(b"a screenshot")
    mixed = tmp_path / f"{PREFIX}ab12cd_9"
    (mixed / "drafts").mkdir(parents=True)
    (mixed / "journal.db").write_bytes(b"x")
    own = tmp_path / f"{PREFIX}mine"  # reflect --home /tmp/reflect-demo-mine init
    own.mkdir()
    (own / "journal.db").write_bytes(b"someone's real journal")
    killed = tmp_path / f"{PREFIX}k1ll3d_x"
    killed.mkdir()
    for name in ("journal.db", "journal.db-wal", ".journal.db.lock"):
        (killed / name).write_bytes(b"left by a killed demo")

    assert remove_leftovers(tmp_path) == [killed]
    assert (shots / "home.png").read_bytes() == b"a screenshot"
    assert (mixed / "drafts").is_dir() and (mixed / "journal.db").exists()
    assert (own / "journal.db").read_bytes() == b"someone's real journal"
