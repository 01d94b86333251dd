"""A point on a scale reads with the words it was chosen by.

A worker picks "Stretched", not "2"; reading "2 of 5" back a month later (or
in an export, or in `reflect show`) loses what they meant. The label comes
from the entry's pack; where the pack has gone the number stands alone.
"""

from __future__ import annotations

import io

from reflect.core.entry_reading import read_entry
from reflect.core.export.entries import write_markdown
from reflect.core.frameworks import FrameworkLibrary
from reflect.core.journal import Journal
from reflect.core.reading import blocks_markdown, snapshot_blocks
from reflect.core.reflections import Finish
from reflect.core.reviewing import Received
from reflect.core.sharing import snapshot
from reflect.core.templates import Library, load_library, shipped_dir

PACKS = load_library([shipped_dir()])


def _scaled(journal: Journal, point: str) -> str:
    pack = PACKS.get("self-care")
    entry = journal.reflections.start(pack)
    step = next(s for s in pack.steps if s.id == "now")
    journal.reflections.save_answer(entry, step, 0, point)
    journal.reflections.finish(entry, Finish("A hard week"))
    return entry


def _read(journal: Journal, entry: str, packs: Library) -> str:
    _, blocks = read_entry(journal, entry, FrameworkLibrary, lambda: packs)
    return blocks_markdown(blocks)


def test_the_entry_view_and_show_say_the_label(journal: Journal) -> None:
    entry = _scaled(journal, "2")
    assert "2 of 5 (Stretched)" in _read(journal, entry, PACKS)


def test_without_the_pack_the_number_stands_alone(journal: Journal) -> None:
    entry = _scaled(journal, "2")
    shown = _read(journal, entry, Library())
    assert "2 of 5" in shown and "Stretched" not in shown


def test_a_point_off_the_scale_is_shown_as_stored(journal: Journal) -> None:
    entry = _scaled(journal, "7")
    shown = _read(journal, entry, PACKS)
    assert "7 of 5" in shown and "(" not in shown.split("7 of 5")[1].split("\n")[0]


def test_the_markdown_export_says_the_label_when_given_the_packs(
    journal: Journal,
) -> None:
    _scaled(journal, "4")
    out = io.StringIO()
    write_markdown(journal, out, packs=PACKS)
    assert "4 of 5 (Fairly steady)" in out.getvalue()
    plain = io.StringIO()
    write_markdown(journal, plain)
    assert "4 of 5" in plain.getvalue() and "Fairly steady" not in plain.getvalue()


def _shared(journal: Journal, point: str, version: str | None = None) -> Received:
    """The entry as a supervisor receives it (its bundle's snapshot)."""
    made = journal.entries.get(_scaled(journal, point))
    snap = snapshot(made)
    if version is not None:
        snap["template_version"] = version
    return Received(
        supervisee_id="s" * 36,
        supervisee="Alex",
        entry_id=made.id,
        version=1,
        title=made.title,
        received_at="2026-12-01T10:00:00+00:00",
        reviewed=False,
        snapshot=snap,
    )


def test_the_supervisor_reads_the_label_from_the_same_pack(journal: Journal) -> None:
    shown = blocks_markdown(snapshot_blocks(_shared(journal, "2"), [], (), PACKS))
    assert "2 of 5 (Stretched)" in shown


def test_another_version_of_the_pack_puts_no_words_to_them(journal: Journal) -> None:
    """The supervisee's pack may be older or newer than the supervisor's:
    its words for a point may differ, so the number stands alone."""
    item = _shared(journal, "2", version="999")
    shown = blocks_markdown(snapshot_blocks(item, [], (), PACKS))
    assert "2 of 5" in shown and "Stretched" not in shown
    alone = blocks_markdown(snapshot_blocks(_shared(journal, "2"), [], (), Library()))
    assert "2 of 5" in alone and "Stretched" not in alone
