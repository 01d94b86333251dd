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

from reflect.cli import common as cli_common
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


def _minutes(text: str) -> int:
    """--minutes as a session's length, or a one-line refusal."""
    minutes = core.session_minutes(text)
    if minutes is None:
        raise Failure(f"--minutes takes {core.MINUTES_RULE}, not {text!r}")
    return minutes


def _day_or_none(text: str, option: str) -> date | None:
    """A date option; `none` clears it."""
    if text.strip().lower() == "none":
        return None
    return core.parse_day(text, f"date for {option}")


def _changes(
    supervisor: str | None,
    kind: str | None,
    every: str | None,
    next_day: str | None,
    **more: str | None,
) -> dict[str, Any]:
    """The fields given, checked; --next none (and --review none) clears a date."""
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
        changes["next_date"] = _day_or_none(next_day, "--next")
    if more.get("minutes") is not None:
        changes["minutes"] = _minutes(str(more["minutes"]))
    if (record_by := more.get("record_by")) is not None:
        if record_by.strip() not in core.RECORD_WRITERS:
            raise Failure(
                f"--record-by must be one of {', '.join(core.RECORD_WRITERS)}, "
                f"not {record_by!r}"
            )
        changes["record_by"] = record_by.strip()
    if (review := more.get("review")) is not None:
        changes["review_date"] = _day_or_none(review, "--review")
    for key in ("confidentiality", "readers"):
        if (text := more.get(key)) is not None:
            changes[key] = text.strip()
    if (name := more.get("name")) is not None:
        if not name.strip():
            raise Failure("--name needs a few words: the supervisor's or group's")
        changes["name"] = name.strip()
    return changes


def _agreement_json(
    agreement: core.Agreement, today: date, default: core.Agreement | None
) -> dict[str, Any]:
    data = agreement.as_json()
    data["days_to_next"] = core.days_to_next(agreement, today)
    data["words"] = core.next_session_words(agreement, today)
    data["default"] = agreement == default
    return data


def _show_agreement(agreement: core.Agreement, today: date) -> None:
    next_day = agreement.next_date.isoformat() if agreement.next_date else "not set"
    review = agreement.review_date.isoformat() if agreement.review_date else "not set"
    click.echo(shown(f"Name:       {agreement.name}"))
    click.echo(shown(f"Supervisor: {agreement.supervisor or 'not set'}"))
    click.echo(shown(f"Type:       {agreement.type}"))
    click.echo(f"Every:      {agreement.every_days} days")
    click.echo(f"Next:       {next_day}")
    click.echo(f"Minutes:    {agreement.minutes}")
    click.echo(shown(f"Limits:     {agreement.confidentiality or 'not set'}"))
    click.echo(f"Record by:  {agreement.record_by}")
    click.echo(shown(f"Read by:    {agreement.readers or 'not set'}"))
    click.echo(f"Review:     {review}")
    click.echo(f"Recovery:   {recovery_words(agreement)}")
    click.echo(shown(core.next_session_words(agreement, today)))


def recovery_words(agreement: core.Agreement) -> str:
    """Where the own-recovery check-in goes, in the words `agreement` shows."""
    if agreement.share_recovery:
        return "shared on agendas and shares (--no-share-recovery keeps it here)"
    return "kept on this machine (--share-recovery puts it on agendas)"


def _which(found: list[core.Agreement], example: str) -> Failure:
    """The refusal when options are given without a NAME and there are several."""
    names = ", ".join(a.name for a in found)
    return Failure(
        f"you have {len(found)} agreements ({names}); say which to change, "
        f"such as: reflect agreement {found[0].name!r} {example}"
    )


def _remove(journal: Journal, name: str, yes: bool) -> None:
    """Remove one agreement after asking (or with --yes); records are kept."""
    gone = journal.supervision.agreement(name)
    if gone is None:  # a name finds one or is refused; this is for mypy
        return
    if not yes:
        if not cli_common.has_terminal():
            raise Failure(
                "removing an agreement needs --yes when there is no terminal "
                "to ask on; nothing was changed"
            )
        if not click.confirm(
            shown(f"Remove the agreement {gone.name!r}? Its session records stay."),
            err=True,
        ):
            raise Failure("nothing was changed")
    journal.supervision.remove_agreement(gone.name)
    click.echo(shown(f"Removed the agreement {gone.name!r}; its session records stay."))


