"""Two processes writing at once: nothing lost, nobody sees an error."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.store import check
from tests.conftest import FAST_KDF, PASSPHRASE

NOTES_EACH = 200

WRITER = """
import os, sys, time
from pathlib import Path
from reflect.core.access import JournalAccess
from reflect.core.store import check
from reflect.core.paths import JournalPaths

home, kdf, name, count, go = sys.argv[1:6]
access = JournalAccess(JournalPaths(Path(home)), kdf_iter=int(kdf))
journal = access.open(os.environ["TEST_PASSPHRASE"])
Path(home, f"ready-{name}").touch()
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(int(count)):
    journal.notes.add(f"{name} note {i}\\nwritten concurrently", tags=[name])
journal.store.close()
"""


def _wait_for(paths: list[Path], procs: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + 60
    while not all(p.exists() for p in paths):
        for proc in procs:
            if proc.poll() is not None:
                raise AssertionError(f"writer exited early: {proc.communicate()}")
        assert time.monotonic() < deadline, "writers never became ready"
        time.sleep(0.01)


def test_two_processes_saving_at_once_lose_nothing(
    tmp_path: Path, access: JournalAccess
) -> None:
    access.create(PASSPHRASE).store.close()
    go = tmp_path / "go"
    env = {**os.environ, "TEST_PASSPHRASE": PASSPHRASE}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(access.paths.home),
                str(FAST_KDF),
                name,
                str(NOTES_EACH),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for name in ("alpha", "beta")
    ]
    try:
        _wait_for([access.paths.home / f"ready-{n}" for n in ("alpha", "beta")], procs)
        go.touch()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert err == "" and out == ""

    journal = access.open(PASSPHRASE)
    try:
        titles = [e.title for e in journal.entries.page(limit=1000)]
        assert len(titles) == 2 * NOTES_EACH
        for name in ("alpha", "beta"):
            assert sorted(t for t in titles if t.startswith(name)) == sorted(
                f"{name} note {i}" for i in range(NOTES_EACH)
            )
            assert len(journal.entries.page(tag=name, limit=1000)) == NOTES_EACH
        mine = [t.split()[0] for t in reversed(titles)]
        switches = sum(1 for a, b in zip(mine, mine[1:], strict=False) if a != b)
        assert switches > 1, "the writers never overlapped; the test proved nothing"
        assert len(journal.search.find("concurrently", limit=1000)) == 2 * NOTES_EACH
        assert check(journal.store) == []
    finally:
        journal.store.close()
