"""The "If today is hard" panel as data: what it shows, in what order, and
where its lines come from (reflect's dated list, a worker's own file, an
organisation's file), the same for the app and `reflect support`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reflect.core import support
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.org import Line, Organisation, Safeguarding
from reflect.core.preferences import Preferences
from reflect.core.templates import load_library, load_pack, shipped_dir

SHIPPED = support.shipped_lines()

ORG = Organisation(
    name="Harbour Peer Support",
    crisis=(Line("Harbour duty line", phone="0100 000 0000", hours="9am–5pm"),),
    safeguarding=Safeguarding(procedure="Tell the duty worker.", contact="ext 12"),
)
"""Built by hand: the org file's loader is another piece of work."""


def titles(sections: tuple[support.Section, ...]) -> list[str]:
    return [s.title for s in sections if s.title]


def names(sections: tuple[support.Section, ...]) -> list[str]:
    return [item.name for s in sections for item in s.items]


def text(sections: tuple[support.Section, ...]) -> str:
    return support.as_text(sections, width=1000)


def panel(**given: object) -> tuple[support.Section, ...]:
    args: dict[str, object] = {
        "nation": "",
        "personal": None,
        "organisation": None,
        "national": SHIPPED,
    }
    args.update(given)
    return support.panel(**args)  # type: ignore[arg-type]


def test_the_shipped_lines_are_the_checked_ones_with_their_date() -> None:
    by_name = {n.line.name: n for n in SHIPPED.lines}
    assert by_name["Samaritans"].line.phone == "116 123"
    assert by_name["Samaritans in Welsh (Cymraeg)"].line.phone == "0808 164 0123"
    assert by_name["Shout"].line.text == "SHOUT to 85258"
    assert "option 2" in by_name["NHS 111"].line.note
    assert "press 2" in by_name["NHS 111 Wales"].line.note.lower()
    assert by_name["NHS 24"].line.phone == "111"
    breathing = by_name["Breathing Space"]
    assert breathing.line.phone == "0800 83 85 87"
    assert "Monday–Thursday 6pm–2am" in breathing.line.hours
    assert "Friday 6pm to Monday 6am" in breathing.line.hours
    assert by_name["Lifeline"].line.phone == "0808 808 8000"
    assert all(n.checked == "2026-12" for n in SHIPPED.lines)
    assert SHIPPED.recheck == "yearly"
    assert set(support.NATIONS) == {n.nation for n in SHIPPED.lines} - {support.UK}


def test_unset_nation_shows_all_four_after_999_and_the_uk_lines() -> None:
    sections = panel()
    assert sections[0].kind == "now"
    assert "999" in sections[0].items[0].name and "A&E" in sections[0].items[0].name
    shown = titles(sections)
    for nation in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert nation in shown
    assert shown.index("Anywhere in the UK") < shown.index("England")
    assert "checked in December 2026" in text(sections)
    assert "rechecked yearly" in text(sections)


def test_a_chosen_nation_shows_only_its_own_lines() -> None:
    sections = panel(nation="scotland")
    shown = titles(sections)
    assert "Scotland" in shown
    assert not {"England", "Wales", "Northern Ireland"} & set(shown)
    assert {"Samaritans", "Shout", "NHS 24", "Breathing Space"} <= set(names(sections))
    assert "Hours: Monday–Thursday 6pm–2am" in text(sections)
    assert "Lifeline" not in names(sections)


def test_the_workers_own_part_only_when_the_journal_is_open() -> None:
    closed = panel(personal=None)
    yours = next(s for s in closed if s.kind == "yours")
    assert not yours.items and "once your journal is open" in yours.notes[0]

    empty = next(s for s in panel(personal=Preferences()) if s.kind == "yours")
    assert not empty.items and "Settings" in empty.notes[0]

    mine = Preferences(
        support_plan="In the blue folder\n[b]Walk[/b] first",
        trusted_name="Sam",
        trusted_contact="07000 000000",
        gp="Riverside Surgery 0100 111 2222",
    )
    yours = next(s for s in panel(personal=mine) if s.kind == "yours")
    assert [i.name for i in yours.items] == [
        "Your plan",
        "Someone you trust",
        "Your GP",
    ]
    assert yours.items[0].details == ("In the blue folder", "[b]Walk[/b] first")
    assert yours.items[1].details == ("Sam", "07000 000000")


def test_the_organisations_lines_come_before_the_national_ones() -> None:
    sections = panel(organisation=ORG)
    kinds = [s.kind for s in sections]
    assert kinds.index("organisation") < kinds.index("national")
    org = sections[kinds.index("organisation")]
    assert org.title == "From Harbour Peer Support"
    assert org.items[0].details == ("Call 0100 000 0000", "Hours: 9am–5pm")
    someone_else = sections[-1]
    assert someone_else.kind == "someone-else"
    assert someone_else.items[0].details == ("Tell the duty worker.", "ext 12")
    # Said once: the general sentence points to the procedure shown above.
    assert someone_else.notes == (support.safeguarding_words("Harbour Peer Support"),)
    assert "Harbour Peer Support's procedure above" in someone_else.notes[0]
    assert support.SAFEGUARDING in panel(organisation=None)[-1].notes
    # Its only line keeps office hours, so the line named after a hard
    # check-in is one that answers at any time.
    assert support.top_line(ORG, SHIPPED) == "Samaritans on 116 123"
    always = replace(ORG, crisis=(*ORG.crisis, Line("Harbour nights", phone="0100 9")))
    assert support.top_line(always, SHIPPED) == "Harbour nights on 0100 9"
    assert support.top_line(None, SHIPPED) == "Samaritans on 116 123"


