"""An organisation's settings in one plain file (issue 18, item 8).

An organisation hands its peer workers one TOML file: its name, its crisis
and safeguarding contacts, its speak-up route, its supervision defaults,
extra privacy watch-list words, and a folder of its own prompt packs. The
file holds no reflection, only public contacts and wording, so unlike the
worker's settings it may live as plain text in the config folder.

This module is the shape the rest of reflect reads (the support panel, the
packs, the settings screen). Loading, checking and installing the file are
being built alongside it; until then `installed` finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ORG_FILE = "organisation.toml"
"""The installed file's name inside the config folder."""


@dataclass(frozen=True)
class Line:
    """One way to reach someone: a phone number, a text code, or both."""

    name: str
    phone: str = ""
    text: str = ""
    """What to text and where, in the service's own form: "SHOUT to 85258"."""
    hours: str = ""
    """When it is open, in words; empty means any time."""
    note: str = ""


@dataclass(frozen=True)
class Safeguarding:
    """Where a safeguarding worry goes today: the procedure and who to tell."""

    procedure: str = ""
    contact: str = ""


@dataclass(frozen=True)
class SpeakUp:
    """The organisation's speak-up or whistleblowing route."""

    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Organisation:
    """What an organisation's file says, checked."""

    name: str
    crisis: tuple[Line, ...] = ()
    safeguarding: Safeguarding | None = None
    speak_up: SpeakUp | None = None
    supervision_type: str = ""
    supervision_every: int | None = None
    """Days between supervision sessions, as the organisation sets it."""
    watch_list: tuple[str, ...] = ()
    prompts: Path | None = None
    """The organisation's folder of prompt packs, if it has one."""
    source: Path | None = None
    """The file this was read from."""


def installed(config_home: Path) -> Organisation | None:
    """The organisation file installed in `config_home`, or None when there is
    none (or, until loading lands, always)."""
    return None
