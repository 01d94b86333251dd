"""Import a jrnl journal from the command palette, with the summary at the end.

The import runs in a worker thread on its own connection to the journal, so
the screen keeps painting its progress; it is still one transaction, and
escape while it runs rolls it back and says that nothing was imported.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.core.errors import ReflectError
from reflect.core.jrnl import files as jrnl_files
from reflect.core.jrnl.config import EncryptedJrnl, settings_for
from reflect.core.jrnl.importing import REVIEW_TAG, JrnlImportReport, import_jrnl
from reflect.tui import messages
from reflect.tui.state import ReflectState
from reflect.tui.text import shown

if TYPE_CHECKING:
    from reflect.core.jrnl.format import JrnlEntry


class Cancelled(ReflectError):
    """The worker pressed escape while the import ran."""


def _program(app: ReflectState) -> str:
    """How a pasted command runs this reflect: with `--home` when it would
    not find this journal by default."""
    home = app.access.paths.home
    return app.places.command(None if home == app.places.default_home else home)


class JrnlImportScreen(ModalScreen[None]):
    """Progress while the import runs, then what it did, line by line."""

    BINDINGS = [("escape", "close", "Close"), ("c", "copy", "Copy the command")]

    app: ReflectState

    def __init__(self, path: Path, config: Path | None) -> None:
        super().__init__()
        self.path = path
        self.config = config
        self.running = True
        self.command: str | None = None
        """jrnl's decrypt command, offered for copying when the file is encrypted."""
        self._stop = threading.Event()
        self._count = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # File names, messages and problem lines are shown as written:
            # "[draft]" in a name is not markup.
            title = f"Importing {self.path.name} from jrnl"
            yield Static(shown(title), id="dialog-title", markup=False)
            yield Static("Reading…", id="dialog-message", markup=False)
            with VerticalScroll(id="jrnl-problems"):
                yield Static("", id="jrnl-problem-lines", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Stop \\[escape]", id="jrnl-close", variant="primary")
                yield Button("Copy the jrnl command \\[c]", id="jrnl-copy")

    def on_mount(self) -> None:
        self.query_one("#jrnl-problems").display = False
        self.query_one("#jrnl-copy").display = False
        self.query_one("#jrnl-close").focus()
        self._run()

    @work(thread=True, exclusive=True)
    def _run(self) -> None:
        app = self.app
        journal = app.journal
        try:
            if journal is None:
                raise ReflectError("the journal is not open")
            settings = settings_for(self.config, self.path, _program(app), app.places)
            entries = jrnl_files.read_journal(self.path, settings)
            # This thread's own connection: sqlite connections stay in the
            # thread that made them, and the screen keeps painting meanwhile.
            mine = app.access.open(journal.store.passphrase)
            try:
                report = import_jrnl(
                    mine, entries, name=self.path.name, progress=self._progress
                )
            finally:
                mine.store.close()
        except Cancelled:
            app.call_from_thread(self._failed, "Stopped: nothing was imported.")
        except EncryptedJrnl as exc:
            app.call_from_thread(self._encrypted, exc.command, exc.certain)
        except ReflectError as exc:
            app.call_from_thread(self._failed, f"Nothing was imported: {exc}")
        except OSError as exc:
            why = f"could not read {exc.filename or self.path} ({exc.strerror or exc})"
            app.call_from_thread(self._failed, f"Nothing was imported: {why}.")
        except Exception as exc:  # a busy journal, or a bug: never close the app
            text = str(exc)
            busy = "locked" in text or "busy" in text
            why = (
                "the journal is busy in another reflect; try again"
                if busy
                else f"an unexpected problem ({type(exc).__name__})"
            )
            app.call_from_thread(self._failed, f"Nothing was imported: {why}.")
        else:
            app.call_from_thread(self._finished, report)

    def _progress(self, entry: JrnlEntry) -> None:
        if self._stop.is_set():
            raise Cancelled("stopped")
        self._count += 1
        if self._count % 250 == 0:
            self.app.call_from_thread(
                self._say, f"Read {self._count:,} entries so far… (escape stops)"
            )

    def _say(self, text: str, title: str | None = None) -> None:
        self.query_one("#dialog-message", Static).update(shown(text))
        if title is not None:
            self.query_one("#dialog-title", Static).update(shown(title))

    def _done(self) -> None:
        self.running = False
        self.query_one("#jrnl-close", Button).label = "Close \\[escape]"

    def _failed(self, message: str) -> None:
        self._done()
        self._say(message, f"Nothing imported from {self.path.name}")

    def _encrypted(self, command: str, certain: bool) -> None:
        self._done()
        self.command = command
        what = (
            "This journal is encrypted by jrnl, so reflect cannot read it."
            if certain
            else "This file is not text. If it is a journal encrypted by an old "
            "jrnl (otherwise, choose the journal's .txt file):"
        )
        self._say(
            f"{what} Copy the command below (c) and run it in a terminal: jrnl "
            "decrypts the journal straight into reflect, with no plain copy on "
            "disk. jrnl asks for its passphrase, then reflect for yours; the "
            "original stays as it is.",
            f"Nothing imported from {self.path.name}",
        )
        self._show_below(command)
        self.query_one("#jrnl-copy").display = True

    def _finished(self, report: JrnlImportReport) -> None:
        self._done()
        self.app.post_message(messages.JournalChanged())
        text = report.headline()
        if report.review or report.review_already:
            text += (
                f"\nThe notes to review are tagged '{REVIEW_TAG}': each says why "
                "when you open it, and t there takes the tag off once you have "
                "looked."
            )
        if report.changed:
            what = "entry has" if report.changed == 1 else "entries have"
            text += (
                f"\n{report.changed:,} {what} changed in jrnl since an earlier "
                "import: the new words are a new note, beside the old one."
            )
        if report.review_already:
            verb = "was" if report.review_already == 1 else "were"
            text += (
                f"\n{report.review_already:,} of those already in reflect {verb} "
                "kept for you to review when you imported before; the lines are "
                "listed below."
            )
        if report.problems:
            text += "\nEverything reflect could not place is listed below."
            self._show_below("\n".join(report.problems))
        self._say(text, f"Imported from jrnl: {self.path.name}")

    def _show_below(self, text: str) -> None:
        self.query_one("#jrnl-problem-lines", Static).update(shown(text))
        self.query_one("#jrnl-problems").display = True

    @on(Button.Pressed, "#jrnl-close")
    def _close_pressed(self) -> None:
        self.action_close()

    @on(Button.Pressed, "#jrnl-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    def action_copy(self) -> None:
        if self.command:
            self.app.copy_to_clipboard(self.command)
            self.app.notify(
                "Sent to your clipboard, if this terminal allows it (else copy it "
                "from the box). Paste it into a terminal where jrnl is installed."
            )

    def action_close(self) -> None:
        if self.running:
            self._stop.set()
            self._say("Stopping…")
            return
        self.dismiss(None)
