"""Killing a writer at random moments never costs a note it reported saved."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect
from tests.conftest import PASSPHRASE

KILLS = 20
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

CHILD = """
import os, sys
from pathlib import Path
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths

run = sys.argv[2]
journal = JournalAccess(JournalPaths(Path(sys.argv[1]))).open(
    os.environ["TEST_PASSPHRASE"]
)
print("ready", flush=True)
i = 0
while True:
    body = f"crash run {run} note {i}\\n" + "lorem ipsum dolor " * 150
    entry = journal.notes.add(body, tags=[f"run{run}"])
    print(entry.id, flush=True)
    i += 1
"""


def _run_and_kill(
    home: str, run: int, rng: random.Random, wait_ready: bool
) -> tuple[list[str], str]:
    """Start a writer, SIGKILL it at a random moment; the ids it reported."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, home, str(run)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TEST_PASSPHRASE": PASSPHRASE},
    )
    try:
        if wait_ready:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first == "ready\n", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.05, 0.4))
        proc.kill()
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -9, f"the writer died on its own: {err}"
    return [line for line in out.splitlines() if UUID.fullmatch(line)], err


def test_sigkill_while_saving_never_loses_a_reported_note(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    cli_access.create(PASSPHRASE).store.close()
    rng = random.Random()
    reported: list[str] = []
    for run in range(KILLS):
        # Mostly kill mid-writing; every fourth run may also hit start-up/recovery.
        ids, err = _run_and_kill(str(cli_access.paths.home), run, rng, run % 4 != 3)
        assert "Traceback" not in err, err
        reported += ids

    assert len(reported) >= KILLS, "too few notes were written to prove anything"

    result = reflect.ok("check")
    assert result.stdout == "ok\n"

    journal: Journal = cli_access.open(PASSPHRASE)
    try:
        for entry_id in reported:
            entry = journal.entries.get(entry_id)
            assert entry.text.endswith("lorem ipsum dolor " * 150), entry_id
        assert len(journal.entries.page(limit=100_000)) >= len(reported)
    finally:
        journal.store.close()
