"""Textual's choice widgets with their state in characters, not only colour.

Textual's `Checkbox` shows `▐X▌` whether it is ticked or not, and its
`OptionList` marks the selected row by colour alone: in monochrome
(`NO_COLOR`), in a terminal with an odd palette or to someone who cannot tell
the colours apart, nothing says which box is ticked or which row is chosen.
These subclasses keep Textual's behaviour and messages and add the character:
`[x]`/`[ ]`, `(•)`/`( )` and a `▶` before the selected row. They keep
Textual's names, so a screen swaps only its import; a contract test makes
sure every screen does. The command palette's list gets the same `▶`
(`CommandList`; Textual's own `reverse` for it under `NO_COLOR` is not drawn).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import widgets
from textual.binding import Binding, BindingType
from textual.command import CommandList as TextualCommandList
from textual.content import Content
from textual.strip import Strip
from textual.widgets._toggle_button import ToggleButton

__all__ = ["MARKER", "Checkbox", "CommandList", "OptionList", "RadioButton"]


class _Marked(ToggleButton):
    """The state drawn as three plain characters: left, mark or space, right.

    Textual draws the sides as half blocks coloured like the mark's
    background, which would hide brackets; here all three share one style.
    Their colour (readable whether ticked or not) is in the app's stylesheet,
    whose rules outrank RadioSet's own.
    """

    MARK: ClassVar[str] = "x"

    @property
    def _button(self) -> Content:
        inner = self.MARK if self.value else " "
        text = f"{self.BUTTON_LEFT}{inner}{self.BUTTON_RIGHT}"
        return Content.assemble((text, self.get_visual_style("toggle--button")))


class Checkbox(_Marked, widgets.Checkbox, inherit_bindings=False):
    """A checkbox that reads `[x]` when ticked and `[ ]` when not.

    Only space ticks it. Textual's enter ticks too, but on reflect's forms
    enter saves (the check-in says so), and a worker who pressed enter to
    save found their tick taken away and nothing saved.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick or untick", show=False)
    ]

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"


class RadioButton(_Marked, widgets.RadioButton):
    """A radio button that reads `(•)` when chosen and `( )` when not."""

    BUTTON_LEFT = "("
    BUTTON_RIGHT = ")"
    MARK = "•"


MARKER = "▶"
"""Drawn before the selected row of every list."""

_GUTTER = 2


class OptionList(widgets.OptionList):
    """A list whose selected row starts with `▶`, the others with a space.

    The mark sits in a two-cell gutter (Textual's own hook for one), so the
    rows do not shift sideways as the selection moves.
    """

    def _get_left_gutter_width(self) -> int:
        return _GUTTER

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:  # below the last row: a blank line, already full width
            return strip
        option = self.options[index]
        chosen = index == self.highlighted and not option.disabled
        if chosen:
            style = self.get_visual_style(
                "option-list--option", "option-list--option-highlighted"
            )
        else:
            style = self.get_visual_style("option-list--option")
        mark = MARKER if chosen and line_offset == 0 else " "
        gutter = Strip([Segment(mark.ljust(_GUTTER), style.rich_style)], _GUTTER)
        gutter = gutter.apply_meta({"option": index})
        return Strip.join([gutter, strip])


class CommandList(TextualCommandList):
    """The command palette's list, with `▶` before the highlighted command.

    Each command already starts with two cells of padding: the mark takes
    the first of them, so nothing moves as the highlight does.
    """

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        if index != self.highlighted or line_offset or self.options[index].disabled:
            return strip
        style = self.get_visual_style(
            "option-list--option", "option-list--option-highlighted"
        )
        mark = Strip([Segment(MARKER, style.rich_style)], 1)
        return Strip.join([mark.apply_meta({"option": index}), strip.crop(1)])
