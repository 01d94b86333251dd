"""ReflectApp: routes between screens and holds the app-wide bindings.

It receives a `JournalAccess` (where the journal is and how to open it), the
prompt-pack library and, optionally, a passphrase from the environment. It
never looks for its own data, so tests hand it a journal in `tmp_path`. It
also keeps the idle lock: after the chosen minutes without a key press it
saves any draft and covers everything until the passphrase is typed again
(the clock for that is `tui/idle.py`). Its colours are in `tui/themes.py` and
its palette commands in `tui/commands.py`.
"""

from __future__ import annotations

import asyncio
import signal
import traceback
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reflect.core.access import JournalAccess
from reflect.core.bundles import ACCEPTED_KDFS, DEFAULT_KDF, KdfParams
from reflect.core.errors import CannotOpen, WrongPassphrase
from reflect.core.exits import ExitCode
from reflect.core.journal import Journal
from reflect.core.places import NOWHERE, Places
from reflect.core.preferences import Preferences
from reflect.core.templates import Library, load_library, shipped_dir
from reflect.tui import idle
from reflect.tui.commands import ReflectCommands, offered
from reflect.tui.text import NothingHidden, shown
from reflect.tui.themes import OWN_THEMES, theme_to_use

CLOSING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
"""The terminal window closing (SIGHUP) and a polite kill (SIGTERM, also sent
at log-out and shut-down): both end with every open draft saved."""


