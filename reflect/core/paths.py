"""Where reflect keeps its files.

Only `reflect.cli.main` decides which folder is used (it reads `$REFLECT_HOME` and
`--home`); everything in core receives paths as arguments, so tests can point a
journal at `tmp_path` without touching a real home directory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from reflect.core.names import APP_NAME as APP_NAME
from reflect.core.names import FILE_MODE as FILE_MODE
from reflect.core.names import JOURNAL_FILE

T = TypeVar("T")

BACKUP_DIR = "backups"

#: Folders we create hold private writing, so only the owner may enter them.
FOLDER_MODE = 0o700


@dataclass(frozen=True)
class JournalPaths:
    """The files that make up one journal, all inside one home folder."""

    home: Path

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL_FILE

    @property
    def backups(self) -> Path:
        return self.home / BACKUP_DIR

    def holds(self, path: Path) -> bool:
        """True when `path` is one of this journal's own files (see
        `is_journal_file`): never a place to write a file the worker names."""
        return is_journal_file(self.journal, path)


def is_journal_file(journal: Path, path: Path) -> bool:
    """True for the journal, a file SQLite keeps (or would make) beside it,
    its lock, or one of reflect's own working copies (`.journal.db.*`):
    never a place for a file the worker names, not even with "replace".

    By name, since SQLite and the lock find those files by name (a backup
    named `journal.db-journal` would be taken for a hot journal, and then
    deleted; a lock replaced while held locks nobody out; a copy kept aside
    during a restore is the only other copy of the journal); and as the same
    file under another name (a hard link).
    """
    exact = [
        journal,
        *(Path(f"{journal}{end}") for end in ("-wal", "-shm", "-journal")),
    ]
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a link loop
        target = path.resolve()
        if target.parent == journal.parent.resolve() and (
            target.name in {file.name for file in exact}
            or target.name.startswith(f".{journal.name}")
        ):
            return True
    for file in exact:
        with contextlib.suppress(OSError):  # missing, or a dangling link
            if os.path.samefile(file, path):
                return True
    return False


def default_export_dir(home: Path, documents: Path | None = None) -> Path:
    """The folder the app offers for exports, bundles and bringing files in.

    Always one that exists, so the first enter in a dialog works: the
    worker's own `documents/reflect` when they have one (made only when they
    agreed to it), else the documents folder, else `home`. Many machines have
    no documents folder at all (a fresh Linux, a server, some Windows
    set-ups). The caller decides the folders, so nothing here reads the
    environment.
    """
    if documents is not None:
        for folder in (documents / APP_NAME, documents):
            if folder.is_dir():
                return folder
    return home


def ensure_private_folder(folder: Path) -> Path:
    """Create `folder` (and parents) owner-only if it does not exist yet.

    Called when something is about to be written, never at import time. A
    folder that already exists is left exactly as it is: it may be the
    worker's own (their home, a USB stick) and its permissions are theirs.
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    for created in missing:
        os.chmod(created, FOLDER_MODE)
    return folder


def make_private(path: Path) -> None:
    """Restrict an existing file to its owner; missing files are ignored."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, FILE_MODE)


#: Flags for every file reflect creates: never reuse a name that exists, never
#: follow a symlink someone planted under that name.
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def temporary_name(target: Path, kind: str) -> Path:
    """An unpredictable dot-name beside `target`, such as `.journal.db.rekey-…`.

    The random part means another local user cannot guess the name and plant a
    symlink or a file there first; the dot and `kind` let `cleanup_leftovers`
    recognise it after a crash.
    """
    return target.with_name(f".{target.name}.{kind}-{_random_part()}")


def _random_part() -> str:
    """128 random bits as hex (`os.urandom`: `secrets` would load OpenSSL,
    about 4 MB, into every command)."""
    return os.urandom(16).hex()


def create_private_file(path: Path) -> int:
    """Create `path` new, owner-only from its first byte; return its descriptor.

    `O_EXCL` refuses a name that already exists (a planted file or symlink),
    `O_NOFOLLOW` refuses a symlink, and the mode is 0600 whatever the umask
    (a umask only ever removes bits). SQLite gives a database's `-wal`,
    `-shm` and `-journal` files the mode of the database file, so creating
    the database this way first keeps those private too.
    """
    fd = os.open(path, _NEW_FILE_FLAGS, FILE_MODE)
    # In case a filesystem ignored the mode (Windows has no fchmod).
    with contextlib.suppress(AttributeError, OSError):
        os.fchmod(fd, FILE_MODE)
    return fd


def create_private_temporary(target: Path, kind: str) -> Path:
    """An empty owner-only file with an unpredictable name beside `target`.

    Used before SQLite opens a new file (a journal being made, a backup, a
    re-keyed copy), so the file is never readable by others, not even for the
    moment between SQLite creating it and a later chmod.
    """
    while True:
        candidate = temporary_name(target, kind)
        try:
            os.close(create_private_file(candidate))
        except FileExistsError:  # pragma: no cover - 128 random bits
            continue
        return candidate


def fsync_folder(folder: Path) -> None:
    """Make a rename or link inside `folder` survive a power cut.

    Folders cannot be opened on Windows; the rename itself is still atomic.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        with contextlib.suppress(OSError):  # some filesystems refuse
            os.fsync(fd)
    finally:
        os.close(fd)


