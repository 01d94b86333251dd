"""A gentle strength hint for a new passphrase.

Not a gate: the only passphrase refused is an empty one. The hint nudges
towards length, which matters more than symbols, and says plainly that a
forgotten passphrase cannot be recovered.
"""

from __future__ import annotations

import re

COMMON = {
    "password", "passw0rd", "letmein", "qwerty", "123456", "12345678",
    "iloveyou", "welcome", "admin", "reflect", "journal", "monkey", "dragon",
}  # fmt: skip


def strength_hint(passphrase: str, *, bundle: bool = False) -> str:
    """One short sentence about how strong `passphrase` looks.

    A `bundle` passphrase is agreed face to face for one file and need not be
    kept, so its hint speaks of someone who finds the file, not of forgetting.
    """
    if bundle:
        return _bundle_hint(passphrase)
    if not passphrase:
        return "Type a passphrase. It cannot be recovered if you forget it."
    lowered = passphrase.casefold()
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if w]
    if lowered in COMMON or len(set(passphrase)) <= 2:
        return "Very weak: this is easy to guess. Try three or four unrelated words."
    if len(passphrase) < 10:
        return "Weak: short passphrases can be guessed. Try three or four words."
    if len(passphrase) < 16 and len(words) < 3:
        return "Fair. A few more words would make it much stronger."
    return "Strong. Keep it somewhere safe: it cannot be recovered if forgotten."


def _bundle_hint(passphrase: str) -> str:
    if not passphrase:
        return (
            "Agree a passphrase together, face to face; it travels apart from the file."
        )
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if w]
    if passphrase.casefold() in COMMON or len(set(passphrase)) <= 2:
        return "Very weak: anyone who finds the file could guess this. Try a few words."
    if len(passphrase) < 10:
        return (
            "Weak: anyone who finds the file could guess it. Try three or four words."
        )
    if len(passphrase) < 16 and len(words) < 3:
        return "Fair. A few more words would keep the file safer if it goes astray."
    return "Strong: hard to guess for anyone who finds the file."
