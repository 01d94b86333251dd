"""jrnl's settings for a journal, and the exact jrnl command to decrypt one.

Split from `jrnl_format` so the parser reads as a parser: this module knows
jrnl's config file (block-style YAML, read without a YAML library) and how
jrnl wants to be asked for a plain copy of an encrypted journal.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reflect.core.errors import BadImport
from reflect.core.places import NOWHERE, Places


class EncryptedJrnl(BadImport):
    """The journal is encrypted by jrnl; `command` makes a plain copy of it."""

    def __init__(self, message: str, command: str, certain: bool = True) -> None:
        super().__init__(message)
        self.command = command
        self.certain = certain
        """False for old jrnl's format, which has no marker to be sure by."""


class BadJrnlConfig(BadImport):
    """The jrnl config file cannot be read."""


@dataclass(frozen=True)
class JrnlSettings:
    """How the journal was written, from jrnl's config or its defaults."""

    timeformat: str = "%F %r"
    """jrnl's `timeformat`: strftime codes, written inside square brackets."""
    tagsymbols: str = "#@"
    """Each character starts a tag."""
    encrypt: bool = False
    """jrnl's config says the journal is encrypted."""
    config_file: Path | None = None
    """The config these came from, so the decrypt command can name it."""
    program: str = "reflect"
    """How a shell runs this reflect, for the decrypt command's second half."""


DEFAULT = JrnlSettings()


# jrnl's default "%F %r" is glibc shorthand that Python's strptime rejects
# (jrnl itself only copes through a fuzzy fallback parser).
_SHORTHAND = {"%F": "%Y-%m-%d", "%T": "%H:%M:%S", "%r": "%I:%M:%S %p", "%R": "%H:%M"}


def expand_layout(timeformat: str) -> str:
    """strptime's codes for glibc's: "%F" in full, "%-d" (no zero) as "%d"."""
    plain = re.sub("%-?.", lambda code: code[0].replace("-", ""), timeformat)
    return re.sub("%.", lambda code: _SHORTHAND.get(code[0], code[0]), plain)


def settings_for(
    config: Path | None, journal: Path, program: str, places: Places
) -> JrnlSettings:
    """What to read `journal` with: its config's settings, else jrnl's defaults;
    `program` is how the decrypt command will run this reflect, `places` how
    the config's `~` and `$VARS` read on this computer."""
    chosen = read_config(config, journal, places=places) if config else DEFAULT
    return replace(chosen, program=program)


def usual_places(places: Places) -> tuple[Path | None, Path | None]:
    """jrnl's default journal file and config, where they exist on this computer.

    jrnl keeps them under the XDG data and config folders (`~/.local/share/
    jrnl/journal.txt`, `~/.config/jrnl/jrnl.yaml`); offering them saves a
    worker from hunting for hidden folders. The folders come from `places`
    (the CLI's view of the environment), never from this process's own.
    """
    data = places.folder("XDG_DATA_HOME", ".local/share")
    config = places.folder("XDG_CONFIG_HOME", ".config")
    if data is None or config is None:  # no home folder and no XDG: nowhere
        return None, None
    journal = data / "jrnl" / "journal.txt"
    settings = config / "jrnl" / "jrnl.yaml"
    if not journal.is_file() and settings.is_file():  # the config may say where
        try:
            flat = _yaml_values(settings.read_text(encoding="utf-8-sig"), settings)
        except (OSError, UnicodeDecodeError, BadJrnlConfig):
            flat = {}
        named = flat.get(("journals", "default", "journal")) or flat.get(
            ("journals", "default")
        )
        if named:
            journal = _jrnl_path(named, places)
    return (
        journal if journal.is_file() else None,
        settings if settings.is_file() else None,
    )


def encrypted_error(file: Path, settings: JrnlSettings, legacy: bool) -> EncryptedJrnl:
    """The refusal, with a command that lets jrnl decrypt straight into reflect.

    jrnl has no "decrypt this path" form, so the command points jrnl's default
    journal at the file through overrides and pipes its text export into
    `reflect import --from jrnl -`: no plain copy of a private journal is ever
    written, so none can linger in a synced folder or its history.
    """
    source = file.resolve()
    config = settings.config_file
    words = ["--config-file", str(config.resolve())] if config else []
    # jrnl 2.x-4.5 read "true" as Fernet: an old AES file must be named as such.
    encrypt = "jrnlv1" if legacy else "true"
    overrides = {"journals.default": str(source), "encrypt": encrypt}
    if legacy:  # jrnl 1.x only finds its dates with a timeformat strptime reads
        ours = settings.timeformat != DEFAULT.timeformat
        overrides["timeformat"] = settings.timeformat if ours else "%Y-%m-%d %H:%M"
    for key, value in overrides.items():
        words += ["--config-override", key, _yaml_quoted(value)]
    words += ["--export", "txt"]
    ours_too = ["--jrnl-config", str(config.resolve())] if config else []
    command = " ".join(
        [
            "jrnl",
            *map(_shell_quoted, words),
            "|",
            f"{settings.program} import --from jrnl -",
            *map(_shell_quoted, ours_too),
        ]
    )
    needs = "" if config else ", once jrnl is set up on this computer"
    # The command comes last, so it is easy to copy from the end of the line.
    how = (
        "let jrnl decrypt it straight into reflect, with no plain copy on disk "
        f"(jrnl asks for its passphrase, then reflect for yours{needs}): {command}"
    )
    if legacy:  # no marker: it could as well be some other binary file
        return EncryptedJrnl(
            f"{file} is not text, so reflect cannot read it. If it is not a "
            "journal, choose the journal's .txt file or its folder; if it is one "
            f"encrypted by an old jrnl, {how}",
            command,
            certain=False,
        )
    return EncryptedJrnl(
        f"{file} is encrypted by jrnl, so reflect cannot read it directly; {how}",
        command,
    )


