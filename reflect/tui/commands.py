"""The command palette (ctrl+p): every command as data, and the provider
that finds them.

A worker rarely knows what reflect calls a thing: they type "feedback",
"supervisor" or "trash". So each command lists the words it should be found
by besides its title, and the palette matches the typed text against all of
them with Textual's fuzzy matcher. Adding a command means one line below and
an `action_…` method on the app; a test checks both, and that each word finds
its command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol, cast

from textual.app import ComposeResult
from textual.command import (
    CommandInput,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.containers import Horizontal, Vertical
from textual.fuzzy import Matcher
from textual.widgets import Button, LoadingIndicator

from reflect.tui.widgets.marks import CommandList

When = Literal["always", "journal open", "lockable"]
"""When a command is offered: always; once a journal is open (and not under
the lock); or, besides, only when a typed passphrase could lift a lock (not
the demo, not a journal without a passphrase)."""


class AppState(Protocol):
    """What the palette needs to know about the app (`ReflectApp` has it).

    A protocol rather than the app's class, so this module does not import
    app.py, which imports it.
    """

    @property
    def journal(self) -> object | None: ...
    @property
    def locked(self) -> bool: ...
    @property
    def lockable(self) -> bool: ...


@dataclass(frozen=True)
class Command:
    """One line in the palette."""

    title: str
    """What the palette shows and what it finds first."""
    help: str
    """The line under the title: what the command does, in plain words."""
    action: str
    """The app action it runs: `ReflectApp.action_<action>`."""
    words: tuple[str, ...] = ()
    """Other words a worker might type to look for it."""
    when: When = "journal open"


COMMANDS: tuple[Command, ...] = (
    Command(
        "Quit",
        "Close reflect (anything being written is kept)",
        "quit",
        ("exit", "close", "leave", "stop"),
        when="always",
    ),
    Command(
        "Help",
        "Every key, screen by screen",
        "help",
        ("keys", "shortcuts", "how"),
        when="always",
    ),
    Command(
        "If today is hard",
        "People and places to turn to, and your own plan",
        "support",
        (
            "support",
            "crisis",
            "help now",
            "help me",
            "hard day",
            "talk to someone",
            "struggling",
            "upset",
            "not coping",
            "urgent",
            "emergency",
            "samaritans",
            "safeguarding",
        ),
        when="always",
    ),
    Command(
        "New reflection",
        "Choose a model or theme",
        "new",
        ("write", "reflect", "model", "start", "gibbs"),
    ),
    Command("New note", "Write a quick note", "new_note", ("write", "quick", "jot")),
    Command(
        "Check in",
        "How you are doing, in under a minute",
        "checkin",
        ("check-in", "wellbeing", "mood", "feelings"),
    ),
    Command(
        "Wellbeing trend",
        "Your check-ins over time",
        "trend",
        ("trend", "check-ins", "graph", "history", "mood"),
    ),
    Command(
        "Prepare for supervision",
        "Build your agenda",
        "prepare",
        ("supervisor", "agenda", "meeting", "session", "export", "print"),
    ),
    Command(
        "Share with my supervisor",
        "The entries marked 'can be shared', shown before they go",
        "share",
        ("share", "send", "export", "bundle", "supervisor"),
    ),
    Command(
        "Bring in a bundle",
        "A share from a supervisee, or feedback from your supervisor",
        "receive",
        ("feedback", "import", "receive", "bundle", "supervisee"),
    ),
    Command(
        "Supervising",
        "What people have shared with you",
        "review",
        ("supervisee", "review", "shared", "feedback", "supervisor"),
    ),
    Command(
        "Year in review",
        "A year of reflection for appraisal, previewed before export",
        "year_review",
        ("appraisal", "portfolio", "annual", "year", "review", "export"),
    ),
    Command(
        "Portfolio",
        "Your reflections mapped to a competence framework",
        "portfolio",
        ("portfolio", "competences", "appraisal", "framework", "development"),
    ),
    Command("Search", "Find an entry", "search", ("find", "look", "entries")),
    Command(
        "Settings",
        "Theme, privacy watch list, lock",
        "settings",
        ("preferences", "options", "theme", "colours", "contrast", "privacy"),
    ),
    Command(
        "Recently deleted",
        "Bring back a deleted entry",
        "trash",
        ("trash", "bin", "restore", "undelete"),
    ),
    Command(
        "Import from jrnl",
        "Bring in a jrnl journal (file or folder) as notes",
        "import_jrnl",
        ("jrnl", "import", "migrate", "notes"),
    ),
    Command(
        "Lock now",
        "Hide the journal until your passphrase is typed",
        "lock",
        ("lock", "hide", "away", "privacy"),
        when="lockable",
    ),
)


def offered(app: AppState, commands: Iterable[Command] = COMMANDS) -> Iterator[Command]:
    """The commands that make sense in the app's state right now."""
    journal_open = app.journal is not None and not app.locked
    for command in commands:
        if command.when == "always" or (
            journal_open and (command.when == "journal open" or app.lockable)
        ):
            yield command


def found(
    matcher: Matcher, commands: Iterable[Command]
) -> Iterator[tuple[float, Command]]:
    """Each command the typed text matches, by title or by any of its words.

    Its score is the best of those matches, so a word typed in full ranks
    its command as high as the title typed in full would.
    """
    for command in commands:
        score = max(matcher.match(text) for text in (command.title, *command.words))
        if score > 0:
            yield score, command


class ReflectCommands(Provider):
    """reflect's commands in Textual's palette (in place of Textual's own)."""

    def _offered(self) -> Iterator[Command]:
        return offered(cast(AppState, self.app))

    def _runner(self, command: Command) -> Callable[[], object]:
        run: Callable[[], object] = getattr(self.app, f"action_{command.action}")
        return run

    async def discover(self) -> Hits:
        """What the palette lists before anything is typed: all, by title."""
        for command in sorted(self._offered(), key=lambda c: c.title):
            yield DiscoveryHit(command.title, self._runner(command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for score, command in found(matcher, self._offered()):
            yield Hit(
                score,
                matcher.highlight(command.title),
                self._runner(command),
                text=command.title,
                help=command.help,
            )


class Palette(CommandPalette):
    """Textual's palette with its highlighted command marked by `▶`.

    The same parts, ids and order as Textual's own (its stylesheet and code
    find them by those), with the list swapped for one that draws the mark:
    in monochrome the highlight was a shade of grey a step from its
    neighbours' (Textual's `reverse` for it is never drawn).
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()
