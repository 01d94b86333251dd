"""The identifying-details check: what it flags, what it leaves alone, the hint.

True negatives matter as much as true positives: a hint that cries wolf gets
ignored. Check digits are computed here by a separate small helper, so the
tests do not just repeat the module's own arithmetic.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.core.privacy import KINDS, Finding, hint_for, scan


def with_check_digit(nine: str) -> str:
    """Append the modulus 11 check digit (weights 10..2); fail if there is none."""
    total = 0
    for position, digit in enumerate(nine):
        total += int(digit) * (10 - position)
    check = (11 - total % 11) % 11
    assert check != 10, f"{nine} has no valid check digit"
    return nine + str(check)


def found(text: str, watch_list: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text, watch_list)]


def only(text: str, kind: str, watch_list: Sequence[str] = ()) -> str:
    """The single finding's text, after checking it is the only one, of `kind`."""
    findings = scan(text, watch_list)
    assert [f.kind for f in findings] == [kind], findings
    return findings[0].text


# ---- the check-digit helper itself -------------------------------------


def test_helper_agrees_with_a_well_known_nhs_number() -> None:
    # By hand: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299;
    # 299 mod 11 = 2; 11 - 2 = 9, the last digit.
    assert with_check_digit("943476591") == "9434765919"
    # By hand: 1*10 + 2*9 + 0*8 + 3*7 + 2*6 + 6*5 + 1*4 + 2*3 + 3*2 = 107;
    # 107 mod 11 = 8; 11 - 8 = 3.
    assert with_check_digit("120326123") == "1203261233"


# ---- email -------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "sam.smith@example.org",
        "s+tag@mail.example.co.uk",
        "SAM_99@EXAMPLE.COM",
        "o.neill-key@service.nhs.uk",
    ],
)
def test_email_addresses_are_found(email: str) -> None:
    assert only(f"She gave me {email}, which I noted.", "email") == email


@pytest.mark.parametrize(
    "text",
    [
        "sam at example dot com",
        "@sam said hello",
        "write to sam@",
        "the @ sign",
        "user@localhost",
        "a@b",
    ],
)
def test_things_that_are_not_email_addresses(text: str) -> None:
    assert found(text) == []


# ---- phones ------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "0770 090 0123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "+44 07700 900123",
        "0044 7700 900 123",
        "01632 960123",
        "(01632) 960123",
        "0161 496 0000",
        "(0161) 496 0000",
        "0161-496-0000",
        "020 7946 0018",
        "(020) 7946 0018",
        "02079460018",
        "028 9018 1234",
        "0300 123 4567",
        "+44 20 7946 0018",
        "+44 (0)20 7946 0018",
        "016977 4567",
    ],
)
def test_uk_phone_numbers_are_found(phone: str) -> None:
    assert only(f"He rang from {phone}.", "phone") == phone


def test_a_phone_number_right_after_a_label_is_found() -> None:
    assert only("tel:07700900123", "phone") == "07700900123"


@pytest.mark.parametrize(
    "text",
    [
        "It was 2026 and we met at 14:30.",
        "The grant was £1,200 and then £07700.",
        "Call 116 123 or 999 or 111.",
        "Room 101, bus 73, 3 sessions.",
        "09:00-17:00 on weekdays",
        "07700 9001234",  # too many digits
        "0161 496",  # too few
        "ref 123456789012",
        "the helpline is 0800 123 4567",  # services, not people
        "1.07700900123",
        "0 7 7 0 0 9 0 0 1 2 3",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert found(text) == []


def test_a_phone_number_ends_where_its_digits_do() -> None:
    assert found("07700 900123 4 times") == [("phone", "07700 900123")]


# ---- NHS and CHI numbers -----------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "943 476 5919",
        "9434765919",
        "943-476-5919",
        with_check_digit("401023213"),
        with_check_digit("612345678"),
        with_check_digit("700000001"),
    ],
)
def test_nhs_numbers_with_a_valid_check_digit_are_found(number: str) -> None:
    assert only(f"NHS no. {number} on the letter", "nhs-number") == number


@pytest.mark.parametrize(
    "number",
    ["943 476 5918", "9434765910", "4010232130", "1203261234"],
)
def test_a_wrong_check_digit_is_not_reported(number: str) -> None:
    assert found(f"number {number} here") == []


def test_a_number_whose_check_digit_would_be_ten_is_never_valid() -> None:
    nine = "400000008"  # weights give a remainder of 1, so "11 - 1" = 10
    assert sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11 == 1
    for last in "0123456789":
        assert found(nine + last) == []


