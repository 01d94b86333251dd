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

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect.core.errors import NotFound, ReflectError
from reflect.core.paths import read_ordinary
from reflect.core.templates import Problem, parse_toml
from reflect.core.text import text_problem, visible


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

    def as_json(self) -> dict[str, Any]:
        """What `reflect frameworks show --json` prints: every area with the
        `FRAMEWORK:AREA` ref that `reflect link` takes."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "source": self.source,
            "licence": self.licence,
            "note": self.note,
            "domains": [
                {
                    "id": d.id,
                    "title": d.title,
                    "areas": [
                        {
                            "id": a.id,
                            "ref": f"{self.id}:{a.id}",
                            "title": a.title,
                            "description": a.description,
                            "packs": list(a.packs),
                            "tags": list(a.tags),
                        }
                        for a in d.areas
                    ],
                }
                for d in self.domains
            ],
        }

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
    """One line per problem, each naming the file and, where it can, the
    line: the file is left out, the rest of the library still works."""
    sources: dict[str, Path] = field(default_factory=dict)
    """The file each framework was read from (its layer shows in the path)."""

    def get(self, framework_id: str) -> Framework:
        """The framework with this id, or a refusal listing those there are."""
        found = self.frameworks.get(framework_id.strip())
        if found is None:
            names = ", ".join(sorted(self.frameworks)) or "none"
            raise NotFound(f"no framework called {framework_id!r}; there are: {names}")
        return found


def load_frameworks(layers: Sequence[Path]) -> FrameworkLibrary:
    """Every framework file in `layers`, read first to last: a later
    layer's framework replaces an earlier one with the same id, so an
    organisation or a worker can put their own version in place of the
    shipped one. A file with a problem is left out and its problems kept,
    one line each, for the app and the CLI to mention calmly."""
    found: dict[str, Framework] = {}
    sources: dict[str, Path] = {}
    problems: list[Problem] = []
    for folder in layers:
        if not folder.is_dir():
            continue
        in_layer: dict[str, Path] = {}
        for path in _files(folder):
            framework, wrong = load_framework(path)
            problems.extend(wrong)
            if framework is None:
                continue
            if framework.id in in_layer:
                problems.append(
                    Problem(
                        path,
                        f"id '{framework.id}' is also used by "
                        f"{in_layer[framework.id]}; that one is kept",
                    )
                )
                continue
            in_layer[framework.id] = path
            found[framework.id] = framework
            sources[framework.id] = path
    return FrameworkLibrary(found, tuple(str(p) for p in problems), sources)


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """Every problem in the files given (or every .toml in folders given),
    in order, with two files sharing an id as a problem too: what
    `reflect frameworks check` prints before an organisation hands a file
    out or a worker drops one in."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for given in paths:
        for path in _files(given) if given.is_dir() else [given]:
            framework, wrong = load_framework(path)
            problems.extend(wrong)
            if framework is None:
                continue
            if framework.id in seen:
                problems.append(
                    Problem(
                        path,
                        f"id '{framework.id}' is also used by {seen[framework.id]}",
                    )
                )
            else:
                seen[framework.id] = path
    return problems


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))


def load_framework(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Read and check one file. The framework comes back only when there is
    nothing wrong with it: a half-read framework would show a worker areas
    with no words, or lose links to areas that were only misspelt."""
    try:
        raw = read_ordinary(path, MAX_FRAMEWORK_BYTES)
    except OSError as exc:
        return None, [Problem(path, f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > MAX_FRAMEWORK_BYTES:
        return None, [Problem(path, "is too large to be a competence framework")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, "is not UTF-8 text")]
    text = text.removeprefix("\ufeff")  # a byte-order mark from Notepad
    data, problems = parse_toml(path, text)
    if data is None:
        return None, problems
    checker = _Checker(path, text)
    framework = checker.framework(data)
    if checker.problems:
        return None, sorted(checker.problems, key=lambda p: p.line or 0)
    return framework, []


def skipped_words(problems: Sequence[str]) -> str:
    """One calm line for framework files left out, however many problems
    they have: the first, and where to see the rest."""
    if not problems:
        return ""
    more = len(problems) - 1
    rest = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    # A file's name is whatever was typed or handed over: shown as marks.
    return (
        f"A framework file was left out: {visible(problems[0])}{rest}. "
        "See: reflect frameworks check"
    )


def shipped_library() -> FrameworkLibrary:
    """Only the frameworks that come with reflect: what an app built without
    the CLI's library uses (every test's app). Read once per process, as the
    files cannot change under an installed reflect; each caller gets its own
    dictionaries over the same frozen frameworks."""
    found = _shipped_once()
    return FrameworkLibrary(dict(found.frameworks), found.problems, dict(found.sources))


@functools.cache
def _shipped_once() -> FrameworkLibrary:
    return load_frameworks([shipped_dir()])


def shipped_dir() -> Path:
    """The frameworks that come with reflect."""
    return Path(__file__).resolve().parent.parent / "frameworks"


def layer_dirs(config_home: Path, *, organisation: Path | None = None) -> list[Path]:
    """Where frameworks are read from, first to last: shipped, the
    organisation's (`organisation`, given by `core.org.framework_layers`
    only while its file reads), the worker's own `<config>/frameworks/`."""
    return [
        shipped_dir(),
        *([organisation] if organisation is not None else []),
        config_home / "frameworks",
    ]


