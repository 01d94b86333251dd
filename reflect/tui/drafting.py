"""What every writing screen shares: autosave timing, the saved line, the
privacy hint, the leave dialog, and keeping company with another window on
the same draft.

`AutosaveScreen` is any screen that keeps what is typed (the two writers and
the finish page): a change restarts a short timer, and the timer (or a move,
a quit, the idle lock, the terminal closing) calls `flush_draft`. The app
asks every such screen to flush through that one typed method.

`DraftingScreen` is a writer: the quick-note writer and the guided writer
keep words the same way, the line under the answer says when the journal
last received them, the privacy hint is the same gentle line in both, and
leaving asks the same question (keep, discard, keep writing).

A second reflect window may have the same entry open. A writer holds the
entry while it is open (renewed every half minute, let go on leaving); opening
one that another live window holds asks first: read it here without changing
anything, or take it over. Saves carry the revision they started from, so if
the other window saved first, its words stay and these become a sibling draft,
which this window then carries on in; the worker is told at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from reflect.core.clock import local_display
from reflect.core.drafts import PRESENCE_RENEW, DraftSave
from reflect.core.journal import Journal
from reflect.core.privacy import Finding, hint_for, scan
from reflect.tui.dialogs.choice import DISCARD_KEY, LEAVE_CHOICES, Choice, ChoiceDialog
from reflect.tui.state import ReflectState
from reflect.tui.text import words

AUTOSAVE_SECONDS = 1.2
"""Pause after the last change before saving; well inside two seconds."""

R = TypeVar("R")


class AutosaveScreen(Screen[R]):
    """A screen whose typing is saved within seconds, and on every way out."""

    app: ReflectState

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None

    def flush_draft(self) -> None:  # pragma: no cover - each screen defines it
        """Save what is typed now, if it changed; never raises for no change."""
        raise NotImplementedError

    def restart_autosave(self) -> None:
        self.stop_autosave()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.flush_draft)

    def stop_autosave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


class DraftingScreen(AutosaveScreen[None]):
    """Base for the writers: one entry's words, autosaved as a draft."""

    BINDINGS = [
        Binding(
            "ctrl+r",
            "take_over",
            "Take over",
            tooltip="Take over a draft another window is writing in",
        ),
        # Writing about a hard day is when a worker most needs to see where
        # support is: pinned in the footer, as `!` is on home (`!` is a
        # character in the box here, so f2, which works on every screen).
        Binding(
            "f2",
            "app.support",
            "Hard day?",
            tooltip="If today is hard: people and places to turn to",
        ),
    ]
    """Take over is shown only while read only (each writer's `check_action`
    says so); the support key always."""

    journal: Journal
    entry_id: str | None
    """The entry being written; None until the first words create it."""

    def __init__(self) -> None:
        super().__init__()
        self.read_only = False
        """Another window holds this entry and the worker chose to only read."""
        self._told_taken = False
        self.saved_at: str | None = None
        """When the journal last received these words (stored form)."""
        self.was_complete = False
        """Editing a finished entry rather than a draft."""
        self.findings: list[Finding] = []
        self.dismissed: set[str] = set()
        """Privacy findings the worker chose to keep, not to be raised again."""

    def status_text(self) -> str:
        if self.read_only:
            return "Read only: this is open in another window. Nothing here is saved."
        if self.saved_at is None:
            return "Nothing written yet. Your words are saved as you write."
        what = "Saved" if self.was_complete else "Draft saved"
        return f"{what} at {local_display(self.saved_at, '%H:%M:%S on %d %b')}."

    def show_saved(self) -> None:
        self.query_one("#status", Static).update(self.status_text())

    def check_privacy(self, text: str, *, plan: bool = False) -> None:
        """Show the hint for `text`; in a plan of actions a date is not a person."""
        findings = [
            f
            for f in scan(text, self.app.watch_list, plan=plan)
            if f.text.casefold() not in self.dismissed
        ]
        # The hint quotes what it found: the worker's words, not markup.
        dismiss = "  ctrl+g dismisses." if findings else ""
        self.query_one("#privacy", Static).update(words(hint_for(findings) + dismiss))
        changed = bool(findings) != bool(self.findings)
        self.findings = findings
        if changed:
            self.refresh_bindings()

    def action_hide_privacy(self) -> None:
        self.dismissed.update(f.text.casefold() for f in self.findings)
        self.recheck_privacy()

    def recheck_privacy(self) -> None:  # pragma: no cover - each writer defines it
        raise NotImplementedError

    # ---- leaving ----------------------------------------------------------

    def has_earlier_words(self) -> bool:  # pragma: no cover - each writer knows
        """Whether this visit began from words already saved (an old draft or
        a finished entry), so discarding means going back to them."""
        raise NotImplementedError

    def discard_visit(self) -> str | None:  # pragma: no cover - each writer knows
        """Take back this visit's words; what to tell the worker if any stay."""
        raise NotImplementedError

    def focus_answer(self) -> None:  # pragma: no cover - each writer knows
        raise NotImplementedError

    def ask_to_leave(
        self, what: str, *, discard: str = "Discard changes", after: str = ""
    ) -> None:
        """Keep, discard or keep writing: the one question both writers ask.

        The words are saved before it opens, so the worker's answer (or a
        closed terminal while it is open) can never cost a word. `discard`
        names what discarding does where that is more than a discard (a note
        carried on goes back to being the note), and `after` says it.
        """
        self.flush_draft()
        choices = LEAVE_CHOICES
        if self.has_earlier_words():
            keep = "Keep changes" if self.was_complete else "Keep as draft"
            choices = [
                Choice("k", keep, "keep", "primary"),
                Choice(DISCARD_KEY, discard, "discard", "error"),
                Choice("w", "Keep writing", "write"),
            ]
        message = (
            "Your changes are saved as you type until you decide."
            if self.was_complete
            else "Your words are safe as a draft until you decide."
        )
        self.app.push_screen(
            ChoiceDialog(
                f"Leave this {what}?",
                f"{message} {after}".strip(),
                choices,
            ),
            self._left,
        )

    def _left(self, choice: str | None) -> None:
        if choice == "keep":
            self.flush_draft()
            self.dismiss()
        elif choice == "discard":
            said = self.discard_visit()
            self.dismiss()
            self.app.notify(said or "Discarded.", timeout=None if said is None else 12)
        else:
            self.focus_answer()

    # ---- another window on the same entry --------------------------------

    def set_read_only(self, read_only: bool) -> None:  # pragma: no cover
        """Lock or unlock the answer widgets (each writer knows its own)."""
        raise NotImplementedError

    def reload_entry(self, *, sibling: bool = False) -> object:  # pragma: no cover
        """Read the entry's words and revisions afresh from the journal.

        `sibling`: the entry was just made from this window's words, so this
        visit starts there (discarding it removes the whole sibling).
        """
        raise NotImplementedError

    def start_presence(self) -> None:
        """Hold the entry for this window, or ask when another window holds it."""
        self.set_interval(PRESENCE_RENEW.total_seconds(), self.renew_presence)
        if self.entry_id is None:
            return
        other = self.journal.drafts.claim(self.entry_id)
        if other is None:
            return
        self.set_read_only(True)  # nothing is written until the worker chooses
        at = local_display(other.last_seen, "%H:%M")
        self.app.push_screen(
            ChoiceDialog(
                "This is open in another window",
                "This is open in another reflect window, last active there at "
                f"{at}. Take it over to write here, or just read it. No words are "
                "lost either way: if both windows change it, the later one is kept "
                "as a separate draft.",
                [
                    Choice("t", "Take over", "take", "warning"),
                    Choice("r", "Read only", "read", "primary"),
                    Choice("b", "Go back", "back"),  # escape: as if never opened
                ],
            ),
            self._presence_chosen,
        )

    def _presence_chosen(self, choice: str | None) -> None:
        if choice == "take":
            self.action_take_over()
        elif choice != "read":
            self.dismiss()

    def action_take_over(self) -> None:
        """Write here: the other window's next save goes to a sibling."""
        if not self.read_only or self.entry_id is None:
            return
        self.journal.drafts.claim(self.entry_id, take_over=True)
        self._told_taken = False
        self.reload_entry()  # the other window may have saved since this opened
        self.set_read_only(False)

    def renew_presence(self) -> None:
        """The heartbeat: still here; say so once if another window took over."""
        if self.read_only or self.entry_id is None or self.journal.store.closed:
            return
        try:
            held = self.journal.drafts.renew(self.entry_id)
        except Exception:  # best effort: a missed heartbeat only ages the record
            return
        if not held and not self._told_taken:
            self.taken_over()

    def taken_over(self) -> None:
        """Another window took this entry over: say so now, lose nothing.

        Words not saved yet go to a sibling draft, where this window writes
        on; with nothing unsaved, this window becomes read only, with the
        key to take the entry back.
        """
        self._told_taken = True
        held = self.entry_id
        self.flush_draft()  # unsaved words: the save makes the sibling
        if self.entry_id != held or self.entry_id is None:
            return
        self.set_read_only(True)
        self.notify(
            "Another window has taken this over, so it is read only here now. "
            "Press ctrl+r to take it back.",
            severity="warning",
            timeout=12,
        )

    def moved_to_sibling(self, saved: DraftSave) -> None:
        """Another window saved first: carry on in the sibling that has our words."""
        self.entry_id = saved.entry_id
        self.was_complete = False
        self._told_taken = False
        self.reload_entry(sibling=True)
        first = (
            "Another window took this over, so it writes there now."
            if saved.taken
            else "This was changed in another window first, so those words stay there."
        )
        self.notify(
            f'{first} Yours are kept as a separate draft, "{saved.title}", and you '
            "are writing in that one now.",
            title="Written in two windows",
            severity="warning",
            timeout=15,
            markup=False,  # the title is the worker's own words, shown as typed
        )

    def kept_as_new_draft(self, saved: DraftSave) -> None:
        """The entry went in another window; carry on in the new draft."""
        self.entry_id = saved.entry_id
        self.was_complete = False
        self._told_taken = False
        self.reload_entry(sibling=True)
        self.notify(
            "This was discarded or moved to the trash in another window. What "
            "you wrote here is kept as a new draft, and you are writing in it now.",
            severity="warning",
            timeout=12,
        )

    def discard_own_draft(self, bases: Mapping[str, int]) -> str | None:
        """Discard the draft this visit started, unless another window wrote in it.

        Returns what to tell the worker when the draft was kept, else None.
        """
        if self.entry_id is None:
            return None
        kept = self.journal.drafts.discard(self.entry_id, bases)
        if kept is None:
            return None
        return (
            "Kept: another window saved words here at "
            f"{local_display(kept, '%H:%M')}, so this draft stays."
        )

    @on(events.Unmount)
    def _leave_presence(self) -> None:
        if self.entry_id is None or self.read_only or self.journal.store.closed:
            return
        try:
            self.journal.drafts.release(self.entry_id)
        except Exception:  # best effort: an unreleased record goes stale anyway
            return
