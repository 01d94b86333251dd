"""`reflect link` and `reflect unlink`: an entry shown under a framework area.

The frameworks are a test's own (`tests.lenses`): the shipped framework is
loaded once the frameworks work lands.
"""

from __future__ import annotations

import pytest

from reflect.core.journal import Journal
from reflect.core.portfolio import NOTE_LIMIT
from tests.cli.cheap import cheap_journal  # noqa: F401 (a fixture)
from tests.cli.conftest import Reflect, one_line_error
from tests.lenses import LENS, cli_frameworks


@pytest.fixture(autouse=True)
def lens(monkeypatch: pytest.MonkeyPatch) -> None:
    cli_frameworks(monkeypatch, LENS)


def test_link_relink_show_and_unlink(
    reflect: Reflect,
    cheap_journal: Journal,  # noqa: F811
) -> None:
    entry = cheap_journal.notes.add("Asked for help early\nand got it").id
    said = reflect.ok("link", entry[:8], "lens:self-care", "--note", "Asked early")
    assert said.stdout == (
        "Linked 'Asked for help early' to Self-care (lens:self-care): Asked early\n"
    )
    reflect.ok("link", entry, "lens:SELF-CARE", "--note", "Asked for help early")
    [made] = cheap_journal.portfolio.links_for(entry)
    assert made.note == "Asked for help early"  # the same link, its line changed
    assert (
        "Shows: Self-care \u2014 Asked for help early"
        in reflect.ok("show", entry).stdout
    )
    gone = reflect.ok("unlink", entry, "lens:self-care")
    assert gone.stdout == "Unlinked 'Asked for help early' from lens:self-care\n"
    assert cheap_journal.portfolio.links_for(entry) == []


@pytest.mark.parametrize(
    ("ref", "note", "needle"),
    [
        ("self-care", "", "FRAMEWORK:AREA"),
        ("hee:self-care", "", "no framework called 'hee'; there are: lens"),
        ("lens:boundaries", "", "lens has no area 'boundaries'"),
        ("lens:self-care", "x" * (NOTE_LIMIT + 1), "one line"),
    ],
    ids=["no framework named", "unknown framework", "unknown area", "long line"],
)
def test_bad_links_are_one_calm_line_and_change_nothing(
    reflect: Reflect,
    cheap_journal: Journal,  # noqa: F811
    ref: str,
    note: str,
    needle: str,
) -> None:
    entry = cheap_journal.notes.add("A note").id
    result = reflect("link", entry, ref, "--note", note)
    assert result.exit_code == 1
    one_line_error(result, needle)
    assert cheap_journal.portfolio.links_for(entry) == []


def test_unknown_and_trashed_entries_are_refused(
    reflect: Reflect,
    cheap_journal: Journal,  # noqa: F811
) -> None:
    entry = cheap_journal.notes.add("A note").id
    one_line_error(reflect("link", "ffffffff", "lens:self-care"), "ffffffff")
    one_line_error(reflect("unlink", entry, "lens:self-care"), "not linked")
    cheap_journal.entries.delete(entry)
    result = reflect("link", entry, "lens:self-care")
    assert result.exit_code == 1
    one_line_error(result, "Recently deleted")


def test_no_frameworks_at_all_is_a_calm_line(
    reflect: Reflect,
    cheap_journal: Journal,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli_frameworks(monkeypatch)
    entry = cheap_journal.notes.add("A note").id
    result = reflect("link", entry, "lens:self-care")
    assert result.exit_code == 1
    one_line_error(result, "there are: none")
