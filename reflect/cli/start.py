"""The `reflect` command's first step: begin deriving the key, then load.

The console script lands here, before click or any command is imported.
When the command line is one of the everyday commands that open the
journal at once (`list`, `search`, `show`, and `note` with its words given)
and `REFLECT_PASSPHRASE` holds the passphrase, the open is begun on a thread
(`core.store.early`): the key is derived on one core while the program
loads on the other, so such a command costs little more than the key.
Everything else, and every decision about what the command means, is the
ordinary path in `cli.main`; if this guesses wrong the early open is simply
not taken, and is closed at exit.
"""

from __future__ import annotations

import os
import sys

EARLY = frozenset({"list", "search", "show", "note"})
"""Commands that open the journal as soon as they start."""


def _home_for(argv: list[str]) -> tuple[bool, str | None]:
    """Whether the command line is an everyday command that opens the
    journal at once, and where: its `--home` or `REFLECT_HOME` folder, or
    None for the default one."""
    home: str | None = os.environ.get("REFLECT_HOME") or None
    args = iter(argv)
    for arg in args:
        if arg == "--home" or arg.startswith("--home="):
            home = arg.partition("=")[2] if "=" in arg else next(args, None)
            if not home:  # click reads an empty one as here, not the default
                return False, None
        elif arg == "--prompts-dir":
            next(args, None)
        elif arg.startswith("--prompts-dir="):
            continue
        elif arg.startswith("-"):  # --demo, --help, --version: not a plain open
            return False, None
        else:
            rest = list(args)
            if arg not in EARLY or "--help" in rest:
                return False, None
            if arg == "note" and not (rest and not rest[0].startswith("-")):
                # Kept simple: only a note with its words straight after
                # (an option's value is not the words); one read from a pipe
                # or an editor opens the ordinary way.
                return False, None
            return True, home or None
    return False, None


def _journal(home: str | None) -> str:
    """The journal in `home`, or in the platform's data folder (as `cli.main`
    finds it). Text, not a `Path`: see `store.early`."""
    # The names alone, not `core.paths`, which loads more than this needs.
    from reflect.core.names import JOURNAL_FILE

    if home is None:
        from reflect.cli.home import default_home

        return os.path.join(default_home(), JOURNAL_FILE)
    return os.path.join(home, JOURNAL_FILE)


def _leave_quickly() -> None:
    """Spare an everyday command Python's last garbage collection.

    After the command has closed its journal, Python's shutdown still walks
    every object the program loaded looking for cycles to free, about 10 ms
    of a 0.15 s `reflect list` here, and nothing is gained: the process is
    ending. `gc.freeze()` puts them all out of that walk; objects are still
    freed as ever when nothing refers to them. Only for the everyday commands
    `main` begins early, which close their journal (click's `call_on_close`)
    before this runs.
    """
    import gc

    gc.freeze()


def main() -> None:
    """Console-script entry point (it never returns: `cli.main` exits).

    Ctrl-C while the program is still loading (its first tenth of a second)
    ends it as quietly as Ctrl-C during a command, not with a traceback.
    """
    try:
        _begin_and_run()
    except KeyboardInterrupt:
        from reflect.core.exits import ExitCode

        sys.stderr.write("\n")
        sys.exit(ExitCode.INTERRUPTED)


def _begin_and_run() -> None:
    passphrase = os.environ.get("REFLECT_PASSPHRASE")
    if passphrase:
        opens, home = _home_for(sys.argv[1:])
        if opens:
            import atexit

            from reflect.core.store import early

            atexit.register(_leave_quickly)  # first in, so last to run
            early.begin(lambda: _journal(home), passphrase)
    from reflect.cli.main import main as run

    run()
