"""Deriving the key on a thread while the program loads (`store.early`).

The early open must be the same open, only sooner: taken only for the same
file, passphrase and key setting; never a different answer (a wrong
passphrase, a journal being swapped read exactly as before); and never a
lock left held, so a restore or a new passphrase can always go ahead.
Real journals with SQLCipher's default key derivation, as the command line
opens them (the early open is only for that).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.cli.start import _home_for
from reflect.core.access import JournalAccess
from reflect.core.errors import WrongPassphrase
from reflect.core.paths import JournalPaths
from reflect.core.store import database, early, keyed, locks
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One journal with the default key derivation (slow to make: once)."""
    home = tmp_path_factory.mktemp("early") / "home"
    journal = JournalAccess(JournalPaths(home)).create(PASSPHRASE)
    journal.notes.add("Written before the early open")
    journal.store.close()
    return JournalPaths(home).journal


@pytest.fixture(autouse=True)
def nothing_pending() -> Iterator[None]:
    early.discard()
    yield
    early.discard()


def _counting_keys(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each key the ordinary open derives itself."""
    calls: list[Path] = []
    real = database.keyed

    def keyed(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database, "keyed", keyed)
    return calls


def _alone(path: Path) -> bool:
    """Whether nobody holds the journal (a swap could begin now)."""
    fd = locks.try_exclusive(path)
    locks.release(fd)
    return fd is not None


def test_the_open_begun_early_is_the_one_the_command_uses(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = _counting_keys(monkeypatch)
    early.begin(lambda: made, PASSPHRASE)
    store = database.open_journal(made, PASSPHRASE)
    try:
        assert derived == []  # the key was not derived a second time
        (count,) = store.conn.execute("SELECT count(*) FROM entries").fetchone()
        assert count == 1
        assert not _alone(made)  # the early lock is now the store's
    finally:
        store.close()
    assert _alone(made)


def test_a_wrong_passphrase_reads_as_it_always_did(made: Path) -> None:
    early.begin(lambda: made, "not the passphrase")
    with pytest.raises(WrongPassphrase, match="the passphrase is wrong"):
        database.open_journal(made, "not the passphrase")
    assert _alone(made)


def test_another_file_or_passphrase_is_opened_as_usual_and_the_early_one_let_go(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = _counting_keys(monkeypatch)
    early.begin(lambda: made, PASSPHRASE)
    other = tmp_path / "other" / "journal.db"
    with pytest.raises(Exception, match="no journal"):
        database.open_journal(other, PASSPHRASE)
    early._pending.thread.join()  # type: ignore[union-attr]
    assert not _alone(made)  # begun for `made`, holding its lock
    with pytest.raises(WrongPassphrase):
        database.open_journal(made, "another passphrase")
    assert derived == [made]  # not the early one's: derived as usual...
    assert _alone(made)  # ...after the early one was closed, lock and all
    early.begin(lambda: made, PASSPHRASE)
    early._pending.thread.join()  # type: ignore[union-attr]
    assert not _alone(made)
    early.discard()  # as at exit: nothing holds the journal any more
    assert _alone(made)


def test_a_journal_being_swapped_is_left_to_the_ordinary_open(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    swapping = locks.take_exclusive(made)
    try:
        began = time.monotonic()
        early.begin(lambda: made, PASSPHRASE)
        assert early._pending is None  # nothing begun, nothing held
        assert time.monotonic() - began < 5  # and not waited for (30 s)
    finally:
        locks.release(swapping)
    derived = _counting_keys(monkeypatch)
    store = database.open_journal(made, PASSPHRASE)
    store.close()
    assert derived == [made]  # opened the ordinary way, after the swap


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["list", "--limit", "10"], (True, None)),
        (["--home", "/j", "search", "allotment"], (True, "/j")),
        (["--home=/j", "show", "ab12"], (True, "/j")),
        (["note", "A quick note"], (True, None)),
        (["note"], (False, None)),  # from an editor or a pipe: later
        (["note", "--ask", "why"], (False, None)),
        (["list", "--help"], (False, None)),
        (["--demo"], (False, None)),
        (["--version"], (False, None)),
        ([], (False, None)),
        (["passphrase"], (False, None)),
        (["restore", "backup.db"], (False, None)),
        (["--prompts-dir", "/p", "list"], (True, None)),
        (["--home=", "list"], (False, None)),  # click: here, not the default
        (["--home", "", "list"], (False, None)),
    ],
)
def test_only_everyday_commands_that_open_at_once_begin_early(
    argv: list[str], expected: tuple[bool, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFLECT_HOME", raising=False)
    assert _home_for(argv) == expected


def test_the_reflect_command_lists_and_refuses_as_before(made: Path) -> None:
    env = {"REFLECT_HOME": str(made.parent), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    run = [sys.executable, "-m", "reflect", "list"]
    listed = subprocess.run(
        run,
        env={**env, "REFLECT_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert "Written before the early open" in listed.stdout
    wrong = subprocess.run(
        run, env={**env, "REFLECT_PASSPHRASE": "wrong"}, capture_output=True, text=True
    )
    assert wrong.returncode == 3
    assert wrong.stderr.startswith("reflect: could not open the journal")
    assert wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr
    assert _alone(made)


def _sqlite_locks(path: Path) -> list[str]:
    """This process's POSIX locks on the file (SQLite's own), from Linux."""
    inode = path.stat().st_ino
    pid = str(os.getpid())
    return [
        line
        for line in Path("/proc/locks").read_text().splitlines()
        if "POSIX" in line
        and line.split()[4] == pid
        and line.split()[5].endswith(f":{inode}")
    ]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="Linux's lock table")
def test_sqlite_keeps_its_own_lock_on_the_file_through_the_command_line_open(
    made: Path,
) -> None:
    """The command line asks whether the journal needs a passphrase before
    opening it, which read the file's first bytes: with the early connection
    already open, closing that read dropped SQLite's lock on the file, and
    the command ran unprotected from another process's checkpoint."""
    access = JournalAccess(JournalPaths(made.parent))
    ordinary = access.open(PASSPHRASE)
    assert _sqlite_locks(made), "an open journal holds SQLite's lock"
    ordinary.store.close()

    early.begin(lambda: made, PASSPHRASE)
    early._pending.thread.join()  # type: ignore[union-attr]  # its read is done
    assert _sqlite_locks(made)
    assert access.needs_passphrase()
    journal = access.open(PASSPHRASE)
    try:
        assert _sqlite_locks(made)
    finally:
        journal.store.close()


