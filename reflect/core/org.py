"""An organisation's settings in one plain file (issue 18, item 8).

An organisation hands its peer workers one TOML file: its name, its crisis
and safeguarding contacts, its speak-up route, its supervision defaults,
extra privacy watch-list words, and a folder of its own prompt packs. The
file holds no reflection, only public contacts and wording, so unlike the
worker's settings it may live as plain text in the config folder.

The file is checked the way prompt packs are: every problem is reported at
once, one per line, with its line number, and a key reflect does not know is
a problem too, so a typo ("phnoe") is caught by `reflect org check` rather
than silently ignored on a worker's machine. Installing copies the file and
its packs into one folder, `organisation/` in the config folder (the file as
`organisation.toml`, the packs in `prompts/`); the packs then sit between
reflect's own and the worker's in the prompt layers, but only while the file
still reads (`layer_dirs`). Installs from before kept the file and an
`organisation-prompts` folder at the top of the config folder; those are still
read, and the next install or remove clears them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reflect.core import frameworks
from reflect.core.errors import CannotOpen, ReflectError
from reflect.core.paths import read_ordinary
from reflect.core.store import locks
from reflect.core.supervision import TYPES, Agreement
from reflect.core.templates import (
    MAX_PACK_BYTES,
    ORG_PROMPTS_DIR,
    Problem,
    check_paths,
    parse_toml,
)
from reflect.core.templates import layer_dirs as _template_layers
from reflect.core.text import HIDDEN, text_problem

ORG_DIR = "organisation"
"""The installed organisation's folder inside the config folder: the file and
its packs together, so one rename puts a whole organisation in place."""

ORG_FILE = "organisation.toml"
"""The installed file's name inside `ORG_DIR` (and, for older installs, at
the top of the config folder)."""

ORG_PROMPTS = "prompts"
"""The installed copy of the organisation's packs, inside `ORG_DIR`."""

ORG_FRAMEWORKS = "frameworks"
"""The installed copy of the organisation's competence frameworks, inside
`ORG_DIR`: the middle layer of `core.frameworks`, between reflect's own and
the worker's."""

LEGACY_PROMPTS = ORG_PROMPTS_DIR
"""Where older installs kept the packs, at the top of the config folder."""

#: Names of the folders an install or remove works in. One left behind (the
#: command was killed) is cleared by the next install, remove or show.
_STAGING = ".org-install-"
_REPLACED = ".org-replaced-"
_REMOVING = ".org-removing-"
_LEFTOVERS = (_STAGING, _REPLACED, _REMOVING)

BUSY = (
    "another reflect is installing or removing the organisation's settings; "
    "nothing was changed. Try again when it has finished."
)

MAX_ORG_BYTES = 64 * 1024
"""An organisation file is a page of contacts; anything near this is not one."""
MAX_PACKS = 200
"""More packs than any picker could usefully show."""
MAX_FRAMEWORKS = 20
"""More frameworks than a worker could choose between."""
MAX_WATCH_WORDS = 500
MAX_CRISIS_LINES = 20
EVERY_DAYS = (1, 366)
"""`[supervision] every` is in days, like the worker's own agreement."""

#: The longest each kind of text may be: these appear on small screens, so a
#: paragraph where a phone number belongs is a mistake worth catching.
_SHORT = 120
_LIMITS = {
    "name": _SHORT,
    "phone": 40,
    "text": 80,
    "hours": 200,
    "note": 500,
    "procedure": 2000,
    "contact": 300,
    "type": 40,
    "word": 100,
}
MIN_WORD = 3
"""A watch-list word shorter than this ("a", "is") would flag nearly every
agenda, and a worker shown findings every time learns to wave them through."""
#: Fields that may run over several lines (a TOML multi-line string).
_MULTILINE = frozenset({"note", "procedure"})

_TOP = ("name", "crisis", "safeguarding", "speak_up", "supervision",
        "watch_list", "prompts", "frameworks")  # fmt: skip
_TABLES: dict[str, tuple[str, ...]] = {
    "crisis": ("name", "phone", "text", "hours", "note"),
    "safeguarding": ("procedure", "contact"),
    "speak_up": ("name", "contact"),
    "supervision": ("type", "every"),
}

_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')\s*[.=]""")


@dataclass(frozen=True)
class Line:
    """One way to reach someone: a phone number, a text code, or both."""

    name: str
    phone: str = ""
    text: str = ""
    """What to text and where, in the service's own form: "SHOUT to 85258"."""
    hours: str = ""
    """When it is open, in words; empty means any time."""
    note: str = ""


