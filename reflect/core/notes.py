"""Quick notes: a few lines kept at once, or autosaved while a window writes.

A quick note is one answer under the `note` step. Written from the CLI it is
saved finished in one transaction; written in the app it is a draft from the
first autosave, protected by the same revision rules as a reflection's
answers (see `reflect.core.drafts`), and finished when the worker leaves it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace

from reflect.core.clock import iso
from reflect.core.drafts import NOTE_AS_STEP, Drafts, DraftSave
from reflect.core.entries import Entries
from reflect.core.entry_rows import EntryRows
from reflect.core.errors import ReflectError
from reflect.core.models import NOTE_STEP, Entry, Marks, title_from_text
from reflect.core.service import Bound, Service


class Notes(Service):
    """`journal.notes`: adding, autosaving and finishing quick notes."""

    def __init__(self, bound: Bound, drafts: Drafts, entries: Entries) -> None:
        super().__init__(bound)
        self._rows = EntryRows(bound)
        self._drafts = drafts
        self._entries = entries

    def add(
        self,
        text: str,
        *,
        tags: Iterable[str] = (),
        for_supervision: bool = False,
        ask: str | None = None,
    ) -> Entry:
        """Save a finished quick note in one small transaction.

        The row is inserted with its marks, then its text and tags: a new
        entry has no private note or tags to clear first, so nothing else
        is written (the search index follows by its triggers).
        """
        if not text.strip():
            raise ReflectError("the note is empty; nothing was saved")
        entry_id = str(uuid.uuid4())
        stamp = iso(self._now())
        # An ask alone says "bring this": `--ask` without `--for-supervision`.
        bring = for_supervision or bool((ask or "").strip())
        marks = Marks(for_supervision=bring, ask=ask).normalized()
        with self._store.write():
            self._rows.insert(
                entry_id,
                stamp,
                kind="note",
                title=title_from_text(text),
                status="complete",
                for_supervision=int(marks.for_supervision),
                supervision_ask=marks.ask,
                shareable=int(marks.shareable),
            )
            self._rows.write_answer(entry_id, NOTE_STEP, 0, "", text, "text", stamp)
            self._rows.add_tags(entry_id, tags)
        return self._entries.get(entry_id)

    def save_draft(self, entry_id: str | None, text: str) -> str:
        """Autosave a quick note being written; creates the draft on first save."""
        return self.save(entry_id, text).entry_id

    def save(
        self, entry_id: str | None, text: str, *, base: int | None = None
    ) -> DraftSave:
        """Save a quick note's text, creating the draft on its first save.

        A window passes `base`, the revision of the text it last read: when
        another window has saved since, the newer text stays and this text
        becomes a sibling draft in the same transaction (see `DraftSave`).
        When another window discarded the note or moved it to the trash,
        nothing is written and the answer says `gone`. When another window
        took the note over since, this text becomes a sibling too (`taken`).
        The save also renews
        the window's presence (or claims a new draft).
        """
        stamp = iso(self._now())
        with self._store.write():
            created = entry_id is None or not self._rows.exists(entry_id)
            if created and entry_id is not None and base is not None:
                # A window's note was discarded or trashed elsewhere: nothing
                # goes into it (see `journal.drafts.keep_as_new`).
                return DraftSave(entry_id, 0, gone=True)
            if created:
                in_trash = (
                    entry_id is not None
                    and self._conn.execute(
                        "SELECT 1 FROM entries WHERE id = ?", [entry_id]
                    ).fetchone()
                )
                if entry_id is None or in_trash:
                    # A trashed note keeps its id and words; these start anew.
                    entry_id = str(uuid.uuid4())
                self._rows.insert(
                    entry_id,
                    stamp,
                    kind="note",
                    title=title_from_text(text),
                    status="draft",
                )
            assert entry_id is not None
            if (
                base is not None
                and not created
                and self._drafts.taken_over(entry_id, NOTE_STEP, text, stamp)
            ):
                # Another window took this note over: it writes here now.
                return replace(
                    self._drafts.keep_as_sibling(
                        entry_id, NOTE_STEP, 0, "", "text", text, stamp
                    ),
                    taken=True,
                )
            revision = self._rows.write_answer(
                entry_id, NOTE_STEP, 0, "", text, "text", stamp, base
            )
            if revision is None:
                return self._drafts.keep_as_sibling(
                    entry_id, NOTE_STEP, 0, "", "text", text, stamp
                )
            if not created:
                self._conn.execute(
                    "UPDATE entries SET title = sibling_mark || ?, updated_at = ? "
                    "WHERE id = ?",
                    [title_from_text(text), stamp, entry_id],
                )
            if base is not None:  # a window's save says it is still there
                self._drafts.renew_within(entry_id, stamp)
        return DraftSave(entry_id, revision)

    def finish(
        self,
        entry_id: str,
        text: str,
        *,
        tags: Iterable[str] | None = None,
        base: int | None = None,
    ) -> Entry:
        """Mark a quick-note draft complete with its final text.

        With `base`, text that another window saved meanwhile is not
        overwritten: this text is finished as a sibling and the newer one
        stays a draft; a note another window discarded or trashed is
        finished as a new one. The entry returned is the one finished.
        """
        if not text.strip():
            raise ReflectError("the note is empty; nothing was saved")
        with self._store.write():
            saved = self.save(entry_id, text, base=base)
            if saved.gone:
                saved = self._drafts.keep_as_new(entry_id, [(NOTE_AS_STEP, 0, text)])
            entry_id = saved.entry_id
            self._conn.execute(
                "UPDATE entries SET status = 'complete', title = ?, "
                "sibling_mark = '' WHERE id = ?",
                [title_from_text(text), entry_id],
            )
            if tags is not None:
                self._rows.replace_tags(entry_id, tags)
        return self._entries.get(entry_id)
