"""Bringing in a bundle: a share from a supervisee, or feedback coming back.

One dialog for both, opened from the palette and from the supervising
screen: the file and its passphrase, checked and brought in before it
closes. A file that cannot be read or opened keeps the dialog open, with the
path and passphrase as typed and the reason shown inside it.
"""

from __future__ import annotations

from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.tui import messages
from reflect.tui.dialogs.fields import FieldsDialog, calm
from reflect.tui.state import ReflectState


def receive_dialog(app: ReflectState, journal: Journal) -> None:
    """Ask for a bundle file and its passphrase, then bring it in.

    A file that cannot be read or opened keeps the dialog open, with the path
    and passphrase as typed and the reason shown inside it.
    """

    def attempt(values: list[str]) -> str | None:
        path = app.places.typed(values[0].strip())
        try:
            report = journal.reviewing.receive_file(
                path, values[1], accepted=app.bundle_kdfs
            )
        except ReflectError as exc:
            return calm(exc)
        # The name in the line is the sender's own words, from their bundle;
        # the toast shows it as written.
        app.notify(report.line(), markup=False)
        app.post_message(messages.JournalChanged())  # whatever shows it, reads it
        return None

    app.push_screen(
        FieldsDialog(
            "Bring in a bundle",
            [("File", str(app.export_dir) + "/"), ("Bundle passphrase", "")],
            secret=frozenset({1}),
            paths=frozenset({0}),
            does="brings it in",
            submit=attempt,
        )
    )
