"""The `reflect` command: the composition root.

This is the only module that reads the environment and decides where the
journal lives. It finds the passphrase (a hidden prompt on the terminal, or
`$REFLECT_PASSPHRASE`, never standard input, which belongs to commands such as
`echo text | reflect note`), opens the journal once, and runs one command.
Textual is imported only when the TUI starts, so `reflect list` stays quick.

Every failure is one line on standard error: exit 3 when the journal cannot be
opened, 1 for other bad input, 2 for command-line misuse (click's own).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.clock import local_display, parse_iso
from reflect.core.errors import (
    BadPassphrase,
    CannotOpen,
    NoJournal,
    PassphraseNeeded,
    ReflectError,
    WrongPassphrase,
)
from reflect.core.journal import Journal
from reflect.core.passphrase import strength_hint
from reflect.core.paths import JournalPaths, default_home, write_private_bytes

TRIES = 3


class Failure(click.ClickException):
    """A one-line error with reflect's exit status (1 or 3)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"reflect: {self.message}", err=True)


class ReflectGroup(click.Group):
    """Turns domain errors anywhere in a command into one clean line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReflectError as exc:
            raise Failure(str(exc), exc.exit_code) from None
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise Failure(f"could not use{where}: {exc.strerror or exc}") from None
        except Exception as exc:  # sqlcipher3 errors have no shared base we import
            if type(exc).__module__.startswith("sqlcipher3"):
                text = str(exc)
                if "locked" in text or "busy" in text:
                    raise Failure(
                        "the journal is busy in another program; try again", 3
                    ) from None
                raise Failure(f"the journal could not be read: {text}", 3) from None
            raise


@dataclass
class Settings:
    """What every command needs: where the journal is and how to get in."""

    home: Path
    home_given: bool

    @property
    def access(self) -> JournalAccess:
        return JournalAccess(JournalPaths(self.home))

    def init_hint(self) -> str:
        home = f" --home {self.home}" if self.home_given else ""
        return f"reflect{home} init"


def _has_terminal() -> bool:
    """True when a controlling terminal exists to ask on (even if stdin is piped)."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def _ask_hidden(prompt: str) -> str:
    """Read a passphrase from the terminal without echo (never from stdin)."""
    return getpass.getpass(prompt)


def _env_passphrase(name: str, exit_code: int = 3) -> str | None:
    """A passphrase from the environment; empty is refused, never "unencrypted".

    Opening with an empty one is "cannot open" (3); choosing an empty new one
    is bad input (1).
    """
    value = os.environ.get(name)
    if value is not None and value == "":
        raise Failure(
            f"${name} is set but empty; an empty passphrase is not allowed", exit_code
        )
    return value


def open_journal_for(settings: Settings) -> Journal:
    """Open the journal or exit 3 with what was tried and what to do."""
    access = settings.access
    journal = _open(settings, access)
    click.get_current_context().call_on_close(journal.store.close)
    return journal


def _open(settings: Settings, access: JournalAccess) -> Journal:
    if not access.exists():
        raise NoJournal(
            f"there is no journal at {access.path} yet; create one with: "
            f"{settings.init_hint()}"
        )
    if not access.needs_passphrase():
        return access.open(None)
    given = _env_passphrase("REFLECT_PASSPHRASE")
    if given is not None:
        return access.open(given)
    if not _has_terminal():
        raise PassphraseNeeded(
            "the journal is encrypted and there is no terminal to ask for the "
            "passphrase; set REFLECT_PASSPHRASE or run reflect in a terminal"
        )
    for attempt in range(1, TRIES + 1):
        try:
            return access.open(_ask_hidden("Passphrase: "))
        except WrongPassphrase:
            if attempt == TRIES:
                raise
            click.echo("That passphrase did not open the journal. Try again.", err=True)
    raise AssertionError("unreachable")


def _new_passphrase(variable: str) -> str:
    """A new passphrase from `variable` or asked twice on the terminal."""
    given = _env_passphrase(variable, exit_code=1)
    if given is not None:
        return given
    if not _has_terminal():
        raise PassphraseNeeded(
            f"there is no terminal to ask for a new passphrase; set {variable} "
            "or run reflect in a terminal"
        )
    click.echo(
        "Choose a passphrase. It cannot be recovered if you forget it.", err=True
    )
    while True:
        first = _ask_hidden("New passphrase: ")
        if not first:
            click.echo("An empty passphrase is not allowed.", err=True)
            continue
        click.echo(strength_hint(first), err=True)
        if _ask_hidden("Type it again: ") == first:
            return first
        click.echo("The two did not match. Let's try again.", err=True)


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--since"
        ) from None


