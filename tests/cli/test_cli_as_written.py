"""`reflect show` and `reflect search` print people's words as they wrote them.

On a terminal the title, questions and matched words are bold; in a pipe or
a file (CliRunner's output, like `> file`) the text is plain. Either way
nothing is added to the words: no Markdown escapes, no `**` marks, and line
breaks stay where the worker put them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from reflect.cli import main as cli_module
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP
from reflect.core.paths import JournalPaths
from tests.cli.conftest import Reflect
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

KDF = KdfParams(n=16)
AGREED = "walnut harbour lantern"
BOLD = "\x1b[1m"

TITLE = "Title with <script>alert(1)</script> and [b]x[/b]"
BODY = [
    "They said <sigh> I give up",
    "Team meeting ran over again",
    "Felt rushed, <i>x</i> and **stars** & &amp; \\*",
]
COMMENT = ["<i>next time</i> try **this**", "# and <b>that</b>"]


def on_a_terminal(reflect: Reflect, *args: str) -> Result:
    """Run as if stdout were a terminal: click keeps the styling."""
    result = reflect.runner.invoke(
        cli_module.cli, list(args), env={"REFLECT_PASSPHRASE": PASSPHRASE}, color=True
    )
    assert result.exit_code == 0, result.output
    return result


def consecutive(lines: list[str], wanted: list[str]) -> bool:
    return any(
        lines[n : n + len(wanted)] == wanted
        for n in range(len(lines) - len(wanted) + 1)
    )


def commented(worker: Journal, entry_id: str, home: Path) -> None:
    """The entry goes to a supervisor, who comments; the feedback comes home."""
    share = worker.sharing.seal(worker.sharing.plan([entry_id]), AGREED, kdf=KDF)
    access = JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=FixedClock())
    supervisor = access.create(PASSPHRASE)
    supervisor.reviewing.receive(share, AGREED, accepted={KDF})
    received = supervisor.reviewing.get(entry_id)
    supervisor.reviewing.add_comment(
        received,
        "\n".join(COMMENT),
        step_id=NOTE_STEP,
    )
    person = supervisor.reviewing.supervisees()[0]
    feedback = supervisor.reviewing.build_feedback(person, AGREED, kdf=KDF)
    assert feedback is not None
    worker.reviewing.receive(feedback, AGREED, accepted={KDF})
    supervisor.store.close()


def test_show_and_search_print_the_words_as_written(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    entry = seeded.notes.add("\n".join([TITLE, *BODY]))
    commented(seeded, entry.id, tmp_path / "supervisor")
    seeded.store.close()

    piped = reflect.ok("show", entry.id[:8]).stdout
    lines = piped.splitlines()
    assert lines[0] == TITLE
    assert consecutive(lines, BODY)
    assert consecutive(lines, [f"  {line}" for line in COMMENT])
    assert "\x1b" not in piped and "\\<" not in piped and "&lt;" not in piped

    terminal = on_a_terminal(reflect, "show", entry.id[:8]).output
    assert terminal.startswith(f"{BOLD}{TITLE}\x1b[0m\n")
    assert consecutive(terminal.splitlines(), BODY)

    markdown = reflect.ok("show", entry.id[:8], "--markdown").stdout
    assert markdown.startswith("# Title with \\<script>alert(1)\\</script>")
    assert "They said \\<sigh> I give up\\\n" in markdown
    assert "&lt;" not in markdown

    # The share preview shows what would leave, line breaks and all (with no
    # bundle passphrase to hand it stops there, and writes nothing).
    stopped = reflect("share", entry.id[:8], "-o", str(tmp_path / "share.reflect"))
    assert stopped.exit_code == 1 and not (tmp_path / "share.reflect").exists()
    preview = stopped.stdout.splitlines()
    assert f"  {TITLE}" in preview
    assert consecutive(preview, [f"    Note: {TITLE}", *(" " * 6 + b for b in BODY)])

    # Search: the matched word in bold on a terminal, plain in a pipe, and
    # never a `**` that the worker did not type.
    _, snippet = reflect.ok("search", "rushed").stdout.splitlines()
    assert (
        "up Team meeting ran over again Felt rushed, <i>x</i> and **stars** & &amp; \\*"
        in snippet
    )
    assert snippet.count("**") == 2 and "\x1b" not in snippet

    _, snippet = on_a_terminal(reflect, "search", "rushed").output.splitlines()
    assert f"Felt {BOLD}rushed\x1b[0m, <i>x</i> and **stars**" in snippet
    assert snippet.count("**") == 2