# ---- checking one file ---------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def framework_id_ok(text: str) -> bool:
    """Whether `text` could be a framework's or an area's id (what a link
    names them by): anything else came from somewhere other than reflect."""
    return _ID.fullmatch(text) is not None


MAX_FRAMEWORK_BYTES = 256 * 1024
"""A framework is a few pages of one-line summaries; far more is not one."""
MAX_VERSION = 1_000_000
MAX_DOMAINS = 40
MAX_AREAS = 400
"""Across the whole framework: more than any portfolio screen could show."""
MAX_LINKS = 40
"""Packs or tags on one area."""
#: The longest each text may be: shown on small screens and in exports.
_LIMITS = {
    "id": 60,
    "title": 120,
    "description": 300,
    "source": 300,
    "licence": 300,
    "note": 2000,
}
_MULTILINE = frozenset({"note"})
_TOP = ("id", "version", "title", "source", "licence", "note", "domains")
_DOMAIN = ("id", "title", "areas")
_AREA = ("id", "title", "description", "packs", "tags")

_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')\s*[.=]""")

#: Where a key sits: (domain index or -1 for the top, area index or -1 for
#: the domain itself, key or "" for the table's header).
_Where = tuple[int, int, str]


def _key_lines(text: str) -> dict[_Where, int]:
    """Line numbers of the keys and table headers, so that each problem can
    say where to look. Lines inside a multi-line string (the note) are
    passed over, so a note that says "id = ..." is not taken for a key."""
    found: dict[_Where, int] = {}
    domain, area = -1, -1
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if quote is not None:
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(1).replace(" ", "").replace('"', "").replace("'", "")
            if name == "domains":
                domain, area = domain + 1, -1
            elif name == "domains.areas":
                area += 1
            found.setdefault((domain, area, ""), number)
            continue
        if _TABLE.match(line):
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((domain, area, key.group(1).strip("\"'")), number)
        for opener in ('"""', "'''"):
            if line.count(opener) % 2 == 1:
                quote = opener
                break
    return found


