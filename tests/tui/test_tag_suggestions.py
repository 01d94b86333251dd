"""Tag completion finishes the word being typed and changes nothing else.

Textual's case-blind suggesters fold the whole box before completing it:
accepting "group" after "Straße Housing gr" gave "strasse housing group",
the worker's capitals and "ß" gone (and a tag kept apart from "Straße").
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from reflect.tui.widgets.step_input import TagSuggester

KNOWN = ["group", "Housing", "Straße"]


class Box(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(suggester=TagSuggester(lambda: KNOWN))


async def _accepted(typed: str) -> str:
    app = Box()
    async with app.run_test() as pilot:
        await pilot.press(*typed)
        await pilot.pause()
        await pilot.press("right")  # takes the grey completion
        await pilot.pause()
        return app.query_one(Input).value


async def test_what_was_typed_stays_as_typed() -> None:
    assert await _accepted("Straße Housing gr") == "Straße Housing group"
    assert await _accepted("#hou") == "#housing"  # its case as typed so far


async def test_a_fold_that_changes_length_completes_at_the_right_letter() -> None:
    assert await _accepted("strass") == "strasse"
    assert await _accepted("group") == "group"  # whole already: nothing to add
