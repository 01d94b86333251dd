"""Where a screen asks to go: the messages screens post and app.py routes.

A screen never builds another screen. It posts one of these to the app
(`self.app.post_message(...)`), and `ReflectApp` decides what to show: so a
screen imports no other screen, and adding a screen means one file and one
handler in app.py. Each message says what the worker chose (an entry, a
pack, a draft), never which class shows it.

`replace` asks for the new screen to take the place of the one that posted
(the picker becomes the writer; a finished writer becomes the entry), so
escape from there goes back to where the worker came from.

A message is honoured only while the screen that posted it is still on top
(`origin`, filled in by the app as it is posted). Keys pressed quickly
reach a screen before the app has acted on its first message: `e e` on an
entry posts two "edit entry"s, and the second must not open a second
writer over the first; a key that opened a dialog in between wins too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen

from reflect.core.agenda import Preparation
from reflect.core.journal import Journal
from reflect.core.models import Entry, Template


@dataclass
class Navigate(Message):
    """Show another screen, on top of this one or (`replace`) in its place."""

    replace: bool = field(default=False, kw_only=True)
    origin: Screen[Any] | None = field(
        default=None, kw_only=True, compare=False, repr=False
    )
    """The screen on top when this was posted (the app fills it in)."""


@dataclass
class JournalOpened(Message):
    """The journal was created or unlocked: home takes the first screen's place."""

    journal: Journal


@dataclass
class OpenEntry(Navigate):
    """Read one entry."""

    entry_id: str


@dataclass
class EditEntry(Navigate):
    """Write on in an entry: a note in the note writer, a reflection in the
    guided writer at the step it was left on."""

    entry_id: str
    back_to_entry: bool = False
    """Opened from the entry's own screen, so finishing goes back there
    rather than opening the entry a second time."""
    guided_from: Entry | None = None
    """The quick note as it was before it was carried on as this reflection
    (`GuideNote`): leaving without keeping anything gives it back as it was."""


@dataclass
class StartWriting(Navigate):
    """A new entry: a pack's guided reflection, or (no pack) a quick note."""

    pack_id: str | None = None


@dataclass
class GuideNote(Navigate):
    """Choose the model or theme that carries a quick note on."""

    entry_id: str


@dataclass
class FinishReflection(Navigate):
    """The last page of a reflection; `then(True)` once it is saved."""

    entry_id: str
    template: Template
    then: Callable[[bool], None]


@dataclass
class ShareEntries(Navigate):
    """Look over what would leave, then write a share bundle.

    From the prepare screen the agenda, the wellbeing words and a session
    record waiting for sign-off travel with the entries.
    """

    entry_ids: Sequence[str]
    agenda: str | None = None
    wellbeing: str | None = None
    session: dict[str, object] | None = None
    held_back: Sequence[str] = ()
    """Titles of the agenda's reflections not marked *can be shared*: said on
    the share screen, so none is missed or thought sent (the agenda that
    leaves names each only as a reflection to talk about)."""


@dataclass
class RecordSession(Navigate):
    """Record a supervision session, starting from the prepared agenda."""

    preparation: Preparation | None = None
    agreement: str | None = None
    """The agreement's name (None: the next one due)."""


@dataclass
class OpenReceived(Navigate):
    """Read one entry a supervisee shared (one version of it)."""

    entry_id: str
    version: int


@dataclass
class ImportJrnl(Navigate):
    """Import a jrnl journal, showing progress and then what was done."""

    path: Path
    config: Path | None = None


@dataclass
class ShowPortfolio(Navigate):
    """The portfolio: the worker's reflections laid over a competence
    framework (the default one unless named)."""

    framework_id: str | None = None


@dataclass
class ShowYearReview(Navigate):
    """The year in review, previewed before anything is written; asked for
    from the portfolio, which passes the framework it shows."""

    framework_id: str | None = None
    year: int | None = None
    """None: the year as the review chooses it (the current one)."""


@dataclass
class ShowSupport(Navigate):
    """Open the "If today is hard" panel.

    Allowed from anywhere, even before the journal is unlocked and under the
    idle lock: there the worker's own plan is left out, since the journal
    is not open.
    """


@dataclass
class OfferSupport(Message):
    """A check-in or a step was answered at its hardest point: offer the
    panel, once, with "not now" as the easy answer. Never opens it."""


class JournalChanged(Message, bubble=False):
    """Something changed what screens show (a bundle came in, an import, a
    tag): each screen on the stack reads the journal afresh.

    It does not bubble: the app hands it to every screen, and a screen that
    has nothing to refresh lets it go no further (a bubbling one would come
    back to the app, which would hand it out again).
    """
