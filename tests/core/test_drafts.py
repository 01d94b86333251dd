"""Two windows on one draft: revision checks, sibling drafts and presence.

Each "window" is its own `Journal` connection on the same encrypted file,
as two reflect apps would be. Time stands still unless a test moves it, so
"two minutes" means exactly that.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from reflect.core.access import JournalAccess
from reflect.core.clock import iso
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP, Step, Template
from reflect.core.reflections import Finish
from tests.conftest import PASSPHRASE, FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")

STEPS = (
    Step(id="what", question="What happened?"),
    Step(id="feel", question="How did it feel?"),
)
NOTE_AS_STEP = Step(id=NOTE_STEP, question="")
PACK = Template(
    id="two-steps",
    version="1",
    title="Two steps",
    kind="model",
    summary="Any time.",
    functions=("restorative",),
    minutes=5,
    steps=STEPS,
)


class StillClock(FixedClock):
    """Stands still until a test moves it on, so staleness is exact."""

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.moment

    def advance(self, **how_long: float) -> None:
        self.moment += timedelta(**how_long)


@pytest.fixture
def clock() -> StillClock:
    return StillClock()


@pytest.fixture
def other(journal: Journal, access: JournalAccess) -> Iterator[Journal]:
    """A second window: another connection to the same journal file."""
    second = access.open(PASSPHRASE)
    yield second
    second.store.close()


def answers_of(journal: Journal, entry_id: str) -> dict[str, str]:
    return {a.step_id: a.response for a in journal.entries.get(entry_id).answers}


def count(journal: Journal, table: str) -> int:
    return int(
        journal.store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    )


# ---- revisions -----------------------------------------------------------


def test_each_save_moves_the_revision_on(journal: Journal) -> None:
    entry = journal.reflections.start(PACK)
    first = journal.reflections.save_answer(entry, STEPS[0], 0, "a visit", base=0)
    second = journal.reflections.save_answer(entry, STEPS[0], 0, "a long visit", base=1)
    journal.reflections.save_answer(
        entry, STEPS[1], 1, "tired"
    )  # no base: always written
    assert (first.revision, second.revision) == (1, 2)
    assert second.sibling_of is None and second.entry_id == entry
    assert journal.drafts.revisions(entry) == {"what": 2, "feel": 1}


def test_a_save_from_an_old_revision_keeps_both_texts(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "The visit ran late")
    journal.reflections.save_answer(entry, STEPS[1], 1, "Rushed")
    journal.entries.set_tags(entry, ["visits"])
    base = journal.drafts.revisions(entry)["feel"]
    assert other.drafts.revisions(entry)["feel"] == base  # both windows read it

    newer = other.reflections.save_answer(
        entry, STEPS[1], 1, "Rushed, then calm", base=base
    )
    assert newer.sibling_of is None
    saved = journal.reflections.save_answer(
        entry, STEPS[1], 1, "Rushed and cross", base=base
    )

    # The newer words stay where they were; this window's went beside them.
    assert answers_of(journal, entry)["feel"] == "Rushed, then calm"
    assert saved.sibling_of == entry and saved.entry_id != entry
    sibling = journal.entries.get(saved.entry_id)
    assert sibling.status == "draft" and sibling.kind == "reflection"
    assert sibling.template_id == PACK.id
    assert answers_of(journal, sibling.id) == {
        "what": "The visit ran late",
        "feel": "Rushed and cross",
    }
    assert sibling.tags == ("visits",)
    assert sibling.current_step == "feel"
    assert sibling.title == "Written in another window at 09:00 · The visit ran late"
    assert saved.title == sibling.title
    # The other window sees the sibling at once: it is committed.
    assert {d.id for d in other.entries.drafts()} == {entry, sibling.id}


def test_the_sibling_is_made_in_the_same_transaction_as_the_refused_save(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "first words")
    journal.entries.set_tags(entry, ["kept"])
    other.reflections.save_answer(entry, STEPS[0], 0, "newer words", base=1)
    before = (count(journal, "entries"), count(journal, "answers"))
    # Make the last part of making the sibling fail, on this connection only.
    journal.store.conn.execute(
        "CREATE TEMP TRIGGER no_tags BEFORE INSERT ON entry_tags "
        "BEGIN SELECT RAISE(ABORT, 'no tags today'); END"
    )
    with pytest.raises(Exception, match="no tags today"):
        journal.reflections.save_answer(entry, STEPS[0], 0, "my words", base=1)
    assert (count(journal, "entries"), count(journal, "answers")) == before
    assert answers_of(journal, entry)["what"] == "newer words"


def test_saving_words_identical_to_the_newer_ones_is_not_a_conflict(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "same", base=0)
    other.reflections.save_answer(entry, STEPS[0], 0, "same", base=1)
    saved = journal.reflections.save_answer(entry, STEPS[0], 0, "same", base=1)
    assert saved.sibling_of is None and saved.revision == 3
    assert count(journal, "entries") == 1


def test_an_answer_the_other_window_added_first_is_not_overwritten(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    other.reflections.save_answer(entry, STEPS[1], 1, "theirs", base=0)
    saved = journal.reflections.save_answer(entry, STEPS[1], 1, "mine", base=0)
    assert answers_of(journal, entry) == {"feel": "theirs"}
    assert answers_of(journal, saved.entry_id) == {"feel": "mine"}


def test_a_save_into_an_entry_discarded_elsewhere_writes_nothing_and_says_so(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "words", base=0)
    other.entries.discard(entry)
    saved = journal.reflections.save_answer(entry, STEPS[0], 0, "more words", base=1)
    assert saved.gone
    assert count(journal, "entries") == 0


def test_a_quick_note_conflict_keeps_the_mark_while_the_sibling_is_written(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "Long shift", base=0)
    other.drafts.claim(note.entry_id, take_over=True)  # then writes
    other.notes.save(note.entry_id, "Long shift\nbut a good one", base=1)
    mine = journal.notes.save(note.entry_id, "Long shift, hard end", base=1)
    assert journal.entries.get(note.entry_id).text == "Long shift\nbut a good one"
    assert mine.sibling_of == note.entry_id
    mark = "Written in another window at 09:00 · "
    assert journal.entries.get(mine.entry_id).title == mark + "Long shift, hard end"
    # Carrying on in the sibling: the title follows the words, the mark stays.
    journal.notes.save(mine.entry_id, "A long shift, hard end", base=mine.revision)
    assert journal.entries.get(mine.entry_id).title == mark + "A long shift, hard end"
    done = journal.notes.finish(mine.entry_id, "A long shift, hard end")
    assert done.status == "complete" and done.title == "A long shift, hard end"


def test_finishing_a_note_from_an_old_revision_keeps_the_newer_text(
    journal: Journal, other: Journal
) -> None:
    draft = journal.notes.save(None, "Before supervision", base=0)
    other.drafts.claim(draft.entry_id, take_over=True)  # then writes
    other.notes.save(draft.entry_id, "Before supervision: ask about leave", base=1)
    done = journal.notes.finish(draft.entry_id, "Before supervision", base=1)
    assert done.id != draft.entry_id and done.status == "complete"
    kept = journal.entries.get(draft.entry_id)
    assert kept.text == "Before supervision: ask about leave"
    assert kept.status == "draft"


def test_discarding_changes_leaves_what_another_window_saved_since(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "what happened")
    journal.reflections.save_answer(entry, STEPS[1], 1, "fine")
    original = journal.entries.get(entry)
    bases = journal.drafts.revisions(entry)
    mine = journal.reflections.save_answer(
        entry, STEPS[0], 0, "what happened, edited", base=1
    )
    bases["what"] = mine.revision
    other.drafts.claim(entry, take_over=True)  # then writes
    other.reflections.save_answer(entry, STEPS[1], 1, "not fine, actually", base=1)

    assert not journal.reflections.restore_answers(
        entry, original.answers, original.title, bases=bases
    )
    assert answers_of(journal, entry) == {
        "what": "what happened",  # this window's change went back
        "feel": "not fine, actually",  # the other window's stayed
    }


# ---- presence ------------------------------------------------------------


def test_claim_heartbeat_and_release(journal: Journal, other: Journal) -> None:
    entry = journal.notes.save_draft(None, "open in two places")
    assert journal.drafts.claim(entry) is None
    holder = other.drafts.claim(entry)
    assert holder is not None and holder.window_id == journal.window_id
    assert other.drafts.holder(entry) == holder
    assert journal.drafts.holder(entry) is None  # a window never warns itself

    journal.drafts.release(entry)  # left the draft
    assert other.drafts.holder(entry) is None
    assert other.drafts.claim(entry) is None
    assert journal.drafts.holder(entry) is not None


def test_a_record_goes_stale_after_two_minutes_without_a_heartbeat(
    journal: Journal, other: Journal, clock: StillClock
) -> None:
    entry = journal.notes.save_draft(None, "left open")
    journal.drafts.claim(entry)
    clock.advance(seconds=90)
    assert journal.drafts.renew(entry)  # the heartbeat
    clock.advance(seconds=90)  # three minutes since the claim, 90 s since renewal
    assert other.drafts.holder(entry) is not None
    clock.advance(seconds=30)
    assert other.drafts.holder(entry) is not None  # exactly two minutes: still there
    clock.advance(seconds=1)
    assert other.drafts.holder(entry) is None
    assert other.drafts.claim(entry) is None  # nothing to ask about


def test_taking_over_tells_the_first_window_at_its_next_heartbeat(
    journal: Journal, other: Journal
) -> None:
    entry = journal.notes.save_draft(None, "shared")
    journal.drafts.claim(entry)
    assert other.drafts.claim(entry) is not None
    assert other.drafts.claim(entry, take_over=True) is None
    assert not journal.drafts.renew(entry)
    assert journal.drafts.holder(entry) is not None
    assert other.drafts.renew(entry)


def test_closing_a_window_releases_everything_it_held(
    journal: Journal, other: Journal
) -> None:
    first = journal.notes.save_draft(None, "one")
    second = journal.notes.save_draft(None, "two")
    journal.drafts.claim(first)
    journal.drafts.claim(second)
    journal.drafts.release_all()
    assert other.drafts.holder(first) is None and other.drafts.holder(second) is None


def test_a_conflict_moves_this_windows_presence_to_the_sibling(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "words", base=0)
    journal.drafts.claim(note.entry_id)
    other.drafts.claim(note.entry_id, take_over=True)  # then writes
    other.notes.save(note.entry_id, "other words", base=1)
    mine = journal.notes.save(note.entry_id, "my words", base=1)
    assert other.drafts.holder(note.entry_id) is None
    assert other.drafts.holder(mine.entry_id) is not None


def test_a_note_step_is_the_one_answer_with_a_revision(journal: Journal) -> None:
    note = journal.notes.save(None, "quick", base=0)
    assert journal.drafts.revisions(note.entry_id) == {NOTE_STEP: 1}


# ---- discarding a draft another window also wrote in ------------------------


def test_discarding_a_draft_keeps_words_another_window_saved_since(
    journal: Journal, other: Journal, clock: StillClock
) -> None:
    note = journal.notes.save(None, "hi", base=0)
    clock.advance(minutes=5)
    other.notes.save(note.entry_id, "hi\nA paragraph from the other window", base=1)
    kept = journal.drafts.discard(note.entry_id, {NOTE_STEP: note.revision})
    assert kept == iso(clock.moment)  # when the other window saved
    assert (
        other.entries.get(note.entry_id).text == "hi\nA paragraph from the other window"
    )


def test_discarding_a_draft_keeps_an_answer_this_window_never_saw(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    mine = journal.reflections.save_answer(entry, STEPS[0], 0, "my words", base=0)
    other.drafts.claim(entry, take_over=True)  # then writes
    other.reflections.save_answer(entry, STEPS[1], 1, "their words", base=0)
    assert journal.drafts.discard(entry, {"what": mine.revision}) is not None
    assert answers_of(other, entry) == {"what": "my words", "feel": "their words"}


def test_discarding_a_draft_only_this_window_wrote_removes_it(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "words", base=0)
    journal.reflections.save_answer(entry, STEPS[1], 1, "more", base=0)
    assert journal.drafts.discard(entry, journal.drafts.revisions(entry)) is None
    assert count(other, "entries") == count(other, "answers") == 0
    assert journal.drafts.discard(entry, {}) is None  # already gone: nothing kept


def test_discarding_a_draft_another_window_finished_keeps_it(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "words", base=0)
    other.reflections.finish(entry, Finish(title="Done elsewhere"))
    assert journal.drafts.discard(entry, journal.drafts.revisions(entry)) is not None
    assert other.entries.get(entry).status == "complete"


# ---- a note turned into a reflection while open elsewhere -----------------


def test_a_note_turned_into_a_reflection_elsewhere_keeps_the_note_apart(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "Rota again", base=0)
    other.reflections.convert_note(note.entry_id, PACK)
    assert other.drafts.revisions(note.entry_id) == {"what": 2}  # the rename is a write
    mine = journal.notes.save(note.entry_id, "Rota again, and more", base=1)

    assert mine.sibling_of == note.entry_id
    converted = other.entries.get(note.entry_id)
    # The one line is the note's title, and stays only that.
    assert [(a.step_id, a.position, a.response) for a in converted.answers] == [
        ("what", 0, "")
    ]
    assert converted.title == "Rota again" and converted.kind == "reflection"
    sibling = other.entries.get(mine.entry_id)
    assert sibling.kind == "note" and sibling.template_id is None
    assert sibling.text == "Rota again, and more"
    assert [a.step_id for a in sibling.answers] == [NOTE_STEP]


def test_a_save_from_a_revision_whose_answer_has_gone_is_a_conflict(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "first", base=0)
    other.store.conn.execute("DELETE FROM answers WHERE entry_id = ?", [entry])
    saved = journal.reflections.save_answer(entry, STEPS[0], 0, "second", base=1)
    assert saved.sibling_of == entry
    assert answers_of(other, entry) == {}
    assert answers_of(other, saved.entry_id) == {"what": "second"}


# ---- an entry moved to the trash in another window -------------------------


def test_a_save_into_an_entry_trashed_elsewhere_writes_nothing_there(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "words", base=0)
    note = journal.notes.save(None, "a note", base=0)
    other.entries.delete(entry)
    other.entries.delete(note.entry_id)

    assert journal.reflections.save_answer(
        entry, STEPS[0], 0, "more words", base=1
    ).gone
    assert journal.notes.save(note.entry_id, "a note, more", base=1).gone
    assert answers_of(other, entry) == {"what": "words"}
    assert other.entries.get(note.entry_id).text == "a note"
    assert journal.drafts.revisions(entry) == {"what": 1}
    # Without a base (a script's save) the words start a note of their own.
    assert journal.notes.save_draft(note.entry_id, "plain") != note.entry_id
    assert other.entries.get(note.entry_id).text == "a note"


def test_words_for_a_gone_entry_become_a_new_draft_in_one_go(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "The visit", base=0)
    journal.entries.set_tags(entry, ["visits"])
    journal.reflections.save_finish(
        entry,
        Finish(title="", tags=("visits",), for_supervision=True, ask="Talk it over"),
        complete=False,
    )
    other.entries.delete(entry)

    saved = journal.drafts.keep_as_new(
        entry,
        [(STEPS[0], 0, "The visit"), (STEPS[1], 1, "Tired")],
        template=PACK,
        current_step="feel",
    )
    assert saved.entry_id != entry and saved.revision == 1
    kept = other.entries.get(saved.entry_id)
    assert kept.status == "draft" and kept.kind == "reflection"
    assert kept.template_id == PACK.id and kept.current_step == "feel"
    assert answers_of(other, kept.id) == {"what": "The visit", "feel": "Tired"}
    assert kept.title == "The visit" == saved.title
    assert kept.tags == ("visits",) and kept.ask == "Talk it over"
    assert kept.for_supervision
    assert other.drafts.holder(kept.id) is not None  # this window holds it
    assert [e.id for e in other.entries.trash()] == [
        entry
    ]  # the trashed one is as it was


def test_a_new_draft_for_a_gone_note_is_a_note(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "hello", base=0)
    other.entries.discard(note.entry_id)
    assert journal.notes.save(note.entry_id, "hello again", base=1).gone
    saved = journal.drafts.keep_as_new(
        note.entry_id, [(NOTE_AS_STEP, 0, "hello again")]
    )
    kept = other.entries.get(saved.entry_id)
    assert kept.kind == "note" and kept.status == "draft"
    assert kept.text == "hello again" and kept.title == "hello again"
    assert journal.drafts.revisions(kept.id) == {NOTE_STEP: saved.revision}


def test_finishing_a_note_trashed_elsewhere_finishes_a_new_one(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "almost done", base=0)
    other.entries.delete(note.entry_id)
    done = journal.notes.finish(note.entry_id, "all done", base=1)
    assert done.id != note.entry_id and done.status == "complete"
    assert done.text == "all done"
    assert other.entries.trash()[0].id == note.entry_id
    assert other.entries.get(note.entry_id).text == "almost done"


def test_a_window_taken_over_saves_into_a_sibling_and_the_taker_writes_on(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.save(None, "Before supervision", base=0)  # holds it
    assert other.drafts.claim(note.entry_id, take_over=True) is None
    # Nothing newer was saved, yet this window no longer holds the note.
    mine = journal.notes.save(note.entry_id, "Before supervision: mine", base=1)
    assert mine.taken and mine.sibling_of == note.entry_id
    assert journal.entries.get(mine.entry_id).text == "Before supervision: mine"
    assert journal.entries.get(note.entry_id).text == "Before supervision"
    # The window that took over is not pushed out: it writes in the original.
    theirs = other.notes.save(note.entry_id, "Before supervision: theirs", base=1)
    assert theirs.sibling_of is None and theirs.entry_id == note.entry_id
    assert other.entries.get(note.entry_id).text == "Before supervision: theirs"
    # The same words as stored lose nothing: no sibling for those.
    same = journal.notes.save(note.entry_id, "Before supervision: theirs", base=2)
    assert same.sibling_of is None


def test_a_reflection_taken_over_keeps_the_other_windows_answer_as_a_sibling(
    journal: Journal, other: Journal
) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "a visit", base=0)
    other.drafts.claim(entry, take_over=True)
    mine = journal.reflections.save_answer(entry, STEPS[0], 0, "a long visit", base=1)
    assert mine.taken and mine.entry_id != entry
    assert answers_of(journal, entry) == {"what": "a visit"}
    assert answers_of(journal, mine.entry_id) == {"what": "a long visit"}
    assert (
        other.reflections.save_answer(entry, STEPS[1], 1, "tired", base=0).entry_id
        == entry
    )
