"""Two windows on one draft: saves that never overwrite unseen words, and presence.

A worker may have reflect open twice on the same journal (two terminals, a
laptop lid closed on one of them). Each answer carries a revision number that
every write moves on. A window saves with the revision it last read, checked
in the same statement as the write, so a window that fell behind cannot
overwrite newer words: its own words are kept instead as a sibling draft,
marked "Written in another window at 14:05 · …", in the same transaction.

Presence says which window has an entry open and when it last said so. A
window renews it every half minute; a record older than two minutes belongs to
a window that has gone (closed, killed, asleep), so it no longer holds the
entry. Time comes from the injected clock, never from the system.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from reflect.core.clock import iso, parse_iso
from reflect.core.entry_rows import EntryRows
from reflect.core.models import NOTE_STEP, Step, Template, title_from_text
from reflect.core.service import Bound, Service

PRESENCE_STALE = timedelta(minutes=2)
"""A window not heard from for longer than this no longer holds its entry."""
PRESENCE_RENEW = timedelta(seconds=30)
"""How often an open window should say it is still there (well inside stale)."""
NOTE_AS_STEP = Step(id=NOTE_STEP, question="")
"""A quick note's one "step", for the calls that take steps."""


@dataclass(frozen=True)
class DraftSave:
    """Where a save put the words, and at which revision."""

    entry_id: str
    """The entry holding the words now: a new sibling when `sibling_of` is set."""
    revision: int
    """The saved answer's revision, to pass as `base` next time."""
    sibling_of: str | None = None
    """Another window had saved newer words into this entry first; they stay."""
    title: str = ""
    """The sibling's title, mark included, to tell the worker where to look."""
    gone: bool = False
    """The entry was discarded or moved to the trash in another window;
    nothing was saved (`keep_as_new` keeps the words)."""
    taken: bool = False
    """Another window took the entry over after this one opened it: the
    words went to the sibling even though nothing newer was saved there."""


@dataclass(frozen=True)
class Holder:
    """Another window that has an entry open."""

    window_id: str
    last_seen: str
    """When it last said so (stored form)."""


