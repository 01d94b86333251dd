"""The writer's one-line hint and follow-up lines fit their width in cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reflect.tui.screens.writer import MORE, one_line


@pytest.mark.parametrize(
    "text",
    [
        "Write what happened, in your own words, as it comes to you.",
        "写下发生了什么 用你自己的话 慢慢来 不用着急 想到什么就写什么 没有对错",
        "😀😀😀😀😀 😀😀😀😀😀😀 😀😀😀😀😀😀😀😀 😀😀😀😀😀😀😀😀😀😀",
    ],
)
@pytest.mark.parametrize("width", [12, 30, 40, 56])
def test_a_long_line_is_cut_to_its_width_in_cells_at_a_word(
    text: str, width: int
) -> None:
    line = one_line(text, width)
    assert cell_len(text) > width  # each case is too wide for every width
    assert cell_len(line) <= width
    assert line.endswith(MORE if width >= cell_len(MORE) + 10 else "…")
    kept = line.removesuffix(MORE).removesuffix("…")
    assert text.startswith(kept)
    following = text[len(kept) : len(kept) + 1]
    assert following in (" ", ",", "") or " " not in kept  # whole words only


def test_a_line_that_fits_is_left_whole() -> None:
    assert one_line("写下发生了什么", 14) == "写下发生了什么"
    assert one_line("写下发生了什么", 13) == "写下发生了什…"  # 13 cells
