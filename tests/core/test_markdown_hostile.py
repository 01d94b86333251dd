"""Hostile words in the files reflect writes: shown as text, never run.

The shared corpus (`tests/hostile.py`: terminal escapes, C1 and bidi
controls, Rich markup, `<script>`, `javascript:` links) goes into every field
a person types: titles, answers, tags, the supervision ask, the private note,
a supervisor's name and comment, the agenda's and the session record's
fields. Then:

- each Markdown file, rendered by markdown-it-py with raw HTML *allowed*
  (plain CommonMark, and GFM-like with linkify), holds no element or
  attribute but plain formatting and links to http(s) or mailto; rendered as
  CommonMark, its text is what was typed, control codes shown as marks;
- the agenda's and record's own HTML pages pass the same checks;
- the JSON export holds no control or bidi code point raw, and reading it
  (or importing it into another journal) gives back every word exactly.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reflect.core import agenda, supervision
from reflect.core.access import JournalAccess
from reflect.core.clock import iso
from reflect.core.export.agenda import (
    agenda_html,
    agenda_markdown,
    session_html,
    session_markdown,
)
from reflect.core.export.entries import (
    entry_json,
    entry_markdown,
    import_entries,
    read_json,
    write_json,
    write_markdown,
)
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP, Entry
from reflect.core.paths import JournalPaths
from reflect.core.reflections import Finish
from reflect.core.sharing import Comment
from reflect.core.templates import Library, load_library, shipped_dir
from reflect.core.text import visible
from tests.conftest import FAST_KDF
from tests.hostile import CORPUS, TITLE, everything, hidden_in

pytestmark = pytest.mark.usefixtures("utc_local")

# Links in every form a reader might make one of, besides the corpus's own:
# bare schemes that GitHub, markdown-it's linkify or pandoc turn into links.
LINKS = (
    "ftp://files.example/a xmpp:me@chat.example //evil.example/p "
    "vbscript:msgbox(1) JAVASCRIPT:alert(5) javascript:https://x%0aalert(6) "
    "data:text/html;base64,PHNjcmlwdD4= file:///etc/passwd "
    "https://ok.example/a_b?c=1&d=2 mailto:sam@ok.example www.ok.example"
)
# Only formatting and links: nothing that runs, loads, frames or styles.
FORMATTING = {
    "p", "br", "h1", "h2", "h3", "h4", "em", "strong", "blockquote", "ul", "ol",
    "li", "hr", "a", "code", "pre", "del", "s", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
PAGE = {"html", "head", "meta", "title", "style", "body", "main"}
"""The printable page's own frame around the rendered Markdown."""
CHART = {
    "div", "section", "figure", "figcaption", "svg", "title", "line",
    "polyline", "circle", "text",
}  # fmt: skip
"""The page's own layout and wellbeing charts: plain shapes and words."""
CHART_ATTRS = {
    "class", "role", "aria-label", "aria-hidden", "viewbox", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "points", "fill",
    "stroke", "stroke-width", "stroke-dasharray", "text-anchor", "font-size",
}  # fmt: skip
"""What those may carry: sizes, places and greys; nothing that loads or runs."""
SAFE_SCHEMES = ("http://", "https://", "mailto:")

RENDERERS = {
    "commonmark, html on": MarkdownIt("commonmark", {"html": True}),
    "gfm-like, html on, linkify": MarkdownIt("gfm-like", {"html": True}),
}