@pytest.mark.parametrize(
    "number",
    [
        "1203261233",  # 12/03/26, checked by hand above
        "120326 1233",
        with_check_digit("010399123"),  # starts like an 01 phone number
        with_check_digit("311299555"),
        with_check_digit("290224123"),  # 29 February in a leap year
        with_check_digit("290200100"),  # 2000 was a leap year
    ],
)
def test_chi_numbers_are_found_when_the_date_and_check_digit_are_right(
    number: str,
) -> None:
    assert only(f"CHI {number}.", "chi-number") == number


@pytest.mark.parametrize(
    "nine",
    [
        "320326123",  # day 32
        "121326123",  # month 13
        "290223123",  # 29 February 2023 did not happen
        "310426123",  # 31 April
        "012345678",  # starts 0 but month 23; not a phone either
    ],
)
def test_a_valid_check_digit_without_a_real_date_is_an_nhs_number(nine: str) -> None:
    number = with_check_digit(nine)
    assert only(number, "nhs-number") == number


def test_an_nhs_number_is_not_also_called_a_phone_number() -> None:
    number = with_check_digit("012345678")
    assert found(f"ring {number}") == [("nhs-number", number)]


# ---- National Insurance numbers ----------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "AB 12 34 56 C",
        "AB123456C",
        "ab123456c",
        "AB 123456 C",
        "JG 10 37 59 A",
        "ZY987654D",
        "CE 12 34 56 B",
    ],
)
def test_ni_numbers_are_found(number: str) -> None:
    assert only(f"NI {number} on file", "ni-number") == number


@pytest.mark.parametrize(
    "number",
    [
        "QQ 12 34 56 C",  # Q is never a first letter: HMRC's own example
        "DA123456A",
        "FA123456A",
        "IA123456A",
        "UA123456A",
        "VA123456A",
        "AD123456A",
        "AF123456A",
        "AI123456A",
        "AO123456A",
        "AQ123456A",
        "AU123456A",
        "AV123456A",
        "BG123456A",
        "GB123456A",
        "NK123456A",
        "KN123456A",
        "TN123456A",
        "NT123456A",
        "ZZ123456A",
        "AB123456E",  # the last letter is A to D
        "AB12345C",
        "AB1234567C",
        "AB123456",
        "XAB123456C",
    ],
)
def test_ni_numbers_with_bad_letters_or_shape_are_not_reported(number: str) -> None:
    assert found(f"NI {number} on file") == []


# ---- postcodes ---------------------------------------------------------


@pytest.mark.parametrize(
    "postcode",
    [
        "SW1A 1AA",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "EH1 1YZ",
        "EC1A 1BB",
        "W1A 0AX",
        "sw1a 1aa",
        "SW1A1AA",
        "M11AE",
        "LS6 2DE",
    ],
)
def test_full_postcodes_are_found(postcode: str) -> None:
    assert only(f"She lives at {postcode} now.", "postcode") == postcode


@pytest.mark.parametrize(
    "text",
    [
        "somewhere in SW1A",  # a district alone is too vague to flag
        "the M1 was busy",
        "QA1 1AA",  # Q never starts a postcode
        "AB1 2CD",  # C never appears in the inward part
        "room b33 8th floor",  # reads as an ordinal
        "the a1 1st exit",
        "SW1A 1AAA",
        "Hello there, all fine",
        "COVID-19 was hard",
    ],
)
def test_things_that_are_not_full_postcodes(text: str) -> None:
    assert found(text) == []


# ---- dates -------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "12/03/2026",
        "12-03-26",
        "1/3/2026",
        "12.03.2026",
        "2026-03-12",
        "2026/3/12",
        "12 March 2026",
        "12th March",
        "12th of March",
        "1st Jan 2026",
        "12 march",
        "March 12th",
        "March 12",
        "March 12, 2026",
        "Sept. 5, 2026",
        "Jan 3rd",
        "Tuesday 12 March",
        "Tuesday, 12th March 2026",
        "Tuesday the 12th of March",
        "Tuesday 12th",
        "Fri the 3rd",
        "29 February",
        "29 February 2024",
        "31/12/1999",
    ],
)
def test_exact_dates_are_found(date: str) -> None:
    assert only(f"It was on {date} that it happened.", "date") == date


@pytest.mark.parametrize(
    "text",
    [
        "March 2026",
        "in March 2026 we met",
        "back in 2026",
        "in March",
        "on Tuesday",
        "at 14:30",
        "about £1,200",
        "24/7 support",
        "rated it 10/10",
        "32/01/2026",
        "12/13/2026",
        "31 February",
        "29 February 2023",
        "version 2.5.10",
        "12.03.26",
        "the other 2 may come",
        "march 12 miles",
        "Jan 3 times",
        "on the 12th",
        "3 sessions in the 1990s",
        "1-2-3",
    ],
)
def test_things_that_are_not_exact_dates(text: str) -> None:
    assert found(text) == []


