"""Readable without colour and with low vision (issue 17).

A ticked box, a chosen option and the selected row must be told apart by a
character, not only by colour: in monochrome (`NO_COLOR`), on an odd palette,
or to a worker who cannot tell red from green. And every pair of colours the
stylesheet puts text in must be readable: the contrast ratios are worked out
here from the colours each theme really generates, by WCAG's formula.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.filter import Monochrome
from textual.theme import BUILTIN_THEMES, Theme

from reflect.core.access import JournalAccess
from reflect.core.demo.entries import seed
from reflect.core.preferences import DEFAULT_THEME
from reflect.tui import messages
from reflect.tui.app import ReflectApp
from reflect.tui.themes import HIGH_CONTRAST, OWN_THEMES
from reflect.tui.widgets.marks import MARKER, RadioButton
from reflect.tui.widgets.step_input import ChoiceAnswer
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import LIBRARY, STANDARD, TODAY, screen_text

TUI = Path(__file__).resolve().parents[2] / "reflect" / "tui"
START_GIBBS = ["n", *"gibbs", "enter"]


@pytest.fixture
def mono_app(access: JournalAccess, monkeypatch: pytest.MonkeyPatch) -> ReflectApp:
    """The demo journal's app started with NO_COLOR in the environment, as the
    CLI would start it (the app itself reads no environment; Textual does)."""
    monkeypatch.setenv("NO_COLOR", "1")
    journal = access.create(PASSPHRASE)
    seed(journal, TODAY)
    journal.store.close()
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


# ---- state in characters ----


def test_no_color_reaches_textual(mono_app: ReflectApp) -> None:
    # Textual reads NO_COLOR when the app is built and then draws in greys.
    assert mono_app.no_color
    assert any(isinstance(f, Monochrome) for f in mono_app.get_line_filters())


async def test_finish_page_shows_ticks_as_characters(mono_app: ReflectApp) -> None:
    async with mono_app.run_test(size=STANDARD) as pilot:
        await pilot.press(*START_GIBBS, *"A hard visit", "ctrl+s")
        await pilot.pause()
        boxes = {box.id: box.value for box in mono_app.screen.query("Checkbox")}
        text = screen_text(mono_app)
        shown = [line for line in text.splitlines() if "[x]" in line or "[ ]" in line]
    # The demo's Gibbs draft leaves some boxes ticked and some not.
    assert True in boxes.values() and False in boxes.values()
    assert "[x]" in text and "[ ]" in text
    assert "▐X▌" not in text
    assert shown, text


async def test_ticking_a_box_changes_its_character(mono_app: ReflectApp) -> None:
    async with mono_app.run_test(size=(80, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        box = mono_app.screen.query_one("#noticing")
        before = box.value
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        line = next(
            row for row in screen_text(mono_app).splitlines() if "wellbeing" in row
        )
    assert box.value is not before
    assert ("[x]" if box.value else "[ ]") in line


async def test_chosen_option_shows_a_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pack's choice step, with its second option chosen.
    monkeypatch.setenv("NO_COLOR", "1")

    class Choosing(App[None]):
        def compose(self) -> ComposeResult:
            yield ChoiceAnswer(["Still ahead", "Done"], "Done", scale=False)

    app = Choosing()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "( ) Still ahead" in text and "(•) Done" in text


def test_the_app_uses_the_themes_checked_here(demo_app: ReflectApp) -> None:
    for theme in OWN_THEMES:
        assert demo_app.get_theme(theme.name) is theme


async def test_selected_row_has_a_marker(mono_app: ReflectApp) -> None:
    async with mono_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        first = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
        await pilot.press("down")
        await pilot.pause()
        second = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
    assert len(first) == 1 and len(second) == 1
    assert first != second


async def test_the_palette_marks_its_highlighted_command(mono_app: ReflectApp) -> None:
    # Textual draws the palette's highlight in a grey a step from the rest
    # under NO_COLOR; the mark is what says which command enter will run.
    async with mono_app.run_test(size=STANDARD) as pilot:
        await pilot.press("ctrl+p", *"supervis")
        await pilot.pause(0.3)
        first = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
        await pilot.press("down")
        await pilot.pause()
        second = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
        await pilot.press("enter")
        await pilot.pause()
        ran = type(mono_app.screen).__name__
    assert len(first) == 1 and len(second) == 1
    # The marked command is the one enter runs.
    assert [first[0].strip(), second[0].strip()] == [
        f"{MARKER} Prepare for supervision",
        f"{MARKER} Share with my supervisor",
    ]
    assert ran == "ShareScreen"


async def test_the_focused_check_in_scale_has_a_marker(mono_app: ReflectApp) -> None:
    """Bold alone does not survive every terminal: the scale being answered
    is marked by a character too, and the marker moves with the answer."""
    async with mono_app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        first = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
        await pilot.press("4")  # answers this scale and moves to the next
        await pilot.pause()
        second = [row for row in screen_text(mono_app).splitlines() if MARKER in row]
    assert len(first) == 1 and len(second) == 1
    assert first != second


def test_every_screen_uses_the_marked_widgets() -> None:
    """A screen that imported Textual's own Checkbox, RadioButton or OptionList
    would show its state by colour alone again."""
    plain = {"Checkbox", "RadioButton", "OptionList"}
    found = []
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets":
                names = {alias.name for alias in node.names}
                found += [f"{path.name}: {n}" for n in sorted(names & plain)]
    assert not found


# ---- contrast ----


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    return (
        0.2126 * _linear(color.r)
        + 0.7152 * _linear(color.g)
        + 0.0722 * _linear(color.b)
    )


def contrast(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A generated colour as the terminal shows it over `under`: `auto` is
    the black or white Textual picks for that background, and a colour with
    alpha is blended over it, as Textual does when it draws."""
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        color = under.get_contrast_text(alpha)
    else:
        color = Color.parse(value)
    return under + color


