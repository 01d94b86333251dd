"""Sharing commands: share, receive, received, supervisees, read, comment,
reviewed, feedback, comments.

Sharing is the one moment words leave the journal on purpose, so `share`
says exactly what will leave, stops on anything the privacy scan finds unless
the worker has looked and accepted it, and never writes half a bundle: the
journal's record of what went and the file are written together or not at
all. The bundle passphrase is agreed face to face; it comes from
`$REFLECT_BUNDLE_PASSPHRASE` or a hidden prompt, never from the file's
company.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reflect.cli import common as cli_common
from reflect.cli.common import (
    Failure,
    Settings,
    blocks_text,
    check_output,
    env_passphrase,
    force_option,
    open_journal_for,
    pass_settings,
    print_json,
)
from reflect.core.clock import local_display
from reflect.core.errors import BadPassphrase
from reflect.core.passphrase import strength_hint
from reflect.core.text import whole_number

if TYPE_CHECKING:
    from reflect.core.journal import Journal
    from reflect.core.reviewing import Received
    from reflect.core.sharing import Comment

# The bundle format (and `cryptography`) is imported inside the commands, so
# `reflect list` and friends do not pay for it at start-up.

VARIABLE = "REFLECT_BUNDLE_PASSPHRASE"
FACE_TO_FACE = "Tell your {who} the bundle passphrase face to face, not with the file."
OUTPUT = click.Path(dir_okay=False, path_type=Path)


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _indented(text: str, by: int) -> str:
    """A person's text as written, its later lines indented to sit under it."""
    return cli_common.shown(text).replace("\n", "\n" + " " * by)


def _bundle_passphrase(*, new: bool) -> str:
    """From the variable, else the terminal: twice with a hint when sealing.

    Looked up through `cli_common` at call time so tests can stand in for the
    terminal; with neither, refuse rather than read standard input.
    """
    from reflect.core.bundles import MIN_PASSPHRASE

    given = env_passphrase(VARIABLE, BadPassphrase)
    if given is not None:
        return given
    if not cli_common.has_terminal():
        raise Failure(
            f"there is no terminal to ask for the bundle passphrase; set {VARIABLE} "
            "or run reflect in a terminal"
        )
    if not new:
        return cli_common.ask_hidden("Bundle passphrase: ")
    click.echo(
        "Choose a bundle passphrase together with the other person "
        f"(at least {MIN_PASSPHRASE} characters).",
        err=True,
    )
    while True:
        first = cli_common.ask_hidden("Bundle passphrase: ")
        if len(first) < MIN_PASSPHRASE:
            click.echo(f"It needs at least {MIN_PASSPHRASE} characters.", err=True)
            continue
        click.echo(strength_hint(first, bundle=True), err=True)
        if cli_common.ask_hidden("Type it again: ") == first:
            return first
        click.echo("The two did not match. Let's try again.", err=True)


def _resolve_all(journal: Journal, prefixes: tuple[str, ...]) -> list[str]:
    """Unique full ids in the order given; each prefix must match one entry."""
    ids: list[str] = []
    for prefix in prefixes:
        full = journal.entries.resolve_id(prefix)
        if full not in ids:
            ids.append(full)
    return ids


