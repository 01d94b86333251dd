"""Heavy packs hold the worker: the gist is enough, and they end on how the
worker is leaving it. Reworded packs keep their step ids, so drafts written
before the rewording reopen where the worker stopped."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.templates import (
    CONTAINMENT_WORDS,
    LEAVING_STEP,
    Library,
    check_paths,
    load_library,
    load_pack,
    resume_index,
    shipped_dir,
    template_for_entry,
)

PACKS = Path(__file__).parent / "packs"
#: Each shipped pack's step ids as they were before the packs were reworded
#: (issue 18), taken from main: drafts resume by these ids.
BEFORE = json.loads((PACKS / "step_ids_before_issue_18.json").read_text())

CONTAINED = [
    "risk",
    "endings",
    "compassion",
    "self-care",
    "moral-conflict",
    "returning-to-work",
    "when-someone-dies",
    "relapse-and-recovery",
    "justice-and-coercion",
    "identity-and-difference",
    "personal-safety",
    "co-reflection",
]
NEW = CONTAINED[6:]


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library([shipped_dir()])


@pytest.mark.parametrize("pack_id", CONTAINED)
def test_heavy_packs_say_the_gist_is_enough_and_end_on_leaving(
    shipped: Library, pack_id: str
) -> None:
    pack = shipped.get(pack_id)
    assert pack.containment
    hint = pack.steps[0].hint.lower()
    assert all(word in hint for word in CONTAINMENT_WORDS), hint
    # First, so a narrow window that cuts the hint to one line still says it.
    assert hint.startswith("the gist is enough")
    leaving = pack.steps[-1]
    assert (leaving.id, leaving.input, len(leaving.labels)) == (
        LEAVING_STEP,
        "scale",
        5,
    )
    assert "next hour" in " ".join(leaving.follow_ups)
    assert pack.tags


@pytest.mark.parametrize("pack_id", NEW)
def test_new_packs_are_short_and_do_not_direct(shipped: Library, pack_id: str) -> None:
    pack = shipped.get(pack_id)
    assert 5 <= len(pack.steps) <= 9
    assert any(s.input == "action" for s in pack.steps)
    for step in pack.steps:
        text = f"{step.question} {step.hint} {' '.join(step.follow_ups)}".lower()
        for directive in ("you should", "you must", "you need to"):
            assert directive not in text, (pack_id, step.id)


def test_a_pack_not_marked_containment_needs_neither(tmp_path: Path) -> None:
    """The rule binds only packs that promise it: an organisation's light
    pack is not refused for lacking a `leaving` step."""
    source = (PACKS / "broken" / "containment_without_leaving.toml").read_text()
    path = tmp_path / "light.toml"
    path.write_text(source.replace("containment = true", "containment = false"))
    template, problems = load_pack(path)
    assert problems == []
    assert template is not None and not template.containment


def test_a_later_layer_cannot_take_containment_from_a_heavy_pack(
    shipped: Library, tmp_path: Path
) -> None:
    """An organisation's or a worker's risk pack without containment (and
    so without its hint and `leaving` step) is refused; reflect's stays."""
    source = (shipped_dir() / "risk.toml").read_text(encoding="utf-8")
    light = source.replace("containment = true", "containment = false")
    cut = light.index('[[steps]]\nid = "leaving"')
    (tmp_path / "risk.toml").write_text(light[:cut], encoding="utf-8")
    library = load_library([shipped_dir(), tmp_path])
    kept = library.packs["risk"]
    assert kept.containment and kept.steps[-1].id == LEAVING_STEP
    [problem] = library.problems
    assert problem.path == tmp_path / "risk.toml"
    assert "without 'containment = true'" in problem.message

    # Checking or installing it says so at once, not only when it is left out.
    [said] = check_paths([tmp_path / "risk.toml"])
    assert "heavy pack 'risk' without 'containment = true'" in said.message
    assert check_paths([shipped_dir()]) == []

    # Keeping containment, a worker's own wording of the pack is used.
    (tmp_path / "risk.toml").write_text(
        source.replace('title = "', 'title = "My ', 1), encoding="utf-8"
    )
    mine = load_library([shipped_dir(), tmp_path])
    assert mine.problems == () and mine.packs["risk"].title.startswith("My ")


def test_containment_must_be_true_or_false(tmp_path: Path) -> None:
    source = (PACKS / "broken" / "containment_without_gist.toml").read_text()
    path = tmp_path / "odd.toml"
    path.write_text(source.replace("containment = true", 'containment = "yes"'))
    template, [problem] = load_pack(path)
    assert template is None
    assert problem.line == 7
    assert "'containment' must be true or false" in problem.message


def test_every_step_id_from_before_the_rewording_still_exists(
    shipped: Library,
) -> None:
    for pack_id, ids in BEFORE.items():
        now = [s.id for s in shipped.get(pack_id).steps]
        assert [i for i in ids if i not in now] == [], pack_id


OLD = {
    ("trust", "grew"): "What helped trust grow, even a little?",
    ("moral-conflict", "voice"): (
        "Did you say or do anything? If not, what held you back?"
    ),
    ("boundaries", "at-stake"): "What was at stake, and whose boundary was it?",
    ("risk", "worth-it"): (
        "Was there a risk here worth taking, for the sake of someone's recovery?"
    ),
}


def _as_before(pack: Template) -> Template:
    """The pack as a draft met it: version 1, the old wording, and only the
    steps that existed then."""
    old = {k[1]: v for k, v in OLD.items() if k[0] == pack.id}
    steps = tuple(
        replace(s, question=old.get(s.id, s.question))
        for s in pack.steps
        if s.id in BEFORE[pack.id]
    )
    return replace(pack, version="1", steps=steps, containment=False)


@pytest.mark.parametrize(
    ("pack_id", "step_id"), [*OLD, ("boundaries", "strengths")]
)  # strengths moved one place down when at-stake was split in two
def test_a_draft_left_at_a_reworded_step_reopens_there(
    journal: Journal, shipped: Library, pack_id: str, step_id: str
) -> None:
    before = _as_before(shipped.get(pack_id))
    position = [s.id for s in before.steps].index(step_id)
    entry_id = journal.reflections.start(before)
    journal.reflections.save_answer(entry_id, before.steps[0], 0, "A month ago.")
    journal.reflections.save_answer(
        entry_id, before.steps[position], position, "Turning up, mostly."
    )

    entry = journal.entries.get(entry_id)
    template = template_for_entry(entry, shipped)
    step = template.steps[resume_index(entry, template)]
    assert step.id == step_id
    asked = before.steps[position].question
    assert step.question == asked  # the question as it was answered
    if (pack_id, step_id) in OLD:
        assert (
            shipped.get(pack_id).steps[resume_index(entry, template)].question != asked
        )


def test_a_finished_entry_or_a_vanished_step_opens_at_the_start(
    journal: Journal, shipped: Library
) -> None:
    pack = shipped.get("trust")
    entry_id = journal.reflections.start(pack)
    journal.reflections.set_current_step(entry_id, "a-step-since-removed")
    entry = journal.entries.get(entry_id)
    assert resume_index(entry, pack) == 0
    assert resume_index(replace(entry, current_step="strain"), pack) == 4
    assert resume_index(replace(entry, status="complete"), pack) == 0
