"""The bundle file: an authenticated, encrypted envelope around a JSON body.

Layout, all of it covered by AES-256-GCM's authentication:

    MAGIC (8 bytes) | header length (2 bytes, big-endian) | header (JSON)
    | ciphertext and 16-byte tag

The header is plaintext (it has to be: it carries the KDF parameters, salt
and nonce needed to decrypt) but it is passed as associated data, so changing
a single byte of it, or of the ciphertext, makes decryption fail. The key
comes from scrypt over a passphrase the two people agree face to face. All
cryptography is the `cryptography` package's; nothing here is home-made.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from reflect.core.errors import BadBundle

MAGIC = b"REFLECTB"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 20 * 1024 * 1024
"""Nobody shares 20 MB of reflections; anything larger is refused unread."""
MIN_PASSPHRASE = 10
_MAX_HEADER = 1024


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost; the app uses the default, tests a cheap one."""

    n: int = 2**16
    r: int = 8
    p: int = 1

    def acceptable(self) -> bool:
        """Bounds on what an incoming header may ask of this machine."""
        power_of_two = self.n > 1 and self.n & (self.n - 1) == 0
        return (
            power_of_two and self.n <= 2**20 and 1 <= self.r <= 16 and 1 <= self.p <= 4
        )


DEFAULT_KDF = KdfParams()


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadBundle(
            f"a bundle passphrase needs at least {MIN_PASSPHRASE} characters; "
            "agree a few words together, face to face"
        )


def _key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    return Scrypt(salt=salt, length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(
        passphrase.encode("utf-8")
    )


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


def open_bundle(data: bytes, passphrase: str) -> dict[str, Any]:
    """Decrypt bundle bytes, or refuse with one clear reason."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BadBundle("this file is far too large to be a reflect bundle")
    if not data.startswith(MAGIC):
        raise BadBundle("this is not a reflect bundle")
    damaged = BadBundle("the bundle is damaged or incomplete")
    if len(data) < len(MAGIC) + 2:
        raise damaged
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 2], "big")
    start = len(MAGIC) + 2
    if size > _MAX_HEADER or len(data) < start + size + 16:
        raise damaged
    header_bytes = data[start : start + size]
    try:
        header = json.loads(header_bytes)
        version = header["v"]
        kdf = KdfParams(int(header["n"]), int(header["r"]), int(header["p"]))
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise damaged from None
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BadBundle(
            f"this bundle was made by a newer reflect (format {version}); "
            "update reflect to open it"
        )
    if header.get("kdf") != "scrypt" or not kdf.acceptable() or len(nonce) != 12:
        raise damaged
    try:
        plaintext = AESGCM(_key(passphrase, salt, kdf)).decrypt(
            nonce, data[start + size :], data[: start + size]
        )
    except InvalidTag:
        raise BadBundle(
            "the bundle could not be opened: the passphrase is wrong, or the file "
            "was changed or damaged on the way"
        ) from None
    try:
        body = json.loads(plaintext)
    except ValueError:
        raise damaged from None
    if not isinstance(body, dict) or body.get("format") != "reflect-bundle":
        raise damaged
    return body
