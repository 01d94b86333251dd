"""The help page is built from the bindings, so no key can go missing from it.

As harlequin does: every binding of every class in `reflect.tui` (screens,
dialogs, widgets, and the app's own) is found by walking the package, and
each must be listed under a heading of the help, in the words the help shows,
or be in the short `INTERNAL` list with a reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import reflect.tui
from reflect.core.access import JournalAccess
from reflect.core.templates import load_library, shipped_dir
from reflect.tui import keys
from reflect.tui.app import ReflectApp
from reflect.tui.screens.help import HelpScreen
from reflect.tui.screens.home import HomeScreen
from tests.conftest import PASSPHRASE
from tests.tui.snapshots import screen_text

LIBRARY = load_library([shipped_dir()])


def classes_with_bindings() -> Iterator[type[DOMNode]]:
    """Every class in reflect.tui that declares its own BINDINGS."""
    for module_info in pkgutil.walk_packages(reflect.tui.__path__, "reflect.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == module.__name__
                and issubclass(cls, DOMNode)
                and "BINDINGS" in vars(cls)
            ):
                yield cls


def test_every_binding_is_in_the_help() -> None:
    display = App().get_key_display  # the footer's notation (reflect keeps it)
    found = list(classes_with_bindings())
    assert ReflectApp in found and HelpScreen in found  # the walk reaches them
    missing = []
    for cls in found:
        sections = [
            section
            for section in keys.SECTIONS
            for owner in section.owners
            if (owner == keys.APP and cls is ReflectApp)
            or (not isinstance(owner, str) and cls in owner.__mro__)
        ]
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
            if (cls, binding.key) in keys.INTERNAL:
                continue
            shown = display(binding)
            listed = any(
                row.words == keys.words_of(binding) and shown in row.keys.split(" or ")
                for section in sections
                for row in keys.rows(section, ReflectApp, display)
            )
            if not listed:
                missing.append(f"{cls.__qualname__}: {binding.key}")
    assert missing == [], f"keys missing from the help: {missing}"


def test_every_left_out_key_is_a_real_binding() -> None:
    """The allow-list holds no key that no longer exists."""
    declared = {
        (cls, binding.key)
        for cls in classes_with_bindings()
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"])
    }
    assert set(keys.INTERNAL) <= declared
    assert all(reason.strip() for reason in keys.INTERNAL.values())


async def test_help_opens_from_home_with_every_screen(access: JournalAccess) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(110, 250)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            " ".join(line.split())
            for line in (s.text for s in app.screen._compositor.render_strips())
        )
    for heading, line in [
        ("Home", "n New reflection: choose a quick note, a model or a theme"),
        ("Reading an entry", "S Share it with your supervisor (shift+s)"),
        ("Sharing with your supervisor", "w Write the bundle, once every"),
        ("Supervising", "i Bring in a bundle: a share, or feedback"),
        ("Checking in", "← A point lower on this scale"),
        ("Wellbeing trend", "3 A year"),
        ("Recently deleted", "⏎ Bring the highlighted entry back"),
        ("Writing a reflection", "^s Finish now"),
    ]:
        assert heading in text.splitlines(), heading
        assert line in text, line
    assert "A mark such as ␛ or <U+202E> stands for a hidden character" in text


async def test_help_opens_at_the_keys_of_the_screen_it_was_asked_from(
    access: JournalAccess,
) -> None:
    access.create(PASSPHRASE).store.close()
    app = ReflectApp(access, passphrase=PASSPHRASE, library=LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"gibbs", "enter")
        await pilot.pause()
        app.action_help()  # as ? does (typed in the answer box, it is a word)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app).splitlines()
        assert "Writing a reflection" in shown[:4]  # at the top, under the header
        assert "Keys" not in shown  # the introduction is a scroll up
        await pilot.press("escape", "escape")  # help, then the empty writer
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.action_help()  # from home: the top, where keys are explained
        await pilot.pause()
        await pilot.pause()
        assert "Keys" in screen_text(app).splitlines()[:4]
