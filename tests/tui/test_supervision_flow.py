"""Pilot: prepare from home, export the agenda, record the session, and see
the new action offered at the next preparation."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

from textual.widgets import Input, Static

from reflect.core.access import JournalAccess
from reflect.core.export.agenda import KEPT_LABEL, LABEL, agenda_markdown
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.prepare import PrepareScreen
from reflect.tui.screens.session import SessionScreen
from tests.conftest import PASSPHRASE

LIBRARY = load_library([shipped_dir()])


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def highlight(screen: PrepareScreen, title: str) -> None:
    """Put the cursor on the row whose label starts with `title`."""
    options = screen.query_one("#agenda")
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        if title in str(option.prompt):
            options.highlighted = index
            return
    raise AssertionError(f"{title!r} is not on the prepare screen")


async def test_prepare_export_record_and_carry_forward(
    access: JournalAccess, tmp_path: Path
) -> None:
    journal = access.create(PASSPHRASE)
    journal.notes.add("Held a boundary about gifts", ask="Was I too firm?")
    journal.notes.add("A hard review meeting", ask="How to speak up sooner")
    journal.notes.add("Not for supervision")
    journal.supervision.add_action("Read the lone working policy")
    out = tmp_path / "exports"
    out.mkdir()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        for title in ("Held a boundary", "A hard review", "Read the lone working"):
            highlight(screen, title)
            await pilot.press("space")
            await pilot.pause()
        assert [i.title for i in screen.prep.items] == [
            "Held a boundary about gifts",
            "A hard review meeting",
            "Read the lone working policy",
        ]
        highlight(screen, "A hard review")
        await pilot.press("shift+up", "plus", "plus")  # first, and 25 minutes
        await pilot.pause()
        first = screen.prep.items[0]
        assert first.title == "A hard review meeting"
        assert first.minutes == 25
        assert first.ask == "How to speak up sooner"
        saved = journal.agenda.saved_preparation()
        assert saved is not None and saved.items == screen.prep.items

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await pilot.press("enter")  # the offered folder
        await pilot.pause()
        [md] = out.glob("*.md")
        [html] = out.glob("*.html")
        assert "A hard review meeting" in md.read_text()
        assert stat.S_IMODE(html.stat().st_mode) == 0o600

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.screen.query_one(
            "#actions"
        ).text = "Practise saying no kindly (by 2026-04-01)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    [session] = journal.supervision.sessions()
    [new] = [a for a in journal.supervision.actions() if a.source == "session"]
    assert new.text == "Practise saying no kindly"
    assert new.source_id == session.id
    assert journal.agenda.saved_preparation() is None  # used by the record
    # The new action waits in the next agenda's checklist, not as an item.
    assert "Practise saying no kindly" in [a.text for a in journal.agenda.checklist()]
    assert journal.agenda.starting_preparation(None).items == ()
    later = journal.agenda.candidates(None)
    assert "Read the lone working policy" in [i.title for i in later]
    assert not [i for i in later if i.title == "Held a boundary about gifts"]


async def test_what_i_want_today_typed_on_the_prepare_screen_tops_the_agenda(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    action = journal.supervision.add_action("Read the lone working policy")
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await type_text(pilot, "Endings")
        await pilot.press("enter")
        await type_text(pilot, "Rota")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        # An action from the checklist made an item: no function until chosen.
        highlight(screen, "Read the lone working")
        await pilot.press("p")
        await pilot.pause()
        [item] = screen.prep.items
        assert (item.kind, item.ref, item.function) == ("action", action.id, "")
        summary = str(screen.query_one("#prepare-summary", Static).render())
        assert "5 of 60 minutes, 55 to spare." in summary

    saved = journal.agenda.saved_preparation()
    assert saved is not None
    assert saved.extra == {"want": "Endings", "short": "Rota"}
    markdown = agenda_markdown(journal.agenda.gather(None))
    top = markdown[: markdown.index("## What I'm bringing")]
    assert "**What I most want from today:** Endings" in top
    assert "**If time runs short:** Rota" in top
    assert markdown.count("Read the lone working policy") == 1
    assert "- Open: brought as item 1" in markdown


async def test_an_agenda_folder_is_made_only_when_the_worker_agrees(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        field = dialog.query_one(Input)
        assert field.value == str(tmp_path)  # an existing folder is offered
        error = dialog.query_one("#dialog-error", Static)

        typo = tmp_path / "nowhere" / "agendas"
        field.value = str(typo)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and field.value == str(typo)
        line = str(error.content)
        assert line.startswith("Could not write") and "there is no folder" in line
        assert "Errno" not in line and "make it" not in line
        assert not typo.parent.exists()  # a typo is never built

        wanted = tmp_path / "agendas"
        field.value = str(wanted)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "Press enter again to make it" in str(error.content)
        assert not wanted.exists()
        await pilot.press("enter")  # the worker agrees
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    assert stat.S_IMODE(wanted.stat().st_mode) == 0o700
    [md] = wanted.glob("*.md")
    assert md.read_text().startswith("# Supervision agenda")
    assert stat.S_IMODE(md.stat().st_mode) == 0o600


async def test_a_session_without_new_actions_says_so_plainly(
    access: JournalAccess,
) -> None:
    # "Session recorded with 0 new actions. They will come back ..." promised
    # the return of actions that do not exist.
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = [str(n.message) for n in app._notifications]
    assert "Session recorded." in said
    assert not [line for line in said if "0 new action" in line]


async def test_an_agenda_with_a_flagged_name_is_exported_only_after_a_second_enter(
    access: JournalAccess, tmp_path: Path
) -> None:
    journal = access.create(PASSPHRASE)
    prefs = journal.preferences.load()
    journal.preferences.save(replace(prefs, watch_list=("Dylan",)))
    journal.notes.add("Walked with Dylan to the bus", for_supervision=True)
    journal.store.close()
    app = ReflectApp(
        access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        highlight(app.screen, "Walked with Dylan")  # type: ignore[arg-type]
        await pilot.press("space", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and not list(tmp_path.glob("*.md"))
        said = str(dialog.query_one("#dialog-error", Static).content)
        assert said.startswith("The privacy scan found 1 detail in the agenda")
        assert "'Dylan' looks like a name on your watch list" in said
        assert "Press enter again to write the files anyway" in said
        await pilot.press("enter")  # read, and agreed
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    [md] = tmp_path.glob("*.md")
    assert "Walked with Dylan" in md.read_text()
    [page] = tmp_path.glob("*.html")
    for written in (md.read_text(), page.read_text()):  # kept: the label says so
        assert KEPT_LABEL in written and LABEL not in written


async def test_sharing_the_agenda_sends_only_what_is_marked_can_be_shared(
    access: JournalAccess,
) -> None:
    """Bringing a reflection to talk about is not handing over its words: the
    share from the prepare screen keeps to the 'can be shared' mark, and
    names what it left out."""
    from reflect.core.agenda import HELD_BACK_TITLE
    from reflect.core.models import Marks
    from reflect.tui.screens.share import ShareScreen
    from tests.tui.snapshots import screen_text

    journal = access.create(PASSPHRASE)
    talk = journal.notes.add(
        "Some days I feel I can't go on", ask="Ring me on 07700 900123 after"
    )
    shared = journal.notes.add("A hard review meeting", ask="Speaking up")
    journal.entries.set_marks(
        shared.id, Marks(for_supervision=True, ask="Speaking up", shareable=True)
    )
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        for title in ("Some days", "A hard review"):
            highlight(screen, title)
            await pilot.press("space")
            await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        share = app.screen
        assert isinstance(share, ShareScreen)
        assert [e["id"] for e in share.plan.entries] == [shared.id]
        said = " ".join(screen_text(app).split())
        assert "Not included, as not marked 'can be shared': Some days I feel" in said
        assert talk.id not in str(share.plan.entries)
        # Nor its words in the agenda that leaves: named only as such.
        agenda = share.plan.agenda or ""
        assert "Some days" not in agenda and HELD_BACK_TITLE in agenda
        assert "A hard review meeting" in agenda
        # Its ask is on the agenda, and has a number in it: e and x say where
        # to change it rather than failing on an entry that is not in the share.
        [finding] = share.open_findings()
        assert finding.entry_id == "" and finding.finding.text == "07700 900123"
        for key in ("e", "x"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is share
        notes = [str(n.message) for n in app._notifications]
        assert any("change it on the prepare screen" in n for n in notes)


async def test_home_says_which_open_actions_are_overdue(
    access: JournalAccess,
) -> None:
    """As the prepare screen and the agenda do, by the same rule."""
    from datetime import timedelta

    from tests.tui.snapshots import screen_text

    journal = access.create(PASSPHRASE)
    today = journal.checkins.today()
    journal.supervision.add_action("Call the housing team", due=today - timedelta(1))
    journal.supervision.add_action("Book the training", due=today + timedelta(7))
    journal.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = " ".join(screen_text(app).split())
    late = f"Call the housing team (by {today - timedelta(1):%d %b}, overdue)"
    assert late in said
    assert f"Book the training (by {today + timedelta(7):%d %b})" in said
