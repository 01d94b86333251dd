"""Words the CLI says, as a worker found them in a trial (issue 17).

A notice after a plain file is written says two things plainly; `--demo`
with a subcommand says what `--demo` is for instead of looking for a real
journal; and each command that reads a bundle passphrase from the
environment names the variable in its help.
"""

from __future__ import annotations

from pathlib import Path

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
