"""`reflect import --from jrnl`: a jrnl journal in, every line accounted for.

Problems go to standard error one per line, then a summary that adds up to
every entry in the file; a progress bar is shown only on a terminal, so
scripts and logs see the same lines and nothing else.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from reflect.cli import output as cli_output
from reflect.cli.common import Failure, Settings, open_journal_for, shown
from reflect.core.jrnl import files as jrnl_files
from reflect.core.jrnl.config import settings_for
from reflect.core.jrnl.format import JrnlEntry
from reflect.core.jrnl.importing import REVIEW_TAG, JrnlImportReport, import_jrnl

# Below this many lines (or day files) the import is over before a bar helps.
_BAR_FROM = 20_000


def import_from_jrnl(
    settings: Settings, path: Path, config: Path | None, skip_unparsed: bool
) -> None:
    """Read the jrnl journal at `path` (`-`: standard input) and add it."""
    piped = str(path) == "-"
    places = settings.places
    program = places.command(settings.home if settings.home_given else None)
    jrnl = settings_for(config, path, program, places)
    # Every check runs before the journal is even opened, so an encrypted or
    # foreign file changes nothing. A pipe (jrnl decrypting for us) is read
    # whole first: jrnl asks for its passphrase before reflect asks for ours.
    if piped:
        if sys.stdin.isatty():
            raise Failure(
                "- reads jrnl's text export from a pipe, for example: "
                "jrnl --export txt | reflect import --from jrnl -"
            )
        data: bytes = sys.stdin.buffer.read()
        if not data or data.isspace():  # (strip() would copy 200 MB)
            raise Failure(
                "nothing came in on standard input, so nothing was imported "
                "(did jrnl stop, after a wrong passphrase perhaps?)"
            )
        entries = jrnl_files.read_piped(data, jrnl)
        del data  # the decoded text is all the reader keeps
    else:
        entries = jrnl_files.read_journal(path, jrnl)
    journal = open_journal_for(settings)
    with _progress(None if piped else path) as step:
        report = import_jrnl(
            journal,
            entries,
            name=jrnl_files.PIPE if piped else path.name,
            skip_unparsed=skip_unparsed,
            progress=step,
        )
    for line in report.problems:
        click.echo(f"  {shown(line)}", err=True)
    click.echo(shown(summary(report)))


def summary(report: JrnlImportReport) -> str:
    """The closing line: imported, already present, needing review."""
    text = report.headline(" from jrnl")
    listing = f"reflect list --tag {REVIEW_TAG}"
    if report.review_total > 20:  # list shows 20 by default
        listing += f" --limit {report.review_total}"
    if report.review_already:
        verb = "was" if report.review_already == 1 else "were"
        text += (
            f" {report.review_already:,} of those {verb} kept for you to review "
            "when you imported before."
        )
    if report.review or report.review_already:
        text += f" The lines to review are listed above; to see them: {listing}"
    if report.changed:
        text += (
            f" {_count(report.changed, 'entry has', 'entries have')} changed in "
            "jrnl since an earlier import: the new words are a new note, beside "
            "the old one."
        )
    if report.skipped:
        text += f" {report.skipped:,} left out (--skip-unparsed), listed above."
    if report.not_read:
        text += (
            f" {report.not_read:,} other files or folders in it were not read "
            "(listed above)."
        )
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@contextmanager
def _progress(path: Path | None) -> Iterator[Callable[[JrnlEntry], None] | None]:
    """A bar on standard error for large journals, when it is a terminal.

    The size is only counted for a terminal: a script pays no extra read.
    """
    total, unit = _size(path) if path and _terminal() else (0, "lines")
    if not _show_bar(total):
        yield None
        return
    with cli_output.progress_bar("Importing", total) as reach:
        sources: set[str] = set()

        def step(entry: JrnlEntry) -> None:
            if unit == "lines":
                reach(entry.line)
            elif entry.source not in sources:
                sources.add(entry.source)
                reach(len(sources))

        yield step


def _terminal() -> bool:
    return sys.stderr.isatty()


def _show_bar(total: int) -> bool:
    return total >= _BAR_FROM


def _size(path: Path) -> tuple[int, str]:
    """How much there is to read: lines of a file, or day files of a folder."""
    if path.is_dir():
        days, _ = jrnl_files.folder_files(path)  # the reader's walk, not rglob
        return len(days), "files"
    lines = 0
    with path.open("rb") as raw:
        while block := raw.read(1 << 20):
            lines += block.count(b"\n")
    return lines + 1, "lines"
