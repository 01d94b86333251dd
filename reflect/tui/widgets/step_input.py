"""One widget per kind of answer, all speaking the same small language.

Every answer widget has an `answer` (the text stored in the journal) and
accepts the stored text back, so the writer can save, restore and resume any
step without knowing which kind it is. Stored forms are plain text a person
can read in an export: a scale is "1".."5", a choice is the option's words,
tags are words separated by spaces, actions are one per line (optionally
ending "(by YYYY-MM-DD)"), and supervision is "yes: what I want" or "no".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, RadioSet, TextArea

from reflect.core.clock import Clock, local_today
from reflect.core.models import Step
from reflect.core.supervision import example_due
from reflect.core.text import whole_number
from reflect.tui.text import words
from reflect.tui.widgets.marks import Checkbox, RadioButton


class AnswerChanged(Message):
    """Any answer widget changed; the writer restarts its autosave timer."""


class LettersRefused(Message):
    """Letters were typed on a choice or scale, and chose nothing.

    `refused` is True while the worker is typing (the writer says why nothing
    happens) and False once they move between the options again.
    """

    def __init__(self, refused: bool) -> None:
        super().__init__()
        self.refused = refused


class TagSuggester(Suggester):
    """Completes the last word typed from tags already used in the journal.

    What was typed stays as typed: the completion is only the rest of the
    tag. (Textual's case-blind suggesters fold the whole box first, so
    accepting one turned "Straße Housing gr" into "strasse housing group",
    and "ß" folding to "ss" put the grey completion one letter off.)
    """

    def __init__(self, known: Callable[[], Sequence[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = known

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.rpartition(" ")[2].lstrip("#").casefold()
        if not typed:
            return None
        for tag in self.known():
            # The shortest start of the tag that reads as what was typed
            # ("Stra" for "strass"...: folding can change a word's length).
            cut = next(
                (n for n in range(1, len(tag) + 1) if tag[:n].casefold() == typed),
                None,
            )
            if cut is not None and cut < len(tag):
                return value + tag[cut:]
        return None


class TextAnswer(TextArea):
    """Free writing (also used for actions, one per line)."""

    def __init__(self, value: str, *, placeholder: str = "", id: str | None = None):
        super().__init__(
            value, soft_wrap=True, tab_behavior="focus", placeholder=placeholder, id=id
        )

    @property
    def answer(self) -> str:
        return self.text

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.post_message(AnswerChanged())


class ChoiceAnswer(RadioSet):
    """One of a few options; for a scale, number keys 1-5 pick directly."""

    def __init__(
        self, options: Sequence[str], value: str, *, scale: bool, id: str | None = None
    ) -> None:
        self.scale = scale
        self.options = list(options)
        if scale:
            labels = [f"{n}  {label}" for n, label in enumerate(options, 1)]
            chosen = (whole_number(value) or 0) - 1
        else:
            labels = list(options)
            chosen = self.options.index(value) if value in self.options else -1
        super().__init__(
            *(
                RadioButton(words(label), value=n == chosen)  # a pack's words
                for n, label in enumerate(labels)
            ),
            id=id,
        )

    @property
    def answer(self) -> str:
        index = self.pressed_index
        if index < 0:
            return ""
        return str(index + 1) if self.scale else self.options[index]

    typing = False
    """Letters came last: a space or enter now is a sentence going on, not a
    choice, so it is refused too until an arrow or a number is pressed."""

    def on_key(self, event: events.Key) -> None:
        # Refusing with a visible line rather than filtering as you type: a
        # worker who started a sentence in the wrong place sees at once why
        # nothing happens, and nothing they typed is taken as an answer.
        number = whole_number(event.character or "")
        if number is not None:
            self._typing(False)
            index = number - 1
            buttons = list(self.query(RadioButton))
            if 0 <= index < len(buttons):
                event.stop()
                buttons[index].value = True
                self._selected = index
        elif event.key in ("up", "down", "left", "right", "home", "end"):
            self._typing(False)
        elif (event.key in ("space", "enter") and self.typing) or (
            event.is_printable and event.key != "space"
        ):
            event.stop()
            event.prevent_default()
            self._typing(True)

    def _typing(self, typing: bool) -> None:
        if typing != self.typing:
            self.typing = typing
            self.post_message(LettersRefused(typing))

    @on(RadioSet.Changed)
    def _changed(self) -> None:
        self.post_message(AnswerChanged())


class TagsAnswer(Input):
    """A few tags, completed from the journal's own."""

    def __init__(
        self, value: str, known: Callable[[], Sequence[str]], *, id: str | None = None
    ):
        super().__init__(
            value,
            placeholder="words such as boundaries self-care",
            suggester=TagSuggester(known),
            id=id,
        )

    @property
    def answer(self) -> str:
        return self.value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(AnswerChanged())


class SupervisionAnswer(Vertical):
    """Whether to bring this to supervision, and what the worker wants from it."""

    DEFAULT_CSS = """
    SupervisionAnswer { height: auto; }
    SupervisionAnswer Input { margin-top: 1; }
    """

    def __init__(self, value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bring = value.startswith("yes")
        self.ask = value.partition(":")[2].strip() if self.bring else ""

    def compose(self) -> ComposeResult:
        yield Checkbox("Bring this to supervision", self.bring, id="bring")
        yield Input(self.ask, placeholder="What I want from it (optional)", id="ask")

    def focus(self, scroll_visible: bool = True) -> SupervisionAnswer:
        self.query_one(Checkbox).focus(scroll_visible)
        return self

    @property
    def answer(self) -> str:
        if not self.query_one(Checkbox).value:
            return "no"
        ask = self.query_one("#ask", Input).value.strip()
        return f"yes: {ask}" if ask else "yes"

    @on(Checkbox.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(AnswerChanged())


def action_placeholder(today: date) -> str:
    """The action box's example, its date two weeks from `today`."""
    return f"One thing per line. Add {example_due(today)} for a date if it helps."


def answer_widget(
    step: Step, value: str, known_tags: Callable[[], Sequence[str]], *, now: Clock
) -> Widget:
    """The right widget for `step`, showing `value` (its stored answer);
    `now` is the journal's clock, read only for the action box's example date."""
    if step.input == "scale":
        return ChoiceAnswer(step.labels, value, scale=True, id="answer")
    if step.input == "choice":
        return ChoiceAnswer(step.choices, value, scale=False, id="answer")
    if step.input == "tags":
        return TagsAnswer(value, known_tags, id="answer")
    if step.input == "supervision":
        return SupervisionAnswer(value, id="answer")
    if step.input == "action":
        example = action_placeholder(local_today(now))
        return TextAnswer(value, placeholder=example, id="answer")
    return TextAnswer(value, id="answer")
