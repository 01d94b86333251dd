"""`reflect import --from jrnl`: the summary accounts for every entry and line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import jrnl as cli_jrnl
from reflect.cli.main import reflect_program
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.jrnl import format as jrnl_format
from reflect.core.jrnl.importing import import_jrnl
from tests.cli.conftest import Reflect, entry_ids, one_line_error
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"


def test_import_prints_problems_then_a_summary_and_twice_adds_nothing(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    path = str(FIXTURES / "problems.txt")
    first = reflect.ok("import", "--from", "jrnl", path)
    assert first.stdout.startswith("Imported ")
    assert first.stdout.startswith(
        "Imported 9 entries from jrnl; 6 of them were kept for you to review."
    )
    assert "already" not in first.stdout
    assert "reflect list --tag jrnl-review" in first.stdout
    problem_lines = first.stderr.strip().splitlines()
    assert "problems.txt line 1: text before the first dated entry" in first.stderr
    count = len(entry_ids(cli_access))
    listed = reflect.ok("list", "--tag", "jrnl-review", "--json").stdout
    first_id = json.loads(listed)[-1]["id"]
    shown = reflect.ok("show", first_id).stdout
    assert "\nImported from jrnl, problems.txt line 1: text before the first" in shown

    again = reflect.ok("import", "--from", "jrnl", path)
    assert again.stdout.startswith(
        f"Imported 0 entries from jrnl. {count} were already in reflect from before."
        " 6 of those were kept for you to review when you imported before."
    )
    assert again.stderr.strip().splitlines() == problem_lines, "still reported"
    assert len(entry_ids(cli_access)) == count


def test_a_line_jrnl_may_read_as_a_date_is_listed_with_its_file_and_line(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.store.close()
    path = tmp_path / "journal.txt"
    path.write_text(
        "[2019-06-30 10:00] The second entry\n[2019-07 14:23] The third entry\n"
    )
    result = reflect.ok("import", "--from", "jrnl", str(path))
    assert [line.strip() for line in result.stderr.splitlines()] == [
        f"journal.txt line 2: {jrnl_format.Problem.MAYBE_DATE}"
    ]
    assert result.stdout.startswith(
        "Imported 2 entries from jrnl; 1 of them was kept for you to review."
    )


def test_skip_unparsed_says_what_it_left_out(reflect: Reflect, seeded: Journal) -> None:
    seeded.store.close()
    result = reflect.ok(
        "import", "--from", "jrnl", "--skip-unparsed", str(FIXTURES / "problems.txt")
    )
    assert "left out (--skip-unparsed)" in result.stdout
    assert "to review" not in result.stdout


def test_a_folder_journal_and_a_jrnl_config(
    reflect: Reflect, seeded: Journal, tmp_path: Path, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    folder = reflect.ok("import", "--from", "jrnl", str(FIXTURES / "folder"))
    assert "notes.md" in folder.stderr
    # The config names ~/custom.txt with its own layout and tag symbol.
    home = tmp_path / "jhome"
    home.mkdir()
    shutil.copy(FIXTURES / "custom.txt", home / "custom.txt")
    result = reflect.ok(
        "import",
        "--from",
        "jrnl",
        "--jrnl-config",
        str(FIXTURES / "jrnl.yaml"),
        str(home / "custom.txt"),
        env={"HOME": str(home)},
    )
    assert "custom.txt line 2" in result.stderr
    journal = cli_access.open(PASSPHRASE)
    try:
        tagged = journal.entries.page(tag="housing", limit=50)
        assert "Custom layout +housing and #not-a-tag here." in [
            journal.entries.get(e.id).text for e in tagged
        ]
    finally:
        journal.store.close()


@pytest.mark.parametrize("name", ["encrypted.txt", "encrypted-v1.bin"])
def test_an_encrypted_jrnl_is_refused_in_one_line_with_the_command(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, name: str
) -> None:
    seeded.notes.add("kept")
    seeded.store.close()
    before = reflect.journal_path.read_bytes()
    result = reflect("import", "--from", "jrnl", str(FIXTURES / name))
    assert result.exit_code == 1
    one_line_error(result, "encrypted", "jrnl ")
    assert reflect.journal_path.read_bytes() == before
    assert len(entry_ids(cli_access)) == 1


def test_options_that_belong_to_jrnl_are_refused_for_a_reflect_export(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.store.close()
    result = reflect("import", "--skip-unparsed", str(FIXTURES / "default.txt"))
    assert result.exit_code == 1
    one_line_error(result, "--from jrnl")
    folder = reflect("import", str(FIXTURES / "folder"))
    one_line_error(folder, "is a folder", "--from jrnl")


def test_a_reflect_export_given_as_jrnl_is_refused(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.notes.add("kept")
    seeded.store.close()
    export = tmp_path / "export.json"
    reflect.ok("export", "-o", str(export))
    result = reflect("import", "--from", "jrnl", str(export))
    assert result.exit_code == 1
    one_line_error(result, "reflect")


def test_a_closed_pipe_ends_quietly(seeded: Journal, isolated_env: Path) -> None:
    """`reflect list | head` must not end with an error line or a traceback."""
    lines = [
        f"[2024-01-01 09:{n // 60 % 60:02d}:{n % 60:02d} AM] Entry {n}.\n"
        for n in range(3000)
    ]
    import_jrnl(seeded, jrnl_format.parse_text("".join(lines)), name="made.txt")
    seeded.store.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflect", "list", "--limit", "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "REFLECT_HOME": str(isolated_env),
            "REFLECT_PASSPHRASE": PASSPHRASE,
        },
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()  # as head does after its lines
    proc.wait(timeout=60)
    assert proc.stderr.read().decode() == ""
    assert proc.returncode == 1


@pytest.mark.parametrize("name", ["default.txt", "folder"])
def test_a_large_import_on_a_terminal_shows_progress(
    reflect: Reflect,
    seeded: Journal,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    seeded.store.close()
    monkeypatch.setattr(cli_jrnl, "_terminal", lambda: True)
    monkeypatch.setattr(cli_jrnl, "_show_bar", lambda total: total > 0)
    result = reflect.ok("import", "--from", "jrnl", str(FIXTURES / name))
    assert "Importing" in result.stderr
    assert result.stdout.startswith("Imported ")


def test_a_jrnl_file_without_from_jrnl_says_how(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.store.close()
    result = reflect("import", str(FIXTURES / "default.txt"))
    assert result.exit_code == 1
    one_line_error(result, "looks like a jrnl journal", "reflect import --from jrnl")


def test_jrnl_export_piped_in_imports_without_a_file(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    """What the decrypt command does: jrnl --export txt | reflect import ... -"""
    seeded.store.close()
    exported = (FIXTURES / "default.txt").read_bytes() + b"\n"  # as jrnl prints it
    first = reflect.ok("import", "--from", "jrnl", "-", input=exported)
    assert first.stdout.startswith("Imported 6 entries from jrnl.")
    again = reflect.ok(
        "import", "--from", "jrnl", str(FIXTURES / "default.txt"), input=b""
    )
    assert again.stdout.startswith("Imported 0 entries from jrnl. 6 were already"), (
        "a pipe and the file are the same journal"
    )
    assert len(entry_ids(cli_access)) == 6


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ((FIXTURES / "encrypted.txt").read_bytes(), "still encrypted"),
        (b"no dates here\n", "no jrnl dates"),
        ("[2024-03-04 09:00:00 AM] caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_pipe_that_is_not_jrnl_text_is_refused(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, data: bytes, says: str
) -> None:
    seeded.store.close()
    result = reflect("import", "--from", "jrnl", "-", input=data)
    assert result.exit_code == 1
    one_line_error(result, says)
    assert entry_ids(cli_access) == set()
    plain = reflect("import", "-", input=b"{}")
    one_line_error(plain, "--from jrnl")


def test_an_empty_pipe_is_not_a_quiet_success(
    reflect: Reflect, seeded: Journal
) -> None:
    """jrnl prints nothing after three wrong passphrases: say so, exit 1."""
    seeded.store.close()
    result = reflect("import", "--from", "jrnl", "-", input=b"")
    assert result.exit_code == 1
    one_line_error(result, "nothing came in on standard input")


def test_the_suggested_command_runs_this_reflect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv" / "bin" / "reflect"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "import"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert reflect_program() == str(script.resolve()), "not on PATH: the full path"
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    assert reflect_program() == "reflect"


@pytest.mark.parametrize("name", ["problems.txt", "custom.txt", "encrypted.txt"])
def test_any_jrnl_file_without_from_jrnl_says_how(
    reflect: Reflect, seeded: Journal, name: str
) -> None:
    seeded.store.close()
    result = reflect("import", str(FIXTURES / name))
    one_line_error(result, "looks like a jrnl journal", "--from jrnl")


def test_the_suggested_pipe_names_a_home_given_with_home(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.store.close()
    home = str(reflect.home)
    result = reflect(
        "--home", home, "import", "--from", "jrnl", str(FIXTURES / "encrypted.txt")
    )
    assert result.exit_code == 1
    assert "import --from jrnl -" in result.stderr
    assert f" --home {home} import --from jrnl -" in result.stderr
