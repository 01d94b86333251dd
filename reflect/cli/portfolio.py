"""The portfolio from the command line: linking entries to framework areas.

`reflect link ID FRAMEWORK:AREA [--note TEXT]` says an entry shows an area
of a competence framework, with a line in the worker's own words; linking
again changes that line. `reflect unlink ID FRAMEWORK:AREA` takes a link
away. Both go through `journal.portfolio`, as the app's link dialog does.
The framework and area are checked before the passphrase is asked for, so a
typo costs nothing.
"""

from __future__ import annotations

import click

from reflect.cli.common import (
    Settings,
    open_journal_for,
    pass_settings,
    shown,
)
from reflect.core.frameworks import split_ref
from reflect.core.portfolio import tidy_note


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
    framework.area(area_id)  # refused before the passphrase: an unknown area,
    tidy_note(note)  # or an overlong line
    journal = open_journal_for(settings)
    made = journal.portfolio.link(entry_id, framework, area_id, note)
    title = journal.entries.get(made.entry_id).title or "Untitled"
    _, found = framework.area(made.area)
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


LINK_COMMANDS = (link, unlink)
