"""The demo worker's supervisees, so the supervising screen has people on it.

Their shared entries come in through `Reviewing.import_share`, the same
function that keeps a share a supervisor brings in, and are read and
commented on through `Reviewing.add_comment` and `mark_reviewed`: the demo's
received entries are stored exactly as real ones are. Only the sealing is
skipped, since nothing travels (the body is what `Sharing.seal` would seal).
Each entry's answers are shaped by its pack, with the pack's own questions,
as a share from a supervisee's journal would carry them. Ids come from the
names and titles, so the same `today` gives the same journal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from reflect.core.clock import iso
from reflect.core.demo.records import dated, stopped_at
from reflect.core.journal import Journal
from reflect.core.templates import Library

_IDS = uuid.UUID("5b0c1f52-8d4e-4c57-9a41-7f1d2e6a3c90")
"""Namespace for the demo's made-up ids."""
_SHARED_AT = (14, 30)
"""The time of day a share comes in, and a comment is written."""


def seed_supervisees(
    journal: Journal, library: Library, today: datetime, data: dict[str, Any]
) -> None:
    """Bring in each supervisee's shares, oldest first, then read and comment."""
    for person in data["supervisee"]:
        sender = str(uuid.uuid5(_IDS, f"journal/{person['name']}"))
        shares: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for item in person["entry"]:
            shares[item["shared_days_ago"]].append(item)
        for days_ago in sorted(shares, reverse=True):
            body = _share_body(person["name"], sender, today, days_ago)
            body["entries"] = [
                _snapshot(person["name"], item, library, today)
                for item in shares[days_ago]
            ]
            with dated(journal, stopped_at(_at(today, days_ago))):
                journal.reviewing.import_share(body)
        for item in person["entry"]:
            if "reviewed_days_ago" in item:
                _review(journal, person["name"], item, today)


def _at(today: datetime, days_ago: int) -> datetime:
    hour, minute = _SHARED_AT
    day = today - timedelta(days=days_ago)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _share_body(
    name: str, sender: str, today: datetime, days_ago: int
) -> dict[str, Any]:
    """A share's body as `Sharing.seal` writes it, entries to be added."""
    from reflect.core import bundles

    return {
        "format": "reflect-bundle",
        "version": bundles.FORMAT_VERSION,
        "kind": "share",
        "bundle_id": str(uuid.uuid5(_IDS, f"share/{name}/{days_ago}")),
        "sender_journal_id": sender,
        "sender_name": name,
        "recipient_journal_id": None,
        "created_at": iso(_at(today, days_ago) - timedelta(hours=1)),
        "entries": [],
        "agenda": None,
        "wellbeing": None,
        "session": None,
    }


def _snapshot(
    name: str, item: dict[str, Any], library: Library, today: datetime
) -> dict[str, Any]:
    """One shared entry, shaped as `sharing.snapshot` shapes a finished one."""
    pack = library.get(item["pack"])
    answers = item["answers"]
    unknown = set(answers) - {step.id for step in pack.steps}
    if unknown:
        raise ValueError(f"{pack.id} has no step {sorted(unknown)[0]!r}")
    bring = [answers[s.id] for s in pack.steps if s.input == "supervision"]
    ask = bring[0].partition(":")[2].strip() if bring else item.get("ask", "")
    written = iso(_at(today, item["written_days_ago"]) - timedelta(hours=4))
    return {
        "id": str(uuid.uuid5(_IDS, f"entry/{name}/{item['title']}")),
        "title": item["title"],
        "created_at": written,
        "updated_at": written,
        "kind": "reflection",
        "template_id": pack.id,
        "template_version": pack.version,
        "tags": list(item.get("tags", ())),
        "functions": list(pack.functions),
        "ask": ask,
        "answers": [
            {
                "step_id": step.id,
                "position": position,
                "question": step.question,
                "input_type": step.input,
                "response": _response(answers[step.id]),
            }
            for position, step in enumerate(pack.steps)
            if step.id in answers
        ],
        "version": 1,
    }


def _response(value: str | list[str]) -> str:
    """Text as one paragraph; actions one a line."""
    if isinstance(value, str):
        return " ".join(value.split())
    return "\n".join(value)


def _review(journal: Journal, name: str, item: dict[str, Any], today: datetime) -> None:
    """Read one shared entry, and leave a comment if the data has one."""
    entry_id = str(uuid.uuid5(_IDS, f"entry/{name}/{item['title']}"))
    with dated(journal, stopped_at(_at(today, item["reviewed_days_ago"]))):
        received = journal.reviewing.get(entry_id)
        if item.get("comment"):
            journal.reviewing.add_comment(received, _response(item["comment"]))
        journal.reviewing.mark_reviewed(received)
