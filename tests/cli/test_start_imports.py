"""The everyday commands load what they use, and little else, before the key.

On a small journal the key derivation should be the only noticeable cost of
`reflect list`, `search` and `note`; every module imported on the way is paid
for on every run. Each command here runs for real, in a fresh interpreter,
on an encrypted journal, and the modules it loaded are checked when it ends:
none of the heavy libraries that only other commands need, no other command
group's module, and none of the core capabilities that only those groups use.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from reflect.core.journal import Journal
from tests.conftest import PASSPHRASE

PROBE = """
import json, sys
where = sys.argv.pop(1)
sys.argv[0] = "reflect"
try:
    from reflect.cli.start import main  # the console script's own entry
    main()
finally:  # main ends by raising SystemExit; record what was loaded anyway
    with open(where, "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""

HEAVY = ("textual", "sqlite_utils", "markdown_it", "cryptography")
"""Libraries for the app, migrations, rendering and bundles: never these."""

CLI_MODULES = {
    "reflect.cli",
    "reflect.cli.start",
    "reflect.cli.home",
    "reflect.cli.main",
    "reflect.cli.common",
    "reflect.cli.output",
}
"""The only CLI modules an everyday command needs: every group module
(sharing, agenda, supervision, portfolio, jrnl, paper...) stays unloaded."""

CORE_ELSEWHERE = (
    "reflect.core.agenda",
    "reflect.core.bundles",
    "reflect.core.checkins",
    "reflect.core.export",
    "reflect.core.frameworks",
    "reflect.core.jrnl",
    "reflect.core.org",
    "reflect.core.portfolio",
    "reflect.core.portfolio_summary",
    "reflect.core.privacy",
    "reflect.core.reading",
    "reflect.core.reflections",
    "reflect.core.reviewing",
    "reflect.core.sharing",
    "reflect.core.supervision",
    "reflect.core.support",
    "reflect.core.templates",
    "reflect.core.yearly",
)
"""Core capabilities that only other commands (or the app) use."""


def _run(home: Path, tmp_path: Path, *args: str) -> tuple[str, list[str]]:
    """Run `reflect ARGS` in a fresh interpreter: its output and its modules."""
    where = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(where), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "REFLECT_HOME": str(home), "REFLECT_PASSPHRASE": PASSPHRASE},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(where.read_text(encoding="utf-8"))


def _unwanted(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name.split(".")[0] in HEAVY
        or (name.startswith("reflect.cli.") and name not in CLI_MODULES)
        or any(name == m or name.startswith(m + ".") for m in CORE_ELSEWHERE)
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("note", "a walk by the river before the shift"),
        ("list", "--limit", "10"),
        ("list", "--tag", "river", "--limit", "10"),
        ("search", "river"),
    ],
    ids=["note", "list", "list-tag", "search"],
)
def test_an_everyday_command_loads_only_what_it_uses(
    seeded: Journal, isolated_env: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    kept = seeded.notes.add("an earlier walk by the river", tags=["river"])
    seeded.store.close()
    out, modules = _run(isolated_env, tmp_path, *args)
    # The command really ran against the journal (not a help text or a refusal).
    if args[0] == "note":
        assert len(out.strip()) == 36  # the new entry's id
    else:
        assert kept.id[:8] in out
    assert "reflect.core.store.database" in modules  # the probe saw the journal
    assert _unwanted(modules) == []


def test_every_group_command_is_named_once_under_its_own_name() -> None:
    """`GROUP_COMMANDS` is how the root group finds a command it has not
    imported: each line must load the command it names, and every top-level
    command a group module defines must have its line (a nested one, like
    `session record`, is reached through its group)."""
    from reflect.cli.main import GROUP_COMMANDS, cli

    for name, target in GROUP_COMMANDS.items():
        assert cli.commands[name].name == name, target
    for module_name in {target.partition(":")[0] for target in GROUP_COMMANDS.values()}:
        module = importlib.import_module(module_name)
        defined = {
            value for value in vars(module).values() if isinstance(value, click.Command)
        }
        nested = {
            sub
            for value in defined
            if isinstance(value, click.Group)
            for sub in value.commands.values()
        }
        top = {command.name for command in defined - nested}
        listed = {
            name
            for name, target in GROUP_COMMANDS.items()
            if target.partition(":")[0] == module_name
        }
        assert top == listed, module_name
