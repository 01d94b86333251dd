"""`reflect agreement`, `reflect action ...` and `reflect actions` end to end.

Each refusal is checked to be one line, exit 1, and to leave the agreement
or the action list exactly as it was (read back through the CLI's JSON).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from reflect.cli import common as cli_common
from reflect.core import supervision as core
from reflect.core.access import JournalAccess
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from tests.cli.conftest import Reflect, one_line_error
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.usefixtures("utc_local")


ACTION_KEYS = {
    "id",
    "text",
    "owner",
    "due",
    "status",
    "created_at",
    "done_at",
    "source",
    "source_id",
}
AGREEMENT_KEYS = {
    "name",
    "supervisor",
    "type",
    "every_days",
    "next_date",
    "minutes",
    "share_recovery",
    "confidentiality",
    "record_by",
    "readers",
    "review_date",
    "days_to_next",
    "words",
    "default",
}


class HandClock:
    """The CLI's clock for these tests: 2 March 2026, 09:00 UTC."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture(autouse=True)
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> HandClock:
    """The CLI opens its journal with this clock instead of the real one."""
    clock = HandClock()
    monkeypatch.setattr(
        cli_common.Settings,
        "access",
        property(lambda self: JournalAccess(JournalPaths(self.home), now=clock)),
    )
    return clock


@pytest.fixture
def fresh(reflect: Reflect, seeded: Journal) -> Reflect:
    """An empty encrypted journal the CLI can open."""
    seeded.store.close()
    return reflect


def agreements_json(reflect: Reflect) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(reflect.ok("agreement", "--json").stdout)
    return found


def agreement_json(reflect: Reflect) -> Any:
    """The only agreement, or None when there is none yet."""
    found = agreements_json(reflect)
    assert len(found) <= 1
    return found[0] if found else None


def actions_json(reflect: Reflect, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        reflect.ok("actions", "--json", *args).stdout
    )
    return rows


# ---- agreement -----------------------------------------------------------


def test_agreement_is_set_shown_and_updated_one_field_at_a_time(
    fresh: Reflect,
) -> None:
    none = fresh.ok("agreement")
    assert "No supervision agreement yet" in none.stdout
    assert "reflect agreement --supervisor" in none.stdout
    assert agreement_json(fresh) is None

    made = fresh.ok(
        "agreement", "--supervisor", "Sam", "--type", "line", "--every", "14",
        "--next", "2026-03-05",
    )  # fmt: skip
    assert made.stdout.splitlines() == [
        "Name:       Sam",
        "Supervisor: Sam",
        "Type:       line",
        "Every:      14 days",
        "Next:       2026-03-05",
        "Minutes:    60",
        "Limits:     not set",
        "Record by:  supervisee",
        "Read by:    not set",
        "Review:     not set",
        "Recovery:   kept on this machine (--share-recovery puts it on agendas)",
        "Next supervision with Sam in 3 days.",
    ]
    assert fresh.ok("agreement").stdout == made.stdout  # shown as saved

    fresh.ok("agreement", "--every", "28")
    data = agreement_json(fresh)
    assert set(data) == AGREEMENT_KEYS
    assert data == {
        "name": "Sam",
        "supervisor": "Sam",
        "type": "line",
        "every_days": 28,
        "next_date": "2026-03-05",
        "minutes": 60,
        "share_recovery": False,
        "confidentiality": "",
        "record_by": "supervisee",
        "readers": "",
        "review_date": None,
        "days_to_next": 3,
        "words": "Next supervision with Sam in 3 days.",
        "default": True,
    }
    shared = fresh.ok("agreement", "--share-recovery").stdout
    assert "Recovery:   shared on agendas and shares" in shared
    assert agreement_json(fresh)["share_recovery"] is True
    fresh.ok("agreement", "--no-share-recovery")
    assert agreement_json(fresh)["share_recovery"] is False
    assert agreement_json(fresh)["every_days"] == 28  # the rest is kept


