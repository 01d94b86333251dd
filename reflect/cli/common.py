"""What every `reflect` command shares: settings, errors, getting the passphrase.

The passphrase comes from a hidden prompt on the terminal or from
`$REFLECT_PASSPHRASE`, never from standard input, which belongs to commands
such as `echo text | reflect note`. Every failure becomes one line on standard
error and ends with a status from `reflect.core.exits.ExitCode`: 3 when the
journal cannot be opened, 1 for other bad input, 2 for command-line misuse
(click's own).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from reflect.cli import output as cli_output
from reflect.core.access import WAIT_SECONDS, JournalAccess
from reflect.core.clock import local_display, parse_iso
from reflect.core.errors import (
    BadPassphrase,
    CannotOpen,
    FileTaken,
    JournalBusy,
    NoJournal,
    PassphraseNeeded,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.exits import ExitCode, exit_code_for
from reflect.core.paths import JournalPaths
from reflect.core.text import json_escaped, visible

# Every command loads this module, so what only some commands use (the
# organisation's file, frameworks, prompt packs, an entry's blocks) is
# imported where it is used; these names are for the type checker alone.
if TYPE_CHECKING:
    from reflect.core.frameworks import FrameworkLibrary
    from reflect.core.journal import Journal
    from reflect.core.org import Organisation
    from reflect.core.places import Places
    from reflect.core.reading import Block
    from reflect.core.templates import Library

TRIES = 3
F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """A one-line refusal from the CLI itself (an option that makes no sense
    here, say): always bad input. Core's errors keep their own class on the
    way out, so `_refuse` can give each the status it maps to."""

    exit_code = ExitCode.FAILED

    def show(self, file: IO[Any] | None = None) -> None:
        _say(self.message)


def _say(message: str) -> None:
    click.echo(f"reflect: {shown(message)}", err=True)


def _refuse(error: ReflectError, message: str | None = None) -> NoReturn:
    """Say what went wrong on one line, then exit with the status `error`
    maps to (the mapping lives in core, shared with the app)."""
    _say(str(error) if message is None else message)
    raise click.exceptions.Exit(exit_code_for(error))


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported the first time it is read.

    A name maps to its command, or, until first read, to "module:attr".
    Click reads `group.commands` by name to run one command and iterates it
    for help, completion and "did you mean"; the names alone import nothing,
    so a command pays only for its own module, while `reflect --help` (which
    reads every summary) and anything else that walks the commands see them
    all, exactly as if they had been added one by one.
    """

    def __init__(
        self, commands: Mapping[str, click.Command], lazy: Mapping[str, str]
    ) -> None:
        twice = set(commands) & set(lazy)
        if twice:
            raise ValueError(f"commands both defined and lazy: {sorted(twice)}")
        self._by_name: dict[str, click.Command | str] = {**commands, **lazy}

    def __getitem__(self, name: str) -> click.Command:
        found = self._by_name[name]
        if isinstance(found, str):
            module, _, attr = found.partition(":")
            try:
                found = getattr(importlib.import_module(module), attr)
            except (KeyError, AttributeError) as exc:
                # Not "no such command": the table names a command wrongly.
                raise RuntimeError(f"cannot load {name!r} from {found}") from exc
            if not isinstance(found, click.Command):
                raise RuntimeError(f"{name!r} is not a command: {found!r}")
            self._by_name[name] = found
        return found

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._by_name[name] = command

    def __delitem__(self, name: str) -> None:
        del self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)


