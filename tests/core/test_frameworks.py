"""Competence frameworks as files: the shipped one, broken ones, layering.

A worker's portfolio is only as good as the file its areas come from, so a
broken file must be named line by line (never crash the app), and a
worker's or organisation's own copy must be able to stand in for the
shipped one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core import frameworks, org
from reflect.core.frameworks import check_paths, load_framework, load_frameworks
from reflect.core.templates import shipped_dir as packs_dir
from tests.orgfiles import GOOD, write_org

SHIPPED = frameworks.shipped_dir() / "hee-mhpsw-2020.toml"
REQUIRED = {
    "values-principles",
    "lived-experience",
    "mutuality",
    "difference",
    "safeguarding",
    "self-care",
    "using-supervision",
    "self-reflection",
    "rights",
    "teams",
}

SMALL = """\
id = "mine"
version = 2
title = "My own lens"
source = "Written by me"
licence = "Mine"

[[domains]]
id = "practice"
title = "Practice"

[[domains.areas]]
id = "self-care"
title = "Looking after myself"
description = "My own words for it."
"""


def test_the_shipped_framework_loads_with_its_eight_domains() -> None:
    framework, problems = load_framework(SHIPPED)
    assert problems == []
    assert framework is not None
    assert framework.id == "hee-mhpsw-2020"
    assert len(framework.domains) >= 8
    # The organisational domain describes employers, not a worker: left out,
    # and the file says so.
    assert not any("organisation" in d.title.lower() for d in framework.domains)
    assert "organisational competences are left out" in framework.note
    assert "one lens" in framework.note
    ids = [area.id for _, area in framework.areas()]
    assert set(ids) >= REQUIRED
    assert len(ids) == len(set(ids))
    assert framework.source.endswith("Health Education England and NCCMH, October 2020")
    assert framework.licence == (
        "Summarised in our own words; see the published framework for the full "
        "competences."
    )
    # Suggestions name packs that exist.
    packs = {p.stem for p in packs_dir().glob("*.toml")}
    named = {pack for _, area in framework.areas() for pack in area.packs}
    assert named <= packs
    assert "sharing-lived-experience" in framework.area("lived-experience")[1].packs


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_file_gives_one_line_per_problem_with_its_line(
    tmp_path: Path,
) -> None:
    broken = SMALL.replace('id = "mine"', 'id = "Mine Own"').replace(
        'title = "Practice"', 'title = "  "\ncolour = "blue"'
    ) + (
        '\n[[domains.areas]]\nid = "self-care"\ntitle = "Again"\n'
        'description = "Twice."\ntags = ["Not An Id"]\n'
    )
    path = _write(tmp_path, "broken.toml", broken)
    problems = [str(p) for p in check_paths([path])]
    assert problems == [
        f"{path}:1: id 'Mine Own' may only use lower-case letters, digits and dashes",
        f"{path}:9: domain 'practice': 'title' is empty",
        f"{path}:10: domain 'practice': unknown field 'colour'",
        f"{path}:18: area 'self-care': this area id is used twice (first at line 13)",
        f"{path}:21: area 'self-care': 'tags' must be a list of at most 40 ids in "
        "lower-case letters, digits and dashes",
    ]


DOMAIN = """
[[domains]]
id = "practice"
title = "Again"

