"""The bundle file: an authenticated, encrypted envelope around a JSON body.

Layout, all of it covered by AES-256-GCM's authentication:

    MAGIC (8 bytes) | header length (2 bytes, big-endian) | header (JSON)
    | ciphertext and 16-byte tag

The header is plaintext (it has to be: it carries the KDF parameters, salt
and nonce needed to decrypt) but it is passed as associated data, so changing
a single byte of it, or of the ciphertext, makes decryption fail. The key
comes from scrypt over a passphrase the two people agree face to face. All
cryptography is the `cryptography` package's; nothing here is home-made.

Authentication only proves the sender knew the passphrase, so everything is
read as if it were hostile. The header is read before anything can be
checked, and its scrypt settings decide how much time and memory deriving
the key costs: only the settings reflect itself writes are accepted, and
anything else is refused before a key is derived. After decryption the body
is checked too (depth, numbers, text) before anything else touches it; what
a share or feedback body must hold is `bundle_shapes`' job.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from reflect.core.errors import BadBundle
from reflect.core.text import LONE_SURROGATE

MAGIC = b"REFLECTB"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 20 * 1024 * 1024
"""Nobody shares 20 MB of reflections; anything larger is refused unread."""
MIN_PASSPHRASE = 10
_MAX_HEADER = 1024
MAX_DEPTH = 16
"""How deeply a body may nest; reflect's own bodies go five levels down."""
MAX_INT = 2**53
"""The largest whole number a body may hold (JSON's safe range)."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost; the app uses the default, tests a cheap one."""

    n: int = 2**17
    r: int = 8
    p: int = 1


DEFAULT_KDF = KdfParams(2**17, 8, 1)
"""What new bundles are written with: OWASP's minimum for scrypt."""
ACCEPTED_KDFS: frozenset[KdfParams] = frozenset({KdfParams(2**16, 8, 1), DEFAULT_KDF})
"""What an incoming header may ask for: today's cost, and the one reflect
wrote before (2^16), so bundles already made still open. Anything else could
cost this machine seconds and gigabytes before the passphrase is even tried.
The interfaces pass this set; tests pass a cheap one of their own."""

DAMAGED = "the bundle is damaged or incomplete; ask for the file again"
CHOOSE = "choose the .reflect file you were given"
UNUSUAL_KDF = (
    "this bundle asks for key settings reflect does not use, so it was not "
    "opened; ask for it to be made again with reflect"
)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadBundle(
            f"a bundle passphrase needs at least {MIN_PASSPHRASE} characters; "
            "agree a few words together, face to face"
        )


NOT_TEXT = (
    "the bundle passphrase is not valid text (it has a character or byte that "
    "is not UTF-8); check how it was typed or set"
)


