"""Themes: reflect's high-contrast theme is there to choose, and a saved theme
this machine does not know (from another version, or a damaged setting)
falls back to the default instead of stopping the app."""

from __future__ import annotations

from reflect.core.access import JournalAccess
from reflect.core.preferences import DEFAULT_THEME, HIGH_CONTRAST_THEME, Preferences
from reflect.tui.app import ReflectApp
from tests.conftest import PASSPHRASE
from tests.tui.test_two_windows import LIBRARY, SIZE


async def test_a_saved_theme_is_shown_and_an_unknown_one_falls_back(
    access: JournalAccess,
) -> None:
    journal = access.create(PASSPHRASE)
    journal.preferences.save(Preferences(theme=HIGH_CONTRAST_THEME))
    journal.store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_THEME
        app.preferences = Preferences(theme="a-theme-from-elsewhere")
        app.apply_theme()
        assert app.theme == DEFAULT_THEME
