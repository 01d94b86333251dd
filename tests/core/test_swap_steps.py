"""A swap (passphrase change, restore) paused or killed at every step.

`on_step` is the seam: the swap calls it by name at each step, so a test can
hold it there while another window tries to write, or kill the process there.
Whatever happens, the journal under `journal.db` must be whole, pass its
check, open with exactly one passphrase, and hold every note a window was told
was saved.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import CannotOpen, JournalReplaced, WrongPassphrase
from reflect.core.journal import Journal
from reflect.core.store import locks as filelock
from reflect.core.store import swap
from reflect.core.store.locks import REPLACED_MESSAGE
from tests.conftest import PASSPHRASE

NEW = "a new passphrase for the spring"
BEFORE = 5


def _fill(journal: Journal) -> list[str]:
    return [journal.notes.add(f"written before {n}").id for n in range(BEFORE)]


def _opens_with(access: JournalAccess, passphrase: str) -> Journal | None:
    try:
        return access.open(passphrase, recover=True)
    except WrongPassphrase:
        return None


def _one_passphrase(access: JournalAccess) -> tuple[Journal, str]:
    """The journal, proved to open with exactly one of the two passphrases."""
    opened = {p: _opens_with(access, p) for p in (PASSPHRASE, NEW)}
    working = [(j, p) for p, j in opened.items() if j is not None]
    assert len(working) == 1, f"opens with {[p for _, p in working]}"
    journal, passphrase = working[0]
    assert storage.check(journal.store) == []
    return journal, passphrase


class OtherWindow(threading.Thread):
    """Another window trying to save a note while the swap is held."""

    def __init__(self, access: JournalAccess, passphrase: str) -> None:
        super().__init__(daemon=True)
        self.access, self.passphrase = access, passphrase
        self.waiting = threading.Event()
        self.saved: str | None = None
        self.refused: Exception | None = None

    def run(self) -> None:
        try:
            window = self.access.open(self.passphrase, on_wait=self.waiting.set)
        except (JournalReplaced, WrongPassphrase) as exc:
            self.refused = exc
            return
        try:
            self.saved = window.notes.add("written by the other window").id
        finally:
            window.store.close()

    def start_and_settle(self) -> None:
        """Start, and return once it has saved, been refused, or is waiting."""
        self.start()
        while self.is_alive() and not self.waiting.wait(0.01):
            pass


def _swap(kind: str, journal: Journal, backup: Path, on_step: swap.Step) -> None:
    if kind == "rekey":
        swap.change_passphrase(journal.store, NEW, on_step=on_step).close()
    else:
        reopened, _aside = swap.restore(journal.store, backup, on_step=on_step)
        reopened.close()


CASES = [("rekey", s) for s in swap.REKEY_STEPS] + [
    ("restore", s) for s in swap.RESTORE_STEPS
]


@pytest.mark.parametrize(("kind", "step"), CASES)
def test_a_note_during_any_step_is_kept_or_plainly_refused(
    tmp_path: Path, access: JournalAccess, journal: Journal, kind: str, step: str
) -> None:
    before = _fill(journal)
    backup = storage.backup(journal.store, tmp_path / "copy.db")
    other = OtherWindow(access, PASSPHRASE)
    seen: list[str] = []

    def at(name: str) -> None:
        seen.append(name)
        if name == step:
            other.start_and_settle()
            assert other.waiting.is_set(), "the other window did not wait"

    _swap(kind, journal, backup, at)
    other.join(30)
    assert not other.is_alive()
    assert seen == list(swap.REKEY_STEPS if kind == "rekey" else swap.RESTORE_STEPS)
    survivor, _ = _one_passphrase(access)
    ids = {e.id for e in survivor.entries.page(limit=100)}
    survivor.store.close()
    assert set(before) <= ids
    if other.saved is not None:
        assert other.saved in ids
    else:
        assert isinstance(other.refused, JournalReplaced)
        assert str(other.refused) == REPLACED_MESSAGE


def test_a_note_saved_before_the_swap_locks_is_carried_over(
    access: JournalAccess, journal: Journal
) -> None:
    _fill(journal)
    window = access.open(PASSPHRASE)
    saved = window.notes.add("just before").id
    window.store.close()
    swap.change_passphrase(journal.store, NEW).close()
    survivor = access.open(NEW)
    assert saved in {e.id for e in survivor.entries.page(limit=100)}
    survivor.store.close()


def _killed_at(kind: str, step: str, access: JournalAccess, backup: Path) -> int:
    """Run the swap in a forked child that SIGKILLs itself at `step`."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            journal = access.open(PASSPHRASE)

            def die(name: str) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            _swap(kind, journal, backup, die)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return status


