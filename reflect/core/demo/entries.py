"""Sample entries for `reflect --demo` and for screenshots.

Forty-odd entries over the five months before `today`, in the voice of one
invented peer worker: guided reflections with every shipped pack, quick notes
and three drafts. Every person and story is made up and de-identified the way
we ask workers to write (roles, not names; months, not dates), and good days
count too. The content is TOML like the packs, in the data folder `reflect/demo/`
shipped in the wheel, so its words can be read and changed without touching
code: answers are keyed by step id; an action ending "(by +N)" is due N days
after its entry, and one listed under `done` was done the day it was
written. The same `today` gives the same journal.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from reflect.core import frameworks
from reflect.core.clock import Clock
from reflect.core.demo.records import (
    dated,
    seed_checkins,
    seed_supervision,
    stopped_at,
)
from reflect.core.demo.supervisees import seed_supervisees
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir

_DUE = re.compile(r"\(by \+(\d+)\)$")
_TICK = timedelta(minutes=2)
"""How far the clock moves at each reading while a sample is written."""
Item = dict[str, Any]
"""One sample as parsed from TOML."""
ENTRIES = ("themed.toml", "samples.toml")
"""The files of entries. Their samples are written by moment; two that share
one keep this order."""


def seed(journal: Journal, today: datetime) -> None:
    """Fill `journal` with the samples, dated back from `today`.

    Everything is written in one transaction, oldest first, with the journal's
    clock set to each entry's moment; the clock is put back afterwards.
    """
    library = load_library([shipped_dir()])
    samples = sorted(
        ((_moment(today, item), kind, item) for kind, item in _samples()),
        key=lambda sample: sample[0],
    )
    original: Clock = journal.now
    try:
        with journal.store.write():
            for moment, kind, item in samples:
                journal.now = _ticking(moment)
                if "pack" in item:
                    pack = library.get(item["pack"])
                    _reflection(journal, pack, item, moment, kind == "draft")
                elif kind == "draft":
                    journal.notes.save_draft(None, _note_text(item))
                else:
                    tags, ask = item.get("tags", ()), item.get("ask")
                    journal.notes.add(_note_text(item), tags=tags, ask=ask)
    finally:
        journal.now = original
    seed_checkins(journal, library.get("wellbeing"), today, load("checkins.toml"))
    seed_supervision(journal, today, load("supervision.toml"))
    seed_portfolio(journal, load("portfolio.toml"))
    seed_supervisees(journal, library, today, load("supervisees.toml"))


def seed_portfolio(journal: Journal, data: dict[str, Any]) -> None:
    """Link some reflections to the shipped framework, found by title, so the
    portfolio screen has something to show; the demo's links are dated with
    the entries they belong to."""
    framework = frameworks.shipped_library().get(data["framework"])
    by_title = {e.title: e for e in journal.entries.iter_all()}
    for link in data["link"]:
        entry = by_title[link["title"]]
        with dated(journal, stopped_at(datetime.fromisoformat(entry.created_at))):
            journal.portfolio.link(entry.id, framework, link["area"], link["note"])


def load(name: str) -> dict[str, Any]:
    """One of the demo's data files, parsed.

    The folder is data only (no `__init__.py`), found through the package
    that ships it, so an installed wheel and a checkout read the same files.
    """
    folder = resources.files("reflect") / "demo"
    return tomllib.loads((folder / name).read_text(encoding="utf-8"))


def _ticking(moment: datetime) -> Clock:
    """A clock that starts at `moment` and moves on at each reading."""
    ticks = itertools.count()
    return lambda: moment + _TICK * next(ticks)


def _samples() -> list[tuple[str, Item]]:
    found: list[tuple[str, Item]] = []
    for name in ENTRIES:
        data = load(name)
        for kind in ("reflection", "note", "draft"):
            found.extend((kind, item) for item in data.get(kind, []))
    return found


def _moment(today: datetime, item: Item) -> datetime:
    hour, minute = (int(part) for part in item["when"]["time"].split(":"))
    day = today - timedelta(days=item["when"]["days_ago"])
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _note_text(item: Item) -> str:
    return f"{item['title']}\n\n{' '.join(item['text'].split())}"


def _reflection(
    journal: Journal, pack: Template, item: Item, moment: datetime, draft: bool
) -> None:
    """Answer the pack's steps in order; finish it, or leave a draft mid-way."""
    answers = {key: _response(value, moment) for key, value in item["answers"].items()}
    unknown = set(answers) - {step.id for step in pack.steps}
    if unknown:
        raise ValueError(f"{pack.id} has no step {sorted(unknown)[0]!r}")
    entry_id = journal.reflections.start(pack)
    last = 0
    for position, step in enumerate(pack.steps):
        if step.id in answers:
            journal.reflections.save_answer(entry_id, step, position, answers[step.id])
            last = position
        elif not step.optional and not draft:
            raise ValueError(f"{item['title']!r} skips the {step.id!r} step")
    if draft:
        # Saving remembers the step answered; a worker who stopped here
        # would come back to the next one.
        journal.reflections.set_current_step(entry_id, pack.steps[last + 1].id)
        return
    bring = [answers[s.id] for s in pack.steps if s.input == "supervision"]
    ask: str | None = item.get("ask")
    if bring:
        ask = bring[0].partition(":")[2].strip() or None
    journal.reflections.finish(
        entry_id,
        Finish(
            title=item["title"],
            tags=tuple(item.get("tags", ())),
            functions=tuple(item.get("functions", pack.functions)),
            for_supervision=bring[0].startswith("yes") if bring else bool(ask),
            ask=ask,
            shareable=item.get("shareable", False),
            private_note=_response(item.get("private_note", ""), moment) or None,
        ),
    )
    _done_that_day(journal, entry_id, item.get("done", []))


def _done_that_day(journal: Journal, entry_id: str, done: list[str]) -> None:
    """Close the entry's actions listed under `done`, on the day it was written
    (the clock is still the entry's), as the worker would have ticked them."""
    made = {
        a.text: a.id
        for a in journal.supervision.actions(open_only=True)
        if a.source_id == entry_id
    }
    for text in done:
        if text not in made:
            raise ValueError(f"{text!r} is not one of its entry's actions")
        journal.supervision.set_action_done(made[text], True)


def _response(value: str | list[str], moment: datetime) -> str:
    """Text as one paragraph; actions one a line, with "(by +N)" made a date."""
    if isinstance(value, str):
        return " ".join(value.split())
    return "\n".join(
        _DUE.sub(lambda m: f"(by {(moment + timedelta(days=int(m[1]))).date()})", line)
        for line in value
    )
