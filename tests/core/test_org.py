"""An organisation's settings file: checked with line numbers, installed with
its packs, and read back by the parts of reflect that use it."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reflect.core import org
from reflect.core.privacy import scan
from reflect.core.store import locks
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
    pytest.param('name = "A"\nwatch_list = ["a", "12", "Ann", "ok"]\n',
                 [(2, "at least 3 characters and a letter, or they flag almost "
                      "everything: 'a', '12', 'ok'")],
                 id="watch-words-that-would-flag-everything"),
    pytest.param('name = "A"\n[safeguarding]\nprocedure = ""\ncontact = " "\n',
                 [(3, "[safeguarding]: 'procedure' is empty"),
                  (4, "[safeguarding]: 'contact' is empty")],
                 id="empty-safeguarding"),
    pytest.param('name = "A"\n[speak_up]\nname = ""\ncontact = ""\n',
                 [(3, "[speak_up]: 'name' is empty"),
                  (4, "[speak_up]: 'contact' is empty")], id="empty-speak-up"),
    pytest.param('name = "A"\n[[crisis]]\nname = "L"\nphone = "0808 157 O192"\n'
                 'text = "hello"\n',
                 [(4, "[[crisis]] 1: 'phone' must be a number"),
                  (5, "[[crisis]] 1: 'text' must say what to send and where")],
                 id="a-letter-o-for-a-zero"),
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


def test_an_installed_number_that_no_longer_passes_the_checks_is_still_shown(
    tmp_path: Path,
) -> None:
    # How a number is written is checked before it is installed; once there,
    # a number edited by hand (or a check added later) never takes the
    # organisation's lines off the support page.
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "given"), config)
    installed = config / org.ORG_DIR / org.ORG_FILE
    edited = installed.read_text(encoding="utf-8").replace(
        '"0808 157 0192"', '"0808 157 0192, option 2"'
    )
    # A key added by hand, or one a later reflect knows, is passed over too.
    installed.write_text(f'colour = "teal"\n{edited}', encoding="utf-8")
    found = org.installed(config)
    assert found is not None
    assert found.crisis[0].phone == "0808 157 0192, option 2"
    assert found.name == "Riverside Peer Network"
    assert org.check(installed)  # a file given to install is still held to them


def test_an_installed_file_that_broke_is_left_out_calmly(tmp_path: Path) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "given"), config)
    with (config / org.ORG_DIR / org.ORG_FILE).open("a", encoding="utf-8") as file:
        file.write("oops = \n")  # no longer TOML at all
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


def test_a_file_notepad_saved_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    path = write_org(tmp_path / "given")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    organisation, problems = org.load(path)
    assert problems == [] and organisation is not None
    assert organisation.name == "Riverside Peer Network"
    assert org.install(path, tmp_path / "config")[0] is not None
    assert org.installed(tmp_path / "config") is not None


def _packs_of(config: Path) -> tuple[str, list[str]] | None:
    """The installed organisation's name and its packs' ids, as the prompt
    layers see them."""
    found = org.installed(config)
    if found is None:
        return None
    library = load_library(org.layer_dirs(config, None, found))
    return found.name, sorted(
        i for i, src in library.sources.items() if src.parent == found.prompts
    )


RIVERSIDE = ("Riverside Peer Network", ["team-huddle"])
HILLSIDE = ("Hillside Peer Network", ["hill-huddle"])


class _Killed(BaseException):
    """Stands for the process being killed: nothing after it runs."""


@pytest.mark.parametrize("legacy", [False, True], ids=["installed", "older-layout"])
def test_a_kill_at_any_step_leaves_one_organisation_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, legacy: bool
) -> None:
    first = write_org(tmp_path / "first")
    second = write_org(
        tmp_path / "second",
        GOOD.replace("Riverside Peer", "Hillside Peer"),
        packs={"hill-huddle": "Hill huddle"},
    )
    real_replace, real_discard = org.os.replace, org._discard
    step = 0
    while True:
        step += 1
        config = tmp_path / f"config-{step}"
        if legacy:  # as an older reflect left it
            config.mkdir()
            (config / org.ORG_FILE).write_bytes(first.read_bytes())
            shutil.copytree(first.parent / "packs", config / org.LEGACY_PROMPTS)
        else:
            org.install(first, config)
        assert _packs_of(config) == RIVERSIDE
        calls = 0
        killed = False

        def counted(real: Callable[..., None], at: int = step) -> Callable[..., None]:
            def step_or_die(*args: Any) -> None:
                nonlocal calls, killed
                if killed:
                    return  # a killed process runs no clean-up
                calls += 1
                if calls == at:
                    killed = True
                    raise _Killed
                real(*args)

            return step_or_die

        monkeypatch.setattr(org.os, "replace", counted(real_replace))
        monkeypatch.setattr(org, "_discard", counted(real_discard))
        with contextlib.suppress(_Killed):
            org.install(second, config)
        monkeypatch.setattr(org.os, "replace", real_replace)
        monkeypatch.setattr(org, "_discard", real_discard)
        after = _packs_of(config)
        assert after in (RIVERSIDE, HILLSIDE), f"killed at step {step}: {after}"
        org.tidy(config)  # what the next `reflect org show` does first
        assert _packs_of(config) == after
        whole = [[org.ORG_DIR]]
        if legacy:  # killed before the new folder was in: the old files stay
            whole.append(sorted([org.ORG_FILE, org.LEGACY_PROMPTS]))
        assert left_in(config) in whole, f"killed at step {step}"
        if not killed:
            assert after == HILLSIDE
            break
    assert step >= 3


def test_an_install_waits_for_another_and_then_refuses_calmly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "first"), config)
    monkeypatch.setattr(locks, "SWAP_WAIT_SECONDS", 0.05)
    held = locks.take_exclusive(config / org.ORG_DIR)
    try:
        second = write_org(tmp_path / "second", GOOD.replace("Riverside", "Hill"))
        with pytest.raises(org.OrgError, match="another reflect is installing"):
            org.install(second, config)
        with pytest.raises(org.OrgError, match="another reflect is installing"):
            org.remove(config)
    finally:
        locks.release(held)
    assert _packs_of(config) == RIVERSIDE


def test_packs_are_left_out_with_a_file_that_broke(tmp_path: Path) -> None:
    config = tmp_path / "config"
    org.install(write_org(tmp_path / "given"), config)
    installed_file = config / org.ORG_DIR / org.ORG_FILE
    installed_file.write_text('name="x"\nphnoe=1\n', encoding="utf-8")
    library = load_library(org.layer_dirs(config, None, org.installed(config)))
    assert "team-huddle" not in library.packs


def test_an_older_install_still_reads_and_is_tidied_by_the_next(
    tmp_path: Path,
) -> None:
    first = write_org(tmp_path / "first")
    config = tmp_path / "config"
    config.mkdir()
    (config / org.ORG_FILE).write_bytes(first.read_bytes())
    shutil.copytree(first.parent / "packs", config / org.LEGACY_PROMPTS)
    assert _packs_of(config) == RIVERSIDE
    assert org.remove(config) is True
    assert left_in(config) == []
