"""Linking an entry to areas of a competence framework, from the app.

The finish page of a reflection (ctrl+l: the page itself is full at 60x20)
and the entry view (l) open this dialog. It lists the framework's areas
under their domains, the ones suggested by the entry's pack and tags first
and marked "suggested"; the worker ticks one or more, writes a short line
on what the entry shows, and saves. Nothing is ticked for them: a suggestion
is only a place in the list. Unticking an area takes its link away, so the
dialog is also where a link is undone. Saving is one core call
(`journal.portfolio.set_links`, one transaction); escape changes nothing.

With several frameworks a select at the top chooses the lens; with none, a
calm notice says so instead of opening an empty dialog.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from reflect.core.errors import ReflectError
from reflect.core.frameworks import Area, Framework, FrameworkLibrary
from reflect.core.journal import Journal
from reflect.core.models import EntrySummary
from reflect.core.portfolio import NOTE_LIMIT, Link, suggested_areas
from reflect.tui import messages
from reflect.tui.dialogs.fields import calm
from reflect.tui.state import ReflectState
from reflect.tui.text import shown, words
from reflect.tui.widgets.marks import OptionList

NO_FRAMEWORK = (
    "No competence framework found. A framework file in your config "
    "folder's frameworks/ (or your organisation's) adds one."
)


@dataclass(frozen=True)
class LinkChoice:
    """What the dialog saves: one framework's areas, each with its line."""

    framework: Framework
    chosen: dict[str, str]
    """Area id to its "what this shows" line."""


@dataclass(frozen=True)
class Linking:
    """What the dialog starts from for one entry."""

    entry: EntrySummary
    frameworks: tuple[Framework, ...]
    links: tuple[Link, ...]
    suggested: dict[str, tuple[str, ...]]
    """Per framework id, the ids of the areas suggested (not yet linked)."""


class LinkDialog(ModalScreen[LinkChoice | None]):
    """Tick areas of a framework and say what the entry shows.

    Dismisses with the areas as ticked (with their lines) or None when left
    with escape.
    """

    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog #dialog { max-height: 100%; height: auto; }
    LinkDialog #dialog-title { text-wrap: nowrap; text-overflow: ellipsis; }
    LinkDialog Select { margin-top: 1; }
    LinkDialog #area-filter, LinkDialog #shows {
        border-top: none; border-bottom: none; height: 1; padding: 0 1;
        background: $panel;
    }
    LinkDialog #area-filter { margin-top: 1; }
    LinkDialog #areas { height: auto; max-height: 12; border: none; padding: 0; }
    LinkDialog #areas:focus { border: none; }
    LinkDialog .field-label { padding: 0; margin-top: 1; }
    LinkDialog .quiet { color: $text-muted; }
    LinkDialog #dialog-hint { height: auto; padding: 0; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the links"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the links as they were"),
        Binding(
            "space",
            "tick",
            "Tick or untick",
            show=False,
            tooltip="Tick or untick the highlighted area",
        ),
    ]

    def __init__(self, linking: Linking) -> None:
        super().__init__()
        self.linking = linking
        self.framework = linking.frameworks[0]
        self.ticked: dict[str, set[str]] = {
            f.id: {k.area for k in linking.links if k.framework == f.id}
            for f in linking.frameworks
        }
        """Per framework, the areas ticked now (at first, those linked)."""
        self.first_note = _shared_note(linking.links, self.framework.id)

    def compose(self) -> ComposeResult:
        title = self.linking.entry.title or "Untitled"
        with Vertical(id="dialog"):
            # The title is the worker's own words, shown as written.
            yield Static(shown(f"Link: {title}"), id="dialog-title", markup=False)
            if len(self.linking.frameworks) > 1:
                yield Select(
                    # `words`: a plain string would be read as markup.
                    [(words(f.title), f.id) for f in self.linking.frameworks],
                    value=self.framework.id,
                    allow_blank=False,
                    id="framework",
                )
            else:  # which lens this is, said once
                yield Static(
                    shown(self.framework.title),
                    id="lens",
                    classes="quiet",
                    markup=False,
                )
            yield Input(placeholder="Type to filter areas", id="area-filter")
            yield OptionList(id="areas")
            yield Static(
                "What this shows (a line, in your words)",
                classes="field-label",
            )
            yield Input(
                self.first_note,
                placeholder="Such as: asked for help early",
                id="shows",
                max_length=NOTE_LIMIT,
                select_on_focus=False,
            )
            yield Static(
                "space ticks · ctrl+s saves · esc changes nothing",
                id="dialog-hint",
                classes="quiet",
            )

    def on_resize(self, event: events.Resize) -> None:
        """The list gives up rows first on a short window: the title, the
        lens, the filter, the line and the keys around it take the rest."""
        around = 17 if len(self.linking.frameworks) > 1 else 13  # the select: 4
        rows = max(3, min(12, event.size.height - around))
        self.query_one("#areas", OptionList).styles.max_height = rows

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#areas", OptionList).focus()

    def fill(self) -> None:
        """The areas, suggested first, then by domain, as the filter allows."""
        words_wanted = self.query_one("#area-filter", Input).value.casefold().split()
        areas = self.query_one("#areas", OptionList)
        before = areas.highlighted_option.id if areas.highlighted_option else None
        areas.clear_options()
        framework = self.framework
        suggested = set(self.linking.suggested.get(framework.id, ()))

        def wanted(domain_title: str, area: Area) -> bool:
            hay = f"{area.id} {area.title} {area.description} {domain_title}"
            return all(w in hay.casefold() for w in words_wanted)

        groups: list[tuple[str, list[Area]]] = []
        first = [
            a for d, a in framework.areas() if a.id in suggested and wanted(d.title, a)
        ]
        if first:
            groups.append(("Suggested for this entry", first))
        for domain in framework.domains:
            rest = [
                a
                for a in domain.areas
                if a.id not in suggested and wanted(domain.title, a)
            ]
            if rest:
                groups.append((domain.title, rest))
        for heading, group in groups:
            areas.add_option(Option(words(heading, "bold"), disabled=True))
            for area in group:
                areas.add_option(
                    Option(self._label(area, area.id in suggested), area.id)
                )
        if not groups:
            areas.add_option(Option(Text("No area matches."), disabled=True))
        if before is not None:
            with contextlib.suppress(OptionDoesNotExist):  # filtered out
                areas.highlighted = areas.get_option_index(before)
        if areas.highlighted is None:
            enabled = [i for i, o in enumerate(areas.options) if not o.disabled]
            if enabled:
                areas.highlighted = enabled[0]

    def _label(self, area: Area, suggested: bool) -> Text:
        tick = "[x]" if area.id in self.ticked[self.framework.id] else "[ ]"
        label = Text(f"{tick} ")
        label.append(shown(area.title))
        if suggested:
            label.append(" · suggested", style="italic")
        return label

    @on(Input.Changed, "#area-filter")
    def _filter(self) -> None:
        self.fill()

    @on(Select.Changed, "#framework")
    def _framework(self, event: Select.Changed) -> None:
        chosen = next((f for f in self.linking.frameworks if f.id == event.value), None)
        if chosen is None or chosen is self.framework:
            return
        self.framework = chosen
        self.first_note = _shared_note(self.linking.links, chosen.id)
        self.query_one("#shows", Input).value = self.first_note
        self.fill()

    @on(OptionList.OptionSelected, "#areas")
    def _selected(self) -> None:
        self.action_tick()

    def on_key(self, event: events.Key) -> None:
        # From the filter, the arrows move in the list, as in the pack picker.
        if event.key in ("down", "up") and self.query_one("#area-filter").has_focus:
            areas = self.query_one("#areas", OptionList)
            areas.focus()
            getattr(areas, f"action_cursor_{event.key}")()
            event.stop()

    @on(Input.Submitted, "#area-filter")
    def _to_list(self) -> None:
        self.query_one("#areas", OptionList).focus()

    @on(Input.Submitted, "#shows")
    def _submitted(self) -> None:
        self.action_save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Space types a space in the boxes; it ticks only in the list.
        if action == "tick":
            return self.query_one("#areas", OptionList).has_focus
        return True

    def action_tick(self) -> None:
        areas = self.query_one("#areas", OptionList)
        option = areas.highlighted_option
        if option is None or option.disabled or option.id is None:
            return
        ticked = self.ticked[self.framework.id]
        ticked.symmetric_difference_update({option.id})
        self.fill()

    def collected(self) -> LinkChoice:
        """The ticked areas with their lines: a newly ticked area takes the
        line typed; one already linked keeps its own, unless the line was
        changed here."""
        note = self.query_one("#shows", Input).value
        edited = note.strip() != self.first_note.strip()
        had = _notes(self.linking.links, self.framework.id)
        chosen = {
            area: (note if edited or area not in had else had[area])
            for area in sorted(self.ticked[self.framework.id])
        }
        return LinkChoice(self.framework, chosen)

    def action_save(self) -> None:
        self.dismiss(self.collected())

    def action_cancel(self) -> None:
        self.dismiss(None)


