"""`reflect review-year`: a year of reflection, on paper, for appraisal.

The review is put together on this machine from the journal and leaves only
as the worker asks: Markdown or one printable HTML page, to standard output
or (with `-o`) an owner-only file that is not encrypted. Its entries are the
ones the worker linked to a framework, with their "what this shows" lines;
an entry's own words go in only with `--include ID`, entry by entry. The
privacy scan stops it on the way to a file or a pipe exactly as it stops an
agenda (`paper.deliver`). The app's preview comes to the same core
functions, so both write the same words.
"""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli import paper
from reflect.cli.common import Settings, check_output, open_journal_for, pass_settings


@click.command("review-year")
@click.option(
    "--year",
    type=click.IntRange(1901, 9999),
    help="Which calendar year (this one if not given).",
)
@click.option(
    "--format", "fmt", type=paper.FORMATS, default="markdown", show_default=True
)
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="Which competence framework's coverage to show (see reflect "
    "frameworks list); the shipped one if not given.",
)
@click.option(
    "--include",
    "include",
    multiple=True,
    metavar="ID",
    help="Put this entry's own words in, not only its title and lines. "
    "Repeat for more.",
)
@paper.output_options
@pass_settings
def review_year(
    settings: Settings,
    year: int | None,
    fmt: str,
    framework_id: str | None,
    include: tuple[str, ...],
    output: Path | None,
    force: bool,
    accept_findings: bool,
) -> None:
    """Print your year in review: reflections by month, supervision, actions,
    themes, the entries you linked to a framework and its coverage."""
    from reflect.core import yearly
    from reflect.core.export import review

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=paper.NOT_SAVED)
    framework = yearly.choose_framework(settings.frameworks(), framework_id)
    packs = yearly.Packs.of(settings.library())
    journal = open_journal_for(settings)
    made = journal.yearly.gather(
        year, framework=framework, include=include, packs=packs
    )
    if framework is None:
        click.echo(
            "No competence framework found, so the review has no coverage table.",
            err=True,
        )
    if made.withheld:
        count = len(made.withheld)
        which = " ".join(entry_id[:8] for entry_id in made.withheld)
        click.echo(
            f"{'1 linked entry' if count == 1 else f'{count} linked entries'} "
            f"about your own recovery left out ({which}); add --include ID to "
            "put one in.",
            err=True,
        )
    render = review.review_html if fmt == "html" else review.review_markdown
    found = yearly.year_findings(made, settings.watch_list(journal))
    what = f"year in review for {made.year}"
    paper.deliver(render(made), output, what, force, found, accept_findings)
