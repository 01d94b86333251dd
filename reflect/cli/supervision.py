"""`reflect agreement`, `reflect action ...` and `reflect actions` from a script.

Supervision only works between sessions if its agreement and actions can be
seen and changed quickly, without opening the app. Every value is checked
before the journal is opened, so a refusal is one line, exit 1, and the
journal is left exactly as it was.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import click

from reflect.cli.common import (
    Failure,
    Settings,
    open_journal_for,
    pass_settings,
    print_json,
    shown,
)
from reflect.core import org
from reflect.core import supervision as core
from reflect.core.journal import Journal

NO_AGREEMENT = (
    "No supervision agreement yet. Set one with: reflect agreement "
    "--supervisor NAME --type peer --every 28 --next YYYY-MM-DD"
)


def _today(journal: Journal) -> date:
    """The worker's local date by the journal's clock (tests fix it)."""
    return journal.now().astimezone().date()


def _every(text: str) -> int:
    """--every as a whole number of days, 1 to 366, or a one-line refusal."""
    try:
        days = int(text.strip())
    except ValueError:
        days = 0
    if not 1 <= days <= 366:
        raise Failure(f"--every takes a number of days from 1 to 366, not {text!r}")
    return days


def _changes(
    supervisor: str | None, kind: str | None, every: str | None, next_day: str | None
) -> dict[str, Any]:
    """The fields given, checked; --next none clears the date."""
    changes: dict[str, Any] = {}
    if supervisor is not None:
        changes["supervisor"] = supervisor.strip()
    if kind is not None:
        if kind.strip() not in core.TYPES:
            raise Failure(
                f"--type must be one of {', '.join(core.TYPES)}, not {kind!r}"
            )
        changes["type"] = kind.strip()
    if every is not None:
        changes["every_days"] = _every(every)
    if next_day is not None:
        clear = next_day.strip().lower() == "none"
        changes["next_date"] = (
            None if clear else core.parse_day(next_day, "date for --next")
        )
    return changes


def _agreement_json(agreement: core.Agreement, today: date) -> dict[str, Any]:
    data = agreement.as_json()
    data["days_to_next"] = core.days_to_next(agreement, today)
    data["words"] = core.next_session_words(agreement, today)
    return data


def _show_agreement(agreement: core.Agreement, today: date) -> None:
    next_day = agreement.next_date.isoformat() if agreement.next_date else "not set"
    click.echo(shown(f"Supervisor: {agreement.supervisor or 'not set'}"))
    click.echo(shown(f"Type:       {agreement.type}"))
    click.echo(f"Every:      {agreement.every_days} days")
    click.echo(f"Next:       {next_day}")
    click.echo(f"Recovery:   {recovery_words(agreement)}")
    click.echo(shown(core.next_session_words(agreement, today)))


def recovery_words(agreement: core.Agreement) -> str:
    """Where the own-recovery check-in goes, in the words `agreement` shows."""
    if agreement.share_recovery:
        return "shared on agendas and shares (--no-share-recovery keeps it here)"
    return "kept on this machine (--share-recovery puts it on agendas)"


@click.command()
@click.option("--supervisor", metavar="NAME", help="Who supervises (a role is fine).")
@click.option("--type", "kind", metavar="TYPE", help=f"One of {', '.join(core.TYPES)}.")
@click.option("--every", metavar="DAYS", help="How often, in days (1 to 366).")
@click.option("--next", "next_day", metavar="DATE", help="Next session (or none).")
@click.option(
    "--share-recovery/--no-share-recovery",
    default=None,
    help="Let your own-recovery check-in go on agendas and shares (it stays "
    "on this machine until you do).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def agreement(
    settings: Settings,
    supervisor: str | None,
    kind: str | None,
    every: str | None,
    next_day: str | None,
    share_recovery: bool | None,
    as_json: bool,
) -> None:
    """Show the supervision agreement, or change the parts given."""
    changes = _changes(supervisor, kind, every, next_day)  # before the passphrase
    if share_recovery is not None:
        changes["share_recovery"] = share_recovery
    journal = open_journal_for(settings)
    today = _today(journal)
    current = journal.supervision.agreement()
    if changes:
        # A new agreement starts from the organisation's defaults, if any;
        # whatever the worker gives (or has saved) takes their place.
        fresh = org.new_agreement(settings.organisation())
        current = replace(current or fresh, **changes)
        journal.supervision.save_agreement(current)
    if as_json:
        print_json(_agreement_json(current, today) if current else None)
    elif current is None:
        click.echo(NO_AGREEMENT)
        suggested = org.supervision_words(settings.organisation())
        if suggested:
            click.echo(shown(suggested))
    else:
        _show_agreement(current, today)


# ---- actions -------------------------------------------------------------


def _action_line(action: core.Action) -> str:
    due = action.due.isoformat() if action.due else "-"
    return shown(
        f"{action.id[:8]}  {action.status:<4}  {due:<10}  {action.owner}  {action.text}"
    )


@click.group()
def action() -> None:
    """Add an action, or mark one done or open again (see reflect actions)."""


@action.command("add")
@click.argument("text")
@click.option("--due", metavar="DATE", help="By when (YYYY-MM-DD).")
@click.option(
    "--owner", default="me", show_default=True, help="me, supervisor, or a role."
)
@pass_settings
def add(settings: Settings, text: str, due: str | None, owner: str) -> None:
    """Add an open action; prints its id."""
    if not text.strip():
        raise Failure("an action needs a few words saying what to do")
    if not owner.strip():
        raise Failure("--owner needs a name or role, such as me or supervisor")
    due_day = core.parse_day(due, "due date") if due is not None else None
    journal = open_journal_for(settings)
    added = journal.supervision.add_action(text, owner=owner, due=due_day)
    click.echo(added.id)


def _set_status(settings: Settings, action_id: str, done: bool) -> None:
    journal = open_journal_for(settings)
    before = journal.supervision.action(action_id)
    wanted = "done" if done else "open"
    if before.status == wanted:
        click.echo(f"Already {wanted}: {_action_line(before)}")
        return
    after = journal.supervision.set_action_done(before.id, done)
    click.echo(f"{'Done' if done else 'Reopened'}: {_action_line(after)}")


@action.command("done")
@click.argument("action_id", metavar="ID")
@pass_settings
def done(settings: Settings, action_id: str) -> None:
    """Mark an action done (a unique id prefix is enough)."""
    _set_status(settings, action_id, True)


@action.command("reopen")
@click.argument("action_id", metavar="ID")
@pass_settings
def reopen(settings: Settings, action_id: str) -> None:
    """Open a done action again (a unique id prefix is enough)."""
    _set_status(settings, action_id, False)


@click.command("actions")
@click.option("--open", "open_only", is_flag=True, help="Only actions still open.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def actions(settings: Settings, open_only: bool, as_json: bool) -> None:
    """List actions: open ones first by due date, then done ones."""
    journal = open_journal_for(settings)
    found = journal.supervision.actions(open_only=open_only)
    if as_json:
        print_json([a.as_json() for a in found])
        return
    for item in found:
        click.echo(_action_line(item))
    if not found:
        click.echo(
            "No open actions."
            if open_only
            else "No actions yet. Try: reflect action add TEXT",
            err=True,
        )


SUPERVISION_COMMANDS = (agreement, action, actions)