@dataclass(frozen=True)
class Safeguarding:
    """Where a safeguarding worry goes today: the procedure and who to tell."""

    procedure: str = ""
    contact: str = ""


@dataclass(frozen=True)
class SpeakUp:
    """The organisation's speak-up or whistleblowing route."""

    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Organisation:
    """What an organisation's file says, checked."""

    name: str
    crisis: tuple[Line, ...] = ()
    safeguarding: Safeguarding | None = None
    speak_up: SpeakUp | None = None
    supervision_type: str = ""
    supervision_every: int | None = None
    """Days between supervision sessions, as the organisation sets it."""
    watch_list: tuple[str, ...] = ()
    prompts: Path | None = None
    """The organisation's folder of prompt packs, if it has one."""
    frameworks: Path | None = None
    """The organisation's folder of competence frameworks, if it has one."""
    source: Path | None = None
    """The file this was read from."""

    def pack_files(self) -> list[Path]:
        """The pack files in the organisation's folder (none without one)."""
        if self.prompts is None or not self.prompts.is_dir():
            return []
        return sorted(p for p in self.prompts.glob("*.toml") if p.is_file())

    def framework_files(self) -> list[Path]:
        """The framework files in the organisation's folder (none without one)."""
        if self.frameworks is None or not self.frameworks.is_dir():
            return []
        return sorted(p for p in self.frameworks.glob("*.toml") if p.is_file())

    def as_json(self) -> dict[str, Any]:
        """What `reflect org show --json` prints."""
        return {
            "name": self.name,
            "crisis": [
                {
                    "name": c.name,
                    "phone": c.phone,
                    "text": c.text,
                    "hours": c.hours,
                    "note": c.note,
                }
                for c in self.crisis
            ],  # fmt: skip
            "safeguarding": None
            if self.safeguarding is None
            else {
                "procedure": self.safeguarding.procedure,
                "contact": self.safeguarding.contact,
            },
            "speak_up": None
            if self.speak_up is None
            else {"name": self.speak_up.name, "contact": self.speak_up.contact},
            "supervision": {
                "type": self.supervision_type or None,
                "every_days": self.supervision_every,
            },
            "watch_list": list(self.watch_list),
            "packs": [p.stem for p in self.pack_files()],
            "frameworks": [p.stem for p in self.framework_files()],
            "source": str(self.source) if self.source else None,
        }


class OrgError(ReflectError):
    """Installing or removing could not finish; nothing was changed."""


# ---- reading and checking ------------------------------------------------


def load(path: Path) -> tuple[Organisation | None, list[Problem]]:
    """Read and check one organisation file (not its packs).

    The organisation is returned only when the file has no problems: a
    half-right file would show a worker a crisis line with its number missing.
    """
    try:
        raw = read_ordinary(path, MAX_ORG_BYTES)
    except OSError as exc:
        return None, [Problem(path, f"cannot be read: {exc.strerror or exc}")]
    return _from_bytes(path, raw, path.parent)


def check(path: Path) -> list[Problem]:
    """Every problem with an organisation file and the packs in its folder."""
    organisation, problems = load(path)
    if organisation is not None and organisation.prompts is not None:
        problems.extend(_pack_problems(organisation.prompts))
    if organisation is not None and organisation.frameworks is not None:
        problems.extend(_framework_problems(organisation.frameworks))
    return problems


def _framework_problems(folder: Path) -> list[Problem]:
    files = sorted(folder.glob("*.toml"))
    if len(files) > MAX_FRAMEWORKS:
        return [Problem(folder, f"holds more than {MAX_FRAMEWORKS} frameworks")]
    return frameworks.check_paths(files)


def _pack_problems(folder: Path) -> list[Problem]:
    files = sorted(folder.glob("*.toml"))
    if len(files) > MAX_PACKS:
        return [Problem(folder, f"holds more than {MAX_PACKS} prompt packs")]
    return check_paths(files)


def _from_bytes(
    path: Path,
    raw: bytes,
    base: Path,
    *,
    prompts_at: Path | None = None,
    frameworks_at: Path | None = None,
    strict: bool = True,
) -> tuple[Organisation | None, list[Problem]]:
    """The checks on the file's bytes; `base` is the folder `prompts` is
    relative to. An installed file's packs were copied to a fixed folder,
    `prompts_at`, whatever the original file called its own; its frameworks
    likewise to `frameworks_at`.

    Not `strict` (an installed file, read on every start): unknown keys are
    passed over and the checks on how a number is written are left out.
    Those checks stop a mistake being installed, but an installed file that
    no longer passes them (edited by hand, or a check added in a later
    reflect) must not take the organisation's crisis lines off the support
    page.
    """
    if len(raw) > MAX_ORG_BYTES:
        return None, [Problem(path, "is too large to be an organisation file")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, "is not UTF-8 text")]
    # Notepad starts a UTF-8 file with a byte-order mark; TOML does not allow
    # one, but it is no mistake of the person who saved the file.
    text = text.removeprefix("\ufeff")
    data, problems = parse_toml(path, text)
    if data is None:
        return None, problems
    checker = _Checker(path, text, base, prompts_at, strict, frameworks_at)
    organisation = checker.organisation(data)
    if checker.problems:
        # In the file's order, so a person fixing it can go down it once.
        return None, sorted(checker.problems, key=lambda p: p.line or 0)
    return organisation, []


