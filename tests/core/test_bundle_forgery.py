"""Forged bundles: refused in one line before they cost anything, or taken once.

A bundle's header is read before anything can be authenticated, and its
scrypt settings decide how much time and memory deriving the key costs, so
only the settings reflect writes are accepted and everything else is refused
before a key is derived (a spy on scrypt proves it). Authentication proves
only that the sender knew the passphrase, so authentic bodies of the wrong
shape are refused too. Whatever the forgery, receiving it either refuses
with one line and leaves every table as it was, or brings it in, and a
second time changes nothing.

The journals and the two real bundles forgeries start from (`tests/forging`)
are made once per module; every comparison is of the tables just before and
just after, so what an earlier test brought in does not matter.
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

from reflect.core import bundles
from reflect.core.bundles import KdfParams
from reflect.core.errors import BadBundle
from reflect.core.journal import Journal
from tests.forging import (
    ACCEPT,
    AGREED,
    Base,
    Pair,
    Raw,
    deep,
    forge,
    forgery,
    journal_at,
    pair,
    read_everything,
    tables,
)


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("forgery")
    made = pair(journal_at(root / "worker"), journal_at(root / "supervisor"))
    yield made
    made.close()


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Every scrypt key reflect derives from here on, as (n, r, p).

    Anything but the tests' cheap cost fails at once, so a forged header that
    got through ends the test instead of spending seconds and gigabytes.
    """
    calls: list[tuple[int, int, int]] = []
    real = bundles.Scrypt

    def scrypt(*, salt: bytes, length: int, n: int, r: int, p: int) -> Any:
        calls.append((n, r, p))
        if KdfParams(n, r, p) not in ACCEPT:
            raise AssertionError(f"derived a key at n={n}, r={r}, p={p}")
        return real(salt=salt, length=length, n=n, r=r, p=p)

    monkeypatch.setattr(bundles, "Scrypt", scrypt)
    return calls


def one_line(error: BadBundle) -> str:
    line = str(error)
    assert line.strip() and "\n" not in line and "Traceback" not in line
    return line


def refused(journal: Journal, data: bytes, **accepted: Any) -> str:
    """Receive `data`; it must be refused in one line with nothing changed."""
    before = tables(journal)
    with pytest.raises(BadBundle) as caught:
        journal.reviewing.receive(data, AGREED, **accepted)
    assert tables(journal) == before
    return one_line(caught.value)


# ---- the header's scrypt settings -------------------------------------------


@pytest.mark.parametrize(
    ("n", "r", "p"),
    [
        (2**20, 16, 4),  # the old bounds' worst: about 19 s and 2 GB
        (2**20, 8, 1),
        (2**18, 8, 1),
        (2**17, 8, 2),
        (2**16, 16, 1),
        (2**14, 8, 1),  # cheaper than reflect writes is refused too
        (16, 8, 1),  # the tests' own cost is no app's
    ],
)
def test_scrypt_settings_reflect_does_not_write_are_refused_before_any_key(
    two: Pair,
    derivations: list[tuple[int, int, int]],
    tmp_path: Path,
    n: int,
    r: int,
    p: int,
) -> None:
    journal = two.supervisor
    path = tmp_path / "forged.reflect"
    path.write_bytes(forge({**two.share.header, "n": n, "r": r, "p": p}, b"{}"))
    asked: list[bool] = []

    def passphrase() -> str:
        asked.append(True)
        return AGREED

    before = tables(journal)
    with pytest.raises(BadBundle) as caught:
        journal.reviewing.receive_file(path, passphrase)  # the app's accepted set
    assert "key settings reflect does not use" in one_line(caught.value)
    assert derivations == []  # no key was derived
    assert asked == []  # and nobody was asked for the passphrase
    assert tables(journal) == before


