"""The worker's settings, kept inside the encrypted journal.

The privacy watch list holds the names of people the worker supports, so
settings never live in a plain file. Values are kept as JSON in the
`settings` table (through `reflect.core.settings`); unknown or damaged values
fall back to the defaults rather than stopping the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from reflect.core import settings
from reflect.core.errors import ReflectError
from reflect.core.service import Service

DEFAULT_THEME = "textual-dark"
NATION_VALUES = ("england", "wales", "scotland", "northern-ireland")
"""The nation setting's values (the support panel names them)."""
HIGH_CONTRAST_THEME = "reflect-high-contrast"


@dataclass(frozen=True)
class Preferences:
    """Everything on the settings screen (later issues add fields)."""

    theme: str = DEFAULT_THEME
    """A Textual theme name; includes reflect's own high-contrast theme."""
    watch_list: tuple[str, ...] = field(default_factory=tuple)
    """Words the privacy hint looks out for: names, places, services."""
    idle_minutes: int = 10
    """Lock after this many minutes without a key press; 0 never locks."""
    noticing: bool = True
    """Home may point out a wellbeing dimension that has stayed low."""
    writer_hints: bool = True
    """The writer shows each step's hint and follow-ups (ctrl+t there)."""
    nation: str = ""
    """Which nation's support lines the support panel shows; "" shows all four
    (values: `reflect.core.support.NATIONS`)."""
    support_plan: str = ""
    """The worker's own wellness or crisis plan: where it is, or what it says."""
    trusted_name: str = ""
    """Someone the worker trusts, for the support panel."""
    trusted_contact: str = ""
    """How to reach them."""
    gp: str = ""
    """The worker's GP practice and how to reach it."""


_WORDS = ("nation", "support_plan", "trusted_name", "trusted_contact", "gp")
"""Settings that are a few words the worker typed, kept as typed."""

MAX_WORDS = 2000
"""The longest a support setting may be: a plan's gist or where it is kept."""


class PreferenceService(Service):
    """The settings screen's values (`journal.preferences`), kept in the journal."""

    def load(self) -> Preferences:
        """Read settings; anything missing or unreadable keeps its default."""
        values = dict(settings.read_all(self._store))
        prefs = Preferences()
        updates: dict[str, Any] = {}
        for item in fields(Preferences):
            if item.name not in values:
                continue
            value = values[item.name]
            if item.name == "watch_list" and isinstance(value, list):
                updates["watch_list"] = tuple(str(v) for v in value if str(v).strip())
            elif item.name == "idle_minutes" and isinstance(value, int):
                updates["idle_minutes"] = max(0, value)
            elif item.name in ("noticing", "writer_hints") and isinstance(value, bool):
                updates[item.name] = value
            elif item.name == "theme" and isinstance(value, str) and value:
                updates["theme"] = value
            elif item.name in _WORDS and isinstance(value, str):
                updates[item.name] = value
        return replace(prefs, **updates)

    def save(self, prefs: Preferences) -> None:
        """Write every setting in one transaction."""
        if prefs.idle_minutes < 0 or prefs.idle_minutes > 24 * 60:
            raise ReflectError("lock after idle must be between 0 and 1440 minutes")
        if prefs.nation and prefs.nation not in NATION_VALUES:
            raise ReflectError(
                f"the nation is one of {', '.join(NATION_VALUES)}, or none"
            )
        for name in _WORDS:
            if len(getattr(prefs, name)) > MAX_WORDS:
                raise ReflectError(
                    f"keep {name.replace('_', ' ')} under {MAX_WORDS} characters: "
                    "the gist, or where the rest is kept"
                )
        settings.write(
            self._store,
            {
                item.name: _plain(getattr(prefs, item.name))
                for item in fields(Preferences)
            },
        )

    def set_writer_hints(self, show: bool) -> None:
        """Keep the writer's hint choice alone: the key is pressed mid-writing,
        so it must not write back the other settings from an older copy."""
        settings.write(self._store, {"writer_hints": show})


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
