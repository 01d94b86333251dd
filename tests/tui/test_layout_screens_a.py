"""Home, the picker, an entry, search, the trend, settings, help, create and
unlock at 80x24 and 60x20 (issue 17): nothing essential cut, and every
footer keeps its way out and its help key in sight.

Review the report before `--snapshot-update`: a changed snapshot is a
changed screen a worker will read.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Button, Input

import reflect.tui
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.tui.snapshots import LIBRARY, SMALL, TWO_SIZES, screen_text

KEYS = {
    "home": [],
    "picker": ["n"],
    "search": ["slash"],
    "trend": ["w"],
    "settings": ["comma"],
    "help": ["question_mark"],
}


async def open_newest(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    [newest] = app.journal.entries.page(limit=1, status="complete")
    app.post_message(messages.OpenEntry(newest.id))
    await pilot.pause()


@pytest.mark.parametrize("size", TWO_SIZES)
@pytest.mark.parametrize("screen", list(KEYS))
def test_screen(snap_compare, demo_app: ReflectApp, screen: str, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, press=KEYS[screen], terminal_size=size)


@pytest.mark.parametrize("size", TWO_SIZES)
def test_entry(snap_compare, demo_app: ReflectApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, run_before=open_newest, terminal_size=size)


@pytest.fixture
def same_length_access(clock: FixedClock) -> Iterator[JournalAccess]:
    """A journal in a folder whose name is always as long: the create screen
    shows where the journal will be, and a longer path (pytest's own folders
    differ by run and by worker) wraps onto another line and moves the
    scrollbar in the picture."""
    folder = Path(tempfile.mkdtemp(prefix="reflect-snap-"))
    yield JournalAccess(JournalPaths(folder / "journal"), kdf_iter=FAST_KDF, now=clock)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("size", TWO_SIZES)
def test_create(snap_compare, same_length_access: JournalAccess, size) -> None:  # type: ignore[no-untyped-def]
    app = ReflectApp(same_length_access, library=LIBRARY)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", TWO_SIZES)
async def test_creating_shows_its_buttons_and_makes_the_journal(
    access: JournalAccess, size: tuple[int, int]
) -> None:
    # At 60x20 the buttons were below the fold: a worker saw two boxes and
    # no way to finish, unless they knew enter in the second box creates.
    app = ReflectApp(access, library=LIBRARY)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = Region(0, 0, *size)
        for button in app.screen.query(Button):
            assert screen.contains_region(button.region), button.label
        for box in ("#first", "#second"):
            app.screen.query_one(box, Input).value = PASSPHRASE
        app.screen.query_one("#create", Button).press()
        await pilot.pause()
        assert app.journal is not None
    assert access.exists()


@pytest.mark.parametrize("size", TWO_SIZES)
def test_unlock(snap_compare, access: JournalAccess, size) -> None:  # type: ignore[no-untyped-def]
    access.create(PASSPHRASE).store.close()
    assert snap_compare(ReflectApp(access, library=LIBRARY), terminal_size=size)


def footer(app: ReflectApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_every_footer_keeps_esc_and_help_at_60x20(
    demo_app: ReflectApp,
) -> None:
    """Each screen a worker can reach from home, at the smallest size: the
    footer's last keys are the way back and help (`f1` where a text box has
    the focus and `?` would be typed), never cut for the screen's others."""
    app = demo_app
    opened = {
        "picker": app.action_new,
        "search": app.action_search,
        "trend": app.action_trend,
        "settings": app.action_settings,
        "help": app.action_help,
        "prepare": app.action_prepare,
        "check-in": app.action_checkin,
        "supervising": app.action_review,
        "recently deleted": app.action_trash,
        "note": lambda: app.post_message(messages.StartWriting()),
        "writer": lambda: app.post_message(messages.StartWriting("gibbs")),
        "entry": lambda: app.post_message(messages.OpenEntry(newest)),
        "record": lambda: app.post_message(messages.RecordSession()),
        "share": lambda: app.post_message(messages.ShareEntries([newest])),
    }
    seen = {}
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.journal is not None
        [entry] = app.journal.entries.page(limit=1, status="complete")
        newest = entry.id
        home = footer(app)
        assert home.split("▏")[0].rstrip().endswith("? Help"), home
        for name, show in opened.items():
            show()
            await pilot.pause()
            await pilot.pause()
            seen[name] = footer(app)
            app.pop_screen()
            await pilot.pause()
    for name, line in seen.items():
        keys = line.split("▏")[0].rstrip()
        wanted = r"esc \? Back" if name == "help" else r"esc \w+ (\?|f1) Help"
        assert re.search(wanted + "$", keys), f"{name}: {line}"


def test_no_screen_composes_textuals_own_footer() -> None:
    """Textual's footer cuts `esc` and help first when space runs out; every
    screen, including one added later, composes `KeysFooter` instead."""
    tui = Path(reflect.tui.__file__).parent
    own = tui / "widgets" / "footer.py"
    found = []
    for path in tui.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                path != own
                and isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("textual.widgets")
                and any(alias.name == "Footer" for alias in node.names)
            ):
                found.append(str(path.relative_to(tui)))
    assert found == []
