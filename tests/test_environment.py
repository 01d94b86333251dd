"""The environment only in the CLI: core and the TUI read none of it.

`reflect.cli.main` looks at the environment, the home folder, the PATH and the
clock once and hands what it found down (`Places`, the journal's `now`). A
module in `reflect/core` or `reflect/tui` that read any of them itself would
see a developer's real home in a test, and a day that is not the journal's.
Read from the source, so a use on a path no test happens to run is found too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from reflect.cli.main import cli
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent / "reflect"

#: Dotted names that read the environment, the home folder, the PATH, argv,
#: the temporary folder or the real clock. A use matches on its last parts,
#: so `datetime.now` also finds `datetime.datetime.now`.
READS = {
    "os.environ",
    "os.environb",
    "os.getenv",
    "os.getenvb",
    "os.path.expandvars",
    "date.today",
    "datetime.today",
    "datetime.now",
    "datetime.utcnow",
    "Path.home",
    "sys.argv",
    "shutil.which",
    "tempfile.gettempdir",
}
#: Modules whose whole job is reading the environment.
MODULES = {"platformdirs"}

#: (file, dotted name) pairs allowed, each for a reason.
ALLOWED = {
    # The real clock itself: the one reading of the time, which the CLI's
    # JournalAccess hands every journal as its `now`.
    ("core/clock.py", "datetime.now"),
    # `~user` (another user's home, by name): found in the user database,
    # not in `$HOME`; a plain `~` uses the home folder the CLI passed in.
    ("core/places.py", "expanduser"),
}


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _matches(name: str) -> str | None:
    for read in READS:
        if name == read or name.endswith("." + read):
            return read
    return None


def environment_reads(source: str) -> list[tuple[int, str]]:
    """Each (line, name) in `source` that reads the environment or the clock."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "expanduser":
            # `~` means `$HOME` to os.path and pathlib, on any receiver.
            found.append((node.lineno, "expanduser"))
        elif isinstance(node, ast.Attribute):
            name = _dotted(node)
            read = _matches(name) if name else None
            if read:
                found.append((node.lineno, read))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in MODULES:
                    found.append((node.lineno, alias.name))
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in MODULES:
                found.append((node.lineno, node.module))
            for alias in node.names:  # `from os import environ`
                read = _matches(f"{node.module}.{alias.name}")
                if read:
                    found.append((node.lineno, read))
    # An attribute chain is walked at each of its levels: report it once.
    return sorted(set(found))


def test_core_and_the_tui_read_no_environment_and_no_clock() -> None:
    offending = []
    for package in ("core", "tui"):
        for file in sorted((ROOT / package).rglob("*.py")):
            where = file.relative_to(ROOT).as_posix()
            for line, name in environment_reads(file.read_text(encoding="utf-8")):
                if (where, name) not in ALLOWED:
                    offending.append(f"reflect/{where}:{line} {name}")
    assert offending == [], "pass it in from reflect/cli/main.py instead"


def test_every_way_of_reading_them_is_found() -> None:
    """The check above can fail: each form it looks for is caught here."""
    source = "\n".join(
        [
            "import os, os.path, platformdirs",
            "from os import environ, getenv",
            "from os.path import expandvars",
            "from platformdirs import user_data_path",
            "from datetime import date, datetime",
            "import datetime as dt",
            "from pathlib import Path",
            "import pathlib, shutil, sys, tempfile",
            "os.environ.get('HOME')",
            "os.getenv('XDG_DATA_HOME')",
            "os.path.expandvars('$HOME')",
            "date.today()",
            "dt.datetime.now()",
            "datetime.utcnow()",
            "pathlib.Path.home()",
            "shutil.which('reflect')",
            "sys.argv[0]",
            "tempfile.gettempdir()",
            "os.path.expanduser('~/x')",
            "Path(typed).expanduser()",
        ]
    )
    names = [name for _, name in environment_reads(source)]
    assert names == [
        "platformdirs",
        "os.environ",
        "os.getenv",
        "os.path.expandvars",
        "platformdirs",
        "os.environ",
        "os.getenv",
        "os.path.expandvars",
        "date.today",
        "datetime.now",
        "datetime.utcnow",
        "Path.home",
        "shutil.which",
        "sys.argv",
        "tempfile.gettempdir",
        "expanduser",
        "expanduser",
    ]
    harmless = "places.typed(typed)\nnow()\njournal.now()\ntime.monotonic()"
    assert environment_reads(harmless) == []


def test_the_cli_hands_the_app_what_it_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one look at the environment: the app gets it from the CLI."""
    handed: dict[str, Any] = {}

    def run_tui(*args: object, **kwargs: Any) -> int:
        handed.update(kwargs)
        return 0

    launch = ModuleType("reflect.tui.launch")
    launch.run_tui = run_tui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reflect.tui.launch", launch)
    monkeypatch.setenv("HOME", str(tmp_path / "sam"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    assert CliRunner().invoke(cli, ["--home", str(tmp_path / "j")]).exit_code == 0
    places = handed["places"]
    assert places.user_home == tmp_path / "sam"
    assert places.env["XDG_DATA_HOME"] == str(tmp_path / "data")
    assert "REFLECT_PASSPHRASE" not in places.env, "the passphrase goes no further"
    assert PASSPHRASE not in repr(places)
    assert handed["demo_in"] is None
    # The competence frameworks, layered as the CLI reads them.
    assert "hee-mhpsw-2020" in handed["frameworks"].frameworks


def test_a_typed_tilde_is_the_home_the_cli_found(tmp_path: Path) -> None:
    """Below the CLI, `~` is the home folder handed down, never `$HOME`."""
    from reflect.core.places import NOWHERE, Places

    places = Places(user_home=tmp_path / "me")
    assert places.typed("~/exports/a.md") == tmp_path / "me" / "exports" / "a.md"
    assert places.typed("~") == tmp_path / "me"
    assert places.typed("$HOME/x") == Path("$HOME/x")  # nothing else expands
    assert places.typed("/srv/x") == Path("/srv/x")
    assert NOWHERE.typed("~/x") == Path("~/x")  # no home known: as typed