class Drafts(Service):
    """Revisions, sibling drafts and presence records for one window.

    `journal.drafts`. The quick-note and reflection services save through
    `keep_as_sibling`, `taken_over` and `renew_within`, inside their own
    save's transaction, so the conflict rules live only here.
    """

    def __init__(self, bound: Bound) -> None:
        super().__init__(bound)
        self._rows = EntryRows(bound)
        self.window_id = str(uuid.uuid4())
        """This window: a random id per open journal, never stored beyond
        the presence records it holds."""

    def revisions(self, entry_id: str) -> dict[str, int]:
        """Each answer's revision by step id: the `base` of the next save."""
        return {
            str(step): int(revision)
            for step, revision in self._conn.execute(
                "SELECT step_id, revision FROM answers WHERE entry_id = ?",
                [entry_id],
            )
        }

    # ---- presence ------------------------------------------------------

    def holder(self, entry_id: str) -> Holder | None:
        """Another window that has this entry open now, if any.

        A record older than two minutes is ignored: that window stopped
        renewing it, so it has closed or stopped without saying so.
        """
        return self._holder(entry_id, self._now())

    def _holder(self, entry_id: str, moment: datetime) -> Holder | None:
        row = self._conn.execute(
            "SELECT window_id, last_seen FROM draft_presence WHERE entry_id = ? "
            "AND window_id <> ? AND last_seen >= ?",
            [entry_id, self.window_id, iso(moment - PRESENCE_STALE)],
        ).fetchone()
        return None if row is None else Holder(str(row[0]), str(row[1]))

    def taken_over(
        self, entry_id: str, step_id: str, response: str, stamp: str
    ) -> bool:
        """Another live window holds the entry this window is saving into.

        There is one record per entry, so another window's record means it
        claimed the entry after this window did (took it over), or that this
        window's own hold went stale and another opened it. Either way that
        window writes in the entry now; this one's save becomes a sibling,
        checked in the save's own transaction so the two cannot race.
        Saving the very words already stored is no conflict: nothing is lost.
        """
        if self._holder(entry_id, parse_iso(stamp)) is None:
            return False
        row = self._conn.execute(
            "SELECT response FROM answers WHERE entry_id = ? AND step_id = ?",
            [entry_id, step_id],
        ).fetchone()
        return row is None or str(row[0]) != response

    def claim(self, entry_id: str, *, take_over: bool = False) -> Holder | None:
        """Hold the entry for this window, unless another live window does.

        Returns that other window (and claims nothing) so the interface can
        ask; `take_over` claims it anyway. The other window keeps its words:
        its next save that meets newer words becomes a sibling draft.
        """
        moment = self._now()
        with self._store.write():
            other = self._holder(entry_id, moment)
            if other is not None and not take_over:
                return other
            self._conn.execute(
                "INSERT INTO draft_presence (entry_id, window_id, last_seen) "
                "VALUES (?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
                "window_id = excluded.window_id, last_seen = excluded.last_seen",
                [entry_id, self.window_id, iso(moment)],
            )
        return None

    def renew(self, entry_id: str) -> bool:
        """Say this window still has the entry open (the heartbeat).

        False when another window has taken it over. A record that has gone
        (its holder let go, or went stale and was cleared) is made again, so
        a long pause never leaves an open draft unheld. Every save a window
        makes renews it too, in the save's own transaction.
        """
        with self._store.write():
            if self.renew_within(entry_id, iso(self._now())):
                return True
            # Nothing written: either the entry is gone (nothing to hold) or
            # another window's record is there.
            return not self._rows.exists(entry_id)

    def renew_within(self, entry_id: str, stamp: str) -> bool:
        """Stamp this window's record, or make it if none; never take another's.

        Called inside a save's own transaction (or `renew`'s), so presence
        and words move together.
        """
        rows = self._conn.execute(
            "INSERT INTO draft_presence (entry_id, window_id, last_seen) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM entries WHERE id = ?) "
            "ON CONFLICT (entry_id) DO UPDATE SET last_seen = excluded.last_seen "
            "WHERE draft_presence.window_id = excluded.window_id RETURNING 1",
            [entry_id, self.window_id, stamp, entry_id],
        ).fetchall()
        return bool(rows)

    def release(self, entry_id: str) -> None:
        """This window has left the entry; another may open it without a word."""
        with self._store.write():
            self._conn.execute(
                "DELETE FROM draft_presence WHERE entry_id = ? AND window_id = ?",
                [entry_id, self.window_id],
            )

    def release_all(self) -> None:
        """This window is closing: let go of everything it held."""
        with self._store.write():
            self._conn.execute(
                "DELETE FROM draft_presence WHERE window_id = ?", [self.window_id]
            )

    # ---- leaving a draft -------------------------------------------------

    def discard(self, entry_id: str, bases: Mapping[str, int]) -> str | None:
        """Remove a draft this window started, unless another window wrote in it.

        `bases` holds each answer's revision as this window last read or
        saved it. The draft goes, in one transaction, only while every answer
        is still at that revision, none is one this window never saw, and it
        is still a draft. Otherwise the entry stays, with the other window's
        words, and the answer is when that window last saved (stored form),
        for the worker to be told; None means nothing is left to keep.
        """
        with self._store.write():
            row = self._conn.execute(
                "SELECT status, updated_at FROM entries WHERE id = ?", [entry_id]
            ).fetchone()
            if row is None:
                return None
            theirs = [
                str(updated_at)
                for step_id, revision, updated_at in self._conn.execute(
                    "SELECT step_id, revision, updated_at FROM answers "
                    "WHERE entry_id = ?",
                    [entry_id],
                )
                if bases.get(str(step_id)) != int(revision)
            ]
            if theirs or row[0] != "draft":
                self._conn.execute(
                    "DELETE FROM draft_presence WHERE entry_id = ? AND window_id = ?",
                    [entry_id, self.window_id],
                )
                return max(theirs, default=str(row[1]))
            self._conn.execute("DELETE FROM entries WHERE id = ?", [entry_id])
        return None

    def keep_as_new(
        self,
        gone_id: str,
        answers: Sequence[tuple[Step, int, str]],
        *,
        template: Template | None = None,
        current_step: str | None = None,
    ) -> DraftSave:
        """Keep a window's words as a new draft: their entry went elsewhere.

        Another window discarded the entry, or moved it to the trash, while
        this one was still writing (a save said `gone`). `answers` are this
        window's (step, position, words); a `template` makes a reflection,
        none a quick note. What the trashed entry still holds beside its
        answers (tags, the supervision ask, sharing) comes along; the trashed
        entry itself is left as it was. One transaction, and this window
        holds the new draft. The revision returned is `current_step`'s, or
        the first answer's.
        """
        stamp = iso(self._now())
        entry_id = str(uuid.uuid4())
        ordered = sorted(answers, key=lambda each: each[1])
        first = next((words for _, at, words in ordered if at == 0), "")
        with self._store.write():
            old = self._conn.execute(
                "SELECT for_supervision, supervision_ask, shareable, functions "
                "FROM entries WHERE id = ?",
                [gone_id],
            ).fetchone()
            functions = ",".join(template.functions) if template else ""
            for_supervision, ask, shareable = 0, None, 0
            if old is not None:
                for_supervision, ask, shareable = old[0], old[1], old[2]
                functions = str(old[3]) if template else ""
            self._conn.execute(
                "INSERT INTO entries (id, created_at, updated_at, kind, "
                "template_id, template_version, title, status, current_step, "
                "functions, for_supervision, supervision_ask, shareable) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
                [
                    entry_id,
                    stamp,
                    stamp,
                    "reflection" if template else "note",
                    template.id if template else None,
                    template.version if template else None,
                    title_from_text(first),
                    current_step,
                    functions,
                    for_supervision,
                    ask,
                    shareable,
                ],
            )
            revision = 0
            for step, position, words in ordered:
                if not words and step.id != current_step:
                    continue  # an empty answer says nothing worth a row
                written = self._rows.write_answer(
                    entry_id,
                    step.id,
                    position,
                    step.question,
                    words,
                    step.input,
                    stamp,
                )
                if step.id == current_step or (current_step is None and not revision):
                    revision = written or 0
            self._conn.execute(
                "INSERT INTO entry_tags (entry_id, tag) SELECT ?, tag FROM entry_tags "
                "WHERE entry_id = ? ORDER BY rowid",
                [entry_id, gone_id],
            )
            self._conn.execute(
                "DELETE FROM draft_presence WHERE entry_id = ? AND window_id = ?",
                [gone_id, self.window_id],
            )
            self._conn.execute(
                "INSERT INTO draft_presence (entry_id, window_id, last_seen) "
                "VALUES (?, ?, ?)",
                [entry_id, self.window_id, stamp],
            )
        return DraftSave(entry_id, revision, title=title_from_text(first))

    # ---- a save that met newer words -----------------------------------

    def keep_as_sibling(
        self,
        entry_id: str,
        step_id: str,
        position: int,
        question: str,
        input_type: str,
        response: str,
        stamp: str,
    ) -> DraftSave:
        """Keep a refused save's words as a new draft beside the entry.

        Runs inside the refused save's transaction, so the words are never
        neither here nor there. The sibling is a copy of the entry as it now
        stands (answers, tags, pack) with this window's answer in place, so
        it reads whole; this window's presence moves to it. A quick note's
        words that meet a reflection (another window turned the note into
        one) stay a quick note of their own: a note's text is no step's
        answer, and a reflection with two first answers reads as neither.
        """
        row = self._conn.execute(
            "SELECT title, sibling_mark, status, kind FROM entries WHERE id = ?",
            [entry_id],
        ).fetchone()
        title, old_mark, status = str(row[0]), str(row[1]), str(row[2])
        as_note = step_id == NOTE_STEP and row[3] != "note"
        if old_mark and title.startswith(old_mark):
            title = title[len(old_mark) :]
        if as_note or (position == 0 and status == "draft"):
            title = title_from_text(response)
        at = parse_iso(stamp).astimezone().strftime("%H:%M")
        # In front, where a list cut to the terminal's width still shows it.
        mark = f"Written in another window at {at} · "
        title = (mark + title).strip()
        sibling = str(uuid.uuid4())
        pack = (
            "'note', NULL, NULL" if as_note else "kind, template_id, template_version"
        )
        functions = "''" if as_note else "functions"
        self._conn.execute(
            "INSERT INTO entries (id, created_at, updated_at, kind, template_id, "
            "template_version, title, status, current_step, functions, "
            "for_supervision, supervision_ask, shareable, sibling_mark) "
            f"SELECT ?, ?, ?, {pack}, ?, 'draft', ?, {functions}, "
            "for_supervision, supervision_ask, shareable, ? "
            "FROM entries WHERE id = ?",
            [sibling, stamp, stamp, title, step_id, mark, entry_id],
        )
        if not as_note:
            self._conn.execute(
                "INSERT INTO answers (entry_id, step_id, position, question, "
                "input_type, response, updated_at, revision) "
                "SELECT ?, step_id, position, question, input_type, response, "
                "updated_at, 1 FROM answers WHERE entry_id = ? AND step_id <> ? "
                "ORDER BY position",
                [sibling, entry_id, step_id],
            )
        revision = self._rows.write_answer(
            sibling, step_id, position, question, response, input_type, stamp
        )
        self._conn.execute(
            "INSERT INTO entry_tags (entry_id, tag) SELECT ?, tag FROM entry_tags "
            "WHERE entry_id = ? ORDER BY rowid",
            [sibling, entry_id],
        )
        self._conn.execute(
            "DELETE FROM draft_presence WHERE entry_id = ? AND window_id = ?",
            [entry_id, self.window_id],
        )
        self._conn.execute(
            "INSERT INTO draft_presence (entry_id, window_id, last_seen) "
            "VALUES (?, ?, ?)",
            [sibling, self.window_id, stamp],
        )
        return DraftSave(sibling, revision or 1, sibling_of=entry_id, title=title)
