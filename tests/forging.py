"""Forged bundles for tests: real ones taken apart, changed, and sealed again.

A stranger can write any bytes after reflect's magic; someone who knows the
agreed passphrase can also seal any header and body they like, so a forgery
made here is authentic whenever its header lets it be (the cheap scrypt cost
and a readable salt and nonce), and reaches the checks that run after
decryption. Values that Python's `json` would never write (`1e999`, `NaN`, a
5,000-digit number, nesting 100,000 deep) go in as `Raw` JSON text.

Shared by the core and CLI forgery tests; `pair` builds the two journals and
the two real bundles (a share and the feedback on it) they start from.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import strategies as st

from reflect.core import bundles, supervision
from reflect.core.access import JournalAccess
from reflect.core.bundles import MAGIC, KdfParams
from reflect.core.clock import local_display
from reflect.core.journal import Journal
from reflect.core.paths import JournalPaths
from reflect.core.reading import entry_blocks, snapshot_blocks
from reflect.core.reflections import Finish
from reflect.core.templates import load_library, shipped_dir
from tests.conftest import FAST_KDF, PASSPHRASE, FixedClock

CHEAP = KdfParams(n=16)
ACCEPT = frozenset({CHEAP})
"""The only scrypt cost these tests' journals accept: microseconds a key."""
AGREED = "three words agreed face to face"


@dataclass(frozen=True)
class Raw:
    """JSON text written into a forgery as it is (what `json.dumps` won't)."""

    text: str


def deep(levels: int) -> Raw:
    return Raw("[" * levels + "]" * levels)


def encode(value: Any) -> str:
    """JSON text for `value`, with each `Raw` spliced in; always ASCII."""
    raws: list[str] = []

    def mark(item: Any) -> Any:
        if isinstance(item, Raw):
            raws.append(item.text)
            return f"\x00raw{len(raws) - 1}\x00"
        if isinstance(item, dict):
            return {k: mark(v) for k, v in item.items()}
        if isinstance(item, list):
            return [mark(v) for v in item]
        return item

    text = json.dumps(mark(value), separators=(",", ":"))
    for n, raw in enumerate(raws):
        text = text.replace(f'"\\u0000raw{n}\\u0000"', raw)
    return text


def _bytes_of(value: object, size: int) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == size or size == 0 else None


def forge(header: Any, body: Any, passphrase: str = AGREED) -> bytes:
    """Seal `body` (a value, or plaintext bytes) under `header` as reflect does.

    The key is real when the header asks for the cheap cost with a readable
    salt; otherwise no key could open it and a random one is used.
    """
    header_bytes = encode(header).encode("ascii")
    size = min(len(header_bytes), 0xFFFF)  # a longer header cannot say its length
    prefix = MAGIC + size.to_bytes(2, "big") + header_bytes
    key = os.urandom(32)
    nonce = os.urandom(12)
    if isinstance(header, dict):
        salt = _bytes_of(header.get("salt"), 0)
        asks = tuple(header.get(k) for k in "nrp")
        cheap = all(type(x) is int for x in asks) and asks == (16, 8, 1)
        if salt is not None and cheap:
            key = hashlib.scrypt(
                passphrase.encode(), salt=salt, n=16, r=8, p=1, dklen=32
            )
        nonce = _bytes_of(header.get("nonce"), 12) or nonce
    plaintext = body if isinstance(body, bytes) else encode(body).encode("ascii")
    return prefix + AESGCM(key).encrypt(nonce, plaintext, prefix)


def header_of(data: bytes) -> dict[str, Any]:
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 2], "big")
    start = len(MAGIC) + 2
    header: dict[str, Any] = json.loads(data[start : start + size])
    return header


@dataclass(frozen=True)
class Base:
    """A real bundle and the journal it is for, taken apart for forging."""

    data: bytes
    header: dict[str, Any]
    body: dict[str, Any]
    target: Journal
    """The journal that would bring it in."""

    def body_anew(self) -> dict[str, Any]:
        """The body as a new bundle: the same contents under a fresh id."""
        body = copy.deepcopy(self.body)
        body["bundle_id"] = str(uuid.uuid4())
        return body