def test_the_early_open_finds_the_journal_where_the_command_will() -> None:
    from reflect.cli.start import _journal

    home = Path("/somewhere/reflect")
    assert Path(_journal(str(home))) == JournalPaths(home).journal


def test_without_a_folder_it_looks_in_the_platforms_data_folder() -> None:
    from reflect.cli.home import default_home
    from reflect.cli.start import _journal

    assert Path(_journal(None)) == JournalPaths(default_home()).journal


def test_the_same_journal_by_another_name_is_taken(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Begun through a link and a relative name, asked for by its own name:
    one file, so one open (not a second key, and not a second connection
    whose closing would drop the first one's locks)."""
    link = tmp_path / "linked"
    link.symlink_to(made.parent, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    derived = _counting_keys(monkeypatch)
    early.begin(lambda: "linked//./journal.db", PASSPHRASE)
    store = database.open_journal(made, PASSPHRASE)
    try:
        assert derived == []
        assert early._pending is None  # taken
    finally:
        store.close()
    assert _alone(made)


def test_a_journal_that_is_not_there_begins_nothing(tmp_path: Path) -> None:
    early.begin(lambda: str(tmp_path / "journal.db"), PASSPHRASE)
    assert early._pending is not None and early._pending.made is None
    assert list(tmp_path.iterdir()) == []  # not even a lock file
    assert not early.holds(tmp_path / "journal.db")
    assert early.take(tmp_path / "journal.db", PASSPHRASE, None) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
            min_size=1,
            max_size=12,
        ).filter(lambda part: part not in {".", ".."}),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_the_journals_address_is_the_one_pathlib_would_give(
    parts: list[str], relative: bool
) -> None:
    """SQLite is given `file:` plus the path, escaped as `Path.as_uri()`
    escapes it (`keyed.file_uri` spares the early open pathlib's import):
    a `%`, `?`, `#` or space in a folder's name must never change which
    file is opened."""
    path = os.path.join(*parts) if relative else os.path.join("/", *parts)
    assert keyed.file_uri(path) == Path(path).absolute().as_uri()


@pytest.mark.skipif(os.name != "posix", reason="the URI is pathlib's elsewhere")
def test_a_journal_in_a_folder_with_uri_characters_opens_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "50% off?#yes &c ü"
    created = JournalAccess(JournalPaths(home)).create(PASSPHRASE)
    created.notes.add("Found by its escaped name")
    created.store.close()
    journal = JournalPaths(home).journal
    derived = _counting_keys(monkeypatch)
    early.begin(lambda: str(journal), PASSPHRASE)
    assert early._pending is not None and early._pending.made is not None
    store = database.open_journal(journal, PASSPHRASE)
    try:
        assert derived == []  # the early open's connection, found by its address
        (count,) = store.conn.execute("SELECT count(*) FROM entries").fetchone()
        assert count == 1
    finally:
        store.close()


def test_nothing_before_the_key_is_begun_loads_pathlib_or_typing(made: Path) -> None:
    """Each costs about 3 ms before the key could begin, on every everyday
    command; the main thread loads them (and more) while the key is derived."""
    probe = (
        "import sys\n"
        "from reflect.cli import start\n"
        "from reflect.core.store import early\n"
        f"early.begin(lambda: start._journal({str(made.parent)!r}), {PASSPHRASE!r})\n"
        "assert early._pending is not None and early._pending.made is not None\n"
        "print(sorted({'pathlib', 'typing', 'click'} & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_note_is_in_the_journal_file_itself_when_the_command_ends(
    tmp_path: Path,
) -> None:
    """Through the console script's own entry, which begins the key early
    and skips Python's last garbage collection (`start._leave_quickly`):
    when `reflect note` ends the journal has been closed and its log folded
    into the file, so a copy of `journal.db` alone has the note."""
    home = tmp_path / "home"
    JournalAccess(JournalPaths(home)).create(PASSPHRASE).store.close()
    env = {"REFLECT_HOME": str(home), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-m", "reflect", "note", "Kept in the file itself"],
        env={**env, "REFLECT_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    journal = JournalPaths(home).journal
    assert not journal.with_name("journal.db-wal").exists()
    copied = tmp_path / "copy" / "journal.db"
    copied.parent.mkdir()
    copied.write_bytes(journal.read_bytes())
    opened = JournalAccess(JournalPaths(copied.parent)).open(PASSPHRASE)
    try:
        assert [e.title for e in opened.entries.walk(limit=5)] == [
            "Kept in the file itself"
        ]
    finally:
        opened.store.close()
    assert _alone(journal)


def test_ctrl_c_while_the_program_loads_ends_quietly(made: Path) -> None:
    """Ctrl-C in the first tenth of a second lands in an import, before any
    command could catch it: it must end like Ctrl-C anywhere else (one
    blank line, status 130), not with a traceback, and let go of the lock."""
    probe = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'reflect.cli.main':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "sys.argv = ['reflect', 'list']\n"
        "from reflect.cli.start import main\n"
        "main()\n"
    )
    env = {"REFLECT_HOME": str(made.parent), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**env, "REFLECT_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 130
    assert done.stderr == "\n"
    assert _alone(made)


def test_a_name_the_system_reads_as_is_escaped_as_pathlib_escapes_it() -> None:
    """Bytes that are not UTF-8 (a folder named on another system) reach
    SQLite as the same bytes."""
    odd = os.fsdecode(b"/tmp/\xff\xfe folder/journal.db")
    assert (
        keyed.file_uri(odd)
        == Path(odd).as_uri()
        == "file:///tmp/%FF%FE%20folder/journal.db"
    )


def test_a_link_to_the_journal_from_another_folder_is_not_taken_for_it(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same file, another lock beside it: the command must hold the lock
    beside the journal it opens, or a restore could swap it meanwhile."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "journal.db").symlink_to(made)
    derived = _counting_keys(monkeypatch)
    early.begin(lambda: elsewhere / "journal.db", PASSPHRASE)
    store = database.open_journal(made, PASSPHRASE)
    try:
        assert derived == [made]  # opened the ordinary way, with its own lock
    finally:
        store.close()
    early.discard()
    assert _alone(made)


def test_closing_waits_for_the_thread_to_be_done_with_the_connection(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Ctrl-C cut a wait short, exit closes what was begun early: never
    while the thread is still deriving the key on it (that crashed the
    process, Python 3.11 having marked the thread finished)."""
    go_on = threading.Event()
    real = early.prove

    def slow(conn: object, path: object) -> None:
        go_on.wait(10)
        real(conn, path)  # type: ignore[arg-type]

    monkeypatch.setattr(early, "prove", slow)
    early.begin(lambda: made, PASSPHRASE)
    begun = early._pending
    assert begun is not None and begun.busy()
    early._close(begun)  # as exit would, mid-derivation
    assert begun.made is not None  # left alone: the thread is using it
    go_on.set()
    begun.join()
    assert begun.made is not None  # proved, as if nothing had happened
    early.discard()
    assert begun.made is None and _alone(made)


def test_a_thread_that_cannot_start_lets_go_of_the_lock(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    early.begin(lambda: made, PASSPHRASE)
    assert early._pending is None
    assert _alone(made)
