"""Core is plain Python: importing it never loads Textual."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import reflect.core
import reflect.core.access, reflect.core.export, reflect.core.journal
import reflect.core.migrations, reflect.core.passphrase, reflect.core.store
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
"""


def test_importing_core_does_not_load_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_textual_is_installed_so_the_check_means_something() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import textual"], capture_output=True, timeout=60
    )
    assert done.returncode == 0
