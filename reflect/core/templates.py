"""Loading and validating prompt packs (the questions reflect asks).

Packs are TOML files in four layers, each replacing same-id packs of the
layer before: the packs shipped with reflect, the installed organisation's
(`reflect org install`), the worker's own folder, then a folder given by
`$REFLECT_PROMPTS_DIR` / `--prompts-dir`.
A pack with a problem is reported and skipped; it never stops the app and
never hides the packs that are fine. Every problem names the file, the step
and, where one can be found, the line, so that a supervisor editing a pack in
a plain text editor can find it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from reflect.core.errors import ReflectError
from reflect.core.models import (
    FUNCTIONS,
    INPUT_TYPES,
    KINDS,
    SCALE_POINTS,
    Entry,
    Step,
    Template,
)
from reflect.core.paths import read_ordinary

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STEP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
LEAVING_STEP = "leaving"
"""The last step of a containment pack: a scale, 1 the hardest end. Its
lowest answer is where the writer offers the support panel."""
#: What a containment pack's first hint must say, found by these words'
#: beginnings: the gist is enough, and you can stop at any time with the
#: draft kept. Words rather than a fixed sentence, so an organisation can put
#: it its own way; all three, so neither half can be dropped by accident.
CONTAINMENT_WORDS = ("gist", "stop", "draft")
_CONTAINMENT_WORD = {word: re.compile(rf"\b{word}", re.I) for word in CONTAINMENT_WORDS}
MAX_PACK_BYTES = 256 * 1024
#: Bounds for a pack's numbers: shown on screens, so never thousands of digits.
MAX_VERSION = 1_000_000
MAX_MINUTES = 600
#: The most parts a dotted key or table name may have (a pack uses two or
#: three): tomllib's time and memory grow with the square of a key's length,
#: so `a.a.a… = 1` 120,000 parts long, well under the size limit, took
#: minutes and tens of gigabytes. With this bound a pack parses in well
#: under a second whatever it holds.
MAX_KEY_PARTS = 32
_PART = r"""(?:[\w-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = re.compile(rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*")
_PARTS = re.compile(_PART)


class TemplateError(ReflectError):
    """No shipped prompt packs could be found (a broken installation)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack file."""

    path: Path
    message: str
    step: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        step = f" step '{self.step}':" if self.step else ""
        return f"{where}:{step} {self.message}"


@dataclass(frozen=True)
class Library:
    """The packs that loaded, where each came from, and what was skipped."""

    packs: dict[str, Template] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def get(self, pack_id: str) -> Template:
        try:
            return self.packs[pack_id]
        except KeyError:
            known = ", ".join(sorted(self.packs)) or "none"
            raise ReflectError(
                f"there is no prompt pack called {pack_id!r} (packs: {known})"
            ) from None

    def scale_labels(
        self, pack_id: str | None, version: str | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Each scale step's five labels in a pack, by step id, so a stored
        "2" can be read back in the words the worker chose it by (nothing
        for a quick note or a pack that has gone).

        With `version`, only from that very version of the pack: an entry
        someone else wrote (a shared one) may come from a version whose
        words differ, and words they never chose must not be put to them.
        """
        pack = self.packs.get(pack_id or "")
        if pack is None or (version is not None and pack.version != version):
            return {}
        return {s.id: s.labels for s in pack.steps if s.input == "scale" and s.labels}

    def by_kind(self) -> list[Template]:
        """Packs in the order a picker shows them: models, themes, the rest."""
        order = {kind: n for n, kind in enumerate(KINDS)}
        return sorted(self.packs.values(), key=lambda t: (order[t.kind], t.title))


def template_for_entry(entry: Entry, library: Library) -> Template:
    """The steps to show when an entry is reopened in the writer.

    Its pack's steps, but with each answered step's question as it was asked,
    so reopening never rewords an old reflection. If the pack has gone (a
    removed or renamed custom pack), the entry's own answers make the steps.
    """
    asked = {a.step_id: a for a in entry.answers}
    pack = library.packs.get(entry.template_id or "")
    if pack is None:
        steps = tuple(
            Step(id=a.step_id, question=a.question, input=a.input_type)
            for a in entry.answers
        )
        return Template(
            id=entry.template_id or "unknown",
            version=entry.template_version or "0",
            title=entry.title or "Reflection",
            kind="model",
            summary="",
            functions=entry.functions,
            minutes=1,
            steps=steps,
        )
    steps = tuple(
        replace(step, question=asked[step.id].question)
        if step.id in asked and asked[step.id].question
        else step
        for step in pack.steps
    )
    return replace(pack, steps=steps)


def resume_index(entry: Entry, template: Template) -> int:
    """Where the writer opens an entry: at the step a draft was left on.

    Found by the step's id, never its position or wording, so a pack that
    rewords a question or gains a step still reopens a draft where the
    worker stopped. A finished entry, or a step that has gone, opens at the
    start.
    """
    if entry.status == "complete" or entry.current_step is None:
        return 0
    ids = [step.id for step in template.steps]
    return ids.index(entry.current_step) if entry.current_step in ids else 0


def shipped_dir() -> Path:
    """The packs that come with reflect: in the wheel, or in the checkout."""
    tried: list[str] = []
    packaged = resources.files("reflect") / "prompts"
    if packaged.is_dir():
        return Path(str(packaged))
    tried.append(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "prompts"
    if checkout.is_dir():
        return checkout
    tried.append(str(checkout))
    raise TemplateError(
        "reflect's own prompt packs are missing (looked in "
        + " and ".join(tried)
        + "); try reinstalling reflect"
    )


ORG_PROMPTS_DIR = "organisation-prompts"
"""Where older installs of an organisation kept its packs (core.org)."""


def layer_dirs(
    config_home: Path, extra: Path | None, *, organisation: Path | None = None
) -> list[Path]:
    """Folders to read, lowest priority first: reflect's own, the installed
    organisation's (`organisation`, given by `core.org.layer_dirs` only while
    its file reads), the worker's own, then `--prompts-dir`."""
    layers = [shipped_dir(), *([organisation] if organisation else [])]
    layers.append(config_home / "prompts")
    if extra is not None:
        layers.append(extra)
    return layers


def load_library(layers: Sequence[Path]) -> Library:
    """Read every layer; later layers replace same-id packs of earlier ones.

    Except in one way: a heavy pack (`containment = true`) is replaced only
    by one that keeps its containment (the checker then holds it to the
    hint and the closing `leaving` step). An organisation's or a worker's
    copy of the risk pack without them would quietly take away what makes
    it safe to write on a bad day; such a copy is a problem, and the pack
    before it stays.
    """
    packs: dict[str, Template] = {}
    sources: dict[str, Path] = {}
    problems: list[Problem] = []
    for folder in layers:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            template, found = load_pack(path)
            problems.extend(found)
            if template is None:
                continue
            before = packs.get(template.id)
            if before is not None and before.containment and not template.containment:
                problems.append(
                    Problem(
                        path,
                        f"replaces the heavy pack '{template.id}' without "
                        "'containment = true'; the one from "
                        f"{sources[template.id]} is kept",
                    )
                )
                continue
            packs[template.id] = template
            sources[template.id] = path
    return Library(packs, sources, tuple(problems))


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """Validate files (or every .toml in folders); all problems, in order.

    A pack with the id of one of reflect's heavy packs must keep its
    containment, as `load_library` will insist: said here, when an
    organisation or a worker checks or installs it, not only later as a
    pack quietly left out of the picker.
    """
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for given in paths:
        files = sorted(given.glob("*.toml")) if given.is_dir() else [given]
        for path in files:
            template, found = load_pack(path)
            problems.extend(found)
            if (
                template is not None
                and not template.containment
                and _shipped_heavy(template.id, path)
            ):
                problems.append(
                    Problem(
                        path,
                        f"has the id of reflect's heavy pack '{template.id}' "
                        "without 'containment = true'; it would be left out",
                    )
                )
                continue
            if template is not None:
                if template.id in seen:
                    problems.append(
                        Problem(
                            path,
                            f"id '{template.id}' is also used by {seen[template.id]}",
                        )
                    )
                seen[template.id] = path
    return problems


def _shipped_heavy(pack_id: str, path: Path) -> bool:
    """Whether `pack_id` is one of reflect's own heavy packs (and `path` is
    not that pack itself). Only the one file of that name is read: checking
    a folder of an organisation's packs parses nothing else of reflect's."""
    try:
        own = shipped_dir() / f"{pack_id}.toml"
    except TemplateError:  # no shipped packs: nothing to keep
        return False
    if not own.is_file() or own.resolve() == path.resolve():
        return False
    shipped, _ = load_pack(own)
    return shipped is not None and shipped.id == pack_id and shipped.containment


def load_pack(path: Path) -> tuple[Template | None, list[Problem]]:
    """Parse and check one file; a pack is returned only if it has no problems."""
    try:
        raw = read_ordinary(path, MAX_PACK_BYTES)  # a FIFO here would hang start-up
    except OSError as exc:
        return None, [Problem(path, f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > MAX_PACK_BYTES:
        return None, [Problem(path, "is too large to be a prompt pack")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, "is not UTF-8 text")]
    data, problems = parse_toml(path, text)
    if data is None:
        return None, problems
    checker = _Checker(path, text)
    template = checker.pack(data)
    return (template if not checker.problems else None), checker.problems


def _keys_too_deep(text: str) -> bool:
    """Whether any line holds a chain of more than MAX_KEY_PARTS dotted
    parts, as a key, a table name or anything else: found before tomllib
    would spend the square of its length on it.

    A TOML key never spans lines, so lines with few dots (nearly all of
    them) are passed over; the chains in the rest are found in one pass.
    Prose does not chain dozens of one-word sentences, so nothing a pack
    would say is refused.
    """
    for line in text.splitlines():
        if line.count(".") < MAX_KEY_PARTS:
            continue
        for chain in _DOTTED.finditer(line):
            if len(_PARTS.findall(chain.group())) > MAX_KEY_PARTS:
                return True
    return False


def _whole(value: Any, low: int, high: int) -> bool:
    """A whole number from `low` to `high` (TOML's true is not one)."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    )


class _Checker:
    """Collects every problem in one pack rather than stopping at the first."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        lines = text.splitlines()
        self.step_lines = [
            n for n, line in enumerate(lines, 1) if line.strip().startswith("[[steps]]")
        ]
        self.key_lines = {
            m.group(1): n
            for n, line in enumerate(lines, 1)
            if (m := re.match(r"\s*([A-Za-z_]+)\s*=", line)) and n < self._first_step()
        }

    def _first_step(self) -> int:
        return self.step_lines[0] if self.step_lines else 10**9

    def add(
        self, message: str, step: str | None = None, line: int | None = None
    ) -> None:
        self.problems.append(Problem(self.path, message, step, line))

    def _text(
        self,
        data: dict[str, Any],
        key: str,
        step: str | None = None,
        line: int | None = None,
        required: bool = True,
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(f"'{key}' is missing", step, line)
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(f"'{key}' must be non-empty text", step, line)
            return ""
        return value.strip()

    def pack(self, data: dict[str, Any]) -> Template | None:
        line = self.key_lines.get
        pack_id = self._text(data, "id", line=line("id"))
        if pack_id and not _ID.match(pack_id):
            self.add(
                f"id '{pack_id}' may only use lower-case letters, digits and dashes",
                line=line("id"),
            )
        version = data.get("version")
        if version is None:
            self.add("'version' is missing")
        elif not _whole(version, 1, MAX_VERSION):
            self.add(
                f"'version' must be a whole number from 1 to {MAX_VERSION:,}",
                line=line("version"),
            )
        title = self._text(data, "title", line=line("title"))
        kind = self._text(data, "kind", line=line("kind"))
        if kind and kind not in KINDS:
            self.add(
                f"kind '{kind}' is not one of: {', '.join(KINDS)}", line=line("kind")
            )
        summary = self._text(data, "summary", line=line("summary"))
        functions = data.get("functions", [])
        if not isinstance(functions, list) or any(
            f not in FUNCTIONS for f in functions
        ):
            self.add(
                f"'functions' must be a list of: {', '.join(FUNCTIONS)}",
                line=line("functions"),
            )
            functions = []
        minutes = data.get("minutes")
        if minutes is None:
            self.add("'minutes' is missing")
        elif not _whole(minutes, 1, MAX_MINUTES):
            self.add(
                f"'minutes' must be a whole number of minutes, 1 to {MAX_MINUTES}",
                line=line("minutes"),
            )
        steps = self.steps(data.get("steps"))
        containment = data.get("containment", False)
        if not isinstance(containment, bool):
            self.add("'containment' must be true or false", line=line("containment"))
        elif containment and steps and not self.problems:
            self.contained(steps)
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(
            isinstance(t, str) and _ID.match(t) for t in tags
        ):
            self.add(
                "'tags' must be a list of words in lower-case letters, digits "
                "and dashes",
                line=line("tags"),
            )
            tags = []
        known = {
            "id",
            "version",
            "title",
            "kind",
            "summary",
            "functions",
            "minutes",
            "steps",
            "containment",
            "tags",
        }
        for extra in sorted(set(data) - known):
            self.add(f"unknown field '{extra}'", line=line(extra))
        if self.problems:
            return None
        return Template(
            id=pack_id,
            version=str(version),
            title=title,
            kind=kind,
            summary=" ".join(summary.split()),
            functions=tuple(functions),
            minutes=int(minutes),  # type: ignore[arg-type]
            steps=tuple(steps),
            containment=bool(containment),
            tags=tuple(dict.fromkeys(tags)),
        )

    def contained(self, steps: list[Step]) -> None:
        """What `containment = true` promises, checked: one line per broken
        promise, at the step that breaks it."""
        first, last = steps[0], steps[-1]
        missing = [
            w for w, found in _CONTAINMENT_WORD.items() if not found.search(first.hint)
        ]
        if missing:
            self.add(
                "a containment pack's first hint must say the gist is enough and "
                "you can stop at any time, the draft kept (with the words "
                + ", ".join(f"'{w}'" for w in CONTAINMENT_WORDS)
                + "; missing: "
                + ", ".join(f"'{w}'" for w in missing)
                + ")",
                first.id,
                self.step_lines[0] if self.step_lines else None,
            )
        if last.id != LEAVING_STEP or last.input != "scale":
            self.add(
                f"a containment pack must end with a step '{LEAVING_STEP}' of input "
                "'scale' (how are you leaving this; 1 is the hardest end)",
                last.id,
                self.step_lines[-1] if self.step_lines else None,
            )

    def steps(self, raw: Any) -> list[Step]:
        if raw is None:
            self.add("there are no [[steps]]")
            return []
        if not isinstance(raw, list) or not raw:
            self.add("'steps' must be a list of [[steps]] tables")
            return []
        steps: list[Step] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            line = self.step_lines[index] if index < len(self.step_lines) else None
            if not isinstance(item, dict):
                self.add(f"step {index + 1} is not a table", line=line)
                continue
            step = self.step(item, index, line)
            if step is None:
                continue
            if step.id in seen:
                self.add("this step id is used twice", step.id, line)
                continue
            seen.add(step.id)
            steps.append(step)
        return steps

    def step(self, item: dict[str, Any], index: int, line: int | None) -> Step | None:
        step_id = item.get("id")
        if not isinstance(step_id, str) or not _STEP_ID.match(step_id):
            self.add(
                f"step {index + 1} needs an 'id' of lower-case letters, digits, "
                "dashes or underscores",
                line=line,
            )
            return None
        before = len(self.problems)
        question = self._text(item, "question", step_id, line)
        hint = self._text(item, "hint", step_id, line, required=False)
        input_type = item.get("input", "text")
        labels: tuple[str, ...] = ()
        choices: tuple[str, ...] = ()
        if input_type not in INPUT_TYPES:
            self.add(
                f"input '{input_type}' is unknown; "
                f"use one of: {', '.join(INPUT_TYPES)}",
                step_id,
                line,
            )
        elif input_type == "scale":
            labels = self._strings(item, "labels", step_id, line)
            if len(labels) != SCALE_POINTS:
                self.add(
                    "a scale needs 'labels': five words or phrases, for 1 to 5 "
                    "(5 is the end where things are going well)",
                    step_id,
                    line,
                )
        elif input_type == "choice":
            choices = self._strings(item, "choices", step_id, line)
            if len(choices) < 2:
                self.add("a choice needs 'choices': two or more options", step_id, line)
        for field_name in ("labels", "choices"):
            wanted = {"labels": "scale", "choices": "choice"}[field_name]
            if field_name in item and input_type != wanted:
                self.add(
                    f"'{field_name}' only belongs on a {wanted} step", step_id, line
                )
        follow_ups = self._strings(item, "follow_ups", step_id, line)
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            self.add("'optional' must be true or false", step_id, line)
        offer_support = item.get("offer_support", False)
        if not isinstance(offer_support, bool):
            self.add("'offer_support' must be true or false", step_id, line)
        elif offer_support and input_type != "scale":
            self.add(
                "'offer_support' belongs on a scale step (how the worker is): "
                "its lowest point offers the support page",
                step_id,
                line,
            )
        known = {"id", "question", "hint", "follow_ups", "optional", "input",
                 "labels", "choices", "offer_support"}  # fmt: skip
        for extra in sorted(set(item) - known):
            self.add(f"unknown field '{extra}'", step_id, line)
        if len(self.problems) > before:
            return None
        return Step(
            id=step_id,
            question=" ".join(question.split()),
            hint=" ".join(hint.split()),
            follow_ups=follow_ups,
            optional=bool(optional),
            input=str(input_type),
            offer_support=offer_support is True,
            labels=labels,
            choices=choices,
        )

    def _strings(
        self, item: dict[str, Any], key: str, step: str, line: int | None
    ) -> tuple[str, ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            self.add(f"'{key}' must be a list of non-empty texts", step, line)
            return ()
        return tuple(" ".join(v.split()) for v in value)


def parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """`text` read as TOML with the guards and line numbers packs need, for
    both of reflect's plain files (prompt packs and an organisation's
    settings, `core.org`): a problem instead of a traceback, however the
    file was made."""
    if _keys_too_deep(text):
        return None, [Problem(path, "nests keys or tables far too deeply")]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        message = _TOML_LINE.sub("", str(exc)).strip()
        if match:
            message += f" (column {match.group(2)})"
        return None, [Problem(path, f"is not valid TOML: {message}", line=line)]
    except RecursionError:
        # tomllib reads nested arrays and tables by recursion; a pack or an
        # organisation's file is a few levels deep, so this file is not one.
        return None, [Problem(path, "nests arrays or tables far too deeply")]
    except ValueError:  # an integer of thousands of digits
        return None, [Problem(path, "holds a number too long to read")]
