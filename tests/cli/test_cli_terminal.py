"""On a terminal reflect asks; without one it never waits for an answer.

These run the real command on a fresh pseudo-terminal of its own, so they
pass the same from a developer's terminal and under CI. Their no-terminal
counterparts run in a new session (`terminals.without_terminal`), and the
in-process CliRunner tests say which case they mean through the one seam,
`cli_common.has_terminal`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import reflect
from reflect.core import checkins as core
from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.templates import load_library, shipped_dir
from tests.cli.conftest import entry_ids
from tests.cli.terminals import OnATerminal
from tests.conftest import PASSPHRASE


def test_on_a_terminal_init_without_a_passphrase_asks_first(
    cli_access: JournalAccess,
) -> None:
    with OnATerminal("init", "--no-passphrase") as term:
        term.expect("Create it unencrypted?")
        term.type("n")
        assert term.finish() == 1
    assert "nothing was created" in term.screen
    assert not cli_access.path.exists()

    with OnATerminal("init", "--no-passphrase") as term:
        term.expect("Create it unencrypted?")
        term.type("y")
        assert term.finish() == 0, term.screen
    assert "Created an unencrypted journal" in term.screen
    assert cli_access.path.read_bytes().startswith(storage.SQLITE_HEADER)


def test_on_a_terminal_the_passphrase_is_asked_for_and_never_shown(
    cli_access: JournalAccess,
) -> None:
    with OnATerminal("init") as term:
        term.expect("New passphrase: ")
        term.type(PASSPHRASE)
        term.expect("Type it again: ")
        term.type(PASSPHRASE)
        assert term.finish() == 0, term.screen
    assert "Created an encrypted journal" in term.screen
    chosen = term.screen

    with OnATerminal("note", "written on a terminal") as term:
        term.expect("Passphrase: ")
        term.type(PASSPHRASE)
        assert term.finish() == 0, term.screen
    assert PASSPHRASE not in chosen + term.screen, "typed without echo"
    saved = term.screen.strip().splitlines()[-1]
    assert entry_ids(cli_access) == {saved}


def test_on_a_terminal_checkin_asks_each_dimension(
    seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    dims = core.dimensions(load_library([shipped_dir()]).get("wellbeing"))
    with OnATerminal("checkin", env={"REFLECT_PASSPHRASE": PASSPHRASE}) as term:
        for dim in dims:
            term.expect(f"{dim.name}: ")
            term.type("4")
        assert term.finish() == 0, term.screen
    assert "Checked in for" in term.screen
    journal = cli_access.open(PASSPHRASE)
    try:
        (saved,) = journal.checkins.list()
    finally:
        journal.store.close()
    assert saved.scores == {dim.id: 4 for dim in dims}


def test_every_command_asks_the_one_seam_whether_there_is_a_terminal() -> None:
    # A copy bound by `from reflect.cli.common import has_terminal` is out of
    # the tests' reach: CliRunner tests would then ask the real terminal.
    seams = {"has_terminal", "ask_hidden"}
    for path in Path(reflect.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "reflect.cli.common":
                bound = seams & {alias.name for alias in node.names}
                assert not bound, f"{path.name} imports {bound} by name"
