"""`reflect agenda`, `reflect sessions`, `reflect session show`: supervision on paper.

The agenda and session records leave the journal as Markdown or one printable
HTML file. Standard output by default; with `-o` the file is written
atomically and owner-only, and the worker is told it is not encrypted, since
that is the moment their words leave the journal. The renderers (and
markdown-it) are imported only inside these commands.

The privacy scan runs first. Going to a file or a pipe, the words are on
their way somewhere else, so a finding stops them until the worker has read
it and says `--accept-findings`; on a terminal the worker is only looking,
so the page is shown and the findings follow it.
"""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli import paper
from reflect.cli.common import (
    F,
    Settings,
    check_output,
    open_journal_for,
    pass_settings,
    print_json,
    shown,
)
from reflect.core.errors import NotFound


def _agreement_option(command: F) -> F:
    """`--agreement NAME`: which supervision agreement (the next one due
    unless named; any case, or the start of one name, is enough)."""
    return click.option(
        "--agreement",
        "agreement_name",
        metavar="NAME",
        help="Which agreement (see reflect agreement); the next one due if not given.",
    )(command)


@click.command()
@click.option(
    "--format", "fmt", type=paper.FORMATS, default="markdown", show_default=True
)
@_agreement_option
@paper.output_options
@pass_settings
def agenda(
    settings: Settings,
    fmt: str,
    agreement_name: str | None,
    output: Path | None,
    force: bool,
    accept_findings: bool,
) -> None:
    """Print the supervision agenda (the saved preparation, else every candidate)."""
    from reflect.core.agenda import agenda_findings
    from reflect.core.export import agenda as agenda_render

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=paper.NOT_SAVED)
    check_in = settings.library().packs.get("wellbeing")
    journal = open_journal_for(settings)
    built = journal.agenda.for_agreement(agreement_name).gather(check_in)
    render = (
        agenda_render.agenda_html if fmt == "html" else agenda_render.agenda_markdown
    )
    found = agenda_findings(built, settings.watch_list(journal))
    paper.deliver(render(built), output, "agenda", force, found, accept_findings)


@click.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--agreement",
    "agreement_name",
    metavar="NAME",
    help="Only this agreement's records (see reflect agreement).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def sessions(
    settings: Settings, limit: int, agreement_name: str | None, as_json: bool
) -> None:
    """List session records, most recent first."""
    from reflect.core.supervision import has_sign_off

    journal = open_journal_for(settings)
    found = journal.supervision.sessions(limit=limit, agreement=agreement_name)
    if as_json:
        print_json([s.as_json() for s in found])
        return
    several = len(journal.supervision.agreements()) > 1
    for s in found:
        times = "–".join(t for t in (s.start, s.end) if t)
        parts = [s.id[:8], s.day.isoformat(), times, s.type, f"{len(s.items)} items"]
        if several:
            parts.append(s.agreement)
        line = "  ".join(p for p in parts if p)
        # Two peers supervising each other keep their own records: nobody
        # signs the other's, so nothing is waiting.
        if has_sign_off(s.type):
            signed = s.agreed and s.supervisor_signed
            line += "  (signed)" if signed else "  (not signed yet)"
        click.echo(shown(line))
    if not found:
        click.echo("No session records yet.", err=True)


@click.group()
def session() -> None:
    """Session records: record one, or show one as Markdown or printable HTML."""


@session.command("record")
@click.option("--date", "day_text", help="The session's day, YYYY-MM-DD (today).")
@click.option("--start", default="", help="When it started, such as 10:00.")
@click.option("--end", default="", help="When it ended, such as 11:00.")
@click.option("--summary", default="", help="What we talked about, in a few words.")
@click.option(
    "--action",
    "actions",
    multiple=True,
    help="An action agreed, as on the record screen: "
    "'Read the policy; supervisor (by 2026-12-05)'. Repeat for more.",
)
@click.option(
    "--attended",
    multiple=True,
    metavar="ROLE",
    help="Who was there, by role, not name ('peer worker'). Repeat for more.",
)
@_agreement_option
@pass_settings
def record(
    settings: Settings,
    day_text: str | None,
    start: str,
    end: str,
    summary: str,
    actions: tuple[str, ...],
    attended: tuple[str, ...],
    agreement_name: str | None,
) -> None:
    """Record a supervision session, as the app's record screen does, and
    print its id.

    Its items are the saved preparation's (which then counts as brought),
    with --summary added as one more; the type and next date follow your
    agreement (or your organisation's defaults); the actions come back at
    every preparation until they are done. In a group, the actions are
    your own.
    """
    from datetime import timedelta

    from reflect.core import org
    from reflect.core import supervision as core
    from reflect.core.clock import local_today

    journal = open_journal_for(settings)
    today = local_today(journal.now)
    day = core.parse_day(day_text) if day_text else today
    kept = journal.supervision.agreement(agreement_name)
    agreed = kept or org.new_agreement(settings.organisation())
    prep = journal.agenda.for_agreement(agreement_name).saved_preparation(
        settings.library().packs.get("wellbeing")
    )
    roles = [role.strip() for role in attended if role.strip()]
    items = [core.SessionItem(item.title) for item in (prep.items if prep else ())]
    if summary.strip():
        items.append(core.SessionItem("What we talked about", summary.strip()))
    saved = journal.agenda.record_session(
        core.Session(
            id="",
            day=day,
            start=start.strip(),
            end=end.strip(),
            type=agreed.type,
            attendees=", ".join(roles) if roles else core.default_attendees(kept),
            items=tuple(items),
            next_date=day + timedelta(days=agreed.every_days),
            agreement=kept.name if kept else "",
        ),
        [core.parse_action_line(line) for line in actions if line.strip()],
        prep,
    )
    click.echo(saved.id)


@session.command("show")
@click.argument("session_id")
@click.option(
    "--format", "fmt", type=paper.FORMATS, default="markdown", show_default=True
)
@paper.output_options
@pass_settings
def show(
    settings: Settings,
    session_id: str,
    fmt: str,
    output: Path | None,
    force: bool,
    accept_findings: bool,
) -> None:
    """Print one session record (a unique id prefix is enough)."""
    from reflect.core.agenda import session_findings
    from reflect.core.export import agenda as agenda_render

    if output is not None:  # before the passphrase is asked for
        check_output(settings, output, force=force, nothing=paper.NOT_SAVED)
    journal = open_journal_for(settings)
    found = journal.supervision.session(session_id)
    actions = []
    for action_id in found.actions:
        try:
            actions.append(journal.supervision.action(action_id))
        except NotFound:
            continue
    render = (
        agenda_render.session_html if fmt == "html" else agenda_render.session_markdown
    )
    flagged = session_findings(found, actions, settings.watch_list(journal))
    what = f"record of {found.day:%d %b %Y}"
    paper.deliver(render(found, actions), output, what, force, flagged, accept_findings)
