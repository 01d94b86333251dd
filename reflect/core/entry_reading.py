"""One entry gathered for reading: the app's entry view and `reflect show`.

Both show the same parts (the entry, its supervisor's comments and reviews,
where it was imported from, its portfolio lines, its scales' words), so both
ask here, and a
part added to one cannot be missing from the other. The layout itself is
`reading.entry_blocks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reflect.core.jrnl.importing import origin_of
from reflect.core.portfolio import shows_lines
from reflect.core.reading import Block, entry_blocks

if TYPE_CHECKING:
    from reflect.core.frameworks import FrameworkLibrary
    from reflect.core.journal import Journal
    from reflect.core.models import Entry
    from reflect.core.templates import Library


def read_entry(
    journal: Journal,
    entry_id: str,
    frameworks: Callable[[], FrameworkLibrary],
    packs: Callable[[], Library],
) -> tuple[Entry, list[Block]]:
    """The entry (an id or unique prefix) and its blocks for reading.

    `frameworks` is asked for only when the entry has links to name, and
    `packs` only when it has a point on a scale to put words to, so reading
    a plain entry reads neither's files.
    """
    entry = journal.entries.get(entry_id)
    links = journal.portfolio.links_for(entry.id)
    scaled = entry.template_id and any(a.input_type == "scale" for a in entry.answers)
    blocks = entry_blocks(
        entry,
        journal.sharing.comments_for(entry.id),
        origin_of(journal, entry.id),
        journal.sharing.reviews_for(entry.id),
        shows_lines(links, frameworks()) if links else [],
        packs().scale_labels(entry.template_id) if scaled else None,
    )
    return entry, blocks
