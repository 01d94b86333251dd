"""An organisation's settings file: checked with line numbers, installed with
its packs, and read back by the parts of reflect that use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core import org
from reflect.core.privacy import scan
from reflect.core.supervision import Agreement
from reflect.core.templates import load_library
from tests.orgfiles import GOOD, PACK, left_in, write_org


def test_a_good_file_reads_whole(tmp_path: Path) -> None:
    path = write_org(tmp_path / "given")
    organisation, problems = org.load(path)
    assert problems == []
    assert organisation is not None
    assert organisation.name == "Riverside Peer Network"
    first, second = organisation.crisis
    assert (first.phone, first.hours) == (
        "0808 157 0192",
        "Monday to Friday, 9am to 5pm",
    )
    assert (second.phone, second.text) == ("", "CALLBACK to 01632 960555")
    assert organisation.safeguarding is not None
    assert organisation.safeguarding.procedure.startswith("Follow the safeguarding")
    assert organisation.speak_up == org.SpeakUp(
        "Freedom to Speak Up guardian", "020 7946 0155"
    )
    assert (organisation.supervision_type, organisation.supervision_every) == (
        "group",
        14,
    )
    assert organisation.watch_list == ("Riverside House", "Millbank ward")
    assert organisation.prompts == tmp_path / "given" / "packs"
    assert org.check(path) == []


BROKEN = [
    pytest.param('colour = "blue"\n', [(None, "'name' is missing"),
                 (1, "unknown key 'colour'")], id="no-name-and-a-stray-key"),
    pytest.param('name = "A"\n\n[speak_up]\nname = "G"\ncontcat = "x"\n',
                 [(5, "[speak_up]: unknown key 'contcat'")], id="typo-in-a-table"),
    pytest.param('name = "A"\n[[crisis]]\nname = "L"\nphone = "1"\n'
                 '[[crisis]]\nname = "M"\nhours = "any time"\n',
                 [(5, "[[crisis]] 2: give a 'phone' number or a 'text' code")],
                 id="a-line-with-no-way-to-reach-it"),
    pytest.param('name = 7\n[supervision]\nevery = "monthly"\n',
                 [(1, "'name' must be text"),
                  (3, "'every' must be a whole number of days")], id="wrong-types"),
    pytest.param('name = "A"\nwatch_list = "Ann"\n',
                 [(2, "'watch_list' must be a list")], id="a-word-not-a-list"),
    pytest.param('name = "A\\u001b]0;x"\n', [(1, "control character")],
                 id="a-control-code"),
    pytest.param('name = "A"\nprompts = "../elsewhere"\n',
                 [(2, "no '..'")], id="packs-outside-its-folder"),
    pytest.param('name = "A"\nprompts = "."\n',
                 [(2, "must name a folder")], id="packs-in-the-files-own-folder"),
    pytest.param('name = "A"\nprompts = "missing"\n',
                 [(2, "not there")], id="packs-folder-missing"),
    pytest.param('name = "A"\nname = "B"\n', [(2, "is not valid TOML")],
                 id="not-toml"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_each_problem_has_its_own_line_number(
    tmp_path: Path, text: str, expected: list[tuple[int | None, str]]
) -> None:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    organisation, problems = org.load(path)
    assert organisation is None
    assert [(p.line, p.message) for p in problems] == [
        (line, next(p.message for p in problems if fragment in p.message))
        for line, fragment in expected
    ]
    for problem in problems:
        where = f"{path}:{problem.line}:" if problem.line else f"{path}:"
        assert str(problem).startswith(where)


def test_a_multi_line_procedure_does_not_confuse_the_line_numbers(
    tmp_path: Path,
) -> None:
    text = GOOD.replace("Tell the duty", "name = not a key\nTell the duty").replace(
        'contact = "020 7946 0155"', 'contakt = "020 7946 0155"'
    )
    path = write_org(tmp_path, text)
    [problem] = org.check(path)
    assert problem.line == text.splitlines().index('contakt = "020 7946 0155"') + 1


def test_a_broken_pack_in_its_folder_is_a_problem_too(tmp_path: Path) -> None:
    path = write_org(tmp_path)
    (tmp_path / "packs" / "odd.toml").write_text('id = "odd"\n', encoding="utf-8")
    problems = org.check(path)
    assert problems and all(p.path.name == "odd.toml" for p in problems)


def test_installed_gives_its_lines_back_and_nothing_when_absent(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    assert org.installed(config) is None
    installed, problems = org.install(write_org(tmp_path / "given"), config)
    assert problems == [] and installed is not None
    found = org.installed(config)
    assert found is not None
    assert [line.name for line in found.crisis] == [
        "Riverside staff support line",
        "Out-of-hours on-call manager",
    ]
    assert found.prompts == config / org.ORG_DIR / org.ORG_PROMPTS
    assert [p.name for p in found.pack_files()] == ["team-huddle.toml"]


def test_an_installed_file_that_broke_is_left_out_calmly(tmp_path: Path) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "given"), config)
    with (config / org.ORG_DIR / org.ORG_FILE).open("a", encoding="utf-8") as file:
        file.write("oops = 1\n")
    assert org.installed(config) is None
    found, problems = org.read_installed(config)
    assert found is None and problems
    words = org.broken_words(problems)
    assert "\n" not in words and "carrying on without it" in words


def test_install_refuses_a_broken_file_and_leaves_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config"
    given = write_org(tmp_path / "given", GOOD.replace("name = ", "nmae = ", 1))
    installed, problems = org.install(given, config)
    assert installed is None and problems
    assert left_in(config) == []


def test_install_with_a_broken_pack_keeps_the_old_organisation(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "first"), config)
    before = (config / org.ORG_DIR / org.ORG_FILE).read_bytes()
    second = write_org(tmp_path / "second", GOOD.replace("Riverside", "Hillside"))
    (second.parent / "packs" / "odd.toml").write_text("id = 1\n", encoding="utf-8")
    installed, problems = org.install(second, config)
    assert installed is None and problems
    assert (config / org.ORG_DIR / org.ORG_FILE).read_bytes() == before
    assert left_in(config) == [org.ORG_DIR]
    assert sorted(p.name for p in (config / org.ORG_DIR).iterdir()) == sorted(
        [org.ORG_FILE, org.ORG_PROMPTS]
    )


def test_remove_takes_the_file_and_its_packs(tmp_path: Path) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "given"), config)
    assert org.remove(config) is True
    assert left_in(config) == []
    assert org.remove(config) is False


def test_its_packs_sit_between_reflects_and_the_workers(tmp_path: Path) -> None:
    config = tmp_path / "config"
    given = write_org(
        tmp_path / "given",
        packs={"team-huddle": "Huddle (organisation)", "gibbs": "Gibbs, our way"},
    )
    org.install(given, config)
    library = load_library(org.layer_dirs(config, None, org.installed(config)))
    assert library.get("team-huddle").title == "Huddle (organisation)"
    assert library.get("gibbs").title == "Gibbs, our way"  # over reflect's own
    assert (
        library.sources["team-huddle"].parent == config / org.ORG_DIR / org.ORG_PROMPTS
    )

    own = config / "prompts"
    own.mkdir()
    (own / "team-huddle.toml").write_text(
        PACK.format(id="team-huddle", title="Huddle (mine)"), encoding="utf-8"
    )
    library = load_library(org.layer_dirs(config, None, org.installed(config)))
    assert library.get("team-huddle").title == "Huddle (mine)"
    assert library.sources["team-huddle"] == own / "team-huddle.toml"


def test_its_watch_list_words_are_flagged_with_the_workers(tmp_path: Path) -> None:
    organisation, _ = org.load(write_org(tmp_path))
    words = org.watch_words(("Sam",), organisation)
    assert words == ("Sam", "Riverside House", "Millbank ward")
    text = "Met Sam at riverside house after the ward round."
    assert [f.text for f in scan(text, words)] == ["Sam", "riverside house"]
    assert org.watch_words(("Sam",), None) == ("Sam",)


def test_a_new_agreement_starts_from_the_organisations_defaults(
    tmp_path: Path,
) -> None:
    organisation, _ = org.load(write_org(tmp_path))
    fresh = org.new_agreement(organisation)
    assert (fresh.type, fresh.every_days) == ("group", 14)
    assert org.new_agreement(None) == Agreement()


def test_the_readme_example_is_a_good_file(tmp_path: Path) -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    section = readme.read_text(encoding="utf-8").split(
        "## Your organisation's settings", 1
    )[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "packs").mkdir()
    path = tmp_path / "riverside.toml"
    path.write_text(example, encoding="utf-8")
    organisation, problems = org.load(path)
    assert problems == []
    assert organisation is not None and len(organisation.crisis) == 2
