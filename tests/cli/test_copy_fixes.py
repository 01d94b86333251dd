"""Words the CLI says, as a worker found them in a trial (issue 17).

A notice after a plain file is written says two things plainly; `--demo`
with a subcommand says what `--demo` is for instead of looking for a real
journal; and each command that reads a bundle passphrase from the
environment names the variable in its help.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Reflect


def test_a_written_agenda_says_it_is_not_encrypted_in_a_whole_sentence(
    reflect: Reflect, tmp_path: Path
) -> None:
    reflect.ok("init")
    out = tmp_path / "agenda.md"
    result = reflect.ok("agenda", "-o", str(out))
    assert (
        f"Wrote the agenda to {out}. This file is NOT encrypted, so keep it "
        "somewhere safe." in " ".join(result.stderr.split())
    )


@pytest.mark.parametrize("command", [["list"], ["agenda"], ["receive", "x.reflect"]])
def test_demo_with_a_command_says_it_only_opens_the_app(
    reflect: Reflect, command: list[str]
) -> None:
    result = reflect("--demo", *command)
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "--demo only opens the app with sample data" in said
    assert f"'reflect {command[0]}' for your own journal" in said
    assert not reflect.journal_path.exists()  # nothing was made or looked for


@pytest.mark.parametrize("command", ["share", "receive", "feedback"])
def test_commands_that_read_the_bundle_passphrase_name_its_variable(
    reflect: Reflect, command: str
) -> None:
    help_text = " ".join(reflect.ok(command, "--help").stdout.split())
    assert "The bundle passphrase comes from REFLECT_BUNDLE_PASSPHRASE" in help_text
