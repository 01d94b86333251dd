"""Every schema step in `reflect/core/migrations/` runs, once, in its place.

A step is a module named after the name the journal records (`m0008_tag_order`
holds `0008_tag_order`). A step module written but never listed in
`MIGRATIONS` would never run, and one listed out of order would run before
the tables it changes exist on a new journal.
"""

from __future__ import annotations

import pkgutil

from reflect.core import migrations


def test_every_step_module_is_registered_in_order() -> None:
    modules = sorted(
        info.name.removeprefix("m")
        for info in pkgutil.iter_modules(migrations.__path__)
        if info.name.startswith("m0")
    )
    registered = [m.name for m in migrations.MIGRATIONS._migrations]
    assert registered == modules
    assert registered[0] == "0001_foundation"


def test_each_step_runs_the_function_of_its_own_module() -> None:
    for step in migrations.MIGRATIONS._migrations:
        assert step.fn.__module__ == f"reflect.core.migrations.m{step.name}"
