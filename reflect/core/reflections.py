"""Guided reflections: one answer per step, autosaved, then finished.

A reflection is a draft from its first answer. Every answer keeps its
question as asked, and the entry remembers the step the worker was on, so a
draft reopens exactly where it was left, even after the pack is edited.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from reflect.core.clock import iso, parse_iso
from reflect.core.drafts import Drafts, DraftSave
from reflect.core.entry_rows import EntryRows
from reflect.core.errors import ReflectError
from reflect.core.models import (
    FUNCTIONS,
    NOTE_STEP,
    Answer,
    Entry,
    Marks,
    Step,
    Template,
    note_body,
    title_from_text,
)
from reflect.core.service import Bound, Service
from reflect.core.supervision import Supervision


@dataclass(frozen=True)
class Finish:
    """What the finish screen collects."""

    title: str
    tags: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    for_supervision: bool = False
    ask: str | None = None
    shareable: bool = False
    private_note: str | None = None

    @property
    def marks(self) -> Marks:
        """The part a quick note sets too (see `journal.entries.set_marks`)."""
        return Marks(self.for_supervision, self.ask, self.shareable, self.private_note)


def suggested_title(
    entry: Entry, pack_title: str, watch_list: Sequence[str] = ()
) -> str:
    """The title the finish screen offers, safe to travel onto an agenda.

    While a reflection is a draft its title follows the first answer, and
    a title goes wherever the entry goes: into the agenda's plain file,
    shared or not. So the first answer's first line is offered only when
    the privacy scan finds nothing in it; otherwise the pack's name and the
    month ("Gibbs' reflective cycle, December 2026"). A finished entry's
    title is the worker's own choice and is kept as it is.
    """
    from reflect.core.privacy import scan  # its patterns compile on first use

    if entry.status == "complete" and entry.title.strip():
        return entry.title
    candidate = entry.title.strip()
    if not candidate:
        candidate = next(
            (
                title_from_text(a.response)
                for a in entry.answers
                if a.input_type == "text" and a.response.strip()
            ),
            "",
        )
    if candidate and not scan(candidate, watch_list):
        return candidate
    month = parse_iso(entry.created_at).astimezone()
    return f"{pack_title}, {month:%B %Y}"


class Reflections(Service):
    """Starting, answering, finishing and converting guided reflections.

    `journal.reflections`. Saves go through `journal.drafts` for the rules
    that keep a second window's words (siblings, take-overs, presence).
    """

    def __init__(self, bound: Bound, drafts: Drafts, supervision: Supervision) -> None:
        super().__init__(bound)
        self._rows = EntryRows(bound)
        self._drafts = drafts
        self._supervision = supervision

    def start(self, template: Template) -> str:
        """Open a draft that records the pack's id and version and functions."""
        entry_id = str(uuid.uuid4())
        stamp = iso(self._now())
        with self._store.write():
            self._rows.insert(
                entry_id,
                stamp,
                kind="reflection",
                template_id=template.id,
                template_version=template.version,
                title="",
                status="draft",
                current_step=template.steps[0].id if template.steps else None,
                functions=",".join(template.functions),
            )
        return entry_id

    def save_answer(
        self,
        entry_id: str,
        step: Step,
        position: int,
        response: str,
        *,
        base: int | None = None,
    ) -> DraftSave:
        """Autosave one answer, copying the question exactly as it was asked.

        The copy keeps an old reflection unchanged when its pack is edited
        later. The entry remembers this step so a draft reopens here. A draft
        without a title borrows one from its first answer, so lists show it,
        and follows it while the title is still the one it borrowed.

        A window passes `base`, the answer's revision it last read. When
        another window has saved since, its newer words stay and these go to
        a sibling draft in the same transaction (see `DraftSave`), as they do
        when another window has taken the entry over since this one opened
        it: that window writes here now. The save also renews the window's
        presence on the entry (or claims it when new).
        """
        stamp = iso(self._now())

        def as_sibling() -> DraftSave:
            return self._drafts.keep_as_sibling(
                entry_id, step.id, position, step.question, step.input, response, stamp
            )

        with self._store.write():
            if base is not None and not self._rows.exists(entry_id):
                return DraftSave(entry_id, 0, gone=True)
            if base is not None and self._drafts.taken_over(
                entry_id, step.id, response, stamp
            ):
                return replace(as_sibling(), taken=True)
            # The title a draft's first answer gave it, so far: a draft keeps
            # following its first answer until it has a title of its own (a
            # note carried on keeps the note's title).
            followed = ""
            if position == 0:
                old = self._conn.execute(
                    "SELECT response FROM answers WHERE entry_id = ? AND step_id = ?",
                    [entry_id, step.id],
                ).fetchone()
                followed = title_from_text(old[0]) if old else ""
            revision = self._rows.write_answer(
                entry_id,
                step.id,
                position,
                step.question,
                response,
                step.input,
                stamp,
                base,
            )
            if revision is None:
                return as_sibling()
            self._conn.execute(
                "UPDATE entries SET updated_at = ?, current_step = ?, title = CASE "
                "WHEN status = 'draft' AND ? = 0 AND title = sibling_mark || ? "
                "THEN sibling_mark || ? ELSE title END WHERE id = ?",
                [
                    stamp,
                    step.id,
                    position,
                    followed,
                    title_from_text(response),
                    entry_id,
                ],
            )
            if base is not None:  # a window's save says it is still there
                self._drafts.renew_within(entry_id, stamp)
        return DraftSave(entry_id, revision)

    def set_current_step(self, entry_id: str, step_id: str) -> None:
        """Remember where the worker is, even when they only moved."""
        with self._store.write():
            self._conn.execute(
                "UPDATE entries SET current_step = ? WHERE id = ?", [step_id, entry_id]
            )

    def restore_answers(
        self,
        entry_id: str,
        answers: Iterable[Answer],
        title: str | None = None,
        *,
        bases: Mapping[str, int] | None = None,
    ) -> bool:
        """Put an entry's answers (and title) back as they were: discard changes.

        With `bases` (each answer's revision as this window last saw it),
        only this window's own changes go back: an answer another window has
        saved since keeps its newer words, and the title stays with them.
        Returns False when something was kept that way. Every write moves the
        revision on, so no window mistakes the restored words for its own.
        """
        restored = list(answers)
        wanted = {a.step_id for a in restored}
        kept_newer = False
        with self._store.write():
            present = self._drafts.revisions(entry_id)
            for step_id in present.keys() - wanted:
                params: list[object] = [entry_id, step_id]
                guard = ""
                if bases is not None:
                    guard = " AND revision = ?"
                    params.append(bases.get(step_id, 0))
                gone = self._conn.execute(
                    f"DELETE FROM answers WHERE entry_id = ? AND step_id = ?{guard}",
                    params,
                ).rowcount
                kept_newer = kept_newer or not gone
            for a in restored:
                revision = self._rows.write_answer(
                    entry_id,
                    a.step_id,
                    a.position,
                    a.question,
                    a.response,
                    a.input_type,
                    a.updated_at,
                    None if bases is None else bases.get(a.step_id, 0),
                )
                kept_newer = kept_newer or revision is None
            if title is not None and not kept_newer:
                self._conn.execute(
                    "UPDATE entries SET title = ? WHERE id = ?", [title, entry_id]
                )
        return not kept_newer

    def finish(self, entry_id: str, finish: Finish) -> None:
        """Complete the entry with what the finish screen chose, all at once."""
        self.save_finish(entry_id, finish, complete=True)

    def save_finish(self, entry_id: str, finish: Finish, *, complete: bool) -> None:
        """Keep what the finish screen holds; `complete` also finishes the entry.

        Called as the worker types on the finish screen too, so a title, tags or
        a private note are never lost to a quit or the idle lock. Actions are
        made only when the entry is completed.
        """
        unknown = set(finish.functions) - set(FUNCTIONS)
        if unknown:
            raise ReflectError(f"unknown supervision function: {sorted(unknown)[0]}")
        # A finished sibling draft is an entry like any other: its mark
        # stops following the title (the worker chose the title here).
        status = ", status = 'complete', sibling_mark = ''" if complete else ""
        with self._store.write():
            self._conn.execute(
                f"UPDATE entries SET title = ?{status}, functions = ?, "
                "updated_at = ? WHERE id = ?",
                [
                    finish.title.strip(),
                    ",".join(f for f in FUNCTIONS if f in finish.functions),
                    iso(self._now()),
                    entry_id,
                ],
            )
            self._rows.replace_tags(entry_id, finish.tags)
            self._rows.set_marks(entry_id, finish.marks)
            if not complete:
                return
            lines = [
                line
                for (response,) in self._conn.execute(
                    "SELECT response FROM answers WHERE entry_id = ? "
                    "AND input_type = 'action' ORDER BY position",
                    [entry_id],
                )
                for line in response.splitlines()
            ]
            self._supervision.actions_from_entry(entry_id, lines)

    def convert_note(self, entry_id: str, template: Template) -> None:
        """Turn a quick note into a guided reflection; its body is the first answer.

        The note's first line is its title and stays its title, shown once:
        the first answer holds the rest (`note_body`), so the reflection does
        not open by repeating its own heading. A finished note stays
        finished: carrying it on is editing it, as with any finished
        reflection, never a step back to a draft, so a quit or the idle lock
        part-way leaves a finished entry with every word in it. The writer
        waits at the second step, or at the first when the note was its title
        alone. The renamed answer's revision moves on, as with any write: a
        window still writing the note then keeps its words as a note beside
        this one, never as a second first answer here. `back_to_note` undoes
        this.
        """
        if not template.steps:
            raise ReflectError(f"the pack {template.id!r} has no steps")
        first = template.steps[0]
        stamp = iso(self._now())
        with self._store.write():
            row = self._conn.execute(
                "SELECT kind, title FROM entries WHERE id = ?", [entry_id]
            ).fetchone()
            if row is None or row[0] != "note":
                raise ReflectError("only a quick note can be turned into a reflection")
            text = self._conn.execute(
                "SELECT response FROM answers WHERE entry_id = ? AND step_id = ?",
                [entry_id, NOTE_STEP],
            ).fetchone()
            body = note_body(text[0], row[1]) if text else ""
            renamed = [first.id, first.question, first.input, body, stamp]
            self._conn.execute(
                "UPDATE answers SET step_id = ?, question = ?, input_type = ?, "
                "position = 0, response = ?, updated_at = ?, "
                "revision = revision + 1 WHERE entry_id = ? AND step_id = ?",
                [*renamed, entry_id, NOTE_STEP],
            )
            following = first.id
            if body.strip() and len(template.steps) > 1:
                following = template.steps[1].id
            self._conn.execute(
                "UPDATE entries SET kind = 'reflection', template_id = ?, "
                "template_version = ?, current_step = ?, functions = ?, "
                "updated_at = ? WHERE id = ?",
                [
                    template.id,
                    template.version,
                    following,
                    ",".join(template.functions),
                    stamp,
                    entry_id,
                ],
            )

    def back_to_note(
        self, entry_id: str, note: Entry, bases: Mapping[str, int]
    ) -> bool:
        """Make a note carried on as a reflection the quick note it was again.

        `note` is the entry as it was before `convert_note`; it comes back
        word for word, finished if it was finished, with its title and its
        time of last change, as if never guided. Only this window's work is
        taken back: when another window has saved into the reflection since
        (an answer's revision is not what `bases` says this window last saw),
        or it was removed, nothing changes and the answer is False. The
        note's text gets a revision past every one the entry has had, so no
        window still holding an older one mistakes it for its own.
        """
        with self._store.write():
            row = self._conn.execute(
                "SELECT kind FROM entries WHERE id = ? AND deleted_at IS NULL",
                [entry_id],
            ).fetchone()
            present = self._drafts.revisions(entry_id)
            if row is None or row[0] != "reflection":
                return False
            if any(bases.get(step, 0) != rev for step, rev in present.items()):
                return False
            revision = max(present.values(), default=0) + 1
            self._conn.execute("DELETE FROM answers WHERE entry_id = ?", [entry_id])
            self._conn.executemany(
                "INSERT INTO answers (entry_id, step_id, position, question, "
                "input_type, response, updated_at, revision) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        entry_id,
                        a.step_id,
                        a.position,
                        a.question,
                        a.input_type,
                        a.response,
                        a.updated_at,
                        revision,
                    )
                    for a in note.answers
                ],
            )
            self._conn.execute(
                "UPDATE entries SET kind = ?, template_id = ?, template_version = ?, "
                "title = ?, status = ?, current_step = ?, functions = ?, "
                "updated_at = ? WHERE id = ?",
                [
                    note.kind,
                    note.template_id,
                    note.template_version,
                    note.title,
                    note.status,
                    note.current_step,
                    ",".join(note.functions),
                    note.updated_at,
                    entry_id,
                ],
            )
        return True


def tags_from_answers(responses: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Tags typed into `tags` steps (input type, response pairs), merged."""
    found: list[str] = []
    for input_type, response in responses:
        if input_type == "tags":
            found.extend(response.replace(",", " ").split())
    return tuple(found)