class Seen(HTMLParser):
    """What a browser would build from a page: its elements and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in PAGE:  # our own frame: lang, charset, viewport
            return
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("<!--")

    def handle_pi(self, data: str) -> None:
        self.tags.append("<?")

    def unknown_decl(self, data: str) -> None:
        self.tags.append("<![")


def safe_text(html: str, *, page: bool = False) -> str:
    """Check that `html` can run nothing; return the text a reader sees."""
    lowered = html.lower()
    for banned in ("<script", "<iframe", "<img", "<object", "<embed"):
        assert banned not in lowered
    assert page or "<svg" not in lowered
    seen = Seen()
    seen.feed(html)
    seen.close()
    allowed = FORMATTING | PAGE | CHART if page else FORMATTING
    assert set(seen.tags) <= allowed, set(seen.tags) - allowed
    for name, value in seen.attrs:
        assert not name.startswith("on"), (name, value)
        if page and name in CHART_ATTRS:
            assert "url(" not in (value or "").lower(), (name, value)
            continue
        assert name == "href", (name, value)
        assert (value or "").lower().startswith(SAFE_SCHEMES), value
    assert hidden_in(html) == []
    return "".join(seen.text)


def flat(text: str) -> str:
    return " ".join(text.split())


def reads_as_typed(shown: str, typed: Iterable[str]) -> None:
    """Every typed line appears in what a reader sees, as typed (control
    codes as their visible marks; runs of spaces count as one)."""
    seen = flat(shown)
    for text in typed:
        for line in visible(text).splitlines():
            assert flat(line) in seen, line


def check_markdown(markdown: str, typed: Iterable[str]) -> None:
    """A Markdown file: safe under every renderer, read as typed in CommonMark."""
    assert hidden_in(markdown) == []
    shown = {name: safe_text(md.render(markdown)) for name, md in RENDERERS.items()}
    reads_as_typed(shown["commonmark, html on"], typed)


# ---- a journal full of hostile words ---------------------------------------


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([shipped_dir()])


def hostile_entries(journal: Journal, library: Library) -> list[Entry]:
    """A quick note and a guided reflection, every typed field hostile."""
    note = journal.notes.add(
        f"{TITLE}\n{everything()}\n{LINKS}",
        tags=list(CORPUS.values()),
        for_supervision=True,
        ask=CORPUS["links"],
    )
    journal.entries.set_private_note(note.id, everything())
    gibbs = library.get("gibbs")
    reflection = journal.reflections.start(gibbs)
    samples = [*CORPUS.values(), LINKS]
    for position, step in enumerate(gibbs.steps):
        text = "\n".join(samples[position::6])
        journal.reflections.save_answer(reflection, step, position, text)
    journal.reflections.finish(
        reflection,
        Finish(
            title=CORPUS["html"],
            tags=(CORPUS["rich markup"], CORPUS["bidi"]),
            for_supervision=True,
            ask=CORPUS["html more"],
            private_note=f"  indented: {CORPUS['osc clipboard']}\n{LINKS}",
        ),
    )
    return [journal.entries.get(note.id), journal.entries.get(reflection)]


def typed_in(entry: Entry) -> list[str]:
    """Every field of `entry` that a person typed, as stored."""
    return [
        entry.title,
        *(f"#{tag}" for tag in entry.tags),
        entry.ask or "",
        *(a.response for a in entry.answers),
        entry.private_note or "",
    ]


def supervisor_comment(entry: Entry, journal: Journal) -> Comment:
    return Comment(
        id="c1",
        entry_id=entry.id,
        version=1,
        step_id=NOTE_STEP,
        author=f"Sam {CORPUS['osc title']} <b>the supervisor</b>",
        body=f"{everything()}\n{LINKS}",
        created_at=iso(journal.now()),
    )


# ---- Markdown ---------------------------------------------------------------


def test_the_markdown_export_shows_hostile_words_as_text(
    journal: Journal, library: Library
) -> None:
    entries = hostile_entries(journal, library)
    out = io.StringIO()
    assert write_markdown(journal, out) == 2
    markdown = out.getvalue()
    check_markdown(markdown, [text for e in entries for text in typed_in(e)])
    shown = safe_text(RENDERERS["commonmark, html on"].render(markdown))
    assert 'onerror="alert(2)"> <sigh>' in shown
    assert "\\<script>" in markdown and "javascript\\:alert(4)" in markdown


def test_a_supervisors_comment_in_markdown_shows_as_text(
    journal: Journal, library: Library
) -> None:
    note = hostile_entries(journal, library)[0]
    comment = supervisor_comment(note, journal)
    markdown = entry_markdown(note, [comment])
    check_markdown(markdown, [*typed_in(note), comment.author, comment.body])


def test_links_in_markdown_are_http_or_mailto_or_plain_text(journal: Journal) -> None:
    note = journal.notes.add(f"{LINKS}\n{CORPUS['links']}\n{LINKS}")
    markdown = entry_markdown(journal.entries.get(note.id))
    check_markdown(markdown, [LINKS, CORPUS["links"]])
    linked = RENDERERS["gfm-like, html on, linkify"].render(markdown)
    # The web addresses are still links for a reader that makes them.
    assert 'href="https://ok.example/' in linked
    assert 'href="mailto:sam@ok.example"' in linked


def hostile_agenda_journal(journal: Journal, library: Library) -> None:
    """Everything an agenda shows, typed by someone hostile."""
    store = journal.store
    check_in = library.get("wellbeing")
    journal.supervision.save_agreement(supervision.Agreement(supervisor=TITLE))
    journal.supervision.add_action(CORPUS["html"], owner=CORPUS["osc title"])
    Journal(store, lambda: datetime(2026, 3, 2, 18, tzinfo=UTC)).checkins.save(
        check_in,
        {"energy": 3},
        note=everything(),
        bring=True,
    )
    hostile_entries(journal, library)
    prep = journal.agenda.default_preparation(check_in)
    free = agenda.AgendaItem(
        kind="free", title=CORPUS["html more"], ask=LINKS, function="formative"
    )
    items = tuple(replace(i, include_text=True) for i in prep.items) + (free,)
    journal.agenda.save_preparation(replace(prep, items=items))


def test_the_agenda_shows_hostile_words_as_text(
    journal: Journal, library: Library
) -> None:
    hostile_agenda_journal(journal, library)
    built = journal.agenda.gather(library.get("wellbeing"))
    typed = [TITLE, CORPUS["html"], CORPUS["osc title"], everything(), LINKS]
    typed += [b.item.title for b in built.items] + [b.item.ask for b in built.items]
    typed += [a.response for b in built.items for a in b.answers]
    assert any(b.answers for b in built.items)  # the reflection's words are in
    check_markdown(agenda_markdown(built), typed)
    reads_as_typed(safe_text(agenda_html(built), page=True), typed)


def test_the_session_record_shows_hostile_words_as_text(journal: Journal) -> None:
    session = journal.supervision.record_session(
        supervision.Session(
            id="",
            day=date(2026, 3, 2),
            start=CORPUS["csi clear"],
            end=CORPUS["c1 csi"],
            attendees=TITLE,
            items=(
                supervision.SessionItem(
                    title=CORPUS["html"], summary=everything(), outcome=LINKS
                ),
            ),
            decisions=CORPUS["html more"],
            support=CORPUS["links"],
            learning=f"  {CORPUS['bidi']}\n{CORPUS['nul and bell']}",
        ),
        [(CORPUS["html"], CORPUS["rich markup"], None)],
    )
    actions = [journal.supervision.action(a) for a in session.actions]
    typed = [
        session.start, session.end, session.attendees, session.items[0].title,
        session.items[0].summary, session.items[0].outcome, session.decisions,
        session.support, session.learning, actions[0].text, actions[0].owner,
    ]  # fmt: skip
    check_markdown(session_markdown(session, actions), typed)
    reads_as_typed(safe_text(session_html(session, actions), page=True), typed)


# ---- JSON -------------------------------------------------------------------


def test_the_json_export_escapes_control_codes_and_loses_nothing(
    journal: Journal, library: Library, tmp_path: Path
) -> None:
    entries = hostile_entries(journal, library)
    out = io.StringIO()
    write_json(journal, out)
    text = out.getvalue()
    assert hidden_in(text) == []
    # Still exactly what was typed, to any JSON reader ...
    stored = [entry_json(e) for e in entries]
    assert json.loads(text)["entries"] == stored
    assert "\x1b]0;owned" in entries[0].title and "\u202e" in entries[1].tags[1]
    # ... and to reflect, in another journal.
    other = JournalAccess(JournalPaths(tmp_path / "other"), kdf_iter=FAST_KDF)
    fresh = other.create("another passphrase")
    try:
        assert import_entries(fresh, read_json(text)).added == 2
        assert [entry_json(fresh.entries.get(e.id)) for e in entries] == stored
    finally:
        fresh.store.close()