@dataclass(frozen=True)
class Pair:
    worker: Journal
    supervisor: Journal
    share: Base
    feedback: Base

    def close(self) -> None:
        for journal in (self.worker, self.supervisor):
            journal.store.close()


def journal_at(home: Path) -> Journal:
    access = JournalAccess(JournalPaths(home), kdf_iter=FAST_KDF, now=FixedClock())
    return access.create(PASSPHRASE)


def pair(worker: Journal, supervisor: Journal) -> Pair:
    """A share from the worker (a reflection and a session record), brought in
    by the supervisor, commented on, reviewed and signed off; the feedback on
    it is sealed but not yet brought home. Both bundles are cheap to open."""
    worker.sharing.set_display_name("Alex")
    supervisor.sharing.set_display_name("Sam")
    template = load_library([shipped_dir()]).get("gibbs")
    entry = worker.reflections.start(template)
    worker.reflections.save_answer(entry, template.steps[0], 0, "A hard phone call")
    worker.reflections.save_answer(entry, template.steps[1], 1, "Unsure what to say")
    worker.reflections.finish(entry, Finish(title="After the phone call"))
    session = worker.supervision.record_session(
        supervision.Session(id="", day=date(2026, 3, 1), agreed=True), []
    )
    plan = worker.sharing.plan([entry])
    plan.session = session.as_json()
    plan.agenda = "Endings"
    shared = worker.sharing.seal(plan, AGREED, kdf=CHEAP)
    supervisor.reviewing.receive(shared, AGREED, accepted=ACCEPT)
    [alex] = supervisor.reviewing.supervisees()
    snap = supervisor.reviewing.get(entry)
    supervisor.reviewing.add_comment(snap, "What helped?", step_id="feelings")
    supervisor.reviewing.mark_reviewed(snap)
    supervisor.reviewing.sign_off(alex.id, session.id)
    feedback = supervisor.reviewing.build_feedback(alex, AGREED, kdf=CHEAP)
    assert feedback is not None

    def base(data: bytes, target: Journal) -> Base:
        body = bundles.open_bundle(data, AGREED, ACCEPT)
        return Base(data, header_of(data), body, target)

    return Pair(worker, supervisor, base(shared, supervisor), base(feedback, worker))


def tables(journal: Journal) -> dict[str, list[str]]:
    """Every row of every table, as text: the journal's whole state."""
    conn = journal.store.conn
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        name: sorted(
            json.dumps(list(row), default=repr)
            for row in conn.execute(f'SELECT * FROM "{name}"')
        )
        for name in names
    }


def read_everything(journal: Journal) -> None:
    """Show what arrived the way both interfaces do; none of it may fail."""
    journal.reviewing.overview()  # the supervising screen's list
    for item in journal.reviewing.received():
        snapshot_blocks(item, [])
        journal.reviewing.get(item.entry_id, item.version)
    erased = {c.id for c in journal.sharing.orphan_comments()}
    for comment, _title in journal.sharing.received_comments():
        local_display(comment.created_at)
        if comment.id not in erased:
            entry = journal.entries.get(comment.entry_id)
            entry_blocks(entry, journal.sharing.comments_for(entry.id))


# ---- hostile values ---------------------------------------------------------

NUMBERS = [0, -1, 1, 16, 2**14, 2**16, 2**17, 2**20, 2**31, 2**53 + 1, 2**63,
           2**64, 2**70, -(2**63), 10**100]  # fmt: skip
RAW = ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1" * 5000, "1e-999",
       "-0.0", "65536.0", "1.5"]  # fmt: skip
TEXTS = ["\ud800", "a\udfffb", "", " ", "x" * 300, "not a time", "2026-13-45",
         "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
         "2026-03-01T09:00:00+00:00", "\x1b]52;c;aGk=\x07", "[bold]x[/]"]  # fmt: skip


def _leaves() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(NUMBERS),
        st.integers(),
        st.floats(),
        st.sampled_from(TEXTS),
        st.text(max_size=8),
        st.sampled_from(RAW).map(Raw),
        st.sampled_from([17, 1_000, 100_000]).map(deep),
    )


