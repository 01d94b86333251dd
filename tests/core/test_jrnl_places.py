"""Where jrnl keeps things, and what reflect says when a config does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.jrnl_config import JrnlSettings, usual_places
from reflect.core.jrnl_files import read_journal
from reflect.core.jrnl_format import NotJrnl

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"


def test_jrnl_files_are_offered_where_jrnl_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert usual_places() == (None, None)

    config = tmp_path / ".config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("journals:\n  default:\n    journal: ~/Documents/j.txt\n")
    elsewhere = tmp_path / "Documents" / "j.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text("[2024-03-04 09:00:00 AM] Hello.\n")
    assert usual_places() == (elsewhere, config), "the config says where"

    usual = tmp_path / ".local" / "share" / "jrnl" / "journal.txt"
    usual.parent.mkdir(parents=True)
    usual.write_text("")
    config.write_text("journals: {broken\n")  # never an error here, just no hint
    assert usual_places() == (usual, config)


def test_a_given_config_whose_layout_does_not_fit_says_so(tmp_path: Path) -> None:
    settings = JrnlSettings(config_file=tmp_path / "jrnl.yaml")
    with pytest.raises(NotJrnl, match="The config gives the layout '%F %r'"):
        read_journal(FIXTURES / "custom.txt", settings)
    with pytest.raises(NotJrnl, match="give reflect jrnl's config file too"):
        read_journal(FIXTURES / "custom.txt")
