"""`reflect org`: check, install, show and remove an organisation's file.

An organisation gives its workers one plain TOML file (and a folder of
packs beside it). None of these commands needs the journal: the file holds
public contacts and wording, never a reflection, and a coordinator can check
a file on a machine with no journal at all. Every refusal changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli import common as cli_common
from reflect.cli.common import Failure, Settings, pass_settings, print_json, shown
from reflect.core import org as core
from reflect.core.exits import ExitCode
from reflect.core.templates import Problem


def _problems_json(problems: list[Problem]) -> list[dict[str, object]]:
    return [
        {"path": str(p.path), "line": p.line, "message": p.message} for p in problems
    ]


def _say_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(shown(str(problem)), err=True)


@click.group("org")
def org() -> None:
    """Your organisation's settings: its lines, contacts, defaults and packs."""


@org.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def check(path: Path, as_json: bool) -> None:
    """Check an organisation file and its packs; one line per problem."""
    problems = core.check(path)
    if as_json:
        print_json({"ok": not problems, "problems": _problems_json(problems)})
    else:
        for problem in problems:
            click.echo(shown(str(problem)))
        if not problems:
            click.echo("ok")
    if problems:
        raise click.exceptions.Exit(ExitCode.FAILED)


@org.command("install")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Replace an organisation file already installed (without asking).",
)
@pass_settings
def install(settings: Settings, path: Path, replace: bool) -> None:
    """Install FILE and its packs, once they check out.

    The file and its folder of packs are copied into reflect's config
    folder; a file with any problem is refused and nothing changes.
    """
    config = settings.config_home
    problems = core.check(path)
    if len(problems) == 1:
        raise Failure(f"{problems[0]}; nothing was installed")
    if problems:
        _say_problems(problems)
        raise Failure(
            f"{path} has {_count(len(problems), 'problem')}; nothing was installed"
        )
    current, _ = core.read_installed(config)
    if core.present(config) and not replace:
        who = f" ({current.name})" if current else ""
        _confirm(
            f"Replace the organisation file already installed{who}?",
            f"an organisation file{who} is already installed; to replace it, "
            "add --replace",
        )
    organisation, problems = core.install(path, config)
    if organisation is None:
        _say_problems(problems)
        raise Failure(f"{path} could not be installed; nothing was changed")
    packs = len(organisation.pack_files())
    click.echo(
        shown(
            f"Installed {organisation.name}'s settings"
            + (f" and {_count(packs, 'prompt pack')}" if packs else "")
            + f" in {config}."
        )
    )


@org.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def show(settings: Settings, as_json: bool) -> None:
    """Show the organisation file that is installed, if any."""
    core.tidy(settings.config_home)
    organisation, problems = core.read_installed(settings.config_home)
    if as_json:
        print_json(
            {
                "installed": organisation.as_json() if organisation else None,
                "problems": _problems_json(problems),
            }
        )
    elif organisation is None and not problems:
        click.echo(
            "No organisation file is installed. If your organisation gives you "
            "one: reflect org install FILE"
        )
    elif organisation is not None:
        click.echo(_described(organisation))
    if problems:
        if not as_json:
            _say_problems(problems)
            click.echo(
                "reflect is carrying on without it. Ask your organisation for a "
                "fresh copy, or remove it with: reflect org remove",
                err=True,
            )
        raise click.exceptions.Exit(ExitCode.FAILED)


def _described(organisation: core.Organisation) -> str:
    """The file in words a worker reads (`core.describe`), under its name."""
    out = [organisation.name]
    if organisation.source:
        out.append(f"  from {organisation.source}")
    out += ["", *core.describe(organisation), ""]
    out.append(
        "Your own supervision agreement, and packs of your own with the same "
        "id, come first; the watch-list words only add to yours."
    )
    return shown("\n".join(out))


@org.command("remove")
@click.option("--yes", is_flag=True, help="Remove without asking.")
@pass_settings
def remove(settings: Settings, yes: bool) -> None:
    """Remove the installed organisation file and its packs."""
    config = settings.config_home
    core.tidy(config)
    if not core.present(config):
        click.echo("No organisation file is installed; nothing was changed.")
        return
    current, _ = core.read_installed(config)
    who = f" ({current.name})" if current else ""
    if not yes:
        _confirm(
            f"Remove the organisation file{who} and its packs?",
            f"removing the organisation file{who} needs --yes when there is no "
            "terminal to ask on; nothing was changed",
        )
    core.remove(config)
    click.echo(shown(f"Removed the organisation file{who} and its packs."))


def _confirm(question: str, without_terminal: str) -> None:
    """Ask on a terminal before changing what is installed; without one,
    refuse (`without_terminal` says which option does it) rather than wait
    on a prompt nobody can answer. A no changes nothing."""
    if not cli_common.has_terminal():
        raise Failure(without_terminal)
    if not click.confirm(shown(question), err=True):
        raise Failure("nothing was changed")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"