def hostile() -> st.SearchStrategy[Any]:
    """Any JSON value a forger might put where reflect expects another."""
    return st.recursive(
        _leaves(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=5,
    )


HEADER_KEYS = ["v", "kdf", "n", "r", "p", "salt", "nonce", "extra"]


def _header_forgery(data: st.DataObject, base: Base) -> bytes:
    header: Any = dict(base.header)
    how = data.draw(st.sampled_from(["set", "set", "delete", "replace"]), "header")
    key = data.draw(st.sampled_from(HEADER_KEYS), "key")
    if how == "set":
        header[key] = data.draw(hostile(), "value")
    elif how == "delete":
        header.pop(key, None)
    else:
        header = data.draw(hostile(), "whole header")
    return forge(header, base.body_anew())


def _body_forgery(data: st.DataObject, base: Base) -> bytes:
    body: Any = base.body_anew()
    parent: Any = None
    place: Any = None
    node: Any = body
    while (
        isinstance(node, dict | list)
        and node
        and data.draw(st.integers(0, 4), "deeper") > 0
    ):
        place = (
            data.draw(st.sampled_from(sorted(node)), "key")
            if isinstance(node, dict)
            else data.draw(st.integers(0, len(node) - 1), "index")
        )
        parent, node = node, node[place]
    how = data.draw(st.sampled_from(["replace", "replace", "delete", "add"]), "how")
    value = data.draw(hostile(), "value")
    if parent is None:
        body = value if how == "replace" else body
    elif how == "replace":
        parent[place] = value
    elif how == "delete":
        del parent[place]
    if how == "add" and isinstance(node, dict):
        node[data.draw(st.text(max_size=6), "new key")] = value
    elif how == "add" and isinstance(node, list):
        node.append(value)
    return forge(base.header, body)


def _byte_forgery(data: st.DataObject, base: Base) -> bytes:
    raw = bytearray(base.data)
    how = data.draw(
        st.sampled_from(["flip", "cut", "append", "length", "insert", "drop"]), "bytes"
    )
    at = data.draw(st.integers(0, len(raw) - 1), "at")
    if how == "flip":
        raw[at] ^= data.draw(st.integers(1, 255), "mask")
    elif how == "cut":
        del raw[at:]
    elif how == "append":
        raw += data.draw(st.binary(min_size=1, max_size=64), "tail")
    elif how == "length":
        raw[8:10] = data.draw(st.integers(0, 0xFFFF), "length").to_bytes(2, "big")
    elif how == "insert":
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=16), "inserted")
    else:
        del raw[at : at + data.draw(st.integers(1, 64), "dropped")]
    return bytes(raw)


PLAINTEXTS = [b"", b"\xff\xfe{}", "{}".encode("utf-16"), b"[]", b"null",
              b'{"format":"reflect-bundle"}', deep(100_000).text.encode()]  # fmt: skip


def _plaintext_forgery(data: st.DataObject, base: Base) -> bytes:
    plaintext = data.draw(
        st.one_of(
            st.binary(max_size=64),
            st.sampled_from(PLAINTEXTS),
            hostile().map(lambda v: encode(v).encode("ascii")),
        ),
        "plaintext",
    )
    return forge(base.header, plaintext)


FORGERIES = {
    "header": _header_forgery,
    "body": _body_forgery,
    "bytes": _byte_forgery,
    "plaintext": _plaintext_forgery,
}


def forgery(data: st.DataObject, chosen: Pair) -> tuple[bytes, Journal]:
    """One forged bundle made from a real one, and a journal to bring it in."""
    base = data.draw(st.sampled_from([chosen.share, chosen.feedback]), "base")
    kind = data.draw(
        st.sampled_from(["header", "body", "body", "bytes", "plaintext"]), "kind"
    )
    forged = FORGERIES[kind](data, base)
    # Mostly the journal it was for; sometimes the other one.
    if data.draw(st.integers(0, 4), "elsewhere"):
        return forged, base.target
    other = chosen.worker if base.target is chosen.supervisor else chosen.supervisor
    return forged, other
