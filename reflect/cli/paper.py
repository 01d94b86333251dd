"""Words leaving the journal on paper: the one rule every such command keeps.

The agenda, a session record and the year in review all leave as Markdown or
one printable HTML page: to standard output, or with `-o` to a file written
atomically and owner-only, the worker told it is not encrypted. The privacy
scan has run first. Going to a file or a pipe, the words are on their way
somewhere else, so a finding stops them until the worker has read it and
says `--accept-findings`; on a terminal the worker is only looking, so the
page is shown and the findings follow it. Kept findings change the page's
label, so it never claims names were left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reflect.cli import common as cli_common
from reflect.cli.common import F, Failure, force_option, shown
from reflect.core.files import not_encrypted, write_file

if TYPE_CHECKING:
    from reflect.core.agenda import PaperFinding

FORMATS = click.Choice(["markdown", "html"])
NOT_SAVED = "Nothing was saved"


def deliver(
    text: str,
    output: Path | None,
    what: str,
    force: bool,
    found: Sequence[PaperFinding] = (),
    accept: bool = False,
) -> None:
    """Print, or write 0600 atomically and warn that the file is plain text.

    Findings go to standard error. They stop a file or a pipe unless
    accepted; on a terminal they follow the page.
    """
    from reflect.core.agenda import findings_summary
    from reflect.core.export.agenda import as_kept

    looking = output is None and cli_common.stdout_is_terminal()
    kind = "record" if what.startswith("record") else what

    def say_findings() -> None:
        click.echo(findings_summary(found, kind), err=True)
        for finding in found:
            click.echo(shown(f"  {finding.line()}"), err=True)

    if found and not accept and not looking:
        say_findings()
        done = "printed" if output is None else "written"
        raise Failure(
            f"nothing was {done}. Change those words in the journal, or run "
            "again with --accept-findings if they are fine to leave it"
        )
    if found:
        text = as_kept(text)  # the label must not claim names were left out
    if output is None:
        click.echo(shown(text), nl=False)
        if found:
            say_findings()
        return
    if found:
        say_findings()
    # One calm line naming the path asked for, as the app says it; a file
    # there is replaced only with --force, even one made since the check.
    write_file(output, text.encode("utf-8"), replace=force, nothing=NOT_SAVED)
    click.echo(f"Wrote the {what} to {output}. {not_encrypted()}", err=True)


def output_options(command: F) -> F:
    """`-o FILE`, `--force` and `--accept-findings`, the same for everything
    that leaves on paper."""
    command = force_option("the -o file")(command)
    command = click.option(
        "--accept-findings",
        is_flag=True,
        help="Write to the file or pipe even though the privacy scan found "
        "something (after reading it).",
    )(command)
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),  # a folder: one line from _deliver
        help="Write to this file (owner-only) instead of standard output.",
    )(command)