def test_an_agreement_can_start_from_one_field_and_say_it_is_overdue(
    fresh: Reflect,
) -> None:
    result = fresh.ok("agreement", "--next", "2026-02-27")
    assert "Supervisor: not set" in result.stdout
    assert "Every:      28 days" in result.stdout  # the default
    assert "overdue by 3 days" in result.stdout

    (cleared,) = json.loads(fresh.ok("agreement", "--next", "none", "--json").stdout)
    assert cleared["next_date"] is None and cleared["days_to_next"] is None
    assert cleared["words"] == "No date set for the next supervision."


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--next", "2026-13-01"], "YYYY-MM-DD"),
        (["--next", "soon"], "YYYY-MM-DD"),
        (["--type", "weekly"], "co-reflection"),
        (["--every", "0"], "1 to 366"),
        (["--every", "367"], "1 to 366"),
        (["--every", "fortnight"], "1 to 366"),
        (["--supervisor", "Alex", "--every", "-3"], "1 to 366"),  # none of it saved
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_bad_agreement_values_exit_1_in_one_line_and_change_nothing(
    fresh: Reflect, args: list[str], needle: str
) -> None:
    fresh.ok("agreement", "--supervisor", "Sam", "--next", "2026-03-30")
    before = agreement_json(fresh)

    result = fresh("agreement", *args)

    assert result.exit_code == 1
    one_line_error(result, needle)
    assert result.stdout == ""
    assert agreement_json(fresh) == before


def test_bad_agreement_values_do_not_create_an_agreement(fresh: Reflect) -> None:
    result = fresh("agreement", "--supervisor", "Sam", "--type", "1:1")
    assert result.exit_code == 1
    one_line_error(result, "--type")
    assert agreement_json(fresh) is None


def test_bad_values_are_refused_before_the_passphrase_is_needed(
    fresh: Reflect,
) -> None:
    result = fresh("agreement", "--every", "0", passphrase=None)
    assert result.exit_code == 1  # not 3: the value was wrong, not the journal
    one_line_error(result, "1 to 366")


# ---- actions -------------------------------------------------------------


def test_actions_are_added_listed_closed_and_reopened(fresh: Reflect) -> None:
    assert fresh.ok("actions").stdout == ""
    first = fresh.ok(
        "action", "add", "Ask about the rota", "--due", "2026-04-01",
        "--owner", "supervisor",
    ).stdout.strip()  # fmt: skip
    second = fresh.ok("action", "add", "Read the lone-working policy").stdout.strip()
    assert re.fullmatch(r"[0-9a-f-]{36}", first) and first != second

    assert fresh.ok("actions").stdout.splitlines() == [
        f"{first[:8]}  open  2026-04-01  supervisor  Ask about the rota",
        f"{second[:8]}  open  -           me  Read the lone-working policy",
    ]
    rows = actions_json(fresh)
    assert all(set(row) == ACTION_KEYS for row in rows)
    assert rows[0]["id"] == first and rows[0]["due"] == "2026-04-01"
    assert (rows[0]["source"], rows[0]["created_at"]) == (
        "manual",
        "2026-03-02T09:00:00.000000+00:00",
    )

    done = fresh.ok("action", "done", first[:6])
    assert done.stdout.startswith(f"Done: {first[:8]}  done")
    assert [r["id"] for r in actions_json(fresh, "--open")] == [second]
    assert fresh.ok("actions", "--open").stdout.splitlines() == [
        f"{second[:8]}  open  -           me  Read the lone-working policy"
    ]
    assert [(r["id"], r["status"]) for r in actions_json(fresh)] == [
        (second, "open"),
        (first, "done"),
    ]

    assert fresh.ok("action", "done", first).stdout.startswith("Already done")
    assert fresh.ok("action", "reopen", first[:8]).stdout.startswith("Reopened:")
    reopened = actions_json(fresh, "--open")
    assert [r["id"] for r in reopened] == [first, second]
    assert reopened[0]["done_at"] is None