class ReflectGroup(click.Group):
    """Turns domain errors anywhere in a command into one clean line, and
    guards every word a command writes (see `cli_output`).

    `lazy` names commands by "module:attr", imported when first used (see
    `LazyCommands`).
    """

    def __init__(
        self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands, lazy or {})

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Around all of click's work, so its own error lines and prompts are
        # guarded too; the app's launch steps outside (see `cli`).
        with cli_output.guarded():
            return super().main(*args, **kwargs)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # click does not read NO_COLOR itself; every command's context
        # inherits this, so click.style's codes are dropped before writing.
        if cli_output.no_color():
            extra.setdefault("color", False)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Ctrl-C at our own passphrase prompt (getpass): end the ^C line.
            # Left to click, it would say "Aborted!" and exit 1, as for bad input.
            click.echo("", err=True)
            raise click.exceptions.Exit(ExitCode.INTERRUPTED) from None
        except click.exceptions.Abort as exc:
            # click's prompts turn Ctrl-C into Abort (and end the line).
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise click.exceptions.Exit(ExitCode.INTERRUPTED) from None
            raise
        except FileTaken as exc:  # every command that writes a file has --force
            _refuse(exc, f"{exc} To replace it, add --force.")
        except ReflectError as exc:
            _refuse(exc)
        except BrokenPipeError:
            # `reflect list | head` closed the pipe: nothing more to say, and
            # Python's own flush at exit must not complain either.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(ExitCode.FAILED) from None
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise Failure(f"could not use{where}: {exc.strerror or exc}") from None
        except Exception as exc:  # sqlcipher3 errors have no shared base we import
            if type(exc).__module__.startswith("sqlcipher3"):
                text = str(exc)
                if "locked" in text or "busy" in text:
                    _refuse(
                        JournalBusy("the journal is busy in another program; try again")
                    )
                _refuse(CannotOpen(f"the journal could not be read: {text}"))
            raise


@dataclass
class Settings:
    """What every command needs: where the journal is and how to get in."""

    home: Path
    home_given: bool
    config_home: Path
    find_places: Callable[[], Places] = field(repr=False)
    """How the composition root looks up `places` (see `places`)."""
    prompts_dir: Path | None = None

    def library(self) -> Library:
        """Prompt packs: shipped, the organisation's (while its file reads), the
        user's folder, then --prompts-dir."""
        from reflect.core import org
        from reflect.core.templates import load_library

        return load_library(
            org.layer_dirs(self.config_home, self.prompts_dir, self.organisation())
        )

    def frameworks(self, *, say: bool = True) -> FrameworkLibrary:
        """Competence frameworks: shipped, the organisation's, the user's.

        Read once per command. A file that was left out is said in one calm
        line on standard error (`say=False` for the app, which says it on
        screen), so `link`, `portfolio` and `review-year` never pass over a
        worker's broken file in silence.
        """
        if self._frameworks_read is None:
            from reflect.core import frameworks, org

            self._frameworks_read = frameworks.load_frameworks(
                org.framework_layers(self.config_home, self.organisation())
            )
            if say and self._frameworks_read.problems:
                _say(frameworks.skipped_words(self._frameworks_read.problems))
        return self._frameworks_read

    _frameworks_read: FrameworkLibrary | None = field(default=None, repr=False)

    _places_found: Places | None = field(default=None, repr=False)

    @property
    def places(self) -> Places:
        """The worker's folders and environment, for core and the app.

        Looked up once, when a command first needs them (the app, a jrnl
        import): finding them searches the PATH for how this reflect is run,
        which a quick note has no use for.
        """
        if self._places_found is None:
            self._places_found = self.find_places()
        return self._places_found

    _org_read: tuple[Organisation | None] | None = field(default=None, repr=False)
    """The installed organisation as first read by this command: the packs,
    the watch list and the app all ask, and one read (and one line about a
    broken file) is enough."""

    def organisation(self) -> Organisation | None:
        """The organisation file installed in the config folder, if any.

        A file that no longer reads is left out with one calm line on
        standard error, so a command (or the app) still does its job.
        """
        if self._org_read is None:
            from reflect.core import org

            found, problems = org.read_installed(self.config_home)
            if problems:
                _say(org.broken_words(problems))
            self._org_read = (found,)
        return self._org_read[0]

    def watch_list(self, journal: Journal) -> tuple[str, ...]:
        """The worker's watch list with their organisation's words added."""
        from reflect.core import org

        return org.watch_words(
            journal.preferences.load().watch_list, self.organisation()
        )

    @property
    def access(self) -> JournalAccess:
        return JournalAccess(JournalPaths(self.home))

    def init_hint(self) -> str:
        home = f" --home {self.home}" if self.home_given else ""
        return f"reflect{home} init"


