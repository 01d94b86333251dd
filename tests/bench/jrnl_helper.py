"""Run inside the bench's own jrnl virtual environment (never reflect's).

    jrnl_helper.py encrypt PLAIN OUT     # password from $JRNL_BENCH_PASSWORD
    jrnl_helper.py config OUT JOURNAL 0|1

`encrypt` uses jrnl's own encryption class, the one `jrnl --encrypt` writes
with, so the file is exactly what jrnl makes. `config` writes jrnl's default
configuration (through jrnl's own `save_config`) pointing at JOURNAL, with
`encrypt: true` for an encrypted one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def encrypt(plain: str, out: str) -> None:
    from jrnl.config import get_default_config
    from jrnl.encryption import determine_encryption_method_for_writing

    config = get_default_config()
    method = determine_encryption_method_for_writing(True)
    crypt = method("default", config)
    crypt.password = os.environ["JRNL_BENCH_PASSWORD"]
    Path(out).write_bytes(crypt.encrypt(Path(plain).read_text(encoding="utf-8")))


def config(out: str, journal: str, encrypted: str) -> None:
    from jrnl.config import get_default_config, save_config

    settings = get_default_config()
    settings["journals"] = {"default": {"journal": journal}}
    settings["encrypt"] = encrypted == "1"
    settings["editor"] = ""
    save_config(settings, alt_config_path=out)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"encrypt": encrypt, "config": config}[command](*args)
