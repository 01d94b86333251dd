"""Standard input belongs to the note, never to the passphrase (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from tests.cli.conftest import entry_ids
from tests.conftest import PASSPHRASE

REFLECT = [sys.executable, "-m", "reflect"]
NOTE = (
    "Después de la visita — a hard one 🌧\n"
    "\n"
    "Second paragraph with “curly quotes” and a tab\there.\n"
    "Last line without a newline, then spaces   "
)


def test_piped_note_with_passphrase_variable_is_saved_whole(
    seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    done = subprocess.run(
        [*REFLECT, "note", "--tag", "visits"],
        input=NOTE.encode("utf-8"),
        capture_output=True,
        env={**os.environ, "REFLECT_PASSPHRASE": PASSPHRASE},
        timeout=60,
        start_new_session=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    entry_id = done.stdout.decode().strip()
    assert done.stdout == f"{entry_id}\n".encode()

    journal = cli_access.open(PASSPHRASE)
    try:
        entry = journal.entries.get(entry_id)
    finally:
        journal.store.close()
    assert entry.text == NOTE
    assert entry.title == "Después de la visita — a hard one 🌧"
    assert entry.tags == ("visits",)


def test_without_terminal_or_variable_nothing_is_read(
    seeded: Journal, cli_access: JournalAccess, tmp_path: Path
) -> None:
    """Exit 3 at once, with the pipe still open: reading it would block."""
    seeded.notes.add("already here")
    seeded.store.close()
    before = entry_ids(cli_access)
    env = {k: v for k, v in os.environ.items() if k != "REFLECT_PASSPHRASE"}
    out, err = tmp_path / "out", tmp_path / "err"

    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [*REFLECT, "note"],
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=stderr,
            env=env,
            start_new_session=True,  # no controlling terminal to ask on
        )
        assert proc.stdin is not None
        try:
            proc.stdin.write(b"a note that must not be saved\n")
            proc.stdin.flush()
            code = proc.wait(timeout=30)  # stdin stays open: a read would hang
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdin.close()

    assert code == 3
    assert out.read_bytes() == b""
    message = err.read_text()
    assert "REFLECT_PASSPHRASE" in message and "Traceback" not in message
    assert entry_ids(cli_access) == before

    # With a file as standard input, its shared offset shows nothing was read.
    piped = tmp_path / "note.txt"
    piped.write_text("another note that must not be saved\n")
    with piped.open("rb") as source:
        done = subprocess.run(
            [*REFLECT, "note"],
            stdin=source,
            capture_output=True,
            env=env,
            timeout=60,
            start_new_session=True,
        )
        assert os.lseek(source.fileno(), 0, os.SEEK_CUR) == 0
    assert done.returncode == 3 and done.stdout == b""
    assert entry_ids(cli_access) == before
