"""One rule for every command that writes a file the worker names: an
existing file is never replaced unless --force is given, not even one that
appears between reflect's check and its write."""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reflect.core import bundles, supervision
from reflect.core.journal import Journal
from tests.cli.cheap import cheap_access, cheap_journal
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import PASSPHRASE

__all__ = ["cheap_journal"]  # a fixture, used by name

AGREED = "three words agreed face to face"
BUNDLE: dict[str, str | None] = {"REFLECT_BUNDLE_PASSPHRASE": AGREED}
THEIRS = b"a file that was there first"
WRITERS = ("export", "agenda", "share", "feedback", "backup")


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Bundles sealed at a cheap scrypt cost (these tests are about where the
    file goes, not the cipher); the bodies sealed, in order."""
    bodies: list[dict[str, Any]] = []
    real = bundles.seal

    def cheap(body: dict[str, Any], passphrase: str, *_: object) -> bytes:
        bodies.append(body)
        return real(body, passphrase, bundles.KdfParams(n=16))

    monkeypatch.setattr(bundles, "seal", cheap)
    return bodies


@pytest.fixture
def writers(
    cheap_journal: Journal, tmp_path: Path, sealed: list[dict[str, Any]]
) -> dict[str, list[str]]:
    """Each file-writing command, without its -o: one journal that has
    something for every one of them (a note to share, a session record, a
    supervisee's entry with a comment waiting to go back)."""
    journal = cheap_journal
    note = journal.notes.add("A quiet visit").id
    session = journal.supervision.record_session(
        supervision.Session(id="", day=date(2026, 3, 2), start="10:00"), []
    )
    theirs = cheap_access(tmp_path / "worker").create(PASSPHRASE)
    theirs.sharing.set_display_name("Alex")
    plan = theirs.sharing.plan([theirs.notes.add("Shared with you").id])
    theirs.sharing.seal(plan, AGREED)
    theirs.store.close()
    journal.reviewing.import_share(sealed[-1])  # as `receive` does once opened
    [received] = journal.reviewing.received()
    journal.reviewing.add_comment(received, "Thank you")
    journal.store.close()
    return {
        "export": ["export"],
        "agenda": ["agenda"],
        "session show": ["session", "show", session.id[:8]],
        "share": ["share", note[:8], "--as", "Jo"],
        "feedback": ["feedback", "Alex"],
        "backup": ["backup"],
    }


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_writer_refuses_an_existing_file_unless_forced(
    reflect: Reflect,
    writers: dict[str, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flushed = os.fsync
    for name, args in writers.items():
        target = tmp_path / f"{name.replace(' ', '-')}.out"

        target.write_bytes(THEIRS)
        refused = reflect(*args, "-o", str(target), env=BUNDLE)
        assert refused.exit_code == 1, (name, refused.output)
        line = one_line_error(refused, f"{target} already exists", "add --force")
        # Whole sentences, the same for every command: what happened, that
        # nothing was written, and how to replace it after all.
        whole = r"another name\. Nothing was [a-z ]+\. To replace it, add --force\.$"
        assert re.search(whole, line), (name, line)
        assert target.read_bytes() == THEIRS, name

        # Another program makes the file after reflect looked and before it
        # wrote: the temporary file is linked into place, which fails.
        target.unlink()

        def planting(fd: int, target: Path = target) -> None:
            # The new file's bytes are on disk; it is about to get its name.
            if not target.exists():
                target.write_bytes(THEIRS)
            flushed(fd)

        monkeypatch.setattr(os, "fsync", planting)
        raced = reflect(*args, "-o", str(target), env=BUNDLE)
        monkeypatch.setattr(os, "fsync", flushed)
        assert raced.exit_code == 1, (name, raced.output)
        one_line_error(raced, f"{target} already exists")
        assert target.read_bytes() == THEIRS, name

        # --force replaces it (and feedback was still waiting to be sent).
        forced = reflect(*args, "-o", str(target), "--force", env=BUNDLE)
        assert forced.exit_code == 0, (name, forced.output)
        assert target.read_bytes() != THEIRS, name
        assert _mode(target) == 0o600, name
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
        assert leftovers == [], (name, leftovers)

    # The refused bundles were never recorded as sent: only the forced ones.
    journal = cheap_access(reflect.home).open(PASSPHRASE)
    sent = journal.store.conn.execute(
        "SELECT kind FROM bundles WHERE direction = 'out' ORDER BY kind"
    ).fetchall()
    journal.store.close()
    assert [kind for (kind,) in sent] == ["feedback", "share"]


@pytest.mark.parametrize("command", ["export", "backup"])
def test_force_never_writes_over_the_journal_itself(
    reflect: Reflect, cheap_journal: Journal, command: str
) -> None:
    cheap_journal.notes.add("kept")
    cheap_journal.store.close()
    before = reflect.journal_path.read_bytes()
    result = reflect(command, "-o", str(reflect.journal_path), "--force")
    assert result.exit_code == 1
    one_line_error(result, "your journal")
    assert reflect.journal_path.read_bytes() == before


def test_help_states_the_rule() -> None:
    from reflect.cli.main import cli

    commands = [cli.commands[name] for name in WRITERS]
    commands.append(cli.commands["session"].commands["show"])  # type: ignore[attr-defined]
    for command in commands:
        options = {p.name: p for p in command.params}
        assert "never replaced" in (options["force"].help or ""), command.name
