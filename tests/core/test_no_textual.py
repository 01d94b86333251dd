"""Core is plain Python: importing any of it loads neither Textual nor click.

The probe imports every module under `reflect.core` (found by walking the
package, so a new module is checked without being listed here) in a fresh
interpreter, where nothing else has loaded either library first.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
import reflect.core
names = [m.name for m in pkgutil.walk_packages(reflect.core.__path__, "reflect.core.")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "click"))
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_importing_every_core_module_loads_neither_textual_nor_click() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["loaded"] == []
    # The walk really reached the modules, not just the package.
    assert {"reflect.core.store", "reflect.core.journal"} <= set(found["modules"])
    assert len(found["modules"]) >= 30


def test_textual_and_click_are_installed_so_the_check_means_something() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import textual, click"], capture_output=True, timeout=60
    )
    assert done.returncode == 0
