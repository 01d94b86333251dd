"""Files the worker hands reflect that would crash a parser, and backups that
are damaged: one line saying what is wrong with *that file*, exit 1, and the
journal exactly as it was."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.journal import Journal
from reflect.core.templates import shipped_dir
from tests.cli.cheap import cheap_access, cheap_journal
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import PASSPHRASE

__all__ = ["cheap_journal"]  # a fixture, used by name


def _ids(home: Path) -> set[str]:
    journal = cheap_access(home).open(PASSPHRASE)
    try:
        return {entry.id for entry in journal.entries.iter_all()}
    finally:
        journal.store.close()


def _settled_bytes(path: Path) -> bytes:
    gc.collect()  # CliRunner runs leave their Journal to the garbage collector
    return path.read_bytes()


@pytest.fixture
def one_note(cheap_journal: Journal) -> str:
    entry_id = cheap_journal.notes.add("the only note").id
    cheap_journal.store.close()
    return entry_id


HEAD = '{"format": "reflect-journal", "version": 1, "entries": '
ENTRY = '{"id": "abc", "created_at": "2026-01-01T00:00:00+00:00", '

HOSTILE = {
    "deep": (HEAD + "[" * 100_000 + "]" * 100_000 + "}", "nests"),
    "surrogate": (HEAD + "[" + ENTRY + '"title": "\\ud800"}]}', "broken character"),
    "wrong type": (HEAD + "[" + ENTRY + '"tags": [["a"]]}]}', "'tags' must be text"),
    "huge integer": (
        HEAD
        + "["
        + ENTRY
        + '"answers": [{"step_id": "a", "position": '
        + "9" * 5_000
        + "}]}]}",
        "number too long",
    ),  # fmt: skip
    "version as text": (HEAD.replace("1", '"1"') + "[]}", "not a whole number"),
}


def _write_100_mb_string(path: Path) -> None:
    """An export whose private note is 100 MB long, written in pieces."""
    chunk = "x" * (1 << 20)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + "[" + ENTRY + '"title": "ok", "private_note": "')
        for _ in range(100):
            out.write(chunk)
        out.write('"}]}')


def test_hostile_json_is_refused_in_one_line_and_changes_nothing(
    reflect: Reflect, one_note: str, tmp_path: Path
) -> None:
    cases = {**HOSTILE, "100 MB string": (None, "is 104,857,600 characters long")}
    before = _settled_bytes(reflect.journal_path)
    for name, (text, needle) in cases.items():
        path = tmp_path / f"{name}.json"
        if text is None:
            _write_100_mb_string(path)
        else:
            path.write_text(text, encoding="utf-8")
        result = reflect("import", str(path))
        assert result.exit_code == 1, (name, result.output)
        assert result.stdout == ""
        line = one_line_error(result, needle)
        assert len(line) < 200, name
        path.unlink()
    assert _settled_bytes(reflect.journal_path) == before
    assert _ids(reflect.home) == {one_note}


# ---- prompt packs --------------------------------------------------------


def test_a_deeply_nested_pack_is_one_line_and_the_others_still_load(
    reflect: Reflect, tmp_path: Path
) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "deep.toml").write_text("x = " + "[" * 5_000 + "]" * 5_000 + "\n")
    (packs / "deeper.toml").write_text("x = " + "{a = " * 3_000 + "1" + "}" * 3_000)
    gibbs = (shipped_dir() / "gibbs.toml").read_text(encoding="utf-8")
    (packs / "mine.toml").write_text(gibbs.replace('id = "gibbs"', 'id = "mine"'))

    checked = reflect("prompts", "check", str(packs / "deep.toml"), str(packs))
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        str(packs / "deep.toml"),
        str(packs / "deep.toml"),
        str(packs / "deeper.toml"),
    ]
    assert all("too deeply" in line for line in lines)

    # Loading the packs at start: the bad ones are named, the rest work.
    listed = reflect(
        "prompts", "list", "--json", env={"REFLECT_PROMPTS_DIR": str(packs)}
    )
    assert listed.exit_code == 0
    ids = {pack["id"] for pack in json.loads(listed.stdout)}
    assert {"mine", "gibbs"} <= ids
    skipped = listed.stderr.splitlines()
    assert len(skipped) == 2 and all("too deeply" in line for line in skipped)


# ---- restoring a damaged backup -------------------------------------------


def test_restoring_a_damaged_backup_names_the_backup_and_keeps_the_journal(
    reflect: Reflect, cheap_journal: Journal, tmp_path: Path
) -> None:
    journal = cheap_journal
    ids = {journal.notes.add(f"note {i} " + "words " * 300).id for i in range(10)}
    backup = storage.backup(journal.store, tmp_path / "backup.db")
    journal.store.close()
    data = bytearray(backup.read_bytes())
    # One bit flipped inside the second page from the end: the notes' own
    # pages, written after the schema's (the middle of the file moves onto a
    # page of the schema whenever a schema step adds to it).
    data[len(data) - 4096 - 2048] ^= 0x10
    backup.write_bytes(bytes(data))
    before = _settled_bytes(reflect.journal_path)

    result = reflect("restore", str(backup))
    assert result.exit_code == 1
    line = one_line_error(result, f"the backup at {backup} could not be read")
    assert "journal could not be read" not in line
    assert line.endswith("your journal is as it was. Try another backup.")
    assert _settled_bytes(reflect.journal_path) == before
    assert list(reflect.home.glob("journal.db.replaced-*")) == []
    assert sorted(p.name for p in reflect.home.iterdir() if "restoring" in p.name) == []
    assert _ids(reflect.home) == ids
    assert reflect.ok("check").stdout == "ok\n"