#: (what the worker reads, text colour, background, background it sits on).
#: Each is a pair reflect.tcss or a widget reflect shows puts text in.
PAIRS = [
    ("body text", "foreground", "background", None),
    ("supervision text ($text)", "text", "background", None),
    ("text in a dialog or list", "foreground", "surface", "background"),
    ("hints and muted text", "text-muted", "background", None),
    ("muted text in a dialog", "text-muted", "surface", "background"),
    ("screen titles and headings", "accent", "background", None),
    ("warning text (privacy hint)", "warning", "background", None),
    ("error text", "text-error", "background", None),
    ("block cursor (focused row, box)", "block-cursor-foreground",
     "block-cursor-background", "surface"),
    ("selected row, list not focused", "foreground",
     "block-cursor-blurred-background", "surface"),
    ("footer keys", "footer-key-foreground", "footer-background", None),
    ("footer descriptions", "footer-description-foreground",
     "footer-background", None),
    ("header", "foreground", "panel", "background"),
    ("button label", "button-foreground", "surface", "background"),
    ("primary button label", "button-color-foreground", "primary", "background"),
    ("warning button label", "button-color-foreground", "warning", "background"),
    ("error button label", "button-color-foreground", "error", "background"),
    ("unticked box", "foreground", "panel", "surface"),
    ("ticked box", "text-success", "panel", "surface"),
    ("one-row box in a short dialog", "foreground", "panel", "surface"),
]  # fmt: skip

#: The themes as the app registers them: reflect's own replace Textual's.
REGISTERED = {theme.name: theme for theme in (*BUILTIN_THEMES.values(), *OWN_THEMES)}
THEMES = [
    pytest.param(REGISTERED[DEFAULT_THEME], 4.5, id="default"),
    pytest.param(HIGH_CONTRAST, 7.0, id="high-contrast"),
]


@pytest.mark.parametrize(("theme", "least"), THEMES)
@pytest.mark.parametrize(
    ("text", "background", "under"),
    [pytest.param(*pair[1:], id=pair[0]) for pair in PAIRS],
)
def test_contrast(
    theme: Theme, least: float, text: str, background: str, under: str | None
) -> None:
    colors = theme.to_color_system().generate()
    ground = Color.parse(colors[under]) if under else Color(0, 0, 0)
    back = resolve(colors[background], ground)
    fore = resolve(colors[text], back)
    ratio = contrast(fore, back)
    assert ratio >= least, f"{fore.hex} on {back.hex}: {ratio:.2f}:1"


def test_every_text_colour_in_the_stylesheet_is_checked() -> None:
    sheet = (TUI / "reflect.tcss").read_text()
    used = set(re.findall(r"^\s*color:\s*\$([\w-]+)", sheet, re.MULTILINE))
    assert used <= {text for _, text, _, _ in PAIRS}


def test_contrast_formula() -> None:
    # WCAG's own landmarks: black on white is 21:1, and #777 on white ~4.48:1.
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21)
    assert contrast(Color(0x77, 0x77, 0x77), Color(255, 255, 255)) == pytest.approx(
        4.48, abs=0.01
    )


async def test_an_unchosen_radio_is_drawn_readably_in_the_app(
    access: JournalAccess,
) -> None:
    """In the app's own stylesheet (RadioSet's rules outrank a widget's), the
    brackets of an option not chosen are as readable as body text: a trial
    found them drawn near-black on the panel, state by colour alone."""
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=STANDARD) as pilot:
        await pilot.pause()
        app.post_message(messages.StartWriting("boundaries"))
        await pilot.pause()
        await pilot.press("ctrl+n")  # the second question is a choice
        await pilot.pause()
        await pilot.pause()
        [first, *_] = app.screen.query(RadioButton)
        style = first.get_component_rich_style("toggle--button")
        assert style.color is not None and style.bgcolor is not None
        ratio = contrast(
            Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
        )
        assert ratio >= 4.5, ratio
