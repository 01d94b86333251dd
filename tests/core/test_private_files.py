"""Every file reflect makes is the owner's alone from its first byte.

The umask is per process, so the umask-000 check runs in a child process; it
looks at the files while they exist (the swap's `on_step` pauses it there).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.core import paths
from tests.conftest import FAST_KDF, PASSPHRASE

CHILD = f"""
import os, stat, sys
from pathlib import Path
from reflect.core import store as storage
from reflect.core.store import swap
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths, write_private_bytes

os.umask(0)
home = Path(sys.argv[1])
seen = {{}}

def look(_step):
    for p in home.iterdir():
        if p.is_file():
            seen[p.name] = stat.S_IMODE(p.stat().st_mode)
    for p in (home / "backups").glob("*"):
        seen["backups/" + p.name] = stat.S_IMODE(p.stat().st_mode)

access = JournalAccess(JournalPaths(home), kdf_iter={FAST_KDF})
journal = access.create({PASSPHRASE!r})
journal.notes.add("private")
look("opened")
storage.backup_to_folder(journal.store, home / "backups")
reopened = swap.change_passphrase(journal.store, "another one", on_step=look)
backup = storage.backup(reopened, home / "copy.db")
restored, _ = swap.restore(reopened, backup, on_step=look)
write_private_bytes(home / "export.md", b"words")
look("end")
restored.close()
for name, mode in sorted(seen.items()):
    print(oct(mode), name)
"""


def test_files_are_private_from_creation_even_under_umask_000(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = dict(line.split(" ", 1)[::-1] for line in result.stdout.splitlines())
    names = set(seen)
    # The temporaries were there to be seen, and so were SQLite's own files.
    assert any(n.startswith(".journal.db.rekey-") for n in names)
    assert any(n.startswith(".journal.db.restoring-") for n in names)
    assert "journal.db-wal" in names and "export.md" in names
    assert {n: m for n, m in seen.items() if m != "0o600"} == {}


def test_a_planted_symlink_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("theirs")
    target = tmp_path / "export.md"
    tokens = iter(["guessed", "fresh"])
    monkeypatch.setattr(paths, "_random_part", lambda: next(tokens))
    planted = paths.temporary_name(target, "tmp")
    assert planted.name == ".export.md.tmp-guessed"
    os.symlink(victim, planted)
    paths.write_private_bytes(target, b"mine")
    assert victim.read_text() == "theirs"
    assert target.read_bytes() == b"mine"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert planted.is_symlink()  # left alone, not followed, not replaced


def test_a_new_file_refuses_a_symlink_or_an_existing_name(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("x")
    link = tmp_path / "link"
    os.symlink(victim, link)
    with pytest.raises(FileExistsError):
        paths.create_private_file(link)
    with pytest.raises(FileExistsError):
        paths.create_private_file(victim)
    assert victim.read_text() == "x"


def test_the_journals_own_files_are_known_by_name_and_by_link(tmp_path: Path) -> None:
    # Never a place for an export, a share or a backup, even with --force:
    # the journal, SQLite's files beside it, the lock, and reflect's working
    # copies (a journal kept aside during a restore is the only other copy).
    from reflect.core.paths import is_journal_file

    journal = tmp_path / "journal.db"
    journal.write_bytes(b"x")
    for name in (
        "journal.db",
        "journal.db-wal",
        "journal.db-journal",
        ".journal.db.lock",
        ".journal.db.keeping-" + "0" * 32,
    ):
        assert is_journal_file(journal, tmp_path / name), name
    os.link(journal, tmp_path / "agenda.md")
    assert is_journal_file(journal, tmp_path / "agenda.md")
    assert not is_journal_file(journal, tmp_path / "notes.md")
    assert not is_journal_file(journal, tmp_path / "journal.db.md")


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="Linux's unnamed files")
@pytest.mark.parametrize("replace", [False, True])
def test_an_export_has_no_name_while_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: bool
) -> None:
    # A reflect killed mid-write (SIGKILL, a power cut) must not leave the
    # export's private words in a hidden temporary file: until the bytes are
    # on disk, no name in the folder leads to them.
    from reflect.core import paths

    target = tmp_path / "export.json"
    if replace:
        target.write_bytes(b"old")
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    paths.write_private_bytes(target, b"private words", replace=replace)
    before = ["export.json"] if replace else []
    assert seen and seen[0] == before
    assert target.read_bytes() == b"private words"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]
    assert target.stat().st_mode & 0o777 == 0o600
