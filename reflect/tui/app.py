"""ReflectApp: routes between screens and holds the app-wide bindings.

It receives a `JournalAccess` (where the journal is and how to open it) and,
optionally, a passphrase from the environment. It never looks for its own
data, so tests hand it a journal in `tmp_path`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reflect.core.access import JournalAccess
from reflect.core.errors import CannotOpen, WrongPassphrase
from reflect.core.journal import Journal


class ReflectApp(App[int]):
    """The journal in the terminal. Exit value is the process exit status."""

    CSS_PATH = Path(__file__).with_name("reflect.tcss")
    TITLE = "reflect"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        access: JournalAccess,
        *,
        passphrase: str | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.access = access
        """Where the journal lives and how to open or create it."""
        self.initial_passphrase = passphrase
        """From $REFLECT_PASSPHRASE, if set; otherwise the unlock screen asks."""
        self.demo = demo
        """A throwaway journal: the subtitle says so, so nobody writes for real."""
        self.journal: Journal | None = None
        """The open journal, once created or unlocked."""
        if demo:
            self.sub_title = "demo: nothing here is kept"

    def on_mount(self) -> None:
        from reflect.tui.screens.create import CreateScreen
        from reflect.tui.screens.unlock import UnlockScreen

        access = self.access
        if not access.exists():
            self.push_screen(CreateScreen())
            return
        try:
            if not access.needs_passphrase():
                self.unlocked(access.open(None))
                return
            if self.initial_passphrase is not None:
                self.unlocked(access.open(self.initial_passphrase))
                return
        except WrongPassphrase:
            self.push_screen(UnlockScreen(first_error=True))
            return
        except CannotOpen as exc:
            self.exit(return_code=3, message=f"reflect: {exc}")
            return
        self.push_screen(UnlockScreen())

    def unlocked(self, journal: Journal) -> None:
        """The journal is open: show home in place of create/unlock."""
        from reflect.tui.screens.home import HomeScreen

        self.journal = journal
        if len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen(journal))
        else:
            self.push_screen(HomeScreen(journal))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's screenshot would write the screen, private words and all, to
        # an unencrypted file; its quit wording is replaced with our own.
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Quit"):
                yield command
        yield SystemCommand(
            "Quit", "Close reflect (a note being written is kept)", self.action_quit
        )
        if self.journal is not None:
            yield SystemCommand("New note", "Write a quick note", self.action_new_note)

    def action_new_note(self) -> None:
        from reflect.tui.screens.note import NoteScreen

        if self.journal is not None:
            self.push_screen(NoteScreen(self.journal))

    def _fatal_error(self) -> None:
        """An unexpected error: say so calmly, without showing private text.

        Textual's own report prints local variables, which here could be a
        worker's sentences; ours names the error and where it happened only.
        """
        import traceback

        from rich.text import Text

        self.bell()
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

    async def action_quit(self) -> None:
        """Quit without losing a word: writers save their draft first."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_draft", None)
            if flush is not None:
                flush()
        if self.journal is not None:
            self.journal.store.close()
            self.journal = None
        self.exit(return_code=0)
