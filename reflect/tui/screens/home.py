"""Home: drafts to finish, recent entries, and what to press next."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from reflect.core import checkins, supervision
from reflect.core.checkins import Dimension
from reflect.core.journal import Journal
from reflect.tui import messages
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.entry_list import MORE, EntryList
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList
from reflect.tui.widgets.wellbeing import WellbeingPanel

EMPTY = (
    "Your journal is empty, and that is a fine place to start.\n\n"
    "Press [b]n[/b] to begin: a quick note of a few lines, or a guided reflection "
    "that asks one question at a time. Everything is saved as you type and stays "
    "on this computer, encrypted.\n\n"
    "Press [b]?[/b] for every key, or [b]ctrl+p[/b] to search all commands."
)


class HomeScreen(Screen[None]):
    """The first screen after unlocking."""

    BINDINGS = [
        Binding(
            "n",
            "app.new",
            "New",
            tooltip="New reflection: choose a quick note, a model or a theme",
        ),
        Binding(
            "c",
            "app.checkin",
            "Check in",
            tooltip="Check in: eight quick scales, a number each, enter saves",
        ),
        Binding("s", "app.prepare", "Supervision", tooltip="Prepare for supervision"),
        Binding(
            "r",
            "app.review",
            "Supervising",
            show=False,
            tooltip="Supervising: what the people you supervise have shared",
        ),
        Binding(
            "w",
            "app.trend",
            "Wellbeing",
            show=False,
            tooltip="Wellbeing trend (then 1, 2, 3: 4 weeks, 3 months, a year)",
        ),
        Binding(
            "b",
            "bring_noticed",
            "Bring it",
            show=False,
            tooltip="When home notices a low stretch: bring it to supervision",
        ),
        Binding(
            "x",
            "dismiss_noticed",
            "Not now",
            show=False,
            tooltip="When home notices a low stretch: not now",
        ),
        Binding("slash", "app.search", "Search"),
        Binding(
            "exclamation_mark",
            "app.support",
            "Hard day?",
            tooltip="If today is hard: people and places to turn to",
        ),
        Binding("comma", "app.settings", "Settings", show=False),
        Binding("question_mark", "app.help", "Help"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.noticed: list[Dimension] = []
        """Dimensions low three check-ins running, not dismissed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="supervision", classes="supervision")
        yield WellbeingPanel(id="wellbeing")
        yield Static("", id="noticing", classes="privacy")
        yield Static(EMPTY, id="empty", classes="empty")
        yield EntryList(self.journal, id="entries")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        # Also sent when home first appears, so this is the only refresh.
        self.refresh_entries()

    @on(messages.JournalChanged)
    def _journal_changed(self) -> None:
        self.refresh_entries()

    def refresh_supervision(self) -> None:
        """Days to the next session (or overdue), and the open actions.

        With several agreements, the next one due, named.
        """
        agreements = self.journal.supervision.agreements()
        agreement = supervision.soonest(agreements)
        actions = self.journal.supervision.actions(open_only=True)
        unread = self.journal.reviewing.unread_count()
        line = self.query_one("#supervision", Static)
        line.display = agreement is not None or bool(actions) or bool(unread)
        if not line.display:
            return
        text = Text()
        if unread:
            text.append(
                f"{unread} shared with you, waiting to be read: r opens them.\n",
                style="bold",
            )
        when = supervision.next_session_words(
            agreement, checkins.today(self.journal.now), named=len(agreements) > 1
        )
        overdue = "overdue" in when
        text.append_text(words(when, style="bold" if overdue else ""))
        text.append("  s prepares your agenda.", style="dim")
        if actions:
            text.append(f"\nOpen actions ({len(actions)}): ", style="bold")
            listed = [
                a.text + (f" (by {a.due.strftime('%d %b')})" if a.due else "")
                for a in actions[:3]
            ]
            text.append_text(words("; ".join(listed)))
            text.append("; …" if len(actions) > 3 else "")
        line.update(text)

    def refresh_wellbeing(self) -> None:
        """Sparklines for eight weeks, and one quiet line if something stays low."""
        pack = self.app.library.packs.get("wellbeing")
        dims = checkins.dimensions(pack) if pack else []
        found = self.journal.checkins.recent()
        panel = self.query_one(WellbeingPanel)
        panel.display = bool(found and dims)
        if panel.display:
            panel.show(found, dims)
        self.noticed = (
            self.journal.checkins.noticing(found, dims)
            if self.app.preferences.noticing
            else []
        )
        line = self.query_one("#noticing", Static)
        line.display = bool(self.noticed)
        if self.noticed:
            names = " and ".join(d.name.lower() for d in self.noticed)
            has = "has" if len(self.noticed) == 1 else "have"
            line.update(
                words(
                    f"{names[:1].upper()}{names[1:]} {has} been at the low end for "
                    "your last three check-ins. It might be worth raising in "
                    "supervision: b to bring it, x for not now."
                )
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("bring_noticed", "dismiss_noticed"):
            return bool(self.noticed)
        return True

    def action_bring_noticed(self) -> None:
        latest = self.journal.checkins.list()[-1:]
        if latest:
            self.journal.checkins.set_bring(latest[0].id)
        self.action_dismiss_noticed()
        self.notify("Marked to bring to supervision.")

    def action_dismiss_noticed(self) -> None:
        today = self.journal.checkins.today()
        for dim in self.noticed:
            self.journal.checkins.dismiss_noticing(dim.id, today)
        self.refresh_wellbeing()

    def refresh_entries(self) -> None:
        self.refresh_supervision()
        self.refresh_wellbeing()
        entries = self.query_one(EntryList)
        entries.reload()
        empty = entries.option_count == 0
        self.query_one("#empty").display = empty
        entries.display = not empty
        if not empty:
            entries.focus()

    @on(OptionList.OptionSelected, "#entries")
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == MORE:
            self.query_one(EntryList).show_more()
        elif option_id.startswith("draft:"):
            draft = option_id.removeprefix("draft:")
            self.app.post_message(messages.EditEntry(draft))
        elif option_id.startswith("entry:"):
            entry = option_id.removeprefix("entry:")
            self.app.post_message(messages.OpenEntry(entry))
