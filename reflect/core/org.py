"""An organisation's settings in one plain file (issue 18, item 8).

An organisation hands its peer workers one TOML file: its name, its crisis
and safeguarding contacts, its speak-up route, its supervision defaults,
extra privacy watch-list words, and a folder of its own prompt packs. The
file holds no reflection, only public contacts and wording, so unlike the
worker's settings it may live as plain text in the config folder.

The file is checked the way prompt packs are: every problem is reported at
once, one per line, with its line number, and a key reflect does not know is
a problem too, so a typo ("phnoe") is caught by `reflect org check` rather
than silently ignored on a worker's machine. Installing copies the file (as
`organisation.toml`) and its packs (into `organisation-prompts`) into the
config folder; the packs then sit between reflect's own and the worker's in
`templates.layer_dirs`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reflect.core.errors import ReflectError
from reflect.core.paths import read_ordinary
from reflect.core.supervision import TYPES, Agreement
from reflect.core.templates import (
    MAX_PACK_BYTES,
    ORG_PROMPTS_DIR,
    Problem,
    check_paths,
    parse_toml,
)
from reflect.core.text import HIDDEN

ORG_FILE = "organisation.toml"
"""The installed file's name inside the config folder."""

ORG_PROMPTS = ORG_PROMPTS_DIR
"""The installed copy of the organisation's packs, inside the config folder."""

MAX_ORG_BYTES = 64 * 1024
"""An organisation file is a page of contacts; anything near this is not one."""
MAX_PACKS = 200
"""More packs than any picker could usefully show."""
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
#: Fields that may run over several lines (a TOML multi-line string).
_MULTILINE = frozenset({"note", "procedure"})

_TOP = ("name", "crisis", "safeguarding", "speak_up", "supervision",
        "watch_list", "prompts")  # fmt: skip
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
    source: Path | None = None
    """The file this was read from."""

    def pack_files(self) -> list[Path]:
        """The pack files in the organisation's folder (none without one)."""
        if self.prompts is None or not self.prompts.is_dir():
            return []
        return sorted(p for p in self.prompts.glob("*.toml") if p.is_file())

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
    return problems


def _pack_problems(folder: Path) -> list[Problem]:
    files = sorted(folder.glob("*.toml"))
    if len(files) > MAX_PACKS:
        return [Problem(folder, f"holds more than {MAX_PACKS} prompt packs")]
    return check_paths(files)


def _from_bytes(
    path: Path, raw: bytes, base: Path, *, prompts_at: Path | None = None
) -> tuple[Organisation | None, list[Problem]]:
    """The checks on the file's bytes; `base` is the folder `prompts` is
    relative to. An installed file's packs were copied to a fixed folder,
    `prompts_at`, whatever the original file called its own."""
    if len(raw) > MAX_ORG_BYTES:
        return None, [Problem(path, "is too large to be an organisation file")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, "is not UTF-8 text")]
    data, problems = parse_toml(path, text)
    if data is None:
        return None, problems
    checker = _Checker(path, text, base, prompts_at)
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
        self, path: Path, text: str, base: Path, prompts_at: Path | None
    ) -> None:
        self.path = path
        self.base = base
        self.prompts_at = prompts_at
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
        value = value.replace("\r\n", "\n").strip()
        if required and not value:
            self.add(f"{label}{name} is empty", line)
            return ""
        limit = _LIMITS[kind]
        if len(value) > limit:
            self.add(f"{label}{name} is longer than {limit} characters", line)
            return ""
        if "\n" in value and kind not in _MULTILINE:
            self.add(f"{label}{name} must fit on one line", line)
            return ""
        if HIDDEN.search(value):
            self.add(
                f"{label}{name} holds a control character; only plain text "
                "can be shown",
                line,
            )
            return ""
        return value

    def unknown(self, data: dict[str, Any], known: Iterable[str], table: str,
                index: int, label: str) -> None:  # fmt: skip
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
        for n, word in enumerate(raw, 1):
            checked = self.words(
                word, "word", "", line, shown_as=f"watch_list word {n}"
            )
            if checked and checked not in words:
                words.append(checked)
        return tuple(words)

    def prompts(self, raw: Any) -> Path | None:
        """The packs folder: relative to the file and inside its folder.

        An organisation hands out the file and its folder together, so an
        absolute path or one climbing out with `..` would not travel with it
        (and would read some other folder on the worker's machine).
        """
        if raw is None:
            return None
        line = self.line("", 0, "prompts")
        if not isinstance(raw, str) or not raw.strip():
            self.add("'prompts' must be a folder name in quotes", line)
            return None
        if HIDDEN.search(raw) or len(raw) > _SHORT:
            self.add("'prompts' is not a folder name reflect can use", line)
            return None
        relative = PurePosixPath(raw.strip().replace("\\", "/"))
        if not relative.parts or relative.parts == (".",):
            self.add("'prompts' must name a folder beside the file", line)
            return None
        if relative.is_absolute() or ".." in relative.parts or raw.strip()[1:2] == ":":
            self.add(
                "'prompts' must be a folder beside the file (no '..', not a full path)",
                line,
            )
            return None
        if self.prompts_at is not None:
            return self.prompts_at if self.prompts_at.is_dir() else None
        folder = self.base / Path(*relative.parts)
        if not folder.is_dir():
            self.add(f"'prompts' names a folder that is not there: {folder}", line)
            return None
        return folder