def test_no_open_actions_is_said_on_stderr(fresh: Reflect) -> None:
    result = fresh.ok("actions", "--open")
    assert result.stdout == "" and "No open actions" in result.stderr
    assert json.loads(fresh.ok("actions", "--json").stdout) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["action", "add", "Call", "--due", "2026-02-30"], "YYYY-MM-DD"),
        (["action", "add", "Call", "--due", "Friday"], "YYYY-MM-DD"),
        (["action", "add", "   "], "a few words"),
        (["action", "add", "Call", "--owner", " "], "--owner"),
        (["action", "done", "zzzz"], "zzzz"),
        (["action", "reopen", "zzzz"], "zzzz"),
        (["action", "done", "aaaa"], "more than one"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_bad_action_commands_exit_1_in_one_line_and_change_nothing(
    reflect: Reflect, seeded: Journal, args: list[str], needle: str
) -> None:
    for text in ("one", "two"):
        seeded.supervision.add_action(text)
    with seeded.store.write():  # ids that share a prefix, for the ambiguous case
        for n, (action_id,) in enumerate(
            seeded.store.conn.execute("SELECT id FROM actions ORDER BY text").fetchall()
        ):
            seeded.store.conn.execute(
                "UPDATE actions SET id = ? WHERE id = ?", [f"aaaa{n}-id", action_id]
            )
    seeded.store.close()
    before = actions_json(reflect)

    result = reflect(*args)

    assert result.exit_code == 1
    one_line_error(result, needle)
    assert actions_json(reflect) == before
    assert [r["status"] for r in before] == ["open", "open"]


def test_actions_from_a_session_show_their_owner_and_due_date(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.supervision.record_session(
        core.Session(id="", day=date(2026, 3, 1)),
        [("Book the training", "team lead", date(2026, 3, 20))],
    )
    seeded.store.close()
    [row] = actions_json(reflect, "--open")
    assert (row["text"], row["owner"], row["due"], row["source"]) == (
        "Book the training",
        "team lead",
        "2026-03-20",
        "session",
    )
    line = reflect.ok("actions").stdout.strip()
    assert line.endswith("open  2026-03-20  team lead  Book the training")


def test_a_session_recorded_from_the_cli_brings_the_saved_preparation(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    from reflect.core.templates import load_library, shipped_dir

    check_in = load_library([shipped_dir()]).get("wellbeing")
    note = seeded.notes.add("After the group", for_supervision=True, ask="talk it over")
    seeded.agenda.save_preparation(seeded.agenda.default_preparation(check_in))
    seeded.store.close()

    refused = reflect("session", "record", "--date", "March the first")
    assert refused.exit_code != 0
    one_line_error(refused, "YYYY-MM-DD")
    assert json.loads(reflect.ok("sessions", "--json").stdout) == []

    said = reflect.ok(
        "session", "record", "--date", "2026-03-01", "--start", "10:00",
        "--end", "11:00", "--summary", "Boundaries after the group",
        "--action", "Read the lone working policy; me (by 2026-03-20)",
    ).stdout  # fmt: skip
    [record] = json.loads(reflect.ok("sessions", "--json").stdout)
    assert said.strip() == record["id"]
    assert (record["day"], record["start"], record["end"]) == (
        "2026-03-01", "10:00", "11:00",
    )  # fmt: skip
    titles = [item["title"] for item in record["items"]]
    assert titles == ["After the group", "What we talked about"]
    assert record["items"][-1]["summary"] == "Boundaries after the group"
    [action_id] = record["actions"]
    shown = reflect.ok("session", "show", record["id"][:8]).stdout
    assert "Read the lone working policy" in shown

    # Brought to a recorded session: not offered again.
    journal = cli_access.open(PASSPHRASE)
    try:
        assert note.id not in {i.ref for i in journal.agenda.candidates(check_in)}
        assert journal.supervision.action(action_id).due == date(2026, 3, 20)
    finally:
        journal.store.close()
