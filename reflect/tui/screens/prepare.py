"""Preparing for supervision: the worker leads the agenda.

At the top, what the worker most wants from today and what matters if time
runs short (`w` writes them; the preparation questions fill them too). Then
the agenda: space puts an item on it (or takes it off), shift+up/down
orders it, `+` and `-` set its minutes, `f` its supervision function, `a`
what the worker wants from it. The actions from earlier sessions are one
checklist; `p` makes one an item. Below, in words, which function nothing
covers yet; the line at the top says how the time adds up against the
session's length. Every change is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core import agenda as core
from reflect.core import supervision
from reflect.core.checkins import count_words
from reflect.core.export import agenda as agenda_render
from reflect.core.journal import Journal
from reflect.core.models import FUNCTIONS
from reflect.core.supervision import MINUTES_RULE, Action, session_minutes
from reflect.core.templates import Library
from reflect.tui import messages
from reflect.tui.dialogs.export import export_agenda
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.state import ReflectState
from reflect.tui.text import shown, words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList

KIND_WORDS = {
    "wellbeing": "wellbeing",
    "action": "action",
    "entry": "reflection",
    "checkin": "check-in",
    "free": "my own item",
}
HINTS = {
    "top": "enter or w writes it · o other sections · q the preparation questions",
    "item": "shift+↑↓ order · + - minutes · f function · a what I want · "
    "space takes it off",
    "other": "space adds it to the agenda · n your own item",
    "action": "p makes it an item on the agenda (p again: back to the list)",
    "": "e exports · r records the session · t time · o other sections",
}
"""What the line under the list says, by the kind of row the cursor is on:
short, so the list keeps its room at 60x20; help (?) says more."""


ACTIONS_HEADING = "Actions: open, and done since last time"


def same(a: core.AgendaItem, b: core.AgendaItem) -> bool:
    """Whether two items are the same thing (ids, or the wellbeing line)."""
    if a.kind != b.kind:
        return False
    return a.ref == b.ref if a.ref or b.ref else a.title == b.title


class Hanging:
    """A row whose wrapped lines start under its words, not under its marker:
    a long action or title read as two rows when its second line began at
    the edge. `str()` gives its words, as a plain Text prompt's would."""

    def __init__(self, marker: Text, body: Text) -> None:
        self.marker = marker
        self.body = body

    def __str__(self) -> str:
        return f"{self.marker.plain}{self.body.plain}"

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        grid = Table.grid()
        grid.add_column(width=self.marker.cell_len, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(self.marker, self.body)
        yield grid


def item_label(item: core.AgendaItem, number: int | None, detail: str = "") -> Hanging:
    """An agenda row: number, title, kind, minutes and function; under it
    what the worker wants from it (and `detail`, the wellbeing words)."""
    marker = Text(
        f"{number:>2}. " if number else " +  ", style="bold" if number else "dim"
    )
    label = Text()
    label.append_text(words(item.title, style="bold" if number else ""))
    facts = [KIND_WORDS[item.kind]]
    if number:
        facts += [f"{item.minutes} min", item.function or "no function yet"]
    label.append("  " + " · ".join(facts), style="dim")
    if not number:
        return Hanging(marker, label)
    for lead, text in (
        ("", detail),  # the wellbeing item's: how many check-ins
        ("My note: ", item.note),
        ("What I want from this: ", item.ask),
    ):
        if text.strip():
            label.append(f"\n {lead}", style="italic")
            label.append_text(words(text, style="italic"))
    return Hanging(marker, label)


def top_label(key: str, text: str) -> Text:
    """One of the two lines at the top, or an invitation to write it."""
    label = Text()
    label.append(f"{core.TOP[key]}: ", style="bold")
    if text.strip():
        label.append_text(words(text))
    else:
        label.append("not written yet (w)", style="dim italic")
    return label


def action_label(action: Action, today: date, number: int | None) -> Hanging:
    """A checklist row: open or done, overdue said, or the item it became."""
    label = Text()
    done = action.status == "done"
    marker = Text(" ✓  " if done else " ☐  ", style="dim" if done else "")
    label.append_text(words(action.text, style="dim" if done else ""))
    facts = []
    if action.due:
        facts.append(f"by {action.due:%d %b}")
        if action.overdue(today):
            facts.append("overdue")
    if done:
        facts.append("done")
    if number:
        facts.append(f"item {number}")
    if facts:
        label.append("  " + " · ".join(facts), style="dim")
    return Hanging(marker, label)


class PrepareScreen(Screen[None]):
    """Build the agenda for the coming session."""

    BINDINGS = [
        Binding(
            "space",
            "toggle_item",
            "Add/remove",
            tooltip="Put the highlighted item on the agenda, or take it off",
        ),
        Binding(
            "shift+up", "move(-1)", "Move up", show=False, tooltip="Move the item up"
        ),
        Binding(
            "shift+down",
            "move(1)",
            "Move down",
            show=False,
            tooltip="Move the item down",
        ),
        Binding(
            "plus,equals_sign",
            "minutes(5)",
            "+5 min",
            show=False,
            tooltip="Five minutes more",
        ),
        Binding(
            "minus", "minutes(-5)", "-5 min", show=False, tooltip="Five minutes less"
        ),
        Binding("a", "ask", "What I want", tooltip="What I want from this"),
        Binding(
            "w",
            "top",
            "Today",
            show=False,
            tooltip="What I most want from today, and if time runs short",
        ),
        Binding(
            "o",
            "other",
            "Other sections",
            show=False,
            tooltip="My supervisor's items, team and organisation, learning",
        ),
        Binding(
            "p",
            "promote",
            "Make it an item",
            show=False,
            tooltip="Make the highlighted action an item on the agenda, or not",
        ),
        Binding("n", "free", "Own item", show=False, tooltip="An item of my own"),
        Binding("t", "time", "Time", show=False, tooltip="The time available"),
        Binding(
            "q",
            "think",
            "Think it through",
            show=False,
            tooltip="Think it through with the preparation questions",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Export the agenda (Markdown and a printable page)",
        ),
        Binding("r", "record", "Record", tooltip="Record the session"),
        # After the keys the screen is for (add, say what I want, export,
        # record), so at 80 columns it is the one that gives way.
        Binding("f", "function", "Function", tooltip="Its supervision function"),
        Binding(
            "g",
            "other_agreement",
            "Other agreement",
            show=False,
            tooltip="Prepare for your other supervision agreement",
        ),
        Binding(
            "S",
            "share",
            "Share",
            show=False,
            tooltip="Share the agenda with your supervisor, with the reflections on it "
            "marked can be shared",
        ),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal, library: Library) -> None:
        super().__init__()
        self.journal = journal
        self.library = library
        self.check_in = library.packs.get("wellbeing")
        self.agreements = journal.supervision.agreements()
        self.agreement = supervision.soonest(self.agreements)
        """The agreement this agenda is for: the next one due, until `o`."""
        self._load()

    def _load(self) -> None:
        """This agreement's saved preparation (or where one starts), and
        what could be brought to it."""
        self.agenda = self.journal.agenda.for_agreement(self._agreement_name())
        self.prep = self.agenda.saved_preparation(self.check_in) or (
            self.agenda.starting_preparation(self.check_in)
        )
        self.candidates: list[core.AgendaItem] = []
        self.actions: list[Action] = []
        self.wellbeing = ""
        self._read()

    def _read(self) -> None:
        """What can be brought, the checklist and the wellbeing words, read
        again when the journal may have changed."""
        agenda = self.agenda
        self.candidates = agenda.candidates(self.check_in)
        self.actions = agenda.checklist()
        count = agenda.wellbeing_count(self.check_in)
        # The count only: how each scale went is the agenda's wellbeing
        # section (and home's trend), too long for a row at 60x20.
        self.wellbeing = f"{count_words(count)} since last time" if count else ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="prepare-summary", classes="progress")
        yield OptionList(id="agenda")
        yield Static(HINTS[""], id="finder", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    # ---- showing -------------------------------------------------------

    def others(self) -> list[core.AgendaItem]:
        """Candidates not on the agenda, but for the actions (the checklist)."""
        return [
            c
            for c in self.candidates
            if c.kind != "action" and not any(same(c, i) for i in self.prep.items)
        ]

    def item_number(self, action: Action) -> int | None:
        """The agenda item an action became, if the worker made it one."""
        for n, item in enumerate(self.prep.items, 1):
            if item.kind == "action" and item.ref == action.id:
                return n
        return None

    def refresh_list(self, keep: int | None = None) -> None:
        agenda = self.agenda
        today = core.today(self.journal.now)
        when = supervision.next_session_words(
            self.agreement, today, named=len(self.agreements) > 1
        )
        cover = core.coverage(self.prep, agenda.minutes_for(self.prep))
        self.query_one("#prepare-summary", Static).update(
            words(f"{when}  {cover.time_words()}")  # `when` names the supervisor
        )
        options = self.query_one(OptionList)
        highlighted = options.highlighted if keep is None else keep
        options.clear_options()
        top = agenda.top_lines(self.prep)
        for key in core.TOP:
            options.add_option(Option(top_label(key, top[key]), id=f"top:{key}"))
        options.add_option(Option(Text("On the agenda", style="bold"), disabled=True))
        if not self.prep.items:
            options.add_option(
                Option(
                    "Nothing yet: space adds the highlighted item below.", disabled=True
                )
            )
        for n, item in enumerate(self.prep.items, 1):
            detail = self.wellbeing if item.kind == "wellbeing" else ""
            options.add_option(Option(item_label(item, n, detail), id=f"item:{n - 1}"))
        for invitation in cover.invitations():
            options.add_option(Option(Text(invitation, style="italic"), disabled=True))
        if self.actions:
            options.add_option(
                Option(Text(ACTIONS_HEADING, style="bold"), disabled=True)
            )
            for n, action in enumerate(self.actions):
                label = action_label(action, today, self.item_number(action))
                options.add_option(Option(label, id=f"action:{n}"))
        others = self.others()
        if others:
            options.add_option(
                Option(Text("Could also bring", style="bold"), disabled=True)
            )
            for n, item in enumerate(others):
                options.add_option(Option(item_label(item, None), id=f"other:{n}"))
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)
        if (
            options.highlighted is None
            or options.get_option_at_index(options.highlighted).disabled
        ):
            options.highlighted = 3 if self.prep.items else 0  # item 1, else the top
        self._hint()

    @on(OptionList.OptionHighlighted)
    def _hint(self) -> None:
        """The line under the list names the keys for the row the cursor is on."""
        chosen = self.selected()
        hint = HINTS[chosen[0] if chosen else ""]
        if not chosen and len(self.agreements) > 1:
            hint += " · g other agreement"
        self.query_one("#finder", Static).update(hint)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        """Enter on one of the top lines writes them."""
        chosen = self.selected()
        if chosen and chosen[0] == "top":
            self.action_top()

    def selected(self) -> tuple[str, int] | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        kind, _, index = option_id.partition(":")
        if kind == "top":
            return (kind, list(core.TOP).index(index))
        return (kind, int(index)) if index.isdigit() else None

    def save(self, prep: core.Preparation, keep: int | None = None) -> None:
        self.prep = self.agenda.save_preparation(prep)
        self.refresh_list(keep)

    # ---- changing ------------------------------------------------------

    def action_toggle_item(self) -> None:
        # Not `action_toggle`: Textual's own takes an attribute name to flip.
        chosen = self.selected()
        if chosen is None:
            return
        kind, index = chosen
        if kind == "action":
            self.action_promote()
            return
        if kind not in ("item", "other"):
            return
        items = list(self.prep.items)
        if kind == "item":
            items.pop(index)
        else:
            items.append(self.others()[index])
        self.save(replace(self.prep, items=tuple(items)))

    def action_promote(self) -> None:
        """An action from the checklist becomes an item (its own minutes and
        what the worker wants from it), or goes back to the checklist."""
        chosen = self.selected()
        if chosen is None or chosen[0] not in ("action", "item"):
            self.notify("Put the cursor on an action first.")
            return
        kind, index = chosen
        items = list(self.prep.items)
        if kind == "item":
            if items[index].kind != "action":
                self.notify("Only an action goes back to the checklist.")
                return
            items.pop(index)
        else:
            action = self.actions[index]
            number = self.item_number(action)
            if number is not None:
                items.pop(number - 1)
            else:
                found = next((c for c in self.candidates if c.ref == action.id), None)
                if found is None:  # done already: nothing to bring as an item
                    self.notify("That one is done: it stays in the checklist.")
                    return
                items.append(found)
        self.save(replace(self.prep, items=tuple(items)))

    def _change_item(
        self, change: Callable[[core.AgendaItem], core.AgendaItem]
    ) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "item":
            self.notify("Add it to the agenda first (space).")
            return
        items = list(self.prep.items)
        items[chosen[1]] = change(items[chosen[1]])
        self.save(replace(self.prep, items=tuple(items)))

    def action_minutes(self, step: int) -> None:
        self._change_item(
            lambda i: replace(i, minutes=max(0, min(180, i.minutes + step)))
        )

    def action_function(self) -> None:
        cycle = ("", *FUNCTIONS)
        self._change_item(
            lambda i: replace(i, function=cycle[(cycle.index(i.function) + 1) % 4])
        )

    def action_move(self, step: int) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "item":
            return
        items = core.move(self.prep.items, chosen[1], step)
        if items == self.prep.items:
            return
        options = self.query_one(OptionList)
        self.save(
            replace(self.prep, items=items), keep=(options.highlighted or 0) + step
        )

    def action_ask(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen[0] == "top":
            self.action_top()
            return
        if chosen is None or chosen[0] != "item":
            self.notify("Add it to the agenda first (space).")
            return
        item = self.prep.items[chosen[1]]

        def done(values: list[str] | None) -> None:
            if values is not None:
                self._change_item(lambda i: replace(i, ask=values[0].strip()))

        self.app.push_screen(
            FieldsDialog(item.title, [("What I want from this", item.ask)]), done
        )

    def _typed(self, title: str, labels: dict[str, str], now: dict[str, str]) -> None:
        """Ask for lines of the preparation by key and keep what is typed."""
        keys = list(labels)

        def done(values: list[str] | None) -> None:
            if values is not None:
                typed = dict(zip(keys, values, strict=True))
                self.save(self.agenda.typed_top(self.prep, typed))

        self.app.push_screen(
            FieldsDialog(title, [(labels[k], now.get(k, "")) for k in keys]), done
        )

    def action_top(self) -> None:
        """What I most want from today, and what matters if time runs short."""
        self._typed(
            "What you want from today",
            core.TOP,
            self.agenda.top_lines(self.prep),
        )

    def action_other(self) -> None:
        """The sections a supervisor may expect: each on the agenda only when
        something is written in it."""
        self._typed(
            "Other sections (leave empty to leave out)", core.OTHER, self.prep.extra
        )

    def action_free(self) -> None:
        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                item = core.AgendaItem(
                    kind="free",
                    title=values[0].strip(),
                    ask=values[1].strip(),
                    minutes=core.DEFAULT_MINUTES["free"],
                )
                self.save(replace(self.prep, items=(*self.prep.items, item)))

        self.app.push_screen(
            FieldsDialog(
                "Something of your own to bring",
                [("What is it? (no names)", ""), ("What I want from this", "")],
            ),
            done,
        )

    def action_time(self) -> None:
        """The time available: the agreement's session length unless changed
        here (typing the agreement's own, or nothing, follows it again)."""
        agenda = self.agenda
        following = agenda.minutes_for(replace(self.prep, minutes_available=None))

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            typed = values[0].strip()
            minutes = session_minutes(typed)
            if not typed or typed == str(following):
                self.save(replace(self.prep, minutes_available=None))
            elif minutes is not None:
                self.save(replace(self.prep, minutes_available=minutes))
            else:
                self.notify(f"Minutes are {MINUTES_RULE}.")

        self.app.push_screen(
            FieldsDialog(
                "Time available", [("Minutes", str(agenda.minutes_for(self.prep)))]
            ),
            done,
        )

    def action_think(self) -> None:
        """The preparation pack in the writer (co-reflection's for two peers
        supervising each other); flagged answers come back as items, and its
        answers about today fill the top lines."""
        pack = supervision.preparation_pack(self.agreement)
        if pack in self.library.packs:
            self.app.post_message(messages.StartWriting(pack))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_agreement":
            return len(self.agreements) > 1
        return True

    def action_other_agreement(self) -> None:
        """Prepare for the next of the worker's agreements, in their order."""
        if len(self.agreements) < 2 or self.agreement not in self.agreements:
            return
        at = self.agreements.index(self.agreement)
        self.agreement = self.agreements[(at + 1) % len(self.agreements)]
        self._load()
        self.refresh_list(0)
        self.notify(shown(f"Preparing for: {self.agreement.name}"), markup=False)

    @on(events.ScreenResume)
    @on(messages.JournalChanged)
    def _reread(self) -> None:
        """Back from the writer (or a bundle brought in): what can be brought
        may have changed."""
        self._read()
        self.refresh_list()

    def action_export(self) -> None:
        self.save(self.prep)
        export_agenda(self.app, self.journal, self._agreement_name())

    def action_share(self) -> None:
        """Share the agenda's reflections marked *can be shared*, the agenda,
        the check-in summary and the last session record if it still waits
        for the supervisor's sign-off. The reflections left out are named on
        the share screen: brought to talk about is not marked to share."""
        self.save(self.prep)
        brought = [i for i in self.prep.items if i.kind == "entry" and i.ref]
        ids = self.journal.sharing.marked_shareable([i.ref for i in brought if i.ref])
        held_back = [i.title or "Untitled" for i in brought if i.ref not in ids]
        built = core.as_shared(self.agenda.gather(self.check_in), ids)
        # From what was gathered: the summary that leaves holds only the
        # dimensions the agreement lets leave.
        wellbeing = core.wellbeing_summary(built) or None
        last = self.journal.supervision.sessions(
            limit=1, agreement=self._agreement_name()
        )
        waiting = (
            last[0].as_json()
            if last
            and not last[0].supervisor_signed
            and supervision.has_sign_off(last[0].type)  # none in co-reflection
            else None
        )
        self.app.post_message(
            messages.ShareEntries(
                ids,
                agenda=agenda_render.agenda_markdown(built),
                wellbeing=wellbeing,
                session=waiting,
                held_back=held_back,
            )
        )

    def action_record(self) -> None:
        self.save(self.prep)
        self.app.post_message(
            messages.RecordSession(
                self.prep, agreement=self._agreement_name(), replace=True
            )
        )

    def _agreement_name(self) -> str | None:
        return self.agreement.name if self.agreement else None
