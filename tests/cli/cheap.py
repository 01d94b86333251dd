"""A CLI journal that opens cheaply, for tests that run many commands.

The one change a test may make to the real CLI: cheap key derivation. The
CLI otherwise derives the key at SQLCipher's full cost on every command
(about 0.1 s each), which tests that run twenty commands cannot afford.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.cli import common as cli_common
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock


def cheap_access(home: Path) -> JournalAccess:
    return JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=FixedClock())


@pytest.fixture
def cheap_journal(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journal]:
    """The CLI's journal, created and opened (by every command) cheaply."""
    monkeypatch.setattr(
        cli_common.Settings,
        "access",
        property(
            lambda self: JournalAccess(JournalPaths(self.home), kdf_iter=FAST_KDF)
        ),
    )
    journal = cheap_access(isolated_env).create(PASSPHRASE)
    yield journal
    journal.store.close()
