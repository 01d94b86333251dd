"""`reflect agenda` and `reflect session show` run the privacy scan.

Going to a file or a pipe, a finding stops the words until the worker says
`--accept-findings`; on a terminal the page is shown and the findings follow.
Own recovery stays off the agenda unless the agreement lets it go.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reflect.cli import common as cli_common
from reflect.core import supervision
from reflect.core.export.agenda import KEPT_LABEL, LABEL
from reflect.core.journal import Journal
from reflect.core.templates import load_library, shipped_dir
from tests.cli.conftest import Reflect

FOUND = "'Dylan' looks like a name on your watch list"


def watching_dylan(journal: Journal) -> None:
    prefs = journal.preferences.load()
    journal.preferences.save(replace(prefs, watch_list=("Dylan",)))


def test_a_flagged_agenda_is_written_or_piped_only_when_accepted(
    reflect: Reflect,
    seeded: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watching_dylan(seeded)
    seeded.notes.add("Walked with Dylan to the bus", for_supervision=True)
    seeded.checkins.save(
        load_library([shipped_dir()]).get("wellbeing"), {"energy": 3, "recovery": 2}
    )
    seeded.store.close()
    out = tmp_path / "agenda.md"

    refused = reflect("agenda", "-o", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert FOUND in refused.stderr and "--accept-findings" in refused.stderr
    assert "nothing was written" in refused.stderr

    piped = reflect("agenda")  # CliRunner's standard output is no terminal
    assert piped.exit_code == 1 and piped.stdout == ""
    assert FOUND in piped.stderr and "nothing was printed" in piped.stderr

    written = reflect.ok("agenda", "-o", str(out), "--accept-findings")
    assert FOUND in written.stderr and "NOT encrypted" in written.stderr
    text = out.read_text(encoding="utf-8")
    # Kept by choice: the label says so, not that names were left out.
    assert "Walked with Dylan" in text and text.endswith(f"*{KEPT_LABEL}*\n")
    assert LABEL not in text
    assert "Energy 3 (getting by)" in text and "Recovery" not in text
    assert reflect.ok("agenda", "--accept-findings").stdout == text

    # On a terminal the worker is only looking: the page, then the findings.
    monkeypatch.setattr(cli_common, "stdout_is_terminal", lambda: True)
    shown = reflect.ok("agenda", "--format", "html")
    assert "Walked with Dylan" in shown.stdout and KEPT_LABEL in shown.stdout
    assert shown.stderr.splitlines()[0].startswith("The privacy scan found 1 detail")
    assert FOUND in shown.stderr


def test_a_flagged_session_record_is_written_only_when_accepted(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    watching_dylan(seeded)
    record = seeded.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 1),
            items=(supervision.SessionItem("Walks", "Dylan seemed brighter"),),
        ),
        [],
    )
    seeded.store.close()
    out = tmp_path / "record.html"
    args = ("session", "show", record.id[:8], "--format", "html", "-o", str(out))

    refused = reflect(*args)
    assert refused.exit_code == 1 and not out.exists()
    assert "Item 1's summary: " + FOUND in refused.stderr
    assert reflect("session", "show", record.id[:8]).exit_code == 1  # piped

    reflect.ok(*args, "--accept-findings")
    page = out.read_text(encoding="utf-8")
    assert "Dylan seemed brighter" in page and f"<em>{KEPT_LABEL}</em>" in page
