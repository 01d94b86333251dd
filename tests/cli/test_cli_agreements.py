"""Several supervision agreements from the CLI: `reflect agreement NAME`,
`--new`, `--remove`, the new fields, and `--agreement NAME` on the commands
that belong to one agreement.

Many commands per test, so the journal opens with cheap key derivation
(`tests.cli.cheap`); refusals are one line, exit 1, and change nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.cli import common as cli_common
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

pytestmark = pytest.mark.usefixtures("utc_local")

AGREEMENT_KEYS = {
    "name", "supervisor", "type", "every_days", "next_date", "minutes",
    "share_recovery", "confidentiality", "record_by", "readers", "review_date",
    "days_to_next", "words", "default",
}  # fmt: skip


@pytest.fixture
def fresh(
    reflect: Reflect, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Reflect]:
    """An empty journal every command opens cheaply, on 2 March 2026."""
    clock = FixedClock()
    clock.moment = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def access(_: object) -> JournalAccess:
        return JournalAccess(JournalPaths(isolated_env), kdf_iter=FAST_KDF, now=clock)

    monkeypatch.setattr(cli_common.Settings, "access", property(access))
    access(None).create(PASSPHRASE).store.close()
    yield reflect


def agreements_json(reflect: Reflect) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(reflect.ok("agreement", "--json").stdout)
    return found


def actions_json(reflect: Reflect) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(reflect.ok("actions", "--json").stdout)
    return found


def test_several_agreements_are_added_shown_changed_and_removed(
    fresh: Reflect,
) -> None:
    fresh.ok(
        "agreement", "--supervisor", "Sam", "--type", "line", "--next", "2026-03-20"
    )
    added = fresh.ok(
        "agreement", "Peer group", "--new", "--type", "group", "--every", "14",
        "--next", "2026-03-12", "--minutes", "90", "--supervisor", "facilitator",
        "--confidentiality", "What is said in the group stays there",
        "--record-by", "both", "--readers", "me and the facilitator",
        "--review", "2026-09-01", "--json",
    )  # fmt: skip
    group = json.loads(added.stdout)
    assert set(group) == AGREEMENT_KEYS
    assert {k: group[k] for k in ("name", "type", "minutes", "record_by")} == {
        "name": "Peer group", "type": "group", "minutes": 90, "record_by": "both",
    }  # fmt: skip
    assert group["confidentiality"] == "What is said in the group stays there"
    assert (group["readers"], group["review_date"]) == (
        "me and the facilitator",
        "2026-09-01",
    )
    assert group["default"] is True  # the sooner of the two

    found = agreements_json(fresh)
    assert [(a["name"], a["next_date"]) for a in found] == [
        ("Sam", "2026-03-20"),
        ("Peer group", "2026-03-12"),
    ]
    human = fresh.ok("agreement").stdout
    assert "Name:       Peer group" in human and "Minutes:    90" in human
    assert "unless you say --agreement NAME" in human

    # With two, options need a name; a name in any case (or its start) is enough.
    result = fresh("agreement", "--every", "7")
    assert result.exit_code == 1
    one_line_error(result, "you have 2 agreements (Sam, Peer group)")
    fresh.ok("agreement", "peer", "--minutes", "75", "--review", "none")
    changed = json.loads(fresh.ok("agreement", "PEER GROUP", "--json").stdout)
    assert (changed["minutes"], changed["review_date"]) == (75, None)

    unknown = fresh("agreement", "Alex", "--every", "7")
    assert unknown.exit_code == 1
    one_line_error(unknown, "no agreement is called 'Alex'; yours are: Sam, Peer group")
    assert agreements_json(fresh)[0]["every_days"] == 28  # nothing changed
    twice = fresh("agreement", "sam", "--new")
    assert twice.exit_code == 1
    one_line_error(twice, "already an agreement called 'Sam'")

    no_terminal = fresh("agreement", "Sam", "--remove")
    assert no_terminal.exit_code == 1
    one_line_error(no_terminal, "--yes")
    fresh.ok("agreement", "Sam", "--remove", "--yes")
    assert [a["name"] for a in agreements_json(fresh)] == ["Peer group"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--minutes", "4"], "5 to 480"),
        (["--minutes", "\u00b2"], "5 to 480"),  # a digit to Python, no number
        (["--record-by", "team"], "supervisee, supervisor, both"),
        (["--review", "soon"], "YYYY-MM-DD"),
        (["--new"], "NAME"),
    ],
    ids=["minutes", "superscript minutes", "record-by", "review", "new without a name"],
)
def test_bad_values_for_the_new_fields_are_refused(
    reflect: Reflect, args: list[str], needle: str
) -> None:
    result = reflect("agreement", *args, passphrase=None)  # before any journal
    assert result.exit_code == 1
    one_line_error(result, needle)


def test_a_session_is_recorded_under_a_named_agreement_with_roles(
    fresh: Reflect,
) -> None:
    fresh.ok(
        "agreement", "--supervisor", "Sam", "--type", "line", "--next", "2026-03-20"
    )
    fresh.ok("agreement", "Peer group", "--new", "--type", "group", "--every", "14")
    session_id = fresh.ok(
        "session", "record", "--agreement", "peer group", "--date", "2026-03-02",
        "--attended", "peer worker", "--attended", "facilitator",
        "--action", "Ask about the rota; facilitator",
    ).stdout.strip()  # fmt: skip

    (shown_json,) = json.loads(
        fresh.ok("sessions", "--json", "--agreement", "Peer group").stdout
    )
    assert shown_json["id"] == session_id
    assert shown_json["agreement"] == "Peer group"
    assert shown_json["type"] == "group"
    assert shown_json["attendees"] == "peer worker, facilitator"
    assert [a["owner"] for a in actions_json(fresh)] == ["me"]  # the worker's own
    assert json.loads(fresh.ok("sessions", "--json", "--agreement", "Sam").stdout) == []
    group = json.loads(fresh.ok("agreement", "Peer group", "--json").stdout)
    assert group["next_date"] == "2026-03-16"  # moved: 14 days on
    assert agreements_json(fresh)[0]["next_date"] == "2026-03-20"  # not this one

    unknown = fresh("session", "record", "--agreement", "Alex")
    assert unknown.exit_code == 1
    one_line_error(unknown, "yours are: Sam, Peer group")
    unknown_agenda = fresh("agenda", "--agreement", "Alex")
    assert unknown_agenda.exit_code == 1
    one_line_error(unknown_agenda, "yours are: Sam, Peer group")
