"""Links between entries and framework areas: the portfolio's raw material."""

from __future__ import annotations

import pytest

from reflect.core.errors import NotFound, ReflectError
from reflect.core.frameworks import Area, Domain, Framework, split_ref
from reflect.core.journal import Journal

LENS = Framework(
    id="lens",
    version=1,
    title="A lens",
    source="Made up for a test",
    licence="ours",
    domains=(
        Domain(
            "care",
            "Caring for myself",
            (Area("self-care", "Self-care", "Looking after my own wellbeing"),),
        ),
    ),
)


def test_a_link_keeps_its_line_moves_with_the_trash_and_goes_when_unlinked(
    journal: Journal,
) -> None:
    entry = journal.notes.add("Asked for a day off\nAnd took it.").id
    made = journal.portfolio.link(entry[:6], LENS, "SELF-CARE", "  Asked  early ")
    assert (made.ref, made.note) == ("lens:self-care", "Asked early")
    again = journal.portfolio.link(entry, LENS, "self-care", "Asked for help early")
    assert journal.portfolio.links_for(entry) == [again]  # one link, new line
    journal.entries.delete(entry)
    assert journal.portfolio.links() == []  # in the trash: out of the portfolio
    with pytest.raises(ReflectError, match="Recently deleted"):
        journal.portfolio.link(entry, LENS, "self-care")
    journal.entries.undelete(entry)
    assert [link.note for link in journal.portfolio.links("lens")] == [
        "Asked for help early"
    ]
    journal.portfolio.unlink(entry, "lens", "self-care")
    assert journal.portfolio.links_for(entry) == []
    with pytest.raises(NotFound):
        journal.portfolio.unlink(entry, "lens", "self-care")


def test_bad_areas_and_lines_are_refused_and_change_nothing(journal: Journal) -> None:
    entry = journal.notes.add("A note").id
    with pytest.raises(NotFound, match="reflect frameworks show lens"):
        journal.portfolio.link(entry, LENS, "boundaries")
    with pytest.raises(ReflectError, match="one line"):
        journal.portfolio.link(entry, LENS, "self-care", "x" * 301)
    assert journal.portfolio.links_for(entry) == []
    assert split_ref("lens:self-care") == ("lens", "self-care")
    with pytest.raises(ReflectError, match="FRAMEWORK:AREA"):
        split_ref("self-care")


def test_the_view_lists_every_area_with_its_entries_newest_first(
    journal: Journal,
) -> None:
    older = journal.notes.add("Older").id
    newer = journal.notes.add("Newer").id
    journal.portfolio.link(older, LENS, "self-care", "first")
    journal.portfolio.link(newer, LENS, "self-care", "second")
    [care] = journal.portfolio.view(LENS).areas
    assert care.count == 2 and care.entries[0].note == "second"
    journal.entries.delete(newer)
    [care] = journal.portfolio.view(LENS).areas
    assert [s.title for s in care.entries] == ["Older"]


def test_suggestions_come_from_the_pack_and_tags_and_are_never_applied(
    journal: Journal,
) -> None:
    from reflect.core.templates import load_library, shipped_dir
    from tests.lenses import LENS as TWO_DOMAINS

    pack = load_library([shipped_dir()]).get("sharing-lived-experience")
    written = journal.reflections.start(pack)
    entry = journal.entries.get(written)
    assert [a.id for a in journal.portfolio.suggest(entry, TWO_DOMAINS)] == [
        "lived-experience"
    ]
    note = journal.notes.add("Took my break", tags=["REST", "supervision"])
    assert [a.id for a in journal.portfolio.suggest(note, TWO_DOMAINS)] == [
        "self-care",
        "using-supervision",
    ]
    assert journal.portfolio.links_for(note.id) == []  # offered, not linked
    journal.portfolio.link(note.id, TWO_DOMAINS, "self-care")
    assert [a.id for a in journal.portfolio.suggest(note, TWO_DOMAINS)] == [
        "using-supervision"
    ]


def test_linking_a_set_is_one_change_all_or_nothing(journal: Journal) -> None:
    from tests.lenses import LENS as TWO_DOMAINS

    entry = journal.notes.add("A note").id
    with pytest.raises(NotFound):
        journal.portfolio.link_many(entry, TWO_DOMAINS, ["self-care", "nowhere"])
    assert journal.portfolio.links_for(entry) == []
    made = journal.portfolio.link_many(
        entry, TWO_DOMAINS, ["mutuality", "self-care"], "Both"
    )
    assert [(m.area, m.note) for m in made] == [
        ("mutuality", "Both"),
        ("self-care", "Both"),
    ]


def test_a_linked_entry_in_the_trash_leaves_the_portfolio_and_comes_back(
    journal: Journal,
) -> None:
    entry = journal.notes.add("Asked for help early").id
    journal.portfolio.link(entry, LENS, "self-care", "Asked early")
    journal.entries.delete(entry)
    [care] = journal.portfolio.view(LENS).areas
    assert care.count == 0
    journal.entries.undelete(entry)
    [care] = journal.portfolio.view(LENS).areas
    assert [(s.entry_id, s.note) for s in care.entries] == [(entry, "Asked early")]


def test_setting_the_links_of_a_framework_adds_keeps_and_takes_away_at_once(
    journal: Journal,
) -> None:
    from dataclasses import replace

    from tests.lenses import LENS as TWO_DOMAINS

    entry = journal.notes.add("A note").id
    journal.portfolio.link(entry, TWO_DOMAINS, "mutuality", "kept as it was")
    journal.portfolio.link(entry, TWO_DOMAINS, "using-supervision", "goes")
    chosen = {"mutuality": "kept as it was", "self-care": "new"}
    journal.portfolio.set_links(entry, TWO_DOMAINS, chosen)
    assert {k.area: k.note for k in journal.portfolio.links_for(entry)} == chosen
    # A later version of the file without self-care: that link is left alone.
    shorter = replace(TWO_DOMAINS, domains=TWO_DOMAINS.domains[:1])
    journal.portfolio.set_links(entry, shorter, {})
    assert [k.area for k in journal.portfolio.links_for(entry)] == ["self-care"]