def _print_json(rows: list[dict[str, Any]]) -> None:
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


def _line(entry: Any) -> str:
    flags = "  [draft]" if entry.status == "draft" else ""
    tags = "  " + " ".join(f"#{t}" for t in entry.tags) if entry.tags else ""
    title = entry.title or "(untitled)"
    return f"{entry.id[:8]}  {local_display(entry.created_at)}  {title}{tags}{flags}"


@click.group(cls=ReflectGroup, invoke_without_command=True)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REFLECT_HOME",
    help="Folder holding the journal (default: your user data folder).",
)
@click.option("--demo", is_flag=True, help="Open a throwaway journal with sample data.")
@click.version_option(package_name="reflect")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, demo: bool) -> None:
    """reflect: a private, encrypted reflective-practice journal.

    With no command, starts the journal app in the terminal.
    """
    from_flag = (
        ctx.get_parameter_source("home") == click.core.ParameterSource.COMMANDLINE
    )
    ctx.obj = Settings(home=home or default_home(), home_given=from_flag)
    if ctx.invoked_subcommand is None:
        from reflect.tui.launch import run_tui

        passphrase = _env_passphrase("REFLECT_PASSPHRASE")
        ctx.exit(run_tui(ctx.obj.access, passphrase=passphrase, demo=demo))


pass_settings = click.make_pass_decorator(Settings)


@cli.command()
@click.option(
    "--no-passphrase",
    is_flag=True,
    help="Create a journal that is NOT encrypted (you will be warned).",
)
@pass_settings
def init(settings: Settings, no_passphrase: bool) -> None:
    """Create a new journal (never overwrites one)."""
    access = settings.access
    if access.exists():
        raise Failure(f"a journal already exists at {access.path}; nothing was changed")
    if no_passphrase:
        click.echo(
            "Warning: without a passphrase anyone who can read this computer's "
            "files can read your journal.",
            err=True,
        )
        if _has_terminal() and not click.confirm("Create it unencrypted?", err=True):
            raise Failure("nothing was created")
        journal = access.create(None)
    else:
        journal = access.create(_new_passphrase("REFLECT_PASSPHRASE"))
    journal.store.close()
    state = "unencrypted" if no_passphrase else "encrypted"
    click.echo(f"Created an {state} journal at {access.path}")


@cli.command()
@click.argument("text", required=False)
@click.option("--tag", "tags", multiple=True, help="Tag the note (repeatable).")
@click.option("--for-supervision", is_flag=True, help="Bring this to supervision.")
@click.option("--ask", help="What you want from supervision on this.")
@pass_settings
def note(
    settings: Settings,
    text: str | None,
    tags: tuple[str, ...],
    for_supervision: bool,
    ask: str | None,
) -> None:
    """Save a quick note (TEXT, or standard input); prints its id."""
    journal = open_journal_for(settings)  # before reading: a refusal reads nothing
    if text is None:
        if sys.stdin.isatty():
            click.echo("Type your note; finish with Ctrl-D on a new line.", err=True)
        text = sys.stdin.read()
    entry = journal.add_note(text, tags=tags, for_supervision=for_supervision, ask=ask)
    click.echo(entry.id)


