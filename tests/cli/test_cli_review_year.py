"""`reflect review-year`: the privacy scan's rule, the files, and what stays.

Going to a file or a pipe, a name the scan flags stops the review until the
worker says `--accept-findings`; own recovery stays out unless included.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reflect.cli.common import Settings
from reflect.core.export.agenda import KEPT_LABEL, LABEL
from reflect.core.frameworks import FrameworkLibrary
from reflect.core.journal import Journal
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import FixedClock
from tests.years import LENS, build_year

FOUND = "'Dylan' looks like a name on your watch list"


@pytest.fixture
def with_lens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test framework in the library (the loader lands separately)."""
    monkeypatch.setattr(
        Settings, "frameworks", lambda self: FrameworkLibrary({"lens": LENS})
    )


def test_a_flagged_review_leaves_only_when_accepted(
    reflect: Reflect, seeded: Journal, tmp_path: Path, with_lens: None
) -> None:
    clock = seeded.now
    assert isinstance(clock, FixedClock)
    year = build_year(seeded, clock)
    prefs = seeded.preferences.load()
    seeded.preferences.save(replace(prefs, watch_list=("Dylan",)))
    seeded.portfolio.link(year.breaks, LENS, "self-care", "Dylan said to rest")
    seeded.store.close()
    out = tmp_path / "review.md"

    refused = reflect("review-year", "--year", "2025", "-o", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert FOUND in refused.stderr and "nothing was written" in refused.stderr

    piped = reflect("review-year", "--year", "2025", "--format", "html")
    assert piped.exit_code == 1 and piped.stdout == ""
    assert FOUND in piped.stderr and "nothing was printed" in piped.stderr

    written = reflect.ok(
        "review-year", "--year", "2025", "-o", str(out), "--accept-findings"
    )
    assert FOUND in written.stderr and "NOT encrypted" in written.stderr
    assert f"own recovery left out ({year.recovery[:8]})" in written.stderr
    text = out.read_text(encoding="utf-8")
    assert "- Self-care: Dylan said to rest" in text
    assert text.endswith(f"*{KEPT_LABEL}*\n") and LABEL not in text
    assert "My meeting" not in text and "Taking my break" in text
    assert out.stat().st_mode & 0o077 == 0


def test_included_words_and_calm_refusals(
    reflect: Reflect, seeded: Journal, tmp_path: Path, with_lens: None
) -> None:
    clock = seeded.now
    assert isinstance(clock, FixedClock)
    year = build_year(seeded, clock)
    seeded.store.close()
    out = tmp_path / "review.html"
    reflect.ok(
        "review-year", "--year", "2025", "--format", "html", "-o", str(out),
        "--include", year.recovery[:8], "--include", year.team,
    )  # fmt: skip
    page = out.read_text(encoding="utf-8")
    assert "Saw someone there" in page and "I spoke up" in page
    assert page.count("<svg") == 1 and "<script" not in page and LABEL in page

    again = reflect("review-year", "--year", "2025", "-o", str(out))
    assert again.exit_code != 0 and page == out.read_text(encoding="utf-8")
    elsewhere = reflect("review-year", "--year", "2024", "--include", year.team)
    one_line_error(elsewhere, "not written in 2024")
    unknown = reflect("review-year", "--framework", "nope")
    one_line_error(unknown, "no framework called 'nope'")
