"""The guided writer: one question at a time, autosaved, never rushed.

Each step shows its question, a hint that can be hidden, follow-ups and the
progress through the pack. The question and the progress never move: in a
short terminal the hint and follow-ups give way first (down to one line
each, ending in an ellipsis), and the answer box keeps room to write. Whether
the hint shows at all (ctrl+t) is remembered in the worker's preferences.
The answer is saved into the journal within two seconds of typing
stopping and on every step change, and the entry remembers the step, so a
draft reopens exactly where it was left. Leaving asks first.
A gentle privacy hint appears beside the answer when it might identify
someone; it never blocks writing.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static, TextArea

from reflect.core import support
from reflect.core.clock import iso
from reflect.core.journal import Journal
from reflect.core.models import Answer, Entry, Step, Template
from reflect.core.templates import resume_index
from reflect.tui import messages
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.drafting import DraftingScreen
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.step_input import (
    AnswerChanged,
    ChoiceAnswer,
    LettersRefused,
    answer_widget,
)

TALL_ENOUGH = 24
"""From this many rows the answer box keeps 5 typing lines; below, 3."""


class WriterScreen(DraftingScreen):
    """Write (or continue, or edit) a guided reflection."""

    app: ReflectState

    BINDINGS = [
        Binding(
            "ctrl+n", "next", "Next", tooltip="Next question (on the last one: finish)"
        ),
        Binding("ctrl+b", "back", "Back", tooltip="Back a question"),
        Binding("ctrl+o", "skip", "Skip", tooltip="Skip an optional question"),
        Binding(
            "ctrl+t",
            "toggle_hint",
            "Hint",
            tooltip="Read the whole hint (when cut to fit), or show or hide hints",
        ),
        Binding(
            "ctrl+g",
            "hide_privacy",
            "Dismiss",
            tooltip="Dismiss the privacy hint for what it found",
        ),
        Binding("ctrl+s", "finish", "Finish", tooltip="Finish now"),
        Binding(
            "escape",
            "leave",
            "Leave",
            tooltip="Leave: keep as draft (k), discard (^d), or keep writing",
        ),
    ]

    def __init__(
        self,
        journal: Journal,
        template: Template,
        *,
        entry_id: str | None = None,
        from_entry_view: bool = False,
        guided_from: Entry | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.template = template
        self.entry_id = entry_id
        """None until the first word is saved: leaving an empty writer leaves
        nothing behind."""
        self.from_entry_view = from_entry_view
        self.guided_from = guided_from
        """The quick note this reflection was carried on from, as it was:
        leaving without keeping anything gives it back word for word."""
        self.index = 0
        self.saved: dict[str, str] = {}
        """Answers as the journal holds them now, by step id."""
        self.original: tuple[Answer, ...] = ()
        self.original_title: str | None = None
        """Answers as they were when the writer opened, for 'discard changes'."""
        self.revisions: dict[str, int] = {}
        """Each answer's revision as this window last read or saved it."""
        self.support_offered = False
        """The support panel was offered this visit (it is offered once)."""
        self.guide_cut = False
        """Whether the hint or follow-ups are cut short (or hidden) to fit."""
        if entry_id is not None:
            entry = self.reload_entry()
            self.was_complete = entry.status == "complete"
            self.index = resume_index(entry, template)
            ids = [step.id for step in template.steps]
            if guided_from is not None and entry.current_step in ids:
                # A finished note carried on opens where the note leaves off
                # (a finished entry otherwise opens at its start).
                self.index = ids.index(entry.current_step)

    # ---- layout --------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", classes="progress")
        # Above the scrolling part: in a short terminal the cursor in the
        # answer box scrolls the hint away, never the question being answered.
        yield Static("", id="question", classes="question")
        # Nothing scrolls here: the guide shrinks to one line per part (see
        # fit_guide) so no hint is ever shown cut in half.
        with Vertical(id="guide"):
            yield Static("", id="hint", classes="hint")
            yield Static("", id="follow-ups", classes="follow-ups")
        with Vertical(id="answer-box"):
            yield Vertical(id="answer-slot")
            yield Static("", id="choose-hint", classes="hint")
        yield Static("", id="privacy", classes="privacy")
        yield Static("", id="status", classes="muted")
        yield KeysFooter()

    async def on_mount(self) -> None:
        await self.show_step()
        self.start_presence()

    def reload_entry(self, *, sibling: bool = False) -> Entry:
        """Take the entry's words and revisions from the journal.

        For a sibling just made from this window's words, the visit starts
        there: discarding it removes the sibling, never the entry beside it.
        """
        assert self.entry_id is not None
        entry = self.journal.entries.get(self.entry_id)
        self.saved = {a.step_id: a.response for a in entry.answers}
        self.revisions = self.journal.drafts.revisions(entry.id)
        self.saved_at = entry.updated_at
        self.original = () if sibling else entry.answers
        self.original_title = None if sibling else entry.title
        if sibling:  # these words are a draft of their own now, not the note
            self.guided_from = None
        if not sibling and self.is_mounted:
            self.call_after_refresh(self.show_step)  # show what is there now
        return entry

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._lock_answer()
        self.show_saved()
        self.refresh_bindings()

    def _lock_answer(self) -> None:
        for widget in self.query("#answer"):
            if isinstance(widget, TextArea):
                widget.read_only = self.read_only
            else:
                widget.disabled = self.read_only

    @property
    def step(self) -> Step:
        return self.template.steps[self.index]

    async def show_step(self) -> None:
        step = self.step
        total = len(self.template.steps)
        optional = " · optional" if step.optional else ""
        # A pack's words are data (the worker's or an organisation's own
        # packs): shown as written, never read as markup.
        self.query_one("#progress", Static).update(
            words(f"{self.template.title} · {self.index + 1} of {total}{optional}")
        )
        self.query_one("#question", Static).update(words(step.question))
        self.query_one("#guide").set_class(False, "compact")
        box = self.query_one("#answer-slot", Vertical)
        await box.remove_children()
        widget = answer_widget(
            step,
            self.saved.get(step.id, ""),
            self.journal.entries.all_tags,
            now=self.journal.now,
        )
        await box.mount(widget)
        box.set_class(isinstance(widget, TextArea), "writing")
        if isinstance(widget, TextArea):  # carry on after the words, not before
            widget.move_cursor(widget.document.end)
        self._lock_answer()
        self.call_after_refresh(widget.focus)
        self.show_choose_hint()
        self.fit_guide()
        self.show_saved()
        self.call_after_refresh(self.recheck_privacy)
        self.refresh_bindings()

    @property
    def show_hint(self) -> bool:
        """The worker's choice (ctrl+t), kept in the journal's preferences."""
        return self.app.preferences.writer_hints

    def show_choose_hint(self, *, refused: bool = False) -> None:
        """How to answer a scale or choice; after letters, why they did nothing."""
        choose = self.query_one("#choose-hint", Static)
        choose.display = self.step.input in ("scale", "choice")
        choose.set_class(refused, "refused")
        if refused:
            choose.update("Typing does not choose: up and down, then space.")
        elif self.step.input == "scale":
            choose.update("Press 1 to 5, or up and down then space. 5 is doing well.")
        elif self.step.input == "choice":
            choose.update("Up and down, then space to choose.")

    @on(LettersRefused)
    def _letters_refused(self, event: LettersRefused) -> None:
        self.show_choose_hint(refused=event.refused)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_guide()

    def fit_guide(self) -> None:
        """Show the hint and follow-ups whole if the answer box keeps its
        lines, else one line each (with an ellipsis), else not at all.

        Measured after the layout, so the question's own wrapping counts.
        """
        self.call_after_refresh(self._fit_guide)

    def _fit_guide(self) -> None:
        if not self.is_mounted:
            return
        step = self.step
        guide = self.query_one("#guide", Vertical)
        hint = self.query_one("#hint", Static)
        follow = self.query_one("#follow-ups", Static)
        has_guide = bool(step.hint or step.follow_ups)
        guide.display = self.show_hint and has_guide
        used = sum(
            child.outer_size.height
            for child in self.children
            if child.display and child.id not in ("guide", "answer-box")
        )
        room = self.size.height - used
        if not guide.display:
            self._fit_choices(room, 0)
            return
        width = max(1, self.size.width - 4)  # the guide's padding, both sides
        rows = self.size.height
        answer = self.query("#answer").first()
        if isinstance(answer, TextArea):
            # Typing lines plus the box's border and the space above it.
            need = (5 if rows >= TALL_ENOUGH else 3) + 3
        else:
            need = 1 + sum(
                child.outer_size.height
                for child in self.query_one("#answer-box").children
                if child.display
            )
        hint_text = step.hint.strip()
        full_hint = self._lines(hint_text, width) if hint_text else 0
        full_follow = (
            sum(self._lines(f"· {f}", width) for f in step.follow_ups) + 1
            if step.follow_ups
            else 0
        )
        compact = room - need < full_hint + full_follow
        hidden = compact and room - need < bool(hint_text) + bool(step.follow_ups)
        guide.set_class(compact, "compact")
        self.guide_cut = hidden
        if compact:
            cut_hint = one_line(hint_text, width)
            hint.update(words(cut_hint))
            # The key is named once: on the hint's line if that was cut.
            more = "…" if cut_hint.endswith(MORE) else MORE
            joined = "  ".join(f"· {f}" for f in step.follow_ups)
            cut_follow = one_line(joined, width, more)
            follow.update(words(cut_follow))
            # Only what was really cut: compact may only have dropped a gap.
            self.guide_cut |= cut_hint != " ".join(hint_text.split()) or (
                cut_follow != " ".join(joined.split())
            )
        else:
            hint.update(words(hint_text))
            follow.update(words("\n".join(f"· {f}" for f in step.follow_ups)))
        hint.display = bool(hint_text)
        follow.display = bool(step.follow_ups)
        guide.display = not hidden
        if hidden:
            shown = 0
        elif compact:
            shown = bool(hint_text) + bool(step.follow_ups)
        else:
            shown = full_hint + full_follow
        self._fit_choices(room, shown)

    def _fit_choices(self, room: int, guide_rows: int) -> None:
        """A long list of options (endings has nine) drops its frame, then
        scrolls, rather than push the line saying how to choose (and why
        typing chose nothing) off the bottom of a short window."""
        answer = self.query("#answer").first()
        if not isinstance(answer, ChoiceAnswer):
            return
        spare = room - guide_rows - 2  # the box's top padding, the how-to line
        answer.set_class(len(answer.options) + 2 > spare, "-textual-compact")
        answer.styles.max_height = max(3, spare)

    def _lines(self, text: str, width: int) -> int:
        """How many rows `text` takes wrapped at `width`."""
        return len(words(text).wrap(self.app.console, width))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer where it would do nothing.
        if action == "skip":
            return self.step.optional
        if action == "back":
            return self.index > 0
        if action == "hide_privacy":
            return bool(self.findings)
        if action == "finish":
            return not self.read_only
        if action == "take_over":
            return self.read_only
        return True

    # ---- saving --------------------------------------------------------

    def current_answer(self) -> str:
        widgets = self.query("#answer")
        return str(getattr(widgets.first(), "answer", "")) if widgets else ""

    @on(AnswerChanged)
    def _changed(self) -> None:
        self.restart_autosave()
        if not self.support_offered and support.lowest_answer(
            self.step, self.current_answer()
        ):
            # A "how are you" step (a heavy pack's "how are you leaving
            # this", self-care's "how is your own wellbeing") at its lowest
            # point: offered once a visit, never opened for the worker.
            self.support_offered = True
            self.app.post_message(messages.OfferSupport())

    def flush_draft(self) -> None:
        """Save the current answer if it changed (called by timer, moves, quit)."""
        self.stop_autosave()
        step = self.step
        answer = self.current_answer()
        if self.read_only or answer == self.saved.get(step.id, ""):
            return
        if self.entry_id is None:
            if not answer.strip():
                return
            self.entry_id = self.journal.reflections.start(self.template)
        saved = self.journal.reflections.save_answer(
            self.entry_id,
            step,
            self.index,
            answer,
            base=self.revisions.get(step.id, 0),
        )
        if saved.gone:
            self._save_as_new(step, answer)
        elif saved.sibling_of is not None:
            self.moved_to_sibling(saved)
        else:
            self.revisions[step.id] = saved.revision
        self.saved[step.id] = answer
        self.saved_at = iso(self.journal.now())
        self.show_saved()
        self.recheck_privacy()

    def _save_as_new(self, step: Step, answer: str) -> None:
        """The entry went in another window: keep these words as a new draft."""
        assert self.entry_id is not None
        self.saved[step.id] = answer
        words = [
            (each, position, self.saved[each.id])
            for position, each in enumerate(self.template.steps)
            if each.id in self.saved
        ]
        if not any(response.strip() for _, _, response in words):
            self.entry_id, self.revisions = None, {}  # nothing of ours to keep
            return
        self.kept_as_new_draft(
            self.journal.drafts.keep_as_new(
                self.entry_id, words, template=self.template, current_step=step.id
            )
        )

    def recheck_privacy(self) -> None:
        self.check_privacy(self.current_answer(), plan=self.step.input == "action")

    # ---- moving --------------------------------------------------------

    async def _go(self, index: int) -> None:
        self.flush_draft()
        self.index = index
        if self.entry_id is not None and not self.read_only:
            self.journal.reflections.set_current_step(self.entry_id, self.step.id)
        await self.show_step()

    async def action_next(self) -> None:
        if self.index + 1 < len(self.template.steps):
            await self._go(self.index + 1)
        else:
            self.action_finish()

    async def action_skip(self) -> None:
        if self.step.optional:
            await self.action_next()

    async def action_back(self) -> None:
        if self.index > 0:
            await self._go(self.index - 1)

    def action_toggle_hint(self) -> None:
        """Hide or show the hint and follow-ups, here and in every writer after.

        When the window is too short to show the hint whole, the key first
        shows all of it in a dialog: a hint can hold what must not be lost
        to a small window (the risk pack's "follow your service's procedure
        and tell the duty worker today"). Hiding is one key from there.
        """
        step = self.step
        if self.show_hint and self.guide_cut and (step.hint or step.follow_ups):
            whole = "\n\n".join(
                part
                for part in (
                    " ".join(step.hint.split()),
                    "\n".join(f"· {f}" for f in step.follow_ups),
                )
                if part
            )
            self.app.push_screen(
                ChoiceDialog(
                    step.question,
                    whole,
                    [
                        Choice("h", "Hide hints", "hide"),
                        Choice("w", "Keep writing", "write", "primary"),
                    ],
                ),
                self._after_whole_hint,
            )
            return
        self._set_hints(not self.show_hint)

    def _after_whole_hint(self, choice: str | None) -> None:
        if choice == "hide":
            self._set_hints(False)
        self.focus_answer()

    def _set_hints(self, show: bool) -> None:
        self.app.preferences = replace(self.app.preferences, writer_hints=show)
        self.journal.preferences.set_writer_hints(show)
        self.fit_guide()

    # ---- finishing and leaving ------------------------------------------

    def action_finish(self) -> None:
        if self.read_only:
            self.notify("This is open in another window, so it is read only here.")
            return
        self.flush_draft()
        if self.entry_id is None:
            self.notify("Write something first; there is nothing to save yet.")
            return
        self.app.post_message(
            messages.FinishReflection(self.entry_id, self.template, self._finished)
        )

    def _finished(self, done: bool) -> None:
        if not done or self.entry_id is None:
            return
        self.app.notify("Saved to your journal.")
        if self.from_entry_view:
            self.dismiss()
        else:
            self.app.post_message(messages.OpenEntry(self.entry_id, replace=True))

    def action_leave(self) -> None:
        """Leave, asking first whenever something would be kept or lost.

        A note being carried on asks even with nothing written yet: leaving
        then gives the note back as it was (finished if it was finished),
        never a half-begun reflection in its place.
        """
        self.flush_draft()
        if self.read_only or self.entry_id is None:
            self.dismiss()
        elif self.guided_from is not None and self._unchanged():
            self.app.push_screen(
                ChoiceDialog(
                    "Leave this reflection?",
                    "Nothing is written here yet, so your note stays just as it was.",
                    [
                        Choice("l", "Leave", "discard", "primary"),
                        Choice("w", "Keep writing", "write"),
                    ],
                ),
                self._left,
            )
        elif self._unchanged():
            self.dismiss()
        elif self.guided_from is not None:
            self.ask_to_leave(
                "reflection",
                discard="Back to the note",
                after="Back to the note takes away what you wrote here and gives "
                "you your note as it was.",
            )
        else:
            self.ask_to_leave("reflection")

    def _unchanged(self) -> bool:
        before = {a.step_id: a.response for a in self.original}
        return self.saved == before

    def has_earlier_words(self) -> bool:
        return bool(self.original)

    def discard_visit(self) -> str | None:
        """Only this visit's changes go; another window's words stay."""
        assert self.entry_id is not None
        said = None
        if self.guided_from is not None:
            if self.journal.reflections.back_to_note(
                self.entry_id, self.guided_from, self.revisions
            ):
                said = "Your note is back as it was."
            else:
                said = (
                    "Kept: another window saved words here meanwhile, so this "
                    "reflection stays as it is."
                )
        elif self.original:
            if not self.journal.reflections.restore_answers(
                self.entry_id,
                self.original,
                self.original_title,
                bases=self.revisions,
            ):
                said = (
                    "Your changes are discarded. What another window saved "
                    "meanwhile is kept."
                )
        else:  # a draft this visit started, unless another window wrote in it
            said = self.discard_own_draft(self.revisions)
        self.journal.drafts.release(self.entry_id)
        self.entry_id = None
        return said

    def focus_answer(self) -> None:
        self.call_after_refresh(self.query_one("#answer").focus)


MORE = "… ctrl+t reads it all"
"""Ends a hint cut to one line, so the rest is one key away."""


def one_line(text: str, width: int, more: str = MORE) -> str:
    """`text` on one line of `width` terminal cells, cut at a word with
    `more` if it is longer (just "…" where `more` would leave no room for
    words). Measured in cells, not characters: a pack in Chinese or with
    emoji takes two cells a character and would otherwise wrap."""
    flat = " ".join(text.split())
    if cell_len(flat) <= width:
        return flat
    if width < cell_len(more) + 10:
        more = "…"
    room = max(1, width - cell_len(more))
    end = used = 0
    while end < len(flat) and used + cell_len(flat[end]) <= room:
        used += cell_len(flat[end])
        end += 1
    cut = flat[:end]
    if flat[end : end + 1] != " " and " " in cut:  # never half a word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:·") + more