@click.command()
@click.argument("entry_ids", nargs=-1, required=True)
@click.option("-o", "--output", type=OUTPUT, required=True, help="The bundle file.")
@click.option(
    "--accept-findings",
    is_flag=True,
    help="Share even though the privacy scan found something (after reading it).",
)
@click.option("--as", "as_name", help="The name your supervisor sees (remembered).")
@force_option("the bundle file")
@pass_settings
def share(
    settings: Settings,
    entry_ids: tuple[str, ...],
    output: Path,
    accept_findings: bool,
    as_name: str | None,
    force: bool,
) -> None:
    """Write chosen entries to an encrypted bundle for your supervisor.

    The bundle passphrase comes from REFLECT_BUNDLE_PASSPHRASE when that is
    set; otherwise it is asked for twice, hidden.
    """
    from reflect.core import sharing

    if as_name is not None and not as_name.strip():
        raise Failure("--as needs a name")
    # A path that cannot take the file is refused before anything is asked.
    check_output(settings, output, force=force, nothing=sharing.NOT_SHARED)
    journal = open_journal_for(settings)
    plan = journal.sharing.plan(_resolve_all(journal, entry_ids))
    click.echo(
        f"This bundle will hold {_plural(len(plan.entries), 'entry', 'entries')}:"
    )
    for snap in plan.entries:  # all of it, line breaks and all, as it will leave
        tags = " ".join(f"#{t}" for t in snap["tags"])
        title = snap["title"] or "(untitled)"
        click.echo(cli_common.shown(f"  {title}  {tags}".rstrip()))
        if snap["ask"]:
            click.echo(f"    What I want from this: {_indented(snap['ask'], 6)}")
        for answer in snap["answers"]:
            if answer["response"].strip():
                question = cli_common.shown(answer["question"] or "Note")
                text = _indented(answer["response"].strip(), 6)
                click.echo(f"    {question}: {text}")
    click.echo("Private notes are never shared.")
    found = sharing.findings(plan, settings.watch_list(journal))
    for item in found:
        click.echo(
            cli_common.shown(
                f"{item.title or '(untitled)'} · {item.where}: "
                f"'{item.finding.text}' looks like {item.finding.label}"
            )
        )
    if found and not accept_findings:
        raise Failure(
            f"the privacy scan found {_plural(len(found), 'detail')} that could "
            "identify someone; nothing was written. Change the entries, or run "
            "again with --accept-findings if they are fine to share"
        )
    name = as_name.strip() if as_name else journal.sharing.display_name()
    if not name:
        click.echo(
            "Your supervisor will see you as 'a reflect user'; choose a name "
            "with --as NAME.",
            err=True,
        )
    passphrase = _bundle_passphrase(new=True)
    # The record of what went, the name and the file: together or not at all.
    journal.sharing.send(plan, passphrase, output, name=as_name, replace=force)
    click.echo(f"Wrote {output} (encrypted, readable only by you).")
    click.echo(FACE_TO_FACE.format(who="supervisor"))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def receive(settings: Settings, file: Path) -> None:
    """Bring in a bundle: entries a supervisee shared, or feedback on yours.

    The bundle passphrase comes from REFLECT_BUNDLE_PASSPHRASE when that is
    set; otherwise it is asked for, hidden.
    """
    from reflect.core import bundles

    journal = open_journal_for(settings)
    # The passphrase is asked for only once the file has been read and its
    # outside checked. The accepted key settings are read here, at call time,
    # so a test can widen them to a cheap one for the CLI too.
    report = journal.reviewing.receive_file(
        file,
        lambda: _bundle_passphrase(new=False),
        accepted=bundles.ACCEPTED_KDFS,
    )
    click.echo(cli_common.shown(report.line()))
    if report.kind == "share" and report.added:
        click.echo("Read them with: reflect received, then reflect read ID.", err=True)


