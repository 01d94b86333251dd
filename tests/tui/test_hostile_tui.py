"""Pilot: hostile text reaches the other person's screen as text, never as
instructions to their terminal.

The hostile corpus (terminal escapes, an OSC left open, C1 controls, bidi
overrides, Rich markup, links) goes into titles, answers, tags, actions, a
check-in note, a supervisee's name, a supervisor's name and comments, and a
prompt pack's words. Each screen that shows them is then checked on what
Textual would write to a terminal for it (`written`): apart from Textual's
own colour and cursor sequences, no control, bidi or lone-surrogate code
point may be in it, and no hyperlink. A name with `[@click=app.quit]` in a
toast shows its brackets and quits nothing; a link is never opened.
"""

from __future__ import annotations

import re
import webbrowser
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._compositor import LayoutUpdate
from textual._context import visible_screen_stack
from textual.app import App, ComposeResult
from textual.color import Color
from textual.screen import Screen
from textual.widgets import Input, Markdown, Static, TextArea
from textual.widgets.markdown import MarkdownBlock

from reflect.core import supervision
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.models import Step
from reflect.core.paths import JournalPaths
from reflect.core.templates import Library, load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.checkin import CheckinScreen
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.picker import PickerScreen
from reflect.tui.screens.received import ReceivedScreen
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.share import ShareScreen
from reflect.tui.screens.trend import TrendScreen
from reflect.tui.screens.writer import WriterScreen
from reflect.tui.text import NothingHidden
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.hostile import CORPUS, TITLE, everything, hidden_in

LIBRARY = load_library([shipped_dir()])
KDF = KdfParams(n=16)
AGREED = "walnut harbour lantern"
SIZE = (104, 40)
"""Wide enough for the whole hostile row on home, after the list's ▶ gutter."""

SUPERVISEE = "[@click=app.quit]Alex[/] \x1b]0;renamed\x07 \u202eevil"
"""The name a supervisee shares under (`--as`): it reaches the supervisor."""
SUPERVISOR = "[@click=app.quit]Sam[/] \x1b]52;c;eA==\x07"
"""The supervisor's name: it reaches the supervisee with the feedback."""
TAGS = ["osc\x1b]0;tag\x07", "[b]loud[/b]", "bidi\u202etag"]
SHARED_TITLE = "Shared " + TITLE
ADDRESS = "https://evil.example/a?b=c"

# Textual's own sequences: colours (SGR) and moving to each row (CUP).
OWN = re.compile(r"\x1b\[[0-9;]*[mH]")


def written(app: App[object]) -> str:
    """What Textual would write to a terminal for the screen as it is now.

    The same rows Textual's compositor hands its driver (a modal dialog over
    the screens beneath it), rendered by the app's own console.
    """
    visible_screen_stack.set(list(app._background_screens))
    screen = app.screen
    strips = screen._compositor.render_strips()
    update = LayoutUpdate([[strip] for strip in strips], screen.region)
    return update.render_segments(app.console)


def text_of(app: App[object]) -> str:
    """The screen as a person reads it."""
    visible_screen_stack.set(list(app._background_screens))
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_nothing_hidden(app: App[object], where: str) -> None:
    """Only text and Textual's own colours and cursor moves reach the terminal."""
    left = OWN.sub("", written(app))
    assert hidden_in(left) == [], f"{where}: {hidden_in(left)} reached the terminal"
    assert app.title == "reflect"
    assert app.is_running


