"""A made-up organisation's settings file and packs, for the org tests.

The numbers are from Ofcom's ranges kept for drama, so they reach nobody.
"""

from __future__ import annotations

from pathlib import Path

GOOD = """\
name = "Riverside Peer Network"
watch_list = ["Riverside House", "Millbank ward"]
prompts = "packs"

[[crisis]]
name = "Riverside staff support line"
phone = "0808 157 0192"
hours = "Monday to Friday, 9am to 5pm"
note = "For anyone who works with us, about anything."

[[crisis]]
name = "Out-of-hours on-call manager"
text = "CALLBACK to 01632 960555"

[safeguarding]
procedure = \"\"\"
Follow the safeguarding procedure in the staff handbook.
Tell the duty worker the same day.
\"\"\"
contact = "Duty worker: 020 7946 0100"

[speak_up]
name = "Freedom to Speak Up guardian"
contact = "020 7946 0155"

[supervision]
type = "group"
every = 14
"""

PACK = """\
id = "{id}"
version = 1
title = "{title}"
kind = "theme"
summary = "A short look back."
minutes = 5

[[steps]]
id = "what"
question = "What came up for you?"
"""


def write_org(
    folder: Path, text: str = GOOD, packs: dict[str, str] | None = None
) -> Path:
    """The file as `organisation.toml` in `folder`, with a `packs` folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "organisation.toml"
    path.write_text(text, encoding="utf-8")
    pack_dir = folder / "packs"
    pack_dir.mkdir(exist_ok=True)
    for pack_id, title in (packs or {"team-huddle": "Team huddle"}).items():
        (pack_dir / f"{pack_id}.toml").write_text(
            PACK.format(id=pack_id, title=title), encoding="utf-8"
        )
    return path


def left_in(config: Path) -> list[str]:
    """What is in the config folder, less the lock file that keeps two
    installs apart (it stays, like the journal's)."""
    if not config.exists():
        return []
    return sorted(p.name for p in config.iterdir() if p.name != ".organisation.lock")
