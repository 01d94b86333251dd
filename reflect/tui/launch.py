"""Starting the app: the one place the TUI is put together for real use.

`reflect.cli` calls `run_tui` with a `JournalAccess` built from the
environment; `--demo` swaps in a throwaway journal in the system's temporary
folder, encrypted under a random key held only in memory, and deleted when
the app closes (see `reflect.core.demo_home`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.demo_home import demo_journal
from reflect.core.templates import Library


def run_tui(
    access: JournalAccess,
    *,
    passphrase: str | None,
    demo: bool,
    library: Library | None = None,
    export_dir: Path | None = None,
) -> int:
    """Run the app until the worker quits; returns the process exit status."""
    from reflect.tui.app import ReflectApp

    if not demo:
        app = ReflectApp(
            access, passphrase=passphrase, library=library, export_dir=export_dir
        )
        app.run()
        return app.return_code or 0
    with demo_journal(Path(tempfile.gettempdir())) as (demo_access, key):
        app = ReflectApp(
            demo_access,
            passphrase=key,
            demo=True,
            library=library,
            export_dir=export_dir,
        )
        app.run()
        return app.return_code or 0
