"""Replacing the journal file never happens under another open window."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import swap
from tests.conftest import FAST_KDF, PASSPHRASE


@pytest.mark.usefixtures("quick_refusals")
def test_passphrase_change_is_refused_while_another_window_has_it_open(
    access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("written before")
    other_window = access.open(PASSPHRASE)  # e.g. the app, still open
    with pytest.raises(ReflectError, match="open in another reflect"):
        swap.change_passphrase(journal.store, "a brand new passphrase")
    # The other window keeps writing into the real journal, and nothing is lost.
    other_window.notes.add("written after")
    other_window.store.close()
    journal.store.close()
    reopened = access.open(PASSPHRASE)
    assert sorted(e.title for e in reopened.entries.page()) == [
        "written after",
        "written before",
    ]
    reopened.store.close()


@pytest.mark.usefixtures("quick_refusals")
def test_restore_is_refused_while_another_window_has_it_open(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    dest = storage.backup(journal.store, tmp_path / "copy.db")
    other_window = access.open(PASSPHRASE)
    with pytest.raises(ReflectError, match="open in another reflect"):
        swap.restore(journal.store, dest)
    other_window.store.close()
    restored, _aside = swap.restore(journal.store, dest)
    restored.close()


def test_restore_refuses_a_backup_of_another_journal_unless_asked(
    tmp_path: Path, journal: Journal
) -> None:
    other = JournalAccess(JournalPaths(tmp_path / "other"), kdf_iter=FAST_KDF)
    stranger = other.create(PASSPHRASE)  # same passphrase, different journal
    stranger.notes.add("not mine")
    dest = storage.backup(stranger.store, tmp_path / "theirs.db")
    stranger.store.close()
    with pytest.raises(ReflectError, match="different journal"):
        swap.restore(journal.store, dest)
    restored, _aside = swap.restore(journal.store, dest, other_journal=True)
    assert Journal(restored).entries.page()[0].title == "not mine"
    restored.close()


def test_backup_into_an_existing_folder_leaves_its_permissions_alone(
    tmp_path: Path, journal: Journal
) -> None:
    shared = tmp_path / "usb"
    shared.mkdir()
    os.chmod(shared, 0o755)
    storage.backup(journal.store, shared / "copy.db")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "copy.db").stat().st_mode) == 0o600
    made = storage.backup(journal.store, tmp_path / "new" / "deeper" / "copy.db")
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