def force_option(what: str) -> Callable[[F], F]:
    """`--force` for a command that writes a file the worker names.

    The one rule for all of them: an existing file is never replaced unless
    `--force` is given; the file is written beside it and linked into place,
    so even a file that appears meanwhile is not replaced.
    """
    return click.option(
        "--force",
        is_flag=True,
        help=f"Replace {what} if it already exists (without --force an existing "
        "file is never replaced).",
    )


def check_output(settings: Settings, path: Path, *, force: bool, nothing: str) -> None:
    """Refuse, before any work or passphrase, a file that cannot be written.

    The journal's own files are refused even with `--force`.
    """
    if settings.access.paths.holds(path):
        raise Failure(f"{path} is one of your journal's own files. {nothing}.")
    from reflect.core.files import check_writable

    check_writable(path, replace=force, nothing=nothing)


def has_terminal() -> bool:
    """True when a controlling terminal exists to ask on (even if stdin is piped).

    The one place the CLI decides whether it may ask. Every command calls it
    as `cli_common.has_terminal()`, never through a copy imported by name,
    so a test running the CLI in-process can say "terminal" or "none" for
    certain instead of inheriting whatever terminal the test run has.
    """
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def stdout_is_terminal() -> bool:
    """True when standard output is a terminal a person reads, not a pipe or file.

    Called as `cli_common.stdout_is_terminal()`, like `has_terminal`, so a
    test can say which it is.
    """
    try:
        return sys.stdout.isatty()
    except ValueError:  # closed
        return False


def ask_hidden(prompt: str) -> str:
    """Read a passphrase from the terminal without echo (never from stdin)."""
    import getpass

    return getpass.getpass(prompt)


def env_passphrase(
    name: str, refused: type[ReflectError] = PassphraseNeeded
) -> str | None:
    """A passphrase from the environment; empty is refused, never "unencrypted".

    Opening the journal with an empty one is "cannot open" (the default);
    choosing an empty new one is bad input (`BadPassphrase`).
    """
    value = os.environ.get(name)
    if value is not None and value == "":
        raise refused(f"${name} is set but empty; an empty passphrase is not allowed")
    return value


CLI_CACHE_KIB = 2000


def open_journal_for(
    settings: Settings, *, recover: bool = False, wait_seconds: float = WAIT_SECONDS
) -> Journal:
    """Open the journal or refuse (`CannotOpen`) with what was tried and what
    to do.

    With `recover` (only `reflect check`), a journal an interrupted swap left
    aside is brought back and stray temporaries are tidied first. With
    `wait_seconds=0` (`reflect support`), a journal being restored is
    refused at once rather than waited for, and nothing is said about it.
    """
    access = settings.access
    journal = _open(settings, access, recover, wait_seconds)
    click.get_current_context().call_on_close(journal.store.close)
    # A command reads each page about once, so SQLite's default 8 MB cache
    # only holds memory: at 100,000 entries it was most of `list --tag`'s
    # growth in peak RSS. Interior B-tree pages, the re-read ones, fit in 2 MB.
    journal.store.cache_kib(CLI_CACHE_KIB)
    return journal


def _say_waiting() -> None:
    click.echo(
        "reflect: waiting for another reflect to finish restoring the journal "
        "or changing its passphrase…",
        err=True,
    )


def need_journal(settings: Settings) -> None:
    """Refuse at once, with the way to make one, when there is no journal.

    For a command that checks its input before asking for the passphrase.
    """
    if not settings.access.exists():
        raise NoJournal(
            f"there is no journal at {settings.access.path} yet; create one with: "
            f"{settings.init_hint()}"
        )


