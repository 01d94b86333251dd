"""Where the journal lives when no folder is given, in one place.

`cli.start` looks there to begin opening the journal early and `cli.main`
opens it there: were they to differ, the early open would never be taken.
Kept apart from both (it needs neither click nor the rest of the program).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def default_home() -> Path:
    """The platform's per-user data folder for reflect (not created here)."""
    import platformdirs  # only when no home was given

    from reflect.core.names import APP_NAME

    return platformdirs.user_data_path(APP_NAME, appauthor=False)
