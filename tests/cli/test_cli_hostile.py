"""Nothing hostile reaches a terminal from any `reflect` command (issue 14).

One journal holds the hostile corpus wherever a person's words can be: titles,
answers, tags, a check-in note, the agreement, an action, a session record,
prompt packs, a jrnl file's name, and, through real share and feedback
bundles, a supervisee's `--as` name and entries and a supervisor's name and
comments. Every command in click's tree that shows stored text is then run:

- through a pipe: no hidden code point in what it printed;
- as on a terminal with NO_COLOR=1: no ESC byte at all;
- as on a terminal with colour and the output guard taken away: nothing but
  reflect's own SGR codes, so each place that prints people's words runs them
  through `shown` itself (the guard is the backstop, not the excuse);
- a few on a real pseudo-terminal, where click decides about styling for real.

The list of commands is checked against click's tree, so a new command cannot
be missed silently: it is tried here or said to show no stored text.

The journal is unencrypted so the ~120 in-process runs cost no key derivation;
bundles use the cost every reflect reads (2^16), since `receive` is run here.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType, SimpleNamespace

import click
import pytest
from click.testing import CliRunner

from reflect.cli import common as cli_common
from reflect.cli import jrnl as cli_jrnl
from reflect.cli import output as cli_output
from reflect.cli.common import Failure, ReflectGroup
from reflect.cli.main import cli
from reflect.core import supervision
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.errors import ReflectError
from reflect.core.frameworks import Area, Domain, Framework
from reflect.core.paths import JournalPaths
from reflect.core.preferences import Preferences
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir
from tests.cli.terminals import OnATerminal
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.hostile import BIG_LINE, CORPUS, ESC, TITLE, everything, hidden_in
from tests.lenses import cli_frameworks

AGREED = "three words agreed face to face"
ODD_LENS = Framework(
    id="odd",
    version=1,
    title=CORPUS["osc title"],
    source="made up",
    licence="ours",
    domains=(Domain("d", CORPUS["bidi"], (Area("a", TITLE, CORPUS["html"]),)),),
)
"""A framework file's words are an organisation's or a worker's: shown too."""


READ_BY_ALL = KdfParams(n=2**16)
"""A bundle cost every reflect accepts, so `reflect receive` reads these."""
SGR = re.compile(r"\x1b\[[0-9;]*m")
NAME = f"Sam {ESC}]0;I am root{ESC}\\\u202eevil [bold]x[/]"
"""The supervisee's `--as` name, which is also the supervisor's name."""
TAGS = (f"tag{ESC}]52;c;eA==\x07", "\u202eflipped", "c1\x9b2J")
BEL = "\x07"


def toml(text: str) -> str:
    """A TOML basic string: JSON's escapes are all TOML escapes too."""
    return json.dumps(text)


HOSTILE_PACK = f"""
id = "hostile"
version = 1
title = {toml(TITLE)}
kind = "theme"
summary = {toml(CORPUS["osc clipboard"])}
functions = ["formative"]
minutes = 5

[[steps]]
id = "first"
question = {toml(CORPUS["osc title"])}
hint = {toml(CORPUS["bidi"])}
follow_ups = [{toml(CORPUS["c1 csi"])}]

[[steps]]
id = "second"
question = {toml(CORPUS["csi clear"])}
input = "choice"
choices = [{toml(CORPUS["osc link"])}, "plain"]
"""

HOSTILE_CHECKIN = f"""
id = "wellbeing"
version = 1
title = "Wellbeing check-in"
kind = "check-in"
summary = "Two questions."
functions = ["restorative"]
minutes = 1

[[steps]]
id = "energy"
question = {toml(CORPUS["osc title"])}
input = "scale"
labels = [{", ".join(toml(CORPUS[k]) for k in list(CORPUS)[:5])}]

[[steps]]
id = "role"
question = {toml(CORPUS["bidi"])}
input = "scale"
labels = ["1", "2", "3", "4", {toml(CORPUS["nul and bell"])}]
"""


