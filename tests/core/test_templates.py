"""Prompt packs: the shipped library, validation messages, and layering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.templates import (
    check_paths,
    layer_dirs,
    load_library,
    load_pack,
    shipped_dir,
)

BROKEN = Path(__file__).parent / "packs" / "broken"
REPO = Path(__file__).resolve().parents[2]

MODELS = ["quick", "gibbs", "what-so-what-now-what", "johns", "kolb", "four-lenses"]
THEMES = [
    "boundaries",
    "trust",
    "endings",
    "self-care",
    "risk",
    "sharing-lived-experience",
    "compassion",
    "moral-conflict",
    "returning-to-work",
    "role-and-team",
    "mutuality-and-power",
    "when-someone-dies",
    "relapse-and-recovery",
    "justice-and-coercion",
    "identity-and-difference",
    "personal-safety",
]
WELLBEING = [
    "energy", "satisfaction", "carrying", "connection", "recovery", "role",
    "workload", "safety",
]  # fmt: skip

PACK = """\
id = "{id}"
version = {version}
title = "{title}"
kind = "theme"
summary = "For testing."
minutes = 5

[[steps]]
id = "what"
question = "{question}"
"""


def write_pack(folder: Path, pack_id: str, title: str, question: str = "Q?",
               version: int = 1) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pack_id}.toml"
    path.write_text(
        PACK.format(id=pack_id, title=title, question=question, version=version)
    )
    return path


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_library([shipped_dir()])


def test_every_shipped_pack_validates() -> None:
    assert [str(p) for p in check_paths([shipped_dir()])] == []


def test_shipped_folder_holds_only_packs_and_readme() -> None:
    stray = [
        p.name
        for p in shipped_dir().iterdir()
        if p.suffix != ".toml" and p.name != "README.md"
    ]
    assert stray == []


def test_required_models_exist_and_lead_to_action(shipped) -> None:  # type: ignore[no-untyped-def]
    for pack_id in MODELS:
        pack = shipped.get(pack_id)
        assert pack.kind == "model"
        assert any(s.input == "action" for s in pack.steps), pack_id
    assert len(shipped.get("quick").steps) == 3


@pytest.mark.parametrize("pack_id", THEMES)
def test_theme_packs_have_shape_asked_for(shipped, pack_id: str) -> None:  # type: ignore[no-untyped-def]
    pack = shipped.get(pack_id)
    assert pack.kind == "theme"
    # A containment pack's closing `leaving` step is a pause, not a question
    # about the work: the reflection itself stays within 5 to 9 steps.
    reflective = [s for s in pack.steps if s.id != "leaving"]
    assert 5 <= len(reflective) <= 9
    assert reflective[-1].input == "supervision"
    assert any(s.input == "action" for s in pack.steps)
    assert pack.functions
    for step in pack.steps:
        text = f"{step.question} {step.hint}".lower()
        assert "you should" not in text, (pack_id, step.id)


def test_wellbeing_check_in_scales_end_well(shipped) -> None:  # type: ignore[no-untyped-def]
    pack = shipped.get("wellbeing")
    assert pack.kind == "check-in"
    scales = [s for s in pack.steps if s.input == "scale"]
    assert [s.id for s in scales] == WELLBEING
    assert all(len(s.labels) == 5 for s in scales)
    assert any(s.input == "text" for s in pack.steps)


def test_prepare_pack_is_for_supervision(shipped) -> None:  # type: ignore[no-untyped-def]
    pack = shipped.get("prepare")
    assert pack.kind == "supervision"
    assert set(pack.functions) == {"normative", "formative", "restorative"}
    assert len(pack.steps) >= 5


def test_readme_example_is_a_valid_pack(tmp_path: Path) -> None:
    readme = (REPO / "prompts" / "README.md").read_text()
    [example] = re.findall(r"```toml\n(.*?)```", readme, re.S)
    path = tmp_path / "example.toml"
    path.write_text(example)
    template, problems = load_pack(path)
    assert problems == []
    assert template is not None
    assert [s.input for s in template.steps] == [
        "text", "scale", "choice", "text", "action", "supervision"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "line", "step", "message"),
    [
        ("bad_toml.toml", 3, None, "is not valid TOML"),
        ("missing_title.toml", None, None, "'title' is missing"),
        ("duplicate_step.toml", 12, "what", "used twice"),
        ("unknown_input.toml", 12, "mood", "input 'slider' is unknown"),
        ("scale_without_labels.toml", 8, "energy", "a scale needs 'labels'"),
        ("bad_kind.toml", 4, None, "kind 'questionnaire' is not one of"),
        ("no_steps.toml", None, None, "there are no [[steps]]"),
        ("containment_without_gist.toml", 10, "what", "the gist is enough"),
        ("containment_without_leaving.toml", 15, "next", "end with a step 'leaving'"),
    ],
)
def test_broken_packs_name_file_line_and_step(
    name: str, line: int | None, step: str | None, message: str
) -> None:
    template, problems = load_pack(BROKEN / name)
    assert template is None
    [problem] = problems
    assert problem.path.name == name
    assert problem.line == line
    assert problem.step == step
    assert message in problem.message
    shown = str(problem)
    assert shown.startswith(str(BROKEN / name))
    if step:
        assert f"step '{step}'" in shown
    if line:
        assert f":{line}:" in shown


def test_a_broken_user_pack_does_not_hide_shipped_ones(tmp_path: Path, shipped) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "config" / "prompts"
    user.mkdir(parents=True)
    shutil.copy(BROKEN / "unknown_input.toml", user)
    library = load_library(layer_dirs(tmp_path / "config", None))
    assert set(library.packs) == set(shipped.packs)
    assert [p.path.name for p in library.problems] == ["unknown_input.toml"]


def test_layers_override_in_order(tmp_path: Path, shipped) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config"
    extra = tmp_path / "org"
    write_pack(config / "prompts", "boundaries", "Our boundaries")
    write_pack(config / "prompts", "team-huddle", "Team huddle (mine)")
    write_pack(extra, "team-huddle", "Team huddle (organisation)")
    library = load_library(layer_dirs(config, extra))
    assert library.get("boundaries").title == "Our boundaries"
    assert library.sources["boundaries"] == config / "prompts" / "boundaries.toml"
    assert library.get("team-huddle").title == "Team huddle (organisation)"
    assert library.get("gibbs") == shipped.get("gibbs")
    without_extra = load_library(layer_dirs(config, None))
    assert without_extra.get("team-huddle").title == "Team huddle (mine)"


def test_check_reports_the_same_id_in_two_files(tmp_path: Path) -> None:
    one = write_pack(tmp_path / "a", "same", "One")
    two = write_pack(tmp_path / "b", "same", "Two")
    [problem] = check_paths([one, two])
    assert "also used by" in problem.message


def test_entry_keeps_its_questions_after_the_pack_is_edited(
    tmp_path: Path, journal: Journal
) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, "after-visit", "After a visit", question="What happened?")
    pack = load_library([folder]).get("after-visit")
    entry_id = journal.reflections.start(pack)
    journal.reflections.save_answer(
        entry_id, pack.steps[0], 0, "A long wait at the clinic."
    )

    write_pack(
        folder, "after-visit", "After a visit", question="Tell me more", version=2
    )
    edited = load_library([folder]).get("after-visit")
    assert edited.steps[0].question == "Tell me more"

    entry = journal.entries.get(entry_id)
    assert entry.template_id == "after-visit"
    assert entry.template_version == "1"
    assert entry.answers[0].question == "What happened?"
    assert entry.answers[0].response == "A long wait at the clinic."
    assert entry.current_step == "what"
