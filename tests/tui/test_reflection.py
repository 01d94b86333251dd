"""Pilot tests of the guided reflection: from home to a saved, findable entry."""

from __future__ import annotations

from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.models import Answer
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.choice import ChoiceDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.finish import FinishScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.lock import LockScreen
from reflect.tui.screens.search import SearchScreen
from reflect.tui.screens.writer import WriterScreen
from tests.conftest import PASSPHRASE

SIZE = (100, 30)
LIBRARY = load_library([shipped_dir()])


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def app_for(access: JournalAccess) -> ReflectApp:
    return ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)


async def start_pack(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_whole_gibbs_reflection_from_home_to_the_journal(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    gibbs = LIBRARY.get("gibbs")
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_pack(pilot, "gibbs")
        assert isinstance(app.screen, WriterScreen)
        for n, step in enumerate(gibbs.steps):
            assert app.screen.step.id == step.id
            await type_text(pilot, f"answer {n + 1}")
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        app.screen.query_one("#bring").focus()
        await pilot.press("space")
        await pilot.pause()
        app.screen.query_one("#ask").value = "help with the boundary"
        app.screen.query_one("#shareable").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
    [entry] = journal.entries.page()
    full = journal.entries.get(entry.id)
    assert full.status == "complete"
    assert full.template_id == "gibbs"
    assert full.template_version == gibbs.version
    assert [a.step_id for a in full.answers] == [s.id for s in gibbs.steps]
    assert [a.response for a in full.answers] == [f"answer {n}" for n in range(1, 7)]
    assert [a.question for a in full.answers] == [s.question for s in gibbs.steps]
    assert full.title == "answer 1"
    assert full.for_supervision and full.ask == "help with the boundary"
    assert full.shareable
    assert full.functions == gibbs.functions


async def test_a_draft_survives_the_app_closing_and_resumes_at_its_step(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_pack(pilot, "gibbs")
        await type_text(pilot, "the visit")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+n")  # feelings left empty
        await pilot.pause()
        await type_text(pilot, "half a thought")
        await pilot.pause(2.0)  # autosave, then the app is torn down unsaved
    [draft] = journal.entries.drafts()
    assert journal.entries.get(draft.id).current_step == "evaluation"

    again = app_for(access)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("enter")  # the draft is first on home
        await pilot.pause()
        writer = again.screen
        assert isinstance(writer, WriterScreen)
        assert writer.step.id == "evaluation"
        assert writer.current_answer() == "half a thought"
        await pilot.press("ctrl+b", "ctrl+b")
        await pilot.pause()
        assert writer.current_answer() == "the visit"


async def test_discard_removes_only_the_draft_being_written(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    keep = journal.notes.save_draft(None, "an older draft to keep")
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_pack(pilot, "boundaries")
        await type_text(pilot, "a gift was offered")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [d.id for d in journal.entries.drafts()] == [keep]
    assert journal.store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1


async def test_search_finds_a_word_in_the_third_answer_and_opens_it(
    journal: Journal, access: JournalAccess
) -> None:
    quick = LIBRARY.get("what-so-what-now-what")
    entry_id = journal.reflections.start(quick)
    words = ["a visit", "it mattered", "next time I will ask about kestrels"]
    for n, (step, text) in enumerate(zip(quick.steps, words, strict=False)):
        journal.reflections.save_answer(entry_id, step, n, text)
    journal.notes.add("nothing about birds here")
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "kestr")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == entry_id


async def test_idle_lock_covers_and_returns_to_the_same_step(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_pack(pilot, "kolb")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_text(pilot, "noticing a pattern")
        app.idle_seconds = 0.01
        app.check_idle_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        [draft] = journal.entries.drafts()  # saved before the lock came down
        assert journal.entries.get(draft.id).answers[0].response == "noticing a pattern"
        app.idle_seconds = None
        await type_text(pilot, "not it")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await pilot.pause()
        writer = app.screen
        assert isinstance(writer, WriterScreen)
        assert writer.step.id == LIBRARY.get("kolb").steps[1].id
        assert writer.current_answer() == "noticing a pattern"


async def test_a_quick_note_becomes_a_guided_reflection(
    journal: Journal, access: JournalAccess
) -> None:
    entry = journal.notes.add("Something happened at group\nTwo people spoke over me.")
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(journal, entry.id))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "")
        await pilot.press("enter")  # first pack in the list
        await pilot.pause()
        assert isinstance(app.screen, WriterScreen)
        assert app.screen.index == 1
    converted = journal.entries.get(entry.id)
    assert converted.kind == "reflection"
    assert converted.title == "Something happened at group"
    assert converted.answers == (
        Answer(
            step_id=LIBRARY.get(converted.template_id or "").steps[0].id,
            position=0,
            question=LIBRARY.get(converted.template_id or "").steps[0].question,
            response="Two people spoke over me.",
            input_type="text",
            updated_at=converted.answers[0].updated_at,
        ),
    )


async def test_nothing_opens_above_the_lock(access: JournalAccess) -> None:
    access.create(PASSPHRASE).store.close()
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_lock()
        await pilot.pause()
        await pilot.press("ctrl+p", "slash", "n")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_what_is_typed_on_the_finish_screen_survives_quitting(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    app = app_for(access)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_pack(pilot, "kolb")
        await type_text(pilot, "first answer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        app.screen.query_one("#title").value = "My own title"
        app.screen.query_one("#private").text = "only for me"
        await pilot.press("ctrl+q")
    [draft] = journal.entries.drafts()
    kept = journal.entries.get(draft.id)
    assert kept.title == "My own title"
    assert kept.private_note == "only for me"
    assert kept.status == "draft"  # kept, not finished behind the worker's back


async def test_the_question_stays_on_screen_in_a_small_terminal(
    access: JournalAccess,
) -> None:
    # In a short terminal (80x24 too, for long hints) a step's hint,
    # follow-ups and answer box are taller than the screen; the cursor in the
    # box must not scroll the question itself out of sight, or the worker
    # answers a question they cannot read.
    access.create(PASSPHRASE).store.close()
    gibbs = LIBRARY.get("gibbs")
    app = app_for(access)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await start_pack(pilot, "gibbs")
        for step in gibbs.steps[:2]:
            await pilot.pause()
            assert isinstance(app.screen, WriterScreen)
            question = app.screen.query_one("#question")
            assert str(question.render()) == step.question
            assert question.region.height > 0, step.id
            assert question.region in app.screen.region, step.id
            await type_text(pilot, "words")
            await pilot.press("ctrl+n")
