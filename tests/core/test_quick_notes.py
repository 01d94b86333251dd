"""Quick notes in the supervision flow, in core (issue 19).

One write marks an entry for supervision (`Entries.set_marks`), whoever asks:
the app's dialog, a reflection's finish page, `reflect note`. Carrying a
note on as a guided reflection keeps its title as its title, never makes a
finished note a draft, and can be undone word for word (`back_to_note`),
but never over words another window saved meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reflect.core.access import JournalAccess
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.models import NOTE_STEP, Marks, Step, Template, note_body
from reflect.core.reflections import Finish
from tests.conftest import PASSPHRASE

STEPS = (
    Step(id="what", question="What happened?"),
    Step(id="feel", question="How did it feel?"),
)
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
NOTE = "Rota gaps again\nThe same shift was short twice.\n\nI covered both."
BODY = "The same shift was short twice.\n\nI covered both."


@pytest.fixture
def other(journal: Journal, access: JournalAccess) -> Iterator[Journal]:
    """A second window on the same journal file."""
    second = access.open(PASSPHRASE)
    yield second
    second.store.close()


# ---- marks -----------------------------------------------------------------


def test_marks_keep_an_ask_only_while_bringing_and_blank_words_as_none(
    journal: Journal,
) -> None:
    note = journal.notes.add(NOTE)
    marked = journal.entries.set_marks(
        note.id, Marks(True, "  Saying no to extra shifts ", True, "only mine")
    )
    assert (marked.for_supervision, marked.ask, marked.shareable) == (
        True,
        "Saying no to extra shifts",
        True,
    )
    assert marked.private_note == "only mine"
    assert marked.status == "complete" and marked.text == NOTE
    unmarked = journal.entries.set_marks(note.id, Marks(False, "kept?", False, "  "))
    assert (unmarked.for_supervision, unmarked.ask, unmarked.shareable) == (
        False,
        None,
        False,
    )
    assert unmarked.private_note is None


def test_a_draft_marked_stays_a_draft_and_is_offered_once_finished(
    journal: Journal,
) -> None:
    draft = journal.notes.save(None, NOTE, base=0)
    journal.entries.set_marks(draft.entry_id, Marks(True, "Boundaries"))
    assert journal.entries.get(draft.entry_id).status == "draft"
    assert not [c for c in journal.agenda.candidates(None) if c.kind == "entry"]
    journal.notes.finish(draft.entry_id, NOTE, base=draft.revision)
    offered = [c for c in journal.agenda.candidates(None) if c.kind == "entry"]
    assert [(c.ref, c.ask) for c in offered] == [(draft.entry_id, "Boundaries")]


def test_a_deleted_entry_is_not_marked(journal: Journal) -> None:
    note = journal.notes.add(NOTE)
    journal.entries.delete(note.id)
    with pytest.raises(ReflectError, match="Recently deleted"):
        journal.entries.set_marks(note.id, Marks(True, "anything"))
    assert not journal.entries.get(note.id).for_supervision


def test_an_ask_alone_brings_a_note_and_the_finish_page_writes_the_same(
    journal: Journal,
) -> None:
    note = journal.notes.add(NOTE, ask="  Saying no  ")
    assert (note.for_supervision, note.ask) == (True, "Saying no")
    draft = journal.reflections.start(PACK)
    finish = Finish(title="Done", for_supervision=False, ask="dropped", shareable=True)
    journal.reflections.finish(draft, finish)
    done = journal.entries.get(draft)
    assert (done.for_supervision, done.ask, done.shareable) == (False, None, True)


# ---- carrying a note on --------------------------------------------------


def test_a_note_carried_on_keeps_its_title_and_stays_finished(
    journal: Journal,
) -> None:
    note = journal.notes.add(NOTE)
    journal.reflections.convert_note(note.id, PACK)
    guided = journal.entries.get(note.id)
    assert guided.title == "Rota gaps again"
    assert [(a.step_id, a.response) for a in guided.answers] == [("what", BODY)]
    assert (guided.kind, guided.status, guided.current_step) == (
        "reflection",
        "complete",
        "feel",
    )


def test_a_one_line_note_is_its_title_and_the_first_question_waits(
    journal: Journal,
) -> None:
    draft = journal.notes.save(None, "Rota gaps again", base=0)
    journal.reflections.convert_note(draft.entry_id, PACK)
    guided = journal.entries.get(draft.entry_id)
    assert guided.title == "Rota gaps again" and guided.status == "draft"
    assert [(a.step_id, a.response) for a in guided.answers] == [("what", "")]
    assert guided.current_step == "what"
    # The first answer written now does not take the note's title away.
    revision = journal.drafts.revisions(draft.entry_id)["what"]
    journal.reflections.save_answer(
        draft.entry_id, STEPS[0], 0, "Short again", base=revision
    )
    assert journal.entries.get(draft.entry_id).title == "Rota gaps again"


def test_a_new_drafts_title_still_follows_its_first_answer(journal: Journal) -> None:
    entry = journal.reflections.start(PACK)
    journal.reflections.save_answer(entry, STEPS[0], 0, "A visit", base=0)
    journal.reflections.save_answer(entry, STEPS[0], 0, "A long visit", base=1)
    assert journal.entries.get(entry).title == "A long visit"


def test_a_title_cut_short_keeps_every_word_in_the_body() -> None:
    line = "word " * 30
    assert note_body(f"{line}\nmore", "word word…") == f"{line}\nmore"


def test_back_to_the_note_word_for_word(journal: Journal) -> None:
    note = journal.notes.add(NOTE, ask="Saying no")
    before = journal.entries.get(note.id)
    journal.reflections.convert_note(note.id, PACK)
    revisions = journal.drafts.revisions(note.id)
    saved = journal.reflections.save_answer(note.id, STEPS[1], 1, "Tired", base=0)
    revisions["feel"] = saved.revision
    assert journal.reflections.back_to_note(note.id, before, revisions)
    assert journal.entries.get(note.id) == before
    # Past every revision the entry had: a window holding one is refused.
    assert journal.drafts.revisions(note.id) == {NOTE_STEP: 3}


def test_back_to_the_note_never_over_another_windows_words(
    journal: Journal, other: Journal
) -> None:
    note = journal.notes.add(NOTE)
    before = journal.entries.get(note.id)
    journal.reflections.convert_note(note.id, PACK)
    mine = journal.drafts.revisions(note.id)
    other.reflections.save_answer(note.id, STEPS[1], 1, "Theirs", base=0)
    assert not journal.reflections.back_to_note(note.id, before, mine)
    kept = journal.entries.get(note.id)
    assert kept.kind == "reflection"
    assert [a.response for a in kept.answers] == [BODY, "Theirs"]
