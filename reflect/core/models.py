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
    functions: tuple[str, ...] = ()
    """Supervision functions (normative, formative, restorative) it serves."""
    deleted_at: str | None = None
    """Set while the entry is in the trash."""

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
            "functions": list(self.functions),
            "deleted_at": self.deleted_at,
        }


@dataclass(frozen=True)
class Entry(EntrySummary):
    """A whole entry: its answers in order, and the private note if any."""

    answers: tuple[Answer, ...] = ()
    private_note: str | None = None
    current_step: str | None = None

    @property
    def marks(self) -> Marks:
        """What it says for supervision now, as `Entries.set_marks` takes it."""
        return Marks(self.for_supervision, self.ask, self.shareable, self.private_note)

    @property
    def text(self) -> str:
        """A quick note's text (or all answers joined, for a reflection)."""
        return "\n\n".join(a.response for a in self.answers if a.response)


@dataclass(frozen=True)
class SearchHit:
    """A search result: the entry, a snippet of its text, and where it matched."""

    entry: EntrySummary
    snippet: str
    """Plain text, exactly as written: no marks in it."""
    matches: tuple[tuple[int, int], ...] = ()
    """(start, end) of each matched word in `snippet`, for highlighting."""
    rank: float = 0.0

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet in pieces, each saying whether it is a match."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.matches:
            if start > at:
                out.append((self.snippet[at:start], False))
            out.append((self.snippet[start:end], True))
            at = end
        if at < len(self.snippet):
            out.append((self.snippet[at:], False))
        return out

    def as_json(self) -> dict[str, Any]:
        data = self.entry.as_json()
        data["snippet"] = self.snippet
        data["matches"] = [list(m) for m in self.matches]
        return data


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the one-line summary."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_ids: tuple[str, ...] = field(default_factory=tuple)
    links: int = 0
    """Portfolio links added or brought up to date from the file."""


def title_from_text(text: str) -> str:
    """A quick note's title: its first non-empty line, cut to 80 characters
    at the end of a word where one ends in the second half (a title goes
    onto agendas and printed pages, where "halfway throug…" looks broken)."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) > TITLE_LIMIT:
                cut = line[: TITLE_LIMIT - 1]
                if (
                    line[TITLE_LIMIT - 1] != " "
                    and (space := cut.rfind(" ")) > TITLE_LIMIT // 2
                ):
                    cut = cut[:space]
                return cut.rstrip() + "…"
            return line
    return ""


def note_body(text: str, title: str) -> str:
    """A quick note's text without its first line when that line is its title.

    The first line of a note is shown once, as its title; reading the note
    (or carrying it on as a guided reflection) starts after it. A line cut
    short for the title is not the title, so then the whole text is the body:
    no word lives only in a shortened title.
    """
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        return rest.strip()
    return text


@dataclass(frozen=True)
class Marks:
    """What a worker says about an entry for supervision, beside its words.

    Whether to bring it (and what they want from supervision about it),
    whether it may be shared, and the private note that never leaves. The
    finish page of a reflection, the quick note's supervision dialog,
    `reflect note` and `reflect mark` all set these through one core write
    (`journal.entries.set_marks`), so the rules cannot drift apart.
    """

    for_supervision: bool = False
    ask: str | None = None
    """Kept only while the entry is to be brought."""
    shareable: bool = False
    private_note: str | None = None
    """Empty or None removes it."""

    def normalized(self) -> Marks:
        """As the journal keeps them: an ask only while bringing, blank
        words as none; the private note as typed, or none when blank."""
        ask = (self.ask or "").strip() or None
        note = self.private_note if (self.private_note or "").strip() else None
        return Marks(
            self.for_supervision,
            ask if self.for_supervision else None,
            self.shareable,
            note,
        )


KINDS = ("model", "theme", "check-in", "supervision")
"""Pack kinds, in the order a picker groups them."""

FUNCTIONS = ("normative", "formative", "restorative")
"""Proctor's three functions of supervision."""

UNNAMED_SUPERVISOR = "your supervisor"
"""What a supervisor who gave no name is called (in the bundles they send,
and when their feedback is shown)."""

INPUT_TYPES = ("text", "scale", "choice", "tags", "action", "supervision")
"""How a step is answered."""
SCALE_POINTS = 5
"""A scale runs from 1 to 5, each point with its label."""


@dataclass(frozen=True)
class Step:
    """One question in a prompt pack."""

    id: str
    question: str
    hint: str = ""
    follow_ups: tuple[str, ...] = ()
    optional: bool = False
    input: str = "text"
    labels: tuple[str, ...] = ()
    """For a scale: five labels, for 1 to 5; 5 is where the worker is doing well."""
    choices: tuple[str, ...] = ()
    offer_support: bool = False
    """A "how are you" scale: its lowest point offers the support page (as a
    heavy pack's last step, `leaving`, always does)."""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "hint": self.hint,
            "follow_ups": list(self.follow_ups),
            "optional": self.optional,
            "input": self.input,
        }
        if self.labels:
            data["labels"] = list(self.labels)
        if self.choices:
            data["choices"] = list(self.choices)
        if self.offer_support:
            data["offer_support"] = True
        return data


@dataclass(frozen=True)
class Template:
    """A prompt pack: a reflective model, a theme, a check-in or a preparation."""

    id: str
    version: str
    title: str
    kind: str
    summary: str
    functions: tuple[str, ...]
    minutes: int
    steps: tuple[Step, ...]
    containment: bool = False
    """A heavy pack (death, risk, coercion, relapse, moral injury): it opens by
    saying the gist is enough and ends on a `leaving` step (see templates)."""
    tags: tuple[str, ...] = ()
    """Words for what the pack is about, so it can be found and mapped."""

    def summary_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "kind": self.kind,
            "summary": self.summary,
            "functions": list(self.functions),
            "minutes": self.minutes,
            "steps": len(self.steps),
            "containment": self.containment,
            "tags": list(self.tags),
        }

    def as_json(self) -> dict[str, Any]:
        data = self.summary_json()
        data["steps"] = [s.as_json() for s in self.steps]
        return data