@cli.command("list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0))
@click.option("--tag", help="Only entries with this tag.")
@click.option(
    "--since", help="Only entries written on or after this date (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def list_(
    settings: Settings, limit: int, tag: str | None, since: str | None, as_json: bool
) -> None:
    """List entries, newest first."""
    since_at = _parse_since(since)
    journal = open_journal_for(settings)
    entries = journal.list_entries(limit=limit, tag=tag, since=since_at)
    if as_json:
        _print_json([e.as_json() for e in entries])
        return
    for entry in entries:
        click.echo(_line(entry))
    if not entries:
        click.echo(
            "No entries yet." if not (tag or since) else "No entries match.", err=True
        )


@cli.command()
@click.argument("entry_id")
@pass_settings
def show(settings: Settings, entry_id: str) -> None:
    """Print one entry as Markdown (a unique id prefix is enough)."""
    from reflect.core.export import entry_markdown

    journal = open_journal_for(settings)
    click.echo(entry_markdown(journal.get(entry_id)), nl=False)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def search(
    settings: Settings, query: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Search titles and text, best match first."""
    journal = open_journal_for(settings)
    hits = journal.search(" ".join(query), limit=limit)
    if as_json:
        _print_json([h.as_json() for h in hits])
        return
    for hit in hits:
        click.echo(_line(hit.entry))
        click.echo("    " + " ".join(hit.snippet.split()))
    if not hits:
        click.echo("Nothing found.", err=True)


def _write_out(path: Path, writer: Callable[[IO[str]], int]) -> int:
    """Write an export to `path` atomically, 0600."""
    import io

    buffer = io.StringIO()
    count = writer(buffer)
    write_private_bytes(path, buffer.getvalue().encode("utf-8"))
    return count


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export every entry (to standard output, or a file with -o)."""
    from reflect.core import export as exporter

    journal = open_journal_for(settings)

    def writer(out: IO[str]) -> int:
        if fmt == "json":
            return exporter.write_json(journal, out, now=journal.now)
        return exporter.write_markdown(journal, out)

    if output is None:
        writer(sys.stdout)
        return
    try:
        count = _write_out(output, writer)
    except OSError as exc:  # name the file asked for, not our temporary one
        raise Failure(f"could not write {output}: {exc.strerror or exc}") from None
    click.echo(
        f"Wrote {count} entries to {output}. This file is NOT encrypted: "
        "keep it somewhere safe.",
        err=True,
    )


@cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_settings
def import_(settings: Settings, path: Path) -> None:
    """Import a reflect JSON export (entries already present are skipped)."""
    from reflect.core import export as exporter

    journal = open_journal_for(settings)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # a backup or other binary file picked by mistake
        raise Failure(
            f"{path} is not a reflect JSON export (it is not UTF-8 text); "
            "nothing was imported"
        ) from None
    entries = exporter.read_json(text)
    report = exporter.import_entries(journal, entries)
    click.echo(
        f"Imported {report.added} new, updated {report.updated}, "
        f"{report.unchanged} already present."
    )


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def backup(settings: Settings, output: Path | None) -> None:
    """Copy the journal, still encrypted (default: backups/, last ten kept)."""
    journal = open_journal_for(settings)
    if output is None:
        dest = storage.backup_to_folder(
            journal.store, settings.access.paths.backups, now=journal.now
        )
    else:
        dest = storage.backup(journal.store, output)
    click.echo(str(dest))


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_settings
def restore(settings: Settings, path: Path) -> None:
    """Replace the journal with a backup; the current one is kept aside."""
    journal = open_journal_for(settings)
    reopened, aside = storage.restore(journal.store, path, now=journal.now)
    reopened.close()
    click.echo(f"Restored from {path}. The journal it replaced is kept at {aside}")


@cli.command()
@pass_settings
def check(settings: Settings) -> None:
    """Check the journal's integrity; prints ok or what is wrong."""
    journal = open_journal_for(settings)
    problems = storage.check(journal.store)
    if problems:
        for problem in problems:
            click.echo(problem)
        raise Failure(f"the journal has {len(problems)} problem(s)")
    click.echo("ok")


@cli.command()
@pass_settings
def passphrase(settings: Settings) -> None:
    """Change the passphrase, or add one to an unencrypted journal."""
    journal = open_journal_for(settings)
    new = _new_passphrase("REFLECT_NEW_PASSPHRASE")
    try:
        reopened = storage.change_passphrase(journal.store, new)
    except BadPassphrase as exc:
        raise Failure(str(exc)) from None
    reopened.close()
    click.echo(
        "Passphrase changed. Backups made before now still need the old one.",
        err=True,
    )


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        cli.main(prog_name="reflect")
    except KeyboardInterrupt:
        click.echo("", err=True)
        sys.exit(130)
    except CannotOpen as exc:  # raised outside a subcommand (the TUI launch)
        click.echo(f"reflect: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(0)