class _Checker:
    """Collects every problem in one file rather than stopping at the first,
    so that a person fixing it can go down the list once."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _key_lines(text)
        self.problems: list[Problem] = []
        self.area_ids: dict[str, int | None] = {}

    def line(self, where: tuple[int, int], key: str) -> int | None:
        """The key's line, else its table's header, else none."""
        return self.lines.get((*where, key)) or self.lines.get((*where, ""))

    def add(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(self.path, message, line=line))

    def text(
        self,
        data: dict[str, Any],
        key: str,
        where: tuple[int, int],
        label: str,
        *,
        required: bool = True,
    ) -> str:
        line = self.line(where, key)
        value = data.get(key)
        if value is None:
            if required:
                self.add(f"{label}'{key}' is missing", line)
            return ""
        if not isinstance(value, str):
            self.add(f"{label}'{key}' must be text in quotes", line)
            return ""
        value, problem = text_problem(
            value, limit=_LIMITS[key], multiline=key in _MULTILINE
        )
        if problem:
            self.add(f"{label}'{key}' {problem}", line)
            return ""
        if key in _MULTILINE:
            # Paragraphs kept, each paragraph's own line breaks joined.
            return "\n\n".join(
                " ".join(part.split()) for part in value.split("\n\n") if part.strip()
            )
        return value

    def ident(self, data: dict[str, Any], where: tuple[int, int], label: str) -> str:
        found = self.text(data, "id", where, label)
        if found and not _ID.match(found):
            self.add(
                f"{label}id '{found}' may only use lower-case letters, digits "
                "and dashes",
                self.line(where, "id"),
            )
            return ""
        return found

    def unknown(
        self, data: dict[str, Any], known: Sequence[str], where: tuple[int, int],
        label: str,
    ) -> None:  # fmt: skip
        for extra in sorted(set(data) - set(known), key=str):
            self.add(f"{label}unknown field '{extra}'", self.line(where, extra))

    def framework(self, data: dict[str, Any]) -> Framework | None:
        top = (-1, -1)
        framework_id = self.ident(data, top, "")
        version = data.get("version")
        if version is None:
            self.add("'version' is missing", None)
        elif (
            not isinstance(version, int)
            or isinstance(version, bool)
            or not 1 <= version <= MAX_VERSION
        ):
            self.add(
                f"'version' must be a whole number from 1 to {MAX_VERSION:,}",
                self.line(top, "version"),
            )
        title = self.text(data, "title", top, "")
        source = self.text(data, "source", top, "")
        licence = self.text(data, "licence", top, "")
        note = self.text(data, "note", top, "", required=False)
        self.unknown(data, _TOP, top, "")
        domains = self.domains(data.get("domains"))
        if self.problems:
            return None
        return Framework(
            id=framework_id,
            version=int(version),  # type: ignore[arg-type]
            title=title,
            source=source,
            licence=licence,
            note=note,
            domains=tuple(domains),
        )

    def domains(self, raw: Any) -> list[Domain]:
        if raw is None:
            self.add("there are no [[domains]]", None)
            return []
        if not isinstance(raw, list) or not raw:
            self.add(
                "'domains' must be a list of [[domains]] tables",
                self.line((-1, -1), "domains"),
            )
            return []
        if len(raw) > MAX_DOMAINS:
            self.add(f"has more than {MAX_DOMAINS} domains", None)
            return []
        domains: list[Domain] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            where = (index, -1)
            label = f"domain {index + 1}: "
            if not isinstance(item, dict):
                self.add(f"domain {index + 1} is not a table", self.line(where, ""))
                continue
            domain_id = self.ident(item, where, label)
            if domain_id:
                label = f"domain '{domain_id}': "
                if domain_id in seen:
                    self.add(
                        f"{label}this domain id is used twice", self.line(where, "id")
                    )
                seen.add(domain_id)
            title = self.text(item, "title", where, label)
            self.unknown(item, _DOMAIN, where, label)
            areas = self.areas(item.get("areas"), index, label)
            domains.append(Domain(domain_id, title, tuple(areas)))
        return domains

    def areas(self, raw: Any, domain: int, label: str) -> list[Area]:
        where = (domain, -1)
        if raw is None:
            self.add(f"{label}has no [[domains.areas]]", self.line(where, ""))
            return []
        if not isinstance(raw, list) or not raw:
            self.add(
                f"{label}'areas' must be a list of [[domains.areas]] tables",
                self.line(where, "areas"),
            )
            return []
        areas: list[Area] = []
        for index, item in enumerate(raw):
            at = (domain, index)
            if not isinstance(item, dict):
                self.add(f"{label}area {index + 1} is not a table", self.line(at, ""))
                continue
            if len(self.area_ids) >= MAX_AREAS:
                self.add(f"has more than {MAX_AREAS} areas", self.line(at, ""))
                return areas
            area = self.area(item, at, f"{label}area {index + 1}: ")
            if area is not None:
                areas.append(area)
        return areas

    def area(
        self, item: dict[str, Any], at: tuple[int, int], label: str
    ) -> Area | None:
        area_id = self.ident(item, at, label)
        if area_id:
            label = f"area '{area_id}': "
            if area_id in self.area_ids:
                # Areas are named FRAMEWORK:AREA, so one id means one area
                # across the whole framework, whichever domain it sits in.
                first = self.area_ids[area_id]
                also = f" (first at line {first})" if first else ""
                self.add(
                    f"{label}this area id is used twice{also}", self.line(at, "id")
                )
            else:
                self.area_ids[area_id] = self.line(at, "id")
        title = self.text(item, "title", at, label)
        description = self.text(item, "description", at, label)
        packs = self.words(item, "packs", at, label)
        tags = self.words(item, "tags", at, label)
        self.unknown(item, _AREA, at, label)
        return Area(area_id, title, description, packs, tags)

    def words(
        self, item: dict[str, Any], key: str, at: tuple[int, int], label: str
    ) -> tuple[str, ...]:
        value = item.get(key, [])
        if (
            not isinstance(value, list)
            or len(value) > MAX_LINKS
            or not all(isinstance(v, str) and _ID.match(v) for v in value)
        ):
            self.add(
                f"{label}'{key}' must be a list of at most {MAX_LINKS} ids in "
                "lower-case letters, digits and dashes",
                self.line(at, key),
            )
            return ()
        return tuple(dict.fromkeys(value))
