"""Every key, screen by screen: what the help page says, built from the bindings.

The help used to be a hand-written copy of each screen's keys, which fell
behind as soon as a screen gained one (sharing, supervising, the check-in,
the trend and Recently deleted were all missing). Now each screen's
`BINDINGS` are the list: a key's words are its binding's `tooltip` when it
has one (the longer "what it does", also shown when the pointer rests on the
footer), else its footer description. What is written by hand here is only
what bindings cannot say: the order a worker meets the screens in, each
heading, keys that belong to a widget rather than a binding (typing, tab, the
arrows in a list) and the few sentences about privacy and support.

A binding is left out only when it is in `INTERNAL`, with the reason; a test
holds every other binding of every class in `reflect.tui` to appearing here.
Textual's own bindings (focus moves, ctrl+c) are not reflect's and are not
listed; the ones a worker needs are written in as widget keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from reflect.core import support
from reflect.tui.dialogs.fields import FieldsDialog, TextDialog
from reflect.tui.dialogs.link import LinkDialog
from reflect.tui.dialogs.supervision import SupervisionDialog
from reflect.tui.screens.checkin import CheckinScreen, ScaleRow
from reflect.tui.screens.create import CreateScreen
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.screens.guide import GuideScreen
from reflect.tui.screens.help import HelpPage, HelpScreen, Row
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
from reflect.tui.widgets.marks import Checkbox

APP = "app"
"""Stands for the running app's own bindings: naming the app class here
would import app.py, which imports the help, a circle."""

INTRO = (
    "Every key, screen by screen. Everything is also in the command palette: "
    "^p, then type.",
    "^ means hold ctrl: ^s is ctrl and s together. esc is the escape key, "
    "⏎ is enter, and ↑ ↓ ← → are the arrow keys.",
    "? opens this help from any screen (f1 while you are typing in a box); "
    "esc closes it.",
    "! opens 'If today is hard' (f2 while you are typing in a box, and before "
    "unlocking): people and places to turn to, and your own plan.",
)


@dataclass(frozen=True)
class Also:
    """A key a widget answers to rather than a binding (typing, tab, arrows)."""

    keys: str
    """As shown, in the footer's notation (`^p`, `⏎`, `↑ ↓`)."""
    words: str


@dataclass(frozen=True)
class Section:
    """One heading of the help: a screen (or a few that go together)."""

    title: str
    owners: tuple[type[DOMNode] | str, ...]
    """Classes whose bindings are listed (with those they inherit), or `APP`."""
    also: tuple[Also, ...] = ()
    """Widget keys, listed after the bindings."""
    notes: tuple[str, ...] = ()
    """Sentences a worker needs on this screen that are not about a key."""


