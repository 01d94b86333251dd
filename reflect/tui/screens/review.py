"""The supervisor area: supervisees, what they shared, and feedback going back.

Unread snapshots come first. `i` brings in a bundle (a share from a
supervisee, or feedback from your own supervisor), enter reads a snapshot,
`f` writes the feedback bundle for the highlighted person.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core.clock import local_today
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.reviewing import Supervisee
from reflect.tui import messages
from reflect.tui.dialogs.bundles import receive_dialog
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.dialogs.fields import FieldsDialog, FolderOffer, calm
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList


class ReviewScreen(Screen[None]):
    """Everyone who has shared with you, and what they shared."""

    BINDINGS = [
        Binding(
            "i",
            "receive",
            "Bring in a bundle",
            tooltip="Bring in a bundle: a share, or feedback from your supervisor",
        ),
        Binding(
            "f",
            "feedback",
            "Write feedback",
            tooltip="Write feedback for the highlighted person",
        ),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Supervising: what people have shared with you. Unread first.",
            classes="progress",
        )
        yield OptionList(id="received")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        """Also sent when the screen first appears: the one first reading."""
        self.fill()

    @on(messages.JournalChanged)
    def _journal_changed(self) -> None:
        self.fill()

    def fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        # One call, three queries, however many people have shared.
        people = self.journal.reviewing.overview()
        if not people:
            options.add_option(
                Option(
                    "Nobody has shared with you yet. When a supervisee gives you a "
                    "bundle file, press i to bring it in.",
                    disabled=True,
                )
            )
        for shared in people:
            person = shared.person
            heading = words(person.name, style="bold")
            heading.append(
                f"  {person.entries} shared · {person.unread} unread", style="dim"
            )
            options.add_option(Option(heading, id=f"person:{person.id}"))
            for record in shared.sessions:
                session_id = record.session_id
                label = words(f"   Session record of {record.day}")  # from the file
                label.append(
                    "  signed off" if record.signed else "  enter to sign it off",
                    style="dim",
                )
                options.add_option(
                    Option(label, id=f"session:{person.id}:{session_id}")
                )
            for item in shared.entries:
                label = Text("   ")
                label.append("● " if not item.reviewed else "  ", style="bold")
                label.append_text(words(item.title or "Untitled"))
                label.append(f"  version {item.version}", style="dim")
                options.add_option(
                    Option(label, id=f"entry:{item.entry_id}:{item.version}")
                )
        options.focus()
        if options.option_count and options.highlighted is None:
            options.highlighted = 0

    def _person(self) -> Supervisee | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        while index is not None and index >= 0:
            option_id = options.get_option_at_index(index).id or ""
            if option_id.startswith("person:"):
                return self.journal.reviewing.find_supervisee(option_id[7:])
            index -= 1
        return None

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("person:"):
            # Enter on a name opens what they shared first (unread first, as
            # listed): the list opens on that row, and a key that did nothing
            # there left people wondering what to press.
            options = event.option_list
            for index in range(event.option_index + 1, options.option_count):
                under = options.get_option_at_index(index).id or ""
                if under.startswith("person:"):
                    break
                if under.startswith("entry:"):
                    options.highlighted = index
                    option_id = under
                    break
        if option_id.startswith("entry:"):
            _, entry_id, version = option_id.split(":")
            self.app.post_message(messages.OpenReceived(entry_id, int(version)))
        elif option_id.startswith("session:"):
            _, person_id, session_id = option_id.split(":")
            self._sign(person_id, session_id)

    def _sign(self, person_id: str, session_id: str) -> None:
        def chosen(answer: str | None) -> None:
            if answer == "sign":
                self.journal.reviewing.sign_off(person_id, session_id)
                self.notify("Signed off; it goes back with your next feedback.")
                self.fill()

        self.app.push_screen(
            ChoiceDialog(
                "Sign off this session record?",
                "Your sign-off travels back to your supervisee with your feedback.",
                [
                    Choice("y", "Sign off", "sign", "primary"),
                    Choice("n", "Not now", "no"),
                ],
            ),
            chosen,
        )

    def action_receive(self) -> None:
        receive_dialog(self.app, self.journal)

    def action_feedback(self) -> None:
        person = self._person()
        if person is None:
            self.notify("Highlight someone first.")
            return
        if not self.journal.reviewing.pending_feedback(person.id):
            self.notify(f"Nothing new to send back to {person.name}.", markup=False)
            return
        today = local_today(self.journal.now)
        default = Path(self.app.export_dir) / f"reflect-feedback-{today}.reflect"
        folders = FolderOffer()

        def attempt(values: list[str]) -> str | None:
            target = self.app.places.typed(values[0].strip())
            try:
                sent = folders.write(
                    lambda replace: self.journal.reviewing.send_feedback(
                        person,
                        values[1],
                        target,
                        replace=replace,
                        kdf=self.app.bundle_kdf,
                    )
                )
            except ReflectError as exc:
                return calm(exc)
            if sent:
                self.notify(
                    f"Feedback for {person.name} written to {target}.", markup=False
                )
            else:  # another window sent it meanwhile
                self.notify(f"Nothing new to send back to {person.name}.", markup=False)
            return None

        self.app.push_screen(
            FieldsDialog(
                f"Feedback for {person.name}",
                [("File", str(default)), ("Bundle passphrase (agreed together)", "")],
                secret=frozenset({1}),
                paths=frozenset({0}),
                does="writes the feedback",
                submit=attempt,
            )
        )
