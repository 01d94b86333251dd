"""Files that are not what they seem: a FIFO offered as a bundle, an export or
a pack, and the journal's own files named as the place for a bundle.

A FIFO (`mkfifo`) with nobody writing to it makes a plain `open()` wait for
ever: `reflect receive` would hang, and the app's bring-in dialog would freeze
with a draft open. Anything but an ordinary file is refused at once.

The app offers to replace an existing file (enter again on the same name);
the journal, its SQLite logs and its lock are never such a file, or a share
written "over" the journal would leave the worker with a bundle where their
journal was.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.core.bundles import KdfParams
from reflect.core.errors import CannotRead, CannotWrite
from reflect.core.export import entries as export
from reflect.core.journal import Journal
from reflect.core.store import backup, sidecars
from reflect.core.store import locks as filelock
from reflect.core.templates import load_pack

KDF = KdfParams(n=16)
AGREED = "three words agreed face to face"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@contextlib.contextmanager
def fifo_at(path: Path) -> Iterator[Path]:
    """A FIFO nobody writes to; if a reader is stuck opening it after a few
    seconds (the old behaviour), a writer comes and goes so the test ends."""
    os.mkfifo(path)

    def unblock() -> None:
        with contextlib.suppress(OSError):  # ENXIO: nobody is reading
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(3.0, unblock)
    timer.start()
    try:
        yield path
    finally:
        timer.cancel()


@needs_fifo
def test_a_fifo_offered_as_a_bundle_is_refused_at_once(
    journal: Journal, tmp_path: Path
) -> None:
    asked: list[bool] = []
    with fifo_at(tmp_path / "bundle.reflect") as fifo:
        began = time.monotonic()
        with pytest.raises(CannotRead) as refused:
            journal.reviewing.receive_file(fifo, lambda: asked.append(True) or AGREED)
        took = time.monotonic() - began
    assert took < 2, "open() waited for a writer"
    assert "not an ordinary file" in str(refused.value)
    assert str(fifo) in str(refused.value)
    assert not asked, "no passphrase asked for a file that was never read"


@needs_fifo
def test_a_fifo_offered_as_an_export_to_import_is_refused_at_once(
    tmp_path: Path,
) -> None:
    with fifo_at(tmp_path / "export.json") as fifo:
        began = time.monotonic()
        with pytest.raises(CannotRead, match="not an ordinary file"):
            export.read_import_file(fifo)
        assert time.monotonic() - began < 2


@needs_fifo
def test_a_fifo_among_the_packs_is_one_problem_not_a_hang(tmp_path: Path) -> None:
    with fifo_at(tmp_path / "org.toml") as fifo:
        began = time.monotonic()
        template, problems = load_pack(fifo)
        assert time.monotonic() - began < 2
    assert template is None
    assert [p.message for p in problems] == ["cannot be read: not an ordinary file"]


def test_a_folder_is_still_called_a_folder(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(CannotRead, match="that is a folder"):
        journal.reviewing.receive_file(tmp_path, AGREED)


# ---- the journal's own files are never a place to write --------------------


def own_files(journal: Journal) -> dict[str, Path]:
    path = journal.store.path
    wal, shm, rollback = sidecars(path)
    lock = filelock.lock_path(path)
    return {"journal": path, "wal": wal, "shm": shm, "rollback": rollback, "lock": lock}


@pytest.mark.parametrize("which", ["journal", "wal", "shm", "rollback", "lock"])
def test_a_share_is_never_written_over_the_journals_own_files(
    journal: Journal, which: str
) -> None:
    entry = journal.notes.add("Kept safe")
    target = own_files(journal)[which]
    # SQLite would take a file named journal.db-journal for a hot journal.
    assert target.exists() is (which != "rollback")
    before = target.stat().st_ino if target.exists() else None
    plan = journal.sharing.plan([entry.id])
    with pytest.raises(CannotWrite, match="your journal's own files"):
        # As the app does once the worker pressed enter again on the name.
        journal.sharing.send(plan, AGREED, target, replace=True, kdf=KDF)
    assert (target.stat().st_ino if target.exists() else None) == before
    assert journal.entries.get(entry.id).title == "Kept safe"
    assert journal.store.conn.execute("SELECT count(*) FROM bundles").fetchone() == (0,)
    leftovers = [p.name for p in target.parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_feedback_is_never_written_over_the_journal(tmp_path: Path) -> None:
    from tests.forging import journal_at, pair

    two = pair(journal_at(tmp_path / "worker"), journal_at(tmp_path / "supervisor"))
    supervisor = two.supervisor
    (person,) = supervisor.reviewing.supervisees()
    received = supervisor.reviewing.received()[0]
    supervisor.reviewing.add_comment(received, "Well done")
    target = supervisor.store.path
    with pytest.raises(CannotWrite, match="your journal's own files"):
        supervisor.reviewing.send_feedback(
            person, AGREED, target, replace=True, kdf=KDF
        )
    assert supervisor.reviewing.pending_feedback(person.id), "still waiting to go"
    assert supervisor.store.path.read_bytes()[:6] != b"REFLEC"
    two.close()


def test_a_backup_is_never_written_over_the_journals_lock(journal: Journal) -> None:
    lock = filelock.lock_path(journal.store.path)
    before = lock.stat().st_ino
    with pytest.raises(CannotWrite, match="your journal itself"):
        backup(journal.store, lock, replace=True)
    assert lock.stat().st_ino == before


# ---- a pack whose keys go thousands of parts deep ---------------------------

PROSE = "Yes. No. Maybe... " * 40
"""A hint full of short sentences and ellipses: dots, but no key."""


def test_a_key_thousands_of_parts_deep_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tomllib's time and memory grow with the square of a dotted key's
    # length: `a.a.a… = 1` in a pack under the size limit (120,000 parts)
    # took minutes and tens of gigabytes. Real packs go three parts deep.
    from reflect.core import templates
    from reflect.core.templates import shipped_dir

    header = "[" + ".".join(["t"] * 3_000) + "]\nx = 1\n"
    deep = {
        "dotted.toml": "a" + ".a" * 3_000 + " = 1\n",
        "quoted.toml": 'x = 1\n"a"' + ' . "b"' * 3_000 + " = 1\n",
        "header.toml": header,
        "inline.toml": "x = {" + "a." * 3_000 + "a = 1}\n",
    }
    for name, text in deep.items():
        (tmp_path / name).write_text(text)
    good = (shipped_dir() / "gibbs.toml").read_text(encoding="utf-8")
    good = good.replace('id = "gibbs"', 'id = "mine"')
    good = good.replace('question = "What happened?"', f'question = "{PROSE}"')
    (tmp_path / "mine.toml").write_text(good)

    parsed: list[str] = []
    real = templates.tomllib.loads

    def loads(text: str) -> object:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(templates.tomllib, "loads", loads)
    problems = {p.path.name: p.message for p in templates.check_paths([tmp_path])}
    assert problems == dict.fromkeys(deep, "nests keys or tables far too deeply")
    assert len(parsed) == 1, "only the good pack reached the parser"