#: What `link` fails with on filesystems without hard links (FAT and exFAT
#: USB sticks, some network shares).
_NO_LINKS = frozenset(
    getattr(errno, name)
    for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK", "ENOSYS")
    if hasattr(errno, name)
)


def place_new(tmp: Path, dest: Path) -> None:
    """Move the finished file `tmp` to `dest`, never over an existing file.

    A hard link fails if the name is taken, atomically; where links are not
    possible, the name is checked and then renamed into (a window of a few
    microseconds). Raises `FileExistsError`, leaving `tmp` for the caller.
    """
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(dest):
            raise FileExistsError(errno.EEXIST, "File exists", str(dest)) from None
        os.replace(tmp, dest)
        return
    tmp.unlink()


def write_private_bytes(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write `data` to `path` atomically, readable by the owner only.

    `write_private_stream` with the whole of `data` at once: the same file,
    the same rules.
    """
    write_private_stream(path, lambda handle: handle.write(data), replace=replace)


def write_private_stream(
    path: Path, fill: Callable[[BinaryIO], T], *, replace: bool = True
) -> T:
    """Let `fill` write a new file at `path`, atomically and owner-only.

    `fill` writes to a new owner-only file in the same folder, which is
    flushed to disk and only then gets a name: linked in as `path` (which
    fails with `FileExistsError`, writing nothing, if the name was taken
    meanwhile), or with `replace` renamed over it, so a crash leaves either
    the old file or the new one, never half of each. If `fill` raises, the
    file never gets a name and nothing is left behind; its error goes on.
    So an export of any size streams to disk without being held in memory.

    Where the system allows (Linux), the file has no name at all while it is
    written, so a reflect killed mid-write leaves no copy of an export's
    private words behind; elsewhere it is a dot-file with an unpredictable
    name, created exclusively and never through a symlink.
    """
    done = _write_unnamed(path, fill, replace=replace)
    result = done[0] if done else _write_named(path, fill, replace=replace)
    fsync_folder(path.parent)
    return result


def _open_unnamed(folder: Path) -> int | None:
    """An `O_TMPFILE` descriptor in `folder`, or None where that is not
    possible (no O_TMPFILE, a file system without it, no /proc to link it
    from)."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        fd = os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, FILE_MODE)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise
    if not os.path.exists(f"/proc/self/fd/{fd}"):  # pragma: no cover - no /proc
        os.close(fd)
        return None
    return fd


def _write_unnamed(
    path: Path, fill: Callable[[BinaryIO], T], *, replace: bool
) -> tuple[T] | None:
    """Write through an unnamed file; `(fill's result,)`, or None when the
    system cannot make one (then nothing was written and `fill` not called).

    Checked before `fill` runs, since a stream cannot be replayed into a
    second kind of file.
    """
    fd = _open_unnamed(path.parent)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            result = fill(handle)
            handle.flush()
            os.fsync(fd)
        unnamed = f"/proc/self/fd/{fd}"
        if not replace:
            _link_unnamed(unnamed, path)  # FileExistsError if the name is taken
            return (result,)
        while True:  # a name for the instant before the rename
            tmp = temporary_name(path, "tmp")
            try:
                _link_unnamed(unnamed, tmp)
            except FileExistsError:  # pragma: no cover - 128 random bits
                continue
            break
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return (result,)
    finally:
        os.close(fd)


def _link_unnamed(unnamed: str, path: Path) -> None:
    """Give the unnamed file behind `/proc/self/fd/N` the name `path`.

    Python calls plain link(2) unless a folder descriptor is given, and
    link(2) would link the /proc entry itself; with one, it calls linkat(2)
    with AT_SYMLINK_FOLLOW, which links the file the entry stands for.
    """
    folder = os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.link(unnamed, path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _write_named(path: Path, fill: Callable[[BinaryIO], T], *, replace: bool) -> T:
    while True:
        tmp = temporary_name(path, "tmp")
        try:
            fd = create_private_file(tmp)
        except FileExistsError:  # pragma: no cover - 128 random bits
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            result = fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            place_new(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


class NotAFile(OSError):
    """The name is a FIFO, a device or a socket, not an ordinary file."""


def read_ordinary(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the ordinary file at `path`.

    Opened without waiting: a plain `open()` of a FIFO that nobody writes to
    waits for ever (a `reflect receive` that hangs, an app that freezes),
    and a device may never end. So anything but an ordinary file is refused
    before a byte is read: NotAFile, or IsADirectoryError for a folder.
    Symlinks are followed, as for any file a worker names.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotAFile(errno.EINVAL, "not an ordinary file", str(path))
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # closed with the handle
            return handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
