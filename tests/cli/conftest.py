"""CLI fixtures: no terminal, a runner that rejects tracebacks, seeded journals.

The CLI always uses SQLCipher's default key derivation, so journals the CLI
opens are created here with `kdf_iter=None`; each open costs about 0.1 s, so
tests seed data through core (one open) and keep CLI calls few.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import common as cli_common
from reflect.cli import main as cli_module
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from tests.conftest import PASSPHRASE, FixedClock


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """CliRunner has no terminal; never let a developer's real /dev/tty prompt."""
    monkeypatch.setattr(cli_common, "has_terminal", lambda: False)

    def refuse(prompt: str) -> str:
        raise AssertionError(f"the CLI tried to prompt: {prompt!r}")

    monkeypatch.setattr(cli_common, "ask_hidden", refuse)


class Reflect:
    """Runs `reflect` in-process and checks no Python traceback escaped."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    @property
    def journal_path(self) -> Path:
        return self.home / "journal.db"

    def __call__(
        self,
        *args: str,
        input: str | bytes | None = None,
        env: dict[str, str | None] | None = None,
        passphrase: str | None = PASSPHRASE,
    ) -> Result:
        full_env: dict[str, str | None] = {"REFLECT_PASSPHRASE": passphrase}
        full_env.update(env or {})
        result = self.runner.invoke(
            cli_module.cli, list(args), input=input, env=full_env, catch_exceptions=True
        )
        if result.exception is not None and not isinstance(
            result.exception, SystemExit
        ):
            raise AssertionError(
                f"reflect {' '.join(args)} raised instead of failing cleanly"
            ) from result.exception
        assert "Traceback" not in result.output
        return result

    def ok(self, *args: str, **kwargs: object) -> Result:
        result = self(*args, **kwargs)  # type: ignore[arg-type]
        assert result.exit_code == 0, result.output
        return result


@pytest.fixture
def reflect(isolated_env: Path) -> Reflect:
    """Invoke the CLI against the isolated REFLECT_HOME."""
    return Reflect(isolated_env)


@pytest.fixture
def cli_access(isolated_env: Path) -> JournalAccess:
    """Access to the CLI's journal with the CLI's (default) key derivation."""
    return JournalAccess(JournalPaths(isolated_env), now=FixedClock())


@pytest.fixture
def seeded(cli_access: JournalAccess) -> Iterator[Journal]:
    """An encrypted journal the CLI can open, for the test to fill and close."""
    journal = cli_access.create(PASSPHRASE)
    yield journal
    journal.store.close()


def entry_ids(access: JournalAccess, passphrase: str | None = PASSPHRASE) -> set[str]:
    """Every entry id in the journal, read through core."""
    journal = access.open(passphrase)
    try:
        return {e.id for e in journal.entries.iter_all()}
    finally:
        journal.store.close()


def one_line_error(result: Result, *needles: str) -> str:
    """The stderr of a failed command: one line, naming each needle."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
