"""What the CLI found out about this computer, handed to core and the app.

Core and the TUI read no environment variable and never ask for the home
folder themselves: `reflect.cli.main` (the composition root) looks once, at start,
and passes a `Places` down. A test builds one by hand, so a developer's own
home, `$XDG_*` folders or jrnl set-up can never leak into what it checks.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# `$NAME` and `${NAME}`, as Python's posix `expandvars` (which jrnl uses) reads
# them; Windows' `%NAME%` too there, as its `expandvars` does.
_VARIABLE = re.compile(
    r"\$(\w+)|\$\{([^}]*)\}" + (r"|%([^%]+)%" if os.name == "nt" else ""), re.ASCII
)


@dataclass(frozen=True)
class Places:
    """The worker's folders and environment, as the CLI found them at start."""

    user_home: Path | None = None
    """The worker's home folder (`~`); None when this computer has none."""
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Environment variables, for the `$VARS` and XDG folders jrnl's config
    may use (never printed: a repr must not spill someone's environment)."""
    default_home: Path | None = None
    """Where reflect keeps a journal when no `--home` is given."""
    program: str = "reflect"
    """How a shell runs this same reflect, for commands we suggest."""

    def folder(self, variable: str, otherwise: str) -> Path | None:
        """An XDG folder: `$variable` when set, else `otherwise` under home."""
        given = self.env.get(variable)
        if given:
            return Path(given)
        return self.user_home / otherwise if self.user_home else None

    def expand(self, configured: str) -> Path:
        """A path written in a config as jrnl reads it: `$VARS`, then `~`.

        A variable that is not set stays as written, as `os.path.expandvars`
        leaves it; `~user` is that user's home, found by name, not in `env`.
        """

        def value(found: re.Match[str]) -> str:
            name = next(group for group in found.groups() if group is not None)
            return self.env.get(name, found[0])

        return self.typed(_VARIABLE.sub(value, configured))

    def typed(self, text: str | Path) -> Path:
        """A path a worker typed or passed: a leading `~` is their home folder.

        Nothing else expands (a `$NAME` stays as typed, as a shell's quotes
        would keep it). The home folder is the one the CLI found, so nothing
        below the CLI reads `$HOME`; `~user` is that user's home, looked up
        by name in the user database.
        """
        text = str(text)
        head, _, rest = text.replace(os.sep, "/").partition("/")
        if head == "~" and self.user_home is not None:
            # `~//x` stays under home, as in `expanduser`: joined as written,
            # the extra slash would make `rest` absolute and drop the home.
            return self.user_home / rest.lstrip("/")
        if head.startswith("~") and head != "~":
            return Path(os.path.expanduser(text))  # the user database, not env
        return Path(text)

    def command(self, home: Path | None = None) -> str:
        """The suggested command's start: this reflect, with `--home` when
        given one, so a pasted command reaches the same journal."""
        if home is None:
            return self.program
        return f"{self.program} --home {shlex.quote(str(home))}"

    def tilde(self, path: Path) -> str:
        """A path with the home folder as `~/`, as a worker would type it."""
        if self.user_home is not None:
            try:
                return "~/" + path.relative_to(self.user_home).as_posix()
            except ValueError:
                pass
        return str(path)


NOWHERE = Places()
"""A computer reflect knows nothing about: no home, no environment."""
