"""ReflectApp: routes between screens and holds the app-wide bindings.

It receives a `JournalAccess` (where the journal is and how to open it), the
prompt-pack library and, optionally, a passphrase from the environment. It
never looks for its own data, so tests hand it a journal in `tmp_path`.

This is the only module that builds screens. A screen that wants another
posts a message from `tui/messages.py` and a handler here shows it; what a
screen may read of the app (the journal, packs, preferences, folders) is
`tui/state.py`. The app also keeps the idle lock: after the chosen minutes
without a key press it saves any draft and covers everything until the
passphrase is typed again (the clock for that is `tui/idle.py`). Its colours
are in `tui/themes.py`, its palette commands in `tui/commands.py`, and the
help is built from the bindings by `tui/keys.py`.
"""

from __future__ import annotations

import asyncio
import signal
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reflect.core import support
from reflect.core.errors import CannotOpen, NotFound, WrongPassphrase
from reflect.core.exits import ExitCode
from reflect.core.frameworks import skipped_words
from reflect.core.journal import Journal
from reflect.core.models import Entry
from reflect.core.templates import template_for_entry
from reflect.tui import idle, keys, messages
from reflect.tui.commands import Palette, ReflectCommands, offered
from reflect.tui.dialogs.bundles import receive_dialog
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.dialogs.jrnl import import_jrnl_dialog
from reflect.tui.drafting import AutosaveScreen
from reflect.tui.screens.checkin import CheckinScreen
from reflect.tui.screens.create import CreateScreen
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.screens.guide import GuideScreen
from reflect.tui.screens.help import HelpScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.jrnl_import import JrnlImportScreen
from reflect.tui.screens.lock import LockScreen
from reflect.tui.screens.note import NoteScreen
from reflect.tui.screens.picker import PickerScreen
from reflect.tui.screens.portfolio import PortfolioScreen
from reflect.tui.screens.prepare import PrepareScreen
from reflect.tui.screens.received import ReceivedScreen
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.review_year import ReviewYearScreen
from reflect.tui.screens.search import SearchScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.settings import SettingsScreen
from reflect.tui.screens.share import ShareScreen
from reflect.tui.screens.support import SupportScreen
from reflect.tui.screens.trash import TrashScreen
from reflect.tui.screens.trend import TrendScreen
from reflect.tui.screens.unlock import UnlockScreen
from reflect.tui.screens.writer import WriterScreen
from reflect.tui.state import ReflectState
from reflect.tui.text import NothingHidden, shown

CLOSING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
"""The terminal window closing (SIGHUP) and a polite kill (SIGTERM, also sent
at log-out and shut-down): both end with every open draft saved."""