@click.command()
@click.argument("name", required=False)
@click.option("--new", "add_new", is_flag=True, help="Add NAME as a new agreement.")
@click.option("--remove", is_flag=True, help="Remove NAME (asks first).")
@click.option("--yes", is_flag=True, help="Remove without asking.")
@click.option("--name", "rename", metavar="NAME", help="Give the agreement a new name.")
@click.option("--supervisor", metavar="NAME", help="Who supervises (a role is fine).")
@click.option("--type", "kind", metavar="TYPE", help=f"One of {', '.join(core.TYPES)}.")
@click.option("--every", metavar="DAYS", help="How often, in days (1 to 366).")
@click.option("--next", "next_day", metavar="DATE", help="Next session (or none).")
@click.option(
    "--minutes", metavar="MINUTES", help="How long a session is (5 to 480; 60)."
)
@click.option(
    "--confidentiality", metavar="TEXT", help="The limits of confidentiality agreed."
)
@click.option(
    "--record-by",
    metavar="WHO",
    help=f"Who writes the record: {', '.join(core.RECORD_WRITERS)}.",
)
@click.option("--readers", metavar="TEXT", help="Who may read the record.")
@click.option("--review", metavar="DATE", help="When the agreement is reviewed.")
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
    name: str | None,
    add_new: bool,
    remove: bool,
    yes: bool,
    rename: str | None,
    supervisor: str | None,
    kind: str | None,
    every: str | None,
    next_day: str | None,
    minutes: str | None,
    confidentiality: str | None,
    record_by: str | None,
    readers: str | None,
    review: str | None,
    share_recovery: bool | None,
    as_json: bool,
) -> None:
    """Show your supervision agreements, or change, add or remove one.

    With one agreement, options change it as they are. With several, name
    the one to change: reflect agreement NAME --every 14. Add one with
    reflect agreement NAME --new [options]; remove one with --remove.
    """
    changes = _changes(  # before the passphrase
        supervisor, kind, every, next_day, minutes=minutes,
        confidentiality=confidentiality, record_by=record_by, readers=readers,
        review=review, name=rename,
    )  # fmt: skip
    if share_recovery is not None:
        changes["share_recovery"] = share_recovery
    if (add_new or remove) and not (name or "").strip():
        flag = "--new" if add_new else "--remove"
        raise Failure(
            f"{flag} needs the agreement's NAME: reflect agreement NAME {flag}"
        )
    if remove and (add_new or changes):
        raise Failure("--remove takes no other options; nothing was changed")
    if yes and not remove:
        raise Failure("--yes goes with --remove")
    journal = open_journal_for(settings)
    if remove and name:
        _remove(journal, name, yes)
        return
    today = _today(journal)
    found = journal.supervision.agreements()
    # A new agreement starts from the organisation's defaults, if any;
    # whatever the worker gives takes their place.
    fresh = org.new_agreement(settings.organisation())
    one: core.Agreement | None = None
    if add_new and name:
        given = {"name": name.strip(), **changes}
        one = journal.supervision.add_agreement(replace(fresh, **given))
    elif name:
        if not found:
            raise Failure(
                f"there is no supervision agreement yet; add one with: "
                f"reflect agreement {name!r} --new"
            )
        one = journal.supervision.agreement(name)
        if one is not None and changes:
            one = journal.supervision.save_agreement(
                one.changed(**changes), replacing=one.name
            )
    elif changes:
        if len(found) > 1:
            raise _which(found, "--every 14")
        before = found[0] if found else fresh
        journal.supervision.save_agreement(
            before.changed(**changes), replacing=before.name if found else None
        )
    found = journal.supervision.agreements()
    default = core.soonest(found)
    if as_json:
        if one is not None:
            print_json(_agreement_json(one, today, default))
        else:
            print_json([_agreement_json(a, today, default) for a in found])
        return
    shown_ones = [one] if one is not None else found
    if not shown_ones:
        click.echo(NO_AGREEMENT)
        suggested = org.supervision_words(settings.organisation())
        if suggested:
            click.echo(shown(suggested))
        return
    for n, each in enumerate(shown_ones):
        if n:
            click.echo()
        _show_agreement(each, today)
    if one is None and len(found) > 1 and default is not None:
        click.echo()
        click.echo(
            shown(
                f"Agendas and records are for {default.name!r} (the next one "
                "due) unless you say --agreement NAME."
            )
        )


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
