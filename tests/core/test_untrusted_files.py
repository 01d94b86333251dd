"""Files from outside (a JSON export, a prompt pack) that would crash a parser:
each is refused with one short line naming the problem, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reflect.core.errors import BadImport
from reflect.core.export import entries as export
from reflect.core.export.entries import read_import_file, read_json
from reflect.core.templates import check_paths, load_library, shipped_dir

GOOD = {
    "id": "11111111-2222-4333-8444-555555555555",
    "created_at": "2026-01-01T00:00:00.000000+00:00",
    "answers": [{"step_id": "note", "response": "fine"}],
}


def _export(*entries: Any, version: Any = 1) -> str:
    return json.dumps(
        {"format": "reflect-journal", "version": version, "entries": list(entries)}
    )


def _with(**fields: Any) -> str:
    return _export({**GOOD, **fields})


def _answer(**fields: Any) -> str:
    return _with(answers=[{"step_id": "note", **fields}])


DEEP = '{"format": "reflect-journal", "version": 1, "entries": ' + "[" * 100_000
HUGE = "9" * 4_000  # under Python's 4,300-digit limit: it parses, then is refused

CASES: dict[str, tuple[str, str]] = {
    "deep nesting": (DEEP + "]" * 100_000 + "}", "nests"),
    "deep inside an entry": (_with(title=json.loads("[" * 900 + "]" * 900)), "title"),
    "lone surrogate in a title": (_with(title="\ud800"), "broken character"),
    "lone surrogate in an answer": (_answer(response="a\udfffb"), "broken character"),
    "lone surrogate in a tag": (_with(tags=["ok", "\udc80"]), "broken character"),
    "lone surrogate in an id": (_with(id="\ud83d"), "broken character"),
    "title is a number": (_with(title=5), "'title' must be text"),
    "response is a list": (_answer(response=["a"]), "'response' must be text"),
    "question is an object": (_answer(question={"a": 1}), "'question' must be text"),
    "a tag is a number": (_with(tags=["ok", 7]), "'tags' must be text"),
    "flag is text": (_with(for_supervision="yes"), "true or false"),
    "functions is text": (_with(functions="formative"), "'functions' must be a list"),
    "time is a number": (_with(updated_at=20260101), "'updated_at' must be text"),
    "time beyond year 9999": (_with(created_at="9999-12-31T23:59:59-23:59"), "ISO"),
    # Fine in UTC, past year 9999 in Tokyo: every list there stopped.
    "time on the last day": (_with(created_at="9999-12-31T23:00:00+00:00"), "ISO"),
    "time on the first day": (_with(created_at="0001-01-01T00:30:00+00:00"), "ISO"),
    "huge position": (_answer(position=int(HUGE)), "a very large number"),
    "number too long to read": (
        '{"format": "reflect-journal", "version": ' + "9" * 5_000 + "}",
        "number too long",
    ),
    "huge version": (_export(version=int(HUGE)), "version a very large number"),
    "text beyond the limit": (_with(title="x" * (export.MAX_TEXT + 1)), "at most"),
    "id beyond the limit": (_with(id="x" * (export.MAX_NAME + 1)), "'id' is"),
    "too many tags": (_with(tags=["t"] * (export.MAX_TAGS + 1)), "'tags' has"),
}


@pytest.mark.parametrize("text, needle", CASES.values(), ids=CASES.keys())
def test_a_hostile_export_is_refused_in_one_short_line(text: str, needle: str) -> None:
    with pytest.raises(BadImport) as refused:
        read_json(text)
    message = str(refused.value)
    assert needle in message
    assert "\n" not in message and len(message) < 300
    assert message.isprintable(), message  # no surrogate or control reaches it


@pytest.mark.parametrize(
    "version, shown",
    [('"1"', "'1'"), ("true", "true"), ("1.0", "1.0"), ("[1]", "a list")],
)
def test_a_version_that_is_not_a_number_says_so(version: str, shown: str) -> None:
    text = '{"format": "reflect-journal", "version": ' + version + ', "entries": []}'
    with pytest.raises(BadImport, match="not a whole number") as refused:
        read_json(text)
    assert f"version is {shown}" in str(refused.value)
    assert "reads up to" not in str(refused.value)


@pytest.mark.parametrize("version", [0, -1])
def test_a_version_below_one_is_refused(version: int) -> None:
    with pytest.raises(BadImport, match="start at 1"):
        read_json(_export(version=version))


def test_a_newer_version_still_says_to_update() -> None:
    with pytest.raises(BadImport, match="version 2; this reflect reads up to 1"):
        read_json(_export(version=2))


def test_a_file_too_large_to_import_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: no disk and no time
        handle.truncate(export.MAX_IMPORT_BYTES + 1)
    with pytest.raises(BadImport, match=r"larger than 1 GB.*nothing was imported"):
        read_import_file(huge)


def test_an_export_with_every_field_still_imports() -> None:
    entry = {
        **GOOD,
        "updated_at": "",  # empty times mean "not given", as before
        "kind": "reflection",
        "status": "draft",
        "title": "Ŝtorm",
        "tags": ["a", "b"],
        "template_id": "gibbs",
        "template_version": "1",
        "for_supervision": True,
        "shareable": False,
        "ask": None,
        "private_note": "mine",
        "functions": ["formative"],
        "deleted_at": None,
        "current_step": "note",
    }
    [read] = read_json(_export(entry))
    assert (read.title, read.tags, read.functions) == (
        "Ŝtorm",
        ("a", "b"),
        ("formative",),
    )
    assert read.updated_at == read.created_at


# ---- prompt packs --------------------------------------------------------

DEEP_TOML = "x = " + "[" * 5_000 + "]" * 5_000 + "\n"
DEEP_TABLE = "x = " + "{a = " * 3_000 + "1" + "}" * 3_000 + "\n"
LONG_NUMBER = "x = " + "9" * 5_000 + "\n"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A folder with three packs no parser should survive and one good pack."""
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "deep.toml").write_text(DEEP_TOML)
    (folder / "table.toml").write_text(DEEP_TABLE)
    (folder / "number.toml").write_text(LONG_NUMBER)
    good = (shipped_dir() / "gibbs.toml").read_text(encoding="utf-8")
    (folder / "mine.toml").write_text(good.replace('id = "gibbs"', 'id = "mine"'))
    return folder


def test_prompts_check_gives_one_line_for_each_unreadable_pack(packs: Path) -> None:
    problems = check_paths([packs])
    assert sorted(p.path.name for p in problems) == [
        "deep.toml",
        "number.toml",
        "table.toml",
    ]
    for problem in problems:
        assert "\n" not in str(problem) and str(problem).startswith(str(packs))


def test_an_unreadable_pack_never_hides_the_others(packs: Path) -> None:
    library = load_library([shipped_dir(), packs])
    assert "mine" in library.packs and "gibbs" in library.packs
    assert len(library.problems) == 3


@pytest.mark.parametrize(
    "line, problem",
    [("version = " + HUGE, "'version' must be"), ("minutes = " + HUGE, "'minutes'")],
    ids=["version", "minutes"],
)
def test_a_pack_number_out_of_range_is_one_problem(
    tmp_path: Path, line: str, problem: str
) -> None:
    text = (shipped_dir() / "gibbs.toml").read_text(encoding="utf-8")
    key = line.split()[0]
    lines = [line if row.startswith(f"{key} =") else row for row in text.splitlines()]
    pack = tmp_path / "gibbs.toml"
    pack.write_text("\n".join(lines) + "\n")
    [found] = check_paths([pack])
    assert problem in found.message and len(str(found)) < 200