@click.command()
@click.argument("supervisee", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def received(settings: Settings, supervisee: str | None, as_json: bool) -> None:
    """List entries supervisees shared with you, unread first."""
    journal = open_journal_for(settings)
    found = journal.reviewing.received(supervisee)
    if as_json:
        print_json([r.as_json() for r in found])
        return
    for r in found:
        state = "reviewed" if r.reviewed else "new"
        title = cli_common.flat(r.title) or "(untitled)"
        click.echo(
            cli_common.shown(
                f"{r.entry_id[:8]}  v{r.version}  {r.supervisee}  {title}  ({state})"
            )
        )
    if not found:
        click.echo("Nothing has been shared with you yet.", err=True)
    else:
        click.echo("Read one, answers numbered: reflect read ID.", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def supervisees(settings: Settings, as_json: bool) -> None:
    """List the people who have shared entries with you."""
    journal = open_journal_for(settings)
    found = journal.reviewing.supervisees()
    if as_json:
        print_json([s.as_json() for s in found])
        return
    for s in found:
        entries = _plural(s.entries, "entry", "entries")
        click.echo(
            cli_common.shown(f"{s.id[:8]}  {s.name}  {entries}, {s.unread} unread")
        )
    if not found:
        click.echo("Nobody has shared with you yet.", err=True)


@click.command()
@click.argument("entry_id")
@click.option(
    "--version",
    type=click.IntRange(min=1),
    help="An earlier version (default: the latest).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@pass_settings
def read(settings: Settings, entry_id: str, version: int | None, as_json: bool) -> None:
    """Print an entry a supervisee shared, its answers numbered, with your comments.

    The numbers are the ones `reflect comment ID --step N` takes.
    """
    journal = open_journal_for(settings)
    snap = journal.reviewing.get(entry_id, version)
    versions = journal.reviewing.versions(snap.entry_id)
    mine = journal.reviewing.my_comments(snap.entry_id, snap.version)
    if as_json:
        print_json(_read_json(snap, versions, mine))
        return
    from reflect.core.reading import snapshot_blocks

    blocks = snapshot_blocks(snap, mine, versions, settings.library())
    click.echo(blocks_text(blocks), nl=False)
    if len(versions) > 1:
        others = ", ".join(str(v) for v in versions if v != snap.version)
        click.echo(
            f"\nAlso shared: version {others} (reflect read "
            f"{snap.entry_id[:8]} --version N)."
        )


def _read_json(
    snap: Received, versions: list[int], mine: list[Comment]
) -> dict[str, Any]:
    """A shared entry for scripts: the answers numbered as `--step` takes them."""
    from reflect.core.reading import comments_by_answer

    def comments(found: list[Comment]) -> list[dict[str, Any]]:
        return [
            {"id": c.id, "body": c.body, "created_at": c.created_at, "sent": c.sent}
            for c in found
        ]

    answers = snap.snapshot.get("answers") or []
    on_answers, whole = comments_by_answer(answers, mine)
    return {
        **snap.as_json(),
        "versions": versions,
        "ask": snap.snapshot.get("ask") or "",
        "answers": [
            {
                "step": n,
                "step_id": a.get("step_id"),
                "question": a.get("question") or "",
                "response": a.get("response") or "",
                "comments": comments(on_it),
            }
            for n, (a, on_it) in enumerate(zip(answers, on_answers, strict=True), 1)
        ],
        "comments": comments(whole),
    }


@click.command()
@click.argument("entry_id")
@click.argument("text", required=False)
@click.option(
    "--step",
    "step_id",
    help="Comment on one answer: its number as `reflect read` shows it, or its "
    "step id.",
)
@click.option("--version", type=click.IntRange(min=1), help="Which version.")
@pass_settings
def comment(
    settings: Settings,
    entry_id: str,
    text: str | None,
    step_id: str | None,
    version: int | None,
) -> None:
    """Comment on an entry a supervisee shared (or on one of its answers).

    TEXT is the comment; without it, the comment is read from standard input.
    """
    journal = open_journal_for(settings)
    snap = journal.reviewing.get(entry_id, version)
    answers = snap.snapshot.get("answers", [])
    where = ""
    number = whole_number(step_id.strip()) if step_id else None
    if number is not None:
        if not 1 <= number <= len(answers):
            if not answers:
                raise Failure("that entry has no answers; leave out --step")
            which = (
                "only 1"
                if len(answers) == 1
                else f"an answer number from 1 to {len(answers)}"
            )
            raise Failure(
                f"--step takes {which}, as reflect read {snap.entry_id[:8]} shows them"
            )
        step_id = answers[number - 1]["step_id"]
    if step_id:
        for n, answer in enumerate(answers, 1):
            if answer["step_id"] == step_id:
                where = f", on {n}. {answer.get('question') or 'Note'}"
    if text is None:
        if sys.stdin.isatty():
            click.echo("Type your comment; finish with Ctrl-D on a new line.", err=True)
        text = sys.stdin.read()
    journal.reviewing.add_comment(snap, text, step_id=step_id)
    title = cli_common.shown(snap.title or "(untitled)")
    click.echo(
        f"Comment kept on '{title}' (version {snap.version}){cli_common.shown(where)}"
    )
    click.echo(f"Send it with: reflect feedback {snap.supervisee_id[:8]} -o FILE")


@click.command()
@click.argument("entry_id")
@click.option("--version", type=click.IntRange(min=1), help="Which version.")
@pass_settings
def reviewed(settings: Settings, entry_id: str, version: int | None) -> None:
    """Mark an entry a supervisee shared as reviewed."""
    journal = open_journal_for(settings)
    snap = journal.reviewing.get(entry_id, version)
    journal.reviewing.mark_reviewed(snap)
    title = cli_common.shown(snap.title or "(untitled)")
    click.echo(f"Marked '{title}' (version {snap.version}) reviewed.")


@click.command()
@click.argument("supervisee")
@click.option("-o", "--output", type=OUTPUT, required=True, help="The bundle file.")
@force_option("the bundle file")
@pass_settings
def feedback(settings: Settings, supervisee: str, output: Path, force: bool) -> None:
    """Write your comments, reviews and sign-offs back for a supervisee.

    The bundle passphrase comes from REFLECT_BUNDLE_PASSPHRASE when that is
    set; otherwise it is asked for twice, hidden.
    """
    from reflect.core import reviewing

    journal = open_journal_for(settings)
    person = journal.reviewing.find_supervisee(supervisee)
    name = cli_common.shown(person.name)
    nothing_new = f"Nothing new for {name} since the last feedback; no file."
    if not journal.reviewing.pending_feedback(person.id):
        click.echo(nothing_new)
        return
    # Before the passphrase.
    check_output(settings, output, force=force, nothing=reviewing.NOT_SENT)
    passphrase = _bundle_passphrase(new=True)
    # Marked as sent only if the file is written.
    if not journal.reviewing.send_feedback(person, passphrase, output, replace=force):
        click.echo(nothing_new)  # another window sent it meanwhile
        return
    click.echo(f"Wrote feedback for {name} to {output} (encrypted).")
    click.echo(FACE_TO_FACE.format(who="supervisee"))


@click.command("comments")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def comments_(settings: Settings, as_json: bool) -> None:
    """Comments your supervisor sent back, including on entries since erased.

    A comment on one answer says which: its number and question, as your
    supervisor saw them.
    """
    journal = open_journal_for(settings)
    orphans = {c.id for c in journal.sharing.orphan_comments()}
    places = journal.sharing.answered()
    found = journal.sharing.received_comments()
    if as_json:
        print_json(
            [
                {
                    "id": c.id,
                    "entry_id": c.entry_id,
                    "step_id": c.step_id,
                    "step": places[c.id].number if c.id in places else None,
                    "question": places[c.id].question if c.id in places else None,
                    "author": c.author,
                    "body": c.body,
                    "created_at": c.created_at,
                    "hidden": c.hidden,
                    "entry_title": title,
                    "entry_erased": c.id in orphans,
                }
                for c, title in found
            ]
        )
        return
    for c, title in found:
        where = (
            "(entry since erased)"
            if c.id in orphans
            else f"on '{cli_common.flat(title or '') or 'Untitled'}'"
        )
        if c.id in places:
            place = places[c.id]
            where += f", on {place.number}. {place.question or 'Note'}"
        elif c.step_id and c.id not in orphans:
            where += ", on an answer it no longer has"
        hidden = " [hidden]" if c.hidden else ""
        when = local_display(c.created_at)
        head = cli_common.shown(f"{c.entry_id[:8]}  {c.author} {where}{hidden}")
        click.echo(f"{head}  ({when})")
        click.echo("    " + _indented(c.body.strip(), 4))
    if not found:
        click.echo("No comments from supervision yet.", err=True)