@pytest.mark.parametrize(("kind", "step"), CASES)
def test_a_kill_at_any_step_leaves_one_whole_journal(
    tmp_path: Path, access: JournalAccess, journal: Journal, kind: str, step: str
) -> None:
    before = _fill(journal)
    backup = storage.backup(journal.store, tmp_path / "copy.db")
    journal.notes.add("after the backup")
    journal.store.close()
    status = _killed_at(kind, step, access, backup)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert access.path.exists(), "journal.db must never be missing"
    survivor, passphrase = _one_passphrase(access)
    ids = {e.id for e in survivor.entries.page(limit=100)}
    survivor.store.close()
    assert set(before) <= ids
    if kind == "rekey":
        swapped = swap.REKEY_STEPS.index(step) >= swap.REKEY_STEPS.index("swapped")
        assert passphrase == (NEW if swapped else PASSPHRASE)
    # Opening with recovery tidied every temporary the kill left, and a kept
    # copy is a journal of its own, never a second name for the live one.
    left = [p.name for p in access.path.parent.iterdir() if p.name.startswith(".")]
    assert left == [".journal.db.lock"]
    for kept in access.path.parent.glob("journal.db.replaced-*"):
        assert not os.path.samefile(kept, access.path)
    if kind == "restore" and step == "kept":  # a spare name, removed and said
        assert any("second name" in n for n in survivor.store.recovery_notes)


def test_check_brings_back_a_journal_an_old_restore_left_aside(
    access: JournalAccess, journal: Journal
) -> None:
    kept = journal.notes.add("the only copy").id
    journal.store.close()
    path = access.path
    aside = path.with_name("journal.db.replaced-20260101T000000")
    os.replace(path, aside)  # what a kill between restore's two renames left
    assert access.exists()
    with pytest.raises(Exception, match="reflect check"):
        access.open(PASSPHRASE)  # a plain command points to the mend
    mended = access.open(PASSPHRASE, recover=True)
    assert any("brought back" in note for note in mended.store.recovery_notes)
    assert kept in {e.id for e in mended.entries.page()}
    mended.store.close()
    assert not aside.exists()


STAGED = ".journal.db.restoring-" + "0123456789abcdef" * 2
KEPT = "journal.db.replaced-20260101T000000"


def _left_by_an_old_restore(access: JournalAccess, journal: Journal) -> Path:
    """What an earlier reflect left when killed between restore's two renames:
    a whole staged copy, the old journal renamed aside, no `journal.db`."""
    path = access.path
    staged = path.with_name(STAGED)
    # backup() refuses reflect's own working names, so copy, then rename.
    os.replace(storage.backup(journal.store, path.with_name("copy.db")), staged)
    journal.store.close()
    os.replace(path, path.with_name(KEPT))
    return staged


def test_check_finishes_a_restore_whose_staged_copy_is_whole(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    journal.notes.add("in the backup")
    staged = _left_by_an_old_restore(access, journal)
    aside = access.path.with_name(KEPT)
    mended = access.open(PASSPHRASE, recover=True)
    assert mended.store.recovery_notes[0].startswith("finished an interrupted restore")
    mended.store.close()
    assert aside.exists() and not staged.exists()


def test_recovery_says_what_it_found_when_nothing_is_clear(
    access: JournalAccess, journal: Journal
) -> None:
    journal.store.close()
    path = access.path
    staged = path.with_name(STAGED)
    staged.write_bytes(b"half a copy")
    path.unlink()
    with pytest.raises(Exception, match="restoring-0123456789abcdef") as caught:
        access.open(PASSPHRASE, recover=True)
    assert "Nothing was changed" in str(caught.value)
    assert staged.read_bytes() == b"half a copy"


def test_tidying_waits_for_other_windows(
    access: JournalAccess, journal: Journal
) -> None:
    stray = access.path.with_name(".journal.db.rekey-" + "feedbeef" * 4)
    stray.write_bytes(b"an old full copy")
    other = access.open(PASSPHRASE, recover=True)  # `journal` is still open
    assert stray.exists()
    assert other.store.recovery_notes == [
        "another reflect has this journal open, so nothing was repaired or "
        "tidied; close it and run `reflect check` again"
    ]
    other.store.close()
    journal.store.close()
    alone = access.open(PASSPHRASE, recover=True)
    assert not stray.exists()
    assert alone.store.recovery_notes == [
        f"removed {stray}, left by a reflect that was stopped"
    ]
    alone.store.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_wrong_passphrase_during_recovery_changes_nothing(
    access: JournalAccess, journal: Journal
) -> None:
    path = access.path
    _left_by_an_old_restore(access, journal)
    before = _files(path.parent)
    with pytest.raises(CannotOpen, match="Nothing was changed"):
        access.open("not the passphrase", recover=True)
    assert _files(path.parent) == before
    mended = access.open(PASSPHRASE, recover=True)  # the right one still works
    mended.store.close()


def test_a_log_without_its_journal_is_never_applied_to_another(
    access: JournalAccess, journal: Journal
) -> None:
    path = access.path
    _left_by_an_old_restore(access, journal)
    Path(f"{path}-wal").write_bytes(b"frames of the journal that was here")
    before = _files(path.parent)
    with pytest.raises(CannotOpen, match="nothing was changed"):
        access.open(PASSPHRASE, recover=True)
    assert _files(path.parent) == before


def test_a_lock_file_that_is_a_link_is_refused_not_ignored(
    tmp_path: Path, access: JournalAccess, journal: Journal
) -> None:
    journal.store.close()
    lock = filelock.lock_path(access.path)
    lock.unlink()
    os.symlink(tmp_path / "elsewhere", lock)
    with pytest.raises(CannotOpen, match="not the plain file"):
        access.open(PASSPHRASE)