def test_a_date_suggests_its_own_month_and_year() -> None:
    (finding,) = scan("We met on 12/03/2026.")
    assert finding.suggestion == "the month and year, such as 'March 2026'"
    (finding,) = scan("We met on 5 June.")
    assert finding.suggestion == "just the month, such as 'in June'"
    (finding,) = scan("We met on Tuesday the 5th.")
    assert finding.suggestion == "the month and year, such as 'March 2026'"


def test_a_range_of_days_flags_the_exact_part() -> None:
    assert found("away 10-12 March") == [("date", "12 March")]


# ---- watch list --------------------------------------------------------


WATCH = ("Siân", "O'Neill", "Mary-Jane", "Mary", "Oak House", "Al")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I saw Siân today", "Siân"),
        ("I saw SIÂN today", "SIÂN"),
        ("I saw sian today", "sian"),  # typed without the accent
        ("Mr O'Neill came", "O'Neill"),
        ("Mr O’Neill came", "O’Neill"),  # a curly apostrophe
        ("Mary-Jane rang", "Mary-Jane"),
        ("Mary\u2011Jane rang", "Mary\u2011Jane"),  # a non-breaking hyphen
        ("Mary rang", "Mary"),
        ("Mary's bag", "Mary"),
        ("back at oak house", "oak house"),
        ("back at Oak\n  House", "Oak\n  House"),
        ("Al came", "Al"),
        ("AL came", "AL"),
        ("(Al)", "Al"),
    ],
)
def test_watch_list_words_are_found_whole(text: str, expected: str) -> None:
    assert only(text, "watch-word", WATCH) == expected


def test_a_decomposed_accent_is_matched_whole() -> None:
    text = unicodedata.normalize("NFD", "Siân")
    (finding,) = scan(text, ["Siân"])
    assert finding.text == text


def test_a_decomposed_accent_does_not_end_a_word() -> None:
    # "Sia" followed by a combining circumflex and "n" is "Siân", not "Sia".
    assert found(unicodedata.normalize("NFD", "Siân"), ("Sia",)) == []


@pytest.mark.parametrize(
    "text",
    [
        "also",
        "Alan",
        "Sally_Al",
        "Al2",
        "Marylebone",
        "Siânna",
        "oak houses",
        "the house of oak",
    ],
)
def test_a_watch_word_inside_a_longer_word_is_not_found(text: str) -> None:
    assert found(text, WATCH) == []


def test_blank_and_symbol_only_watch_entries_are_ignored() -> None:
    assert found("a - b and some text", ("", "   ", "\t", "-", "''")) == []


def test_the_longer_watch_entry_wins() -> None:
    assert found("Mary-Jane and Mary", ("Mary", "Mary-Jane")) == [
        ("watch-word", "Mary-Jane"),
        ("watch-word", "Mary"),
    ]


def test_watch_list_can_be_any_sequence_and_changes_take_effect() -> None:
    assert found("Priya came", ["Priya"]) == [("watch-word", "Priya")]
    assert found("Priya came", ("Kez",)) == []
    assert found("Priya came") == []


def test_non_latin_watch_words() -> None:
    assert found("Я видел ОЛЬГУ и Ольга", ("Ольга",)) == [("watch-word", "Ольга")]


# ---- order, overlap and the Finding ------------------------------------


