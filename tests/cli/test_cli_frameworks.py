"""`reflect frameworks` from the command line, without a journal."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Reflect

SHIPPED = Path(__file__).resolve().parents[2] / "reflect" / "frameworks"


def test_the_shipped_framework_passes_check(reflect: Reflect) -> None:
    result = reflect.ok("frameworks", "check", str(SHIPPED))
    assert result.stdout.strip() == "ok"
    # With no paths, every folder reflect reads: the shipped one here.
    assert reflect.ok("frameworks", "check").stdout.strip() == "ok"
    assert not reflect.journal_path.exists()


def test_check_exits_1_with_a_line_per_problem(
    reflect: Reflect, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'id = "bad"\nversion = 0\ntitle = "Bad"\nsource = "s"\nlicence = "l"\n'
        'shape = "round"\n',
        encoding="utf-8",
    )
    result = reflect("frameworks", "check", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}: there are no [[domains]]",
        f"{bad}:2: 'version' must be a whole number from 1 to 1,000,000",
        f"{bad}:6: unknown field 'shape'",
    ]
    data = json.loads(reflect("frameworks", "check", "--json", str(bad)).stdout)
    assert [p["line"] for p in data] == [None, 2, 6]


def test_list_json_shape(reflect: Reflect) -> None:
    [hee] = json.loads(reflect.ok("frameworks", "list", "--json").stdout)
    assert set(hee) == {
        "id",
        "version",
        "title",
        "source",
        "licence",
        "domains",
        "areas",
        "path",
    }
    assert hee["id"] == "hee-mhpsw-2020"
    assert hee["domains"] == 8
    assert hee["path"].endswith("hee-mhpsw-2020.toml")


def test_show_names_each_area_as_reflect_link_takes_it(reflect: Reflect) -> None:
    text = reflect.ok("frameworks", "show", "hee-mhpsw-2020").stdout
    assert "hee-mhpsw-2020:lived-experience" in text
    assert "Licence: Summarised in our own words" in text
    assert "one lens" in text
    data = json.loads(
        reflect.ok("frameworks", "show", "hee-mhpsw-2020", "--json").stdout
    )
    refs = [a["ref"] for d in data["domains"] for a in d["areas"]]
    assert "hee-mhpsw-2020:self-care" in refs


def test_a_workers_broken_file_is_one_calm_line(
    reflect: Reflect, tmp_path: Path
) -> None:
    own = tmp_path / "config" / "frameworks"
    own.mkdir(parents=True)
    (own / "mine.toml").write_text('id = "mine"\n', encoding="utf-8")
    result = reflect.ok("frameworks", "list")
    assert "hee-mhpsw-2020" in result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith("reflect: A framework file was left out: ")
    assert "mine.toml" in line and "(and 4 more problems)" in line
    assert line.endswith("See: reflect frameworks check")
    missing = reflect("frameworks", "show", "nope")
    assert missing.exit_code == 1
    assert "no framework called 'nope'" in missing.stderr


def test_check_with_no_paths_allows_a_workers_replacement(
    reflect: Reflect, tmp_path: Path
) -> None:
    own = tmp_path / "config" / "frameworks"
    own.mkdir(parents=True)
    text = (SHIPPED / "hee-mhpsw-2020.toml").read_text(encoding="utf-8")
    (own / "hee.toml").write_text(
        text.replace("version = 1", "version = 2"), encoding="utf-8"
    )
    assert reflect.ok("frameworks", "check").stdout.strip() == "ok"
    [hee] = json.loads(reflect.ok("frameworks", "list", "--json").stdout)
    assert hee["version"] == 2 and hee["path"] == str(own / "hee.toml")