HEADERS: dict[str, tuple[str, object]] = {
    "n is 1e999": ("n", Raw("1e999")),
    "p is 1e999": ("p", Raw("1e999")),
    "r is -1e999": ("r", Raw("-1e999")),
    "n is NaN": ("n", Raw("NaN")),
    "n is a float": ("n", Raw("65536.0")),
    "n is text": ("n", "65536"),
    "n is true": ("n", True),
    "n is negative": ("n", -65536),
    "n is huge": ("n", 2**70),
    "n has 5000 digits": ("n", Raw("1" * 5000)),
    "n is missing": ("n", None),
    "v is 1e999": ("v", Raw("1e999")),
    "v is true": ("v", True),
    "v is text": ("v", "1"),
    "v is zero": ("v", 0),
    "kdf is another": ("kdf", "argon2id"),
    "salt is a number": ("salt", 5),
    "salt is not base64": ("salt", "%%%%"),
    "salt is empty": ("salt", ""),
    "salt is not ascii": ("salt", "ü" * 24),
    "nonce is short": ("nonce", base64.b64encode(os.urandom(11)).decode()),
    "nonce is a list": ("nonce", [1, 2]),
    "nonce has a lone surrogate": ("nonce", "\ud800"),
}


@pytest.mark.parametrize("case", HEADERS)
def test_a_header_of_the_wrong_shape_is_refused_in_one_line_without_a_key(
    two: Pair, derivations: list[tuple[int, int, int]], case: str
) -> None:
    key, value = HEADERS[case]
    header = dict(two.share.header)
    if value is None:
        del header[key]
    else:
        header[key] = value
    refused(two.supervisor, forge(header, two.share.body_anew()))
    assert derivations == []


@pytest.mark.parametrize("header", [[1, 2], "scrypt", 7, Raw("1e999"), deep(600)])
def test_a_header_that_is_no_object_is_refused(
    two: Pair, derivations: list[tuple[int, int, int]], header: object
) -> None:
    refused(two.supervisor, forge(header, two.share.body_anew()))
    assert derivations == []


def test_a_bundle_sealed_at_the_old_cost_still_opens(two: Pair) -> None:
    # Bundles made before the cost went up to 2^17 were sealed at 2^16.
    old = KdfParams(2**16, 8, 1)
    entry = two.worker.notes.add("Written before the update").id
    data = two.worker.sharing.seal(two.worker.sharing.plan([entry]), AGREED, kdf=old)
    assert bundles.read_envelope(data).kdf == old
    report = two.supervisor.reviewing.receive(data, AGREED)  # the app's accepted set
    assert (report.kind, report.added) == ("share", 1)


# ---- authentic bodies of the wrong shape ------------------------------------


