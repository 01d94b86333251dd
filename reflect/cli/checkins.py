"""`reflect checkin` and `reflect checkins`: the wellbeing check-in from a script.

Values are checked against the `wellbeing` pack's dimensions and the 1-5
range before anything is saved; a refusal names both and changes nothing.
"""

from __future__ import annotations

import shutil

import click

from reflect.cli import common as cli_common
from reflect.cli.common import (
    Failure,
    Settings,
    open_journal_for,
    parse_since,
    pass_settings,
    print_json,
    shown,
)
from reflect.cli.support import organisation_for
from reflect.core import checkins as core
from reflect.core import support


def _parse_set(pairs: tuple[str, ...], names: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        try:
            number = int(value) if sep else None
        except ValueError:  # "2.5", "three", "--3"
            number = None
        if number is None:
            raise Failure(
                f"--set takes DIMENSION=N with N from 1 to 5, such as energy=3; "
                f"the dimensions are {', '.join(names)}; got {pair!r}"
            )
        scores[name.strip()] = number
    return scores


@click.command()
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="DIM=N",
    help="A score, 1 to 5 (5 is doing well). DIM is one of energy, satisfaction, "
    "carrying, connection, recovery, role, workload, safety.",
)
@click.option("--note", default=None, help="A few words, if you want.")
@click.option(
    "--bring/--no-bring",
    default=None,
    help="Bring this check-in to supervision (unchanged if not given).",
)
@pass_settings
def checkin(
    settings: Settings, pairs: tuple[str, ...], note: str | None, bring: bool | None
) -> None:
    """Check in (once a day; again the same day edits it). 5 is doing well."""
    template = settings.library().get("wellbeing")
    dims = core.dimensions(template)
    scores = _parse_set(pairs, [d.id for d in dims])
    if scores:
        core.validate(scores, dims)  # refuse before asking for the passphrase
    journal = open_journal_for(settings)
    if not scores:
        if not cli_common.has_terminal():
            names = ", ".join(d.id for d in dims)
            raise Failure(f"no terminal to ask on; give --set DIM=N for: {names}")
        width = shutil.get_terminal_size().columns
        for dim in dims:
            choices = [f"{n}={label}" for n, label in enumerate(dim.labels, 1)]
            scale = "\n".join(choice_lines(choices, width))
            click.echo(shown(f"{dim.question}\n{scale}"), err=True)
            scores[dim.id] = click.prompt(
                f"  {shown(dim.name)}", type=click.IntRange(1, 5), err=True
            )
    saved = journal.checkins.save(template, scores, note=note, bring=bring)
    click.echo(f"Checked in for {saved.day.isoformat()}.")
    if support.lowest_point(saved.scores):
        # Offered, never asked: two lines on stderr, so a script's output
        # stays as it was and nothing waits for an answer.
        lines = support.after_checkin(
            organisation_for(settings), support.national_lines(settings.config_home)
        )
        click.echo(shown(lines), err=True)


def choice_lines(choices: list[str], width: int) -> list[str]:
    """The scale's choices on as few indented lines as fit `width`, never
    breaking inside one: a terminal's own wrapping cut "running low" after
    "runn" at 80 columns."""
    lines: list[str] = []
    line = ""
    for choice in choices:
        joined = f"{line}  {choice}" if line else f"  {choice}"
        if line and len(joined) > width - 1:
            lines.append(line)
            joined = f"  {choice}"
        line = joined
    return [*lines, line] if line else lines


@click.command("checkins")
@click.option("--since", help="Only check-ins on or after this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def checkins_(settings: Settings, since: str | None, as_json: bool) -> None:
    """List check-ins, oldest first, with a sparkline per dimension."""
    since_at = parse_since(since)
    template = settings.library().get("wellbeing")
    journal = open_journal_for(settings)
    found = journal.checkins.list(since=since_at.date() if since_at else None)
    if as_json:
        print_json([c.as_json() for c in found])
        return
    if not found:
        click.echo("No check-ins yet. Try: reflect checkin", err=True)
        return
    dims = core.dimensions(template)
    width = max(len(d.name) for d in dims)
    for dim in dims:
        values = core.series(found, dim.id)
        latest = f" {values[-1]}" if values else ""
        line = core.sparkline(core.timeline(found, dim.id))
        click.echo(shown(f"{dim.name:<{width}}  {line}{latest}"))
    notes = [c for c in found if c.note]
    for c in notes:
        click.echo(shown(f"{c.day.isoformat()}  {c.note}"))