[[domains.areas]]
id = "other"
title = "Other"
description = "Another area."
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SMALL.replace("version = 2", "version = 2\nversion = 3"),
            ":3: is not valid TOML",
        ),
        (SMALL.replace('title = "My own lens"\n', ""), ": 'title' is missing"),
        (SMALL + DOMAIN, ":17: domain 'practice': this domain id is used twice"),
        (
            SMALL.replace(
                'description = "My own words for it."', 'description = "bad\\u0007"'
            ),
            ":14: area 'self-care': 'description' holds a control character",
        ),
        ("x" * (frameworks.MAX_FRAMEWORK_BYTES + 1), ": is too large"),
    ],
    ids=["toml", "missing", "duplicate-domain", "control", "too-large"],
)
def test_each_kind_of_problem_is_named(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _write(tmp_path, "f.toml", text)
    problems = [str(p) for p in check_paths([path])]
    assert len(problems) == 1, problems
    assert problems[0].startswith(str(path))
    assert expected in problems[0]


def test_a_broken_file_is_skipped_and_the_rest_still_load(tmp_path: Path) -> None:
    own = tmp_path / "config" / "frameworks"
    _write(own, "broken.toml", 'id = "x"\nversion = = 1\n')
    library = load_frameworks(frameworks.layer_dirs(tmp_path / "config"))
    assert "hee-mhpsw-2020" in library.frameworks
    assert len(library.problems) == 1
    assert "broken.toml:2: is not valid TOML" in library.problems[0]


def test_the_workers_file_with_the_same_id_replaces_the_shipped_one(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    own = SMALL.replace('id = "mine"', 'id = "hee-mhpsw-2020"')
    path = _write(config / "frameworks", "hee.toml", own)
    _write(config / "frameworks", "mine.toml", SMALL)
    library = load_frameworks(frameworks.layer_dirs(config))
    assert library.problems == ()
    replaced = library.get("hee-mhpsw-2020")
    assert replaced.title == "My own lens"
    assert library.sources["hee-mhpsw-2020"] == path
    assert sorted(library.frameworks) == ["hee-mhpsw-2020", "mine"]


def test_two_files_in_one_folder_with_one_id_keep_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "frameworks"
    first = _write(folder, "a.toml", SMALL)
    _write(folder, "b.toml", SMALL.replace("My own lens", "Another"))
    library = load_frameworks([folder])
    assert library.get("mine").title == "My own lens"
    assert library.sources["mine"] == first
    assert len(library.problems) == 1 and "b.toml" in library.problems[0]
    assert len(check_paths([folder])) == 1


def test_an_organisations_frameworks_sit_between_reflects_and_the_workers(
    tmp_path: Path,
) -> None:
    given = write_org(
        tmp_path / "given", GOOD.replace('prompts = "packs"', 'frameworks = "lenses"')
    )
    theirs = SMALL.replace('id = "mine"', 'id = "hee-mhpsw-2020"').replace(
        "My own lens", "Ours"
    )
    _write(given.parent / "lenses", "ours.toml", theirs)
    assert org.check(given) == []
    config = tmp_path / "config"
    installed, problems = org.install(given, config)
    assert problems == [] and installed is not None
    copied = config / org.ORG_DIR / org.ORG_FRAMEWORKS / "ours.toml"
    assert copied.is_file()
    assert any(
        "Competence frameworks: ours" in line for line in org.describe(installed)
    )
    library = load_frameworks(org.framework_layers(config, installed))
    assert library.get("hee-mhpsw-2020").title == "Ours"
    assert library.sources["hee-mhpsw-2020"] == copied
    # The worker's own copy comes first.
    _write(config / "frameworks", "hee.toml", theirs.replace("Ours", "Mine"))
    library = load_frameworks(org.framework_layers(config, org.installed(config)))
    assert library.get("hee-mhpsw-2020").title == "Mine"
    # Without an organisation (or with its file broken) only two layers.
    assert len(org.framework_layers(config, None)) == 2


def test_an_organisations_broken_framework_is_refused_at_install(
    tmp_path: Path,
) -> None:
    given = write_org(
        tmp_path / "given", GOOD.replace('prompts = "packs"', 'frameworks = "lenses"')
    )
    bad = _write(
        given.parent / "lenses", "bad.toml", SMALL.replace("version = 2", "version = 0")
    )
    installed, problems = org.install(given, tmp_path / "config")
    assert installed is None
    assert [str(p) for p in problems] == [
        f"{bad}:2: 'version' must be a whole number from 1 to 1,000,000"
    ]
    assert [str(p) for p in org.check(given)] == [str(p) for p in problems]
