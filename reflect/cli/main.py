"""The `reflect` command: the composition root.

This is the only place that reads the environment and decides where the
journal and prompt packs live; it opens the journal once and runs one command.
Textual is imported only when the TUI starts, and a command-group module
only when one of its commands runs (`GROUP_COMMANDS`), so `reflect list`
loads little more than click, the journal's store and its entries before
it asks for the passphrase. Shared pieces live in `cli_common`, whole-journal
commands in `cli_data`, and `reflect prompts` in `cli_prompts`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
import platformdirs

from reflect.cli import common as cli_common
from reflect.cli import output as cli_output
from reflect.cli.common import (
    Failure,
    ReflectGroup,
    Settings,
    blocks_text,
    entry_line,
    env_passphrase,
    new_passphrase,
    open_journal_for,
    parse_since,
    pass_settings,
    print_json,
    shown,
)
from reflect.cli.home import default_home
from reflect.core.errors import (
    CannotOpen,
)
from reflect.core.exits import ExitCode, exit_code_for
from reflect.core.paths import APP_NAME, default_export_dir
from reflect.core.text import json_escaped

if TYPE_CHECKING:
    from reflect.core.places import Places

GROUP_COMMANDS = {
    "prompts": "reflect.cli.prompts:prompts",
    "frameworks": "reflect.cli.frameworks:frameworks",
    "org": "reflect.cli.org:org",
    "support": "reflect.cli.support:support_",
    "export": "reflect.cli.data:export",
    "import": "reflect.cli.data:import_",
    "backup": "reflect.cli.data:backup",
    "restore": "reflect.cli.data:restore",
    "check": "reflect.cli.data:check",
    "passphrase": "reflect.cli.data:passphrase",
    "checkin": "reflect.cli.checkins:checkin",
    "checkins": "reflect.cli.checkins:checkins_",
    "agreement": "reflect.cli.supervision:agreement",
    "action": "reflect.cli.supervision:action",
    "actions": "reflect.cli.supervision:actions",
    "agenda": "reflect.cli.agenda:agenda",
    "sessions": "reflect.cli.agenda:sessions",
    "session": "reflect.cli.agenda:session",
    "comments": "reflect.cli.sharing:comments_",
    "share": "reflect.cli.sharing:share",
    "receive": "reflect.cli.sharing:receive",
    "received": "reflect.cli.sharing:received",
    "supervisees": "reflect.cli.sharing:supervisees",
    "read": "reflect.cli.sharing:read",
    "comment": "reflect.cli.sharing:comment",
    "reviewed": "reflect.cli.sharing:reviewed",
    "feedback": "reflect.cli.sharing:feedback",
    "review-year": "reflect.cli.review:review_year",
    "portfolio": "reflect.cli.portfolio:portfolio",
    "link": "reflect.cli.portfolio:link",
    "unlink": "reflect.cli.portfolio:unlink",
}
"""Every command defined in a command-group module, by name, as "module:attr".

The module is imported only when its command runs (or when help lists them
all), so `reflect list` does not load sharing, the agenda or the portfolio
before asking for the passphrase. The everyday commands below are defined in
this module itself. A new command in a group module gets a line here.
"""


@click.group(cls=ReflectGroup, invoke_without_command=True, lazy=GROUP_COMMANDS)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REFLECT_HOME",
    help="Folder holding the journal (default: your user data folder).",
)
@click.option(
    "--prompts-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REFLECT_PROMPTS_DIR",
    help="A folder of extra prompt packs (overrides same-id packs).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Open the app on a throwaway journal with sample data (no command).",
)
@click.version_option(package_name="reflect")
@click.pass_context
def cli(
    ctx: click.Context, home: Path | None, prompts_dir: Path | None, demo: bool
) -> None:
    """reflect: a private, encrypted reflective-practice journal.

    With no command, starts the journal app in the terminal.
    """
    if demo and ctx.invoked_subcommand is not None:
        # Commands work on a real journal; quietly ignoring --demo would read
        # or change the worker's own words when they meant the sample ones.
        raise click.UsageError(
            f"--demo only opens the app with sample data, so it cannot go with "
            f"'{ctx.invoked_subcommand}'. Run 'reflect --demo' on its own, or "
            f"'reflect {ctx.invoked_subcommand}' for your own journal."
        )
    from_flag = (
        ctx.get_parameter_source("home") == click.core.ParameterSource.COMMANDLINE
    )
    config = os.environ.get("REFLECT_CONFIG_HOME")
    ctx.obj = Settings(
        home=home or _default_home(),
        home_given=from_flag,
        config_home=Path(config) if config else _default_config_home(),
        find_places=this_computer,
        prompts_dir=prompts_dir,
    )
    if ctx.invoked_subcommand is None:
        import tempfile

        from reflect.core.support import national_lines
        from reflect.tui.launch import run_tui

        # The app draws with escape codes of its own: the real streams for it.
        ctx.with_resource(cli_output.unguarded())
        passphrase = env_passphrase("REFLECT_PASSPHRASE")
        library = ctx.obj.library()
        places = ctx.obj.places
        ctx.exit(
            run_tui(
                ctx.obj.access,
                passphrase=passphrase,
                demo_in=Path(tempfile.gettempdir()) if demo else None,
                library=library,
                export_dir=_export_dir(places.user_home),
                places=places,
                organisation=ctx.obj.organisation(),
                support_lines=national_lines(ctx.obj.config_home),
                frameworks=ctx.obj.frameworks(say=False),  # the app says it on screen
            )
        )


def this_computer() -> Places:
    """The worker's folders and environment, looked up once for core and the
    app, which read neither themselves."""
    try:
        user_home: Path | None = Path.home()
    except RuntimeError:  # no home folder can be found (a bare service account)
        user_home = None
    # jrnl's config may name any variable; a passphrase it never needs, so
    # that stays out of what is handed around.
    env = {
        name: value for name, value in os.environ.items() if "PASSPHRASE" not in name
    }
    from reflect.core.places import Places

    return Places(user_home, env, _default_home(), reflect_program())


def _default_home() -> Path:
    """The platform's per-user data folder for reflect (not created here):
    `home.default_home`, where the console script's early open looks too."""
    return default_home()


