"""The checks that hold reflect's shape, run by the README's test command.

ruff, mypy and import-linter each run once, as a subprocess with this
interpreter, so `.ci/run` (which runs exactly the README's command) holds
them without a second step. The `test` extra installs all three; a test
skips, saying why, only where one is missing (a hand-made environment).
An AST walk keeps SQL inside core.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)


def _tool(
    module: str, *args: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args` (or import-linter's entry point) in `cwd`."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: pip install -e '.[test]' adds it")
    command = ["-c", LINT_IMPORTS] if module == "importlinter" else ["-m", module]
    return subprocess.run(
        [sys.executable, *command, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def test_ruff_finds_nothing() -> None:
    done = _tool("ruff", "check", "reflect", "tests")
    assert done.returncode == 0, _said(done)


def test_ruff_format_leaves_everything_as_it_is() -> None:
    done = _tool("ruff", "format", "--check", "reflect", "tests")
    assert done.returncode == 0, _said(done)


def test_mypy_strict_passes_on_the_whole_package() -> None:
    """Core, the app and the CLI alike."""
    done = _tool("mypy", "--strict", "reflect")
    assert done.returncode == 0, _said(done)


def test_import_contracts_hold() -> None:
    """CLI over TUI over core; core without Textual or click; no cycles
    anywhere; no screen importing another (contracts in pyproject.toml)."""
    done = _tool("importlinter", "--no-cache")
    assert done.returncode == 0, _said(done)
    assert "4 kept, 0 broken" in done.stdout, done.stdout


LAYERS = "The CLI sits on the TUI, and the TUI on core"
PLAIN_CORE = "Core is plain Python: no Textual, no click"
ACYCLIC = "No import cycles anywhere in reflect"
SCREENS = "Screens import no other screen"

# Each plants imports that break one contract, in a copy of the package, so a
# contract weakened until it holds nothing is noticed; the unchanged copy
# shows the copying alone breaks nothing.
BREAKS: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "nothing planted": (None, []),
    "the TUI reaching up into the CLI": (
        LAYERS,
        [("tui/text.py", "import reflect.cli.main")],
    ),
    "core loading Textual": (PLAIN_CORE, [("core/clock.py", "import textual")]),
    "core loading click": (PLAIN_CORE, [("core/text.py", "import click")]),
    "a new top-level module in no layer": (LAYERS, [("stray.py", '"""Stray."""')]),
    "two core modules importing each other": (
        ACYCLIC,
        [
            ("core/clock.py", "import reflect.core.text"),
            ("core/text.py", "import reflect.core.clock"),
        ],
    ),
    "a screen building another screen": (
        SCREENS,
        [("tui/screens/trash.py", "from reflect.tui.screens.entry import EntryScreen")],
    ),
    "a screen reaching another through a helper": (
        SCREENS,
        [("tui/widgets/packs.py", "import reflect.tui.screens.entry")],
    ),
    "a screen importing the app, inside a function": (
        ACYCLIC,
        [("tui/screens/trash.py", "def later():\n    import reflect.tui.app")],
    ),
    "a type-only import that closes a circle": (
        ACYCLIC,
        [
            (
                "tui/screens/help.py",
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    import reflect.tui.app",
            )
        ],
    ),
}


@pytest.mark.parametrize("why", sorted(BREAKS))
def test_import_contracts_notice_a_break(tmp_path: Path, why: str) -> None:
    shutil.copytree(
        ROOT / "reflect",
        tmp_path / "reflect",
        ignore=shutil.ignore_patterns("__pycache__", "prompts"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    broken, plants = BREAKS[why]
    for where, line in plants:
        planted = tmp_path / "reflect" / where
        before = planted.read_text(encoding="utf-8") if planted.exists() else ""
        planted.write_text(f"{before}{line}\n", encoding="utf-8")
    done = _tool("importlinter", "--no-cache", cwd=tmp_path)
    if broken is None:
        assert done.returncode == 0, _said(done)
    else:
        assert done.returncode != 0, _said(done)
        assert f"{broken} BROKEN" in done.stdout, done.stdout


SQL_ATTRIBUTES = {"execute", "executemany", "executescript", "conn", "db"}
"""A connection (`conn`), sqlite-utils' database (`db`) or a statement run
on either: all belong to core."""


def test_no_sql_outside_core() -> None:
    found = []
    for path in sorted((ROOT / "reflect").rglob("*.py")):
        if (ROOT / "reflect" / "core") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in SQL_ATTRIBUTES
        ]
    assert found == []


def test_the_sql_walk_reads_the_interfaces() -> None:
    """The walk above sees the TUI and CLI files, so its silence means something."""
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "reflect").rglob("*.py")}
    assert "reflect/tui/app.py" in files
    assert any(f.startswith("reflect/cli") for f in files)


def _private_reaches(source: str, where: str) -> list[str]:
    """Names starting with `_` taken from another reflect module.

    A private name is a module's own business; one borrowed elsewhere is a
    behaviour living in two places, which this issue set out to end.
    """
    nodes = list(ast.walk(ast.parse(source, filename=where)))
    ours = [
        node
        for node in nodes
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("reflect")
    ]
    modules = {alias.asname or alias.name for node in ours for alias in node.names}
    modules |= {
        alias.asname or alias.name
        for node in nodes
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("reflect")
    }
    found = [
        f"{where}:{node.lineno} {alias.name}"
        for node in ours
        for alias in node.names
        if alias.name.startswith("_")
    ]
    found += [
        f"{where}:{node.lineno} {node.value.id}.{node.attr}"
        for node in nodes
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    return found


def test_no_module_borrows_another_modules_private_names() -> None:
    found = []
    for path in sorted((ROOT / "reflect").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        found += _private_reaches(path.read_text(encoding="utf-8"), where)
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from reflect.core.store import _connect\n",
        "from reflect.cli import common\ncommon._has_terminal()\n",
    ],
)
def test_the_private_name_walk_notices_a_borrow(source: str) -> None:
    assert _private_reaches(source, "planted.py") != []
