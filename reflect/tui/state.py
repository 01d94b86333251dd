"""What a screen may know about the running app: the journal and its settings.

Screens and dialogs read the open journal, the prompt packs, the worker's
preferences and folders from here, typed, without importing app.py: the app
imports every screen to build it, so a screen importing the app back would
make a circle. `ReflectApp` (app.py) is this class plus the routing; a screen
that wants to go somewhere else posts a message from `tui/messages.py`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from textual.app import App

from reflect.core import org
from reflect.core.access import JournalAccess
from reflect.core.bundles import ACCEPTED_KDFS, DEFAULT_KDF, KdfParams
from reflect.core.frameworks import FrameworkLibrary, shipped_library
from reflect.core.journal import Journal
from reflect.core.org import Organisation
from reflect.core.places import NOWHERE, Places
from reflect.core.preferences import Preferences
from reflect.core.support import NationalLines, shipped_lines
from reflect.core.templates import Library, load_library, shipped_dir
from reflect.tui.idle import IdleWatch
from reflect.tui.themes import OWN_THEMES, theme_to_use


class ReflectState(App[int]):
    """The journal in the terminal, as its screens see it."""

    def __init__(
        self,
        access: JournalAccess,
        *,
        passphrase: str | None = None,
        demo: bool = False,
        library: Library | None = None,
        export_dir: Path | None = None,
        places: Places | None = None,
        organisation: Organisation | None = None,
        support_lines: NationalLines | None = None,
        frameworks: FrameworkLibrary | None = None,
    ) -> None:
        self.locked = False
        """The idle lock covers everything until the passphrase is typed."""
        self.idle = IdleWatch()
        """How long since the last key press or click, for the idle lock."""
        super().__init__()
        for theme in OWN_THEMES:
            self.register_theme(theme)
        self.library = library or load_library([shipped_dir()])
        """Prompt packs: shipped, the worker's own, an organisation's."""
        self.frameworks = frameworks or shipped_library()
        """Competence frameworks for the portfolio, as the CLI found them."""
        self.export_dir = export_dir or Path.cwd()
        """Where the app offers to save exports (the worker can change it)."""
        self.places = places or NOWHERE
        """The worker's folders and environment, as the CLI found them: the app
        reads neither itself (a test's app knows of none)."""
        self.organisation = organisation
        """The organisation's settings file, as the CLI found it installed."""
        self._support_lines = support_lines
        """The national lines as the CLI found them (the worker's own
        `support.toml`, or reflect's list); None reads reflect's when needed."""
        self.preferences = Preferences()
        """Settings from the journal, loaded once it is open."""
        self.access = access
        """Where the journal lives and how to open or create it."""
        self.initial_passphrase = passphrase
        """From $REFLECT_PASSPHRASE (or the demo's key), used once to open the
        journal and then forgotten: the open store keeps the one copy that
        backups and a worker thread's own connection need."""
        self.demo = demo
        """A throwaway journal: the subtitle says so, so nobody writes for real."""
        self.journal: Journal | None = None
        """The open journal, once created or unlocked."""
        self.bundle_kdf: KdfParams = DEFAULT_KDF
        """The scrypt cost bundles are sealed with; tests set a cheap one."""
        self.bundle_kdfs: Collection[KdfParams] = ACCEPTED_KDFS
        """The scrypt settings a bundle brought in may ask for; tests set a
        cheap one, which only they ever make."""
        if demo:
            self.sub_title = "demo: nothing here is kept"

    @property
    def watch_list(self) -> tuple[str, ...]:
        """The words the privacy scan looks for: the worker's own, with their
        organisation's added (it can add words, never take one away)."""
        return org.watch_words(self.preferences.watch_list, self.organisation)

    @property
    def national_lines(self) -> NationalLines:
        """The national lines for the support panel (read once, when first
        shown, if the CLI did not hand any over)."""
        if self._support_lines is None:
            self._support_lines = shipped_lines()
        return self._support_lines

    @property
    def lockable(self) -> bool:
        """Whether a typed passphrase could lift the lock.

        Not for a journal without a passphrase, nor for the demo, whose
        random key nobody knows.
        """
        journal = self.journal
        return journal is not None and journal.store.encrypted and not self.demo

    def apply_theme(self) -> None:
        """Show the saved theme (or the default, if it is not known here)."""
        self.theme = theme_to_use(self.preferences.theme, self.available_themes)