HOSTILE_LENS = Framework(
    id="hostile",
    version=1,
    title=TITLE,
    source=CORPUS["osc link"],
    licence="ours",
    domains=(
        Domain(
            "d",
            CORPUS["osc clipboard"],
            (
                Area("first", CORPUS["c1 csi"], CORPUS["csi clear"]),
                Area("second", CORPUS["bidi"], CORPUS["html"]),
            ),
        ),
    ),
)
"""A framework whose every word is hostile, linked from the note and the
reflection with hostile lines; `reflect portfolio` finds it (see `lens`)."""


@pytest.fixture(autouse=True)
def lens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both hostile frameworks, wherever a command loads frameworks from."""
    cli_frameworks(monkeypatch, ODD_LENS, HOSTILE_LENS)


@dataclass
class World:
    """The journal the commands read, and what they are pointed at."""

    home: Path
    copies: dict[str, Path]
    """`home` as it was before the two bundles came in (for `receive`) and
    after (before any command here changed it), for cases that need either."""
    packs: Path
    tmp: Path
    ids: dict[str, str] = field(default_factory=dict)
    runs: int = 0

    def fresh_path(self) -> str:
        self.runs += 1
        return str(self.tmp / f"out-{self.runs}")

    def home_for(self, how: Case) -> Path:
        if how.on is None:
            return self.home
        self.runs += 1
        home = self.tmp / f"home-{self.runs}"
        shutil.copytree(self.copies[how.on], home)
        return home


def _build(tmp: Path) -> World:
    packs = tmp / "packs"
    packs.mkdir()
    (packs / "hostile.toml").write_text(HOSTILE_PACK, encoding="utf-8")
    (packs / "wellbeing.toml").write_text(HOSTILE_CHECKIN, encoding="utf-8")
    (packs / f"broken{ESC}]0;pack{BEL}.toml").write_text("id = [", encoding="utf-8")
    library = load_library([shipped_dir(), packs])
    world = World(tmp / "mine", {}, packs, tmp)
    ids = world.ids

    # The worker's own journal, which is also a supervisor's.
    mine = JournalAccess(JournalPaths(world.home), now=FixedClock()).create(None)
    store = mine.store
    ids["big"] = mine.notes.add(f"A long one\n{BIG_LINE}").id
    note = mine.notes.add(
        f"{TITLE}\n{everything()}\nWe met near SW1A 1AA",
        tags=TAGS,
        for_supervision=True,
        ask=CORPUS["osc clipboard"],
    )
    ids["note"] = note.id
    mine.portfolio.link(note.id, ODD_LENS, "a", CORPUS["rich markup"])
    pack = library.get("hostile")
    reflection = mine.reflections.start(pack)
    for n, (step, key) in enumerate(zip(pack.steps, ["osc link", "html"], strict=True)):
        mine.reflections.save_answer(reflection, step, n, CORPUS[key])
    mine.reflections.finish(
        reflection,
        Finish(
            title=CORPUS["osc title"],
            tags=TAGS,
            for_supervision=True,
            ask=CORPUS["bidi"],
            private_note=CORPUS["nul and bell"],
        ),
    )
    ids["reflection"] = reflection
    mine.portfolio.link(note.id, HOSTILE_LENS, "first", CORPUS["osc title"])
    mine.portfolio.link(reflection, HOSTILE_LENS, "first", CORPUS["bidi"])
    mine.checkins.save(
        library.get("wellbeing"),
        {"energy": 1, "role": 2},
        note=CORPUS["c1 csi"],
        bring=True,
    )
    mine.supervision.save_agreement(
        supervision.Agreement(
            supervisor=CORPUS["osc link"] + CORPUS["bidi"], next_date=date(2026, 4, 1)
        ),
    )
    mine.preferences.save(
        Preferences(
            support_plan=everything(),
            trusted_name=CORPUS["osc title"],
            gp=CORPUS["bidi"],
        )
    )
    ids["action"] = mine.supervision.add_action(
        CORPUS["csi clear"], owner=CORPUS["bidi"]
    ).id
    item = supervision.SessionItem(TITLE, CORPUS["osc title"], CORPUS["html"])
    ids["session"] = mine.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 1),
            start=f"10{ESC}]0;t{BEL}",
            end="\u202e11",
            attendees=CORPUS["osc clipboard"],
            items=(item,),
            decisions=CORPUS["c1 csi"],
            support=CORPUS["rich markup"],
            learning=CORPUS["links"],
        ),
        [(CORPUS["osc left open"], NAME, None)],
    ).id
    outgoing = mine.sharing.seal(
        mine.sharing.plan([note.id, reflection]),
        AGREED,
        kdf=READ_BY_ALL,
    )

    # The other person: a supervisee sharing under a hostile `--as` name, and
    # the supervisor who comments on what the worker shared.
    other = JournalAccess(
        JournalPaths(tmp / "other"), kdf_iter=FAST_KDF, now=FixedClock()
    ).create(PASSPHRASE)
    theirs = other.notes.add(f"{TITLE}\n{everything()}", tags=TAGS)
    share_bundle = tmp / "share.reflect"
    other.sharing.send(
        other.sharing.plan([theirs.id]),
        AGREED,
        share_bundle,
        name=NAME,
        kdf=READ_BY_ALL,
    )
    other.reviewing.receive(outgoing, AGREED)
    for entry_id, step in ((note.id, None), (reflection, "first")):
        received = other.reviewing.get(entry_id)
        for key in ("osc title", "osc clipboard", "bidi"):
            other.reviewing.add_comment(received, CORPUS[key], step_id=step)
    feedback_bundle = tmp / "feedback.reflect"
    (me,) = other.reviewing.supervisees()
    assert other.reviewing.send_feedback(me, AGREED, feedback_bundle, kdf=READ_BY_ALL)
    ids["other"] = other.journal_id[:8]
    ids["received"] = theirs.id[:8]
    other.store.close()

    store.close()
    for when in ("before", "after"):
        world.copies[when] = tmp / when
        shutil.copytree(world.home, world.copies[when])
        if when == "before":
            mine = JournalAccess(JournalPaths(world.home), now=FixedClock()).open(None)
            for bundle in (share_bundle, feedback_bundle):
                mine.reviewing.receive_file(bundle, AGREED)
            mine.store.close()
    ids["share_bundle"] = str(share_bundle)
    ids["feedback_bundle"] = str(feedback_bundle)

    jrnl = tmp / f"old{ESC}]0;jrnl{BEL}.txt"
    jrnl.write_text(
        f"{CORPUS['osc clipboard']}\n[2024-01-05 09:00] {TITLE}\nbody\n",
        encoding="utf-8",
    )
    ids["jrnl"] = str(jrnl)
    taken = tmp / f"taken{ESC}]0;file{BEL}.reflect"
    taken.write_bytes(b"")
    ids["taken"] = str(taken)
    ids["missing"] = str(tmp / f"missing{ESC}]52;c;eA=={BEL}.reflect")
    ids["tag"] = TAGS[0]
    return world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return _build(tmp_path_factory.mktemp("hostile"))


@dataclass(frozen=True)
class Case:
    """One way to run a command, and the exit status it should end with."""

    args: tuple[str, ...]
    code: int = 0
    on: str | None = None
    """Run on a fresh copy of the journal from "before" the bundles came in,
    or from "after"; None: on the journal every case shares."""
    typed: str | None = None
    """Answers typed on a terminal, for a command that asks."""


def case(*args: str, **how: object) -> Case:
    return Case(args, **how)  # type: ignore[arg-type]


SHOWS: dict[tuple[str, ...], list[Case]] = {
    ("list",): [case("list"), case("list", "--json"), case("list", "--tag", "{tag}")],
    ("show",): [
        case("show", "{note}"),
        case("show", "{reflection}"),
        case("show", "{note}", "--markdown"),
        case("show", "{big}"),
    ],
    ("search",): [case("search", "kept"), case("search", "--json", "kept")],
    ("mark",): [case("mark", "{note}")],  # changes nothing: says how it stands
    ("link",): [case("link", "{note}", "odd:a", "--note", CORPUS["rich markup"])],
    ("unlink",): [case("unlink", "{note}", "odd:a", on="after")],
    ("export",): [case("export", "--format", "markdown"), case("export")],
    ("import",): [case("import", "--from", "jrnl", "{jrnl}")],
    ("share",): [
        case("share", "{note}", "{reflection}", "-o", "{out}", code=1),
        case("share", "{note}", "-o", "{taken}", code=1),
    ],
    ("receive",): [
        case("receive", "{share_bundle}", on="before"),
        case("receive", "{feedback_bundle}", on="before"),
        case("receive", "{missing}", code=1),
    ],
    ("received",): [
        case("received"),
        case("received", "{other}"),
        case("received", "--json"),
    ],
    ("supervisees",): [case("supervisees"), case("supervisees", "--json")],
    # Nothing new to send there, so no run pays for sealing a bundle.
    ("feedback",): [case("feedback", "{other}", "-o", "{out}", on="after")],
    ("read",): [case("read", "{received}"), case("read", "{received}", "--json")],
    ("comment",): [
        case("comment", "{received}", "Thank you"),
        case("comment", "{received}", "On the note", "--step", "1"),
    ],
    ("reviewed",): [case("reviewed", "{received}")],
    ("comments",): [case("comments"), case("comments", "--json")],
    ("portfolio",): [case("portfolio"), case("portfolio", "--json")],
    ("agreement",): [case("agreement"), case("agreement", "--json")],
    ("action", "done"): [case("action", "done", "{action}")],
    ("action", "reopen"): [case("action", "reopen", "{action}")],
    ("actions",): [case("actions"), case("actions", "--json")],
    ("checkin",): [case("checkin", typed="3\n4\n")],
    ("checkins",): [case("checkins"), case("checkins", "--json")],
    ("support",): [case("support")],
    ("agenda",): [case("agenda"), case("agenda", "--format", "html")],
    ("sessions",): [case("sessions"), case("sessions", "--json")],
    ("session", "show"): [
        case("session", "show", "{session}"),
        case("session", "show", "{session}", "--format", "html"),
    ],
    ("review-year",): [
        case("review-year", "--include", "{reflection}", "--accept-findings"),
        case(
            "review-year",
            "--format",
            "html",
            "--include",
            "{note}",
            "--accept-findings",
        ),
    ],
    ("prompts", "list"): [case("prompts", "list"), case("prompts", "list", "--json")],
    ("prompts", "show"): [
        case("prompts", "show", "hostile"),
        case("prompts", "show", "hostile", "--json"),
    ],
    ("prompts", "check"): [case("prompts", "check", "{packs}", code=1)],
    # Packs are not frameworks: every file is a problem, one with a name
    # that holds the corpus.
    ("frameworks", "check"): [
        case("frameworks", "check", "{packs}", code=1),
        case("frameworks", "check", "{packs}", "--json", code=1),
    ],
}
"""Every command that shows stored or received text, and how to make it."""

QUIET: dict[tuple[str, ...], str] = {
    ("init",): "says where it created the journal",
    ("note",): "prints the new entry's id",
    ("action", "add"): "prints the new action's id",
    ("session", "record"): "prints the new record's id",
    ("backup",): "prints where the backup went",
    ("restore",): "names the backup and where the old journal was kept",
    ("check",): "says ok, or what SQLite found wrong",
    ("passphrase",): "says the passphrase changed",
    # An organisation's file can hold no control or bidi character (checking
    # refuses one), so what `show` and `install` print of it is plain; a
    # problem names a key, never a value (tests/cli/test_cli_org.py).
    ("org", "check"): "one line per problem: the file, its line, a key's name",
    ("org", "install"): "the organisation's name, checked free of controls",
    ("org", "show"): "the installed file's words, checked free of controls",
    ("org", "remove"): "says the organisation's file was removed",
    # A framework file can hold no control or bidi character either (the
    # loader leaves such a file out), so what these print of one is plain.
    ("frameworks", "list"): "framework ids and titles, checked free of controls",
    ("frameworks", "show"): "a framework's words, checked free of controls",
}
"""Commands that show no stored text, and what they do show."""

CASES = [c for cases in SHOWS.values() for c in cases]
IDS = [" ".join(c.args) for c in CASES]


def _tree(group: click.Group, above: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _tree(command, (*above, name))
        else:
            yield (*above, name)


def test_every_command_is_tried_here_or_said_to_show_no_stored_text() -> None:
    tree = set(_tree(cli))
    assert not set(SHOWS) & set(QUIET)
    untried = tree - set(SHOWS) - set(QUIET)
    assert not untried, f"add these to SHOWS (with arguments) or QUIET: {untried}"
    assert not (set(SHOWS) | set(QUIET)) - tree, "a listed command no longer exists"


RUNNER = CliRunner()


def run(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    how: Case,
    *,
    color: bool,
    env: dict[str, str | None] | None = None,
) -> str:
    """Run one case in-process; everything it wrote, stdout and stderr."""
    home = world.home_for(how)
    values = {**world.ids, "packs": str(world.packs)}
    args = [arg.format(**values, out=world.fresh_path()) for arg in how.args]
    with monkeypatch.context() as patch:
        if how.typed is not None:
            patch.setattr(cli_common, "has_terminal", lambda: True)
        result = RUNNER.invoke(
            cli,
            ["--home", str(home), "--prompts-dir", str(world.packs), *args],
            input=how.typed,
            env={"REFLECT_BUNDLE_PASSPHRASE": AGREED, "NO_COLOR": None, **(env or {})},
            color=color,
        )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"reflect {' '.join(args)} raised") from result.exception
    assert result.exit_code == how.code, result.output[:2000]
    assert "Traceback" not in result.output
    return result.output


def shows_the_corpus(out: str) -> bool:
    """The hostile text was there to be shown: as marks, or as JSON escapes."""
    return any(m in out for m in ("␛", "<U+", "\\u001b", "\\u202e", "\\u009b"))


@pytest.mark.parametrize("how", CASES, ids=IDS)
def test_through_a_pipe_no_hidden_code_point_is_printed(
    world: World, monkeypatch: pytest.MonkeyPatch, how: Case
) -> None:
    out = run(world, monkeypatch, how, color=False)
    assert hidden_in(out) == []
    assert shows_the_corpus(out)


@pytest.mark.parametrize("how", CASES, ids=IDS)
def test_on_a_terminal_with_no_color_no_escape_is_printed(
    world: World, monkeypatch: pytest.MonkeyPatch, how: Case
) -> None:
    out = run(world, monkeypatch, how, color=True, env={"NO_COLOR": "1"})
    assert ESC not in out
    assert hidden_in(out) == []
    assert shows_the_corpus(out)


@pytest.mark.parametrize("how", CASES, ids=IDS)
def test_every_place_that_prints_words_shows_them_through_the_sanitiser(
    world: World, monkeypatch: pytest.MonkeyPatch, how: Case
) -> None:
    # Without the guard and with colour on, only reflect's own styling may
    # be left: anything else came from a place that skipped `shown`.
    monkeypatch.setattr(cli_output, "guarded", nullcontext)
    out = run(world, monkeypatch, how, color=True)
    assert hidden_in(SGR.sub("", out)) == []
    assert shows_the_corpus(out)


def test_show_prints_words_as_written(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = run(world, monkeypatch, case("show", "{note}"), color=False)
    assert '<script>alert(1)</script><img src=x onerror="alert(2)"> <sigh>' in out
    assert "Hard day ␛]0;owned␛\\ <b>bold</b> [red]r[/red]<U+202E>evil" in out
    # Its link: the framework file's area title and the worker's line.
    assert "Shows: Hard day ␛]0;owned␛\\ <b>bold</b>" in out
    assert "[bold red]loud[/] [@click=app.quit]quit[/]" in out


# ---- the guard on its own -------------------------------------------------


def _leaky_group() -> click.Group:
    """A command that prints the corpus every way a command could, none of
    them through `shown`: what a forgotten call site would do."""

    @click.group(cls=ReflectGroup)
    def group() -> None:
        pass

    @group.command()
    @click.argument("how")
    def leak(how: str) -> None:
        text = everything()
        click.echo(click.style("ours", bold=True) + " " + text)
        click.echo(text, err=True)
        sys.stdout.write(text + "\n")
        print(text, file=sys.stderr)
        if how == "ask":
            click.confirm(f"Keep {TITLE}?", default=True, err=True)
        elif how == "fail":
            raise Failure(f"could not open {TITLE}")
        elif how == "error":
            raise ReflectError(f"no pack called {TITLE}")
        elif how == "usage":
            raise click.BadParameter(TITLE)

    return group


@pytest.mark.parametrize("how", ["ask", "fail", "error", "usage"])
def test_the_guard_stops_what_a_forgotten_call_site_would_print(how: str) -> None:
    group = _leaky_group()
    piped = CliRunner().invoke(group, ["leak", how], input="y\n")
    assert hidden_in(piped.output) == [] and "␛]0;owned" in piped.output
    plain = CliRunner().invoke(group, ["leak", how], env={"NO_COLOR": "1"}, color=True)
    assert ESC not in plain.output and hidden_in(plain.output) == []
    assert "ours ␛]0;owned" not in plain.output  # the styling went, not shown
    styled = CliRunner().invoke(group, ["leak", how], color=True, input="y\n")
    assert "\x1b[1mours\x1b[0m" in styled.output, "reflect's own styling stays"
    assert hidden_in(SGR.sub("", styled.output)) == []
    assert "Traceback" not in piped.output + plain.output + styled.output


def test_the_app_starts_on_the_real_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def run_tui(*args: object, **kwargs: object) -> int:
        seen.extend([sys.stdout, sys.stderr])
        return 0

    launch = ModuleType("reflect.tui.launch")
    launch.run_tui = run_tui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reflect.tui.launch", launch)
    assert CliRunner().invoke(cli, []).exit_code == 0
    assert seen and not any(isinstance(s, cli_output.GuardedStream) for s in seen)


def test_the_jrnl_import_bar_draws_in_place_with_no_escape_under_no_color(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Screen(io.StringIO):
        def isatty(self) -> bool:
            return True

    # A journal big enough for the bar, on a terminal.
    monkeypatch.setattr(cli_jrnl, "_terminal", lambda: True)
    monkeypatch.setattr(cli_jrnl, "_size", lambda path: (3, "lines"))
    monkeypatch.setattr(cli_jrnl, "_show_bar", lambda total: True)
    for no_color, escapes in (("1", False), ("", True)):
        monkeypatch.setenv("NO_COLOR", no_color)
        screen = Screen()
        monkeypatch.setattr(sys, "stderr", screen)
        with cli_jrnl._progress(tmp_path) as step:
            assert step is not None
            step(SimpleNamespace(line=3, source=""))  # type: ignore[arg-type]
        drawn = screen.getvalue()
        assert "Importing" in drawn and "\r" in drawn, "the bar redraws in place"
        assert (ESC in drawn) is escapes


# ---- on a real terminal ---------------------------------------------------

ON_A_TERMINAL = [
    ("list", "--limit", "3"),
    ("show", "{note}"),
    ("search", "kept"),
    ("comments",),
    ("received",),
    ("supervisees",),
    ("prompts", "show", "hostile"),
    ("receive", "{missing}"),
]
"""One command for each way out (plain, styled, both streams, an error
after the command ended); none prints the 1 MB line, which a pty is slow at."""

MANY = (
    "import json, sys\n"
    "from reflect.cli.main import cli\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        cli.main(args, prog_name='reflect')\n"
    "    except SystemExit:\n"
    "        pass\n"
)
"""Several commands in one process, so the terminal costs one start-up."""


@pytest.mark.parametrize("no_color", ["1", None], ids=["NO_COLOR", "colour"])
def test_on_a_real_terminal(world: World, no_color: str | None) -> None:
    values = {**world.ids, "packs": str(world.packs)}
    batch = [
        ["--home", str(world.home), "--prompts-dir", str(world.packs)]
        + [arg.format(**values) for arg in args]
        for args in ON_A_TERMINAL
    ]
    with OnATerminal(
        json.dumps(batch),
        program=[sys.executable, "-c", MANY],
        env={"NO_COLOR": no_color},
    ) as term:
        assert term.finish() == 0, term.screen
    screen = term.screen
    assert "␛]0;owned" in screen and "<U+202E>" in screen
    assert "could not" in screen and "missing␛]52;c;eA==␇.reflect" in screen
    if no_color:
        assert ESC not in screen
    else:
        assert "\x1b[1m" in screen, "bold titles on a terminal"
    assert hidden_in(SGR.sub("", screen)) == []


# ---- terminals that are not the usual one ----------------------------------

ASCII_ONLY = [
    case("list"),
    case("list", "--json"),
    case("show", "{note}"),
    case("search", "--json", "kept"),
    case("export"),
    case("received"),
    case("comments", "--json"),
    case("prompts", "show", "hostile"),
]
"""Plain lists, JSON, a streamed export and styled text: each way out once."""


@pytest.mark.parametrize("how", ASCII_ONLY, ids=[" ".join(c.args) for c in ASCII_ONLY])
def test_an_output_that_takes_only_ascii_gets_escapes_not_a_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch, how: Case
) -> None:
    # `PYTHONIOENCODING=ascii`, `PYTHONUTF8=0` in a C locale, or Windows
    # output redirected to a file (cp1252): stdout cannot encode ␛, <U+…>, ☃.
    monkeypatch.setattr(RUNNER, "charset", "ascii")
    out = run(world, monkeypatch, how, color=False)
    assert out.isascii()
    if "--json" in how.args or how.args == ("export",):
        json.loads(out)  # still valid JSON
    else:
        assert "\\u241b]0;owned" in out, "marks written as escapes, not dropped"


def test_json_on_an_ascii_output_reads_back_exactly() -> None:
    words = f"café {TITLE} \U0001f600 \\ \\u00e9 \u2028"

    @click.group(cls=ReflectGroup)
    def group() -> None:
        pass

    @group.command()
    def emit() -> None:
        cli_common.print_json({"words": words, "list": [words]})

    result = CliRunner(charset="ascii").invoke(group, ["emit"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"words": words, "list": [words]}


def test_only_reflects_own_styling_passes_the_guard() -> None:
    # A word that skipped `shown` (a file name in a message, click's own
    # error naming an argument) must not hide text, blink or send the
    # terminal a parameter list of any length, even with colour on.
    concealed = "\x1b[8mhidden\x1b[0m \x1b[5;7mblink\x1b[m \x1b[38;5;1mred"
    huge = "\x1b[" + "1;" * 50_000 + "1m"

    @click.group(cls=ReflectGroup)
    def group() -> None:
        pass

    @group.command()
    @click.argument("name")
    def leak(name: str) -> None:
        click.echo(click.style("ours", bold=True) + click.style(" dim", dim=True))
        click.echo(f"Wrote {name}. {concealed}{huge}")

    styled = CliRunner().invoke(group, ["leak", "x"], color=True)
    assert styled.exit_code == 0
    assert "\x1b[1mours\x1b[0m\x1b[2m dim\x1b[0m" in styled.output
    kept = re.findall(r"\x1b\[[0-9;]*m", styled.output)
    assert set(kept) <= {"\x1b[0m", "\x1b[1m", "\x1b[2m"}, kept[:5]
    assert "␛[8mhidden" in styled.output
