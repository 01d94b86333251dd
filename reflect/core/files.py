"""Files a worker asked for: written whole or not at all, and read with a cap.

Bundles, feedback and exports go wherever the worker types, so the reasons a
write fails are ordinary ones (a folder that is not there, no permission, a
full disk). Each becomes one calm sentence naming the path the worker typed,
never a raw `[Errno 2]`; a folder that is missing gets its own error class, so
an interface can offer to make it. Nothing here reads the environment: every
path arrives as an argument.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, BinaryIO, TypeVar

from reflect.core.errors import CannotRead, CannotWrite, FileTaken, FolderMissing
from reflect.core.paths import (
    NotAFile,
    read_ordinary,
    write_private_bytes,
    write_private_stream,
)
from reflect.core.store import Store, is_journal_file

T = TypeVar("T")


def not_encrypted(files: int = 1, *, printable: bool = False) -> str:
    """What the worker is told once their words are in plain files.

    Two things, in two sentences: the files are not protected, so they need
    a safe place; and, for an agenda's pair, which one to print. The app
    and the CLI say it in the same words.
    """
    if files == 1:
        said = "This file is NOT encrypted, so keep it somewhere safe."
    else:
        said = "These files are NOT encrypted, so keep them somewhere safe."
    if printable:
        said += " The HTML file is the one to print."
    return said


def _why(exc: OSError, path: Path) -> str:
    """The reason an OS error gives, in words a worker reads without a manual."""
    if isinstance(exc, PermissionError):
        return f"you do not have permission to write in {path.parent}"
    if isinstance(exc, IsADirectoryError):
        return "that is a folder; add a file name at the end"
    if isinstance(exc, NotADirectoryError):
        return f"{path.parent} is a file, not a folder"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "that place is read-only"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return (exc.strerror or str(exc)).lower()


def check_writable(
    path: Path, *, replace: bool = False, nothing: str = "Nothing was written"
) -> None:
    """Refuse, before any work is done, a path that cannot take a new file.

    Without `replace` an existing file is refused: it may be an earlier
    bundle still on its way to someone. `nothing` says what the refusal
    means for the worker ("Nothing was sent"), so the one line is complete.
    """
    after = f"{nothing}; choose another place."
    try:
        _check(path, replace=replace, nothing=nothing, after=after)
    except OSError as exc:  # a folder on the way that we may not look into
        raise CannotWrite(
            f"could not write {path}: {_why(exc, path)}. {after}"
        ) from None


def _check(path: Path, *, replace: bool, nothing: str, after: str) -> None:
    if path == Path("."):  # an empty box in the app: no name at all
        raise CannotWrite(
            f"there is no file name yet; type where to write the file. {nothing}."
        )
    if path.is_dir():
        raise CannotWrite(
            f"could not write {path}: that is a folder; add a file name at the "
            f"end. {after}"
        )
    if not replace and os.path.lexists(path):
        raise _taken(path, nothing)
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise CannotWrite(
                f"could not write {path}: {folder} is a file, not a folder. {after}"
            )
        raise FolderMissing(
            f"could not write {path}: there is no folder {folder}. {after}", folder
        )


def _taken(path: Path, nothing: str) -> FileTaken:
    return FileTaken(f"{path} already exists; choose another name. {nothing}.", path)


def write_file(
    path: Path,
    data: bytes,
    *,
    replace: bool = False,
    nothing: str = "Nothing was written",
) -> None:
    """Write `data` to `path` owner-only and atomically, or raise CannotWrite.

    The one rule for every file a worker names: an existing file is never
    replaced unless `replace` says so (the CLI's `--force`, or the worker
    agreeing in the app); otherwise FileTaken is raised. The bytes go to a
    private temporary file beside `path`, which is then hard-linked into
    place, so a file that appears between the check and the write is still
    not replaced; with `replace` it is renamed over the old one instead.
    Called inside the caller's write transaction, a refusal here rolls back
    whatever the journal would have recorded about the file.
    """
    check_writable(path, replace=replace, nothing=nothing)
    with _said_plainly(path, nothing):
        write_private_bytes(path, data, replace=replace)


def write_stream(
    path: Path,
    fill: Callable[[IO[str]], T],
    *,
    replace: bool = False,
    nothing: str = "Nothing was written",
) -> T:
    """`write_file` for text written a piece at a time; returns what `fill` does.

    `fill` writes UTF-8 text (newlines as written) straight into the private
    temporary file, so an export of a whole journal is never held in memory.
    The same rules and the same errors as `write_file`; the file gets its
    name only after `fill` returned and its bytes are on disk. If `fill`
    raises, its error goes on and nothing is left behind: no file under
    `path`, no temporary beside it.
    """
    check_writable(path, replace=replace, nothing=nothing)

    def text(handle: BinaryIO) -> T:
        out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        try:
            result = fill(out)
            out.flush()
        finally:
            out.detach()  # the caller flushes, syncs and closes the file itself
        return result

    with _said_plainly(path, nothing):
        return write_private_stream(path, text, replace=replace)


@contextlib.contextmanager
def _said_plainly(path: Path, nothing: str) -> Iterator[None]:
    """An OS error while writing `path`, as the one calm sentence a worker
    reads: FileTaken, FolderMissing or CannotWrite."""
    after = f"{nothing}; choose another place."
    try:
        yield
    except FileExistsError:  # made by someone else since the check
        raise _taken(path, nothing) from None
    except FileNotFoundError:
        if path.parent.is_dir():
            # The folder is there but will not take a new file (/proc, some
            # mounted drives): offering to make it again would go round in a
            # circle, so say what is true.
            raise CannotWrite(
                f"could not write {path}: files cannot be made in {path.parent}. "
                f"{after}"
            ) from None
        # The folder went away while we looked.
        raise FolderMissing(
            f"could not write {path}: there is no folder {path.parent}. {after}",
            path.parent,
        ) from None
    except OSError as exc:
        raise CannotWrite(
            f"could not write {path}: {_why(exc, path)}. {after}"
        ) from None


@contextlib.contextmanager
def recorded_with(
    store: Store, *, nothing: str = "Nothing was written", replace: bool = False
) -> Iterator[Callable[[Path, bytes], None]]:
    """One write transaction and the new files it records, together.

    Yields a writer for files (new ones, or replacing only with `replace`).
    If the transaction does not commit (an error after the write, or the
    COMMIT itself failing), every file it wrote is removed again: it is ours
    (a file it replaced the worker had already agreed to give up), and a
    bundle on disk that the journal says was never sent would be sent
    twice, or refused as "already exists" on the retry.
    """
    made: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        if is_journal_file(store, path):  # in the app, "replace" is one enter away
            raise CannotWrite(
                f"could not write {path}: that is one of your journal's own "
                f"files. {nothing}; choose another place."
            )
        write_file(path, data, nothing=nothing, replace=replace)
        made.append(path)

    try:
        with store.write():
            yield write
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise


def read_file(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of `path`, so an oversized file is never
    read whole; the caller refuses anything longer than `limit`. A FIFO or a
    device is refused unread (it could keep the reader waiting for ever)."""
    try:
        return read_ordinary(path, limit)
    except FileNotFoundError:
        reason = "there is no file there; check the name and try again"
    except IsADirectoryError:
        reason = "that is a folder; add the file's name at the end"
    except PermissionError:
        reason = "you do not have permission to read it"
    except NotAFile:
        reason = "that is not an ordinary file (it may be a pipe or a device)"
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
    raise CannotRead(f"could not read {path}: {reason}.")