class ReflectApp(ReflectState):
    """The journal in the terminal. Exit value is the process exit status."""

    CSS_PATH = Path(__file__).with_name("reflect.tcss")
    TITLE = "reflect"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {ReflectCommands}  # reflect's own list, not Textual's developer tools
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]
    """Every screen carries `-narrow` below 70 columns (a split pane, a large
    font), for the stylesheet's few rules that rearrange rather than cut."""
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        # Where a text box takes `?` as a character, the footer offers f1.
        Binding("f1", "help", "Help", show=False),
        Binding(
            "exclamation_mark",
            "support",
            "If today is hard",
            show=False,
            tooltip="If today is hard: people and places to turn to",
        ),
        # Where a text box takes `!` as a character (the passphrase, too).
        Binding(
            "f2",
            "support",
            "If today is hard",
            show=False,
            tooltip="If today is hard: people and places to turn to",
        ),
    ]

    NOTHING_HIDDEN = NothingHidden()
    """The last line filter: no control code or hyperlink reaches the terminal
    (it keeps no state, so one serves every app)."""

    _signals_caught: asyncio.AbstractEventLoop | None = None
    """The loop whose SIGHUP/SIGTERM handlers are ours, to remove on exit."""

    # ---- nothing hostile reaches the terminal ---------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Last, so it sees each line exactly as it would be written.
        return [*super().get_line_filters(), self.NOTHING_HIDDEN]

    def validate_title(self, title: str) -> str:
        return shown(title)

    def validate_sub_title(self, sub_title: str) -> str:
        return shown(sub_title)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast whose words are shown as written, never read as markup.

        Toasts often carry data (a supervisee's name, a title, a file name),
        and Textual reads toast text as markup by default, where
        `[@click=app.quit]` in a name would become a live action. No toast
        of reflect's own uses markup, so it is off for all of them.
        """
        super().notify(
            shown(message),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never open a link: show where it goes and offer to copy it.

        reflect uses no network at all, and a link in a shared entry was
        written by someone else. Whatever asks to open one (a Markdown link,
        a click action) gets this dialog instead of a browser.
        """

        def chosen(answer: str | None) -> None:
            if answer == "copy":
                self.copy_to_clipboard(shown(url))  # exactly what was shown
                self.notify(
                    "The address is on your clipboard, if this terminal allows it."
                )

        self.push_screen(
            ChoiceDialog(
                "A link",
                f"It goes to: {shown(url)}\n\nreflect never opens links; it uses no "
                "network at all. Copy the address if you want to look at it "
                "yourself.",
                [
                    Choice("c", "Copy the address", "copy", "primary"),
                    Choice("escape", "Close", "close"),
                ],
            ),
            chosen,
        )

    def on_mount(self) -> None:
        self.set_interval(idle.CHECK_SECONDS, self.check_idle_lock)
        self._catch_closing_signals()
        access = self.access
        passphrase, self.initial_passphrase = self.initial_passphrase, None
        if not access.exists():
            self.push_screen(CreateScreen())
            return
        try:
            if not access.needs_passphrase():
                self.unlocked(access.open(None, recover=True))
                return
            if passphrase is not None:
                self.unlocked(access.open(passphrase, recover=True))
                return
        except WrongPassphrase:
            self.push_screen(UnlockScreen(first_error=True))
            return
        except CannotOpen as exc:
            self.exit(
                return_code=ExitCode.CANNOT_OPEN,
                message=Text(shown(f"reflect: {exc}")),
            )
            return
        self.push_screen(UnlockScreen())

    def unlocked(self, journal: Journal) -> None:
        """The journal is open: show home in place of create/unlock."""
        self.journal = journal
        self.preferences = journal.preferences.load()
        self.apply_theme()
        journal.entries.purge_trash()
        for note in journal.store.recovery_notes:
            self.notify(note[:1].upper() + note[1:] + ".", markup=False, timeout=10)
        for problem in self.library.problems:
            self.notify(
                f"A prompt pack was skipped: {problem}",
                severity="warning",
                markup=False,
            )
        if self.frameworks.problems:
            self.notify(
                skipped_words(self.frameworks.problems),
                severity="warning",
                markup=False,
            )
        if len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen(journal))
        else:
            self.push_screen(HomeScreen(journal))

    # ---- idle lock -----------------------------------------------------

    @property
    def idle_seconds(self) -> float | None:
        """Overrides the idle lock's minutes (tests use a fraction of a second)."""
        return self.idle.seconds

    @idle_seconds.setter
    def idle_seconds(self, seconds: float | None) -> None:
        self.idle.seconds = seconds

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.idle.touched()
        await super().on_event(event)

    def check_idle_lock(self) -> None:
        if self.idle.due(self.preferences.idle_minutes):
            self.action_lock()

    def action_lock(self) -> None:
        """Save every draft, then cover the screen until the passphrase is typed."""
        journal = self.journal
        if journal is None or self.locked or not self.lockable:
            return
        self.flush_drafts()
        self.locked = True
        self.push_screen(LockScreen(), lambda _: self._unlock_done())

    def _unlock_done(self) -> None:
        self.locked = False
        self.idle.touched()

    def action_command_palette(self) -> None:
        # Nothing may open above the lock. Textual's own action, with the
        # palette that marks its highlighted command in characters.
        if not self.locked and not isinstance(self.screen, Palette):
            self.push_screen(Palette(id="--command-palette"))

    def flush_drafts(self, *, each_on_its_own: bool = False) -> None:
        """Save what every autosaving screen on the stack holds now.

        `each_on_its_own`: a writer whose save fails does not stop the next
        one being saved (every way out, where nothing may raise).
        """
        for screen in self.screen_stack:
            if not isinstance(screen, AutosaveScreen):
                continue
            try:
                screen.flush_draft()
            except Exception:
                if not each_on_its_own:
                    raise

    # ---- commands ------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands now, as Textual's hook names them.

        The palette itself asks `ReflectCommands`, which finds them by their
        words too; this answers from the same list, so nothing of Textual's
        own (a screenshot would write private words to an unencrypted file)
        is offered through any door.
        """
        for command in offered(self):
            yield SystemCommand(
                command.title, command.help, getattr(self, f"action_{command.action}")
            )

    def post_message(self, message: Message) -> bool:
        """Note which screen asked to go somewhere, as it asks (see messages)."""
        if isinstance(message, messages.Navigate) and message.origin is None:
            message.origin = self.screen if self.screen_stack else None
        return super().post_message(message)

    def _journal(self, message: messages.Navigate | None = None) -> Journal | None:
        """The open journal, if the move `message` asks for may happen now.

        Not under the lock (nothing opens above it), and not once the screen
        that asked is no longer on top: a second quick key press, or a dialog
        that opened in between, has the last word.
        """
        if self.locked:
            return None
        if message is not None and message.origin not in (None, self.screen):
            return None
        return self.journal

    def show(self, screen: Screen[Any], *, replace: bool = False) -> None:
        """Push `screen`, or put it in place of the one on top."""
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # ---- palette and app-wide keys ---------------------------------------

    def action_new(self) -> None:
        if journal := self._journal():
            self.push_screen(PickerScreen(journal, self.library))

    def action_new_note(self) -> None:
        self.post_message(messages.StartWriting())

    def action_prepare(self) -> None:
        if journal := self._journal():
            self.push_screen(PrepareScreen(journal, self.library))

    def action_review(self) -> None:
        if journal := self._journal():
            self.push_screen(ReviewScreen(journal))

    def action_receive(self) -> None:
        if journal := self._journal():
            receive_dialog(self, journal)

    def action_share(self) -> None:
        """Share the entries marked *can be shared* (each shown before it goes)."""
        if not (journal := self._journal()):
            return
        ids = journal.sharing.shareable_ids()
        if not ids:
            self.notify(
                "Nothing is marked 'can be shared' yet. Open an entry and press S "
                "to share just that one."
            )
            return
        self.post_message(messages.ShareEntries(ids))

    def action_import_jrnl(self) -> None:
        if self._journal():
            import_jrnl_dialog(self)

    def action_checkin(self) -> None:
        pack = self.library.packs.get("wellbeing")
        if (journal := self._journal()) and pack is not None:
            self.push_screen(
                CheckinScreen(journal, pack),
                lambda saved: self._checked_in(journal) if saved else None,
            )

    def _checked_in(self, journal: Journal) -> None:
        """A check-in with any dimension at 1 is offered the support panel.

        Read back from the journal, so the offer follows what was saved
        (today's answers, whichever screen gathered them).
        """
        today = journal.checkins.on(journal.checkins.today())
        if today is not None and support.lowest_point(today.scores):
            self.post_message(messages.OfferSupport())

    def action_support(self) -> None:
        self.post_message(messages.ShowSupport())

    def action_trend(self) -> None:
        pack = self.library.packs.get("wellbeing")
        if (journal := self._journal()) and pack is not None:
            self.push_screen(TrendScreen(journal, pack))

    def action_year_review(self) -> None:
        self.post_message(messages.ShowYearReview())

    def action_search(self) -> None:
        if journal := self._journal():
            self.push_screen(SearchScreen(journal, self.library))

    def action_settings(self) -> None:
        if journal := self._journal():
            self.push_screen(SettingsScreen(journal))

    def action_trash(self) -> None:
        if journal := self._journal():
            self.push_screen(TrashScreen(journal))

    def action_portfolio(self) -> None:
        self.post_message(messages.ShowPortfolio())

    def action_help(self) -> None:
        """Every key, opened at the keys of the screen it was asked from
        (from home, at the top: the introduction says how keys are written).
        Not above the lock: nothing opens there (f1 reaches past its box)."""
        if not self.locked and not isinstance(self.screen, HelpScreen):
            key = self.get_key_display
            here = type(self.screen)
            help_screen = HelpScreen(
                keys.INTRO,
                keys.pages(type(self), key),
                start=None if here is HomeScreen else keys.section_for(here),
            )
            self.push_screen(help_screen)

    # ---- where screens ask to go (tui/messages.py) ------------------------

    @on(messages.JournalOpened)
    def _journal_opened(self, message: messages.JournalOpened) -> None:
        self.unlocked(message.journal)

    def _entry(self, journal: Journal, entry_id: str) -> Entry | None:
        """The entry, or None with one calm line when it has gone meanwhile
        (erased in another window or by the CLI while a list still showed it)."""
        try:
            return journal.entries.get(entry_id)
        except NotFound:
            self.notify("That entry is no longer here.", severity="warning")
            return None

    @on(messages.OpenEntry)
    def _open_entry(self, message: messages.OpenEntry) -> None:
        if (journal := self._journal(message)) and self._entry(
            journal, message.entry_id
        ):
            self.show(EntryScreen(journal, message.entry_id), replace=message.replace)

    @on(messages.EditEntry)
    def _edit_entry(self, message: messages.EditEntry) -> None:
        """A note goes to the note writer; a reflection to the guided writer
        with its own pack (or the closest one this library has)."""
        if not (journal := self._journal(message)):
            return
        if (entry := self._entry(journal, message.entry_id)) is None:
            return
        screen: Screen[Any]
        if entry.kind == "note":
            screen = NoteScreen(journal, entry.id)
        else:
            screen = WriterScreen(
                journal,
                template_for_entry(entry, self.library),
                entry_id=entry.id,
                from_entry_view=message.back_to_entry,
                guided_from=message.guided_from,
            )
        self.show(screen, replace=message.replace)

    @on(messages.StartWriting)
    def _start_writing(self, message: messages.StartWriting) -> None:
        if not (journal := self._journal(message)):
            return
        if message.pack_id is None:
            self.show(NoteScreen(journal), replace=message.replace)
        elif (pack := self.library.packs.get(message.pack_id)) is not None:
            self.show(WriterScreen(journal, pack), replace=message.replace)

    @on(messages.GuideNote)
    def _guide_note(self, message: messages.GuideNote) -> None:
        if journal := self._journal(message):
            self.show(GuideScreen(journal, message.entry_id), replace=message.replace)

    @on(messages.FinishReflection)
    def _finish(self, message: messages.FinishReflection) -> None:
        if not (journal := self._journal(message)) or not self._entry(
            journal, message.entry_id
        ):
            return
        screen = FinishScreen(journal, message.entry_id, message.template)
        self.push_screen(screen, lambda done: message.then(bool(done)))

    @on(messages.ShareEntries)
    def _share(self, message: messages.ShareEntries) -> None:
        if not (journal := self._journal(message)):
            return
        screen = ShareScreen(
            journal,
            list(message.entry_ids),
            agenda=message.agenda,
            wellbeing=message.wellbeing,
            session=message.session,
            held_back=message.held_back,
        )
        self.show(screen, replace=message.replace)

    @on(messages.RecordSession)
    def _record_session(self, message: messages.RecordSession) -> None:
        if journal := self._journal(message):
            screen = SessionScreen(journal, message.preparation, message.agreement)
            self.show(screen, replace=message.replace)

    @on(messages.OpenReceived)
    def _open_received(self, message: messages.OpenReceived) -> None:
        if journal := self._journal(message):
            screen = ReceivedScreen(journal, message.entry_id, message.version)
            self.show(screen, replace=message.replace)

    @on(messages.ImportJrnl)
    def _import_jrnl(self, message: messages.ImportJrnl) -> None:
        if self._journal(message):
            screen = JrnlImportScreen(message.path, message.config)
            self.show(screen, replace=message.replace)

    @on(messages.ShowYearReview)
    def _show_year_review(self, message: messages.ShowYearReview) -> None:
        if journal := self._journal(message):
            screen = ReviewYearScreen(journal, message.year, message.framework_id)
            self.show(screen, replace=message.replace)

    @on(messages.ShowPortfolio)
    def _show_portfolio(self, message: messages.ShowPortfolio) -> None:
        if journal := self._journal(message):
            screen = PortfolioScreen(journal, message.framework_id)
            self.show(screen, replace=message.replace)

    def support_sections(self) -> tuple[support.Section, ...]:
        """What the panel shows now: the worker's own part only while the
        journal is open and not under the lock."""
        personal = self.preferences if self.journal and not self.locked else None
        return support.panel(
            nation=personal.nation if personal else "",
            personal=personal,
            organisation=self.organisation,
            national=self.national_lines,
        )

    @on(messages.ShowSupport)
    def _show_support(self, message: messages.ShowSupport) -> None:
        """Open from any screen, the lock and the unlock screen included (the
        lock stays underneath: closing the panel goes back to it)."""
        if message.origin not in (None, self.screen) or isinstance(
            self.screen, SupportScreen
        ):
            return
        self.show(SupportScreen(self.support_sections()), replace=message.replace)

    @on(messages.OfferSupport)
    def _offer_support(self) -> None:
        """Ask once, gently; enter or escape is "not now" and changes nothing."""
        if self.locked or isinstance(self.screen, SupportScreen | ChoiceDialog):
            return

        def chosen(answer: str | None) -> None:
            if answer == "show":
                self.post_message(messages.ShowSupport())

        self.push_screen(
            ChoiceDialog(
                support.TITLE,
                "Thank you for saying how it is. If you would like them, there "
                "are people and places you can turn to. They are here any time: "
                "! on the home screen, or f2 from anywhere.",
                [
                    Choice("s", "Show them", "show", "primary"),
                    Choice("n", "Not now", "later"),
                ],
            ),
            chosen,
        )

    @on(messages.JournalChanged)
    def _journal_changed(self) -> None:
        """Every screen on the stack reads the journal afresh."""
        for screen in self.screen_stack:
            screen.post_message(messages.JournalChanged())

    def _fatal_error(self) -> None:
        """An unexpected error: say so calmly, without showing private text.

        Textual's own report prints local variables, which here could be a
        worker's sentences; ours names the error and where it happened only.
        The words in an open writer are saved first, so the message is true.

        This overrides a private Textual method because Textual (8.x) has no
        public hook for an unhandled error's report; tests/tui/test_lifecycle.py
        pins both halves (words saved, no local variable printed), so a
        Textual upgrade that renames it fails there rather than leaking.
        """
        self.bell()
        self.save_before_closing()
        error = self._exception
        where = traceback.extract_tb(error.__traceback__)[-1] if error else None
        place = f" ({where.filename}:{where.lineno})" if where else ""
        self._exit_renderables.append(
            Text(
                "reflect met a problem it did not expect and closed. Your writing up "
                "to the last autosave is safe in the journal.\n"
                f"{type(error).__name__}{place}"
            )
        )
        self._close_messages_no_wait()

    def save_before_closing(self) -> None:
        """Save every open draft, let go of them and close the journal.

        Used by every way out: quitting, the terminal closing (SIGHUP, SIGTERM)
        and an unexpected error. Each writer is saved on its own, so one that
        fails cannot cost the others their words; nothing here may raise.
        """
        journal = self.journal
        if journal is None or journal.store.closed:
            return
        self.flush_drafts(each_on_its_own=True)
        try:
            journal.drafts.release_all()  # another window may open them at once
            journal.store.close()
        except Exception:  # noqa: BLE001 - closing anyway; the words are saved
            pass
        self.journal = None

    def _catch_closing_signals(self) -> None:
        """Save the drafts when the terminal closes, instead of dying mid-word.

        Without this a closed terminal window (SIGHUP) or a `kill` (SIGTERM)
        ends the process at once: the last second of typing, not yet
        autosaved, is gone, and `--demo` leaves its sample journal behind.
        """
        try:
            loop = asyncio.get_running_loop()
            for signum in CLOSING_SIGNALS:
                loop.add_signal_handler(signum, self.terminal_closed, signum)
        except (NotImplementedError, RuntimeError, ValueError):
            return  # not on this platform, or not the main thread: default stays
        self._signals_caught = loop

    def on_unmount(self) -> None:
        loop = self._signals_caught
        if loop is None or loop.is_closed():
            return
        for signum in CLOSING_SIGNALS:
            loop.remove_signal_handler(signum)
        self._signals_caught = None

    def terminal_closed(self, signum: int = 0) -> None:
        """The terminal went away or the process was asked to stop: save, exit.

        The exit status is the usual one for a process ended by a signal.
        """
        self.save_before_closing()
        self.exit(return_code=ExitCode.ended_by(signum) if signum else ExitCode.FAILED)

    async def action_quit(self) -> None:
        """Quit without losing a word: writers save their draft first."""
        self.save_before_closing()
        self.exit(return_code=ExitCode.OK)
