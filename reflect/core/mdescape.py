"""People's words inside the Markdown files reflect writes, kept as written.

Every Markdown file reflect writes (the journal export, the agenda, the
session record) passes what a person typed through `inline` or `block`, so a
`<sigh>`, a `**`, a line starting "1." or "#" comes out of any CommonMark
reader as the same characters. Escaping is by backslash, which Markdown
readers remove, never by HTML entities (`&lt;`), which a reader of the plain
file would see as noise. Line breaks are kept as hard breaks, so a list typed
one item a line does not run together.

The escaping also keeps the files safe to render, even by a reader that
allows raw HTML: no `<` of a person's reaches a reader as a tag, no link
can form from their words except a bare `http(s)` or `mailto` address that
a reader's own autolinking may pick up, and control and bidi code points
are shown as visible marks (`text.visible`), never written to the file.
"""

from __future__ import annotations

import re

from reflect.core.text import visible

# Everything that can start inline markup anywhere in a line: escapes, code,
# emphasis, links, raw HTML and autolinks, GFM strikethrough and table pipes.
# `&` only before what reads as an entity. A "#" means something only at the
# start of a line or closing a heading, so only there is it escaped: tags
# such as "#housing" stay readable in the file.
_MARKUP = r"[\\`*_\[\]<~|]|&(?=#?[A-Za-z0-9]+;)"
_INLINE = re.compile(_MARKUP)
# CommonMark makes no link from escaped text, but readers that autolink bare
# addresses do (GitHub: http, https, ftp, www and email; markdown-it's
# linkify: "//host" too; pandoc: any scheme it knows). An http(s) or mailto
# address, up to the next space, may stay a link: only its markup is
# escaped. Anywhere else the colon after a scheme is escaped
# ("javascript\:alert(1)", "data\:", "ftp\:"), and so is the second slash
# of "//", so no reader makes a link of them.
_ESCAPE = re.compile(
    r"(?i:(?<![a-z0-9+.\-])(?P<web>(?:https?|mailto):\S*))"
    rf"|{_MARKUP}"
    r"|(?i:(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]*:(?=\S))"
    r"|//"
)
# What starts a block at the beginning of a line: heading, quote, list,
# setext or thematic break; or a number and "." or ")" (an ordered list).
_LINE_START = re.compile(r"^(?:([#>\-+=])|(\d{1,9})([.)]))")
# A heading's optional closing sequence: "#"s at the end after a space.
_CLOSING = re.compile(r"(?<=\s)#+$")


def _backslash(m: re.Match[str]) -> str:
    if m.lastgroup == "web":
        return _INLINE.sub(_backslash, m.group())
    # Before the one character that means something: the only one matched,
    # or the colon after a scheme, or the second of two slashes.
    whole = m.group()
    return f"{whole[:-1]}\\{whole[-1]}"


def _escape(text: str) -> str:
    return _ESCAPE.sub(_backslash, text)


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
    the start of a line or of a list item. Control and bidi code points are
    shown as marks (`text.visible`) before anything else, so none reaches
    the file and none can hide or reorder the words around it.
    """
    line = _line_start(_escape(" ".join(visible(text).split())))
    return _CLOSING.sub(lambda m: "\\#" * len(m.group()), line)


# A space or tab at the start of a line is indentation to Markdown: dropped,
# or (four of them) a code block that would show our backslashes. A no-break
# space is text to Markdown, so a worker's indent is written with those: it
# looks the same in the plain file and stays when rendered (except on a
# paragraph's first line in markdown-it, which trims it as whitespace).
_INDENT = str.maketrans({" ": "\u00a0", "\t": "\u00a0" * 4})


def block(text: str) -> str:
    """A person's words as paragraphs: each line break kept, no markup.

    A single line break becomes a hard break (a trailing backslash: visible,
    and not lost to an editor that trims spaces); a blank line starts a new
    paragraph. A line's leading spaces are kept as no-break spaces (a tab as
    four), so an indented list or a poem keeps its shape; trailing spaces are
    dropped. Control and bidi code points are shown as marks (`text.visible`).
    """
    paragraphs: list[list[str]] = [[]]
    for raw in visible(text).splitlines():
        words = raw.strip()
        if not words:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        indent = raw[: len(raw) - len(raw.lstrip())].translate(_INDENT)
        paragraphs[-1].append(indent + _line_start(_escape(words)))
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)
