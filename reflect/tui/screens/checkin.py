"""The check-in: eight scales, a number key each, enter to save. About a minute.

Each scale takes 1-5 (5 is always the end where the worker is doing well) or
left/right; a number moves on to the next scale by itself. Checking in again
the same day opens today's answers to change.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from reflect.core import checkins as core
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.models import Template
from reflect.core.supervision import Agreement, may_leave
from reflect.tui.state import ReflectState
from reflect.tui.text import shown, words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import MARKER, Checkbox

STAYS_HERE = (
    "This one stays on this computer: it goes on no agenda or share unless "
    "you turn that on in Settings."
)
"""Said under a private scale (own wellbeing), so an honest 1 is not held
back for fear of who might see it."""


class ScaleRow(Widget, can_focus=True):
    """One dimension: its question, five points and the chosen point's words.

    As tall as its question wraps, so a narrow terminal never cuts off the
    1-5 row; focusing it scrolls the list to keep it whole in view.
    """

    DEFAULT_CSS = """
    ScaleRow { height: auto; padding: 0 1; }
    ScaleRow:focus { background: $boost; }
    """
    BINDINGS = [
        # Here, not only on the screen: the scrolling list around the rows
        # would take up and down first and scroll instead of moving on.
        Binding(
            "down", "app.focus_next", "Next", show=False, tooltip="The scale below"
        ),
        Binding(
            "up",
            "app.focus_previous",
            "Previous",
            show=False,
            tooltip="The scale above",
        ),
        Binding(
            "left",
            "move(-1)",
            "Less",
            show=False,
            tooltip="A point lower on this scale",
        ),
        Binding(
            "right",
            "move(1)",
            "More",
            show=False,
            tooltip="A point higher on this scale",
        ),
    ]

    value: reactive[int] = reactive(0)

    class Picked(Message):
        """A number key chose a point: the screen moves on to the next scale."""

        def __init__(self, row: ScaleRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, dim: core.Dimension, value: int = 0, hint: str = "") -> None:
        super().__init__(id=f"scale-{dim.id}")
        self.dim = dim
        self.hint = hint
        """Shown under the focused scale only: the pack's hint (the safety
        scale's "your manager needs to hear it too") and, for a private
        scale, that it stays on this computer."""
        self.set_reactive(ScaleRow.value, value)

    def on_focus(self) -> None:
        self.refresh(layout=True)  # the hint opens under it

    def on_resize(self) -> None:
        # Grown by its hint (after the layout, so the new height counts):
        # the focused scale is kept whole in view, hint and all.
        if self.has_focus:
            self.scroll_visible(animate=False)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def render(self) -> Text:
        # The question and labels come from a pack, maybe the worker's own.
        # The focused scale is marked by a character as well as by weight,
        # so it can be told without colour (and its question lines up).
        text = Text(f"{MARKER} " if self.has_focus else "  ")
        text.append_text(
            words(self.dim.question + "\n", style="bold" if self.has_focus else "")
        )
        text.append("  ")
        for point in range(1, 6):
            mark = f"[{point}]" if point == self.value else f" {point} "
            text.append(mark, style="reverse bold" if point == self.value else "dim")
            text.append(" ")
        if self.value:
            text.append(shown(f"  {self.dim.labels[self.value - 1]}"), style="italic")
        else:
            text.append(
                shown(
                    f"  1 {self.dim.labels[0].lower()} … 5 {self.dim.labels[4].lower()}"
                ),
                style="dim",
            )
        if self.has_focus and self.hint:
            text.append("\n")
            text.append_text(words(self.hint, style="dim"))
        return text

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in "12345":
            event.stop()
            self.value = int(event.character)
            self.post_message(self.Picked(self))

    def action_move(self, step: int) -> None:
        self.value = min(5, max(1, (self.value or 3 - step) + step))


class CheckinScreen(Screen[bool]):
    """Today's check-in; dismisses True when saved."""

    BINDINGS = [
        Binding("enter", "save", "Save", priority=False),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("escape", "app.pop_screen", "Back"),
        Binding(
            "up", "focus_previous", "Previous", show=False, tooltip="The scale above"
        ),
        Binding("down", "focus_next", "Next", show=False, tooltip="The scale below"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal, template: Template) -> None:
        super().__init__()
        self.journal = journal
        self.template = template
        self.dims = core.dimensions(template)
        self.existing = journal.checkins.on(journal.checkins.today())

    def compose(self) -> ComposeResult:
        scores = dict(self.existing.scores) if self.existing else {}
        yield Header()
        again = "Already checked in today: change anything. " if self.existing else ""
        yield Static(
            f"{again}A number for each (5 is doing well); enter saves.",
            classes="progress",
        )
        with VerticalScroll(id="checkin"):
            hints = {step.id: step.hint for step in self.template.steps}
            # It stays here only if no agreement lets it onto an agenda.
            agreements: list[Agreement | None] = [
                *self.journal.supervision.agreements()
            ] or [None]
            for dim in self.dims:
                hint = " ".join(hints.get(dim.id, "").split())
                if not any(may_leave(dim.id, a) for a in agreements):
                    hint = f"{hint} {STAYS_HERE}".strip()
                yield ScaleRow(dim, scores.get(dim.id, 0), hint)
            yield Input(
                self.existing.note if self.existing else "",
                placeholder="A few words, if you want (optional)",
                id="note",
            )
            yield Checkbox(
                "Bring this to supervision",
                self.existing.bring if self.existing else False,
                id="bring-checkin",
            )
        yield Static("", id="error", classes="error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#error").display = False
        self.query(ScaleRow).first().focus()

    def _error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(words(message))
        error.display = True

    @on(ScaleRow.Picked)
    def _next(self, event: ScaleRow.Picked) -> None:
        rows = list(self.query(ScaleRow))
        index = rows.index(event.row)
        if index + 1 < len(rows):
            rows[index + 1].focus()
        else:
            self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def action_save(self) -> None:
        scores = {row.dim.id: row.value for row in self.query(ScaleRow) if row.value}
        if not scores:
            self._error("Choose a number for at least one of them first.")
            return
        try:
            self.journal.checkins.save(
                self.template,
                scores,
                note=self.query_one("#note", Input).value,
                bring=self.query_one("#bring-checkin", Checkbox).value,
            )
        except ReflectError as exc:
            self._error(str(exc))
            return
        self.app.notify("Checked in. Thank you for taking a minute.")
        self.dismiss(True)
