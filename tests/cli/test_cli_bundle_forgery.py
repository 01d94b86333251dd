"""`reflect receive` of forged bundles: exit 1 and one line, or taken once.

The core tests (`tests/core/test_bundle_forgery.py`) try hundreds of
forgeries; here a few dozen go through the command itself, so what a person
sees is checked too: exit status 1, one line on stderr, nothing on stdout,
no traceback, every table as it was. The runner fails any test that lets an
exception escape. The journals are opened with cheap key derivation and the
CLI is told to accept the tests' cheap bundle cost, so an example costs
milliseconds; the forged-header test keeps the CLI's real settings.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.cli import common as cli_common
from reflect.core import bundles
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import FAST_KDF
from tests.forging import (
    ACCEPT,
    AGREED,
    Pair,
    Raw,
    forge,
    forgery,
    journal_at,
    pair,
    tables,
)

BUNDLE: dict[str, str | None] = {"REFLECT_BUNDLE_PASSPHRASE": AGREED}


def _header(**change: object) -> dict[str, object]:
    header: dict[str, object] = {
        "v": 1,
        "kdf": "scrypt",
        "n": 2**17,
        "r": 8,
        "p": 1,
        "salt": base64.b64encode(os.urandom(16)).decode(),
        "nonce": base64.b64encode(os.urandom(12)).decode(),
    }
    header.update(change)
    return header


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"n": 2**20, "r": 16, "p": 4}, "key settings reflect does not use"),
        ({"n": Raw("1e999")}, "damaged or incomplete"),
        ({"p": Raw("1e999")}, "damaged or incomplete"),
    ],
)
def test_receive_refuses_a_forged_header_in_one_line_before_any_key(
    reflect: Reflect,
    seeded: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, Any],
    reason: str,
) -> None:
    seeded.store.close()

    def scrypt(**asked: int) -> Any:
        raise AssertionError(f"derived a key for a forged header: {asked}")

    monkeypatch.setattr(bundles, "Scrypt", scrypt)
    path = tmp_path / "forged.reflect"
    path.write_bytes(forge(_header(**change), os.urandom(200)))
    before = reflect.journal_path.read_bytes()
    result = reflect("receive", str(path), env=BUNDLE)
    assert result.exit_code == 1
    one_line_error(result, reason)
    assert result.stdout == ""
    assert reflect.journal_path.read_bytes() == before


@pytest.fixture
def cheap_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Pair, dict[int, Path]]]:
    """The two journals at their own homes, which the CLI opens cheaply and
    whose cheap bundles it accepts; and where each journal lives."""
    homes = {"worker": tmp_path / "w", "supervisor": tmp_path / "s"}
    made = pair(journal_at(homes["worker"]), journal_at(homes["supervisor"]))
    monkeypatch.setattr(
        cli_common.Settings,
        "access",
        property(lambda s: JournalAccess(JournalPaths(s.home), kdf_iter=FAST_KDF)),
    )
    monkeypatch.setattr(bundles, "ACCEPTED_KDFS", ACCEPT)
    where = {id(made.worker): homes["worker"], id(made.supervisor): homes["supervisor"]}
    yield made, where
    made.close()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_receive_of_any_forgery_exits_1_with_one_line_or_takes_it_once(
    reflect: Reflect,
    cheap_cli: tuple[Pair, dict[int, Path]],
    tmp_path: Path,
    data: st.DataObject,
) -> None:
    two, where = cheap_cli
    forged, journal = forgery(data, two)
    path = tmp_path / "in.reflect"
    path.write_bytes(forged)
    command = ("--home", str(where[id(journal)]), "receive", str(path))
    before = tables(journal)
    result = reflect(*command, env=BUNDLE)
    if result.exit_code == 1:
        one_line_error(result)
        assert result.stdout == ""
        assert tables(journal) == before
        return
    assert result.exit_code == 0, result.output
    once = tables(journal)
    again = reflect(*command, env=BUNDLE)
    assert again.exit_code == 0
    assert again.stdout == "Already received; nothing changed.\n"
    assert tables(journal) == once
