"""What every snapshot test shares: one day, one library, the sizes a worker
uses, and the words a screen shows (to assert on, beside the picture).

The fixtures that build the app on that day's demo journal (`demo_app`,
`empty_app`) are in `tests/tui/conftest.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.app import App

from reflect.core.templates import load_library, shipped_dir

TODAY = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
LIBRARY = load_library([shipped_dir()])

SMALL = (60, 20)
"""A split pane, or a laptop terminal with a larger font."""
STANDARD = (80, 24)
"""A terminal's default window."""
LARGE = (100, 30)

TWO_SIZES = [
    pytest.param(STANDARD, id="80x24"),
    pytest.param(SMALL, id="60x20"),
]
"""Every screen is whole at both (issue 17)."""


def screen_text(app: App[object]) -> str:
    """The words on the top screen as a worker reads them, one line per row,
    runs of spaces closed up."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(" ".join(strip.text.split()) for strip in strips)
