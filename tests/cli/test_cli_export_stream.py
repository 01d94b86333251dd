"""`reflect export -o` streams into its file: the same bytes as standard
output, a progress bar only on a terminal, and one calm line in a pipe."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reflect.cli import data as cli_data
from reflect.core.export.entries import export_to_file
from reflect.core.journal import Journal
from tests.cli.cheap import cheap_journal
from tests.cli.conftest import Reflect

__all__ = ["cheap_journal"]  # a fixture, used by name


class Screen(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


def _fill(journal: Journal) -> None:
    for n in range(7):
        entry = journal.notes.add(f"Visit {n}: <not a tag>\nsecond line", tags=["team"])
        if n % 3 == 0:
            journal.entries.set_private_note(entry.id, f"only mine {n}")
    journal.store.close()


def test_a_file_export_holds_what_standard_output_shows(
    reflect: Reflect,
    cheap_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fill(cheap_journal)
    monkeypatch.setattr(cli_data, "_BAR_FROM", 1)  # a pipe never gets one anyway
    for fmt, name in (("json", "export.json"), ("markdown", "export.md")):
        out = tmp_path / name
        written = reflect.ok("export", "--format", fmt, "-o", str(out))
        assert written.stderr.count("\n") == 1, written.stderr  # no bar in a pipe
        assert written.stderr.startswith(f"Wrote 7 entries to {out}.")
        printed = reflect.ok("export", "--format", fmt).stdout
        text = out.read_text("utf-8")
        if fmt == "json":
            assert json.loads(text)["entries"] == json.loads(printed)["entries"]
        else:
            assert text == printed
        assert "only mine 3" in text


def test_a_long_export_draws_a_bar_on_a_terminal_only(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        journal.notes.add(f"note {n}")
    monkeypatch.setattr(cli_data, "_BAR_FROM", 2)
    monkeypatch.setenv("NO_COLOR", "1")
    screen = Screen()
    monkeypatch.setattr(sys, "stderr", screen)
    with cli_data._progress(journal) as step:
        assert step is not None
        export_to_file(journal, tmp_path / "a.json", progress=step)
    drawn = screen.getvalue()
    assert "Exporting" in drawn and "100%" in drawn and "\r" in drawn
    assert "\x1b" not in drawn  # NO_COLOR: no cursor codes either

    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with cli_data._progress(journal) as step:
        assert step is None
    assert pipe.getvalue() == ""
