"""Where is the jrnl journal? The question before an import from the palette.

jrnl's usual journal and config are offered when they exist; a path that
leads nowhere brings the question back with what was typed, not empty. The
import itself runs on its own screen (`screens/jrnl_import.py`).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import unquote, urlparse

from reflect.core.jrnl.config import usual_places
from reflect.tui import messages
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.state import ReflectState


def import_jrnl_dialog(app: ReflectState, values: list[str] | None = None) -> None:
    """Ask where the jrnl journal is, then import it on its own screen.

    jrnl's usual journal and config are offered when they exist; a path that
    leads nowhere brings the question back with what was typed, not empty.
    """
    if values is None:
        journal, config = usual_places(app.places)
        values = [_shown(app, journal) or "~/", _shown(app, config)]

    def chosen(typed: list[str] | None) -> None:
        if not typed or not clean_path(typed[0]):
            return
        path = app.places.typed(clean_path(typed[0]))
        config = app.places.typed(clean_path(typed[1])) if typed[1].strip() else None
        for given in (path, config):
            if given is not None and not given.exists():
                app.notify(
                    f"There is nothing at {given}.", severity="error", markup=False
                )
                import_jrnl_dialog(app, typed)
                return
        app.post_message(messages.ImportJrnl(path, config))

    app.push_screen(
        FieldsDialog(
            "Import a jrnl journal",
            [
                ("The jrnl journal: its .txt file, or its folder", values[0]),
                (
                    "jrnl's config file (jrnl.yaml), if jrnl writes its dates "
                    "its own way; else leave empty",
                    values[1],
                ),
            ],
            does="imports",
        ),
        chosen,
    )


def clean_path(typed: str) -> str:
    """A path as pasted: quotes and backslash escapes from a file manager
    or a shell ('/a/Tom's notes.txt', /a/Tom\\'s\\ notes.txt) taken off."""
    text = typed.strip()
    if text.startswith("file://"):  # dragged from some file managers
        return unquote(urlparse(text).path)
    try:
        words = shlex.split(text)
    except ValueError:
        return text
    return words[0] if len(words) == 1 else text


def _shown(app: ReflectState, path: Path | None) -> str:
    """A path with the home folder as ~, as a worker would type it."""
    return "" if path is None else app.places.tilde(path)
