"""Every key, screen by screen, in one place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

HELP = """\
# Keys

Everything is also in the command palette: **ctrl+p**, then type.

## Anywhere
| key | what it does |
| --- | --- |
| ctrl+p | command palette: new entries, search, settings, lock, deleted, jrnl import |
| ? | this help (not while typing) |
| ctrl+q | quit (anything being written is kept as a draft) |

## Home
| key | what it does |
| --- | --- |
| n | new reflection: choose a quick note, a model or a theme |
| c | check in: six quick scales, a number each, enter saves |
| w | wellbeing trend (then 1, 2, 3: 4 weeks, 3 months, a year) |
| s | prepare for supervision |
| b, x | when home notices a low stretch: bring it to supervision, or not now |
| / | search |
| , | settings |
| up, down, enter | move through drafts and entries; open one |

## Choosing what to write
| key | what it does |
| --- | --- |
| type | filter the list |
| up, down, enter | choose and start |
| escape | back |

## Writing a reflection
| key | what it does |
| --- | --- |
| ctrl+n | next question (on the last one: finish) |
| ctrl+b | back a question |
| ctrl+o | skip an optional question |
| ctrl+t | show or hide the hint |
| ctrl+g | dismiss the privacy hint for what it found |
| ctrl+s | finish now |
| escape | leave: keep as draft (k), discard (ctrl+d), or keep writing |
| 1 to 5 | on a scale, choose a point (5 is doing well) |

Your words are saved as a draft within two seconds of each pause.

## Finishing
| key | what it does |
| --- | --- |
| tab | next field |
| right arrow | accept a suggested tag |
| space | tick or untick a box |
| ctrl+s | save the reflection |
| escape | back to writing (what you typed here is kept) |

The private note is only for you: it never leaves this computer.

## Preparing for supervision
| key | what it does |
| --- | --- |
| space | put the highlighted item on the agenda, or take it off |
| shift+up, shift+down | move an item up or down |
| + and - | five minutes more or less |
| f | its supervision function |
| a | what I want from this |
| n | an item of my own |
| t | the time available |
| q | think it through with the preparation questions |
| e | export the agenda (Markdown and a printable page) |
| r | record the session |

## Recording a session
| key | what it does |
| --- | --- |
| tab | next field |
| ctrl+s | save the record (its actions come back until done) |

## Settings
| key | what it does |
| --- | --- |
| tab | next field |
| ctrl+s | save |
| escape | leave without saving |

Colours, the privacy watch list (names to flag, kept encrypted), the idle
lock, the wellbeing noticing, and your supervision agreement.

## When reflect is locked
Type your passphrase and press enter: you return to exactly where you were.

## Reading an entry
| key | what it does |
| --- | --- |
| e | edit it |
| g | turn a quick note into a guided reflection (choose the model or theme) |
| t | change its tags (take jrnl-review off once dealt with) |
| d | delete (it can be brought back for 30 days) |
| escape | back |

## Search
| key | what it does |
| --- | --- |
| type | search as you type; filters below the box |
| down, enter | go to the results; open one |
| escape | back |

## Marks in someone's words
A mark such as `␛` or `<U+202E>` stands for a hidden character in what was
typed or sent, one that could move the cursor, change the window's title or
turn text around. reflect shows the mark instead, so words never act on your
screen; they are kept exactly as written.
"""


class HelpScreen(Screen[None]):
    """The help page; escape or ? closes it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.pop_screen", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Markdown(HELP)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
