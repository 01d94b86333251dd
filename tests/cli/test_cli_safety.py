"""Refusals that protect the journal: each leaves it exactly as it was."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path

import pytest

from reflect.cli import common as cli_common
from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import WrongPassphrase
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from tests.cli.conftest import Reflect, entry_ids, one_line_error
from tests.conftest import PASSPHRASE

NEW = "a brand 'new' passphrase"


def _side_files(path: Path) -> list[str]:
    return [s for s in ("-wal", "-shm") if Path(f"{path}{s}").exists()]


def _settled_bytes(path: Path) -> bytes:
    """The journal's bytes once every connection this process left is gone."""
    gc.collect()  # CliRunner runs leave their Journal to the garbage collector
    return path.read_bytes()


@pytest.fixture
def one_note(seeded: Journal) -> str:
    entry_id = seeded.notes.add("the only note").id
    seeded.store.close()
    return entry_id


# ---- getting in --------------------------------------------------------


def test_wrong_passphrase_exits_3_names_both_causes_changes_nothing(
    reflect: Reflect, one_note: str
) -> None:
    before = _settled_bytes(reflect.journal_path)
    assert _side_files(reflect.journal_path) == []

    for args in (["list"], ["note", "should not be saved"], ["check"]):
        result = reflect(*args, passphrase="not it")
        assert result.exit_code == 3
        message = one_line_error(result, "passphrase is wrong", "damaged")
        assert str(reflect.journal_path) in message
        assert result.stdout == ""

    assert reflect.journal_path.read_bytes() == before
    assert _side_files(reflect.journal_path) == []


