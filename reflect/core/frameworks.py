"""Competence frameworks as data: domains, their areas, and how to name one.

A framework is one lens a worker may choose for their development, not the
only one: the shipped one summarises a national framework in our own words,
and an organisation's own (or a worker's) drops in as a file beside it,
layered as prompt packs are (shipped < organisation < the worker's
`<config>/frameworks/`). An area is named across the app and the CLI as
`FRAMEWORK:AREA` (`hee-mhpsw-2020:self-care`), so a link says which lens
it belongs to.

This module holds the shapes every part of the portfolio shares; reading,
checking and layering the files lives here too (`load_frameworks`,
`check_paths`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.errors import NotFound, ReflectError


@dataclass(frozen=True)
class Area:
    """One thing a worker can show: its id, title and one line on what it is."""

    id: str
    title: str
    description: str
    packs: tuple[str, ...] = ()
    """Prompt packs whose reflections often show this area: reflect may
    suggest the area for them, never link it."""
    tags: tuple[str, ...] = ()
    """Tags that suggest this area in the same way."""


@dataclass(frozen=True)
class Domain:
    """A group of areas, as the framework groups them."""

    id: str
    title: str
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Framework:
    """A competence framework: what it is, where it comes from, its domains."""

    id: str
    version: int
    title: str
    source: str
    """The framework's title, publisher and date, as a reader would cite it."""
    licence: str
    note: str = ""
    """What the file says about itself: that it is one lens among others,
    and what it leaves out and why."""
    domains: tuple[Domain, ...] = ()

    def areas(self) -> list[tuple[Domain, Area]]:
        """Every area with its domain, in the file's order."""
        return [(d, a) for d in self.domains for a in d.areas]

    def area(self, area_id: str) -> tuple[Domain, Area]:
        """The area with this id (any case), or a refusal naming where to look."""
        wanted = area_id.strip().lower()
        for domain, area in self.areas():
            if area.id.lower() == wanted:
                return domain, area
        raise NotFound(
            f"{self.id} has no area {area_id!r}; see: reflect frameworks show {self.id}"
        )


def split_ref(ref: str) -> tuple[str, str]:
    """'hee-mhpsw-2020:self-care' -> ('hee-mhpsw-2020', 'self-care'), or a
    refusal that shows the shape expected."""
    framework, sep, area = ref.strip().partition(":")
    if not sep or not framework.strip() or not area.strip():
        raise ReflectError(
            f"{ref!r} is not an area; write FRAMEWORK:AREA, such as "
            "hee-mhpsw-2020:self-care (see: reflect frameworks list)"
        )
    return framework.strip(), area.strip()


@dataclass(frozen=True)
class FrameworkLibrary:
    """The frameworks found in every layer (a later layer's file replaces an
    earlier one with the same id), and what was wrong with any file skipped."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def get(self, framework_id: str) -> Framework:
        """The framework with this id, or a refusal listing those there are."""
        found = self.frameworks.get(framework_id.strip())
        if found is None:
            names = ", ".join(sorted(self.frameworks)) or "none"
            raise NotFound(f"no framework called {framework_id!r}; there are: {names}")
        return found


def load_frameworks(layers: Sequence[Path]) -> FrameworkLibrary:
    """Every framework file in `layers`, later layers first in line.
    (Contract stub: the frameworks work fills this in.)"""
    return FrameworkLibrary()


def shipped_dir() -> Path:
    """The frameworks that come with reflect."""
    return Path(__file__).resolve().parent.parent / "frameworks"


def layer_dirs(config_home: Path) -> list[Path]:
    """Where frameworks are read from, first to last: shipped, the
    organisation's, the worker's own `<config>/frameworks/`.
    (Contract stub: the frameworks work fills in the organisation's layer.)"""
    return [shipped_dir(), config_home / "frameworks"]
