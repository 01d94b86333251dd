"""Everyday commands: init, note, list, show, search, export, import, backup."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.core import store as storage
from reflect.core.access import JournalAccess
from reflect.core.export.entries import import_entries, read_json
from reflect.core.journal import Journal
from reflect.core.models import TITLE_LIMIT
from tests.cli.conftest import Reflect, entry_ids, one_line_error
from tests.cli.terminals import without_terminal
from tests.conftest import PASSPHRASE

JSON_KEYS = {
    "id",
    "created_at",
    "updated_at",
    "kind",
    "title",
    "tags",
    "template_id",
    "status",
    "for_supervision",
    "ask",
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- init --------------------------------------------------------------


def test_init_creates_a_private_encrypted_journal(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    result = reflect.ok("init")
    assert "encrypted" in result.stdout and str(cli_access.path) in result.stdout
    data = cli_access.path.read_bytes()
    assert not data.startswith(storage.SQLITE_HEADER)
    assert _mode(cli_access.paths.home) == 0o700
    assert _mode(cli_access.path) == 0o600
    assert entry_ids(cli_access) == set()


def test_init_never_overwrites(reflect: Reflect, seeded: Journal) -> None:
    seeded.notes.add("years of writing")
    seeded.store.close()
    before = reflect.journal_path.read_bytes()

    for args in (["init"], ["init", "--no-passphrase"]):
        result = reflect(*args, passphrase="a different one")
        assert result.exit_code == 1
        one_line_error(result, "already exists", str(reflect.journal_path))
    assert reflect.journal_path.read_bytes() == before


def test_init_refuses_an_empty_passphrase_and_creates_nothing(
    reflect: Reflect,
) -> None:
    result = reflect("init", passphrase="")
    assert result.exit_code not in (0, 2)
    one_line_error(result, "REFLECT_PASSPHRASE", "empty")
    assert not reflect.journal_path.exists()


def test_init_without_terminal_or_variable_creates_nothing(reflect: Reflect) -> None:
    result = reflect("init", passphrase=None)
    assert result.exit_code != 0
    one_line_error(result, "REFLECT_PASSPHRASE")
    assert not reflect.journal_path.exists()


def test_init_no_passphrase_warns_and_makes_a_plain_journal(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    # With no terminal to ask on (a script), the warning is all it can give;
    # on a terminal it asks first (test_cli_terminal).
    result = without_terminal("init", "--no-passphrase")
    assert result.returncode == 0, result.stderr
    assert "Warning" in result.stderr and "unencrypted" in result.stdout
    assert cli_access.path.read_bytes().startswith(storage.SQLITE_HEADER)
    note = reflect.ok("note", "open text", passphrase=None)
    assert entry_ids(cli_access, None) == {note.stdout.strip()}


def test_a_passphrase_with_quotes_works(
    reflect: Reflect, cli_access: JournalAccess
) -> None:
    tricky = "it's \"quoted\" '' ; -- DROP"
    reflect.ok("init", passphrase=tricky)
    saved = reflect.ok("note", "quoted key", passphrase=tricky).stdout.strip()
    assert entry_ids(cli_access, tricky) == {saved}
    assert reflect("list", passphrase="it's ").exit_code == 3


# ---- note --------------------------------------------------------------


def test_note_prints_only_its_id(reflect: Reflect, cli_access: JournalAccess) -> None:
    reflect.ok("init")
    result = reflect.ok(
        "note", "After the visit\nfelt okay", "--tag", "#visits", "--tag", "Team day",
        "--for-supervision", "--ask", "How do I end well?",
    )  # fmt: skip
    entry_id = result.stdout.strip()
    assert result.stdout == entry_id + "\n"
    assert result.stderr == ""

    entry = cli_access.open(PASSPHRASE).entries.get(entry_id)
    assert entry.text == "After the visit\nfelt okay"
    assert entry.tags == ("visits", "Team-day")
    assert entry.for_supervision and entry.ask == "How do I end well?"


def test_note_from_standard_input_is_kept_whole(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    seeded.store.close()
    text = "Línea uno — ñ\n\nsecond paragraph\n   trailing   \n\n"
    entry_id = reflect.ok("note", input=text).stdout.strip()
    assert cli_access.open(PASSPHRASE).entries.get(entry_id).text == text


def test_empty_note_is_refused(reflect: Reflect, seeded: Journal) -> None:
    seeded.store.close()
    for args, stdin in ((["note", "  "], None), (["note"], "\n\n")):
        result = reflect(*args, input=stdin)
        assert result.exit_code == 1 and result.stdout == ""
        one_line_error(result, "empty")


def test_quick_note_title_is_first_line_cut_at_80(
    reflect: Reflect, seeded: Journal
) -> None:
    seeded.store.close()
    first_line = "Supervision prep: " + "a long reflection on endings " * 5
    reflect.ok("note", f"\n{first_line}\nthe rest")
    [row] = json.loads(reflect.ok("list", "--json").stdout)
    assert len(row["title"]) <= TITLE_LIMIT
    assert row["title"].endswith("…")
    assert first_line[len(row["title"]) - 1] == " "  # cut at the end of a word
    assert first_line.startswith(row["title"][:-1])


# ---- list --------------------------------------------------------------


@pytest.fixture
def many(seeded: Journal, cli_access: JournalAccess) -> list[str]:
    """22 complete notes and one draft, one minute apart; ids oldest first."""
    clock = cli_access.now
    clock.moment = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    ids = [seeded.notes.add("February note", tags=["old"]).id]
    clock.moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    for i in range(21):
        tags = ["Boundaries"] if i % 5 == 0 else []
        ids.append(seeded.notes.add(f"March note {i}", tags=tags).id)
    ids.append(seeded.notes.save_draft(None, "unfinished draft"))
    seeded.store.close()
    return ids


def test_list_json_shape_order_and_default_limit(
    reflect: Reflect, many: list[str]
) -> None:
    rows = json.loads(reflect.ok("list", "--json").stdout)
    assert len(rows) == 20
    assert [r["id"] for r in rows] == list(reversed(many))[:20]
    for row in rows:
        assert row.keys() >= JSON_KEYS
    draft = rows[0]
    assert draft["status"] == "draft" and draft["kind"] == "note"
    assert isinstance(draft["tags"], list) and isinstance(
        draft["for_supervision"], bool
    )

    everything = json.loads(reflect.ok("list", "--json", "--limit", "100").stdout)
    assert [r["id"] for r in everything] == list(reversed(many))


def test_list_filters_by_tag_and_since(reflect: Reflect, many: list[str]) -> None:
    tagged = json.loads(reflect.ok("list", "--json", "--tag", "#boundaries").stdout)
    assert [r["id"] for r in tagged] == [many[i + 1] for i in (20, 15, 10, 5, 0)]
    assert all("Boundaries" in r["tags"] for r in tagged)

    march = json.loads(
        reflect.ok("list", "--json", "--since", "2026-03-01", "--limit", "100").stdout
    )
    assert [r["id"] for r in march] == list(reversed(many[1:]))


def test_list_text_shows_short_id_title_tags_and_draft(
    reflect: Reflect, many: list[str]
) -> None:
    lines = reflect.ok("list", "--limit", "2").stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(many[-1][:8]) and lines[0].endswith("[draft]")
    assert lines[1].startswith(many[-2][:8])
    assert "March note 20" in lines[1] and "#Boundaries" in lines[1]


def test_list_bad_since_is_a_usage_error(reflect: Reflect, seeded: Journal) -> None:
    seeded.store.close()
    result = reflect("list", "--since", "last tuesday")
    assert result.exit_code == 2 and "--since" in result.stderr


def test_empty_list_says_so_on_stderr(reflect: Reflect, seeded: Journal) -> None:
    seeded.store.close()
    result = reflect.ok("list")
    assert result.stdout == "" and "No entries yet" in result.stderr
    assert json.loads(reflect.ok("list", "--json").stdout) == []


# ---- show --------------------------------------------------------------

IDS = (
    "abcd1111-0000-4000-8000-000000000001",
    "abcd2222-0000-4000-8000-000000000002",
)


def _export_text(*ids: str) -> str:
    return json.dumps(
        {
            "format": "reflect-journal",
            "version": 1,
            "entries": [
                {
                    "id": i,
                    "created_at": "2026-01-05T10:00:00.000000+00:00",
                    "title": f"Entry {i[4:8]}",
                    "tags": ["t"],
                    "answers": [{"step_id": "note", "response": f"Body of {i[4:8]}"}],
                    "private_note": f"private {i[4:8]}",
                }
                for i in ids
            ],
        }
    )


def test_show_by_unique_prefix_and_refusals(reflect: Reflect, seeded: Journal) -> None:
    import_entries(seeded, read_json(_export_text(*IDS)))
    seeded.store.close()

    shown = reflect.ok("show", "ABCD2")
    assert shown.stdout.startswith("Entry 2222\n")
    assert "Body of 2222" in shown.stdout and "private 2222" in shown.stdout
    assert "1111" not in shown.stdout

    ambiguous = reflect("show", "abcd")
    assert ambiguous.exit_code == 1 and ambiguous.stdout == ""
    one_line_error(ambiguous, "more than one")

    unknown = reflect("show", "ffff")
    assert unknown.exit_code == 1 and unknown.stdout == ""
    one_line_error(unknown, "no entry", "ffff")


# ---- search ------------------------------------------------------------


@pytest.fixture
def searchable(seeded: Journal) -> dict[str, str]:
    ids = {
        "weak": seeded.notes.add(
            "A long shift.\nAt the end we touched on boundaries."
        ).id,
        "strong": seeded.notes.add("Boundaries\nboundaries and more boundaries").id,
        "other": seeded.notes.add("Lunch with the team, nothing AND everything").id,
    }
    seeded.store.close()
    return ids


def test_search_words_prefix_and_best_first(
    reflect: Reflect, searchable: dict[str, str]
) -> None:
    rows = json.loads(reflect.ok("search", "bound", "--json").stdout)
    assert [r["id"] for r in rows] == [searchable["strong"], searchable["weak"]]
    assert all(JSON_KEYS | {"snippet", "matches"} <= r.keys() for r in rows)
    snippet = rows[0]["snippet"]
    assert [snippet[a:b] for a, b in rows[0]["matches"]] == [
        "Boundaries", "boundaries", "boundaries"
    ]  # fmt: skip

    text = reflect.ok("search", "shift", "boundaries").stdout.splitlines()
    assert len(text) == 2 and text[0].startswith(searchable["weak"][:8])
    assert text[1] == "    A long shift. At the end we touched on boundaries."


@pytest.mark.parametrize("query", ["AND", '"', "NEAR(", "*", "team OR", "-lunch"])
def test_search_never_errors_on_fts_syntax(
    reflect: Reflect, searchable: dict[str, str], query: str
) -> None:
    result = reflect.ok("search", "--json", "--", query)
    rows = json.loads(result.stdout)
    if query == "AND":  # the word itself, as a prefix too ("and" in both)
        assert {r["id"] for r in rows} == {searchable["other"], searchable["strong"]}


def test_search_with_no_match_says_so(
    reflect: Reflect, searchable: dict[str, str]
) -> None:
    result = reflect.ok("search", "zeppelin")
    assert result.stdout == "" and "Nothing found" in result.stderr


# ---- export and import -------------------------------------------------


def _fill(journal: Journal) -> None:
    journal.notes.add("Plain note")
    asked = journal.notes.add("Für Supervision — ünïcode ✓", ask="Was tun?")
    journal.entries.set_private_note(asked.id, "nur für mich")
    journal.notes.add("Tagged", tags=["#Self care", "team"], for_supervision=True)
    journal.notes.save_draft(None, "a draft, unfinished\nsecond line")
    journal.store.close()


def test_export_file_is_private_and_says_it_is_not_encrypted(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    _fill(seeded)
    out = tmp_path / "export.json"
    result = reflect.ok("export", "-o", str(out))
    assert result.stdout == ""
    assert "NOT encrypted" in result.stderr and str(out) in result.stderr
    assert _mode(out) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "reflect-journal" and len(data["entries"]) == 4
    assert "nur für mich" in out.read_text(encoding="utf-8")

    markdown = tmp_path / "export.md"
    reflect.ok("export", "--format", "markdown", "-o", str(markdown))
    assert _mode(markdown) == 0o600
    assert "# Für Supervision — ünïcode ✓" in markdown.read_text(encoding="utf-8")


def test_export_to_stdout_is_the_same_json(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    _fill(seeded)
    printed = json.loads(reflect.ok("export").stdout)
    out = tmp_path / "export.json"
    reflect.ok("export", "-o", str(out))
    assert printed["entries"] == json.loads(out.read_text("utf-8"))["entries"]


def test_export_import_export_round_trip(
    reflect: Reflect, seeded: Journal, tmp_path: Path
) -> None:
    _fill(seeded)
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    other = tmp_path / "other-home"
    reflect.ok("export", "-o", str(first))
    reflect.ok("--home", str(other), "init", passphrase="other passphrase")

    imported = reflect.ok(
        "--home", str(other), "import", str(first), passphrase="other passphrase"
    )
    assert imported.stdout.startswith("Imported 4 new")
    again = reflect.ok(
        "--home", str(other), "import", str(first), passphrase="other passphrase"
    )
    assert again.stdout.startswith("Imported 0 new, updated 0, 4 already present")
    reflect.ok(
        "--home", str(other), "export", "-o", str(second), passphrase="other passphrase"
    )

    original = json.loads(first.read_text("utf-8"))["entries"]
    round_tripped = json.loads(second.read_text("utf-8"))["entries"]
    assert round_tripped == original
    assert {e["status"] for e in original} == {"draft", "complete"}


def test_import_says_how_many_portfolio_links_came_with_it(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, tmp_path: Path
) -> None:
    from tests.portfolio_lens import LENS

    entry = seeded.notes.add("Told my story at group")
    seeded.portfolio.link(entry.id, LENS, "lived-experience", "Chose what to share")
    seeded.store.close()
    out = tmp_path / "with-links.json"
    other = tmp_path / "other-home"
    reflect.ok("export", "-o", str(out))
    reflect.ok("--home", str(other), "init", passphrase="other passphrase")
    said = reflect.ok(
        "--home", str(other), "import", str(out), passphrase="other passphrase"
    ).stdout
    assert said == (
        "Imported 1 new, updated 0, 0 already present; "
        "1 portfolio link added or brought up to date.\n"
    )


# ---- backup and check --------------------------------------------------


def test_backup_goes_to_the_backups_folder_encrypted(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess, tmp_path: Path
) -> None:
    seeded.notes.add("backed up")
    seeded.store.close()
    made = Path(reflect.ok("backup").stdout.strip())
    assert made.parent == cli_access.paths.backups and made.exists()
    assert _mode(made) == 0o600
    assert not made.read_bytes().startswith(storage.SQLITE_HEADER)

    chosen = tmp_path / "elsewhere" / "copy.db"
    assert reflect.ok("backup", "-o", str(chosen)).stdout.strip() == str(chosen)
    refused = reflect("backup", "-o", str(chosen))
    assert refused.exit_code == 1
    one_line_error(refused, "already exists")


def test_check_says_ok(reflect: Reflect, seeded: Journal) -> None:
    seeded.notes.add("fine")
    seeded.store.close()
    assert reflect.ok("check").stdout == "ok\n"


# ---- mark ----------------------------------------------------------------


def test_mark_sets_what_the_apps_dialog_sets_and_only_what_is_given(
    reflect: Reflect, seeded: Journal, cli_access: JournalAccess
) -> None:
    note = seeded.notes.add("Rota gaps again\nShort twice this week.")
    seeded.store.close()
    said = reflect.ok("mark", note.id[:8], "--ask", "Saying no", "--shareable")
    assert said.stdout == (
        "Rota gaps again: bring to supervision (Saying no); can be shared\n"
    )
    reflect.ok("mark", note.id, "--private-note", "-", input="only for me\n")
    refused = reflect("mark", note.id, "--no-bring", "--ask", "Both?")
    assert refused.exit_code == 1 and refused.stdout == ""
    one_line_error(refused, "--no-bring")

    journal = cli_access.open(PASSPHRASE)
    try:
        entry = journal.entries.get(note.id)
    finally:
        journal.store.close()
    assert (entry.for_supervision, entry.ask, entry.shareable) == (
        True,
        "Saying no",
        True,
    )
    assert entry.private_note == "only for me\n"
    assert entry.text == "Rota gaps again\nShort twice this week."
