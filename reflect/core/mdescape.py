"""People's words inside the Markdown files reflect writes, kept as written.

Every Markdown file reflect writes (the journal export, the agenda, the
session record) passes what a person typed through `inline` or `block`, so a
`<sigh>`, a `**`, a line starting "1." or "#" comes out of any CommonMark
reader as the same characters. Escaping is by backslash, which Markdown
readers remove, never by HTML entities (`&lt;`), which a reader of the plain
file would see as noise. Line breaks are kept as hard breaks, so a list typed
one item a line does not run together.
"""

from __future__ import annotations

import re

# Everything that can start inline markup anywhere in a line: escapes, code,
# emphasis, links, raw HTML and autolinks, GFM strikethrough and table pipes.
# `&` only before what reads as an entity. A "#" means something only at the
# start of a line or closing a heading, so only there is it escaped: tags
# such as "#housing" stay readable in the file.
_INLINE = re.compile(r"([\\`*_\[\]<~|])|&(?=#?[A-Za-z0-9]+;)")
# What starts a block at the beginning of a line: heading, quote, list,
# setext or thematic break; or a number and "." or ")" (an ordered list).
_LINE_START = re.compile(r"^(?:([#>\-+=])|(\d{1,9})([.)]))")
# A heading's optional closing sequence: "#"s at the end after a space.
_CLOSING = re.compile(r"(?<=\s)#+$")


def _escape(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)


def _line_start(line: str) -> str:
    """Escape what would make an (already escaped) line start a block."""
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
        line,
    )


def inline(text: str) -> str:
    """A person's words for one line (a title, a name, a fact): no markup.

    Runs of whitespace, line breaks included, become one space, so a title
    cannot start a new block; everything else reads back as typed, even at
    the start of a line or of a list item.
    """
    line = _line_start(_escape(" ".join(text.split())))
    return _CLOSING.sub(lambda m: "\\#" * len(m.group()), line)


def block(text: str) -> str:
    """A person's words as paragraphs: each line break kept, no markup.

    A single line break becomes a hard break (a trailing backslash: visible,
    and not lost to an editor that trims spaces); a blank line starts a new
    paragraph. Each line's leading and trailing spaces are dropped, since
    four leading spaces would make a code block that shows the backslashes.
    """
    paragraphs: list[list[str]] = [[]]
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(_line_start(_escape(line)))
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)
