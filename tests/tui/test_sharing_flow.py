"""Pilot: share from the entry view through the findings to a file; then, as
the supervisor, bring it in, comment on an answer and write feedback."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from reflect.core import bundles
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.reviewing import Reviewing
from reflect.core.sharing import Sharing
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.received import ReceivedScreen
from reflect.tui.screens.review import ReviewScreen
from reflect.tui.screens.share import ShareScreen
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.spying import spy

LIBRARY = load_library([shipped_dir()])
BUNDLE_PASS = "walnut harbour lantern"
CHEAP = KdfParams(n=16)
"""Cheap scrypt for the bundles these tests make; the app's default costs
about half a second each way."""


def cheap(app: ReflectApp) -> ReflectApp:
    """The app seals and accepts bundles with the cheap cost."""
    app.bundle_kdf, app.bundle_kdfs = CHEAP, {CHEAP}
    return app


async def fill(pilot, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = pilot.app.screen
    assert isinstance(dialog, FieldsDialog)
    for n, value in enumerate(values):
        dialog.query_one(f"#field-{n}").value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_share_review_and_feedback_through_the_app(
    access: JournalAccess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app goes through the same core workflows as the CLI.
    shares = spy(monkeypatch, Sharing, "send")
    receipts = spy(monkeypatch, Reviewing, "receive_file")
    feedbacks = spy(monkeypatch, Reviewing, "send_feedback")
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("After the visit\nThey gave me 07700 900123 to call")
    worker.entries.set_private_note(entry.id, "my own health today")
    share_file = tmp_path / "share.reflect"
    app = cheap(
        ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(worker, entry.id))
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        assert screen.open_findings()  # the phone number
        await pilot.press("w")  # refused while a finding is unanswered
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("k")
        await pilot.pause()
        assert not screen.open_findings()
        await pilot.press("w")
        await pilot.pause()
        await fill(pilot, [str(share_file), BUNDLE_PASS, BUNDLE_PASS, "Alex"])
    assert [call[3] for call in shares] == [share_file]
    body = bundles.open_bundle(share_file.read_bytes(), BUNDLE_PASS, {CHEAP})
    assert [e["id"] for e in body["entries"]] == [entry.id]
    assert "my own health today" not in share_file.read_bytes().decode("latin-1")
    assert "my own health today" not in str(body)

    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor = supervisor_access.create(PASSPHRASE)
    feedback_file = tmp_path / "feedback.reflect"
    app = cheap(
        ReflectApp(
            supervisor_access,
            passphrase=PASSPHRASE,
            library=LIBRARY,
            export_dir=tmp_path,
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("i")
        await pilot.pause()
        await fill(pilot, [str(share_file), BUNDLE_PASS])
        [person] = supervisor.reviewing.supervisees()
        assert person.name == "Alex"
        await pilot.press("down", "enter")  # the entry under Alex
        await pilot.pause()
        assert isinstance(app.screen, ReceivedScreen)
        await pilot.press("c")
        await pilot.pause()
        await fill(pilot, ["Calling back was kind and clear", "1"])
        await pilot.press("v", "escape")
        await pilot.pause()
        await pilot.press("up", "f")
        await pilot.pause()
        await fill(pilot, [str(feedback_file), BUNDLE_PASS])
    assert feedback_file.exists()
    assert [call[1] for call in receipts] == [share_file]
    assert [call[3] for call in feedbacks] == [feedback_file]

    report = worker.reviewing.receive(
        feedback_file.read_bytes(), BUNDLE_PASS, accepted={CHEAP}
    )
    assert report.kind == "feedback"
    [comment] = worker.sharing.comments_for(entry.id)
    assert comment.step_id == "note"
    assert comment.body == "Calling back was kind and clear"


async def submit(pilot, values: list[str], field: int = -1) -> None:  # type: ignore[no-untyped-def]
    """Type the values into the open dialog and press enter in one field."""
    dialog = pilot.app.screen
    assert isinstance(dialog, FieldsDialog)
    inputs = list(dialog.query(Input))
    for box, value in zip(inputs, values, strict=True):
        box.value = value
    inputs[field].focus()
    await pilot.press("enter")
    await pilot.pause()


def refusal(app: ReflectApp) -> tuple[str, list[str]]:
    """The one line the open dialog shows, and every value still typed in it."""
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog), "the dialog closed"
    error = dialog.query_one("#dialog-error", Static)
    assert error.display
    line = str(error.content)
    assert "Errno" not in line and "\n" not in line
    return line, [box.value for box in dialog.query(Input)]


async def test_a_share_passphrase_is_used_exactly_as_typed(
    access: JournalAccess, tmp_path: Path
) -> None:
    # The app once trimmed it before sealing while bringing in (and the CLI)
    # used it as typed: a passphrase agreed with a space at its end sealed a
    # bundle the other side, typing the very same, could not open.
    spaced = f" {BUNDLE_PASS} "
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    share_file = tmp_path / "share.reflect"
    app = cheap(ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(ShareScreen(worker, [entry.id]))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await fill(pilot, [f" {share_file} ", spaced, spaced, " Alex "])
    body = bundles.open_bundle(share_file.read_bytes(), spaced, {CHEAP})
    assert body["sender_name"] == "Alex"  # the path and the name are trimmed
    with pytest.raises(ReflectError):
        bundles.open_bundle(share_file.read_bytes(), BUNDLE_PASS, {CHEAP})


async def test_a_failed_bring_in_or_feedback_keeps_the_dialog_and_loses_nothing(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A long shift")
    worker.sharing.set_display_name("Alex")
    plan = worker.sharing.plan([entry.id])
    share_file = tmp_path / "share.reflect"
    worker.sharing.send(plan, BUNDLE_PASS, share_file, kdf=CHEAP)
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor_access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        supervisor_access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    cheap(app)  # the share above was sealed cheaply
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        missing = str(tmp_path / "shaer.reflect")
        await submit(pilot, [missing, BUNDLE_PASS])
        line, typed = refusal(app)
        assert "there is no file there" in line
        assert typed == [missing, BUNDLE_PASS]
        await submit(pilot, [str(share_file), BUNDLE_PASS], field=0)  # fixed
        assert isinstance(app.screen, ReviewScreen)
        journal = app.journal
        assert journal is not None
        [person] = journal.reviewing.supervisees()
        snap = journal.reviewing.get(entry.id)
        journal.reviewing.add_comment(snap, "Well held")
        journal.reviewing.mark_reviewed(snap)

        await pilot.press("f")
        await pilot.pause()
        nowhere = str(tmp_path / "nowhere" / "deeper" / "feedback.reflect")
        await submit(pilot, [nowhere, BUNDLE_PASS])
        line, typed = refusal(app)
        assert line.startswith(f"Could not write {nowhere}: there is no folder")
        assert "Nothing was sent" in line
        assert typed == [nowhere, BUNDLE_PASS]  # the passphrase too
        assert journal.reviewing.pending_feedback(person.id)
        sent = journal.store.conn.execute(
            "SELECT count(*) FROM bundles WHERE direction = 'out'"
        )
        assert sent.fetchone()[0] == 0

        fixed = tmp_path / "feedback.reflect"
        await submit(pilot, [str(fixed), BUNDLE_PASS], field=0)
        assert isinstance(app.screen, ReviewScreen)
        assert not journal.reviewing.pending_feedback(person.id)
    body = bundles.open_bundle(fixed.read_bytes(), BUNDLE_PASS, {CHEAP})
    assert [c["body"] for c in body["comments"]] == ["Well held"]
    assert [r["entry_id"] for r in body["reviewed"]] == [entry.id]


async def test_a_share_that_cannot_be_written_keeps_every_field_as_typed(
    access: JournalAccess, tmp_path: Path
) -> None:
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A quiet visit")
    worker.store.close()
    app = cheap(
        ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        journal = app.journal
        assert journal is not None
        app.push_screen(ShareScreen(journal, [entry.id]))
        await pilot.pause()
        share_screen = app.screen
        await pilot.press("w")
        await pilot.pause()
        nowhere = str(tmp_path / "nowhere" / "deeper" / "share.reflect")
        typed = [nowhere, BUNDLE_PASS, BUNDLE_PASS + "!", "Alex"]
        await submit(pilot, typed)
        line, kept = refusal(app)
        assert "passphrases are different" in line and kept == typed
        typed[2] = BUNDLE_PASS
        await submit(pilot, typed, field=2)
        line, kept = refusal(app)
        assert "there is no folder" in line and "Nothing was shared" in line
        assert kept == typed
        recorded = journal.store.conn.execute(
            "SELECT (SELECT count(*) FROM shared_versions), "
            "(SELECT count(*) FROM bundles)"
        ).fetchone()
        assert tuple(recorded) == (0, 0)
        assert journal.sharing.display_name() == ""

        made = tmp_path / "bundles"  # missing, but its parent is there
        typed[0] = str(made / "share.reflect")
        await submit(pilot, typed, field=0)
        line, kept = refusal(app)
        assert "Press enter again to make it" in line and kept == typed
        assert not made.exists()
        await pilot.press("enter")  # the worker agrees
        await pilot.pause()
        assert app.screen is not share_screen  # written: the share screen closed
        assert not isinstance(app.screen, FieldsDialog)
        assert journal.sharing.display_name() == "Alex"
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    body = bundles.open_bundle(
        (made / "share.reflect").read_bytes(), BUNDLE_PASS, {CHEAP}
    )
    assert [e["id"] for e in body["entries"]] == [entry.id]


async def test_names_with_brackets_reach_the_supervisor_as_written(
    access: JournalAccess, tmp_path: Path
) -> None:
    """A name is text: `[/]` in it once closed a markup tag and the app."""
    name = "Alex [/] [b]not bold[/b]"
    worker = access.create(PASSPHRASE)
    entry = worker.notes.add("A long shift")
    worker.sharing.set_display_name(name)
    plan = worker.sharing.plan([entry.id])
    share_file = tmp_path / "[work]" / "share.reflect"
    share_file.parent.mkdir()
    worker.sharing.send(plan, BUNDLE_PASS, share_file, kdf=CHEAP)
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor_access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        supervisor_access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    cheap(app)  # the share above was sealed cheaply
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        await submit(pilot, [str(share_file), BUNDLE_PASS])
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")  # nothing reviewed yet: said with the name
        await pilot.pause()
        said = {n.message: n.markup for n in app._notifications}
        # Shown as text: a toast read as markup would lose the brackets, or
        # (with `[/]`) stop the app.
        assert said[f"Received 1 entry from {name}."] is False
        assert said[f"Nothing new to send back to {name}."] is False


async def test_what_is_shared_stays_said_above_a_long_preview(
    access: JournalAccess,
) -> None:
    """The line naming what is shared, that private notes never leave and
    which key writes the bundle stays on screen; a preview longer than the
    terminal scrolls inside its own list, not the page."""
    worker = access.create(PASSPHRASE)
    lines = "\n".join(f"A thought about the shift, line {n}" for n in range(40))
    entry = worker.notes.add(f"A long shift\n{lines}")
    worker.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.journal is not None
        app.push_screen(ShareScreen(app.journal, [entry.id]))
        await pilot.pause()
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
    assert "Sharing 1 entry: A long shift." in shown
    assert "w writes the bundle" in shown


def bring_in_many(supervisor: Journal, worker: Journal, people: int) -> None:
    """`people` supervisees, each sharing ten entries and a session record.

    One cheap bundle is opened once; each person's copy gets its own journal
    id, name and entry ids, and is brought in as `receive` does once opened.
    """
    ids = [worker.notes.add(f"Visit {n}").id for n in range(10)]
    data = worker.sharing.seal(worker.sharing.plan(ids), BUNDLE_PASS, kdf=CHEAP)
    body = bundles.open_bundle(data, BUNDLE_PASS, {CHEAP})
    for n in range(people):
        copy = json.loads(json.dumps(body))
        copy.update(
            bundle_id=str(uuid.uuid4()),
            sender_journal_id=str(uuid.uuid4()),
            sender_name=f"Person {n:02d}",
            session={"id": str(uuid.uuid4()), "day": "2026-03-01"},
        )
        for snap in copy["entries"]:
            snap["id"] = str(uuid.uuid4())
        supervisor.reviewing.import_share(copy)


async def test_the_supervising_screen_lists_twenty_people_from_three_queries(
    access: JournalAccess, tmp_path: Path
) -> None:
    # It asked two more questions per person (and read every person's counts
    # again for each): 61 for twenty people, growing with each one.
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor = supervisor_access.create(PASSPHRASE)
    worker = access.create(PASSPHRASE)
    bring_in_many(supervisor, worker, 20)
    supervisor.store.close()
    app = ReflectApp(
        supervisor_access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and app.journal is not None
        asked: list[str] = []
        app.journal.store.conn.set_trace_callback(asked.append)
        try:
            screen.fill()
        finally:
            app.journal.store.conn.set_trace_callback(None)
        assert len(asked) <= 3, asked
        listed = [option.id or "" for option in screen.query_one(OptionList).options]
    kinds = [option_id.split(":")[0] for option_id in listed]
    assert kinds.count("person") == 20
    assert kinds.count("session") == 20
    assert kinds.count("entry") == 200
    # Each person's rows sit under them: a session, then their ten entries.
    assert kinds[:12] == ["person", "session"] + ["entry"] * 10


async def test_an_agenda_finding_kept_in_a_share_changes_the_agendas_label(
    access: JournalAccess, tmp_path: Path
) -> None:
    # As `reflect agenda --accept-findings`: the agenda that leaves must not
    # say names were left out once the worker kept one.
    from dataclasses import replace

    from reflect.core.export.agenda import KEPT_LABEL, LABEL, agenda_markdown
    from reflect.tui import messages

    worker = access.create(PASSPHRASE)
    worker.preferences.save(replace(worker.preferences.load(), watch_list=("Dylan",)))
    worker.notes.add("Walked with Dylan to the bus", for_supervision=True)
    agenda = agenda_markdown(worker.agenda.gather(LIBRARY.get("wellbeing")))
    app = cheap(
        ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY, export_dir=tmp_path)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.post_message(messages.ShareEntries([], agenda=agenda))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        assert screen.plan.agenda is not None and LABEL in screen.plan.agenda
        [finding] = screen.open_findings()
        assert finding.title == "agenda"
        await pilot.press("k")
        await pilot.pause()
        assert KEPT_LABEL in screen.plan.agenda and LABEL not in screen.plan.agenda


async def test_enter_on_a_name_opens_what_they_shared_first(
    access: JournalAccess, tmp_path: Path
) -> None:
    """The list opens on the supervisee's name; enter there opens their
    first (unread) entry instead of doing nothing."""
    worker = access.create(PASSPHRASE)
    first = worker.notes.add("A long shift")
    second = worker.notes.add("The team meeting")
    worker.sharing.set_display_name("Alex")
    share_file = tmp_path / "share.reflect"
    plan = worker.sharing.plan([first.id, second.id])
    worker.sharing.send(plan, BUNDLE_PASS, share_file, kdf=CHEAP)
    supervisor_access = JournalAccess(
        JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF, now=access.now
    )
    supervisor = supervisor_access.create(PASSPHRASE)
    supervisor.reviewing.receive_file(share_file, BUNDLE_PASS, accepted={CHEAP})
    opened = supervisor.reviewing.get(second.id)
    supervisor.reviewing.mark_reviewed(opened)  # read already: listed after
    supervisor.store.close()
    app = cheap(ReflectApp(supervisor_access, passphrase=PASSPHRASE, library=LIBRARY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReceivedScreen)
        assert screen.entry_id == first.id


async def test_editing_an_answer_before_it_leaves_keeps_its_line_breaks(
    access: JournalAccess, tmp_path: Path
) -> None:
    """A one-line box joined a note's lines into one, and the supervisor
    would have read it run together."""
    from textual.widgets import TextArea

    from reflect.tui.dialogs.fields import TextDialog

    worker = access.create(PASSPHRASE)
    entry = worker.notes.add(
        "Tough home visit\nThey were low.\nCall me on 07700 900123"
    )
    app = cheap(ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EntryScreen(worker, entry.id))
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        box = dialog.query_one(TextArea)
        assert box.text == "Tough home visit\nThey were low.\nCall me on 07700 900123"
        box.text = "Tough home visit\nThey were low.\nCall me on my work mobile"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [answer] = screen.plan.entries[0]["answers"]
        assert answer["response"] == (
            "Tough home visit\nThey were low.\nCall me on my work mobile"
        )
        assert not screen.open_findings()
    assert worker.entries.get(entry.id).text.endswith("07700 900123")  # kept home
