"""Pilot: an installed organisation's packs are in the picker, settings
show what came from its file at the smallest size, with a new supervision
agreement starting from its defaults, and its lines are on the support page."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Input, Select, Static

from reflect.core import org
from reflect.core.access import JournalAccess
from reflect.core.templates import load_library
from reflect.tui.app import ReflectApp
from reflect.tui.screens.picker import PickerScreen
from reflect.tui.screens.settings import SettingsScreen
from reflect.tui.screens.support import SupportScreen
from reflect.tui.widgets.marks import OptionList
from tests.conftest import PASSPHRASE
from tests.orgfiles import write_org
from tests.tui.snapshots import SMALL


async def test_the_organisation_in_the_picker_and_settings(
    access: JournalAccess, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    org.install(
        write_org(tmp_path / "given", packs={"team-huddle": "Team huddle"}), config
    )
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(
        access,
        passphrase=PASSPHRASE,
        library=load_library(org.layer_dirs(config, None, org.installed(config))),
        organisation=org.installed(config),
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#packs", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "pack:team-huddle" in ids
        await pilot.press("escape", "comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#kind", Select).value == "group"
        assert screen.query_one("#every", Input).value == "14"
        shown = [str(s.render()) for s in screen.query(".org-line").results(Static)]
        assert (
            shown[0] == "Line: Riverside staff support line: 0808 157 0192 "
            "(Monday to Friday, 9am to 5pm)"
        )
        assert "Speaking up: Freedom to Speak Up guardian, 020 7946 0155" in shown
        assert any(line.startswith("Watch list: 2 words") for line in shown)
        assert any(line.startswith("Prompt packs: 1 in the picker") for line in shown)
        last = list(screen.query(".org-line").results(Static))[-1]
        last.scroll_visible(animate=False)
        await pilot.pause()
        assert Region(0, 0, *SMALL).contains_region(last.region)
        assert last.region.width <= SMALL[0]

        # The installed file's lines and routes are on the support page too.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        words = " ".join(
            str(w.render()) for w in app.screen.query(".support-item, Static")
        )
        assert "Riverside staff support line" in words
        assert words.index("Riverside staff support line") < words.index("Samaritans")
        assert "Duty worker: 020 7946 0100" in words
        assert "Freedom to Speak Up guardian" in words
