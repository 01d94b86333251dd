"""The app's bring-in dialog, given forged bundles: one line each, nothing kept.

The dialog stays open with the reason inside it, the same line the CLI
prints; no key is derived for a forged header, and the journal's tables are
as they were. One app run tries every file in turn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from reflect.core import bundles
from reflect.core.access import JournalAccess
from reflect.core.bundles import KdfParams
from reflect.core.errors import BadBundle
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.fields import FieldsDialog, calm
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.forging import (
    ACCEPT,
    AGREED,
    CHEAP,
    Pair,
    Raw,
    deep,
    forge,
    journal_at,
    pair,
    tables,
)

LIBRARY = load_library([shipped_dir()])


def forgeries(two: Pair) -> dict[str, bytes]:
    share = two.share
    versions = share.body_anew()
    versions["entries"][0]["version"] = 2**70
    nested = share.body_anew()
    nested["entries"][0]["answers"] = deep(100_000)
    return {
        "a costly header": forge({**share.header, "n": 2**20, "r": 16, "p": 4}, b"{}"),
        "n is 1e999": forge({**share.header, "n": Raw("1e999")}, share.body_anew()),
        "p is 1e999": forge({**share.header, "p": Raw("1e999")}, share.body_anew()),
        "a version of 2^70": forge(share.header, versions),
        "nesting 100,000 deep": forge(share.header, nested),
    }


async def test_the_bring_in_dialog_shows_one_line_for_each_forgery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two = pair(journal_at(tmp_path / "worker"), journal_at(tmp_path / "supervisor"))
    files = forgeries(two)
    two.close()
    derived: list[tuple[int, int, int]] = []
    real = bundles.Scrypt

    def scrypt(*, salt: bytes, length: int, n: int, r: int, p: int) -> Any:
        derived.append((n, r, p))
        assert KdfParams(n, r, p) == CHEAP, "a key derived for a forged header"
        return real(salt=salt, length=length, n=n, r=r, p=p)

    monkeypatch.setattr(bundles, "Scrypt", scrypt)
    supervisor = journal_at(tmp_path / "supervisor2")
    expected = {}
    for name, data in files.items():  # what core says, for the dialog to match
        with pytest.raises(BadBundle) as caught:
            supervisor.reviewing.receive(data, AGREED, accepted=ACCEPT)
        expected[name] = calm(caught.value)
        (tmp_path / f"{len(expected)}.reflect").write_bytes(data)
    before = tables(supervisor)
    supervisor.store.close()
    derived.clear()

    access = JournalAccess(JournalPaths(tmp_path / "supervisor2"), kdf_iter=FAST_KDF)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    app.bundle_kdfs = ACCEPT
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        for n, name in enumerate(files, 1):
            path, secret = list(dialog.query(Input))
            path.value, secret.value = str(tmp_path / f"{n}.reflect"), AGREED
            secret.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, f"{name}: the dialog closed"
            error = dialog.query_one("#dialog-error", Static)
            line = str(error.content)
            assert line == expected[name], name
            assert "\n" not in line and "Traceback" not in line
        journal = app.journal
        assert journal is not None
        assert tables(journal) == before
    assert set(derived) <= {(CHEAP.n, CHEAP.r, CHEAP.p)}


async def test_a_hostile_name_in_a_real_bundle_reaches_the_toast_as_marks(
    tmp_path: Path,
) -> None:
    from tests.hostile import ESC, hidden_in

    name = f"Sam {ESC}]0;I am root{ESC}\\\u202eevil"
    worker = journal_at(tmp_path / "worker")
    entry = worker.notes.add("Shared on purpose")
    bundle = tmp_path / "share.reflect"
    plan = worker.sharing.plan([entry.id])
    worker.sharing.send(plan, AGREED, bundle, name=name, kdf=CHEAP)
    worker.store.close()
    journal_at(tmp_path / "supervisor").store.close()

    access = JournalAccess(JournalPaths(tmp_path / "supervisor"), kdf_iter=FAST_KDF)
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    app.bundle_kdfs = ACCEPT
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r", "i")
        await pilot.pause()
        path, secret = list(app.screen.query(Input))
        path.value, secret.value = str(bundle), AGREED
        secret.focus()
        await pilot.press("enter")
        await pilot.pause()
        said = " ".join(str(n.message) for n in app._notifications)
    assert "Received 1 entry from Sam ␛]0;I am root" in said
    assert hidden_in(said) == []
