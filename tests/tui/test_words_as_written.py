"""Pilot: what people typed is on the screen exactly as they typed it.

A note and a supervisor's comments full of things a renderer could take as
formatting (`<sigh>`, `<i>x</i>`, `<script>`, `**stars**`, `[b]x[/b]`,
single line breaks) must show character for character, line for line: in
the entry view, the supervisor's review screen, the comments, the share
preview and the search results. The assertions read the screen's rendered
rows, so they see what a worker sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.clock import local_display
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.received import ReceivedScreen
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.search import SearchScreen
from reflect.tui.screens.share import ShareScreen
from tests.conftest import FAST_KDF, PASSPHRASE

LIBRARY = load_library([shipped_dir()])
KDF = KdfParams(n=16)
AGREED = "walnut harbour lantern"
SIZE = (120, 60)

TITLE = "Title with <script>alert(1)</script> and [b]x[/b]"
BODY = [
    "They said <sigh> I give up",
    "Team meeting ran over again",
    "Felt rushed, <i>x</i> and **stars** & &amp; \\*",
]
NOTE = "\n".join([TITLE, *BODY])
ON_ANSWER = ["<i>next time</i> try **this**", "and [red]this[/red] <b>too</b>"]
ON_ENTRY = ["Whole entry: <sigh> noted", "# not a heading"]
CHECKIN_NOTE = ["Slept badly [tired] <ugh>", "**still** here"]

# Borders Textual draws at the sides of a list or a quote; not part of the words.
BORDERS = "▊▌▎▍▏┃│▐"


def rows(app: App[object]) -> list[str]:
    """The screen as a person reads it: each row's text, edges trimmed."""
    strips = app.screen._compositor.render_strips()  # the rendered screen rows
    return [strip.text.strip().strip(BORDERS).strip() for strip in strips]


def assert_on_screen(app: App[object], lines: list[str]) -> None:
    """`lines` appear on consecutive rows, each row exactly one line."""
    shown = rows(app)
    for start in range(len(shown)):
        if shown[start : start + len(lines)] == lines:
            return
    raise AssertionError(
        f"{lines!r} are not on the screen as written:\n" + "\n".join(shown)
    )


def make_access(home: Path, access: JournalAccess) -> JournalAccess:
    return JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=access.now)


@pytest.fixture
def people(
    access: JournalAccess, tmp_path: Path
) -> tuple[Journal, str, JournalAccess, Journal]:
    """A worker's note, shared, commented on twice and the feedback brought home."""
    worker = access.create(PASSPHRASE)
    worker.sharing.set_display_name("Alex <the worker>")
    entry = worker.notes.add(NOTE, tags=["work"])
    share = worker.sharing.seal(worker.sharing.plan([entry.id]), AGREED, kdf=KDF)
    supervisor_access = make_access(tmp_path / "supervisor", access)
    supervisor = supervisor_access.create(PASSPHRASE)
    supervisor.sharing.set_display_name("Sam [supervisor]")
    supervisor.reviewing.receive(share, AGREED, accepted={KDF})
    received = supervisor.reviewing.get(entry.id)
    supervisor.reviewing.add_comment(received, "\n".join(ON_ANSWER), step_id=NOTE_STEP)
    supervisor.reviewing.add_comment(received, "\n".join(ON_ENTRY))
    person = supervisor.reviewing.supervisees()[0]
    feedback = supervisor.reviewing.build_feedback(person, AGREED, kdf=KDF)
    assert feedback is not None
    worker.reviewing.receive(feedback, AGREED, accepted={KDF})
    return worker, entry.id, supervisor_access, supervisor


async def test_the_worker_sees_every_character_in_each_view(
    access: JournalAccess, people: tuple[Journal, str, JournalAccess, Journal]
) -> None:
    """Search, the entry view with its comments, the share preview, check-ins."""
    worker, _, _, _ = people
    worker.checkins.save(
        LIBRARY.get("wellbeing"), {"energy": 2}, note="\n".join(CHECKIN_NOTE)
    )
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#query", Input).value = "rushed"
        await pilot.pause()
        found = rows(app)
        assert any(row.endswith(f"{TITLE}  #work") for row in found), found
        # The snippet keeps the note's own line breaks and every character.
        assert_on_screen(app, BODY[1:])

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert_on_screen(app, [TITLE])
        assert_on_screen(app, BODY)
        assert_on_screen(app, ON_ANSWER)
        assert_on_screen(app, ON_ENTRY)
        assert any(row.startswith("Sam [supervisor] commented on") for row in rows(app))

        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        assert_on_screen(app, [f"{TITLE}  #work", "Note", TITLE, *BODY])
        assert any(
            TITLE in row and row.startswith("Sharing 1 entry") for row in rows(app)
        )

        # A preview longer than the screen can be read to its end by keys.
        long = worker.notes.add("\n".join(f"line {n} of a long day" for n in range(90)))
        app.push_screen(ShareScreen(worker, [long.id]))
        await pilot.pause()
        assert "line 89 of a long day" not in rows(app)
        await pilot.press("end")
        await pilot.pause()
        assert "line 89 of a long day" in rows(app)

        app.action_trend()  # the check-in notes, as written
        await pilot.pause()
        assert_on_screen(app, [f"02 Mar: {CHECKIN_NOTE[0]}", CHECKIN_NOTE[1]])


async def test_the_supervisor_reads_the_share_and_their_comments_as_written(
    people: tuple[Journal, str, JournalAccess, Journal],
) -> None:
    _, entry_id, supervisor_access, supervisor = people
    app = ReflectApp(supervisor_access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert f"● {TITLE}  version 1" in rows(app)
        await pilot.press("down", "enter")  # past the person, to their entry
        await pilot.pause()
        assert isinstance(app.screen, ReceivedScreen)
        assert_on_screen(app, [TITLE])
        assert_on_screen(app, [TITLE, *BODY])  # a note's answer is all its text
        facts = "Shared by Alex <the worker> · version 1 · received 02 Mar 2026"
        assert_on_screen(app, [facts])
        on_answer, on_entry = (
            f"My comment ({local_display(c.created_at)}, sent):"
            for c in supervisor.reviewing.my_comments(entry_id, 1)
        )
        assert_on_screen(app, [on_answer, *ON_ANSWER])
        assert_on_screen(app, [on_entry, *ON_ENTRY])
