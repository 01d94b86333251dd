"""The journal as a file: encryption, refusals, permissions, backups, restore.

Every test uses a real SQLCipher file in tmp_path; nothing is mocked.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from reflect.core import migrations
from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import (
    BadPassphrase,
    CannotOpen,
    JournalExists,
    NoJournal,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import database, swap
from tests.conftest import FAST_KDF, PASSPHRASE

SECRET = "Zanzibar-marmalade-7731 felt heavy after the visit"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _texts(journal: Journal) -> list[str]:
    return [e.text for e in journal.entries.iter_all()]


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{s}") for s in ("-wal", "-shm") if Path(f"{path}{s}").exists()]


# ---- encryption --------------------------------------------------------


def test_encrypted_journal_is_not_readable_as_sqlite(
    access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add(SECRET)
    journal.store.close()

    data = access.path.read_bytes()
    assert not data.startswith(storage.SQLITE_HEADER)
    assert SECRET.encode() not in data
    plain = sqlite3.connect(access.path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()


def test_note_text_never_reaches_disk_in_the_clear(
    access: JournalAccess, journal: Journal
) -> None:
    """Also while open: the write-ahead log is encrypted too."""
    journal.notes.add(SECRET)
    files = [access.path, *_side_files(access.path)]
    assert len(files) > 1, "expected a WAL beside the open journal"
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path.name


def test_wrong_passphrase_names_both_causes_and_changes_nothing(
    access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("before")
    journal.store.close()
    assert _side_files(access.path) == []
    before = access.path.read_bytes()

    with pytest.raises(WrongPassphrase) as caught:
        access.open("not the passphrase")

    message = str(caught.value)
    assert "passphrase is wrong" in message and "damaged" in message
    assert str(access.path) in message
    assert access.path.read_bytes() == before
    assert _side_files(access.path) == []
    assert _texts(access.open(PASSPHRASE)) == ["before"]


def test_missing_passphrase_for_encrypted_journal_is_refused(
    access: JournalAccess, journal: Journal
) -> None:
    journal.store.close()
    assert access.needs_passphrase()
    with pytest.raises(WrongPassphrase):
        access.open(None)


def test_passphrase_with_quotes_is_used_whole(
    access: JournalAccess, journal: Journal
) -> None:
    """Quotes must not end the SQL literal early and truncate the key."""
    journal.notes.add("quoted")
    journal.store.close()
    for near_miss in ("a quiet ", "a quiet 'walk", PASSPHRASE.replace('"', "")):
        with pytest.raises(WrongPassphrase):
            access.open(near_miss)
    assert _texts(access.open(PASSPHRASE)) == ["quoted"]


def test_empty_passphrase_is_refused_and_nothing_created(access: JournalAccess) -> None:
    for bad in ("", "pass\x00word"):
        with pytest.raises(BadPassphrase):
            access.create(bad)
    assert not access.path.exists()
    leftovers = (
        list(access.path.parent.glob("*")) if access.path.parent.exists() else []
    )
    assert leftovers == []


def test_create_never_overwrites(access: JournalAccess, journal: Journal) -> None:
    journal.notes.add("keep me")
    journal.store.close()
    before = access.path.read_bytes()
    with pytest.raises(JournalExists):
        access.create("another passphrase")
    with pytest.raises(JournalExists):
        access.create(None)
    assert access.path.read_bytes() == before
    assert sorted(p.name for p in access.path.parent.iterdir()) == [
        ".journal.db.lock",
        "journal.db",
    ]


def test_open_without_journal_says_so(access: JournalAccess) -> None:
    with pytest.raises(NoJournal) as caught:
        access.open(PASSPHRASE)
    assert str(access.path) in str(caught.value)
    assert not access.path.exists()


def test_plain_sqlite_that_is_not_a_journal_is_refused_untouched(
    access: JournalAccess,
) -> None:
    access.path.parent.mkdir(parents=True)
    other = sqlite3.connect(access.path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    before = access.path.read_bytes()

    with pytest.raises(CannotOpen, match="not a reflect journal"):
        access.open(None)
    assert access.path.read_bytes() == before


def test_unencrypted_journal_is_plain_sqlite(access: JournalAccess) -> None:
    journal = access.create(None)
    journal.notes.add("open book")
    journal.store.close()
    assert access.path.read_bytes().startswith(storage.SQLITE_HEADER)
    assert not access.needs_passphrase()
    assert _texts(access.open(None)) == ["open book"]


def test_folder_and_files_are_private(access: JournalAccess, journal: Journal) -> None:
    journal.notes.add("private")
    assert _mode(access.paths.home) == 0o700
    assert _mode(access.path) == 0o600
    backup = storage.backup_to_folder(journal.store, access.paths.backups)
    assert _mode(access.paths.backups) == 0o700
    assert _mode(backup) == 0o600


# ---- backups -----------------------------------------------------------


def test_backup_is_encrypted_copy_that_opens_with_the_passphrase(
    tmp_path: Path, journal: Journal
) -> None:
    journal.notes.add(SECRET)
    dest = storage.backup(journal.store, tmp_path / "copy.db")
    data = dest.read_bytes()
    assert not data.startswith(storage.SQLITE_HEADER)
    assert SECRET.encode() not in data
    assert _side_files(dest) == []
    with pytest.raises(WrongPassphrase):
        storage.open_journal(dest, "wrong", kdf_iter=FAST_KDF)
    store = storage.open_journal(dest, PASSPHRASE, kdf_iter=FAST_KDF)
    try:
        assert _texts(Journal(store)) == [SECRET]
    finally:
        store.close()


def test_backup_never_overwrites(tmp_path: Path, journal: Journal) -> None:
    dest = tmp_path / "copy.db"
    dest.write_bytes(b"precious")
    with pytest.raises(ReflectError, match="already exists"):
        storage.backup(journal.store, dest)
    assert dest.read_bytes() == b"precious"


def test_backups_folder_keeps_the_newest_ten(
    access: JournalAccess, journal: Journal
) -> None:
    made = [
        storage.backup_to_folder(journal.store, access.paths.backups, now=access.now)
        for _ in range(13)
    ]
    kept = sorted(access.paths.backups.glob("*.db"))
    assert kept == sorted(made[-10:])


def test_backups_made_within_one_clock_tick_still_keep_the_newest(
    access: JournalAccess, journal: Journal
) -> None:
    """Coarse file clocks give quick backups equal mtimes; keep the newest anyway."""
    folder = access.paths.backups

    def backup_in_same_tick() -> Path:
        tick = min(p.stat().st_mtime_ns for p in folder.glob("*.db"))
        for path in sorted(folder.glob("*.db"), reverse=True):
            os.utime(path, ns=(tick, tick))
        return storage.backup_to_folder(journal.store, folder, now=access.now)

    made = [storage.backup_to_folder(journal.store, folder, now=access.now)]
    made += [backup_in_same_tick() for _ in range(13)]
    assert sorted(folder.glob("*.db")) == sorted(made[-10:])


# ---- restore -----------------------------------------------------------


def test_restore_gives_back_the_backup_and_keeps_the_replaced_journal(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("before backup")
    dest = storage.backup(journal.store, tmp_path / "copy.db")
    journal.notes.add("after backup")

    restored, aside = swap.restore(journal.store, dest, now=access.now)
    try:
        assert _texts(Journal(restored)) == ["before backup"]
    finally:
        restored.close()
    assert aside.exists() and aside != access.path
    kept = storage.open_journal(aside, PASSPHRASE, kdf_iter=FAST_KDF)
    try:
        assert _texts(Journal(kept)) == ["before backup", "after backup"]
    finally:
        kept.close()


def test_restoring_twice_keeps_both_replaced_journals(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    """Two restores within one second must not overwrite the first kept copy."""
    journal.notes.add("one")
    dest = storage.backup(journal.store, tmp_path / "copy.db")
    journal.notes.add("two")
    first, aside_one = swap.restore(journal.store, dest)
    Journal(first).notes.add("three")
    second, aside_two = swap.restore(first, dest)
    second.close()

    assert aside_one != aside_two
    for aside, expected in ((aside_one, ["one", "two"]), (aside_two, ["one", "three"])):
        kept = storage.open_journal(aside, PASSPHRASE, kdf_iter=FAST_KDF)
        try:
            assert _texts(Journal(kept)) == expected
        finally:
            kept.close()


def _journal_bytes_after_closing(journal: Journal) -> bytes:
    journal.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return journal.store.path.read_bytes()


@pytest.mark.parametrize(
    "contents",
    [b"not a database at all\n" * 100, b""],
    ids=["text-file", "empty-file"],
)
def test_restore_refuses_a_file_that_is_not_a_backup(
    tmp_path: Path, access: JournalAccess, journal: Journal, contents: bytes
) -> None:
    journal.notes.add("stays")
    before = _journal_bytes_after_closing(journal)
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(contents)

    with pytest.raises(ReflectError):
        swap.restore(journal.store, bogus)
    assert access.path.read_bytes() == before
    assert _texts(journal) == ["stays"]
    assert list(access.path.parent.glob("journal.db.replaced-*")) == []


def test_restore_refuses_a_plain_sqlite_file_that_is_not_a_journal(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("stays")
    before = _journal_bytes_after_closing(journal)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ReflectError, match="not a reflect journal"):
        swap.restore(journal.store, other)
    assert access.path.read_bytes() == before


def test_restore_refuses_a_backup_with_another_passphrase(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    other = JournalAccess(JournalPaths(tmp_path / "other"), kdf_iter=FAST_KDF)
    stranger = other.create("someone else's passphrase")
    stranger.notes.add("not mine")
    dest = storage.backup(stranger.store, tmp_path / "theirs.db")
    stranger.store.close()
    journal.notes.add("mine")
    before = _journal_bytes_after_closing(journal)

    with pytest.raises(ReflectError, match="does not open with your passphrase"):
        swap.restore(journal.store, dest)
    assert access.path.read_bytes() == before
    assert _texts(journal) == ["mine"]


def test_restore_refuses_an_unencrypted_backup_over_an_encrypted_journal(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    """Restoring must never silently remove the passphrase from a journal."""
    plain = JournalAccess(JournalPaths(tmp_path / "plain"), kdf_iter=FAST_KDF)
    unencrypted = plain.create(None)
    unencrypted.notes.add("old, before the passphrase")
    dest = storage.backup(unencrypted.store, tmp_path / "plain-backup.db")
    unencrypted.store.close()
    journal.notes.add("mine")
    before = _journal_bytes_after_closing(journal)

    with pytest.raises(ReflectError, match="not encrypted"):
        swap.restore(journal.store, dest)
    assert access.path.read_bytes() == before
    assert access.needs_passphrase()


# ---- passphrase changes ------------------------------------------------


def test_change_passphrase_reencrypts_every_entry(
    access: JournalAccess, journal: Journal
) -> None:
    for i in range(5):
        journal.notes.add(f"entry {i}")
    reopened = swap.change_passphrase(journal.store, "a new 'one'")
    reopened.close()

    with pytest.raises(WrongPassphrase):
        access.open(PASSPHRASE)
    assert _texts(access.open("a new 'one'")) == [f"entry {i}" for i in range(5)]
    assert sorted(p.name for p in access.path.parent.iterdir()) == [
        ".journal.db.lock",
        "journal.db",
    ]


def test_adding_a_passphrase_encrypts_a_plain_journal(access: JournalAccess) -> None:
    journal = access.create(None)
    journal.notes.add(SECRET)
    reopened = swap.change_passphrase(journal.store, PASSPHRASE)
    reopened.close()

    data = access.path.read_bytes()
    assert not data.startswith(storage.SQLITE_HEADER)
    assert SECRET.encode() not in data
    with pytest.raises(WrongPassphrase):
        access.open(None)
    assert _texts(access.open(PASSPHRASE)) == [SECRET]


def test_change_to_empty_passphrase_is_refused(
    access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("kept")
    with pytest.raises(BadPassphrase):
        swap.change_passphrase(journal.store, "")
    journal.store.close()
    assert _texts(access.open(PASSPHRASE)) == ["kept"]


# ---- checks and migrations ---------------------------------------------


def test_check_is_clean_on_a_sound_journal(journal: Journal) -> None:
    journal.notes.add("sound")
    assert storage.check(journal.store) == []


def test_check_reports_dangling_rows(journal: Journal) -> None:
    entry = journal.notes.add("tagged", tags=["x"])
    conn = journal.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM entries WHERE id = ?", [entry.id])
    conn.execute("PRAGMA foreign_keys = ON")
    problems = storage.check(journal.store)
    assert problems and any("entry_tags" in p for p in problems)


@pytest.fixture
def extra_migration() -> list[str]:
    """Register a temporary migration; removed again whatever the test does."""
    ran: list[str] = []

    def add_mood(db: object) -> None:
        ran.append("0099_test_mood")
        db.execute("ALTER TABLE entries ADD COLUMN test_mood TEXT")  # type: ignore[attr-defined]

    registered = list(migrations.MIGRATIONS._migrations)
    migrations.MIGRATIONS(name="0099_test_mood")(add_mood)
    yield ran
    migrations.MIGRATIONS._migrations[:] = registered


def test_pending_migration_is_backed_up_first(
    access: JournalAccess, extra_migration: list[str]
) -> None:
    # Create the journal as the released version would: without the new migration.
    registered = migrations.MIGRATIONS._migrations
    new = registered.pop()
    try:
        journal = access.create(PASSPHRASE)
        journal.notes.add("written before the upgrade")
        journal.store.close()
    finally:
        registered.append(new)

    upgraded = access.open(PASSPHRASE)
    try:
        assert extra_migration == ["0099_test_mood"]
        assert "test_mood" in upgraded.store.db["entries"].columns_dict
        assert migrations.pending(upgraded.store.db) == []
    finally:
        upgraded.store.close()

    backups = list(access.paths.backups.glob("before-migration-*.db"))
    assert len(backups) == 1
    old = database.connect(backups[0], PASSPHRASE, FAST_KDF)
    try:
        assert "0099_test_mood" not in migrations.applied(old.db)
        assert "test_mood" not in old.db["entries"].columns_dict
        assert _texts(Journal(old)) == ["written before the upgrade"]
    finally:
        old.close()

    again = access.open(PASSPHRASE)
    again.store.close()
    assert len(list(access.paths.backups.glob("*.db"))) == 1, "migrated only once"


def test_new_journal_needs_no_backup(
    access: JournalAccess, extra_migration: list[str]
) -> None:
    journal = access.create(PASSPHRASE)
    journal.store.close()
    assert extra_migration == ["0099_test_mood"]
    assert not access.paths.backups.exists()