def _yaml_quoted(value: str) -> str:
    """jrnl reads an override's value as YAML: quote what YAML would misread."""
    if re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|:(\s|$)|\s#|\s$", value):
        return "'" + value.replace("'", "''") + "'"
    return value


def _shell_quoted(word: str) -> str:
    """POSIX shell quoting that stays readable for a YAML-quoted value."""
    if shlex.quote(word) == word or re.search(r"[\"$`\\!]", word):
        return shlex.quote(word)
    return f'"{word}"'


# ---- jrnl's config -------------------------------------------------------

_YAML_LINE = re.compile(
    r"(?P<indent> *)(?P<key>'[^']*'|\"[^\"]*\"|[^\s'\"#:][^:]*?)"
    r"[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*"
)
_KEYS = ("timeformat", "tagsymbols", "encrypt")


def read_config(
    path: Path, journal_path: Path | None = None, *, places: Places = NOWHERE
) -> JrnlSettings:
    """The settings in a jrnl config (`jrnl.yaml`) for the journal at a path.

    Reads top-level `timeformat`, `tagsymbols` and `encrypt`, then the
    overrides of the journal under `journals:` whose `journal:` path is
    `journal_path` (`~` and `$VARS` expanded as jrnl does, with the home
    folder and variables in `places`). Missing keys keep jrnl's defaults.
    Only block-style `key: value` YAML is understood.
    """
    try:
        flat = _yaml_values(path.read_text(encoding="utf-8-sig"), path)
    except (OSError, UnicodeDecodeError) as error:
        why = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise BadJrnlConfig(f"Could not read the jrnl config {path}: {why}.") from None
    chosen = {key: flat[(key,)] for key in _KEYS if (key,) in flat}
    if journal_path is not None:
        target = places.typed(journal_path).resolve()
        names = dict.fromkeys(
            keys[1] for keys in flat if keys[0] == "journals" and keys[1:]
        )
        for name in names:  # a journal is a path, or a mapping with `journal:`
            where = flat.get(
                ("journals", name, "journal"), flat.get(("journals", name))
            )
            if where and _jrnl_path(where, places) == target:
                own = {key: ("journals", name, key) for key in _KEYS}
                chosen.update((key, flat[at]) for key, at in own.items() if at in flat)
                break
    timeformat = chosen.get("timeformat", DEFAULT.timeformat)
    tagsymbols = chosen.get("tagsymbols", DEFAULT.tagsymbols)
    encrypt = (chosen.get("encrypt") or "false").lower() not in ("false", "no", "off")
    if timeformat is None or not _round_trips(timeformat):
        why = f"a timeformat reflect cannot read: {timeformat!r}"
        raise BadJrnlConfig(f"The jrnl config {path} has {why}.")
    if not tagsymbols or re.search(r"\s", tagsymbols):
        why = f"tagsymbols reflect cannot use: {tagsymbols!r}"
        raise BadJrnlConfig(f"The jrnl config {path} has {why}.")
    return JrnlSettings(timeformat, tagsymbols, encrypt, path)


def _jrnl_path(configured: str, places: Places) -> Path:
    return places.expand(configured).resolve()


def _round_trips(timeformat: str) -> bool:
    layout = expand_layout(timeformat)
    sample = datetime(2024, 3, 4, 17, 40, 5)
    try:
        return datetime.strptime(sample.strftime(layout), layout).day == 4
    except ValueError:
        return False


def _yaml_values(text: str, path: Path) -> dict[tuple[str, ...], str | None]:
    """Every `key: value` of block-style YAML, keyed by its path of keys."""
    values: dict[tuple[str, ...], str | None] = {}
    parents: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        bare = line.strip()
        if (
            not bare
            or bare[0] == "#"
            or bare in ("---", "...", "-")
            or bare[:2] == "- "
        ):
            continue  # comments, document markers, lists (no key we read is one)
        found = _YAML_LINE.fullmatch(line.rstrip())
        if found is None:
            raise _bad_yaml(path, number, "reflect reads only 'key: value' lines")
        indent = len(found["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        parents.append((indent, _scalar(found["key"], path, number) or found["key"]))
        value = found["value"]
        keys = tuple(key for _, key in parents)
        values[keys] = None if value is None else _scalar(value, path, number)
    return values


def _scalar(raw: str, path: Path, number: int) -> str | None:
    if raw[0] not in "'\"":
        value = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        return None if value in ("", "~", "null", "Null", "NULL") else value
    if raw[0] == "'":
        found = re.fullmatch(r"'((?:[^']|'')*)'(?:\s+#.*)?", raw)
        if found:
            return found[1].replace("''", "'")
    elif found := re.fullmatch(r'("(?:[^"\\]|\\.)*")(?:\s+#.*)?', raw):
        try:
            return str(json.loads(found[1]))
        except ValueError:
            pass
    raise _bad_yaml(path, number, "a quoted value is not closed properly")


def _bad_yaml(path: Path, number: int, why: str) -> BadJrnlConfig:
    return BadJrnlConfig(
        f"Could not read the jrnl config {path} at line {number}: {why}. "
        "Fix it (jrnl --config-file FILE --list checks it) or leave it out."
    )
