"""TUI fixtures: a fixed timezone so dates on screen are the same everywhere."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def utc_timezone(utc_local: None) -> None:
    """Every TUI test reads dates in UTC (the shared fixture does the work)."""
