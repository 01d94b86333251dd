"""An entry laid out for reading, once, for every way of showing it.

The app's entry view, the supervisor's view of a shared entry, `reflect show`
and the Markdown export show the same parts in the same order, so the
layout is decided here, as a list of blocks. A block holds plain text:
exactly what a person wrote, or our own words for labels. It is never
markup. Each interface renders blocks its own way (widgets, terminal lines,
escaped Markdown), which is what keeps a `<sigh>`, a `**` or a single line
break from being swallowed by a renderer that reads them as formatting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from reflect.core.clock import local_display
from reflect.core.mdescape import block, inline
from reflect.core.models import SCALE_POINTS, Entry, note_body
from reflect.core.models import UNNAMED_SUPERVISOR as UNNAMED
from reflect.core.text import whole_number

if TYPE_CHECKING:  # only the types; the TUI reading view need not load sharing
    from reflect.core.reviewing import Received
    from reflect.core.sharing import Comment, Review
    from reflect.core.templates import Library

Kind = Literal["title", "facts", "flag", "heading", "text", "items", "none", "comment"]
"""What a block is, which decides only how it looks:

title: the entry's title · facts: a line of when, what and tags ·
flag: a short note about the entry (its supervision ask, where it came from) ·
heading: a question or a section's name · text: what someone wrote, line
breaks and all · items: one item a line (actions) · none: our placeholder for
a missing answer · comment: a supervision comment, `by` and `when` saying
whose and when.
"""


@dataclass(frozen=True)
class Block:
    """One part of an entry as it is read."""

    kind: Kind
    text: str
    by: str = ""
    """For a comment: who wrote it (or "My comment", for the supervisor's own)."""
    when: str = ""
    """For a comment: when, and on which version, in words."""


# ---- laying out -----------------------------------------------------------


def entry_blocks(
    entry: Entry,
    comments: Sequence[Comment] = (),
    origin: str | None = None,
    reviews: Sequence[Review] = (),
    shows: Sequence[str] = (),
    labels: Mapping[str, Sequence[str]] | None = None,
) -> list[Block]:
    """A worker's entry: title, facts, each question and answer, comments.

    Supervision comments sit under the answer they were written about, so
    the worker reads them in context; comments on the whole entry (or on an
    answer the entry no longer has) follow the answers. A supervisor's mark
    that they read a shared version is a flag at the top, with who and when,
    so the worker knows it was read even when nothing was said. The private
    note comes last, marked as never shared. `shows` are its portfolio
    links in words (`portfolio.shows_lines`), one flag each. `labels` are
    its pack's scale labels by step (`Library.scale_labels`), so a point on
    a scale reads with the words it was chosen by.
    """
    labels = labels or {}
    out = [Block("title", entry.title or "Untitled")]
    facts = [local_display(entry.created_at)]
    if entry.kind == "note":
        facts.append("quick note")
    else:
        facts.append(f"reflection ({entry.template_id})")
    if entry.status == "draft":
        facts.append("draft")
    if entry.tags:
        facts.append(" ".join(f"#{t}" for t in entry.tags))
    out.append(Block("facts", " · ".join(facts)))
    if entry.functions:
        out.append(
            Block("flag", "Supervision functions: " + ", ".join(entry.functions))
        )
    if entry.for_supervision:
        ask = f": {entry.ask}" if entry.ask else ""
        out.append(Block("flag", f"Bring to supervision{ask}"))
    if entry.shareable:
        out.append(Block("flag", "Can be shared with my supervisor"))
    if origin:
        out.append(Block("flag", f"Imported from {origin}"))
    out += [Block("flag", f"Shows: {line}") for line in shows]
    out += [_reviewed(review) for review in reviews]
    for answer in entry.answers:
        response = answer.response.strip()
        if answer.question:
            out.append(Block("heading", answer.question))
        elif entry.kind == "note":
            response = note_body(response, entry.title)
        if response or answer.question:
            out.append(
                _answer(answer.input_type, response, labels.get(answer.step_id, ()))
            )
        out += [_comment(c) for c in comments if c.step_id == answer.step_id]
    steps = {a.step_id for a in entry.answers}
    general = [c for c in comments if c.step_id is None or c.step_id not in steps]
    if general:
        out.append(Block("heading", "Comments from supervision"))
        out += [_comment(c) for c in general]
    if entry.private_note and entry.private_note.strip():
        out.append(Block("heading", "Private note (never shared)"))
        out.append(Block("text", entry.private_note.strip()))
    return out


def snapshot_blocks(
    item: Received,
    comments: Iterable[Comment],
    versions: Sequence[int] = (),
    packs: Library | None = None,
) -> list[Block]:
    """A shared entry as the supervisor reads it, with their own comments.

    Questions are numbered, because a comment is pinned to an answer by its
    number (the app's comment box and `reflect comment --step N` both take
    it); every answer is numbered, a blank one too, so the numbers never
    shift. `comments` are the supervisor's own on this version; `versions`
    are every version that came in, named when there is more than one.
    A point on a scale reads with its words when `packs` (the reader's own)
    has the very version of the pack the entry was written with.
    """
    snap: dict[str, Any] = item.snapshot
    mine = list(comments)
    facts = [f"Shared by {item.supervisee}", f"version {item.version}"]
    if len(versions) > 1:
        facts[-1] += f" of {len(versions)}"
    facts.append(f"received {local_display(item.received_at, '%d %b %Y')}")
    if item.reviewed_at:
        facts.append(f"reviewed {local_display(item.reviewed_at, '%d %b %Y')}")
    out = [
        Block("title", str(snap.get("title") or "Untitled")),
        Block("facts", " · ".join(facts)),
    ]
    if snap.get("ask"):
        out.append(Block("flag", f"What they want from supervision: {snap['ask']}"))
    answers = snap.get("answers") or []
    labels: Mapping[str, Sequence[str]] = {}
    if packs is not None and any(a.get("input_type") == "scale" for a in answers):
        pack, version = snap.get("template_id"), snap.get("template_version")
        if isinstance(pack, str) and isinstance(version, str):
            labels = packs.scale_labels(pack, version)
    on_answers, whole = comments_by_answer(answers, mine)
    for n, (answer, on_it) in enumerate(zip(answers, on_answers, strict=True), 1):
        out.append(Block("heading", f"{n}. {answer.get('question') or 'Note'}"))
        response = str(answer.get("response") or "").strip()
        kind = str(answer.get("input_type") or "text")
        step = answer.get("step_id")
        on_scale = labels.get(step, ()) if isinstance(step, str) else ()
        out.append(_answer(kind, response, on_scale))
        out += [_mine(c) for c in on_it]
    if whole:
        out.append(Block("heading", "My comments on the whole entry"))
        out += [_mine(c) for c in whole]
    return out


def comments_by_answer(
    answers: Sequence[dict[str, Any]], comments: Iterable[Comment]
) -> tuple[list[list[Comment]], list[Comment]]:
    """Which of a shared entry's answers each comment is on, in one place
    for the app, `reflect read` and its JSON: a list per answer, in order,
    and the comments on the whole entry (those pinned to no answer, or to a
    step this version does not have)."""
    mine = list(comments)
    steps = {answer.get("step_id") for answer in answers}
    return (
        [[c for c in mine if c.step_id == a.get("step_id")] for a in answers],
        [c for c in mine if c.step_id is None or c.step_id not in steps],
    )


def _mine(comment: Comment) -> Block:
    """One of the supervisor's own comments: when, and whether it has gone."""
    sent = "sent" if comment.sent else "not sent yet"
    when = f"({local_display(comment.created_at)}, {sent}):"
    return Block("comment", comment.body.strip(), by="My comment", when=when)


def _reviewed(review: Review) -> Block:
    when = local_display(review.at, "%d %b %Y")
    return Block(
        "flag", f"Reviewed by {review.by} on {when} (version {review.version})"
    )


def _comment(comment: Comment) -> Block:
    when = local_display(comment.created_at)
    # The author starts a sentence ("Your supervisor commented on ..."). Only
    # our own stand-in gets a capital: a name is shown as its owner typed it.
    by = "Your supervisor" if comment.author == UNNAMED else comment.author
    return Block(
        "comment",
        comment.body.strip(),
        by=by,
        when=f"commented on {when} (version {comment.version}):",
    )


def _answer(input_type: str, response: str, labels: Sequence[str] = ()) -> Block:
    """A stored answer in words a reader expects."""
    if not response:
        return Block("none", "(no answer)")
    if input_type == "scale":
        point = whole_number(response) or 0
        if len(labels) == SCALE_POINTS and 1 <= point <= SCALE_POINTS:
            return Block("text", f"{response} of 5 ({labels[point - 1]})")
        return Block("text", f"{response} of 5")
    if input_type == "action":
        lines = [line.strip() for line in response.splitlines() if line.strip()]
        return Block("items", "\n".join(lines))
    if input_type == "supervision":
        bring, _, ask = response.partition(":")
        if bring.strip() != "yes":
            return Block("text", "Not for supervision")
        ask = ask.strip()
        return Block(
            "text", f"Bring to supervision: {ask}" if ask else "Bring to supervision"
        )
    if input_type == "tags":
        return Block("text", " ".join(f"#{t.lstrip('#')}" for t in response.split()))
    return Block("text", response)


def gap_before(blocks: Sequence[Block], n: int) -> bool:
    """Whether a blank line goes above block `n` when shown as lines.

    As between paragraphs: above the title, each heading and each comment,
    and between the facts and flags at the top and what follows them; a
    question's answer sits right under it.
    """
    kind = blocks[n].kind
    if kind in ("title", "heading", "comment"):
        return True
    before = blocks[n - 1].kind if n else None
    if before not in ("facts", "flag"):
        return False
    return not (before == kind == "flag")


# ---- as Markdown ----------------------------------------------------------


def blocks_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as CommonMark, every person's word escaped (see mdescape)."""
    lines: list[str] = []
    for n, part in enumerate(blocks):
        if part.kind == "title":
            lines += [f"# {inline(part.text)}", ""]
        elif part.kind == "heading":
            lines += [f"## {inline(part.text)}", ""]
        elif part.kind == "facts":
            lines += [inline(part.text), ""]
        elif part.kind == "flag":
            # Consecutive flags read as one paragraph, one flag a line.
            more = n + 1 < len(blocks) and blocks[n + 1].kind == "flag"
            lines.append(f"*{inline(part.text)}*" + ("\\" if more else ""))
            if not more:
                lines.append("")
        elif part.kind == "text":
            lines += [block(part.text), ""]
        elif part.kind == "items":
            lines += [f"- {inline(line)}" for line in part.text.splitlines()] + [""]
        elif part.kind == "none":
            lines += [f"*{inline(part.text)}*", ""]
        else:  # a comment: a quote that says who wrote it
            body = block(part.text).splitlines()
            when = f" {inline(part.when)}" if part.when else ":"
            lines += [f"> **{inline(part.by)}**{when}", ">"]
            lines += [f"> {line}".rstrip() for line in body] + [""]
    return "\n".join(lines).rstrip() + "\n"
