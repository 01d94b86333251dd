"""Frozen dataclasses that carry journal data between core, CLI and TUI.

They are plain values: no database handle, no behaviour beyond small derived
views, so the TUI and tests can build and compare them freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOTE_STEP = "note"
"""The single step a quick note keeps its text in."""

TITLE_LIMIT = 80


@dataclass(frozen=True)
class Answer:
    """One response, with the question exactly as it was asked."""

    step_id: str
    position: int
    question: str
    response: str
    input_type: str = "text"
    updated_at: str = ""


@dataclass(frozen=True)
class EntrySummary:
    """What lists show: enough to recognise an entry, no answers."""

    id: str
    created_at: str
    updated_at: str
    kind: str
    title: str
    status: str
    template_id: str | None
    template_version: str | None
    for_supervision: bool
    ask: str | None
    shareable: bool
    tags: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape; later fields may be added, never renamed."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "kind": self.kind,
            "title": self.title,
            "tags": list(self.tags),
            "template_id": self.template_id,
            "template_version": self.template_version,
            "status": self.status,
            "for_supervision": self.for_supervision,
            "ask": self.ask,
            "shareable": self.shareable,
        }


@dataclass(frozen=True)
class Entry(EntrySummary):
    """A whole entry: its answers in order, and the private note if any."""

    answers: tuple[Answer, ...] = ()
    private_note: str | None = None
    current_step: str | None = None

    @property
    def text(self) -> str:
        """A quick note's text (or all answers joined, for a reflection)."""
        return "\n\n".join(a.response for a in self.answers if a.response)


@dataclass(frozen=True)
class SearchHit:
    """A search result: the entry and a snippet with the match marked."""

    entry: EntrySummary
    snippet: str
    rank: float = 0.0

    def as_json(self) -> dict[str, Any]:
        data = self.entry.as_json()
        data["snippet"] = self.snippet
        return data


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the one-line summary."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_ids: tuple[str, ...] = field(default_factory=tuple)


def title_from_text(text: str) -> str:
    """A quick note's title: its first non-empty line, cut at 80 characters."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) > TITLE_LIMIT:
                return line[: TITLE_LIMIT - 1].rstrip() + "…"
            return line
    return ""