def test_a_workers_own_file_replaces_the_national_list(tmp_path: Path) -> None:
    (tmp_path / support.WORKER_FILE).write_text(
        'recheck = "yearly"\n\n[[line]]\nnation = "wales"\nname = "My line"\n'
        'phone = "0100 222 3333"\nchecked = "2026-11"\n',
        encoding="utf-8",
    )
    lines = support.national_lines(tmp_path)
    assert lines.source == tmp_path / support.WORKER_FILE and not lines.problem
    sections = panel(national=lines)
    assert "My line" in names(sections) and "Samaritans" not in names(sections)
    assert "your own list were checked in November 2026" in text(sections)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[[line]\n", "not valid TOML (line 1)"),
        ('[[line]]\nname = "A"\nphone = "1"\ncolour = "red"\n', "'colour'"),
        ('[[line]]\nname = "A"\n', "neither a phone number nor a text"),
        ('[[line]]\nnation = "mars"\nname = "A"\nphone = "1"\n', "nation"),
        ('recheck = "yearly"\n', "no [[line]]"),
        ('\n\n[[line]]\nphone = "1"\n', "the [[line]] on line 3 has no name"),
    ],
)
def test_a_bad_own_file_is_set_aside_with_one_calm_line(
    tmp_path: Path, content: str, said: str
) -> None:
    (tmp_path / support.WORKER_FILE).write_text(content, encoding="utf-8")
    lines = support.national_lines(tmp_path)
    assert lines.lines == SHIPPED.lines and lines.source is None
    assert said in lines.problem and "\n" not in lines.problem
    assert "reflect's list is shown instead" in lines.problem
    assert lines.problem in text(panel(national=lines))


def test_no_config_folder_or_file_means_reflects_list(tmp_path: Path) -> None:
    assert support.national_lines(tmp_path / "nowhere") == SHIPPED
    assert support.national_lines(None) == SHIPPED


def test_what_counts_as_the_hardest_point() -> None:
    assert support.lowest_point({"energy": 3, "carrying": 1})
    assert not support.lowest_point({"energy": 2, "safety": 5})
    library = load_library([shipped_dir()])
    packs = library.packs
    # Each pack's "how are you" scale: a heavy pack's last step, and the
    # steps that ask after the worker themselves.
    asked = [
        step
        for pack in ("self-care", "returning-to-work", "compassion", "risk")
        for step in packs[pack].steps
        if step.offer_support or step.id == support.LEAVING_STEP
    ]
    assert {s.id for s in asked} == {"now", "feeling", "level", "leaving"}
    for step in asked:
        assert support.lowest_answer(step, "1")
        assert not support.lowest_answer(step, "2")
    # A scale about the work, not the worker, offers nothing.
    role = next(s for s in packs["role-and-team"].steps if s.input == "scale")
    assert not support.lowest_answer(role, "1")
    two = support.after_checkin(None, SHIPPED).splitlines()
    assert len(two) == 2
    assert "Samaritans on 116 123" in two[0] and "reflect support" in two[1]


def test_support_settings_are_kept_in_the_journal(journal: Journal) -> None:
    mine = replace(
        Preferences(),
        nation="northern-ireland",
        support_plan="WRAP in my bag",
        trusted_name="Jo",
        trusted_contact="text 07000",
        gp="Dr Lee",
    )
    journal.preferences.save(mine)
    assert journal.preferences.load() == mine
    with pytest.raises(ReflectError, match="nation"):
        journal.preferences.save(replace(mine, nation="atlantis"))
    assert journal.preferences.load() == mine


def test_offer_support_belongs_only_on_a_scale(tmp_path: Path) -> None:
    pack = tmp_path / "odd.toml"
    pack.write_text(
        'id = "odd"\nversion = 1\ntitle = "Odd"\nkind = "theme"\n'
        'summary = "A pack."\nminutes = 5\n\n[[steps]]\nid = "what"\n'
        'question = "What happened?"\noffer_support = true\n',
        encoding="utf-8",
    )
    template, problems = load_pack(pack)
    assert template is None
    assert ["belongs on a scale step" in p.message for p in problems] == [True]


def test_a_damaged_install_still_shows_a_line_to_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(support, "SHIPPED_FILE", "not-there.toml")
    lines = support.shipped_lines()
    assert lines is support.FALLBACK
    words = support.as_text(
        support.panel(nation="", personal=None, organisation=None, national=lines)
    )
    assert "999" in words and "116 123" in words and "reinstalling" in words
    assert support.top_line(None, lines) == "Samaritans on 116 123"


def test_the_line_named_after_a_hard_check_in_is_open_at_any_time() -> None:
    evenings = support.read_lines(
        '[[line]]\nname = "Evening line"\nphone = "0100 1"\nhours = "7pm to 11pm"\n'
        '[[line]]\nname = "Night and day"\nphone = "0100 2"\n'
    )
    assert support.top_line(None, evenings) == "Night and day on 0100 2"
    shown = support.line_item(evenings.lines[1].line).details
    assert "Open any time" in shown