def _default_config_home() -> Path:
    """The platform's per-user config folder, where a worker's own packs live."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def reflect_program() -> str:
    """How a shell would run this same reflect, for commands we suggest.

    `reflect` when that is what the PATH finds; otherwise the full path of
    the script that is running (a virtual environment not on the PATH), or
    `python -m reflect` with this interpreter.
    """
    import shlex
    import shutil

    found = shutil.which("reflect")
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "reflect" and script.exists():
        if found and Path(found).resolve() == script.resolve():
            return "reflect"
        return shlex.quote(str(script.resolve()))
    if found:
        return "reflect"
    return f"{shlex.quote(sys.executable)} -m reflect"


def _export_dir(home: Path | None) -> Path:
    """The folder the app offers for files: one that exists on this machine."""
    return default_export_dir(home or Path.cwd(), platformdirs.user_documents_path())


@cli.command()
@click.option(
    "--no-passphrase",
    is_flag=True,
    help="Create a journal that is NOT encrypted (you will be warned).",
)
@pass_settings
def init(settings: Settings, no_passphrase: bool) -> None:
    """Create a new journal (never overwrites one)."""
    access = settings.access
    if access.exists():
        raise Failure(f"a journal already exists at {access.path}; nothing was changed")
    if no_passphrase:
        click.echo(
            "Warning: without a passphrase anyone who can read this computer's "
            "files can read your journal.",
            err=True,
        )
        asked = cli_common.has_terminal()
        if asked and not click.confirm("Create it unencrypted?", err=True):
            raise Failure("nothing was created")
        journal = access.create(None)
    else:
        journal = access.create(new_passphrase("REFLECT_PASSPHRASE"))
    journal.store.close()
    state = "unencrypted" if no_passphrase else "encrypted"
    click.echo(f"Created an {state} journal at {access.path}")


@cli.command()
@click.argument("text", required=False)
@click.option("--tag", "tags", multiple=True, help="Tag the note (repeatable).")
@click.option("--for-supervision", is_flag=True, help="Bring this to supervision.")
@click.option("--ask", help="What you want from supervision on this.")
@pass_settings
def note(
    settings: Settings,
    text: str | None,
    tags: tuple[str, ...],
    for_supervision: bool,
    ask: str | None,
) -> None:
    """Save a quick note (TEXT, or standard input); prints its id."""
    import reflect.core.notes  # noqa: F401  # while the key is derived, as in `search`

    journal = open_journal_for(settings)  # before reading: a refusal reads nothing
    if text is None:
        if sys.stdin.isatty():
            click.echo("Type your note; finish with Ctrl-D on a new line.", err=True)
        text = sys.stdin.read()
    entry = journal.notes.add(text, tags=tags, for_supervision=for_supervision, ask=ask)
    click.echo(entry.id)


@cli.command()
@click.argument("entry_id")
@click.option(
    "--bring/--no-bring", default=None, help="Bring it to supervision, or no longer."
)
@click.option("--ask", help="What you want from supervision about it (brings it).")
@click.option(
    "--shareable/--not-shareable",
    default=None,
    help="Whether it can be shared with your supervisor (you still choose each time).",
)
@click.option(
    "--private-note",
    help="A note only for you, never shared; - reads it from standard input "
    "(kept out of your shell's history); empty text removes it.",
)
@pass_settings
def mark(
    settings: Settings,
    entry_id: str,
    bring: bool | None,
    ask: str | None,
    shareable: bool | None,
    private_note: str | None,
) -> None:
    """Mark an entry for supervision (bring it, with the ask; can be shared;
    a private note); prints how it stands."""
    from reflect.core.models import Marks

    if bring is False and (ask or "").strip():
        raise Failure("--ask says what you want from bringing it; drop --no-bring")
    journal = open_journal_for(settings)  # before reading: a refusal reads nothing
    entry = journal.entries.get(entry_id)
    if private_note == "-":
        private_note = sys.stdin.read()
    now = entry.marks
    if bring is None and (ask or "").strip():
        bring = True  # as `reflect note --ask`: an ask alone brings it
    wanted = Marks(
        for_supervision=now.for_supervision if bring is None else bring,
        ask=now.ask if ask is None else ask,
        shareable=now.shareable if shareable is None else shareable,
        private_note=now.private_note if private_note is None else private_note,
    )
    if wanted.normalized() != now.normalized():
        entry = journal.entries.set_marks(entry.id, wanted)
    parts = ["not brought to supervision"]
    if entry.for_supervision:
        ask_words = f" ({entry.ask})" if entry.ask else ""
        parts = [f"bring to supervision{ask_words}"]
    parts.append("can be shared" if entry.shareable else "not marked shareable")
    if entry.private_note:
        parts.append("has a private note")
    click.echo(shown(f"{entry.title or 'Untitled'}: {'; '.join(parts)}"))


@cli.command("list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0))
@click.option("--tag", help="Only entries with this tag.")
@click.option(
    "--since", help="Only entries written on or after this date (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def list_(
    settings: Settings, limit: int, tag: str | None, since: str | None, as_json: bool
) -> None:
    """List entries, newest first."""
    if as_json:
        import json
    since_at = parse_since(since)
    journal = open_journal_for(settings)
    shown = 0
    chunk: list[str] = []
    if as_json:
        chunk.append("[")
    for entry in journal.entries.walk(limit=limit, tag=tag, since=since_at):
        if as_json:
            text = json_escaped(
                json.dumps(entry.as_json(), ensure_ascii=False, indent=2)
            )
            lead = "," if shown else ""
            chunk.append(lead + "\n  " + text.replace("\n", "\n  "))
        else:
            chunk.append(entry_line(entry) + "\n")
        shown += 1
        if len(chunk) >= 500:  # one write per batch, not one per line
            click.echo("".join(chunk), nl=False)
            chunk.clear()
    click.echo("".join(chunk), nl=False)
    if as_json:
        click.echo("\n]" if shown else "]")
        return
    if not shown and limit:
        click.echo(
            "No entries yet." if not (tag or since) else "No entries match.", err=True
        )


@cli.command()
@click.argument("entry_id")
@click.option(
    "--markdown", is_flag=True, help="Print it as Markdown, ready to save to a file."
)
@pass_settings
def show(settings: Settings, entry_id: str, markdown: bool) -> None:
    """Print one entry as written (a unique id prefix is enough)."""
    from reflect.core.entry_reading import read_entry
    from reflect.core.reading import blocks_markdown

    journal = open_journal_for(settings)
    _, blocks = read_entry(journal, entry_id, settings.frameworks, settings.library)
    if markdown:
        click.echo(shown(blocks_markdown(blocks)), nl=False)
    else:
        click.echo(blocks_text(blocks), nl=False)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_settings
def search(
    settings: Settings, query: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Search titles and text, best match first."""
    # Loaded before the journal opens, so that with an early open (see
    # `store.early`) this happens while the key is still being derived,
    # not after it.
    import reflect.core.search  # noqa: F401

    journal = open_journal_for(settings)
    hits = journal.search.find(" ".join(query), limit=limit)
    if as_json:
        print_json([h.as_json() for h in hits])
        return
    for hit in hits:
        click.echo(entry_line(hit.entry))
        # The matched words are bold on a terminal and plain in a pipe (click
        # drops the styling); the snippet stays on one line under its entry.
        snippet = "".join(
            click.style(shown(part), bold=True) if matched else shown(part)
            for part, matched in hit.parts()
        )
        click.echo("    " + " ".join(snippet.split()))
    if not hits:
        click.echo("Nothing found.", err=True)


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        cli.main(prog_name="reflect")
    except KeyboardInterrupt:
        click.echo("", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except CannotOpen as exc:  # raised outside a subcommand (the TUI launch)
        click.echo(f"reflect: {shown(str(exc))}", err=True)
        sys.exit(exit_code_for(exc))
    sys.exit(ExitCode.OK)
