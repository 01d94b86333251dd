"""Starting the app: the one place the TUI is put together for real use.

`reflect.cli.main` calls `run_tui` with a `JournalAccess` built from the
environment; `--demo` swaps in a throwaway journal in the system's temporary
folder (the CLI finds it and passes it as `demo_in`), encrypted under a
random key held only in memory, and deleted when the app closes (see
`reflect.core.demo.home`).
"""

from __future__ import annotations

from pathlib import Path

from reflect.core.access import JournalAccess
from reflect.core.demo.home import demo_journal
from reflect.core.exits import ExitCode
from reflect.core.frameworks import FrameworkLibrary
from reflect.core.org import Organisation
from reflect.core.places import Places
from reflect.core.support import NationalLines
from reflect.core.templates import Library
from reflect.tui.app import ReflectApp


def run_tui(
    access: JournalAccess,
    *,
    passphrase: str | None,
    demo_in: Path | None = None,
    library: Library | None = None,
    export_dir: Path | None = None,
    places: Places | None = None,
    organisation: Organisation | None = None,
    support_lines: NationalLines | None = None,
    frameworks: FrameworkLibrary | None = None,
) -> int:
    """Run the app until the worker quits; returns the process exit status.

    With `demo_in` (a folder), the app opens a throwaway demo journal there
    instead of the real one.
    """
    if demo_in is None:
        app = ReflectApp(
            access,
            passphrase=passphrase,
            library=library,
            export_dir=export_dir,
            places=places,
            organisation=organisation,
            support_lines=support_lines,
            frameworks=frameworks,
        )
        app.run()
        return app.return_code or ExitCode.OK
    with demo_journal(demo_in) as (demo_access, key):
        app = ReflectApp(
            demo_access,
            passphrase=key,
            demo=True,
            library=library,
            export_dir=export_dir,
            places=places,
            organisation=organisation,
            support_lines=support_lines,
            frameworks=frameworks,
        )
        app.run()
        return app.return_code or ExitCode.OK