# ---- installed -----------------------------------------------------------


def read_installed(config_home: Path) -> tuple[Organisation | None, list[Problem]]:
    """The installed organisation, or None with the problems if it has broken.

    An installed file was checked when it was installed, but it is a plain
    file a worker (or an update) may have edited since: then the problems
    come back so the caller can say one calm line, and reflect carries on
    as if there were no organisation.
    """
    path = config_home / ORG_FILE
    if not path.exists():
        return None, []
    try:
        raw = read_ordinary(path, MAX_ORG_BYTES)
    except OSError as exc:
        return None, [Problem(path, f"cannot be read: {exc.strerror or exc}")]
    # Its packs were copied beside it under a fixed name, whatever the
    # original file called its folder.
    return _from_bytes(path, raw, config_home, prompts_at=config_home / ORG_PROMPTS)


def installed(config_home: Path) -> Organisation | None:
    """The organisation file installed in `config_home`, or None when there is
    none or it can no longer be read (see `read_installed` for why)."""
    return read_installed(config_home)[0]


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


def prompts_folder(config_home: Path) -> Path:
    """Where an installed organisation's packs are kept."""
    return config_home / ORG_PROMPTS


# ---- installing and removing ---------------------------------------------


def install(
    source: Path, config_home: Path
) -> tuple[Organisation | None, list[Problem]]:
    """Check `source` and its packs, then copy both into `config_home`.

    Nothing is changed unless everything checks: the file's bytes are read
    once and those same bytes are written, the packs are copied to a
    staging folder and checked there, and only then are the two moved into
    place (the packs first, then the file, which is what makes it count).
    An existing organisation is replaced whole; the caller asks first.
    """
    try:
        raw = read_ordinary(source, MAX_ORG_BYTES)
    except OSError as exc:
        return None, [Problem(source, f"cannot be read: {exc.strerror or exc}")]
    organisation, problems = _from_bytes(source, raw, source.parent)
    if organisation is None:
        return None, problems
    config_home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".org-install-", dir=config_home))
    try:
        packs = staging / ORG_PROMPTS
        packs.mkdir()
        if organisation.prompts is not None:
            problems = _copy_packs(organisation.prompts, packs)
            if problems:
                return None, problems
        staged_file = staging / ORG_FILE
        staged_file.write_bytes(raw)
        _swap_in(staging, config_home)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = installed(config_home)
    if result is None:  # the copy reads back differently: never expected
        raise OrgError("the organisation file could not be read back after copying")
    return result, []


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
        (into / path.name).write_bytes(data)
    found = check_paths([into])
    # Name the organisation's own files, not the staging copies.
    problems.extend(
        Problem(folder / p.path.name, p.message, p.step, p.line) for p in found
    )
    return problems


def _swap_in(staging: Path, config_home: Path) -> None:
    """Move the staged packs and file into place, putting back the old ones
    if a step fails part-way."""
    target_file = config_home / ORG_FILE
    target_packs = config_home / ORG_PROMPTS
    old_packs = staging / "old-packs"
    had_packs = target_packs.exists()
    if had_packs:
        os.replace(target_packs, old_packs)
    try:
        os.replace(staging / ORG_PROMPTS, target_packs)
        try:
            os.replace(staging / ORG_FILE, target_file)  # the moment it counts
        except OSError:
            os.replace(target_packs, staging / ORG_PROMPTS)
            raise
    except OSError:
        if had_packs:
            os.replace(old_packs, target_packs)
        raise


def remove(config_home: Path) -> bool:
    """Remove the installed file and its packs; False when there was none.

    The file goes first, so an interruption leaves at worst some packs with
    no organisation, which the next install replaces.
    """
    target_file = config_home / ORG_FILE
    target_packs = config_home / ORG_PROMPTS
    existed = target_file.exists() or target_packs.exists()
    if target_file.exists():
        target_file.unlink()
    if target_packs.exists():
        aside = config_home / f".org-removing-{os.getpid()}"
        os.replace(target_packs, aside)
        shutil.rmtree(aside, ignore_errors=True)
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
