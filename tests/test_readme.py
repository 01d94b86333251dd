"""The README's Quick start test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line]


def _ci_test_command() -> str:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [line] = [ln for ln in text.splitlines() if ln.startswith("TEST_COMMAND=")]
    value = line.split("=", 1)[1]
    assert value[0] == value[-1] == '"', "TEST_COMMAND should be double-quoted"
    return value[1:-1]


def test_readme_and_ci_run_the_same_test_command() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2, commands
    install, tests = commands
    assert "pytest" in tests and "pytest" not in install
    assert tests == _ci_test_command()


def test_ci_runs_the_test_command_it_declares() -> None:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'bash -c "$TEST_COMMAND"' in text
