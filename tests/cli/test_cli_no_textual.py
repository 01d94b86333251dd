"""The CLI's quick commands never pay for Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from reflect.core.journal import Journal
from tests.conftest import PASSPHRASE

PROBE = """
import json, sys
from reflect.cli import cli
try:
    cli.main(["list", "--json"], prog_name="reflect", standalone_mode=False)
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
    print(json.dumps(loaded), file=sys.stderr)
"""


def test_reflect_list_does_not_load_textual(seeded: Journal) -> None:
    entry = seeded.add_note("listed without textual")
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
