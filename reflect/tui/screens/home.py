"""Home: drafts to finish, recent entries, and what to press next."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from reflect.core import checkins, supervision
from reflect.core.checkins import Dimension
from reflect.core.clock import local_display
from reflect.core.journal import Journal
from reflect.core.sharing import News
from reflect.core.supervision import Action
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

WAITING = (
    "{waiting}.\n\n"
    "Press [b]r[/b] to read {them}, comment on an answer and mark {them} reviewed; "
    "your comments go back in a feedback bundle.\n\n"
    "Your own journal is empty for now. Press [b]n[/b] when you want to write: "
    "a quick note, or a guided reflection one question at a time."
)
"""Home for a supervisor whose own journal is still empty, in place of `EMPTY`."""

NEWS_SHOWN = 2
"""How many entries with new feedback home names; the rest are counted."""


def waiting_words(count: int) -> str:
    """How many shared entries wait to be read, as home says it."""
    if count == 1:
        return "1 entry shared with you is waiting"
    return f"{count} entries shared with you are waiting"


def news_words(item: News) -> str:
    """One entry's new feedback in a line: who reviewed it, how many comments."""
    title = item.title or "Untitled"
    comments = f"{item.comments} new comment" + ("" if item.comments == 1 else "s")
    if item.reviewed_at:
        day = local_display(item.reviewed_at, "%d %b").lstrip("0")
        line = f"{item.by} reviewed \u2018{title}\u2019 on {day}"
        return f"{line} · {comments}" if item.comments else line
    return f"{comments} from {item.by} on \u2018{title}\u2019"


def _action_words(action: Action, today: date) -> str:
    """An open action as home lists it: its date, and whether it has passed."""
    if action.due is None:
        return action.text
    late = ", overdue" if action.overdue(today) else ""
    return f"{action.text} (by {action.due:%d %b}{late})"


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
            "r",
            "review_waiting",
            "Review",  # second in line: it stays in a 60-column footer
            tooltip="Supervising: what the people you supervise have shared",
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
        Binding(
            "p",
            "app.portfolio",
            "Portfolio",
            show=False,
            tooltip="Portfolio: your reflections mapped to a competence framework",
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
        self.waiting = 0
        """Shared entries not yet marked reviewed: `r` shows in the footer then
        (the same key, unlisted, opens the supervising screen at any time)."""

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
        self.waiting = self.journal.reviewing.unread_count()
        # With nothing of their own yet, the empty page says it instead.
        unread = self.waiting if self.query_one(EntryList).option_count else 0
        news = self.journal.sharing.news()
        line = self.query_one("#supervision", Static)
        line.display = (
            agreement is not None or bool(actions) or bool(unread) or bool(news)
        )
        if not line.display:
            return
        text = Text()
        if unread:
            them = "it" if unread == 1 else "them"
            text.append(f"{waiting_words(unread)}: r opens {them}.\n", style="bold")
        for item in news[:NEWS_SHOWN]:
            text.append_text(words(news_words(item), style="bold"))
            text.append("  open it to read.\n", style="dim")
        if len(news) > NEWS_SHOWN:
            more = len(news) - NEWS_SHOWN
            text.append(
                f"And {more} more {'entry' if more == 1 else 'entries'} "
                "with news from supervision.\n",
                style="bold",
            )
        today = checkins.today(self.journal.now)
        when = supervision.next_session_words(
            agreement, today, named=len(agreements) > 1
        )
        overdue = "overdue" in when
        text.append_text(words(when, style="bold" if overdue else ""))
        text.append("  s prepares your agenda.", style="dim")
        if actions:
            text.append(f"\nOpen actions ({len(actions)}): ", style="bold")
            listed = [_action_words(a, today) for a in actions[:3]]
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
        if action == "review_waiting":
            return self.waiting > 0
        return True

    async def action_review_waiting(self) -> None:
        await self.app.run_action("review")

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
        entries = self.query_one(EntryList)
        entries.reload()  # first: the supervision line asks whether it is empty
        self.refresh_supervision()
        self.refresh_wellbeing()  # refreshes the footer's keys too
        empty = entries.option_count == 0
        welcome = self.query_one("#empty", Static)
        if empty:
            waiting = waiting_words(self.waiting)
            them = "it" if self.waiting == 1 else "them"
            welcome.update(
                WAITING.format(waiting=waiting, them=them) if self.waiting else EMPTY
            )
        welcome.display = empty
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
