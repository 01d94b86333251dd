"""Representative failures end with the status the README documents.

Most statuses are asserted beside the feature they belong to; these are the
paths with no other home: an empty passphrase variable (cannot open, or bad
input when it was to be a new passphrase), a mistyped command line, and
Ctrl-C at the passphrase prompt.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from reflect.cli import common as cli_common
from reflect.cli import main as cli_module
from reflect.core.access import JournalAccess
from reflect.core.exits import ExitCode
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect, one_line_error


def test_an_empty_passphrase_variable_cannot_open_the_journal(
    reflect: Reflect, seeded: Journal
) -> None:
    result = reflect("list", passphrase="")
    assert result.exit_code == ExitCode.CANNOT_OPEN == 3
    one_line_error(result, "$REFLECT_PASSPHRASE is set but empty")


def test_an_empty_new_passphrase_is_bad_input_and_makes_nothing(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    result = reflect("init", passphrase="")
    assert result.exit_code == ExitCode.FAILED == 1
    one_line_error(result, "an empty passphrase is not allowed")
    assert not cli_access.exists()


def test_a_mistyped_command_line_is_usage(reflect: Reflect) -> None:
    result = reflect("list", "--no-such-option")
    assert result.exit_code == ExitCode.USAGE == 2


def _interrupted(prompt: str = "") -> str:
    raise KeyboardInterrupt


def _run_main(home: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """The console script itself (not CliRunner), on a terminal at its prompts."""
    monkeypatch.setattr(cli_common, "has_terminal", lambda: True)
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "argv", ["reflect", "--home", str(home), *args])
    with pytest.raises(SystemExit) as ended:
        cli_module.main()
    assert isinstance(ended.value.code, int)
    return ended.value.code


def test_ctrl_c_at_the_passphrase_prompt_ends_with_130(
    seeded: Journal,
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_common, "ask_hidden", _interrupted)
    code = _run_main(isolated_env, monkeypatch, "list")
    assert code == ExitCode.INTERRUPTED == 130
    said = capsys.readouterr().err
    assert "Traceback" not in said and "Aborted" not in said


def test_ctrl_c_at_a_question_ends_with_130_and_makes_nothing(
    cli_access: JournalAccess,
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(click.termui, "visible_prompt_func", _interrupted)
    code = _run_main(isolated_env, monkeypatch, "init", "--no-passphrase")
    assert code == ExitCode.INTERRUPTED == 130
    assert "Traceback" not in capsys.readouterr().err
    assert not cli_access.exists()
