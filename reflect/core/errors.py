"""Domain errors raised by `reflect.core`.

Core never prints; it raises one of these with a message written for the
worker (what happened, what to do next). The CLI prints the message on one
line and the TUI shows it in a notice. The classes say what went wrong, not
how a process should end: `reflect.core.exits` maps them to exit statuses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # pathlib is not needed until later (see store.early)
if TYPE_CHECKING:
    from pathlib import Path


class ReflectError(Exception):
    """Base class: bad input or a refused operation; nothing was changed."""


class CannotOpen(ReflectError):
    """The journal cannot be opened: missing, locked, wrong key or not ours.

    Kept apart from bad input, so a script can tell "could not get in" from
    "asked for the wrong thing" (see `reflect.core.exits`).
    """


class NoJournal(CannotOpen):
    """There is no journal at the expected path yet."""


class WrongPassphrase(CannotOpen):
    """SQLCipher could not read the file with the passphrase given.

    SQLCipher cannot tell a wrong passphrase from a damaged file, so the
    message always names both.
    """


class PassphraseNeeded(CannotOpen):
    """The journal is encrypted and no passphrase could be obtained."""


class JournalExists(ReflectError):
    """`init` was asked to create a journal where one already exists."""


class NotFound(ReflectError):
    """No entry (or other record) matches what was asked for."""


class Ambiguous(ReflectError):
    """An id prefix matches more than one record."""


class BadPassphrase(ReflectError):
    """A new passphrase was refused (empty, or containing a NUL character)."""


class BadBundle(ReflectError):
    """A share or feedback bundle was refused; nothing was written."""


class BadImport(ReflectError):
    """An import file is not something reflect can read; nothing was written."""


class JournalBusy(CannotOpen):
    """A restore or passphrase change held the journal longer than we wait."""


class JournalReplaced(CannotOpen):
    """The journal was re-keyed or restored while this command waited for it.

    Whatever the command meant to write was not written: the journal it
    would have gone into is not the one the worker was looking at.
    """


class LeftAside(CannotOpen):
    """`journal.db` is missing but an interrupted swap left copies beside it."""


class CannotWrite(ReflectError):
    """A file the worker asked for could not be written; nothing was recorded."""


class FolderMissing(CannotWrite):
    """The folder a file should go in is not there; `folder` names it, so an
    interface can offer to make it (only when the worker agrees)."""

    def __init__(self, message: str, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


class FileTaken(CannotWrite):
    """A file the worker named already exists and replacing was not asked for.

    `paths` are the names that are taken, so an interface can ask whether to
    replace them (the CLI's `--force`, a second enter in the app's dialog).
    """

    def __init__(self, message: str, *paths: Path) -> None:
        super().__init__(message)
        self.paths = paths


class CannotRead(ReflectError):
    """A file the worker named could not be read; nothing changed."""
