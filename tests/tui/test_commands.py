"""The command palette: every command is found by each of its words, runs an
action the app has, and is offered only when it can work.

Workers look for "feedback", "trash" or "supervisor", not for reflect's own
titles, so each word listed for a command must find it, in the same matcher
the palette uses and in the palette itself.
"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.fuzzy import Matcher

from reflect.core.access import JournalAccess
from reflect.tui.app import ReflectApp
from reflect.tui.commands import COMMANDS, Command, ReflectCommands, found, offered
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.trash import TrashScreen
from reflect.tui.screens.unlock import UnlockScreen
from tests.conftest import PASSPHRASE
from tests.tui.test_two_windows import LIBRARY, SIZE

SEARCHES = [
    pytest.param(command, text, id=f"{command.title}-{text}")
    for command in COMMANDS
    for text in (command.title, *command.words)
]


@pytest.mark.parametrize(("command", "text"), SEARCHES)
def test_each_word_finds_its_command(command: Command, text: str) -> None:
    assert command in [hit for _, hit in found(Matcher(text), COMMANDS)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.title)
def test_every_command_runs_an_action_of_the_app(command: Command) -> None:
    assert callable(getattr(ReflectApp, f"action_{command.action}", None))
    assert command.words, "a command with no other words is hard to find"


def test_each_title_is_in_the_palette_once() -> None:
    titles = [command.title for command in COMMANDS]
    assert len(titles) == len(set(titles))


async def test_the_palette_finds_every_command_by_every_word(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(offered(app)) == list(COMMANDS)  # an open, lockable journal
        provider = ReflectCommands(app.screen)
        missed = []
        for command in COMMANDS:
            for text in (command.title, *command.words):
                titles = [hit.text async for hit in provider.search(text)]
                if command.title not in titles:
                    missed.append((command.title, text))
        assert missed == []


async def test_typing_a_word_in_the_palette_runs_its_command(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"trash")
        for _ in range(20):  # the palette searches in the background
            await pilot.pause(0.05)
            if app.screen.query_one("CommandList").option_count:
                break
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)


async def test_before_the_journal_opens_only_quit_help_and_support_are_offered(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, library=LIBRARY)  # no passphrase: it asks
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert [command.title for command in offered(app)] == [
            "Quit",
            "Help",
            "If today is hard",
        ]
