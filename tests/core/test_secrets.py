"""No passphrase in a `repr`, a `str` or an error message.

A passphrase printed by a debug line, a log or a failing test's report is a
passphrase on a screen, in scrollback and in CI logs; these check every core
object that holds one, and the errors raised while keying a file.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.errors import BadPassphrase, ReflectError, WrongPassphrase
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.store import swap
from tests.conftest import FAST_KDF, PASSPHRASE

#: Distinctive enough that finding it anywhere can only mean it leaked.
DISTINCT = "otter-saxophone-41-quietly"
#: A non-UTF-8 byte in $REFLECT_PASSPHRASE arrives as a lone surrogate.
UNENCODABLE = "lanterns\udcffby-the-weir"


def _shown(obj: object) -> str:
    return f"{obj!r}\n{obj!s}"


def leaks(text: str, passphrase: str) -> bool:
    """The passphrase as typed or as a `repr` escapes it (quotes in it become
    `\\'`), or, for one that cannot be encoded, its odd byte."""
    if passphrase in text or repr(passphrase)[1:-1] in text:
        return True
    odd = [c for c in passphrase if "\ud800" <= c <= "\udfff"]
    return any(c in text or f"{ord(c):x}" in text for c in odd)


@pytest.mark.parametrize("passphrase", [PASSPHRASE, DISTINCT])
def test_no_core_object_shows_the_passphrase(tmp_path: Path, passphrase: str) -> None:
    access = JournalAccess(JournalPaths(tmp_path / "home"), kdf_iter=FAST_KDF)
    journal = access.create(passphrase)
    try:
        store = journal.store
        assert store.passphrase == passphrase  # kept for backups and threads
        for obj in (store, journal, access, access.paths):
            assert not leaks(_shown(obj), passphrase), type(obj).__name__
        # What it does show tells whether the journal is encrypted.
        assert "encrypted=True" in repr(store)
    finally:
        journal.store.close()
    assert not leaks(_shown(journal.store), passphrase)  # closed, the same


def test_a_plain_journal_says_it_is_not_encrypted(access: JournalAccess) -> None:
    journal = access.create(None)
    try:
        assert journal.store.encrypted is False
        assert "encrypted=False" in repr(journal.store)
    finally:
        journal.store.close()


def _formatted(exc: BaseException) -> str:
    """The whole traceback as printed, chained causes and all."""
    return "".join(traceback.format_exception(exc))


def test_errors_while_keying_name_no_passphrase(
    access: JournalAccess, tmp_path: Path
) -> None:
    access.create(PASSPHRASE).store.close()
    for wrong in (DISTINCT, UNENCODABLE):
        with pytest.raises(WrongPassphrase) as caught:
            access.open(wrong)
        assert not leaks(_formatted(caught.value), wrong)
    fresh = JournalAccess(JournalPaths(tmp_path / "new"), kdf_iter=FAST_KDF)
    with pytest.raises(BadPassphrase) as refused:
        fresh.create(UNENCODABLE)
    assert not leaks(_formatted(refused.value), UNENCODABLE)
    assert not fresh.path.exists()


def test_a_new_passphrase_that_cannot_be_encoded_changes_nothing(
    journal: Journal, access: JournalAccess
) -> None:
    journal.notes.add("kept as it was")
    with pytest.raises(ReflectError) as caught:
        swap.change_passphrase(journal.store, UNENCODABLE)
    assert not leaks(_formatted(caught.value), UNENCODABLE)
    journal.store.close()
    reopened = access.open(PASSPHRASE)
    try:
        assert [e.text for e in reopened.entries.iter_all()] == ["kept as it was"]
    finally:
        reopened.store.close()


def test_a_backup_is_keyed_from_the_store_without_showing_it(
    access: JournalAccess, tmp_path: Path
) -> None:
    journal = access.create(DISTINCT)
    journal.notes.add("in the backup")
    try:
        copy = storage.backup(journal.store, tmp_path / "copy.db")
    finally:
        journal.store.close()
    opened = storage.open_journal(copy, DISTINCT, kdf_iter=FAST_KDF)
    try:
        assert not leaks(_shown(opened), DISTINCT)
    finally:
        opened.close()


def test_a_bundle_passphrase_that_is_not_text_is_refused_without_quoting_it() -> None:
    from reflect.core import bundles

    cheap = bundles.KdfParams(n=16)
    odd = "long enough \udcff secret"  # a non-UTF-8 byte from the environment
    sealed = bundles.seal({"format": "reflect-bundle"}, "long enough secret", cheap)
    for attempt in (
        lambda: bundles.seal({"format": "reflect-bundle"}, odd, cheap),
        lambda: bundles.open_bundle(sealed, odd, {cheap}),
    ):
        with pytest.raises(bundles.BadBundle) as caught:
            attempt()
        assert "secret" not in str(caught.value)
        assert "\udcff" not in str(caught.value)