class ReflectApp(App[int]):
    """The journal in the terminal. Exit value is the process exit status."""

    CSS_PATH = Path(__file__).with_name("reflect.tcss")
    TITLE = "reflect"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {ReflectCommands}  # reflect's own list, not Textual's developer tools
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        access: JournalAccess,
        *,
        passphrase: str | None = None,
        demo: bool = False,
        library: Library | None = None,
        export_dir: Path | None = None,
        places: Places | None = None,
    ) -> None:
        self.idle = idle.IdleWatch()
        """How long since the last key press or click, for the idle lock."""
        self.locked = False
        self._signals_caught: asyncio.AbstractEventLoop | None = None
        """The loop whose SIGHUP/SIGTERM handlers are ours, to remove on exit."""
        self._nothing_hidden = NothingHidden()
        """The last line filter: no control code or hyperlink reaches the terminal."""
        super().__init__()
        for theme in OWN_THEMES:
            self.register_theme(theme)
        self.library = library or load_library([shipped_dir()])
        """Prompt packs: shipped, the worker's own, an organisation's."""
        self.export_dir = export_dir or Path.cwd()
        """Where the app offers to save exports (the worker can change it)."""
        self.places = places or NOWHERE
        """The worker's folders and environment, as the CLI found them: the app
        reads neither itself (a test's app knows of none)."""
        self.preferences = Preferences()
        """Settings from the journal, loaded once it is open."""
        self.access = access
        """Where the journal lives and how to open or create it."""
        self.initial_passphrase = passphrase
        """From $REFLECT_PASSPHRASE (or the demo's key), used once to open the
        journal and then forgotten: the open store keeps the one copy that
        backups and a worker thread's own connection need."""
        self.demo = demo
        """A throwaway journal: the subtitle says so, so nobody writes for real."""
        self.journal: Journal | None = None
        """The open journal, once created or unlocked."""
        self.bundle_kdf: KdfParams = DEFAULT_KDF
        """The scrypt cost bundles are sealed with; tests set a cheap one."""
        self.bundle_kdfs: Collection[KdfParams] = ACCEPTED_KDFS
        """The scrypt settings a bundle brought in may ask for; tests set a
        cheap one, which only they ever make."""
        if demo:
            self.sub_title = "demo: nothing here is kept"

    # ---- nothing hostile reaches the terminal ---------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Last, so it sees each line exactly as it would be written.
        return [*super().get_line_filters(), self._nothing_hidden]

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
        from reflect.tui.dialogs import Choice, ChoiceDialog

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
        from reflect.tui.screens.create import CreateScreen

        self.set_interval(idle.CHECK_SECONDS, self.check_idle_lock)
        self._catch_closing_signals()
        from reflect.tui.screens.unlock import UnlockScreen

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
        from reflect.tui.screens.home import HomeScreen

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
        if len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen(journal))
        else:
            self.push_screen(HomeScreen(journal))

    def apply_theme(self) -> None:
        """Show the saved theme (or the default, if it is not known here)."""
        self.theme = theme_to_use(self.preferences.theme, self.available_themes)

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
        from reflect.tui.screens.lock import LockScreen

        journal = self.journal
        if journal is None or self.locked or not self.lockable:
            return
        self.flush_drafts()
        self.locked = True
        self.push_screen(LockScreen(), lambda _: self._unlock_done())

    @property
    def lockable(self) -> bool:
        """Whether a typed passphrase could lift the lock.

        Not for a journal without a passphrase, nor for the demo, whose
        random key nobody knows.
        """
        journal = self.journal
        return journal is not None and journal.store.encrypted and not self.demo

    def _unlock_done(self) -> None:
        self.locked = False
        self.idle.touched()

    def action_command_palette(self) -> None:
        if not self.locked:  # nothing may open above the lock
            super().action_command_palette()

    def flush_drafts(self) -> None:
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_draft", None)
            if flush is not None:
                flush()

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

    def action_new(self) -> None:
        from reflect.tui.screens.picker import PickerScreen

        if self.journal is not None:
            self.push_screen(PickerScreen(self.journal, self.library))

    def action_prepare(self) -> None:
        from reflect.tui.screens.prepare import PrepareScreen

        if self.journal is not None:
            self.push_screen(PrepareScreen(self.journal, self.library))

    def action_review(self) -> None:
        from reflect.tui.screens.review import ReviewScreen

        if self.journal is not None:
            self.push_screen(ReviewScreen(self.journal))

    def action_receive(self) -> None:
        from reflect.tui.screens.review import receive_dialog

        if self.journal is not None:
            receive_dialog(self, self.journal, self._refresh_screen)

    def _refresh_screen(self) -> None:
        refresh = getattr(self.screen, "on_screen_resume", None)
        if refresh is not None:
            refresh()

    def action_share(self) -> None:
        """Share the entries marked *can be shared* (each shown before it goes)."""
        from reflect.tui.screens.share import ShareScreen

        if self.journal is None:
            return
        ids = self.journal.sharing.shareable_ids()
        if not ids:
            self.notify(
                "Nothing is marked 'can be shared' yet. Open an entry and press S "
                "to share just that one."
            )
            return
        self.push_screen(ShareScreen(self.journal, ids))

    def action_import_jrnl(self) -> None:
        from reflect.tui.screens.jrnl_import import import_jrnl_dialog

        if self.journal is not None:
            import_jrnl_dialog(self, self._refresh_screen)

    def action_checkin(self) -> None:
        from reflect.tui.screens.checkin import CheckinScreen

        pack = self.library.packs.get("wellbeing")
        if self.journal is not None and pack is not None:
            self.push_screen(CheckinScreen(self.journal, pack))

    def action_trend(self) -> None:
        from reflect.tui.screens.trend import TrendScreen

        pack = self.library.packs.get("wellbeing")
        if self.journal is not None and pack is not None:
            self.push_screen(TrendScreen(self.journal, pack))

    def action_new_note(self) -> None:
        from reflect.tui.screens.note import NoteScreen

        if self.journal is not None:
            self.push_screen(NoteScreen(self.journal))

    def action_search(self) -> None:
        from reflect.tui.screens.search import SearchScreen

        if self.journal is not None:
            self.push_screen(SearchScreen(self.journal, self.library))

    def action_settings(self) -> None:
        from reflect.tui.screens.settings import SettingsScreen

        if self.journal is not None:
            self.push_screen(SettingsScreen(self.journal))

    def action_trash(self) -> None:
        from reflect.tui.screens.trash import TrashScreen

        if self.journal is not None:
            self.push_screen(TrashScreen(self.journal))

    def action_help(self) -> None:
        from reflect.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_draft", None)
            if flush is None:
                continue
            try:
                flush()
            except Exception:  # noqa: BLE001 - the next writer still gets saved
                continue
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