def _key_lines(text: str) -> dict[tuple[str, int, str], int]:
    """Where each key is: (table, index, key) -> line number.

    The top level is table "", an array table's entries are counted from 0,
    and a table's own header is stored under key "". Lines inside a
    multi-line string are passed over, so a procedure that says
    "name = ..." in its wording is not taken for a key.
    """
    found: dict[tuple[str, int, str], int] = {}
    counts: dict[str, int] = {}
    table, index = "", 0
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if quote is not None:
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        header = _HEADER.match(line)
        if header:
            table = _bare(header.group(2).split(".")[0])
            if header.group(1) == "[[":
                index = counts.get(table, -1) + 1
                counts[table] = index
            else:
                index = 0
            found.setdefault((table, index, ""), number)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((table, index, _bare(key.group(1))), number)
        for opener in ('"""', "'''"):
            if line.count(opener) % 2 == 1:
                quote = opener
                break
    return found


def _bare(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


class _Checker:
    """Collects every problem in the file rather than stopping at the first."""

    def __init__(
        self,
        path: Path,
        text: str,
        base: Path,
        prompts_at: Path | None,
        strict: bool = True,
        frameworks_at: Path | None = None,
    ) -> None:
        self.strict = strict
        self.path = path
        self.base = base
        self.prompts_at = prompts_at
        self.frameworks_at = frameworks_at
        self.lines = _key_lines(text)
        self.problems: list[Problem] = []

    def line(self, table: str, index: int, key: str) -> int | None:
        """The key's line, else its table's header, else none."""
        return self.lines.get((table, index, key)) or self.lines.get((table, index, ""))

    def add(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(self.path, message, line=line))

    def text(
        self,
        data: dict[str, Any],
        key: str,
        where: tuple[str, int],
        label: str,
        *,
        required: bool = False,
    ) -> str:
        """A string field, checked for type, length and control characters."""
        line = self.line(*where, key)
        value = data.get(key)
        if value is None:
            if required:
                self.add(f"{label}'{key}' is missing", line)
            return ""
        if not isinstance(value, str):
            self.add(f"{label}'{key}' must be text in quotes", line)
            return ""
        if not required and not value.strip():
            # One rule for every field: a key that is there says something.
            # An empty one would show a worker a heading with nothing under it.
            self.add(f"{label}'{key}' is empty; fill it in or leave the line out", line)
            return ""
        return self.words(value, key, label, line, required=required)

    def words(
        self,
        value: str,
        kind: str,
        label: str,
        line: int | None,
        *,
        required: bool = True,
        shown_as: str | None = None,
    ) -> str:
        name = shown_as or f"'{kind}'"
        value, problem = text_problem(
            value, limit=_LIMITS[kind], multiline=kind in _MULTILINE, required=required
        )
        if problem:
            self.add(f"{label}{name} {problem}", line)
            return ""
        return value

    def unknown(self, data: dict[str, Any], known: Iterable[str], table: str,
                index: int, label: str) -> None:  # fmt: skip
        if not self.strict:
            # An installed file was checked when it went in; a key added by
            # hand since, or one a later reflect knows, is passed over rather
            # than taking the organisation's lines off the support page.
            return
        for extra in sorted(set(data) - set(known)):
            where = self.line(table, index, extra)
            if table and extra in _TOP:
                self.add(
                    f"{label}'{extra}' belongs at the top of the file, before "
                    "the first [table]",
                    where,
                )
                continue
            self.add(f"{label}unknown key '{extra}' (known: {', '.join(known)})", where)

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add(f"'{key}' must be a table: [{key}]", self.line("", 0, key))
            return None
        return value

    def organisation(self, data: dict[str, Any]) -> Organisation | None:
        top = ("", 0)
        name = self.text(data, "name", top, "", required=True)
        crisis = self.crisis(data.get("crisis"))
        safeguarding = self.safeguarding(self.table(data, "safeguarding"))
        speak_up = self.speak_up(self.table(data, "speak_up"))
        kind, every = self.supervision(self.table(data, "supervision"))
        watch = self.watch_list(data.get("watch_list"))
        prompts = self.prompts(data.get("prompts"))
        framework_folder = self.folder(
            "frameworks", data.get("frameworks"), self.frameworks_at
        )
        self.unknown(data, _TOP, "", 0, "")
        if self.problems:
            return None
        return Organisation(
            name=name,
            crisis=crisis,
            safeguarding=safeguarding,
            speak_up=speak_up,
            supervision_type=kind,
            supervision_every=every,
            watch_list=watch,
            prompts=prompts,
            frameworks=framework_folder,
            source=self.path,
        )

    def crisis(self, raw: Any) -> tuple[Line, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            self.add(
                "'crisis' must be [[crisis]] tables, one for each line",
                self.line("", 0, "crisis"),
            )
            return ()
        if len(raw) > MAX_CRISIS_LINES:
            self.add(
                f"there are more than {MAX_CRISIS_LINES} [[crisis]] lines",
                self.line("crisis", 0, ""),
            )
            return ()
        lines: list[Line] = []
        for index, item in enumerate(raw):
            where = ("crisis", index)
            label = f"[[crisis]] {index + 1}: "
            before = len(self.problems)
            name = self.text(item, "name", where, label, required=True)
            phone = self.text(item, "phone", where, label)
            text = self.text(item, "text", where, label)
            hours = self.text(item, "hours", where, label)
            note = self.text(item, "note", where, label)
            if not phone and not text and len(self.problems) == before:
                self.add(
                    f"{label}give a 'phone' number or a 'text' code (or both)",
                    self.line(*where, ""),
                )
            if self.strict and phone and not _PHONE.fullmatch(phone):
                # A crisis number with a letter O for a zero reaches nobody.
                self.add(
                    f"{label}'phone' must be a number: digits, spaces and "
                    f"+ ( ) - only ({phone!r})",
                    self.line(*where, "phone"),
                )
            if self.strict and text and not _TEXT_CODE.search(text):
                self.add(
                    f"{label}'text' must say what to send and where, with the "
                    f'number: "SHOUT to 85258" ({text!r})',
                    self.line(*where, "text"),
                )
            self.unknown(item, _TABLES["crisis"], *where, label)
            lines.append(Line(name, phone, text, hours, note))
        return tuple(lines)

    def safeguarding(self, raw: dict[str, Any] | None) -> Safeguarding | None:
        if raw is None:
            return None
        where = ("safeguarding", 0)
        label = "[safeguarding]: "
        procedure = self.text(raw, "procedure", where, label)
        contact = self.text(raw, "contact", where, label)
        if "procedure" not in raw and "contact" not in raw:
            self.add(
                f"{label}give a 'procedure', a 'contact' or both",
                self.line(*where, ""),
            )
        self.unknown(raw, _TABLES["safeguarding"], *where, label)
        return Safeguarding(procedure, contact)

    def speak_up(self, raw: dict[str, Any] | None) -> SpeakUp | None:
        if raw is None:
            return None
        where = ("speak_up", 0)
        label = "[speak_up]: "
        name = self.text(raw, "name", where, label, required=True)
        contact = self.text(raw, "contact", where, label)
        self.unknown(raw, _TABLES["speak_up"], *where, label)
        return SpeakUp(name, contact)

    def supervision(self, raw: dict[str, Any] | None) -> tuple[str, int | None]:
        if raw is None:
            return "", None
        where = ("supervision", 0)
        label = "[supervision]: "
        kind = self.text(raw, "type", where, label)
        if kind and kind not in TYPES:
            self.add(
                f"{label}'type' must be one of: {', '.join(TYPES)}",
                self.line(*where, "type"),
            )
            kind = ""
        every = raw.get("every")
        low, high = EVERY_DAYS
        if every is not None and not (
            isinstance(every, int)
            and not isinstance(every, bool)
            and low <= every <= high
        ):
            self.add(
                f"{label}'every' must be a whole number of days, {low} to {high}",
                self.line(*where, "every"),
            )
            every = None
        self.unknown(raw, _TABLES["supervision"], *where, label)
        return kind, every

    def watch_list(self, raw: Any) -> tuple[str, ...]:
        if raw is None:
            return ()
        line = self.line("", 0, "watch_list")
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            self.add("'watch_list' must be a list of words in quotes", line)
            return ()
        if len(raw) > MAX_WATCH_WORDS:
            self.add(f"'watch_list' holds more than {MAX_WATCH_WORDS} words", line)
            return ()
        words: list[str] = []
        too_short: list[str] = []
        for n, word in enumerate(raw, 1):
            checked = self.words(
                word, "word", "", line, shown_as=f"watch_list word {n}"
            )
            if checked and (
                len(checked) < MIN_WORD or not any(c.isalpha() for c in checked)
            ):
                too_short.append(checked)
            elif checked and checked not in words:
                words.append(checked)
        if too_short:
            listed = ", ".join(f"'{w}'" for w in too_short)
            self.add(
                f"'watch_list' words need at least {MIN_WORD} characters and a "
                f"letter, or they flag almost everything: {listed}",
                line,
            )
        return tuple(words)

    def prompts(self, raw: Any) -> Path | None:
        """The packs folder: relative to the file and inside its folder."""
        return self.folder("prompts", raw, self.prompts_at)

    def folder(self, key: str, raw: Any, installed_at: Path | None) -> Path | None:
        """A folder the file names (`prompts`, `frameworks`): relative to
        the file and inside its folder.

        An organisation hands out the file and its folders together, so an
        absolute path or one climbing out with `..` would not travel with it
        (and would read some other folder on the worker's machine). Once
        installed, the folder was copied to a fixed place, `installed_at`.
        """
        if raw is None:
            return None
        line = self.line("", 0, key)
        if not isinstance(raw, str) or not raw.strip():
            self.add(f"'{key}' must be a folder name in quotes", line)
            return None
        if HIDDEN.search(raw) or len(raw) > _SHORT:
            self.add(f"'{key}' is not a folder name reflect can use", line)
            return None
        relative = PurePosixPath(raw.strip().replace("\\", "/"))
        if not relative.parts or relative.parts == (".",):
            self.add(f"'{key}' must name a folder beside the file", line)
            return None
        if relative.is_absolute() or ".." in relative.parts or raw.strip()[1:2] == ":":
            self.add(
                f"'{key}' must be a folder beside the file (no '..', not a full path)",
                line,
            )
            return None
        if installed_at is not None:
            return installed_at if installed_at.is_dir() else None
        folder = self.base / Path(*relative.parts)
        if not folder.is_dir():
            self.add(f"'{key}' names a folder that is not there: {folder}", line)
            return None
        return folder


# ---- installed -----------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where an installed organisation's file and packs are."""

    file: Path
    prompts: Path
    frameworks: Path | None = None
    """None for the layout of older installs, which had no frameworks."""


def _place(config_home: Path) -> _Place | None:
    """The installed organisation's file and packs, or None.

    `organisation/` is it. An install killed between moving the old folder
    aside and moving the new one in leaves only the old one, whole, under
    `.org-replaced-*`: that is still the organisation until the next command
    puts it back. Failing both, the layout of older installs.
    """
    folder = config_home / ORG_DIR
    if os.path.lexists(folder):
        return _Place(folder / ORG_FILE, folder / ORG_PROMPTS, folder / ORG_FRAMEWORKS)
    for aside in sorted(config_home.glob(f"{_REPLACED}*")):
        if aside.is_dir() and not aside.is_symlink():
            return _Place(aside / ORG_FILE, aside / ORG_PROMPTS, aside / ORG_FRAMEWORKS)
    legacy = config_home / ORG_FILE
    if os.path.lexists(legacy):
        return _Place(legacy, config_home / LEGACY_PROMPTS)
    return None


def present(config_home: Path) -> bool:
    """Whether anything of an organisation is installed, even a broken one or
    the packs an older, interrupted remove left behind."""
    return _place(config_home) is not None or os.path.lexists(
        config_home / LEGACY_PROMPTS
    )


def read_installed(config_home: Path) -> tuple[Organisation | None, list[Problem]]:
    """The installed organisation, or None with the problems if it has broken.

    An installed file was checked when it was installed, but it is a plain
    file a worker (or an update) may have edited since: then the problems
    come back so the caller can say one calm line, and reflect carries on
    as if there were no organisation.
    """
    place = _place(config_home)
    if place is None:
        return None, []
    try:
        raw = read_ordinary(place.file, MAX_ORG_BYTES)
    except OSError as exc:
        return None, [Problem(place.file, f"cannot be read: {exc.strerror or exc}")]
    # Its packs were copied beside it under a fixed name, whatever the
    # original file called its folder.
    return _from_bytes(
        place.file,
        raw,
        place.file.parent,
        prompts_at=place.prompts,
        # An older install copied no frameworks: a path that is not there
        # reads as "none", never as the folder named in the original file.
        frameworks_at=place.frameworks or place.file.parent / ORG_FRAMEWORKS,
        strict=False,
    )


def installed(config_home: Path) -> Organisation | None:
    """The organisation file installed in `config_home`, or None when there is
    none or it can no longer be read (see `read_installed` for why)."""
    return read_installed(config_home)[0]


def layer_dirs(
    config_home: Path, extra: Path | None, organisation: Organisation | None
) -> list[Path]:
    """The prompt folders to read, with `organisation`'s packs only.

    Pass the installed organisation as read (`installed`, or the caller's
    own reading of it): when its file has broken that is None, and its packs
    are left out with it, so a worker never meets packs from a file reflect
    says it is carrying on without.
    """
    packs = organisation.prompts if organisation is not None else None
    return _template_layers(config_home, extra, organisation=packs)


def framework_layers(
    config_home: Path, organisation: Organisation | None
) -> list[Path]:
    """The framework folders to read, with `organisation`'s only while its
    file reads (pass it as read, as for `layer_dirs`)."""
    folder = organisation.frameworks if organisation is not None else None
    return frameworks.layer_dirs(config_home, organisation=folder)


def broken_words(problems: Sequence[Problem]) -> str:
    """One calm line for an installed file that no longer reads."""
    first = problems[0] if problems else None
    where = f" (line {first.line})" if first and first.line else ""
    return (
        f"your organisation's settings file has a problem{where}, so reflect "
        "is carrying on without it; see: reflect org show"
    )


def line_words(line: Line) -> str:
    """A line on one line of text: name, number, text code, hours."""
    ways = [line.phone] if line.phone else []
    if line.text:
        ways.append(f"text {line.text}")
    hours = f" ({line.hours})" if line.hours else ""
    return f"{line.name}: {'; '.join(ways)}{hours}"


def describe(organisation: Organisation) -> list[str]:
    """What the organisation's file sets, in words a worker reads: one line
    for each line, route and default, with a crisis line's note and the
    safeguarding procedure indented under their own.

    The one wording for `reflect org show` and the settings screen, so the
    two never tell a worker different things about the same file.
    """
    out: list[str] = []
    for line in organisation.crisis:
        out.append(f"Line: {line_words(line)}")
        if line.note:
            out.append(f"  {line.note}")
    safeguarding = organisation.safeguarding
    if safeguarding is not None:
        contact = f": {safeguarding.contact}" if safeguarding.contact else ""
        out.append(f"Safeguarding{contact}")
        out += [f"  {text}" for text in safeguarding.procedure.splitlines() if text]
    if organisation.speak_up is not None:
        contact = organisation.speak_up.contact
        out.append(
            f"Speaking up: {organisation.speak_up.name}"
            + (f", {contact}" if contact else "")
        )
    suggested = supervision_words(organisation)
    if suggested:
        out.append(f"Supervision: {suggested} A new agreement starts from this.")
    if organisation.watch_list:
        n = len(organisation.watch_list)
        out.append(f"Watch list: {n} word{'s' if n != 1 else ''} added to yours.")
    packs = [p.stem for p in organisation.pack_files()]
    if packs:
        out.append(
            f"Prompt packs: {len(packs)} in the picker ({', '.join(packs)}); a "
            "pack of yours with the same id comes first."
        )
    own = [p.stem for p in organisation.framework_files()]
    if own:
        out.append(
            f"Competence frameworks: {', '.join(own)}; a framework of yours "
            "with the same id comes first."
        )
    return out


def prompts_folder(config_home: Path) -> Path:
    """Where an installed organisation's packs are kept."""
    place = _place(config_home)
    return place.prompts if place else config_home / ORG_DIR / ORG_PROMPTS


# ---- installing and removing ---------------------------------------------


def _lock(config_home: Path) -> int | None:
    """Hold the organisation alone while it changes.

    The same lock files the journal uses (`store.locks`), on a name of the
    organisation's own, so two installs (or an install and a remove) take
    turns and each leaves a whole organisation, never one's file with the
    other's packs.
    """
    try:
        return locks.take_exclusive(config_home / ORG_DIR)
    except CannotOpen:
        raise OrgError(
            f"{locks.lock_path(config_home / ORG_DIR)} is not the plain file "
            "reflect keeps in its config folder (it may be a link or a folder); "
            "move it out of the way and try again. Nothing was changed."
        ) from None
    except ReflectError:
        raise OrgError(BUSY) from None


def _discard(path: Path) -> None:
    """Remove a file, link or folder, whichever `path` has become."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sweep(config_home: Path) -> None:
    """Finish what a killed install or remove left (holding the lock).

    An organisation moved aside and never replaced goes back; every other
    working folder goes; and once `organisation/` is there, the files of an
    older install's layout go too.
    """
    target = config_home / ORG_DIR
    asides = sorted(config_home.glob(f"{_REPLACED}*"))
    if not os.path.lexists(target):
        for aside in asides:
            if aside.is_dir() and not aside.is_symlink():
                os.replace(aside, target)
                break
    for prefix in _LEFTOVERS:
        for leftover in config_home.glob(f"{prefix}*"):
            _discard(leftover)
    if os.path.lexists(target):
        _discard_legacy(config_home)


def _discard_legacy(config_home: Path) -> None:
    # The file first: packs without a file that reads are never used.
    _discard(config_home / ORG_FILE)
    _discard(config_home / LEGACY_PROMPTS)


def tidy(config_home: Path) -> None:
    """Clear what a killed install or remove left, if no other reflect is
    changing the organisation right now (never waits, never fails)."""
    if not _untidy(config_home):
        return  # nothing to do, so no lock file made by a command that reads
    try:
        fd = locks.try_exclusive(config_home / ORG_DIR)
    except (ReflectError, OSError):
        return
    if fd is None and locks.AVAILABLE:
        return
    try:
        _sweep(config_home)
    except OSError:
        pass  # tidying is a courtesy; the next command tries again
    finally:
        locks.release(fd)


def _untidy(config_home: Path) -> bool:
    """Whether `_sweep` has anything to do."""
    if not config_home.is_dir():
        return False
    if any(any(config_home.glob(f"{prefix}*")) for prefix in _LEFTOVERS):
        return True
    return os.path.lexists(config_home / ORG_DIR) and (
        os.path.lexists(config_home / ORG_FILE)
        or os.path.lexists(config_home / LEGACY_PROMPTS)
    )


def install(
    source: Path, config_home: Path
) -> tuple[Organisation | None, list[Problem]]:
    """Check `source` and its packs, then copy both into `config_home`.

    Nothing is changed unless everything checks: the file's bytes are read
    once and those same bytes are written, and the packs are copied and
    checked in a staging folder that holds the file too. Holding the lock,
    that folder then becomes `organisation/` by one rename (the old folder
    moved aside just before, and back if the rename fails), so whenever
    reflect is stopped the organisation is the old one whole or the new one
    whole. An existing organisation is replaced; the caller asks first.
    """
    try:
        raw = read_ordinary(source, MAX_ORG_BYTES)
    except OSError as exc:
        return None, [Problem(source, f"cannot be read: {exc.strerror or exc}")]
    organisation, problems = _from_bytes(source, raw, source.parent)
    if organisation is None:
        return None, problems
    try:
        config_home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed("installed", exc) from None
    fd = _lock(config_home)
    try:
        return _install_held(organisation, raw, config_home)
    finally:
        locks.release(fd)


def _install_held(
    organisation: Organisation, raw: bytes, config_home: Path
) -> tuple[Organisation | None, list[Problem]]:
    staging: Path | None = None
    try:
        _sweep(config_home)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=config_home))
        packs = staging / ORG_PROMPTS
        packs.mkdir(mode=0o700)
        if organisation.prompts is not None:
            problems = _copy_packs(organisation.prompts, packs)
            if problems:
                return None, problems
        if organisation.frameworks is not None:
            into = staging / ORG_FRAMEWORKS
            into.mkdir(mode=0o700)
            problems = _copy_frameworks(organisation.frameworks, into)
            if problems:
                return None, problems
        _write_private(staging / ORG_FILE, raw)
        _swap_in(staging, config_home)
        staging = None
    except OSError as exc:
        raise _failed("installed", exc) from None
    finally:
        if staging is not None:
            _discard(staging)
    result, _ = read_installed(config_home)
    if result is None:  # the copy reads back differently: never expected
        raise OrgError("the organisation file could not be read back after copying")
    return result, []


def _failed(what: str, exc: OSError) -> OrgError:
    """A calm line that names no working folder: those are reflect's own
    business, and gone by the time anyone could look."""
    return OrgError(
        f"the organisation's settings could not be {what} "
        f"({exc.strerror or 'a file could not be written'}); nothing was changed"
    )


_PHONE = re.compile(r"\+?[0-9 ()-]*[0-9][0-9 ()-]*")
"""A phone number as people write one: 116 123, 0808 164 0123, +44 (0)20..."""
_TEXT_CODE = re.compile(r"[0-9]{3,}")
"""A text code names the number to send it to (SHOUT to 85258)."""


def _write_private(path: Path, data: bytes) -> None:
    """A new file readable only by the worker, from its first byte, as every
    file reflect writes is: the file names the worker's employer and role."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _copy_packs(folder: Path, into: Path) -> list[Problem]:
    """Copy each pack file's bytes (read once) and check the copies."""
    files = sorted(p for p in folder.glob("*.toml"))
    if len(files) > MAX_PACKS:
        return [Problem(folder, f"holds more than {MAX_PACKS} prompt packs")]
    problems: list[Problem] = []
    for path in files:
        try:
            data = read_ordinary(path, MAX_PACK_BYTES)
        except OSError as exc:
            problems.append(Problem(path, f"cannot be read: {exc.strerror or exc}"))
            continue
        _write_private(into / path.name, data)
    found = check_paths([into])
    # Name the organisation's own files, not the staging copies.
    problems.extend(
        Problem(folder / p.path.name, p.message, p.step, p.line) for p in found
    )
    return problems


def _copy_frameworks(folder: Path, into: Path) -> list[Problem]:
    """Copy each framework file's bytes (read once) and check the copies."""
    files = sorted(p for p in folder.glob("*.toml"))
    if len(files) > MAX_FRAMEWORKS:
        return [Problem(folder, f"holds more than {MAX_FRAMEWORKS} frameworks")]
    problems: list[Problem] = []
    for path in files:
        try:
            data = read_ordinary(path, frameworks.MAX_FRAMEWORK_BYTES)
        except OSError as exc:
            problems.append(Problem(path, f"cannot be read: {exc.strerror or exc}"))
            continue
        _write_private(into / path.name, data)
    found = frameworks.check_paths([into])
    problems.extend(
        Problem(folder / p.path.name, p.message, p.step, p.line) for p in found
    )
    return problems


def _swap_in(staging: Path, config_home: Path) -> None:
    """Put the staged folder in place of `organisation/`.

    A folder cannot be renamed over a folder that has things in it, so the
    old one is moved aside first (readers still find it there, see `_place`)
    and the staged one renamed in: that rename is the moment the new
    organisation counts. Only then is the old one, and any older layout,
    cleared.
    """
    target = config_home / ORG_DIR
    aside: Path | None = None
    if os.path.lexists(target):
        aside = config_home / f"{_REPLACED}{uuid.uuid4().hex[:12]}"
        os.replace(target, aside)
    try:
        os.replace(staging, target)
    except OSError:
        if aside is not None:
            os.replace(aside, target)
        raise
    if aside is not None:
        _discard(aside)
    _discard_legacy(config_home)


def remove(config_home: Path) -> bool:
    """Remove the installed organisation (file and packs); False when there
    was none.

    `organisation/` is renamed out of the way in one step, then cleared, so
    an interruption leaves either the organisation whole or none of it, and
    the next command clears the rest. The older layout goes file first:
    packs whose file is gone are never used.
    """
    if not config_home.is_dir():
        return False
    fd = _lock(config_home)
    try:
        _sweep(config_home)
        existed = present(config_home)
        target = config_home / ORG_DIR
        if os.path.lexists(target):
            aside = config_home / f"{_REMOVING}{uuid.uuid4().hex[:12]}"
            os.replace(target, aside)
            _discard(aside)
        _discard_legacy(config_home)
    except OSError as exc:
        raise _failed("removed", exc) from None
    finally:
        locks.release(fd)
    return existed


# ---- what the rest of reflect takes from it ------------------------------


def watch_words(
    own: Sequence[str], organisation: Organisation | None
) -> tuple[str, ...]:
    """The worker's watch list with the organisation's words added.

    The organisation can only add words: a worker's list holds the names of
    people they support, and nothing an organisation sets takes one away.
    """
    if organisation is None or not organisation.watch_list:
        return tuple(own)
    seen = {w.casefold() for w in own}
    extra = tuple(w for w in organisation.watch_list if w.casefold() not in seen)
    return (*own, *extra)


def new_agreement(organisation: Organisation | None) -> Agreement:
    """A fresh supervision agreement: reflect's defaults, or the
    organisation's type and frequency where it sets them. An agreement the
    worker has saved keeps its own values."""
    agreement = Agreement()
    if organisation is None:
        return agreement
    return Agreement(
        type=organisation.supervision_type or agreement.type,
        every_days=organisation.supervision_every or agreement.every_days,
    )


def supervision_words(organisation: Organisation | None) -> str:
    """The organisation's supervision defaults in a sentence, or "" if none."""
    if organisation is None:
        return ""
    parts = []
    if organisation.supervision_type:
        parts.append(f"{organisation.supervision_type} supervision")
    if organisation.supervision_every:
        parts.append(f"every {organisation.supervision_every} days")
    if not parts:
        return ""
    return f"{organisation.name} suggests {', '.join(parts)}."