SECTIONS: tuple[Section, ...] = (
    Section(
        "Anywhere",
        (APP,),
        also=(
            Also(
                "^p",
                "Command palette: new entries, search, settings, lock, deleted, "
                "jrnl import",
            ),
        ),
        notes=("Quitting keeps anything being written as a draft.",),
    ),
    Section("Making your journal", (CreateScreen,)),
    Section(
        "Home",
        (HomeScreen,),
        also=(Also("↑ ↓ ⏎", "Move through drafts and entries; open one"),),
    ),
    Section(
        "Choosing what to write",
        (PickerScreen, GuideScreen),
        also=(Also("type", "Filter the list"), Also("↑ ↓ ⏎", "Choose and start")),
    ),
    Section(
        "Writing a quick note",
        (NoteScreen,),
        notes=("Your words are saved as a draft within two seconds of each pause.",),
    ),
    Section(
        "Writing a reflection",
        (WriterScreen,),
        also=(Also("1 to 5", "On a scale, choose a point (5 is doing well)"),),
        notes=("Your words are saved as a draft within two seconds of each pause.",),
    ),
    Section(
        "Finishing",
        (FinishScreen,),
        also=(
            Also("tab", "Next field"),
            Also("→", "Accept a suggested tag"),
            Also("space", "Tick or untick a box"),
        ),
        notes=("The private note is only for you: it never leaves this computer.",),
    ),
    Section(
        "Linking an entry to a framework",
        (LinkDialog,),
        also=(
            Also("↑ ↓", "Move through the areas"),
            Also("⏎", "Tick or untick an area"),
            Also("tab", "Next field"),
        ),
        notes=(
            "Areas suggested by the pack and tags come first; none is ticked for you.",
        ),
    ),
    Section("Reading an entry", (EntryScreen,)),
    Section(
        "Marking an entry for supervision",
        (SupervisionDialog,),
        also=(Also("tab", "Next field"), Also("space", "Tick or untick a box")),
        notes=("The private note is only for you: it never leaves this computer.",),
    ),
    Section(
        "Boxes that ask for a few words",
        (FieldsDialog,),
        also=(Also("tab", "Next field"),),
    ),
    Section(
        "Editing an answer before it leaves",
        (TextDialog,),
        notes=(
            "Line breaks stay as you write them; your journal keeps its own words.",
        ),
    ),
    Section(
        "Search",
        (SearchScreen,),
        also=(
            Also("type", "Search as you type; filters below the box"),
            Also("↓ ⏎", "Go to the results; open one"),
        ),
    ),
    Section(
        "Checking in",
        (CheckinScreen, ScaleRow),
        also=(Also("1 to 5", "A point on this scale (5 is doing well), then on"),),
    ),
    Section("Wellbeing trend", (TrendScreen,)),
    Section(
        "Portfolio",
        (PortfolioScreen,),
        also=(Also("↑ ↓ ⏎", "Choose an area to list its reflections; open one"),),
        notes=(
            "The portfolio is built on this computer from the links you make; "
            "nothing leaves unless you export it.",
        ),
    ),
    Section("Preparing for supervision", (PrepareScreen,)),
    Section(
        "Year in review",
        (ReviewYearScreen,),
        notes=(
            "The preview is exactly what will be written. An entry's own words "
            "go in only when you press i on it.",
        ),
    ),
    Section(
        "Recording a session",
        (SessionScreen,),
        also=(Also("tab", "Next field"),),
    ),
    Section(
        "Sharing with your supervisor",
        (ShareScreen,),
        notes=(
            "You see exactly what will leave before anything is written. Private "
            "notes never leave. The bundle is sealed with a passphrase you and "
            "your supervisor agree face to face.",
        ),
    ),
    Section(
        "Supervising",
        (ReviewScreen,),
        also=(Also("↑ ↓ ⏎", "Read what someone shared"),),
    ),
    Section("Reading what someone shared", (ReceivedScreen,)),
    Section(
        "Recently deleted",
        (TrashScreen,),
        also=(Also("⏎", "Bring the highlighted entry back (for 30 days)"),),
    ),
    Section(
        "Settings",
        (SettingsScreen,),
        also=(Also("tab", "Next field"),),
        notes=(
            "Colours, the privacy watch list (names to flag, kept encrypted), the "
            "idle lock, the wellbeing noticing, your supervision agreement, and "
            "your own support for the 'If today is hard' page: your nation, your "
            "plan, someone you trust and your GP.",
        ),
    ),
    Section("Bringing in a jrnl journal", (JrnlImportScreen,)),
    Section(
        "When reflect is locked",
        (LockScreen,),
        notes=(
            "Type your passphrase and press enter: you return to exactly where "
            "you were.",
        ),
    ),
    Section(
        "If today is hard",
        (SupportScreen,),
        also=(Also("↑ ↓", "Scroll"),),
        notes=(
            "999 or A&E if anyone is in danger now; your own plan, someone you "
            "trust and your GP (from Settings, once your journal is open); your "
            "organisation's lines; and the national lines for your nation.",
            support.SAFEGUARDING,
        ),
    ),
    Section(
        "Marks in someone's words",
        (),
        notes=(
            "A mark such as ␛ or <U+202E> stands for a hidden character in what "
            "was typed or sent, one that could move the cursor, change the "
            "window's title or turn text around. reflect shows the mark instead, "
            "so words never act on your screen; they are kept exactly as written.",
        ),
    ),
)

INTERNAL: dict[tuple[type[DOMNode], str], str] = {
    (Checkbox, "space"): "listed with each form as 'space Tick or untick a box'",
    (HelpScreen, "escape"): "the help's own way out: the introduction says it",
    (HelpScreen, "question_mark"): "closes the help: the introduction says ? opens it",
    (UnlockScreen, "f2"): "the app's own f2, also in the unlock screen's footer: "
    "listed under Anywhere",
}
"""Bindings the help leaves out, each with why, by class and key: everything
else is listed."""


def bindings_of(owner: type[DOMNode]) -> Iterator[Binding]:
    """The bindings reflect gives a class, its own and those it inherits from
    reflect's classes (Textual's own are left to Textual), one per key."""
    seen: set[str] = set()
    for cls in owner.__mro__:
        if not cls.__module__.startswith("reflect.") or "BINDINGS" not in vars(cls):
            continue
        declared: list[BindingType] = vars(cls)["BINDINGS"]
        for binding in Binding.make_bindings(declared):
            if binding.key not in seen:  # a subclass's own binding wins
                seen.add(binding.key)
                yield binding


def words_of(binding: Binding) -> str:
    """What a key does, as the help says it."""
    return binding.tooltip or binding.description


def rows(
    section: Section,
    app_class: type[DOMNode],
    key_display: Callable[[Binding], str],
) -> list[Row]:
    """The section's lines: its bindings (keys that do the same thing share a
    line, as `+ or =` does), then the widget keys."""
    lines: dict[str, list[str]] = {}
    for owner in section.owners:
        cls = app_class if owner == APP else owner
        assert not isinstance(cls, str)
        for binding in bindings_of(cls):
            if (cls, binding.key) in INTERNAL:
                continue
            shown = key_display(binding)
            keys = lines.setdefault(words_of(binding), [])
            if shown not in keys:
                keys.append(shown)
    found = [Row(" or ".join(keys), words) for words, keys in lines.items()]
    return found + [Row(also.keys, also.words) for also in section.also]


def section_for(screen: type[DOMNode]) -> str | None:
    """The heading that lists a screen's keys (help opens there), if any."""
    for section in SECTIONS:
        if any(owner == screen for owner in section.owners):
            return section.title
    return None


def pages(
    app_class: type[DOMNode], key_display: Callable[[Binding], str]
) -> list[HelpPage]:
    """Every section as the help screen shows it, keys as this terminal names them."""
    return [
        HelpPage(section.title, rows(section, app_class, key_display), section.notes)
        for section in SECTIONS
    ]
