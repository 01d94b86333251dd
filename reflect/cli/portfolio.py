"""`reflect portfolio`, `reflect link` and `reflect unlink`: the worker's
reflections laid over a competence framework, from a script.

`link ID FRAMEWORK:AREA [--note TEXT]` says an entry shows an area of a
framework, with a line in the worker's own words (linking again changes
that line); `unlink` takes a link away. Both go through `journal.portfolio`,
as the app's link dialog does. Every value (framework, area, line, date) is
checked before the journal is opened, so a refusal is one line, exit 1, and
nothing is read or changed.
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
from reflect.core.frameworks import split_ref
from reflect.core.portfolio import tidy_note
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
            "Where an area has nothing linked yet, a reflection on a time it came "
            "up in your work could show it."
        )
        click.echo(
            f"Link a reflection with: reflect link ID {shown(framework.id)}:AREA "
            "--note 'what this shows'"
        )


# ---- reflect link and unlink ----------------------------------------------


@click.command()
@click.argument("entry_id")
@click.argument("area", metavar="FRAMEWORK:AREA")
@click.option(
    "--note",
    default="",
    help="What this shows, in a line (linking again changes it).",
)
@pass_settings
def link(settings: Settings, entry_id: str, area: str, note: str) -> None:
    """Link an entry to an area of a competence framework, such as
    hee-mhpsw-2020:self-care (see: reflect frameworks list)."""
    framework_id, area_id = split_ref(area)
    framework = settings.frameworks().get(framework_id)
    _, found = framework.area(area_id)  # refused before the passphrase: an
    tidy_note(note)  # unknown area, or an overlong line
    journal = open_journal_for(settings)
    made = journal.portfolio.link(entry_id, framework, area_id, note)
    title = journal.entries.get(made.entry_id).title or "Untitled"
    said = f"Linked '{title}' to {found.title} ({made.ref})"
    if made.note:
        said += f": {made.note}"
    click.echo(shown(said))


@click.command()
@click.argument("entry_id")
@click.argument("area", metavar="FRAMEWORK:AREA")
@pass_settings
def unlink(settings: Settings, entry_id: str, area: str) -> None:
    """Take away an entry's link to a framework area.

    Works even when the framework file has gone or no longer has the area,
    so no link is ever stuck.
    """
    framework_id, area_id = split_ref(area)
    journal = open_journal_for(settings)
    gone = journal.portfolio.unlink(entry_id, framework_id, area_id)
    title = journal.entries.get(gone.entry_id).title or "Untitled"
    click.echo(shown(f"Unlinked '{title}' from {gone.ref}"))
