"""Exporting an agenda (or a record) from the app: Markdown and printable HTML.

The worker chooses the folder (the documents folder unless they change it);
both files are written owner-only, and the notice says plainly that they are
not encrypted, because that is the moment the words leave the journal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.paths import write_private_bytes
from reflect.tui.dialogs import FieldsDialog

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp


def write_pair(folder: Path, stem: str, markdown: str, html: str) -> list[Path]:
    """Write `<stem>.md` and `<stem>.html` into an existing folder, 0600."""
    if not folder.is_dir():
        raise ReflectError(f"the folder {folder} does not exist")
    written = []
    for suffix, text in ((".md", markdown), (".html", html)):
        path = folder / f"{stem}{suffix}"
        try:
            write_private_bytes(path, text.encode("utf-8"))
        except OSError as exc:
            raise ReflectError(f"could not write {path}: {exc.strerror}") from None
        written.append(path)
    return written


def export_agenda(app: ReflectApp, journal: Journal) -> None:
    """Ask where, then write the agenda as Markdown and HTML."""
    from reflect.core import agenda_render

    def chosen(values: list[str] | None) -> None:
        if not values:
            return
        folder = Path(values[0].strip()).expanduser()
        check_in = app.library.packs.get("wellbeing")
        agenda = agenda_render.build_agenda(
            journal.store, journal, check_in, now=journal.now
        )
        stem = f"supervision-agenda-{date.today().isoformat()}"
        try:
            paths = write_pair(
                folder,
                stem,
                agenda_render.agenda_markdown(agenda),
                agenda_render.agenda_html(agenda),
            )
        except ReflectError as exc:
            app.notify(str(exc), severity="error")
            return
        app.notify(
            f"Saved {paths[0].name} and {paths[1].name} in {folder}. They are not "
            "encrypted: the HTML prints well.",
            timeout=8,
        )

    app.push_screen(
        FieldsDialog("Export the agenda", [("Folder", str(app.export_dir))]), chosen
    )