def _open(
    settings: Settings, access: JournalAccess, recover: bool, wait_seconds: float
) -> Journal:
    need_journal(settings)

    def attempt(passphrase: str | None) -> Journal:
        return access.open(
            passphrase,
            recover=recover,
            on_wait=_say_waiting if wait_seconds > 0 else None,
            wait_seconds=wait_seconds,
        )

    if not access.needs_passphrase():
        return attempt(None)
    given = env_passphrase("REFLECT_PASSPHRASE")
    if given is not None:
        return attempt(given)
    if not has_terminal():
        raise PassphraseNeeded(
            "the journal is encrypted and there is no terminal to ask for the "
            "passphrase; set REFLECT_PASSPHRASE or run reflect in a terminal"
        )
    for tries in range(1, TRIES + 1):
        try:
            return attempt(ask_hidden("Passphrase: "))
        except WrongPassphrase:
            if tries == TRIES:
                raise
            click.echo("That passphrase did not open the journal. Try again.", err=True)
    raise AssertionError("unreachable")


def new_passphrase(variable: str) -> str:
    """A new passphrase from `variable` or asked twice on the terminal."""
    given = env_passphrase(variable, BadPassphrase)
    if given is not None:
        return given
    if not has_terminal():
        raise PassphraseNeeded(
            f"there is no terminal to ask for a new passphrase; set {variable} "
            "or run reflect in a terminal"
        )
    click.echo(
        "Choose a passphrase. It cannot be recovered if you forget it.", err=True
    )
    while True:
        first = ask_hidden("New passphrase: ")
        if not first:
            click.echo("An empty passphrase is not allowed.", err=True)
            continue
        from reflect.core.passphrase import strength_hint

        click.echo(strength_hint(first), err=True)
        if ask_hidden("Type it again: ") == first:
            return first
        click.echo("The two did not match. Let's try again.", err=True)


def parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--since"
        ) from None


def print_json(data: Any) -> None:
    """JSON for scripts: lossless, with nothing in it live for a terminal."""
    import json

    click.echo(json_escaped(json.dumps(data, ensure_ascii=False, indent=2)))


def shown(text: str) -> str:
    """A person's words on their way to the terminal: every command prints
    what people typed through here, so control and bidi code points are
    shown as visible marks by core's one sanitiser, never passed on."""
    return visible(text)


def flat(text: str) -> str:
    """`text` on one line: a list prints one line an entry, and a title with
    a line break in it (imported, or shared by someone) would otherwise
    print what looks like another entry."""
    return " ".join(text.split())


def entry_line(entry: Any) -> str:
    flags = "  [draft]" if entry.status == "draft" else ""
    tags = "  " + " ".join(f"#{t}" for t in entry.tags) if entry.tags else ""
    title = flat(entry.title) or "(untitled)"
    return shown(
        f"{entry.id[:8]}  {local_display(entry.created_at)}  {title}{tags}{flags}"
    )


def blocks_text(blocks: Sequence[Block]) -> str:
    """An entry's blocks as terminal lines: the words exactly as written.

    Nothing is escaped or marked up: the title and questions are bold on a
    terminal (click drops the styling when the output goes to a file or a
    pipe), and a comment's lines are indented under whose it is.
    """
    from reflect.core.reading import gap_before

    out: list[str] = []
    for n, block in enumerate(blocks):
        if n and gap_before(blocks, n):
            out.append("")
        text = shown(block.text)
        if block.kind in ("title", "heading"):
            out.append(click.style(text, bold=True))
        elif block.kind in ("facts", "none"):
            out.append(click.style(text, dim=True))
        elif block.kind == "items":
            out += [f"- {line}" for line in text.splitlines()]
        elif block.kind == "comment":
            when = f" {shown(block.when)}" if block.when else ":"
            out.append(click.style(shown(block.by), bold=True) + when)
            out += [f"  {line}".rstrip() for line in text.splitlines()]
        else:
            out.append(text)
    return "\n".join(out) + "\n"


pass_settings = click.make_pass_decorator(Settings)