def _key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    # A non-UTF-8 byte in $REFLECT_BUNDLE_PASSPHRASE arrives as a lone
    # surrogate; the encoding error would quote that part of the passphrase.
    try:
        secret = passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise BadBundle(NOT_TEXT) from None
    return Scrypt(salt=salt, length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(secret)


def seal(body: dict[str, Any], passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> bytes:
    """Encrypt `body` into bundle bytes."""
    check_passphrase(passphrase)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header = json.dumps(
        {
            "v": FORMAT_VERSION,
            "kdf": "scrypt",
            "n": kdf.n,
            "r": kdf.r,
            "p": kdf.p,
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
        },
        separators=(",", ":"),
    ).encode()
    prefix = MAGIC + len(header).to_bytes(2, "big") + header
    plaintext = json.dumps(body, ensure_ascii=False).encode("utf-8")
    ciphertext = AESGCM(_key(passphrase, salt, kdf)).encrypt(nonce, plaintext, prefix)
    return prefix + ciphertext


@dataclass(frozen=True)
class Envelope:
    """What the outside of a bundle says, checked; nothing here is secret."""

    kdf: KdfParams
    salt: bytes
    nonce: bytes
    prefix: bytes
    """Magic, length and header: the associated data."""
    ciphertext: bytes


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _loads(text: str | bytes) -> Any:
    """JSON as reflect writes it: no NaN or Infinity, nesting within reason.

    `json.loads` recurses once per level; a body nested thousands deep
    raises RecursionError there, which is as much "damaged" as bad syntax.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise BadBundle(DAMAGED) from None


def _whole(value: object, low: int, high: int) -> int:
    """A JSON integer (never a bool or a float) within [low, high]."""
    if type(value) is not int or not low <= value <= high:
        raise BadBundle(DAMAGED)
    return value


def _decoded(value: object, low: int, high: int) -> bytes:
    if not isinstance(value, str) or not value.isascii():
        raise BadBundle(DAMAGED)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadBundle(DAMAGED) from None
    if not low <= len(raw) <= high:
        raise BadBundle(DAMAGED)
    return raw


def read_envelope(
    data: bytes, accepted: Collection[KdfParams] = ACCEPTED_KDFS
) -> Envelope:
    """Check the outside of a bundle, with no key and no passphrase.

    Every refusal a stranger's file can earn happens here, in microseconds:
    the size, the magic, the header's shape, types and ranges, and its scrypt
    settings against `accepted`, so no forged header ever makes this machine
    derive a key.
    """
    if len(data) > MAX_BUNDLE_BYTES:
        raise BadBundle(f"this file is far too large to be a reflect bundle; {CHOOSE}")
    if not data.startswith(MAGIC):
        raise BadBundle(f"this is not a reflect bundle; {CHOOSE}")
    start = len(MAGIC) + 2
    if len(data) < start:
        raise BadBundle(DAMAGED)
    size = int.from_bytes(data[len(MAGIC) : start], "big")
    if size > _MAX_HEADER or len(data) < start + size + 16:
        raise BadBundle(DAMAGED)
    header = _loads(data[start : start + size])
    if not isinstance(header, dict):
        raise BadBundle(DAMAGED)
    version = _whole(header.get("v"), 1, MAX_INT)
    if version > FORMAT_VERSION:
        raise BadBundle(
            f"this bundle was made by a newer reflect (format {version}); "
            "update reflect to open it"
        )
    if header.get("kdf") != "scrypt":
        raise BadBundle(DAMAGED)
    kdf = KdfParams(*(_whole(header.get(k), 1, MAX_INT) for k in "nrp"))
    if kdf not in accepted:
        raise BadBundle(UNUSUAL_KDF)
    return Envelope(
        kdf=kdf,
        salt=_decoded(header.get("salt"), 16, 64),
        nonce=_decoded(header.get("nonce"), 12, 12),
        prefix=data[: start + size],
        ciphertext=data[start + size :],
    )


def check_plain(value: object) -> None:
    """Refuse JSON no reflect writes: deep nesting, huge or non-finite
    numbers, text with lone surrogates (which no file can hold as UTF-8).

    Iterative, so the check itself never recurses.
    """
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                raise BadBundle(DAMAGED)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT <= item <= MAX_INT:
                raise BadBundle(DAMAGED)
        elif isinstance(item, float):
            if not math.isfinite(item) or abs(item) > MAX_INT:
                raise BadBundle(DAMAGED)
        elif isinstance(item, list | dict):
            if depth > MAX_DEPTH:
                raise BadBundle(DAMAGED)
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
        else:
            raise BadBundle(DAMAGED)


def open_bundle(
    data: bytes, passphrase: str, accepted: Collection[KdfParams] = ACCEPTED_KDFS
) -> dict[str, Any]:
    """Decrypt bundle bytes, or refuse with one clear reason.

    `accepted` is the set of scrypt settings a header may ask for; anything
    else is refused before any key is derived.
    """
    envelope = read_envelope(data, accepted)
    try:
        plaintext = AESGCM(_key(passphrase, envelope.salt, envelope.kdf)).decrypt(
            envelope.nonce, envelope.ciphertext, envelope.prefix
        )
    except InvalidTag:
        raise BadBundle(
            "the bundle could not be opened: the passphrase is wrong, or the file "
            "was changed or damaged on the way; check the passphrase you agreed, "
            "or ask for the file again"
        ) from None
    try:
        text = plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBundle(DAMAGED) from None
    body = _loads(text)
    if not isinstance(body, dict) or body.get("format") != "reflect-bundle":
        raise BadBundle(DAMAGED)
    check_plain(body)
    return body
