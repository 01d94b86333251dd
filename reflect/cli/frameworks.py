"""`reflect frameworks`: list, show and check competence frameworks.

Like `reflect prompts`, these never need the journal: an organisation can
check the framework file it is about to hand out on a machine with no
journal, and a worker can look up an area's `FRAMEWORK:AREA` name before
linking an entry to it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from reflect.cli.common import Settings, print_json, shown
from reflect.core import org
from reflect.core.exits import ExitCode
from reflect.core.frameworks import FrameworkLibrary, check_paths

NONE_FOUND = "No competence framework found."


@click.group()
def frameworks() -> None:
    """Competence frameworks: lenses for mapping reflections onto development."""


@frameworks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def list_frameworks(settings: Settings, as_json: bool) -> None:
    """List the frameworks found: id, title, domains and areas."""
    library = settings.frameworks()
    found = sorted(library.frameworks.values(), key=lambda f: f.id)
    if as_json:
        print_json([_summary(f, library) for f in found])
        return
    if not found:
        click.echo(NONE_FOUND, err=True)
        return
    width = max(len(f.id) for f in found)
    for framework in found:
        areas = len(framework.areas())
        click.echo(
            shown(
                f"{framework.id:<{width}}  {framework.title} "
                f"({len(framework.domains)} domains, {areas} areas)"
            )
        )


def _summary(framework: Any, library: FrameworkLibrary) -> dict[str, Any]:
    source = library.sources.get(framework.id)
    return {
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "source": framework.source,
        "licence": framework.licence,
        "domains": len(framework.domains),
        "areas": len(framework.areas()),
        "path": str(source) if source else None,
    }


@frameworks.command("show")
@click.argument("framework_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show_framework(settings: Settings, framework_id: str, as_json: bool) -> None:
    """Show a framework's domains and areas, each with the name `reflect link`
    takes (FRAMEWORK:AREA)."""
    library = settings.frameworks()
    framework = library.get(framework_id)
    if as_json:
        data = framework.as_json()
        source = library.sources.get(framework.id)
        data["path"] = str(source) if source else None
        print_json(data)
        return
    click.echo(
        shown(f"{framework.title}  ({framework.id}, version {framework.version})")
    )
    click.echo(_wrapped(f"Source: {framework.source}", ""))
    click.echo(_wrapped(f"Licence: {framework.licence}", ""))
    if framework.note:
        for paragraph in framework.note.split("\n\n"):
            click.echo("\n" + _wrapped(paragraph, ""))
    for domain in framework.domains:
        click.echo(shown(f"\n{domain.title}"))
        for area in domain.areas:
            click.echo(shown(f"  {framework.id}:{area.id}  {area.title}"))
            click.echo(_wrapped(area.description, "      "))


def _wrapped(text: str, indent: str) -> str:
    """A paragraph at a width that reads on a narrow terminal."""
    return textwrap.fill(
        shown(text), width=78, initial_indent=indent, subsequent_indent=indent
    )


@frameworks.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of problems.")
@click.pass_obj
def check_frameworks(
    settings: Settings, paths: tuple[Path, ...], as_json: bool
) -> None:
    """Check framework files (or folders of them); with none given, every
    folder reflect reads frameworks from. One line per problem."""
    if paths:
        problems = check_paths(paths)
    else:
        # Layer by layer: a later layer's file with the id of an earlier
        # one's replaces it, which is no problem; two in one layer are.
        layers = org.framework_layers(settings.config_home, settings.organisation())
        problems = [p for d in layers if d.is_dir() for p in check_paths([d])]
    if as_json:
        print_json(
            [
                {"path": str(p.path), "line": p.line, "message": p.message}
                for p in problems
            ]
        )
    else:
        for problem in problems:
            click.echo(shown(str(problem)))
    if problems:
        raise click.exceptions.Exit(ExitCode.FAILED)
    if not as_json:
        click.echo("ok")