async def fill(pilot, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = pilot.app.screen
    assert isinstance(dialog, FieldsDialog)
    for n, value in enumerate(values):
        dialog.query_one(f"#field-{n}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def click_on(pilot, words: str, lead: str) -> None:  # type: ignore[no-untyped-def]
    """Click on `words` where the screen shows them just after `lead`."""
    for y, row in enumerate(text_of(pilot.app).splitlines()):
        if lead + words in row:
            await pilot.click(offset=(row.index(lead + words) + len(lead) + 1, y))
            await pilot.pause()
            return
    raise AssertionError(f"{words!r} is not on the screen")


def make_access(home: Path, like: JournalAccess) -> JournalAccess:
    return JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=like.now)


def hostile_journal(journal: Journal) -> str:
    """Fill a worker's journal with the corpus; the hostile note's id."""
    note = journal.notes.add(f"{TITLE}\n{everything()}", tags=TAGS)
    journal.supervision.add_action(CORPUS["osc left open"])
    journal.supervision.save_agreement(
        supervision.Agreement(supervisor=SUPERVISOR, next_date=date(2026, 3, 20)),
    )
    journal.checkins.save(
        LIBRARY.get("wellbeing"),
        {"energy": 2, "satisfaction": 3},
        note=CORPUS["osc clipboard"],
    )
    return note.id


@pytest.fixture
def bundles_in(access: JournalAccess, tmp_path: Path) -> tuple[str, Path, Path]:
    """The worker's hostile journal and note, its share file, and the feedback
    file a supervisor wrote back (hostile name, hostile comments)."""
    worker = access.create(PASSPHRASE)
    note_id = hostile_journal(worker)
    shared = worker.notes.add(f"{SHARED_TITLE}\n{everything()}", tags=TAGS)
    worker.sharing.set_display_name(SUPERVISEE)
    share = worker.sharing.seal(worker.sharing.plan([shared.id]), AGREED, kdf=KDF)
    share_file = tmp_path / "share.reflect"
    share_file.write_bytes(share)
    supervisor = make_access(tmp_path / "elsewhere", access).create(PASSPHRASE)
    supervisor.sharing.set_display_name(SUPERVISOR)
    supervisor.reviewing.receive(share, AGREED, accepted={KDF})
    received = supervisor.reviewing.get(shared.id)
    for comment in (everything(), CORPUS["osc title"]):
        supervisor.reviewing.add_comment(received, comment)
    [person] = supervisor.reviewing.supervisees()
    feedback = supervisor.reviewing.build_feedback(person, AGREED, kdf=KDF)
    assert feedback is not None
    feedback_file = tmp_path / "feedback.reflect"
    feedback_file.write_bytes(feedback)
    supervisor.store.close()
    worker.store.close()
    return note_id, share_file, feedback_file


async def test_the_worker_s_screens_send_nothing_hidden_to_the_terminal(
    access: JournalAccess, bundles_in: tuple[str, Path, Path]
) -> None:
    note_id, _, feedback_file = bundles_in
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    app.bundle_kdf, app.bundle_kdfs = KDF, {KDF}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert_nothing_hidden(app, "home")
        home = text_of(app)
        assert "Hard day ␛]0;owned␛\\ <b>bold</b> [red]r[/red]<U+202E>evil" in home
        assert "#osc␛]0;tag␇ #[b]loud[/b]" in home  # the tags, as typed
        assert "␛]0;swallow the rest of the line" in home  # the open action

        # Feedback comes in: the supervisor's name is in the toast, as typed.
        app.action_receive()
        await pilot.pause()
        await fill(pilot, [str(feedback_file), AGREED])
        await pilot.pause()
        assert_nothing_hidden(app, "the feedback toast")
        assert "Feedback from [@click=app.quit]Sam[/]" in text_of(app)
        await click_on(pilot, "[@click=app.quit]Sam", lead="Feedback from ")
        assert app.is_running and app.return_code is None

        journal = app.journal
        assert journal is not None
        app.push_screen(EntryScreen(journal, note_id))
        await pilot.pause()
        assert_nothing_hidden(app, "entry")
        assert "rich markup: [bold red]loud[/] [@click=app.quit]quit[/]" in text_of(app)

        shared = journal.entries.page(limit=1)[0]
        app.push_screen(EntryScreen(journal, shared.id))
        await pilot.pause()
        assert_nothing_hidden(app, "entry with the supervisor's comments")
        assert "[@click=app.quit]Sam[/] ␛]52;c;eA==␇ commented" in text_of(app)

        await pilot.press("d")  # the title in a question
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert_nothing_hidden(app, "the delete question")
        await pilot.press("n")
        await pilot.pause()

        await pilot.press("t")  # tags in an editing box, kept as stored
        await pilot.pause()
        assert app.screen.query_one(Input).value == " ".join(TAGS)
        assert_nothing_hidden(app, "the tags box")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        assert_nothing_hidden(app, "the share preview")
        await pilot.press("escape")
        await pilot.pause()

        # The note editor holds the stored text exactly, ESC and all; only
        # the screen is spared it. Saved back, not a code point is lost.
        stored = journal.entries.get(shared.id).text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == stored
        assert_nothing_hidden(app, "the note editor")
        await pilot.press("!", "ctrl+s")
        await pilot.pause()
        assert journal.entries.get(shared.id).text == stored + "!"

        app.push_screen(TrendScreen(journal, LIBRARY.get("wellbeing")))
        await pilot.pause()
        assert_nothing_hidden(app, "the check-in notes")


async def test_the_supervisor_s_screens_send_nothing_hidden_to_the_terminal(
    access: JournalAccess, bundles_in: tuple[str, Path, Path], tmp_path: Path
) -> None:
    _, share_file, _ = bundles_in
    supervisor_access = make_access(tmp_path / "supervisor", access)
    supervisor_access.create(PASSPHRASE).store.close()
    app = ReflectApp(supervisor_access, passphrase=PASSPHRASE, library=LIBRARY)
    app.bundle_kdf, app.bundle_kdfs = KDF, {KDF}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        await fill(pilot, [str(share_file), AGREED])
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert_nothing_hidden(app, "the review list and its toast")
        shown = text_of(app)
        assert "Received 1 entry from [@click=app.quit]Alex[/]" in shown
        assert "Shared Hard day ␛]0;owned␛\\" in shown
        await click_on(pilot, "[@click=app.quit]Alex", lead="entry from ")
        assert app.is_running and app.return_code is None

        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReceivedScreen)
        assert_nothing_hidden(app, "a shared entry")
        await pilot.press("c")
        await pilot.pause()
        await fill(pilot, [CORPUS["osc link"], ""])
        assert_nothing_hidden(app, "the supervisor's own comment")
        assert "␛]8;;https://evil.example/␛\\click me" in text_of(app)

        await pilot.press("escape", "f")  # the name in the feedback dialog
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        assert_nothing_hidden(app, "the feedback dialog")


