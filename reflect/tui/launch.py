"""Starting the app: the one place the TUI is put together for real use.

`reflect.cli` calls `run_tui` with a `JournalAccess` built from the
environment; `--demo` swaps in a throwaway journal in a temporary folder that
is deleted when the app closes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.clock import utc_now
from reflect.core.demo import seed
from reflect.core.paths import JournalPaths
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
    folder = Path(tempfile.mkdtemp(prefix="reflect-demo-"))
    try:
        demo_access = JournalAccess(JournalPaths(folder))
        journal = demo_access.create(None)
        seed(journal, utc_now())
        journal.store.close()
        app = ReflectApp(
            demo_access,
            passphrase=None,
            demo=True,
            library=library,
            export_dir=export_dir,
        )
        app.run()
        return app.return_code or 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
