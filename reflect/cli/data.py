"""Commands that move the journal as a whole: export, import, backup, restore,
check and passphrase. Each works on one open journal, in one transaction or
one atomic file swap, and leaves the journal as it was if it fails.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reflect.cli import output as cli_output
from reflect.cli.common import (
    Failure,
    Settings,
    check_output,
    force_option,
    need_journal,
    new_passphrase,
    open_journal_for,
    pass_settings,
)
from reflect.core import store as storage
from reflect.core.errors import (
    BadImport,
    BadPassphrase,
    FileTaken,
)
from reflect.core.files import not_encrypted
from reflect.core.store import swap

if TYPE_CHECKING:
    from reflect.core.journal import Journal

# Below this many entries an export is over before a bar helps.
_BAR_FROM = 5_000


@contextmanager
def _progress(journal: Journal) -> Iterator[Callable[[int], None] | None]:
    """A bar on standard error for a long export, only when it is a terminal
    (scripts and logs see the same one line and nothing else)."""
    from reflect.core.export.entries import entry_total

    total = entry_total(journal) if sys.stderr.isatty() else 0
    if total < _BAR_FROM:
        yield None
        return
    # The bar redraws every hundred entries, not for each one.
    with cli_output.progress_bar("Exporting", total, every=100) as reach:
        yield reach


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (owner-only) instead of standard output.",
)
@force_option("the -o file")
@pass_settings
def export(settings: Settings, fmt: str, output: Path | None, force: bool) -> None:
    """Export every entry (to standard output, or a file with -o)."""
    from reflect.core.export import entries as exporter

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=exporter.NOT_EXPORTED)
    journal = open_journal_for(settings)
    if output is None:
        out = cli_output.sanitising(sys.stdout)
        if fmt == "json":
            exporter.write_json(journal, out)
        else:
            exporter.write_markdown(journal, out, packs=settings.library())
        return
    packs = settings.library() if fmt == "markdown" else None
    with _progress(journal) as step:
        count = exporter.export_to_file(
            journal, output, fmt, replace=force, progress=step, packs=packs
        )
    click.echo(
        f"Wrote {count} {'entry' if count == 1 else 'entries'} to {output}. "
        + not_encrypted(),
        err=True,
    )


@click.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path, allow_dash=True))
@click.option(
    "--from",
    "source",
    type=click.Choice(["reflect", "jrnl"]),
    default="reflect",
    show_default=True,
    help="reflect: a JSON export. jrnl: a jrnl journal file or folder.",
)
@click.option(
    "--jrnl-config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="jrnl's config file, for its timestamp layout and tag symbols.",
)
@click.option(
    "--skip-unparsed",
    is_flag=True,
    help="Leave out (but still list) text jrnl could not date.",
)
@pass_settings
def import_(
    settings: Settings,
    path: Path,
    source: str,
    jrnl_config: Path | None,
    skip_unparsed: bool,
) -> None:
    """Import a reflect JSON export, or a jrnl journal with --from jrnl.

    Entries already present are skipped, so importing twice adds nothing.
    With --from jrnl, PATH may be - to read jrnl's text export from a pipe.
    """
    if source == "jrnl":
        from reflect.cli.jrnl import import_from_jrnl

        import_from_jrnl(settings, path, jrnl_config, skip_unparsed)
        return
    if jrnl_config or skip_unparsed:
        raise Failure("--jrnl-config and --skip-unparsed go with --from jrnl")
    if str(path) == "-":
        raise Failure(
            "give the reflect export's file; - (standard input) is for --from jrnl"
        )
    if path.is_dir():
        raise Failure(
            f"{path} is a folder; give the reflect JSON export file "
            "(or add --from jrnl for a jrnl folder journal)"
        )
    from reflect.core.export import entries as exporter

    need_journal(settings)
    # The whole file is checked before the passphrase is asked for.
    text = exporter.read_import_file(path)
    try:
        export = exporter.read_export(text)
    except BadImport:
        # jrnl's: a line that starts "[...date...] ", or jrnl's encryption;
        # looked for near the start only, so a huge file costs nothing more.
        stamp = re.search(r"(?m)^\[[^\]\n]*\d[^\]\n]*\] ", text[:65536])
        if text.startswith(("JRNLv3", "gAAAAA")) or stamp:
            command = shlex.join(["reflect", "import", "--from", "jrnl", str(path)])
            raise Failure(
                f"{path} looks like a jrnl journal, not a reflect export; "
                f"import it with: {command}"
            ) from None
        raise
    journal = open_journal_for(settings)
    report = exporter.import_entries(journal, export.entries, export.links)
    links = (
        ""
        if not report.links
        else f"; {report.links} portfolio link{'s' if report.links != 1 else ''} "
        "added or brought up to date"
    )
    click.echo(
        f"Imported {report.added} new, updated {report.updated}, "
        f"{report.unchanged} already present{links}."
    )


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the copy to this file instead of backups/.",
)
@force_option("the -o file")
@pass_settings
def backup(settings: Settings, output: Path | None, force: bool) -> None:
    """Copy the journal, still encrypted (default: backups/, last ten kept)."""
    if (
        output is not None and not force and os.path.lexists(output)
    ):  # no passphrase yet
        raise FileTaken(
            f"{output} already exists; choose another name. Nothing was backed up.",
            output,
        )
    journal = open_journal_for(settings)
    if output is None:
        dest = storage.backup_to_folder(
            journal.store, settings.access.paths.backups, now=journal.now
        )
    else:
        dest = storage.backup(journal.store, output, replace=force)
    click.echo(str(dest))


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--other-journal",
    is_flag=True,
    help="Allow a backup of a different journal to replace this one.",
)
@pass_settings
def restore(settings: Settings, path: Path, other_journal: bool) -> None:
    """Replace the journal with a backup; the current one is kept aside."""
    swap.ensure_alone(settings.access.path)  # before asking for anything
    journal = open_journal_for(settings)
    reopened, aside = swap.restore(
        journal.store, path, now=journal.now, other_journal=other_journal
    )
    reopened.close()
    click.echo(f"Restored from {path}. The journal it replaced is kept at {aside}")


@click.command()
@pass_settings
def check(settings: Settings) -> None:
    """Check the journal's integrity; prints ok or what is wrong.

    It also brings back a journal that an interrupted restore left aside,
    and removes temporary copies a stopped reflect left behind (only when no
    other reflect has the journal open), one line for each thing it did.
    """
    journal = open_journal_for(settings, recover=True)
    for note in journal.store.recovery_notes:
        click.echo(note)
    problems = storage.check(journal.store)
    if problems:
        for problem in problems:
            click.echo(problem)
        raise Failure(f"the journal has {len(problems)} problem(s)")
    click.echo("ok")


@click.command()
@pass_settings
def passphrase(settings: Settings) -> None:
    """Change the passphrase, or add one to an unencrypted journal."""
    swap.ensure_alone(settings.access.path)  # before asking for anything
    journal = open_journal_for(settings)
    new = new_passphrase("REFLECT_NEW_PASSPHRASE")
    try:
        reopened = swap.change_passphrase(journal.store, new)
    except BadPassphrase as exc:
        raise Failure(str(exc)) from None
    reopened.close()
    click.echo(
        "Passphrase changed. Backups made before now still need the old one.",
        err=True,
    )