def test_terminal_prompt_allows_three_tries(
    reflect: Reflect, one_note: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answers = iter(["wrong", "wrong again", PASSPHRASE])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(cli_common, "has_terminal", lambda: True)
    monkeypatch.setattr(cli_common, "ask_hidden", ask)
    result = reflect.ok("list", "--json", passphrase=None)
    assert len(asked) == 3
    assert [r["id"] for r in json.loads(result.stdout)] == [one_note]

    asked.clear()
    answers = iter(["no", "nope", "never", PASSPHRASE])
    result = reflect("list", passphrase=None)
    assert result.exit_code == 3 and len(asked) == 3
    assert "damaged" in result.stderr


def test_empty_passphrase_variable_is_refused(reflect: Reflect, one_note: str) -> None:
    result = reflect("list", passphrase="")
    assert result.exit_code == 3
    one_line_error(result, "REFLECT_PASSPHRASE", "empty")


def test_no_terminal_and_no_variable_exits_3_and_saves_nothing(
    reflect: Reflect, one_note: str, cli_access: JournalAccess
) -> None:
    result = reflect("note", input="piped text that must not be saved", passphrase=None)
    assert result.exit_code == 3 and result.stdout == ""
    one_line_error(result, "REFLECT_PASSPHRASE")
    assert entry_ids(cli_access) == {one_note}


@pytest.mark.parametrize(
    "args",
    [
        ["list"], ["note", "hello"], ["show", "abc"], ["search", "x"], ["export"],
        ["backup"], ["check"], ["passphrase"], ["import", "{file}"],
        ["restore", "{file}"],
    ],
)  # fmt: skip
def test_commands_before_init_exit_3_and_say_how(
    reflect: Reflect, tmp_path: Path, args: list[str]
) -> None:
    existing = tmp_path / "some.file"
    existing.write_text("{}")
    args = [a.replace("{file}", str(existing)) for a in args]
    result = reflect(*args, input="text")
    assert result.exit_code == 3 and result.stdout == ""
    one_line_error(result, str(reflect.journal_path), "reflect init")
    assert not reflect.journal_path.exists()
    assert existing.read_text() == "{}"


def test_hint_includes_home_when_given_on_the_command_line(
    reflect: Reflect, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = reflect("--home", str(elsewhere), "list")
    assert result.exit_code == 3
    one_line_error(result, f"reflect --home {elsewhere} init")
    assert not elsewhere.exists()


def test_a_file_that_is_not_a_journal_exits_3(reflect: Reflect) -> None:
    reflect.home.mkdir(parents=True)
    conn = sqlite3.connect(reflect.journal_path)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    before = reflect.journal_path.read_bytes()
    result = reflect("list", passphrase=None)
    assert result.exit_code == 3
    one_line_error(result, "not a reflect journal")
    assert reflect.journal_path.read_bytes() == before


def test_damaged_journal_is_reported_not_ok(reflect: Reflect, seeded: Journal) -> None:
    for i in range(200):
        seeded.notes.add(f"note {i} " + "words " * 80)
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.store.close()
    data = bytearray(reflect.journal_path.read_bytes())
    middle = len(data) // 2 + 100
    data[middle : middle + 16] = bytes(16)
    reflect.journal_path.write_bytes(bytes(data))

    result = reflect("check")
    assert result.exit_code in (1, 3)
    assert "ok" not in result.stdout.split()
    assert result.stderr.strip(), "a damaged journal must say what is wrong"


# ---- changing the passphrase -------------------------------------------


def test_passphrase_change_reencrypts_everything(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    ids = {seeded.notes.add(f"note {i}", tags=["t"]).id for i in range(5)}
    ids.add(seeded.notes.save_draft(None, "draft"))
    seeded.store.close()

    result = reflect.ok("passphrase", env={"REFLECT_NEW_PASSPHRASE": NEW})
    assert "changed" in result.stderr

    assert entry_ids(cli_access, NEW) == ids
    with pytest.raises(WrongPassphrase):
        cli_access.open(PASSPHRASE)
    assert reflect("list", passphrase=PASSPHRASE).exit_code == 3
    assert reflect.ok("check", passphrase=NEW).stdout == "ok\n"
    assert sorted(p.name for p in reflect.home.iterdir()) == [
        ".journal.db.lock",
        "journal.db",
    ]


def test_adding_a_passphrase_to_a_plain_journal(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    cli_access.create(None).store.close()
    saved = reflect.ok("note", "was readable by anyone", passphrase=None).stdout
    reflect.ok("passphrase", passphrase=None, env={"REFLECT_NEW_PASSPHRASE": NEW})

    data = reflect.journal_path.read_bytes()
    assert not data.startswith(storage.SQLITE_HEADER)
    assert b"was readable by anyone" not in data
    assert entry_ids(cli_access, NEW) == {saved.strip()}
    result = reflect("list", passphrase=None)
    assert result.exit_code == 3 and "REFLECT_PASSPHRASE" in result.stderr


def test_new_passphrase_must_not_be_empty(
    reflect: Reflect, one_note: str, cli_access: JournalAccess
) -> None:
    for env in ({"REFLECT_NEW_PASSPHRASE": ""}, {"REFLECT_NEW_PASSPHRASE": None}):
        result = reflect("passphrase", env=env)
        assert result.exit_code not in (0, 2)
        one_line_error(result, "REFLECT_NEW_PASSPHRASE")
    assert entry_ids(cli_access) == {one_note}


# ---- backup and restore ------------------------------------------------


def test_backup_then_restore_gives_back_the_backup(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, tmp_path: Path
) -> None:
    kept = {seeded.notes.add(f"before {i}").id for i in range(3)}
    seeded.store.close()
    backup = tmp_path / "backup.db"
    reflect.ok("backup", "-o", str(backup))
    later = reflect.ok("note", "written after the backup").stdout.strip()

    result = reflect.ok("restore", str(backup))
    assert entry_ids(cli_access) == kept
    asides = list(reflect.home.glob("journal.db.replaced-*"))
    assert len(asides) == 1
    assert str(asides[0]) in result.stdout
    replaced = JournalAccess(JournalPaths(tmp_path / "aside"))
    replaced.paths.home.mkdir()
    asides[0].rename(replaced.path)
    assert entry_ids(replaced) == kept | {later}
    assert reflect.ok("check").stdout == "ok\n"


@pytest.mark.parametrize("kind", ["text", "json-export", "other-passphrase"])
def test_restore_refuses_what_is_not_your_backup(
    reflect: Reflect,
    one_note: str,
    cli_access: JournalAccess,
    tmp_path: Path,
    kind: str,
) -> None:
    bogus = tmp_path / "bogus.db"
    if kind == "text":
        bogus.write_text("hello\n" * 500)
    elif kind == "json-export":
        reflect.ok("export", "-o", str(bogus))
    else:
        stranger = JournalAccess(JournalPaths(tmp_path / "stranger"))
        journal = stranger.create("someone else")
        journal.notes.add("theirs")
        storage.backup(journal.store, bogus)
        journal.store.close()
    before = _settled_bytes(reflect.journal_path)

    result = reflect("restore", str(bogus))
    assert result.exit_code in (1, 3)
    one_line_error(result, str(bogus))
    assert _settled_bytes(reflect.journal_path) == before
    assert list(reflect.home.glob("journal.db.replaced-*")) == []
    assert entry_ids(cli_access) == {one_note}


def test_restore_refuses_an_unencrypted_backup(
    reflect: Reflect, one_note: str, cli_access: JournalAccess, tmp_path: Path
) -> None:
    plain = JournalAccess(JournalPaths(tmp_path / "plain"))
    journal = plain.create(None)
    journal.notes.add("from before the passphrase")
    backup = storage.backup(journal.store, tmp_path / "plain.db")
    journal.store.close()

    result = reflect("restore", str(backup))
    assert result.exit_code == 1
    one_line_error(result, "not encrypted")
    assert cli_access.needs_passphrase()
    assert entry_ids(cli_access) == {one_note}


# ---- export and import refusals ----------------------------------------


def test_export_to_an_unwritable_place_is_one_line(
    reflect: Reflect, one_note: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for target in (tmp_path / "missing" / "out.json", blocker / "out.json"):
        result = reflect("export", "-o", str(target))
        assert result.exit_code == 1 and result.stdout == ""
        one_line_error(result, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "home"]


MAKE = "reflect export --format json"
"""What to do with a file that is not (or no longer) a whole reflect export."""


@pytest.mark.parametrize(
    ("contents", "next_step"),
    [
        (b'{"format": "reflect-journal", "version": 1, "entries": [{"id": "x', MAKE),
        (b'{"format": "something-else", "entries": []}', MAKE),
        (b'{"format": "reflect-journal", "version": 7, "entries": []}', "Update"),
        (b'[{"id": "x"}]', MAKE),
        ("caf\u00e9 in latin-1".encode("latin-1"), "nothing was imported"),
        (b"\x00\x01\x02\xff" * 100, "nothing was imported"),
    ],
    ids=["cut-short", "other-format", "future", "list", "latin-1", "binary"],
)
def test_import_of_a_bad_file_changes_nothing(
    reflect: Reflect, one_note: str, cli_access: JournalAccess, tmp_path: Path,
    contents: bytes, next_step: str,
) -> None:  # fmt: skip
    path = tmp_path / "import.json"
    path.write_bytes(contents)
    before = _settled_bytes(reflect.journal_path)
    result = reflect("import", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line_error(result, next_step)
    assert "Expecting" not in line and "Unterminated" not in line  # the parser's
    assert _settled_bytes(reflect.journal_path) == before
    assert entry_ids(cli_access) == {one_note}


def test_importing_a_backup_by_mistake_is_refused(
    reflect: Reflect, one_note: str, cli_access: JournalAccess, tmp_path: Path
) -> None:
    backup = Path(reflect.ok("backup").stdout.strip())
    result = reflect("import", str(backup))
    assert result.exit_code == 1
    one_line_error(result, "not")
    assert entry_ids(cli_access) == {one_note}
