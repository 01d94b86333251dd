"""`reflect agenda`, `reflect sessions`, `reflect session show`: end to end."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from reflect.core import supervision
from reflect.core.access import JournalAccess
from reflect.core.export.agenda import LABEL
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect, entry_ids, one_line_error

SCRIPT = "<script>alert(1)</script>"


def test_agenda_in_a_fresh_journal_to_standard_output(reflect: Reflect) -> None:
    reflect.ok("init")
    reflect.ok("note", "The group ran over again", "--ask", f"Endings {SCRIPT}")
    result = reflect.ok("agenda")
    assert result.stdout.startswith("# Supervision agenda — ")
    # Not prepared yet: what was flagged waits, with no time made up for it.
    assert "## Also marked to bring" in result.stdout
    assert "- The group ran over again: Endings \\<script>" in result.stdout
    assert result.stdout.endswith(f"*{LABEL}*\n")
    assert result.stderr == ""


def test_agenda_html_is_one_safe_page(reflect: Reflect, seeded: Journal) -> None:
    seeded.notes.add(SCRIPT, for_supervision=True, ask="<img src=x onerror=alert(1)>")
    seeded.store.close()
    page = reflect.ok("agenda", "--format", "html").stdout
    assert page.startswith("<!doctype html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for banned in ("<script", "<img", "http", "<link"):
        assert banned not in page


def test_agenda_to_a_file_is_owner_only_and_says_so(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    seeded.notes.add("Bring this", for_supervision=True)
    seeded.store.close()
    printed = reflect.ok("agenda").stdout
    out = tmp_path / "agenda.md"
    result = reflect.ok("agenda", "-o", str(out))
    assert result.stdout == ""
    assert "NOT encrypted" in result.stderr and str(out) in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8") == printed
    html_out = tmp_path / "agenda.html"
    reflect.ok("agenda", "--format", "html", "-o", str(html_out))
    assert html_out.read_text(encoding="utf-8").startswith("<!doctype html>")


ROOT = os.geteuid() == 0


@pytest.mark.parametrize(
    "where",
    [
        "missing/agenda.md",
        "a-folder",
        pytest.param(
            "locked/agenda.md",
            marks=pytest.mark.skipif(ROOT, reason="root can write anywhere"),
        ),
    ],
)
def test_an_unwritable_path_fails_in_one_line_and_changes_nothing(
    reflect: Reflect,
    seeded: Journal,
    cli_access: JournalAccess,
    tmp_path: Path,
    where: str,
) -> None:
    seeded.notes.add("Bring this", for_supervision=True)
    seeded.store.close()
    before = entry_ids(cli_access)
    (tmp_path / "a-folder").mkdir()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    listing = sorted(p.name for p in tmp_path.iterdir())
    try:
        target = tmp_path / where
        result = reflect("agenda", "-o", str(target))
        assert result.exit_code == 1
        one_line_error(result, "could not write", str(target))
        assert result.stdout == ""
        assert not target.is_file()
        assert list(locked.iterdir()) == []
        assert list((tmp_path / "a-folder").iterdir()) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == listing
    finally:
        locked.chmod(0o700)
    assert entry_ids(cli_access) == before


def record(journal: Journal) -> supervision.Session:
    return journal.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 2),
            start="10:00",
            end="11:00",
            items=(supervision.SessionItem("Endings", summary=SCRIPT),),
        ),
        [("Draft an ending plan", "me", date(2026, 3, 20))],
    )


def test_sessions_list_and_show(reflect: Reflect, seeded: Journal) -> None:
    session = record(seeded)
    seeded.store.close()
    [row] = json.loads(reflect.ok("sessions", "--json").stdout)
    assert row["id"] == session.id and row["day"] == "2026-03-02"
    assert reflect.ok("sessions").stdout.startswith(f"{session.id[:8]}  2026-03-02")
    shown = reflect.ok("session", "show", session.id[:8]).stdout
    assert shown.startswith("# Supervision record — 2 March 2026")
    assert "- Open: Draft an ending plan (me, by 20 March 2026)" in shown
    assert "\\<script>" in shown and shown.endswith(f"*{LABEL}*\n")
    page = reflect.ok("session", "show", session.id, "--format", "html").stdout
    assert page.startswith("<!doctype html>") and "<script" not in page


def test_an_unknown_session_is_one_line(reflect: Reflect, seeded: Journal) -> None:
    seeded.store.close()
    result = reflect("session", "show", "ffff")
    assert result.exit_code == 1
    one_line_error(result, "no session record", "ffff")
    empty = reflect.ok("sessions")
    assert empty.stdout == "" and "No session records yet." in empty.stderr
