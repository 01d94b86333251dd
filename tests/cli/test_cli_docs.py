"""Every command explains itself (--help) and is in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reflect.cli.main import cli
from tests.cli.conftest import Reflect

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = sorted(cli.commands)


def _readme_table_commands() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    found = set()
    for line in section.splitlines():
        match = re.match(r"\|\s*`reflect(?: ([a-z-]+))?", line)
        if match and match.group(1):
            found.add(match.group(1))
    return found


def test_there_are_commands_to_check() -> None:
    assert {"init", "note", "list", "export", "restore", "passphrase"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(reflect: Reflect, name: str) -> None:
    result = reflect.ok(name, "--help")
    assert re.match(rf"Usage: \S+ {name}\b", result.stdout), result.stdout
    summary = cli.commands[name].get_short_help_str()
    assert summary.strip(), f"`reflect {name}` has no help text"
    assert summary.split()[0] in result.stdout
    assert not reflect.journal_path.exists(), "--help must not create a journal"


def test_top_level_help_lists_every_command(reflect: Reflect) -> None:
    result = reflect.ok("--help")
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name


def test_readme_commands_table_matches_the_cli() -> None:
    assert _readme_table_commands() == set(COMMANDS)
