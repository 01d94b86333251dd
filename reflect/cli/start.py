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
from pathlib import Path

EARLY = frozenset({"list", "search", "show", "note"})
"""Commands that open the journal as soon as they start."""


def _home_for(argv: list[str]) -> tuple[bool, Path | None]:
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
            return True, Path(home) if home else None
    return False, None


def _journal(home: Path | None) -> Path:
    """The journal in `home`, or in the platform's data folder (as `cli.main`
    finds it); run on the early thread."""
    # The names alone, not `core.paths`: that loads `dataclasses`, which this
    # thread would wait for while the main thread imports it.
    from reflect.cli.home import default_home
    from reflect.core.names import JOURNAL_FILE

    return (home or default_home()) / JOURNAL_FILE


def main() -> None:
    """Console-script entry point (it never returns: `cli.main` exits)."""
    passphrase = os.environ.get("REFLECT_PASSPHRASE")
    if passphrase:
        opens, home = _home_for(sys.argv[1:])
        if opens:
            from reflect.core.store import early

            early.begin(lambda: _journal(home), passphrase)
    from reflect.cli.main import main as run

    run()
