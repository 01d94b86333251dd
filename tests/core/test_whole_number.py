"""Numbers people type, and numbers files carry, read by one rule.

Python's `str.isdigit()` is true of "²" (one key on a French keyboard) and
`int()` then refuses it: the writer, a supervisor's view of a shared entry
and `reflect comment --step` each crashed on it.
"""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from reflect.core.clock import in_range, local_display
from reflect.core.reading import snapshot_blocks
from reflect.core.reviewing import Received
from reflect.core.text import whole_number


def test_only_ascii_digits_make_a_number() -> None:
    assert whole_number("3") == 3
    assert whole_number("0480") == 480
    for not_one in ("", "²", "³", "٣", "3.0", "-1", " 3", "3 ", "+3", "1_000"):
        assert whole_number(not_one) is None, not_one
    assert whole_number("9" * 18) == 10**18 - 1
    assert whole_number("9" * 19) is None
    assert whole_number("9" * 5000) is None  # int() refuses past 4,300 digits


def test_a_shared_scale_answered_with_a_superscript_is_shown_as_written() -> None:
    """A bundle is someone else's file: a scale answer that is no number
    reads as written, beside the scale, instead of stopping the view."""
    item = Received(
        supervisee_id="s" * 36,
        entry_id="e" * 36,
        version=1,
        supervisee="Alex",
        title="Energy",
        snapshot={
            "title": "Energy",
            "answers": [
                {
                    "step_id": "energy",
                    "question": "How much energy?",
                    "input_type": "scale",
                    "response": "²",
                }
            ],
        },
        received_at="2026-12-01T10:00:00+00:00",
        reviewed=False,
    )
    texts = [block.text for block in snapshot_blocks(item, [])]
    assert "² of 5" in texts


def test_a_time_at_the_end_of_the_calendar_is_shown_as_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A journal may already hold one (imports refuse them now): in a time
    zone it cannot be moved to, it reads as stored instead of stopping
    every list it is in."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert local_display("9999-12-31T23:00:00+00:00") == (
            "9999-12-31T23:00:00+00:00"
        )
        assert local_display("2026-12-01T10:00:00+00:00") == "01 Dec 2026 19:00"
    finally:
        monkeypatch.undo()  # TZ as it was, then read again
        time.tzset()


def test_the_years_a_kept_moment_may_fall_in() -> None:
    assert not in_range(datetime(1, 1, 1))
    assert in_range(datetime(2, 1, 1)) and in_range(datetime(9998, 12, 31))
    assert not in_range(datetime(9999, 12, 31))
