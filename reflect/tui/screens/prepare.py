"""Preparing for supervision: the worker leads the agenda.

Everything that could be brought since the last session is listed; space
puts an item on the agenda (or takes it off), shift+up/down orders it, `+`
and `-` set its minutes, `f` its supervision function, `a` what the worker
wants from it. The line at the top says how the time adds up and which
function nothing covers yet. Every change is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core import agenda as core
from reflect.core import supervision
from reflect.core.export import agenda as agenda_render
from reflect.core.journal import Journal
from reflect.core.models import FUNCTIONS
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


def same(a: core.AgendaItem, b: core.AgendaItem) -> bool:
    """Whether two items are the same thing (ids, or the wellbeing line)."""
    if a.kind != b.kind:
        return False
    return a.ref == b.ref if a.ref or b.ref else a.title == b.title


def item_label(item: core.AgendaItem, number: int | None) -> Text:
    label = Text()
    label.append(
        f"{number:>2}. " if number else " +  ", style="bold" if number else "dim"
    )
    label.append_text(words(item.title, style="bold" if number else ""))
    facts = [KIND_WORDS[item.kind]]
    if number:
        facts += [f"{item.minutes} min", item.function or "no function yet"]
    label.append("  " + " · ".join(facts), style="dim")
    if item.ask and number:
        lead = (
            "Since last time" if item.kind == "wellbeing" else "What I want from this"
        )
        label.append(f"\n     {lead}: ", style="italic")
        label.append_text(words(item.ask, style="italic"))
    return label


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
        Binding("f", "function", "Function", tooltip="Its supervision function"),
        Binding("a", "ask", "What I want", tooltip="What I want from this"),
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
        Binding(
            "o",
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
            tooltip="Share the agenda and its reflections with your supervisor",
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
        self.agenda = self.journal.agenda.for_agreement(
            self.agreement.name if self.agreement else None
        )
        self.prep = self.agenda.saved_preparation(self.check_in) or (
            self.agenda.starting_preparation(self.check_in)
        )
        self.candidates = self.agenda.candidates(self.check_in)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="prepare-summary", classes="progress")
        yield OptionList(id="agenda")
        yield Static(self._finder(), id="finder", classes="hint")
        yield KeysFooter()

    def _finder(self) -> str:
        # Short, so the list keeps the room at 60x20: the keys it names are
        # not in the footer, and help (?) says more about each.
        other = " · o other agreement" if len(self.agreements) > 1 else ""
        return (
            "shift+↑↓ order · + - minutes · t time · n your own item · "
            "q helps you choose · e exports · r records the session" + other
        )

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    # ---- showing -------------------------------------------------------

    def others(self) -> list[core.AgendaItem]:
        return [
            c for c in self.candidates if not any(same(c, i) for i in self.prep.items)
        ]

    def refresh_list(self, keep: int | None = None) -> None:
        when = supervision.next_session_words(
            self.agreement,
            core.today(self.journal.now),
            named=len(self.agreements) > 1,
        )
        cover = core.coverage(self.prep)
        self.query_one("#prepare-summary", Static).update(
            words(f"{when}  {cover.words()}")  # `when` names the supervisor
        )
        options = self.query_one(OptionList)
        highlighted = options.highlighted if keep is None else keep
        options.clear_options()
        options.add_option(Option(Text("On the agenda", style="bold"), disabled=True))
        if not self.prep.items:
            options.add_option(
                Option(
                    "Nothing yet: space adds the highlighted item below.", disabled=True
                )
            )
        for n, item in enumerate(self.prep.items, 1):
            options.add_option(Option(item_label(item, n), id=f"item:{n - 1}"))
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
            options.action_first()

    def selected(self) -> tuple[str, int] | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        kind, _, index = option_id.partition(":")
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
        items = list(self.prep.items)
        if kind == "item":
            items.pop(index)
        else:
            items.append(self.others()[index])
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
        def done(values: list[str] | None) -> None:
            if values and values[0].strip().isdigit():
                self.save(replace(self.prep, minutes_available=int(values[0])))

        self.app.push_screen(
            FieldsDialog(
                "Time available", [("Minutes", str(self.prep.minutes_available))]
            ),
            done,
        )

    def action_think(self) -> None:
        """The preparation pack in the writer (co-reflection's for two peers
        supervising each other); flagged answers come back as items."""
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
        self.candidates = self.agenda.candidates(self.check_in)
        self.refresh_list()

    def action_export(self) -> None:
        self.save(self.prep)
        export_agenda(self.app, self.journal, self._agreement_name())

    def action_share(self) -> None:
        """Share the agenda's reflections, the agenda, the check-in summary and
        the last session record if it still waits for the supervisor's sign-off."""
        self.save(self.prep)
        ids = [i.ref for i in self.prep.items if i.kind == "entry" and i.ref]
        built = self.agenda.gather(self.check_in)
        # From what was gathered, not the screen's copy: the summary that
        # leaves holds only the dimensions the agreement lets leave.
        wellbeing = next(
            (b.item.ask for b in built.items if b.item.kind == "wellbeing"), None
        )
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
