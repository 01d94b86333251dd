"""The CLI's quick commands never pay for Textual, nor for sqlite-utils.

A read command on a current journal needs neither; importing them cost
Textual's whole startup, and about 40 ms for sqlite-utils, on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from reflect.core.journal import Journal
from tests.conftest import PASSPHRASE

PROBE = """
import json, sys
from reflect.cli.main import cli
try:
    cli.main(["list", "--json"], prog_name="reflect", standalone_mode=False)
finally:
    heavy = ("textual", "sqlite_utils")
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
    print(json.dumps(loaded), file=sys.stderr)
"""


def test_reflect_list_loads_neither_textual_nor_sqlite_utils(seeded: Journal) -> None:
    entry = seeded.notes.add("listed without textual")
    seeded.store.close()
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={**os.environ, "REFLECT_PASSPHRASE": PASSPHRASE},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == [entry.id]
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
