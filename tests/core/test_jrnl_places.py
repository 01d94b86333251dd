"""Where jrnl keeps things, and what reflect says when a config does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.jrnl.config import JrnlSettings, read_config, usual_places
from reflect.core.jrnl.files import read_journal
from reflect.core.jrnl.format import NotJrnl
from reflect.core.places import Places

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"


def test_jrnl_files_are_offered_where_jrnl_keeps_them(tmp_path: Path) -> None:
    here = Places(user_home=tmp_path)  # no XDG variables: jrnl's defaults
    assert usual_places(here) == (None, None)

    config = tmp_path / ".config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("journals:\n  default:\n    journal: ~/Documents/j.txt\n")
    elsewhere = tmp_path / "Documents" / "j.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text("[2024-03-04 09:00:00 AM] Hello.\n")
    assert usual_places(here) == (elsewhere, config), "the config says where"

    usual = tmp_path / ".local" / "share" / "jrnl" / "journal.txt"
    usual.parent.mkdir(parents=True)
    usual.write_text("")
    config.write_text("journals: {broken\n")  # never an error here, just no hint
    assert usual_places(here) == (usual, config)


def test_a_given_config_whose_layout_does_not_fit_says_so(tmp_path: Path) -> None:
    settings = JrnlSettings(config_file=tmp_path / "jrnl.yaml")
    with pytest.raises(NotJrnl, match="The config gives the layout '%F %r'"):
        read_journal(FIXTURES / "custom.txt", settings)
    with pytest.raises(NotJrnl, match="give reflect jrnl's config file too"):
        read_journal(FIXTURES / "custom.txt")


def test_jrnl_is_looked_for_by_the_places_given_not_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI looks at the environment once; core uses what it was handed."""
    decoy = tmp_path / "process"
    for folder in ("data", "config"):
        (decoy / folder / "jrnl").mkdir(parents=True)
    (decoy / "data" / "jrnl" / "journal.txt").write_text("")
    (decoy / "config" / "jrnl" / "jrnl.yaml").write_text("encrypt: false\n")
    monkeypatch.setenv("HOME", str(decoy))
    monkeypatch.setenv("XDG_DATA_HOME", str(decoy / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(decoy / "config"))
    monkeypatch.setenv("JOURNALS", str(decoy / "data"))
    assert usual_places(Places()) == (None, None), "nothing handed in: nowhere"

    given = tmp_path / "given"
    env = {
        "XDG_DATA_HOME": str(given / "data"),
        "XDG_CONFIG_HOME": str(given / "config"),
        "JOURNALS": str(given / "kept"),
    }
    here = Places(user_home=tmp_path / "no-home", env=env)
    config = given / "config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(
        "journals:\n  default: $JOURNALS/mine.txt\n"
        "  work:\n    journal: ${JOURNALS}/work.txt\n    tagsymbols: +\n"
    )
    assert usual_places(here) == (None, config)
    mine = given / "kept" / "mine.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("")
    assert usual_places(here) == (mine, config), "$JOURNALS from the mapping"

    work = read_config(config, given / "kept" / "work.txt", places=here)
    assert work.tagsymbols == "+", "${JOURNALS} from the mapping"
    there = read_config(config, decoy / "data" / "work.txt", places=here)
    assert there.tagsymbols == "#@", "not this process's $JOURNALS"


def test_a_config_path_reads_as_jrnl_reads_it(tmp_path: Path) -> None:
    """`~` is the home handed in; an unset `$VAR` stays as written."""
    here = Places(user_home=tmp_path, env={"A": "x"})
    assert here.expand("~/j.txt") == tmp_path / "j.txt"
    assert here.expand("~") == tmp_path
    assert here.expand("$A/${A}/$UNSET/${}/$") == Path("x/x/$UNSET/${}/$")
    assert Places().expand("~/j.txt") == Path("~/j.txt"), "no home: as written"
    assert here.tilde(tmp_path / "a" / "b.txt") == "~/a/b.txt"
    assert Places().tilde(tmp_path / "b.txt") == str(tmp_path / "b.txt")


def test_a_doubled_slash_after_the_tilde_stays_in_the_home_folder(
    tmp_path: Path,
) -> None:
    """`~//j.txt` is the home folder's j.txt to jrnl (`os.path.expanduser`
    keeps the path under home), never `/j.txt` at the root of the disk."""
    here = Places(user_home=tmp_path)
    assert here.expand("~//journals//j.txt") == tmp_path / "journals" / "j.txt"
    assert here.expand("~//") == tmp_path
