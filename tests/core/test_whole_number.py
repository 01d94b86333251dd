"""Numbers people type, and numbers files carry, read by one rule.

Python's `str.isdigit()` is true of "²" (one key on a French keyboard) and
`int()` then refuses it: the writer, a supervisor's view of a shared entry
and `reflect comment --step` each crashed on it.
"""

from __future__ import annotations

from reflect.core.reading import snapshot_blocks
from reflect.core.reviewing import Received
from reflect.core.text import whole_number


def test_only_ascii_digits_make_a_number() -> None:
    assert whole_number("3") == 3
    assert whole_number("0480") == 480
    for not_one in ("", "²", "³", "٣", "3.0", "-1", " 3", "3 ", "+3", "1_000"):
        assert whole_number(not_one) is None, not_one


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
