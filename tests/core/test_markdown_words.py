"""Markdown files keep people's words: rendered back, they are what was typed.

Each test renders what reflect wrote with markdown-it-py (CommonMark, raw
HTML off, as a reader's app would) and compares the text a reader sees with
what the worker or supervisor typed: every `<`, `*`, `#` and line break
there, escaped with backslashes and never with HTML entities.
"""

from __future__ import annotations

import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reflect.core.clock import iso
from reflect.core.export.entries import entry_markdown, write_markdown
from reflect.core.journal import Journal
from reflect.core.mdescape import block, inline
from reflect.core.models import NOTE_STEP
from reflect.core.sharing import Comment
from reflect.core.text import visible

TITLE = "Title with <script>alert(1)</script> and [b]x[/b] #"
BODY = [
    "They said <sigh> I give up",
    "Team meeting ran over again",
    "Felt rushed, <i>x</i> and **stars** & &amp; \\*",
    "1. not a list",
    "# not a heading",
]
COMMENT = ["<i>next time</i> try **this**", "> not a quote", "- not a list either"]
PRIVATE = ["Mine: <b>only</b>", "", "`not code` ~~still here~~ | a | b |"]
NBSP = "\u00a0"


def _seen(token: Token) -> str:
    """What a reader sees of one inline token; formatting shows as a tag."""
    if token.type == "text":
        return token.content
    if token.type == "hardbreak":
        return "\n"
    return f"⟨{token.type}⟩"  # emphasis, code, a soft break: the words changed


def rendered(markdown: str) -> list[tuple[str, str]]:
    """Each block of text a reader sees, as (where it is, its text)."""
    md = MarkdownIt("commonmark", {"html": False})
    out: list[tuple[str, str]] = []
    where: list[str] = []
    for token in md.parse(markdown):
        if token.nesting == 1:
            where.append(token.tag)
        elif token.nesting == -1:
            where.pop()
        elif token.type == "inline":
            text = "".join(_seen(child) for child in token.children or [])
            out.append(("/".join(where), text))
    return out


def paragraphs(text: str) -> list[str]:
    """The worker's paragraphs as a reader sees them: lines as typed (control
    codes as visible marks), blank lines between, a line's indent as no-break
    spaces (a tab as four). A paragraph's first line shows no indent: the
    renderer trims the start of every paragraph."""
    found: list[list[str]] = [[]]
    for line in visible(text).splitlines():
        words = line.strip()
        if not words:
            if found[-1]:
                found.append([])
            continue
        indent = line[: len(line) - len(line.lstrip())] if found[-1] else ""
        found[-1].append(indent.replace(" ", NBSP).replace("\t", NBSP * 4) + words)
    return ["\n".join(p) for p in found if p]


def test_an_exported_entry_reads_back_as_written(journal: Journal) -> None:
    entry = journal.notes.add("\n".join([TITLE, *BODY]), tags=["a_b"], ask="Why *me*?")
    journal.entries.set_private_note(entry.id, "\n".join(PRIVATE))
    comment = Comment(
        id="c1",
        entry_id=entry.id,
        version=1,
        step_id=NOTE_STEP,
        author="Sam <supervisor>",
        body="\n".join(COMMENT),
        created_at=iso(journal.now()),
    )
    markdown = entry_markdown(journal.entries.get(entry.id), [comment])
    seen = rendered(markdown)
    assert seen[0] == ("h1", TITLE)
    assert ("p", "\n".join(BODY)) in seen
    assert ("p", "Bring to supervision: Why *me*?") in [
        (where, text.replace("⟨em_open⟩", "").replace("⟨em_close⟩", ""))
        for where, text in seen
    ]
    assert ("blockquote/p", "\n".join(COMMENT)) in seen
    assert any(
        where == "blockquote/p" and text.startswith("⟨strong_open⟩Sam <supervisor>")
        for where, text in seen
    )
    assert [("p", p) for p in paragraphs("\n".join(PRIVATE))] == seen[-2:]
    assert "\\<sigh>" in markdown and "&lt;" not in markdown and "&gt;" not in markdown


def test_the_markdown_export_file_keeps_the_words(journal: Journal) -> None:
    journal.notes.add("\n".join([TITLE, *BODY]))
    out = io.StringIO()
    assert write_markdown(journal, out) == 1
    seen = rendered(out.getvalue())
    assert seen[0] == ("h1", TITLE)
    assert ("p", "\n".join(BODY)) in seen


def test_an_indented_list_keeps_its_indent(journal: Journal) -> None:
    body = [
        "Things to try:",
        "  - ask for a debrief",
        "  - take a break",
        "\tthen rest",
    ]
    entry = journal.notes.add("\n".join(["Indents", *body]))
    seen = rendered(entry_markdown(journal.entries.get(entry.id)))
    shown = "\n".join(body).replace("  ", NBSP * 2).replace("\t", NBSP * 4)
    assert ("p", shown) in seen


LINE = st.text(
    st.one_of(
        st.sampled_from(list("\\`*_[]<>#~|&!-+=.)(;:/0123456789 \tjh")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@example("1. one\n2) two\n\n- three\n+ four\n> five\n=====\n---\n    code")
@example("&amp; &#x41; &copy; AT&T\n<sigh>\n<i>x</i>\n**stars** _u_ `c` ~~s~~")
@example("ends with a backslash \\\n\\\n# heading #\n| a | b |\n|---|---|")
@example("[a link](https://example.org) ![img](x) <https://x.org>\n[ref]: /url")
@example("javascript:alert(1) ftp://x.org //y.org Re:z\nhttps://a.org:80/a_b?c&d")
@example("not indented\n  two spaces\n\tone tab\n      six spaces")
@given(st.lists(LINE, max_size=6).map("\n".join))
def test_any_text_reads_back_line_for_line(text: str) -> None:
    assert [t for _, t in rendered(block(text))] == paragraphs(text)


@settings(max_examples=100, deadline=None)
@example("> not a quote")
@example("1. not a list")
@example("- not a list")
@given(LINE)
def test_any_one_line_reads_back_in_a_list_item_or_a_quote(text: str) -> None:
    flat = " ".join(visible(text).split())
    for markdown, where in ((f"- {inline(text)}", "ul/li/p"),
                            (f"> {inline(text)}", "blockquote/p")):  # fmt: skip
        assert rendered(markdown) == ([(where, flat)] if flat else [])