def hostile_library() -> Library:
    """A worker's own packs: a model and a check-in, written to attack."""
    gibbs = LIBRARY.get("gibbs")
    model = replace(
        gibbs,
        id="hostile",
        title="Hostile " + CORPUS["osc title"],
        summary=CORPUS["rich markup"],
        steps=(
            replace(
                gibbs.steps[0],
                question=CORPUS["csi clear"],
                hint=CORPUS["osc left open"],
                follow_ups=(CORPUS["bidi"], CORPUS["c1 csi"]),
            ),
            Step(
                "pick",
                CORPUS["nul and bell"],
                input="choice",
                choices=(CORPUS["rich markup"], CORPUS["osc clipboard"]),
            ),
        ),
    )
    wellbeing = LIBRARY.get("wellbeing")
    first = replace(
        wellbeing.steps[0],
        question=CORPUS["osc title"],
        labels=tuple(CORPUS["csi clear"] for _ in range(5)),
    )
    check_in = replace(wellbeing, steps=(first, *wellbeing.steps[1:]))
    packs = {**LIBRARY.packs, model.id: model, check_in.id: check_in}
    return replace(LIBRARY, packs=packs)


async def test_a_prompt_pack_s_words_send_nothing_hidden_to_the_terminal(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    library = hostile_library()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        journal = app.journal
        assert journal is not None
        app.push_screen(PickerScreen(journal, library))
        await pilot.pause()
        assert_nothing_hidden(app, "the pack list")
        assert "Hostile ␛]0;pwned window title␇kept" in text_of(app)
        app.switch_screen(WriterScreen(journal, library.get("hostile")))
        await pilot.pause()
        assert_nothing_hidden(app, "a question, its hint and follow-ups")
        await pilot.press("ctrl+o", "ctrl+n")
        await pilot.pause()
        assert_nothing_hidden(app, "a choice")
        assert "[@click=app.quit]quit[/]" in text_of(app)
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(CheckinScreen(journal, library.get("wellbeing")))
        await pilot.pause()
        assert_nothing_hidden(app, "the check-in")


async def test_a_view_that_forgets_shown_still_sends_nothing_hidden(
    access: JournalAccess,
) -> None:
    """The backstop: raw text and a hyperlink style in a widget never reach
    the terminal as sequences."""
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.mount(
            Static(Text(everything())),
            Static(Text("click me", style=Style(link="https://evil.example/"))),
        )
        await pilot.pause()
        app.sub_title = CORPUS["osc title"]  # the window's title line, too
        await pilot.pause()
        assert_nothing_hidden(app, "a careless view")
        assert "click me" in text_of(app)
        assert app.sub_title == "␛]0;pwned window title␇kept"


def test_the_backstop_keeps_every_line_as_wide_as_it_was_laid_out() -> None:
    segments = [
        Segment("a\x1b]0;t\x07b", Style(bold=True)),
        Segment("\ud800", None),
        Segment("\u202e", None),
        Segment("c", Style(link="https://evil.example/")),
    ]
    out = NothingHidden().apply(segments, Color(0, 0, 0))
    assert [s.text for s in out] == ["a]0;tb", "\ufffd", "c"]
    assert Segment.get_line_length(out) == Segment.get_line_length(segments)
    assert all(s.style is None or not s.style.link for s in out)
    plain = [Segment("as typed", Style(bold=True))]
    assert NothingHidden().apply(plain, Color(0, 0, 0)) is plain


class Linked(Screen[None]):
    """A page with a Markdown link on it, as a Markdown view would show one."""

    def compose(self) -> ComposeResult:
        yield Markdown(f"[a link]({ADDRESS}) to somewhere")


async def test_a_link_is_never_opened_only_offered_for_copying(
    access: JournalAccess, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError("reflect opened a browser")

    for name in ("open", "open_new", "open_new_tab"):
        monkeypatch.setattr(webbrowser, name, refuse)
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.push_screen(Linked())
        await pilot.pause()
        await pilot.click(app.screen.query(MarkdownBlock).first(), offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert ADDRESS in text_of(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == ADDRESS
        assert isinstance(app.screen, Linked)
        assert "on your clipboard" in text_of(app)


def test_help_says_what_the_marks_in_someones_words_are() -> None:
    """A worker who meets `<U+202E>` in a supervisee's name can look it up in
    help (`?`), where the marks read as written, not as HTML or formatting.
    (The page shows each note as plain text; tests/tui/test_help.py opens it.)"""
    from reflect.tui.keys import SECTIONS

    words = [note for section in SECTIONS for note in section.notes]
    assert "A mark such as ␛ or <U+202E> stands for a hidden character" in "".join(
        words
    )


@pytest.fixture
def hostile_app(access: JournalAccess) -> ReflectApp:
    journal = access.create(PASSPHRASE)
    hostile_journal(journal)
    journal.store.close()
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


def test_home_with_the_corpus_keeps_its_layout(snap_compare, hostile_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(hostile_app, terminal_size=(80, 24))


def test_an_entry_open_to_edit_keeps_its_layout(snap_compare, hostile_app) -> None:  # type: ignore[no-untyped-def]
    """The editor holds the stored text, ESC and all: the lines still hold."""

    async def edit_it(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        [entry] = app.journal.entries.page(limit=1)
        app.push_screen(EntryScreen(app.journal, entry.id))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(hostile_app, run_before=edit_it, terminal_size=(80, 24))
