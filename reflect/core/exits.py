"""The process exit statuses reflect ends with, and the one mapping to them.

Scripts (and the worker's own shell) read these numbers, so they are part of
reflect's interface and the README lists them. Core errors say what went
wrong (`CannotOpen`, `BadBundle`, …); which number that becomes is decided
here, once, for the CLI and the app alike.
"""

from __future__ import annotations

from enum import IntEnum

from reflect.core.errors import CannotOpen, ReflectError

SIGNALLED = 128
"""A process ended by signal N exits 128 + N, as shells report it."""


class ExitCode(IntEnum):
    """Every status a `reflect` process exits with."""

    OK = 0
    FAILED = 1
    """Bad input or a refused operation; nothing was changed."""
    USAGE = 2
    """The command line itself is wrong (click's own status for this)."""
    CANNOT_OPEN = 3
    """The journal could not be opened, so scripts can tell "could not get in"
    from bad input."""
    HANGUP = SIGNALLED + 1
    """The terminal closed (SIGHUP) while the app was running."""
    INTERRUPTED = SIGNALLED + 2
    """Ctrl-C (SIGINT)."""
    TERMINATED = SIGNALLED + 15
    """Asked to stop (SIGTERM): a kill, a log-out, a shut-down."""

    @classmethod
    def ended_by(cls, signum: int) -> ExitCode:
        """The status for a process ended by `signum` (one reflect catches).

        POSIX fixes these three signals' numbers, so the members above are
        the same everywhere reflect catches them.
        """
        return cls(SIGNALLED + signum)


def exit_code_for(error: ReflectError) -> ExitCode:
    """The status a core error ends a command with."""
    if isinstance(error, CannotOpen):
        return ExitCode.CANNOT_OPEN
    return ExitCode.FAILED
