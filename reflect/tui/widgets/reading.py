"""An entry for reading: its blocks as plain widgets, one per block.

`reflect.core.reading` lays an entry out; this shows it. Every block is a
`Static` holding a `rich.text.Text`, so what people wrote is shown as they
wrote it (line breaks, `<sigh>`, `**` and all), while the title, questions
and comments still look like what they are through their CSS classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reflect.core.reading import Block, gap_before
from reflect.tui.text import words


def block_widgets(blocks: Sequence[Block]) -> list[Static]:
    """The blocks as widgets, spaced like paragraphs."""
    out = []
    for n, block in enumerate(blocks):
        widget = block_widget(block)
        if gap_before(blocks, n):
            widget.add_class("gap")
        out.append(widget)
    return out


def block_widget(block: Block) -> Static:
    """One block as a widget whose class says what kind of block it is."""
    if block.kind == "comment":
        content = words(block.by, style="bold")
        if block.when:
            content.append_text(words(" " + block.when, style="italic"))
        content.append("\n")
        content.append_text(words(block.text))
    elif block.kind == "items":
        content = Text("\n").join(
            Text("• ").append_text(words(line)) for line in block.text.splitlines()
        )
    else:
        content = words(block.text)
    return Static(content, classes=f"reading-{block.kind}")


class Reading(Vertical):
    """The blocks of one entry, top to bottom; `show` replaces them."""

    DEFAULT_CSS = """
    Reading {
        height: auto;
        padding-bottom: 1;
    }
    Reading > .gap {
        margin-top: 1;
    }
    Reading > .reading-title {
        text-style: bold;
        color: $accent;
    }
    Reading > .reading-facts {
        color: $text-muted;
    }
    Reading > .reading-flag {
        text-style: italic;
    }
    Reading > .reading-heading {
        text-style: bold;
    }
    Reading > .reading-none {
        color: $text-muted;
        text-style: italic;
    }
    Reading > .reading-comment {
        border-left: outer $primary;
        padding-left: 1;
    }
    """

    def __init__(self, blocks: Iterable[Block] = (), **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = list(blocks)

    def compose(self) -> ComposeResult:
        yield from block_widgets(self._blocks)

    def show(self, blocks: Sequence[Block]) -> None:
        """Replace what is shown (after an edit, or a comment added)."""
        self._blocks = list(blocks)
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(block_widgets(self._blocks))
