"""`reflect org check|install|show|remove` end to end, without a journal
(except where the supervision agreement is the point)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from reflect.cli import common as cli_common
from reflect.core import org
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect, one_line_error
from tests.orgfiles import GOOD, left_in, write_org


@pytest.fixture
def config() -> Path:
    return Path(os.environ["REFLECT_CONFIG_HOME"])


def line_of(text: str, start: str) -> int:
    """The number of the first line of `text` that starts with `start`."""
    return next(
        n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start)
    )


def test_check_says_ok_for_a_good_file(reflect: Reflect, tmp_path: Path) -> None:
    path = write_org(tmp_path / "given")
    assert reflect.ok("org", "check", str(path)).stdout.strip() == "ok"
    data = json.loads(reflect.ok("org", "check", str(path), "--json").stdout)
    assert data == {"ok": True, "problems": []}


def test_check_lists_each_problem_with_its_line(
    reflect: Reflect, tmp_path: Path
) -> None:
    text = GOOD.replace('phone = "0808', 'phnoe = "0808').replace(
        "every = 14", 'every = "fortnightly"'
    )
    path = write_org(tmp_path / "given", text)
    crisis = line_of(text, "[[crisis]]")
    phnoe = line_of(text, "phnoe = ")
    every = line_of(text, "every = ")
    result = reflect("org", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:{crisis}: [[crisis]] 1: give a 'phone' number or a 'text' code "
        "(or both)",
        f"{path}:{phnoe}: [[crisis]] 1: unknown key 'phnoe' (known: name, phone, "
        "text, hours, note)",
        f"{path}:{every}: [supervision]: 'every' must be a whole number of days, "
        "1 to 366",
    ]
    data = json.loads(reflect("org", "check", str(path), "--json").stdout)
    assert data["ok"] is False and [p["line"] for p in data["problems"]] == [
        crisis,
        phnoe,
        every,
    ]


def test_install_show_remove_round_trip(
    reflect: Reflect, tmp_path: Path, config: Path
) -> None:
    path = write_org(tmp_path / "given")
    said = reflect.ok("org", "install", str(path)).stdout
    assert "Riverside Peer Network" in said and "1 prompt pack" in said
    # Owner-only, like every file reflect writes: it names the employer.
    installed = [p for p in config.rglob("*") if ".lock" not in p.name]
    assert installed and all(
        stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600)
        for p in installed
    )
    shown = reflect.ok("org", "show").stdout
    assert "Riverside staff support line: 0808 157 0192" in shown
    assert "text CALLBACK to 01632 960555" in shown
    assert "Tell the duty worker the same day." in shown
    assert "Riverside Peer Network suggests group supervision, every 14 days." in shown
    data = json.loads(reflect.ok("org", "show", "--json").stdout)
    assert data["installed"]["packs"] == ["team-huddle"]
    assert data["installed"]["supervision"] == {"type": "group", "every_days": 14}
    listed = reflect.ok("prompts", "list").stdout
    assert "team-huddle" in listed

    again = reflect("org", "install", str(path))  # no terminal to ask on
    assert again.exit_code == 1
    one_line_error(again, "already installed", "--replace")
    reflect.ok("org", "install", str(path), "--replace")

    refused = reflect("org", "remove")
    assert refused.exit_code == 1
    one_line_error(refused, "--yes", "nothing was changed")
    assert (config / org.ORG_DIR / org.ORG_FILE).exists()
    reflect.ok("org", "remove", "--yes")
    assert left_in(config) == []
    assert "No organisation file is installed" in reflect.ok("org", "show").stdout
    assert "team-huddle" not in reflect.ok("prompts", "list").stdout


def test_install_refuses_a_broken_file_and_changes_nothing(
    reflect: Reflect, tmp_path: Path, config: Path
) -> None:
    path = write_org(tmp_path / "given", GOOD.replace('type = "group"', "tpye = 1"))
    result = reflect("org", "install", str(path))
    assert result.exit_code == 1
    assert f":{line_of(GOOD, 'type = ')}: [supervision]: unknown key 'tpye'" in (
        result.stderr
    )
    assert result.stderr.splitlines()[-1].endswith("nothing was installed")
    assert not config.exists()


def test_asked_on_a_terminal_before_replacing(
    reflect: Reflect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: Path
) -> None:
    reflect.ok("org", "install", str(write_org(tmp_path / "one")))
    other = write_org(tmp_path / "two", GOOD.replace("Riverside Peer", "Hillside Peer"))
    monkeypatch.setattr(cli_common, "has_terminal", lambda: True)
    kept = reflect("org", "install", str(other), input="n\n")
    assert kept.exit_code == 1
    assert "Riverside" in (config / org.ORG_DIR / org.ORG_FILE).read_text(
        encoding="utf-8"
    )
    reflect.ok("org", "install", str(other), input="y\n")
    assert "Hillside" in (config / org.ORG_DIR / org.ORG_FILE).read_text(
        encoding="utf-8"
    )


def test_a_broken_installed_file_is_one_calm_line(
    reflect: Reflect, tmp_path: Path, config: Path
) -> None:
    reflect.ok("org", "install", str(write_org(tmp_path / "given")))
    with (config / org.ORG_DIR / org.ORG_FILE).open("a", encoding="utf-8") as file:
        file.write("\n[extra\n")  # no longer TOML
    result = reflect("org", "show")
    assert result.exit_code == 1
    assert "organisation.toml" in result.stderr
    assert "carrying on without it" in result.stderr


def test_a_new_agreement_takes_the_organisations_defaults(
    reflect: Reflect, tmp_path: Path, seeded: Journal
) -> None:
    seeded.store.close()
    reflect.ok("org", "install", str(write_org(tmp_path / "given")))
    assert "suggests group supervision" in reflect.ok("agreement").stdout
    (made,) = json.loads(reflect.ok("agreement", "--supervisor", "Jo", "--json").stdout)
    assert (made["type"], made["every_days"]) == ("group", 14)
    (mine,) = json.loads(reflect.ok("agreement", "--every", "30", "--json").stdout)
    assert (mine["type"], mine["every_days"]) == ("group", 30)


def test_a_hostile_key_or_value_reaches_the_terminal_only_as_marks(
    reflect: Reflect, tmp_path: Path
) -> None:
    path = tmp_path / "org.toml"
    path.write_text(
        'name = "Ok\\u001b]0;owned\\u0007"\n"\\u001b[2J" = 1\n', encoding="utf-8"
    )
    result = reflect("org", "check", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "␛[2J" in result.output


def test_a_broken_installed_file_brings_none_of_its_packs(
    reflect: Reflect, tmp_path: Path, config: Path
) -> None:
    reflect.ok("org", "install", str(write_org(tmp_path / "given")))
    assert "team-huddle" in reflect.ok("prompts", "list").stdout
    installed = config / org.ORG_DIR / org.ORG_FILE
    installed.write_text('name="x"\nphone=\n', encoding="utf-8")
    listed = reflect("prompts", "list")
    assert "team-huddle" not in listed.stdout
    one_line_error(listed, "carrying on without it")


def test_a_settings_file_turned_folder_is_removed_and_replaced_calmly(
    reflect: Reflect, tmp_path: Path, config: Path
) -> None:
    path = write_org(tmp_path / "given")
    reflect.ok("org", "install", str(path))
    installed = config / org.ORG_DIR / org.ORG_FILE
    installed.unlink()
    installed.mkdir()
    shown = reflect("org", "show")
    assert shown.exit_code == 1 and "reflect org remove" in shown.stderr
    reflect.ok("org", "install", str(path), "--replace")
    assert org.installed(config) is not None

    installed.unlink()
    installed.mkdir()
    reflect.ok("org", "remove", "--yes")
    assert left_in(config) == []

    (config / org.ORG_FILE).mkdir()  # the same, in an older install's layout
    (config / ".org-install-abc123").mkdir()  # and a killed install's leftover
    assert reflect("org", "show").exit_code == 1
    assert left_in(config) == [org.ORG_FILE]  # the leftover is swept
    reflect.ok("org", "remove", "--yes")
    assert left_in(config) == []


def test_a_failed_install_names_no_working_folder(
    reflect: Reflect, tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_org(tmp_path / "given")
    reflect.ok("org", "install", str(path))

    def refuse(*args: object) -> None:
        raise IsADirectoryError(21, "Is a directory", str(args[0]))

    monkeypatch.setattr(org.os, "replace", refuse)
    result = reflect("org", "install", str(path), "--replace")
    monkeypatch.undo()
    assert result.exit_code == 1
    line = one_line_error(result, "could not be installed", "nothing was changed")
    assert ".org-" not in line and str(config) not in line
    assert left_in(config) == [org.ORG_DIR]
    assert org.installed(config) is not None
