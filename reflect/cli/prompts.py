"""`reflect prompts`: list, show and check prompt packs.

These commands never need the journal: a supervisor can check a pack they
are writing on a machine with no journal at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from reflect.cli.common import Settings, print_json, shown
from reflect.core.exits import ExitCode
from reflect.core.templates import Library, check_paths


def _library(settings: Settings) -> Library:
    """Load the packs, reporting (not failing on) any that were skipped."""
    library = settings.library()
    for problem in library.problems:
        click.echo(f"reflect: skipped a prompt pack: {shown(str(problem))}", err=True)
    return library


@click.group()
def prompts() -> None:
    """Prompt packs: the reflective models and themes reflect can guide you through."""


@prompts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def list_packs(settings: Settings, as_json: bool) -> None:
    """List the packs: id, title, kind, functions, minutes and steps."""
    packs = _library(settings).by_kind()
    if as_json:
        click.echo(json.dumps([p.summary_json() for p in packs], indent=2))
        return
    width = max((len(p.id) for p in packs), default=0)
    kind = None
    for pack in packs:
        if pack.kind != kind:
            kind = pack.kind
            click.echo(("\n" if kind != packs[0].kind else "") + _heading(kind))
        steps = "1 step" if len(pack.steps) == 1 else f"{len(pack.steps)} steps"
        about = f"{steps}, about {pack.minutes} min"
        if pack.functions:  # an organisation's or a worker's pack may name none
            about += f"; {', '.join(pack.functions)}"
        click.echo(shown(f"  {pack.id:<{width}}  {pack.title} ({about})"))


def _heading(kind: str) -> str:
    return {
        "model": "Reflective models",
        "theme": "Peer-work themes",
        "check-in": "Check-ins",
        "supervision": "Supervision",
    }[kind]


@prompts.command("show")
@click.argument("pack_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show_pack(settings: Settings, pack_id: str, as_json: bool) -> None:
    """Show one pack's questions."""
    library = _library(settings)
    pack = library.get(pack_id)
    if as_json:
        data: dict[str, Any] = pack.as_json()
        data["source"] = str(library.sources[pack.id])
        print_json(data)
        return
    click.echo(shown(f"{pack.title}  ({pack.id}, version {pack.version}, {pack.kind})"))
    click.echo(
        shown(
            f"About {pack.minutes} minute{'s' if pack.minutes != 1 else ''}. "
            f"{pack.summary}"
        )
    )
    if pack.functions:
        click.echo(shown(f"Supervision functions: {', '.join(pack.functions)}"))
    if pack.tags:
        click.echo(shown(f"Tags: {', '.join(pack.tags)}"))
    if pack.containment:
        click.echo(
            "Written for hard material: the gist is enough, and it ends by "
            "asking how you are leaving it."
        )
    for n, step in enumerate(pack.steps, 1):
        optional = " (optional)" if step.optional else ""
        click.echo(shown(f"\n{n}. {step.question}{optional}"))
        if step.hint:
            click.echo(shown(f"   {step.hint}"))
        for follow_up in step.follow_ups:
            click.echo(shown(f"   - {follow_up}"))
        if step.labels:
            click.echo(
                "   "
                + "  ".join(
                    f"{i}={shown(label)}" for i, label in enumerate(step.labels, 1)
                )
            )
        if step.choices:
            click.echo("   choose: " + shown(" / ".join(step.choices)))
        if step.input not in ("text", "scale", "choice"):
            click.echo(f"   ({step.input})")


@prompts.command("check")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
def check_packs(paths: tuple[Path, ...]) -> None:
    """Check pack files (or folders of them); one line per problem."""
    problems = check_paths(paths)
    for problem in problems:
        click.echo(shown(str(problem)))
    if problems:
        raise click.exceptions.Exit(ExitCode.FAILED)
    click.echo("ok")
