"""A list prints one line an entry, whatever its title holds.

A title with a line break (from an imported file, or a share from someone
else) printed what looked like a second entry under the first, with an id
and a date of the sender's choosing.
"""

from __future__ import annotations

from types import SimpleNamespace

from reflect.cli.common import entry_line

SPOOF = "Harmless\n9f9f9f9f  01 Jan 2026 09:00  Spoofed entry line"


def test_a_title_with_a_line_break_stays_on_its_entrys_line() -> None:
    entry = SimpleNamespace(
        id="11111111-2222-4333-8444-555555555555",
        created_at="2026-12-01T10:00:00+00:00",
        title=SPOOF,
        tags=("housing",),
        status="complete",
    )
    line = entry_line(entry)
    assert "\n" not in line
    assert line.endswith(
        "Harmless 9f9f9f9f 01 Jan 2026 09:00 Spoofed entry line  #housing"
    )
    assert entry_line(SimpleNamespace(**{**vars(entry), "title": " \n "})).endswith(
        "(untitled)  #housing"
    )
