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

from reflect.core import jrnl_format
from reflect.core.errors import ReflectError
from reflect.core.jrnl_import import REVIEW_TAG, JrnlImportReport, import_jrnl
from reflect.tui.dialogs import FieldsDialog

if TYPE_CHECKING:
    from reflect.core.jrnl_format import JrnlEntry
    from reflect.tui.app import ReflectApp


class Cancelled(ReflectError):
    """The worker pressed escape while the import ran."""


def import_jrnl_dialog(app: ReflectApp, after: object = None) -> None:
    """Ask where the jrnl journal is, then import it on its own screen."""

    def chosen(values: list[str] | None) -> None:
        if not values or not values[0].strip():
            return
        path = Path(values[0].strip()).expanduser()
        config = Path(values[1].strip()).expanduser() if values[1].strip() else None
        for given in (path, config):
            if given is not None and not given.exists():
                app.notify(f"There is nothing at {given}.", severity="error")
                return
        app.push_screen(JrnlImportScreen(path, config), lambda _: _after(after))

    app.push_screen(
        FieldsDialog(
            "Import a jrnl journal",
            [
                ("The jrnl journal: its .txt file, or its folder", "~/"),
                ("jrnl's config file (optional: leave empty for jrnl's defaults)", ""),
            ],
        ),
        chosen,
    )


def _after(after: object) -> None:
    if callable(after):
        after()


class JrnlImportScreen(ModalScreen[None]):
    """Progress while the import runs, then what it did, line by line."""

    BINDINGS = [("escape", "close", "Close")]

    app: ReflectApp

    def __init__(self, path: Path, config: Path | None) -> None:
        super().__init__()
        self.path = path
        self.config = config
        self.running = True
        self._stop = threading.Event()
        self._count = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"Importing {self.path.name} from jrnl", id="dialog-title")
            yield Static("Reading…", id="dialog-message")
            with VerticalScroll(id="jrnl-problems"):
                yield Static("", id="jrnl-problem-lines")
            with Horizontal(id="dialog-buttons"):
                yield Button("Stop [escape]", id="jrnl-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#jrnl-problems").display = False
        self.query_one(Button).focus()
        self._run()

    @work(thread=True, exclusive=True)
    def _run(self) -> None:
        app = self.app
        journal = app.journal
        try:
            if journal is None:
                raise ReflectError("the journal is not open")
            settings = (
                jrnl_format.read_config(self.config, self.path)
                if self.config
                else jrnl_format.DEFAULT
            )
            entries = jrnl_format.read_journal(self.path, settings)
            # This thread's own connection: sqlite connections stay in the
            # thread that made them, and the screen keeps painting meanwhile.
            mine = app.access.open(journal.store.passphrase)
            try:
                report = import_jrnl(
                    mine,
                    entries,
                    name=self.path.name,
                    progress=self._progress,
                )
            finally:
                mine.store.close()
        except Cancelled:
            app.call_from_thread(self._finished, None, "Stopped: nothing was imported.")
        except ReflectError as exc:
            app.call_from_thread(self._finished, None, f"Nothing was imported: {exc}")
        except OSError as exc:
            app.call_from_thread(
                self._finished,
                None,
                f"Nothing was imported: could not read {exc.filename or self.path} "
                f"({exc.strerror or exc}).",
            )
        else:
            app.call_from_thread(self._finished, report, "")

    def _progress(self, entry: JrnlEntry) -> None:
        if self._stop.is_set():
            raise Cancelled("stopped")
        self._count += 1
        if self._count % 250 == 0:
            self.app.call_from_thread(
                self._say, f"Read {self._count:,} entries so far… (escape stops)"
            )

    def _say(self, text: str) -> None:
        self.query_one("#dialog-message", Static).update(text)

    def _finished(self, report: JrnlImportReport | None, message: str) -> None:
        self.running = False
        self.query_one("#jrnl-close", Button).label = "Close [escape]"
        if report is None:
            self._say(message)
            return
        text = (
            f"Imported {report.imported} "
            f"{'entry' if report.imported == 1 else 'entries'}; "
            f"{report.already} already here."
        )
        if report.review:
            text += (
                f"\n{report.review} kept for you to review, tagged "
                f"'{REVIEW_TAG}' (search or filter by that tag)."
            )
        if report.problems:
            text += "\nEvery line jrnl could not place is listed below."
            lines = self.query_one("#jrnl-problem-lines", Static)
            lines.update("\n".join(report.problems))
            self.query_one("#jrnl-problems").display = True
        self._say(text)

    @on(Button.Pressed, "#jrnl-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if self.running:
            self._stop.set()
            self._say("Stopping…")
            return
        self.dismiss(None)
