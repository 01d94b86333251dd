"""Pilot: what happened on the other side shows on home, for each side.

The worker's home says when their supervisor marked an entry reviewed and
how many comments came with it, until the worker opens the entry; a
supervisor whose own journal is empty is told what is waiting for them, with
`r` in the footer, rather than that their journal is empty.
"""

from __future__ import annotations

from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.tui.app import ReflectApp
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.home import waiting_words
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.widgets.footer import KeysFooter
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock
from tests.tui.snapshots import LIBRARY, screen_text

AGREED = "walnut harbour lantern"
CHEAP = KdfParams(n=16)


def footer_keys(app: ReflectApp) -> list[str]:
    footer = app.screen.query_one(KeysFooter)
    return [str(key.key) for key in footer.query("FooterKey") if key.display]


def exchange(worker: Journal, supervisor: Journal) -> str:
    """The worker shares a note; the supervisor comments twice, marks it
    reviewed, and the feedback comes home. Returns the note's id."""
    note = worker.notes.add("Endings with J\nOur last visit went gently")
    sealed = worker.sharing.seal(worker.sharing.plan([note.id]), AGREED, kdf=CHEAP)
    supervisor.reviewing.receive(sealed, AGREED, accepted={CHEAP})
    shared = supervisor.reviewing.get(note.id)
    supervisor.reviewing.add_comment(shared, "Kindly done", step_id="note")
    supervisor.reviewing.add_comment(shared, "Bring it on Thursday?")
    supervisor.reviewing.mark_reviewed(shared)
    (person,) = supervisor.reviewing.supervisees()
    back = supervisor.reviewing.build_feedback(person, AGREED, kdf=CHEAP)
    assert back is not None
    worker.reviewing.receive(back, AGREED, accepted={CHEAP})
    return note.id


async def test_each_home_says_what_happened_on_the_other_side(
    tmp_path: Path,
) -> None:
    def access(name: str) -> JournalAccess:
        return JournalAccess(
            JournalPaths(tmp_path / name), kdf_iter=FAST_KDF, now=FixedClock()
        )

    worker, supervisor = access("worker").create(PASSPHRASE), access("sup")
    opened = supervisor.create(PASSPHRASE)
    opened.sharing.set_display_name("Sam")
    note = exchange(worker, opened)
    # A second supervisee's entry waits, unread, in the supervisor's journal.
    other = access("other").create(PASSPHRASE)
    sealed = other.sharing.seal(
        other.sharing.plan([other.notes.add("A long week").id]), AGREED, kdf=CHEAP
    )
    opened.reviewing.receive(sealed, AGREED, accepted={CHEAP})
    for journal in (worker, opened, other):
        journal.store.close()

    app = ReflectApp(access("worker"), passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Sam reviewed ‘Endings with J’ on 2 Mar · 2 new comments" in text
        assert "r" not in footer_keys(app)  # nothing shared with the worker
        app.push_screen(EntryScreen(app.journal, note))  # type: ignore[arg-type]
        await pilot.pause()
        assert "Reviewed by Sam on 02 Mar 2026 (version 1)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "new comment" not in screen_text(app)  # seen now

    app = ReflectApp(supervisor, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 entry shared with you is waiting." in text
        assert "Your journal is empty" not in text
        assert "r" in footer_keys(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


def test_waiting_is_counted_in_words() -> None:
    assert waiting_words(1) == "1 entry shared with you is waiting"
    assert waiting_words(3) == "3 entries shared with you are waiting"
