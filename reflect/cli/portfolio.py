"""`reflect portfolio` (and, beside it, `reflect link` and `reflect unlink`):
the worker's reflections laid over a competence framework, from a script.

Every value is checked before the journal is opened, so a refusal is one
line, exit 1, and nothing is read or changed.
"""

from __future__ import annotations

import click

from reflect.cli.common import (
    Settings,
    open_journal_for,
    pass_settings,
    print_json,
    shown,
)
from reflect.core import portfolio_summary as summary
from reflect.core.supervision import parse_day

# ---- reflect portfolio ----------------------------------------------------


@click.command("portfolio")
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="Which framework (default: the only one, else hee-mhpsw-2020).",
)
@click.option(
    "--since", metavar="DATE", help="Only reflections written on or after this day."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def portfolio(
    settings: Settings, framework_id: str | None, since: str | None, as_json: bool
) -> None:
    """How your reflections map onto a competence framework: per area, how
    many and when, your latest 'what this shows' lines, and the areas with
    nothing linked yet."""
    start = parse_day(since, "date for --since") if since is not None else None
    framework = summary.choose(settings.frameworks(), framework_id)
    journal = open_journal_for(settings)
    view = journal.portfolio.view(framework, since=start)
    if as_json:
        print_json(summary.as_json(view))
        return
    click.echo(shown(framework.title))
    if start is not None:
        click.echo(f"Reflections written since {start:%d %b %Y}.")
    empty = False
    for group in summary.domains(view):
        click.echo("")
        click.echo(f"{shown(group.domain.title)}  {group.heading}")
        for area in group.areas:
            click.echo(f"  {shown(area.area.title)}")
            click.echo(f"    {summary.area_line(area)}")
            for line in summary.latest_lines(area):
                click.echo(f"    \u201c{shown(line)}\u201d")
            if title := summary.stand_in(area):
                click.echo(f"    {shown(title)}")
            empty = empty or not area.count
    if view.unknown:
        click.echo("")
        click.echo(shown(summary.unknown_words(view)))
    if empty:
        click.echo("")
        click.echo(
            f"Link a reflection with: reflect link ID {shown(framework.id)}:AREA "
            "--note 'what this shows'"
        )


PORTFOLIO_COMMANDS = (portfolio,)