def test_findings_come_in_order_with_offsets_labels_and_suggestions() -> None:
    text = (
        "Sam (sam@example.org) rang 07700 900123 on 12 March 2026 "
        "from SW1A 1AA about NHS 943 476 5919."
    )
    findings = scan(text, ["Sam"])
    assert [(f.kind, f.text) for f in findings] == [
        ("watch-word", "Sam"),
        ("email", "sam@example.org"),
        ("phone", "07700 900123"),
        ("date", "12 March 2026"),
        ("postcode", "SW1A 1AA"),
        ("nhs-number", "943 476 5919"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    labels = {f.kind: f.label for f in findings}
    assert labels == {
        "watch-word": "a name on your watch list",
        "email": "an email address",
        "phone": "a phone number",
        "date": "an exact date",
        "postcode": "a postcode",
        "nhs-number": "an NHS number",
    }
    suggestions = {f.kind: f.suggestion for f in findings}
    assert suggestions["watch-word"] == "a role, such as 'the person I support'"
    assert suggestions["phone"] == "leave it out; it is not needed to reflect"
    assert suggestions["postcode"] == "the area in general words, such as 'in town'"


def test_overlaps_keep_the_longer_match() -> None:
    # The watch word "May" sits inside a date; the date is longer.
    assert found("May came on 12 May 2026", ("May",)) == [
        ("watch-word", "May"),
        ("date", "12 May 2026"),
    ]
    # A watch word inside an email address is part of the address.
    assert found("mail sam@example.org", ("sam", "example")) == [
        ("email", "sam@example.org")
    ]


def test_equal_spans_keep_the_more_specific_kind() -> None:
    chi = with_check_digit("010399123")  # also shaped like an 01 phone number
    assert found(chi) == [("chi-number", chi)]


def test_finding_is_frozen() -> None:
    (finding,) = scan("07700 900123")
    with pytest.raises(AttributeError):
        finding.text = "x"  # type: ignore[misc]


def test_empty_text() -> None:
    assert scan("") == []
    assert scan("", ["Sam"]) == []


# ---- the hint ----------------------------------------------------------


def test_no_findings_no_hint() -> None:
    assert hint_for([]) == ""


def test_hint_wording_for_a_postcode() -> None:
    finding = Finding(
        "postcode", 0, 7, "AB1 2CD", "a postcode", "the area in general words"
    )
    assert hint_for([finding]) == (
        "This might identify someone: 'AB1 2CD' looks like a postcode. "
        "You could write the area in general words instead."
    )


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            "at LS6 2DE",
            "This might identify someone: 'LS6 2DE' looks like a postcode. "
            "You could write the area in general words instead.",
        ),
        (
            "ring 07700 900123",
            "This might identify someone: '07700 900123' looks like a phone "
            "number. You could leave it out; it is not needed to reflect.",
        ),
        (
            "on 12/03/2026",
            "This might identify someone: '12/03/2026' looks like an exact date. "
            "You could write the month and year, such as 'March 2026' instead.",
        ),
        (
            "Sam said",
            "This might identify someone: 'Sam' is on your watch list. "
            "You could write a role, such as 'the person I support' instead.",
        ),
    ],
)
def test_hint_wording(text: str, hint: str) -> None:
    assert hint_for(scan(text, ["Sam"])) == hint


def test_hint_is_about_the_first_finding_and_stays_short() -> None:
    long_email = "a.very.long.name.indeed.for.someone@example-service.org.uk"
    hint = hint_for(scan(f"{long_email} and 07700 900123"))
    assert "email address" in hint
    assert "phone" not in hint
    assert "…" in hint
    # The phone number is counted, in a sentence of its own (issue 17).
    assert hint.endswith(" reflect. There is 1 more to look at.")
    assert len(hint) < 190


# ---- robustness and seams ----------------------------------------------

FRAGMENTS = [
    "07700 900123",
    "943 476 5919",
    "1203261233",
    "AB 12 34 56 C",
    "SW1A 1AA",
    "12 March 2026",
    "March 12th",
    "Tuesday the 3rd",
    "12/03/2026",
    "sam@example.org",
    "Siân",
    "Mary-Jane",
    "(020) 7946 0018",
    "+44",
    "£1,200",
    " ",
    "\n",
    "-",
    "/",
    ".",
    "'",
]


@given(
    text=st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS))).map(
        "".join
    ),
    watch_list=st.lists(
        st.one_of(st.text(max_size=8), st.sampled_from(["Siân", "Sam", "Oak House"])),
        max_size=4,
    ),
)
def test_scan_never_raises_and_findings_are_sorted_in_bounds_and_apart(
    text: str, watch_list: list[str]
) -> None:
    findings = scan(text, watch_list)
    previous_end = 0
    for finding in findings:
        assert finding.kind in KINDS
        assert 0 <= previous_end <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.label and finding.suggestion
        previous_end = finding.end
    assert isinstance(hint_for(findings), str)


def test_importing_privacy_does_not_load_textual() -> None:
    probe = (
        "import json, sys, reflect.core.privacy; "
        "print(json.dumps([m for m in sys.modules if m.split('.')[0] == 'textual']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_letters_python_folds_into_a_month_name_are_read_as_it() -> None:
    """Python's case-blind matching takes "ſ" (long s) for "s": the month's
    name then went unrecognised and the scan stopped a share, the agenda
    and the writer's autosave with an error."""
    found = scan("Met them on 12 ſeptember at the hub")
    assert [(f.text, f.label) for f in found] == [("12 ſeptember", "an exact date")]


def test_a_watch_word_with_a_stray_accent_at_either_end_still_matches() -> None:
    """An accent alone before a space (from an organisation's file) left the
    entry starting with a space, and its pattern did not compile."""
    for word in ("\u0301 Sam", "Sam \u0301", "Sam"):
        found = scan("I met Sam today", [word])
        assert [f.text for f in found] == ["Sam"], repr(word)
    found = scan("I met Mary Jane today", ["Mary \u0301 Jane"])
    assert [f.text for f in found] == ["Mary Jane"]
