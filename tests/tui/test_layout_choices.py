"""The longest choice list (endings, nine options since issue 18) keeps the
question and every option on screen at once, at 80×24 and at 60×20; no
shipped list is longer, and none has an option too wide for 60 columns."""

from __future__ import annotations

from textual.pilot import Pilot

from reflect.core.access import JournalAccess
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.screens.writer import WriterScreen
from reflect.tui.widgets.step_input import ChoiceAnswer
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, SMALL, STANDARD, screen_text

WIDEST = 48


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


def assert_all_in_view(app: ReflectApp, step_id: str) -> None:
    screen = app.screen
    assert isinstance(screen, WriterScreen)
    step = screen.step
    assert step.id == step_id
    choice = screen.query_one("#answer", ChoiceAnswer)
    assert choice.has_focus
    text = screen_text(app)
    assert step.question in " ".join(text.split()), app.size
    visible = screen.query_one("#answer-box").content_region
    for button, option in zip(choice.children, step.choices, strict=True):
        region = button.region
        assert visible.y <= region.y and region.bottom <= visible.bottom, option
        assert option in text, (app.size, option)


def test_no_shipped_choice_list_is_longer_or_wider_than_endings() -> None:
    kind = LIBRARY.get("endings").steps[1]
    for pack in LIBRARY.packs.values():
        for step in pack.steps:
            assert len(step.choices) <= len(kind.choices), (pack.id, step.id)
            # 60 columns less the box, its padding and the "( ) " mark.
            assert all(len(c) <= WIDEST for c in step.choices), (pack.id, step.id)


async def test_the_endings_choices_fit_at_both_sizes(access: JournalAccess) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        app.post_message(messages.StartWriting("endings"))
        await settle(pilot)
        await pilot.press(*"Roles only", "ctrl+n")
        await settle(pilot)
        assert_all_in_view(app, "kind")
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert_all_in_view(app, "kind")


async def test_a_superscript_two_picks_nothing_and_three_picks_the_third(
    access: JournalAccess,
) -> None:
    """A French keyboard types "²" with one key; Python calls it a digit and
    `int()` refuses it, which crashed the writer."""
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        app.post_message(messages.StartWriting("endings"))
        await settle(pilot)
        await pilot.press(*"Roles only", "ctrl+n")
        await settle(pilot)
        choice = app.screen.query_one("#answer", ChoiceAnswer)
        await pilot.press("²")
        await settle(pilot)
        assert choice.answer == ""
        await pilot.press("3")
        await settle(pilot)
        assert choice.answer == app.screen.step.choices[2]  # type: ignore[attr-defined]
