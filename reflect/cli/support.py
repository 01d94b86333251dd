"""`reflect support`: where to turn on a hard day, without the journal.

It prints what the app's "If today is hard" panel shows (both come from
`reflect.core.support.panel`): 999 or A&E, the organisation's lines, the
national lines. Someone having a hard time should not have to remember a
passphrase first, so the public part never waits for one. The worker's own
plan, trusted person and GP are kept inside the encrypted journal: they are
added when the journal opens without asking (no passphrase, or
$REFLECT_PASSPHRASE is set), or when `--mine` is given on a terminal, which
asks. Nothing is ever asked for otherwise, so a pipe never waits, and
nothing is written anywhere. Nor does it wait for another reflect that is
restoring the journal or changing its passphrase: the plan is left out.
"""

from __future__ import annotations

import click

from reflect.cli import common as cli_common
from reflect.cli.common import Settings, pass_settings, shown
from reflect.core import support
from reflect.core.errors import ReflectError
from reflect.core.exits import exit_code_for
from reflect.core.org import Organisation
from reflect.core.preferences import Preferences


@click.command("support")
@click.option(
    "--nation",
    type=click.Choice(list(support.NATIONS)),
    help="Show this nation's lines only (default: your setting, else all four).",
)
@click.option(
    "--mine",
    is_flag=True,
    help="Ask for your passphrase to add your own plan, trusted person and GP.",
)
@pass_settings
def support_(settings: Settings, nation: str | None, mine: bool) -> None:
    """Where to turn if today is hard: 999, your organisation's and the
    national lines (and your own plan when your journal opens)."""
    personal, refused = _personal(settings, ask=mine)
    chosen = nation if nation is not None else (personal.nation if personal else "")
    sections = support.panel(
        nation=chosen,
        personal=personal,
        organisation=organisation_for(settings),
        national=support.national_lines(settings.config_home),
    )
    click.echo(shown(support.as_text(sections)), nl=False)
    if personal is None and refused is None and settings.access.exists():
        click.echo(
            "Your own plan is in your journal: 'reflect support --mine' asks for "
            "your passphrase and adds it."
        )
    if refused is not None:
        # The lines are out first: only then the one line about the plan.
        click.echo(
            f"reflect: {shown(str(refused))}; your own plan is not shown", err=True
        )
        raise click.exceptions.Exit(exit_code_for(refused))


def organisation_for(settings: Settings) -> Organisation | None:
    """The installed organisation, or None when its file cannot be read now:
    a broken organisation file must never stand between a worker and the
    lines (`reflect org check` is where its problems are named)."""
    try:
        return settings.organisation()
    except (ReflectError, OSError, ValueError):
        return None


def _personal(
    settings: Settings, *, ask: bool
) -> tuple[Preferences | None, ReflectError | None]:
    """The worker's settings when the journal can be opened as asked, and,
    when `--mine` asked for them and they could not be had, why.

    Without `--mine` a journal that would need a typed passphrase is left
    closed and nothing is said: the panel itself says where the plan is.
    """
    access = settings.access
    try:
        if not ask:
            if not access.exists():
                return None, None
            if (
                access.needs_passphrase()
                and cli_common.env_passphrase("REFLECT_PASSPHRASE") is None
            ):
                return None, None
        # Never wait on a restore or a passphrase change: the lines matter
        # more than the plan, and they are printed only after this.
        journal = cli_common.open_journal_for(settings, wait_seconds=0)
    except ReflectError as exc:
        return None, (exc if ask else None)
    return journal.preferences.load(), None