def _set(body: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    node: Any = body
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


BODIES: dict[str, tuple[str, tuple[str | int, ...], object]] = {
    "an entry version of 2^70": ("share", ("entries", 0, "version"), 2**70),
    "an entry version of 1e999": ("share", ("entries", 0, "version"), Raw("1e999")),
    "an entry version of -1": ("share", ("entries", 0, "version"), -1),
    "an entry version as text": ("share", ("entries", 0, "version"), "1"),
    "an entry version of true": ("share", ("entries", 0, "version"), True),
    "nesting 100,000 deep": ("share", ("entries", 0, "answers"), deep(100_000)),
    "nesting 900 deep": ("share", ("extra",), deep(900)),
    "nesting 17 deep": ("share", ("extra",), deep(17)),
    "a lone surrogate in a title": ("share", ("entries", 0, "title"), "a\ud800b"),
    "a lone surrogate in a key": ("share", ("extra",), {"\udfff": 1}),
    "an answer that is text": ("share", ("entries", 0, "answers", 0), "answer"),
    "answers that are an object": ("share", ("entries", 0, "answers"), {"a": 1}),
    "an entry id that is a number": ("share", ("entries", 0, "id"), 5),
    "entries that are text": ("share", ("entries",), "all of them"),
    "a name that is a list": ("share", ("sender_name",), ["Alex"]),
    "a session that is text": ("share", ("session",), "Tuesday"),
    "a session without an id": ("share", ("session",), {"day": "2026-03-01"}),
    "tags that are a number": ("share", ("entries", 0, "tags"), 3),
    "an agenda that is an object": ("share", ("agenda",), {"a": 1}),
    "no bundle id": ("share", ("bundle_id",), None),
    "a number that is 1e999": ("share", ("extra",), Raw("1e999")),
    "a number that is NaN": ("share", ("extra",), Raw("NaN")),
    "a comment version of 2^70": ("feedback", ("comments", 0, "version"), 2**70),
    "a review version of 1e999": ("feedback", ("reviewed", 0, "version"), Raw("1e999")),
    "a comment time that is no time": (
        "feedback",
        ("comments", 0, "created_at"),
        "yesterday",
    ),
    "a comment time that overflows": (
        "feedback",
        ("comments", 0, "created_at"),
        "0001-01-01T00:00:00+14:00",
    ),
    "a comment body that is an object": ("feedback", ("comments", 0, "body"), {"x": 1}),
    "a comment step that is a list": ("feedback", ("comments", 0, "step_id"), ["x"]),
    "a sign-off that is a number": ("feedback", ("signoffs", 0), 5),
    "a sign-off time of 2^70": ("feedback", ("signoffs", 0, "at"), 2**70),
    "comments that are an object": ("feedback", ("comments",), {"c": 1}),
    "a lone surrogate in a comment": ("feedback", ("comments", 0, "body"), "\udc00"),
    "feedback nested 100,000 deep": ("feedback", ("reviewed",), deep(100_000)),
}


@pytest.mark.parametrize("case", BODIES)
def test_an_authentic_body_of_the_wrong_shape_is_refused_in_one_line(
    two: Pair, case: str
) -> None:
    kind, path, value = BODIES[case]
    base: Base = two.share if kind == "share" else two.feedback
    body = base.body_anew()
    _set(body, path, value)
    refused(base.target, forge(base.header, body), accepted=ACCEPT)
    read_everything(base.target)


# ---- any forgery, property-based --------------------------------------------


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_any_forgery_is_refused_in_one_line_or_brought_in_once(
    two: Pair, derivations: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    forged, journal = forgery(data, two)
    before = tables(journal)
    try:
        journal.reviewing.receive(forged, AGREED, accepted=ACCEPT)
    except BadBundle as exc:
        one_line(exc)
        assert tables(journal) == before
    else:
        once = tables(journal)
        again = journal.reviewing.receive(forged, AGREED, accepted=ACCEPT)
        assert again.already
        assert tables(journal) == once
        read_everything(journal)
    assert set(derivations) <= {(k.n, k.r, k.p) for k in ACCEPT}


def test_a_huge_sender_name_is_kept_once_short_not_once_per_comment(two: Pair) -> None:
    # The name is copied into every comment it brings: a 2 MB name with 200
    # comments (a 2 MB file) grew the journal by 400 MB. A share's name is
    # already cut to 80 characters; feedback's is cut the same way.
    import uuid

    body = two.feedback.body_anew()
    body["sender_name"] = "Sam " + "x" * 100_000
    first = body["comments"][0]
    body["comments"] = [{**first, "id": str(uuid.uuid4())} for _ in range(3)]
    report = two.worker.reviewing.receive(
        forge(two.feedback.header, body), AGREED, accepted=ACCEPT
    )
    assert report.added == 3 and report.detail == ("Sam " + "x" * 100_000)[:80]
    authors = {
        row[0]
        for row in two.worker.store.conn.execute(
            "SELECT author FROM comments WHERE direction = 'received'"
        )
    }
    assert max(len(author) for author in authors) <= 80


def test_a_name_with_line_breaks_is_kept_as_one_line(two: Pair) -> None:
    # A name shows in one-line lists; a line break in it could fake a row
    # ("Sam\n3f2a…  Someone else  2 unread") in `supervisees` or `comments`.
    body = two.feedback.body_anew()
    body["sender_name"] = "Sam\n3f2a  Someone else\r\n  2 unread"
    report = two.worker.reviewing.receive(
        forge(two.feedback.header, body), AGREED, accepted=ACCEPT
    )
    assert report.detail == "Sam 3f2a Someone else 2 unread"
    body = two.feedback.body_anew()
    body["sender_name"] = " \n\t "
    report = two.worker.reviewing.receive(
        forge(two.feedback.header, body), AGREED, accepted=ACCEPT
    )
    assert report.detail == "your supervisor"
