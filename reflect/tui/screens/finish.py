"""Finishing a reflection: title, tags, functions, supervision, privacy.

Everything is prefilled from what the worker already said (the first answer
suggests a title when nothing in it could identify anyone, else the pack's
name and the month do; the pack suggests its supervision functions; a
supervision step fills the flag and the ask), so finishing takes a glance
and ctrl+s.
The private note never leaves the device: it is not shared, ever.
In a small terminal the page scrolls, and the focused field scrolls into view.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Static, TextArea

from reflect.core.journal import Journal
from reflect.core.models import FUNCTIONS, Entry, Template
from reflect.core.reflections import Finish, suggested_title, tags_from_answers
from reflect.tui.dialogs.link import link_entry
from reflect.tui.drafting import AutosaveScreen
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import Checkbox
from reflect.tui.widgets.step_input import TagSuggester


def supervision_from_answers(entry: Entry) -> tuple[bool, str]:
    """A supervision step's answer, else what the entry already says."""
    for answer in entry.answers:
        if answer.input_type == "supervision" and answer.response:
            bring = answer.response.startswith("yes")
            return bring, answer.response.partition(":")[2].strip()
    return entry.for_supervision, entry.ask or ""


NARROW = 70
"""Below this many columns the function checkboxes are stacked."""


class FinishScreen(AutosaveScreen[bool]):
    """The last page of a reflection; dismisses True when saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the reflection"),
        Binding(
            "ctrl+l",
            "link",
            "Link",
            tooltip="Link to a framework: the areas it shows, with a line on what "
            "it shows (saved at once; the rest is saved with ctrl+s)",
        ),
        Binding(
            "escape",
            "back",
            "Back to writing",
            tooltip="Back to writing (what you typed here is kept)",
        ),
    ]

    def __init__(self, journal: Journal, entry_id: str, template: Template) -> None:
        super().__init__()
        self.journal = journal
        self.entry = journal.entries.get(entry_id)
        self.template = template
        self._saved: Finish | None = None
        """What the journal holds from this screen, so saving twice writes once."""

    def _suggested(self) -> str:
        """The title offered: the first answer only when the scan finds
        nothing in it (see `suggested_title`)."""
        return suggested_title(self.entry, self.template.title, self.app.watch_list)

    def compose(self) -> ComposeResult:
        entry = self.entry
        tags = list(entry.tags) + list(
            tags_from_answers((a.input_type, a.response) for a in entry.answers)
        )
        bring, ask = supervision_from_answers(entry)
        functions = entry.functions or self.template.functions
        yield Header()
        yield Static("Finish this reflection", classes="screen-title")
        with VerticalScroll(classes="form finish"):
            yield Label("Title")
            offered = self._suggested()
            yield Input(offered, id="title")
            if entry.title.strip() and offered != entry.title:
                # Said once, plainly, so a changed title is not a mystery.
                yield Static(
                    "Your first line might identify someone, so the title "
                    "offered is the pack's name and the month.",
                    classes="hint",
                )
            yield Label("Tags (words separated by spaces; → accepts a suggestion)")
            yield Input(
                " ".join(dict.fromkeys(tags)),
                id="tags",
                suggester=TagSuggester(self.journal.entries.all_tags),
            )
            yield Label("Which supervision functions does it touch?")
            yield Static(
                "Normative: the job, its standards and boundaries. Formative: "
                "learning and skills. Restorative: support for you.",
                classes="hint",
            )
            with Horizontal(classes="checks"):
                for function in FUNCTIONS:
                    yield Checkbox(
                        function.capitalize(), function in functions, id=function
                    )
            yield Checkbox("Bring to supervision", bring, id="bring")
            yield Input(ask, placeholder="What I want from it", id="ask")
            yield Checkbox(
                "Can be shared with my supervisor (you still choose each time)",
                entry.shareable,
                id="shareable",
            )
            yield Label("Private note: only for you, never shared")
            yield TextArea(entry.private_note or "", id="private", soft_wrap=True)
        yield KeysFooter()

    def on_resize(self) -> None:
        # Three checkboxes side by side need about 66 columns; narrower, they
        # stand one under another rather than the last one being cut off.
        self.query_one(".checks").set_class(self.size.width < NARROW, "narrow")

    def on_mount(self) -> None:
        title = self.query_one("#title", Input)
        title.focus()
        # From its start once laid out: a long title shown from its end (the
        # box scrolled to a cursor placed before its width was known) reads
        # as a typo.
        self.call_after_refresh(title.action_home)
        self.query_one("#ask").display = self.query_one("#bring", Checkbox).value
        self._saved = self.collected()

    @on(Checkbox.Changed, "#bring")
    def _bring(self, event: Checkbox.Changed) -> None:
        self.query_one("#ask").display = event.value

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.restart_autosave()

    def flush_draft(self) -> None:
        """Keep what is typed here without finishing (quit, lock, back, pause)."""
        self.stop_autosave()
        finish = self.collected()
        if finish != self._saved:
            self.journal.reflections.save_finish(self.entry.id, finish, complete=False)
            self._saved = finish

    def collected(self) -> Finish:
        title = self.query_one("#title", Input).value.strip()
        return Finish(
            title=title or self._suggested(),
            tags=tuple(self.query_one("#tags", Input).value.replace(",", " ").split()),
            functions=tuple(
                f for f in FUNCTIONS if self.query_one(f"#{f}", Checkbox).value
            ),
            for_supervision=self.query_one("#bring", Checkbox).value,
            ask=self.query_one("#ask", Input).value,
            shareable=self.query_one("#shareable", Checkbox).value,
            private_note=self.query_one("#private", TextArea).text,
        )

    def action_save(self) -> None:
        self.journal.reflections.finish(self.entry.id, self.collected())
        self.dismiss(True)

    def action_link(self) -> None:
        """Link the reflection to framework areas, in a dialog (this page
        has no room at 60x20). What is typed here is kept first, so the
        dialog shows the title as it stands."""
        self.flush_draft()
        link_entry(self.app, self.journal, self.entry.id, self.app.frameworks)

    def action_back(self) -> None:
        self.flush_draft()
        self.dismiss(False)
