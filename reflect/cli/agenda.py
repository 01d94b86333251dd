"""`reflect agenda`, `reflect sessions`, `reflect session show`: supervision on paper.

The agenda and session records leave the journal as Markdown or one printable
HTML file. Standard output by default; with `-o` the file is written
atomically and owner-only, and the worker is told it is not encrypted, since
that is the moment their words leave the journal. The renderers (and
markdown-it) are imported only inside these commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli.common import (
    F,
    Settings,
    check_output,
    force_option,
    open_journal_for,
    pass_settings,
    print_json,
    shown,
)
from reflect.core.errors import NotFound
from reflect.core.files import not_encrypted, write_file

FORMATS = click.Choice(["markdown", "html"])
NOT_SAVED = "Nothing was saved"


def _deliver(text: str, output: Path | None, what: str, force: bool) -> None:
    """Print, or write 0600 atomically and warn that the file is plain text."""
    if output is None:
        click.echo(shown(text), nl=False)
        return
    # One calm line naming the path asked for, as the app says it; a file
    # there is replaced only with --force, even one made since the check.
    write_file(output, text.encode("utf-8"), replace=force, nothing=NOT_SAVED)
    click.echo(f"Wrote the {what} to {output}. {not_encrypted()}", err=True)


def _output_options(command: F) -> F:
    """`-o FILE` and `--force`, the same for the agenda and a session record."""
    command = force_option("the -o file")(command)
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),  # a folder: one line from _deliver
        help="Write to this file (owner-only) instead of standard output.",
    )(command)


@click.command()
@click.option("--format", "fmt", type=FORMATS, default="markdown", show_default=True)
@_output_options
@pass_settings
def agenda(settings: Settings, fmt: str, output: Path | None, force: bool) -> None:
    """Print the supervision agenda (the saved preparation, else every candidate)."""
    from reflect.core.export import agenda as agenda_render

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=NOT_SAVED)
    check_in = settings.library().packs.get("wellbeing")
    journal = open_journal_for(settings)
    built = journal.agenda.gather(check_in)
    render = (
        agenda_render.agenda_html if fmt == "html" else agenda_render.agenda_markdown
    )
    _deliver(render(built), output, "agenda", force)


@click.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def sessions(settings: Settings, limit: int, as_json: bool) -> None:
    """List session records, most recent first."""
    journal = open_journal_for(settings)
    found = journal.supervision.sessions(limit=limit)
    if as_json:
        print_json([s.as_json() for s in found])
        return
    for s in found:
        times = "–".join(t for t in (s.start, s.end) if t)
        signed = "signed" if s.agreed and s.supervisor_signed else "not signed yet"
        parts = [s.id[:8], s.day.isoformat(), times, s.type, f"{len(s.items)} items"]
        click.echo(shown("  ".join(p for p in parts if p) + f"  ({signed})"))
    if not found:
        click.echo("No session records yet.", err=True)


@click.group()
def session() -> None:
    """Session records: show one as Markdown or printable HTML."""


@session.command("show")
@click.argument("session_id")
@click.option("--format", "fmt", type=FORMATS, default="markdown", show_default=True)
@_output_options
@pass_settings
def show(
    settings: Settings, session_id: str, fmt: str, output: Path | None, force: bool
) -> None:
    """Print one session record (a unique id prefix is enough)."""
    from reflect.core.export import agenda as agenda_render

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=NOT_SAVED)
    journal = open_journal_for(settings)
    found = journal.supervision.session(session_id)
    actions = []
    for action_id in found.actions:
        try:
            actions.append(journal.supervision.action(action_id))
        except NotFound:
            continue
    render = (
        agenda_render.session_html if fmt == "html" else agenda_render.session_markdown
    )
    _deliver(render(found, actions), output, f"record of {found.day:%d %b %Y}", force)


AGENDA_COMMANDS = (agenda, sessions, session)
