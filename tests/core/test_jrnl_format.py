"""The jrnl parser against hand-written journals in tests/fixtures/jrnl.

The expected titles, tags and stars were checked once against jrnl 4.6's own
JSON export of the same files; these tests do not need jrnl installed.
Where reflect differs from jrnl on purpose (text jrnl drops, dates jrnl
reads as "today"), the test says so.

The encrypted fixtures hold the same short journal, passphrase
"reflect-fixture": encrypted.txt was made by jrnl 4.6 (`jrnl --encrypt`,
format v3); encrypted-v2.txt (Fernet, jrnl 2.0-4.5) and encrypted-v1.bin
(AES, jrnl 1.x) were written in jrnl's older formats and decrypt with jrnl.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.errors import BadImport
from reflect.core.jrnl.files import read_journal
from reflect.core.jrnl.format import (
    DEFAULT,
    BadJrnlConfig,
    EncryptedJrnl,
    JrnlEntry,
    JrnlSettings,
    NotJrnl,
    Problem,
    content_key,
    parse_text,
    read_config,
)
from reflect.core.places import Places

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jrnl"
TEXT_FIXTURES = ["default.txt", "crlf.txt", "problems.txt", "24h.txt", "minutes.txt"]
BEFORE_OR_BAD = (Problem.BEFORE_FIRST, Problem.BAD_DATE)
STAMP = re.compile(r"\[\d{4}-\d\d-\d\d(?: [\d:]+(?: [AP]M)?)?\]")


def read(name: str, settings: JrnlSettings = DEFAULT) -> list[JrnlEntry]:
    return list(read_journal(FIXTURES / name, settings))


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute)


def account_for(original: str, entries: list[JrnlEntry]) -> list[str]:
    """Check the entries hold every non-space character of the file, in order.

    Each dated entry is rebuilt as its timestamp (read from the file at the
    entry's line, and it must look like one), its first line, a star if it
    is starred, and the rest of its text. Returns the timestamps.
    """
    lines, rebuilt, stamps = original.splitlines(), [], []
    for entry in entries:
        if entry.problem not in BEFORE_OR_BAD:
            found = STAMP.match(lines[entry.line - 1])
            assert found, (entry.line, entry.text)
            stamps.append(found[0])
            rebuilt.append(found[0])
        first, _, rest = entry.text.partition("\n")
        rebuilt += [first, "*" if entry.starred else "", rest]
    assert re.sub(r"\s", "", "".join(rebuilt)) == re.sub(r"\s", "", original)
    return stamps


# ---- One-file journals -----------------------------------------------------


def test_default_journal_matches_jrnl() -> None:
    entries = read("default.txt")
    assert [(e.date, e.title, e.tags, e.starred) for e in entries] == [
        (march(4, 9, 15), "Morning check-in with the team.",
         ("housing", "self-care", "supervision"), False),
        (march(4, 13, 30), "Visit with R. went well", ("日本", "trust"), True),
        (march(4, 17, 40), "Felt tired. Went home early! Good call.", (), False),
        (march(5, 8), "今日は疲れた。明日は休み。", (), False),
        (march(5, 10), "Reading notes", ("Housing", "Trust"), False),
        (march(6, 19), "Is this working? I think so.", (), True),
    ]  # fmt: skip
    assert {e.problem for e in entries} == {None}
    assert [e.text for e in entries] == [
        "Morning check-in with the team.\n"
        "Talked through the rota. @housing, then #self-care! after lunch.\n"
        "#supervision at the start of a line; wrote to someone@example.org"
        " about the C# course.",
        "Visit with R. went well\n"
        "Café, naïve résumé: accents survive. 🌱 Emoji too, and 日本語 #日本"
        " as well.\nGave them the leaflet @trust. And the number.",
        "Felt tired. Went home early! Good call.",
        "今日は疲れた。明日は休み。",
        "Reading notes\n2024-03-04 was hard, looking back.\n"
        "[sic] is what the letter said.\n[citation needed]\n"
        "[10:30] quick call\n#Housing again, and #HOUSING once more, @Trust too.",
        "Is this working? I think so.",
    ]
    assert entries[1].body.startswith("Café, naïve résumé")
    assert entries[2].body == ""


def test_a_title_is_a_sentence_only_when_jrnl_sees_one_line() -> None:
    # jrnl's entry text keeps the line break that ends the file but not the
    # one before the next date, and splits by sentence only without a break.
    assert [e.title for e in read("minutes.txt")] == [
        "Old jrnl layout.",
        "Second @entry. Last line.",
    ]
    unended = "[2024-03-04 05:40:00 PM] One. Two.\n[2024-03-05 05:40:00 PM] 三。四。"
    assert [e.title for e in parse_text(unended)] == ["One.", "三。"]


def test_problems_are_flagged_with_their_line_and_kept() -> None:
    entries = read("problems.txt")
    found = [(e.line, e.problem, e.date, e.starred) for e in entries]
    assert found == [
        (1, Problem.BEFORE_FIRST, None, False),
        (4, None, datetime(2024, 3, 4, 9), False),
        # jrnl would date these two "today"; reflect keeps the previous date.
        (6, Problem.BAD_DATE, datetime(2024, 3, 4, 9), False),
        (9, Problem.BAD_DATE, datetime(2024, 3, 4, 9), False),
        (10, Problem.EMPTY, datetime(2024, 3, 5, 9), False),
        (11, None, datetime(2024, 3, 5, 9, 30), False),
        (12, Problem.EMPTY, datetime(2024, 3, 5, 9, 45), False),
        (13, Problem.EMPTY, datetime(2024, 3, 6, 9), True),
        (14, None, datetime(2024, 3, 7), False),
    ]
    assert entries[0].text == (
        "Notes I kept before I started using dates.\n"
        "Second line of that, with #early tag."
    )
    assert entries[0].tags == ("early",)
    assert entries[2].text == (
        "[2024-13-45 10:00:00 AM] This date cannot exist.\nIts body line."
    )
    # Kept verbatim for review: the star stays in the words, not as a tag.
    assert entries[3].text == "[2024-02-30 08:00:00 AM] Neither can this one *"
    assert entries[8].body == "[2024-03-07 10:00:00 AM]x is not an entry start."


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_only_timestamps_and_star_markers_are_left_out(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert account_for(text, read(name))


def test_the_problem_fixture_leaves_out_exactly_these_timestamps() -> None:
    text = (FIXTURES / "problems.txt").read_text(encoding="utf-8")
    assert account_for(text, read("problems.txt")) == [
        "[2024-03-04 09:00:00 AM]",
        "[2024-03-05 09:00:00 AM]",
        "[2024-03-05 09:30:00 AM]",
        "[2024-03-05 09:45:00 AM]",
        "[2024-03-06 09:00:00 AM]",
        "[2024-03-07]",
    ]


def test_windows_and_old_mac_line_endings_parse_the_same() -> None:
    assert b"\r\n" in (FIXTURES / "crlf.txt").read_bytes()  # not normalised by git
    lf = read("default.txt")
    assert read("crlf.txt") == lf
    text = (FIXTURES / "default.txt").read_text(encoding="utf-8")
    assert list(parse_text(text.replace("\n", "\r"))) == lf
    assert list(parse_text("\ufeff" + text)) == lf  # a byte-order mark too


def test_usual_layouts_are_read_without_a_config() -> None:
    assert [(e.date, e.title, e.starred) for e in read("24h.txt")] == [
        (datetime(2024, 3, 4, 17, 40), "Evening shift. Quiet.", False),
        (datetime(2024, 3, 4, 23, 5), "Late call", True),
        (datetime(2024, 3, 5, 0, 10), "After midnight.", False),
    ]
    assert [e.date for e in read("minutes.txt")] == [
        datetime(2024, 3, 4, 17, 40),
        datetime(2024, 3, 5, 8, 5),
    ]
    twelve = list(parse_text("[2024-03-04 05:40 PM] No seconds, 12-hour clock."))
    assert twelve[0].date == datetime(2024, 3, 4, 17, 40)


def test_body_lines_that_only_look_like_dates_stay_in_the_body() -> None:
    text = "[2024-03-04 05:40:00 PM] Title\n[sic]\n[1.2.3] notes\n[March]"
    assert [e.text for e in parse_text(text)] == [
        "Title\n[sic]\n[1.2.3] notes\n[March]"
    ]
    flagged = list(parse_text(text + "\n[March 4, 2024] x\n[30/02/2024] y"))
    assert [e.problem for e in flagged] == [None, Problem.BAD_DATE, Problem.BAD_DATE]


def test_a_line_jrnl_may_read_as_a_date_is_kept_apart_for_review() -> None:
    # jrnl's fuzzy reader takes "[2019-07 14:23] " as 1 July, 14:23, and any
    # "[seven or more characters] " might be a date to it. reflect cannot
    # tell, so such a line starts a piece of its own, never glued on before.
    text = (
        "[2019-07-01 09:00] The first entry\n"
        "Body of the first.\n"
        "[2019-07 14:23] The third entry\n"
        "Its body line.\n"
        "[2019-07-02 09:00] Next day\n"
        "[sic] is what they wrote\n"  # too short for jrnl to try
        "[note 1] a footnote\n"  # six characters: jrnl's footnote rule
        "[citation needed]\n"  # no space after it: never an entry start
        "[TODO: call back] ring Sam\n"
        "then the rest of the day.\n"
    )
    entries = list(parse_text(text, source="j.txt"))
    first, next_day = datetime(2019, 7, 1, 9), datetime(2019, 7, 2, 9)
    assert [(e.line, e.problem, e.date, e.text) for e in entries] == [
        (1, None, first, "The first entry\nBody of the first."),
        (3, Problem.MAYBE_DATE, first, "[2019-07 14:23] The third entry\n"
         "Its body line."),
        (5, None, next_day, "Next day\n[sic] is what they wrote\n"
         "[note 1] a footnote\n[citation needed]"),
        (9, Problem.MAYBE_DATE, next_day, "[TODO: call back] ring Sam\n"
         "then the rest of the day."),
    ]  # fmt: skip
    assert "square brackets that jrnl may have treated as a date" in Problem.MAYBE_DATE
    assert "kept as a separate note so nothing is joined" in Problem.MAYBE_DATE


def test_tags_follow_the_configured_symbols() -> None:
    text = "[2024-03-04 05:40:00 PM] +one #two @three x+four (+five) +Six +one"
    (entry,) = parse_text(text, JrnlSettings(tagsymbols="+"))
    assert entry.tags == ("one", "Six")  # "x+four" and "(+five)" are not tags
    (entry,) = parse_text("[2024-03-04 05:40:00 PM] @Housing and #housing")
    assert entry.tags == ("Housing",)


def test_an_empty_file_has_no_entries(tmp_path: Path) -> None:
    for content in ("", "\n\n  \n"):
        (tmp_path / "empty.txt").write_text(content)
        assert list(read_journal(tmp_path / "empty.txt")) == []


# ---- Folder journals -------------------------------------------------------


def test_folder_journal_in_date_order_with_sources() -> None:
    entries = read("folder")
    assert [(e.source, e.line, e.date, e.problem) for e in entries] == [
        ("2023/12/31.txt", 1, datetime(2023, 12, 31, 23), None),
        ("2024/03/04.txt", 1, None, Problem.BEFORE_FIRST),
        ("2024/03/04.txt", 2, datetime(2024, 3, 4, 9), None),
        ("2024/03/04.txt", 4, datetime(2024, 3, 4, 17, 40), None),
        ("2024/03/05.txt", 1, datetime(2024, 3, 5, 8), None),
        # jrnl ignores both of these without a word.
        ("2024/02/30.txt", 0, None, Problem.NOT_READ),
        ("notes.md", 0, None, Problem.NOT_READ),
    ]
    assert [(e.title, e.tags, e.starred) for e in entries[:5]] == [
        ("Last entry of the year. @housing", ("housing",), False),
        ("A stray note at the top.", (), False),
        ("Folder entry one.", (), False),
        ("Folder entry two", (), True),
        ("Next day. #tired", ("tired",), False),
    ]
    for day in ("2023/12/31.txt", "2024/03/04.txt", "2024/03/05.txt"):
        text = (FIXTURES / "folder" / day).read_text(encoding="utf-8")
        assert account_for(text, [e for e in entries if e.source == day])


def test_folder_takes_the_day_from_the_file_and_skips_hidden_folders(
    tmp_path: Path,
) -> None:
    (tmp_path / "2024" / "05").mkdir(parents=True)
    (tmp_path / "2024" / "05" / "06.txt").write_text("[2024-05-01 09:00] Moved.\n")
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "ab").write_text("x")
    entries = list(read_journal(tmp_path))
    assert entries[0].date == datetime(2024, 5, 6, 9)  # as jrnl does
    assert [(e.source, e.problem) for e in entries[1:]] == [(".git/", Problem.NOT_READ)]


# ---- Refused files ---------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["encrypted.txt", "encrypted-v2.txt", "encrypted-v1.bin"]
)
def test_encrypted_journals_are_refused_with_the_decrypt_command(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(EncryptedJrnl) as caught:
        read_journal(path)  # raises before anything is iterated
    message, command = str(caught.value), caught.value.command
    assert "\n" not in message and command in message
    assert isinstance(caught.value, BadImport)
    # jrnl 1.x journals need jrnl 1.x's timeformat to be found at all.
    old = " --config-override timeformat \"'%Y-%m-%d %H:%M'\"" if ".bin" in name else ""
    # jrnl 2.x-4.5 read "true" as Fernet: the old AES format is named.
    how = "jrnlv1" if ".bin" in name else "true"
    # jrnl decrypts into the pipe: no plain copy is ever written to disk.
    assert command == (
        f"jrnl --config-override journals.default {path.resolve()} "
        f"--config-override encrypt {how}{old} --export txt "
        "| reflect import --from jrnl -"
    )


def test_decrypt_command_names_the_config_and_quotes_odd_paths(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()
    folder = tmp_path / "my notes: #2"
    folder.mkdir()
    journal = folder / "journal.txt"
    journal.write_bytes((FIXTURES / "encrypted.txt").read_bytes())
    settings = JrnlSettings(config_file=tmp_path / "jrnl.yaml")
    with pytest.raises(EncryptedJrnl) as caught:
        read_journal(journal, settings)
    assert caught.value.command == (
        f"jrnl --config-file {tmp_path}/jrnl.yaml --config-override journals.default "
        f"\"'{folder}/journal.txt'\" --config-override encrypt true --export txt "
        f"| reflect import --from jrnl - --jrnl-config {tmp_path}/jrnl.yaml"
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x00\x01\x02\xff" * 5, "not a jrnl journal"),
        (b"Just some notes.\n[sic]\n", "has no jrnl dates"),
        ("[2024-03-04 05:40:00 PM] x".encode("utf-16"), "UTF-16"),
        (
            b'{"format": "reflect-journal", "version": 1, "entries": []}',
            "reflect import",
        ),
        (b'{"tags": {}, "entries": []}', "has no jrnl dates"),
        (b"SQLite format 3\x00" + bytes(100), "not a jrnl journal"),
    ],
)
def test_other_files_are_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(content)
    with pytest.raises(NotJrnl, match=says) as caught:
        read_journal(path)
    assert "\n" not in str(caught.value)


def test_missing_paths_and_folders_without_days_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotJrnl, match="no file or folder"):
        read_journal(tmp_path / "nowhere.txt")
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(NotJrnl, match="no jrnl day files"):
        read_journal(tmp_path)


# ---- jrnl's config ---------------------------------------------------------


#: The config names its journals under ~, so ~ is the fixtures folder.
FIXTURE_HOME = Places(user_home=FIXTURES)


@pytest.fixture
def fixture_home() -> Path:
    return FIXTURES


def test_config_overrides_for_the_matching_journal(fixture_home: Path) -> None:
    config = fixture_home / "jrnl.yaml"
    at = FIXTURE_HOME
    custom = read_config(config, fixture_home / "custom.txt", places=at)
    assert custom == JrnlSettings("%a %d.%m.%y %H:%M", "+", False, config)
    entries = list(read_journal(fixture_home / "custom.txt", custom))
    assert [(e.date, e.tags, e.problem) for e in entries] == [
        (datetime(2024, 3, 4, 17, 40), ("housing",), None),
        (datetime(2024, 3, 4, 17, 40), (), Problem.BAD_DATE),  # 31 Feb
        (datetime(2024, 3, 5, 8, 0), (), None),
    ]
    assert (
        read_config(config, fixture_home / "encrypted.txt", places=at).encrypt is True
    )
    top = JrnlSettings("%F %r", "#@", False, config)
    assert read_config(config, fixture_home / "default.txt", places=at) == top
    assert read_config(config, Path("/elsewhere.txt"), places=at) == top
    assert read_config(config) == top


def test_custom_layout_needs_the_config() -> None:
    with pytest.raises(NotJrnl, match="jrnl's config file"):
        read("custom.txt")


def test_config_scalars_and_defaults(tmp_path: Path) -> None:
    config = tmp_path / "jrnl.yaml"
    config.write_text(
        '---\nencrypt: yes  # a comment\ntimeformat: "%Y-%m-%d %H:%M"\n'
        "journals:\n  - listed\n  default:\n    journal: ~/j.txt\n"
        "colors: {body: none}\n"
    )
    assert read_config(config) == JrnlSettings("%Y-%m-%d %H:%M", "#@", True, config)
    config.write_text("editor: ''\n")
    assert read_config(config) == JrnlSettings(config_file=config)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("timeformat: '%F %r\n", "line 1: a quoted value is not closed"),
        ("journals:\n  default\n", "line 2: reflect reads only 'key: value' lines"),
        ("journals:\n\tdefault: x\n", "line 2"),
        ("timeformat: '%Q'\n", "timeformat reflect cannot read"),
        ("timeformat:\n", "timeformat reflect cannot read"),
        ("tagsymbols: '# @'\n", "tagsymbols"),
        (b"timeformat: \xff\n", "not UTF-8"),
    ],
)
def test_malformed_config_gives_one_clear_line(
    tmp_path: Path, content: str | bytes, says: str
) -> None:
    config = tmp_path / "jrnl.yaml"
    config.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(BadJrnlConfig, match=says) as caught:
        read_config(config, tmp_path / "journal.txt")
    assert "\n" not in str(caught.value) and str(config) in str(caught.value)


def test_missing_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadJrnlConfig, match="Could not read the jrnl config"):
        read_config(tmp_path / "nope.yaml")


# ---- Re-import keys --------------------------------------------------------


def test_content_key_is_stable_and_ignores_position() -> None:
    (entry,) = parse_text("[2024-03-04 05:40:00 PM] Same words #tag *")
    moved = JrnlEntry("2024/03/04.txt", 9, entry.date, "T", entry.text, ("tag",), True)
    assert content_key(entry) == content_key(moved)
    # Fixed for good: a changed key would make every re-import add copies.
    assert content_key(entry) == (
        "8fe80bba5b403b093ae4378849851d69f5fa33df0517c17a08e360dd702873bc"
    )
    for change in (
        {"text": entry.text + "!"},
        {"date": datetime(2024, 3, 4, 17, 41)},
        {"starred": False},
    ):
        assert content_key(replace(entry, **change)) != content_key(entry)
    # Tags follow from the text and the tag symbols; a config given one time
    # and not the next must not make the entry look new.
    assert content_key(replace(entry, tags=())) == content_key(entry)


def test_a_star_touching_a_word_stays_in_the_words() -> None:
    entries = list(
        parse_text(
            "[2024-03-04 09:00:00 AM] I was *really*\n\n"
            "[2024-03-04 10:00:00 AM] **Important**\n\n"
            "[2024-03-04 11:00:00 AM] Starred the jrnl way *\n"
        )
    )
    assert [(e.text, e.starred) for e in entries] == [
        ("I was *really*", False),
        ("**Important**", False),
        ("Starred the jrnl way", True),
    ]


def test_a_journal_saved_in_an_old_encoding_says_which_line(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    text = "[2024-03-04 09:00:00 AM] Fine.\n" * 40 + "Notes from the caf\xe9.\n"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(NotJrnl, match="not saved as UTF-8 \\(line 41 "):
        read(str(path))


def test_a_stamp_in_year_one_is_kept_for_review_not_a_failure() -> None:
    """Python reads "0001-01-01" but cannot keep it as a moment anywhere east
    of Greenwich: the whole import stopped with a traceback."""
    text = "[0001-01-01 12:00:00 AM] Early one.\n\n[2024-03-04 09:00:00 AM] Fine.\n"
    early, fine = parse_text(text, DEFAULT)
    assert early.problem is Problem.BAD_DATE
    assert fine.problem is None and fine.date == datetime(2024, 3, 4, 9)
