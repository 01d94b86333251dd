"""A small competence framework for portfolio-link tests.

Until the shipped framework is loaded by `load_frameworks`, the CLI and the
app are handed this one (`library_with`), so linking is tested on a real
journal with areas whose packs and tags are known.
"""

from __future__ import annotations

import pytest

from reflect.core import frameworks
from reflect.core.frameworks import Area, Domain, Framework, FrameworkLibrary

LENS = Framework(
    id="lens",
    version=1,
    title="A lens for tests",
    source="Made up for the tests",
    licence="ours",
    domains=(
        Domain(
            "peer",
            "Being a peer",
            (
                Area(
                    "lived-experience",
                    "Drawing on lived experience",
                    "Sharing my own story when it helps the other person",
                    packs=("sharing-lived-experience",),
                    tags=("disclosure",),
                ),
                Area("mutuality", "Mutuality", "Meeting as equals, sharing power"),
            ),
        ),
        Domain(
            "care",
            "Looking after myself",
            (
                Area(
                    "self-care",
                    "Self-care",
                    "Looking after my own wellbeing at work",
                    packs=("self-care",),
                    tags=("rest", "self-care"),
                ),
                Area(
                    "using-supervision",
                    "Using supervision",
                    "Bringing what matters to supervision",
                    tags=("supervision",),
                ),
            ),
        ),
    ),
)


def library_with(*found: Framework) -> FrameworkLibrary:
    return FrameworkLibrary({f.id: f for f in found})


def cli_frameworks(monkeypatch: pytest.MonkeyPatch, *found: Framework) -> None:
    """Make the CLI's `settings.frameworks()` find these frameworks.

    Patched in core, where the CLI looks it up when a command first asks
    (`cli_common` imports frameworks only then, so no copy of the name
    is kept there to patch).
    """
    library = library_with(*found)
    monkeypatch.setattr(frameworks, "load_frameworks", lambda layers: library)
