"""`reflect prompts` from the command line, without a journal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from reflect.cli.main import cli

BROKEN = Path(__file__).resolve().parents[1] / "core" / "packs" / "broken"


def test_list_json_needs_no_journal_and_has_the_fields() -> None:
    result = CliRunner().invoke(cli, ["prompts", "list", "--json"])
    assert result.exit_code == 0, result.output
    packs = json.loads(result.output)
    gibbs = next(p for p in packs if p["id"] == "gibbs")
    assert set(gibbs) >= {"id", "title", "kind", "functions", "minutes", "steps"}
    assert gibbs["steps"] == 6


def test_list_groups_by_kind_for_people() -> None:
    result = CliRunner().invoke(cli, ["prompts", "list"])
    assert result.exit_code == 0
    assert result.output.index("Reflective models") < result.output.index(
        "Peer-work themes"
    )
    assert "boundaries" in result.output


def test_show_prints_questions_and_json() -> None:
    text = CliRunner().invoke(cli, ["prompts", "show", "wellbeing"])
    assert text.exit_code == 0
    assert "1=" in text.output and "5=" in text.output
    data = json.loads(
        CliRunner().invoke(cli, ["prompts", "show", "quick", "--json"]).output
    )
    assert len(data["steps"]) == 3
    assert data["source"].endswith("quick.toml")


def test_show_unknown_pack_is_one_line_exit_1() -> None:
    result = CliRunner().invoke(cli, ["prompts", "show", "nope"])
    assert result.exit_code == 1
    assert "no prompt pack called 'nope'" in result.output
    assert "Traceback" not in result.output


def test_check_exits_1_with_a_line_per_problem() -> None:
    result = CliRunner().invoke(cli, ["prompts", "check", str(BROKEN)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == len(list(BROKEN.glob("*.toml")))
    assert any("unknown_input.toml:12: step 'mood':" in line for line in lines)
    # A heavy pack that ends on an action list is refused, at its last step.
    assert any(
        "containment_without_leaving.toml:15: step 'next':" in line for line in lines
    )


def test_check_of_good_packs_says_ok(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["prompts", "check", "prompts"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok"


def test_user_and_environment_packs_are_layered(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "config" / "prompts"
    user.mkdir(parents=True)
    shutil.copy(BROKEN / "bad_kind.toml", user)
    (user / "huddle.toml").write_text(
        'id = "huddle"\nversion = 1\ntitle = "Huddle"\nkind = "supervision"\n'
        'summary = "s"\nminutes = 5\n[[steps]]\nid = "a"\nquestion = "Q?"\n'
    )
    org = tmp_path / "org"
    org.mkdir()
    (org / "huddle.toml").write_text(
        (user / "huddle.toml").read_text().replace('"Huddle"', '"Org huddle"')
    )
    runner = CliRunner()
    mine = runner.invoke(cli, ["prompts", "list", "--json"])
    assert mine.exit_code == 0
    assert "skipped a prompt pack" in mine.stderr
    packs = {p["id"]: p for p in json.loads(mine.stdout)}
    assert packs["huddle"]["title"] == "Huddle"
    assert "gibbs" in packs
    monkeypatch.setenv("REFLECT_PROMPTS_DIR", str(org))
    theirs = json.loads(runner.invoke(cli, ["prompts", "list", "--json"]).stdout)
    assert {p["id"]: p for p in theirs}["huddle"]["title"] == "Org huddle"
    listed = runner.invoke(cli, ["prompts", "list"]).stdout
    # A one-step pack that names no functions reads as plain words.
    assert "Org huddle (1 step, about 5 min)\n" in listed