def _notes(links: tuple[Link, ...], framework_id: str) -> dict[str, str]:
    """One framework's links: each area linked and its "what this shows"."""
    return {k.area: k.note for k in links if k.framework == framework_id}


def _shared_note(links: tuple[Link, ...], framework_id: str) -> str:
    """The line to offer: the one this framework's links share, if they do."""
    notes = set(_notes(links, framework_id).values())
    return notes.pop() if len(notes) == 1 else ""


def link_entry(
    app: ReflectState, journal: Journal, entry_id: str, library: FrameworkLibrary
) -> None:
    """Open the dialog on an entry and save what it says (one transaction).

    The worker hears what changed; with no framework at all, a calm notice.
    """
    found = tuple(library.frameworks[k] for k in sorted(library.frameworks))
    if not found:
        app.notify(NO_FRAMEWORK)
        return
    try:
        entry = journal.entries.get(entry_id)
        links = tuple(journal.portfolio.links_for(entry.id))
    except ReflectError as exc:  # gone in another window meanwhile
        app.notify(calm(exc), severity="warning")
        return
    if entry.deleted_at:
        app.notify("That entry is in Recently deleted.", severity="warning")
        return
    # From the links just read, not `Portfolio.suggest` (which reads them
    # again, once for each framework).
    suggested = {}
    for f in found:
        linked = _notes(links, f.id)
        suggested[f.id] = tuple(
            a.id for a in suggested_areas(entry, f) if a.id not in linked
        )

    def chosen(choice: LinkChoice | None) -> None:
        if choice is None:
            return
        mine = _notes(links, choice.framework.id)
        if choice.chosen == mine:
            return  # nothing changed: the journal is not touched
        try:
            journal.portfolio.set_links(entry.id, choice.framework, choice.chosen)
        except ReflectError as exc:
            app.notify(calm(exc), severity="warning")
            return
        titles = [choice.framework.area(a)[1].title for a in choice.chosen]
        said = f"Linked to {', '.join(titles)}." if titles else "Links taken away."
        app.notify(shown(said), markup=False)
        app.post_message(messages.JournalChanged())

    app.push_screen(LinkDialog(Linking(entry, found, links, suggested)), chosen)
