"""Where to turn on a hard day: the "If today is hard" panel as data.

Peer workers bring their own history into the work, and a very low check-in
or a heavy pack answered at its lowest point is a moment to offer support,
never to record a score. This module puts together what the panel shows, in
one place, so the app's panel and `reflect support` say exactly the same:

- right now: 999 or A&E when anyone is in immediate danger;
- yours: the worker's own wellness or crisis plan, someone they trust and
  their GP (settings kept inside the encrypted journal, so only shown once
  it is open);
- the organisation's own crisis lines, from its installed file (first, as
  the people who know the worker's service);
- the national lines for the worker's nation (all four while it is unset),
  from a data file shipped with reflect that records when each number was
  checked. Numbers change, so a worker may replace the whole list with a
  `support.toml` of the same shape in their config folder; one that cannot
  be read is set aside with one calm line, and the shipped list is shown;
- someone else: safeguarding belongs to the service's procedure, today.

Nothing here writes anything or reaches the network; it reads two small
plain files at most.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from reflect.core.clock import MONTHS
from reflect.core.models import Step
from reflect.core.org import Line, Organisation
from reflect.core.paths import read_ordinary
from reflect.core.preferences import NATION_VALUES, Preferences

NATIONS: dict[str, str] = dict(
    zip(
        NATION_VALUES,
        ("England", "Wales", "Scotland", "Northern Ireland"),
        strict=True,
    )
)
"""The nation setting's values and how each is named; "" is unset."""

UK = "uk"
"""The nation of a line anyone in the UK can call."""

WORKER_FILE = "support.toml"
"""A worker's own list of lines, in their config folder: replaces reflect's."""

SHIPPED_FILE = "support_lines.toml"
"""reflect's list of national lines, inside the package."""

MAX_FILE_BYTES = 64 * 1024
"""A list of phone lines is a few kilobytes; anything far larger is not one."""

DANGER = "Call 999, or go to A&E"
"""What to do if anyone is in immediate danger, first on the panel."""

SAFEGUARDING = (
    "If someone may be at risk of serious harm, or a child or adult may need "
    "safeguarding, follow your service's procedure and tell the duty worker or "
    "your manager today. Reflect on it afterwards: the journal is not the "
    "place to report it."
)
"""Said in the panel and on the help screen, in the same words."""


def safeguarding_words(organisation: str) -> str:
    """SAFEGUARDING when the organisation's own procedure is shown just
    above it: the general sentence would tell the worker the same thing
    twice, once vaguely, so it points to theirs instead."""
    return (
        "If someone may be at risk of serious harm, or a child or adult may "
        f"need safeguarding, follow {organisation}'s procedure above, today. "
        "Reflect on it afterwards: the journal is not the place to report it."
    )


SectionKind = Literal["now", "yours", "organisation", "national", "someone-else"]


@dataclass(frozen=True)
class NationalLine:
    """A line from the national list: which nation it serves, and when its
    number was last checked against the service's own page."""

    nation: str
    line: Line
    checked: str = ""


@dataclass(frozen=True)
class NationalLines:
    """The national list in use, and where it came from."""

    lines: tuple[NationalLine, ...]
    recheck: str = "yearly"
    source: Path | None = None
    """The worker's own `support.toml`, or None for reflect's shipped list."""
    problem: str = ""
    """Why the worker's own file was set aside (one calm line), if it was."""


class SupportFileError(ValueError):
    """A list of lines that cannot be used; the message is one calm line."""


@dataclass(frozen=True)
class Item:
    """One thing to read or call: a name and a few short lines under it."""

    name: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One part of the panel, with its heading."""

    kind: SectionKind
    title: str
    items: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    """Plain sentences after the items."""


# ---- the national list ------------------------------------------------------

_LINE_KEYS = frozenset({"nation", "name", "phone", "text", "hours", "note", "checked"})
_TOP_KEYS = frozenset({"recheck", "line"})
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)")


FALLBACK = NationalLines(
    (
        NationalLine(
            UK,
            Line("Samaritans", phone="116 123", note="Free, to talk about anything."),
        ),
    ),
    problem="reflect's list of national lines is missing from this installation, "
    "so only Samaritans is shown; reinstalling reflect brings the list back.",
)
"""What the page shows if reflect's own list cannot be read (a damaged
install): 999 never depends on a file, and neither does one line to call."""


def shipped_lines() -> NationalLines:
    """reflect's own list, read from the installed package (or the checkout);
    `FALLBACK` if it is missing or damaged, never an error: this is the page
    a worker opens on a hard day."""
    try:
        text = (resources.files("reflect") / SHIPPED_FILE).read_text(encoding="utf-8")
        return read_lines(text)
    except (OSError, UnicodeDecodeError, SupportFileError):
        return FALLBACK


def national_lines(config_home: Path | None) -> NationalLines:
    """The worker's `support.toml` when there is a sound one, else reflect's.

    A file that is there but cannot be used never hides the lines: the
    shipped list is returned, with `problem` saying calmly why.
    """
    if config_home is None:
        return shipped_lines()
    path = config_home / WORKER_FILE
    try:
        if not path.exists():
            return shipped_lines()
        raw = read_ordinary(path, MAX_FILE_BYTES)  # never a FIFO's endless wait
    except OSError as exc:
        return _set_aside(path, f"it could not be read ({exc.strerror or exc})")
    if len(raw) > MAX_FILE_BYTES:
        return _set_aside(path, "it is too large to be a list of lines")
    try:
        return read_lines(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        return _set_aside(path, "it is not UTF-8 text")
    except SupportFileError as exc:
        return _set_aside(path, str(exc))


def _set_aside(path: Path, why: str) -> NationalLines:
    shipped = shipped_lines()
    return NationalLines(
        shipped.lines,
        shipped.recheck,
        problem=f"Your own list of lines ({path}) could not be used: {why}. "
        "reflect's list is shown instead.",
    )


def read_lines(text: str, source: Path | None = None) -> NationalLines:
    """A list of lines from TOML text; `SupportFileError` names the first
    thing that stops it being used (with its line number when known)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        where = f" (line {found.group(1)})" if found else ""
        raise SupportFileError(f"it is not valid TOML{where}") from None
    except (RecursionError, ValueError):
        raise SupportFileError("it is not a list of lines") from None
    starts = [
        n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "[[line]]"
    ]
    for key in data:
        if key not in _TOP_KEYS:
            raise SupportFileError(f"it has a key reflect does not know: {key!r}")
    recheck = data.get("recheck", "yearly")
    if not isinstance(recheck, str):
        raise SupportFileError("its 'recheck' is not words")
    tables = data.get("line", [])
    if not isinstance(tables, list) or not tables:
        raise SupportFileError("it has no [[line]] entries")
    lines = tuple(
        _national(table, starts[n] if n < len(starts) else None)
        for n, table in enumerate(tables)
    )
    return NationalLines(lines, recheck, source)


def _national(table: Any, at: int | None) -> NationalLine:
    where = f"the [[line]] on line {at}" if at else "a [[line]]"
    if not isinstance(table, dict):
        raise SupportFileError(f"{where} is not a table")
    for key, value in table.items():
        if key not in _LINE_KEYS:
            raise SupportFileError(f"{where} has a key reflect does not know: {key!r}")
        if not isinstance(value, str):
            raise SupportFileError(
                f"{where} gives {key!r} as something other than words"
            )
    nation = table.get("nation", UK).strip().lower()
    if nation != UK and nation not in NATIONS:
        known = ", ".join([UK, *NATIONS])
        raise SupportFileError(
            f"{where} names a nation reflect does not know ({known})"
        )
    name = table.get("name", "").strip()
    phone = table.get("phone", "").strip()
    text = table.get("text", "").strip()
    if not name:
        raise SupportFileError(f"{where} has no name")
    if not (phone or text):
        raise SupportFileError(f"{where} has neither a phone number nor a text")
    line = Line(
        name=name,
        phone=phone,
        text=text,
        hours=table.get("hours", "").strip(),
        note=table.get("note", "").strip(),
    )
    return NationalLine(nation, line, table.get("checked", "").strip())


# ---- the panel --------------------------------------------------------------


def line_item(line: Line) -> Item:
    """A line as the panel shows it: how to reach it, when, and its note."""
    details = []
    if line.phone:
        details.append(f"Call {line.phone}")
    if line.text:
        details.append(f"Text {line.text}")
    if line.hours:
        details.append(f"Hours: {line.hours}")
    else:  # no hours given means any time; say so, at 3am it matters
        details.append("Open any time")
    if line.note:
        details.append(line.note)
    return Item(line.name, tuple(details))


def nations_shown(nation: str) -> list[str]:
    """The nation's own lines, or all four while the setting is unset."""
    return [nation] if nation in NATIONS else list(NATIONS)


def panel(
    *,
    nation: str,
    personal: Preferences | None,
    organisation: Organisation | None,
    national: NationalLines,
) -> tuple[Section, ...]:
    """Everything the "If today is hard" panel shows, in order.

    `personal` is None while the journal is closed (the unlock and lock
    screens, `reflect support` without a passphrase): the worker's own plan
    is then not shown, only where it will be.
    """
    sections = [
        Section(
            "now", "If anyone, you included, is in danger right now", (Item(DANGER),)
        ),
        _yours(personal),
    ]
    if organisation is not None and organisation.crisis:
        sections.append(
            Section(
                "organisation",
                f"From {organisation.name}",
                tuple(line_item(line) for line in organisation.crisis),
            )
        )
    sections.extend(_national_sections(nation, national))
    sections.append(_someone_else(organisation))
    return tuple(sections)


def _yours(personal: Preferences | None) -> Section:
    title = "Your own plan and people"
    if personal is None:
        return Section(
            "yours",
            title,
            notes=(
                "Your wellness or crisis plan, someone you trust and your GP show "
                "here once your journal is open.",
            ),
        )
    items = []
    if personal.support_plan.strip():
        items.append(
            Item("Your plan", tuple(personal.support_plan.strip().splitlines()))
        )
    trusted = personal.trusted_name.strip()
    reach = personal.trusted_contact.strip()
    if trusted or reach:
        details = tuple(part for part in (trusted, reach) if part)
        items.append(Item("Someone you trust", details))
    if personal.gp.strip():
        items.append(Item("Your GP", tuple(personal.gp.strip().splitlines())))
    if not items:
        return Section(
            "yours",
            title,
            notes=(
                "You can keep your own wellness or crisis plan, someone you trust "
                "and your GP here: add them in Settings.",
            ),
        )
    return Section("yours", title, tuple(items))


def _national_sections(nation: str, national: NationalLines) -> list[Section]:
    sections = []
    everyone = [n.line for n in national.lines if n.nation == UK]
    if everyone:
        sections.append(
            Section(
                "national",
                "Anywhere in the UK",
                tuple(line_item(line) for line in everyone),
            )
        )
    for shown in nations_shown(nation):
        own = [n.line for n in national.lines if n.nation == shown]
        if own:
            sections.append(
                Section(
                    "national",
                    NATIONS[shown],
                    tuple(line_item(line) for line in own),
                )
            )
    notes = []
    if nation not in NATIONS:
        notes.append(
            "All four nations are shown: choose yours in Settings to see only its "
            "lines."
        )
    checked = sorted({n.checked for n in national.lines if n.checked})
    whose = "your own list" if national.source else "reflect's list"
    if checked:
        notes.append(
            f"Numbers in {whose} were checked {_month(checked[0])}; they are "
            f"rechecked {national.recheck}."
        )
    if national.problem:
        notes.append(national.problem)
    if notes:  # about the whole list, so under no one nation's heading
        sections.append(Section("national", "", notes=tuple(notes)))
    return sections


def _someone_else(organisation: Organisation | None) -> Section:
    items = []
    note = SAFEGUARDING
    guard = organisation.safeguarding if organisation else None
    if organisation is not None and guard is not None:
        details = tuple(part for part in (guard.procedure, guard.contact) if part)
        if details:
            items.append(Item(f"{organisation.name}'s procedure", details))
            note = safeguarding_words(organisation.name)
    speak_up = organisation.speak_up if organisation else None
    if speak_up is not None and (speak_up.name or speak_up.contact):
        # Moral distress about how a service treats people has a route too;
        # the moral-conflict pack names it generically and points here.
        details = tuple(
            part
            for part in ("To speak up about how people are treated", speak_up.contact)
            if part
        )
        items.append(Item(speak_up.name or "Speaking up", details))
    return Section(
        "someone-else",
        "If you are worried about someone else",
        tuple(items),
        (note,),
    )


def _month(checked: str) -> str:
    """ "2026-12" as "in December 2026"; anything else as written."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", checked)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"in {MONTHS[int(found.group(2)) - 1]} {found.group(1)}"
    return f"on {checked}"


TITLE = "If today is hard"


def as_text(sections: Iterable[Section], width: int = 79) -> str:
    """The panel as plain lines, for `reflect support` (and a pipe)."""

    def wrapped(text: str, indent: int) -> list[str]:
        lead = " " * indent
        return textwrap.wrap(
            text, width, initial_indent=lead, subsequent_indent=lead
        ) or [lead]

    out = [TITLE, ""]
    for section in sections:
        if section.title:
            out.append(section.title)
        for item in section.items:
            out.extend(wrapped(item.name, 2))
            for detail in item.details:
                out.extend(wrapped(detail, 4))
        for note in section.notes:
            out.extend(wrapped(note, 2))
        out.append("")
    return "\n".join(out)


# ---- offering it --------------------------------------------------------------


def lowest_point(scores: Mapping[str, int]) -> bool:
    """Whether a check-in has any dimension at its hardest end (1)."""
    return any(value == 1 for value in scores.values())


LEAVING_STEP = "leaving"
"""The id of a heavy pack's last step: how the worker is leaving it."""


def lowest_answer(step: Step, answer: str) -> bool:
    """Whether a pack's "how are you" step got its lowest answer (the scale's
    1): a heavy pack's `leaving` step, or a scale marked `offer_support`
    (self-care's "how is your own wellbeing right now?"). Other scales, such
    as how clear a role feels, are about the work, not the worker."""
    how_are_you = step.offer_support or step.id == LEAVING_STEP
    return how_are_you and step.input == "scale" and answer.strip() == "1"


def top_line(organisation: Organisation | None, national: NationalLines) -> str:
    """The one line named after a hard check-in: the organisation's first
    that is open any time, else the national list's first UK-wide line open
    any time (Samaritans in reflect's own)."""
    if organisation is not None:
        # A line open only in office hours is the wrong one to name at 2am.
        any_time = [line for line in organisation.crisis if not line.hours]
        if any_time:
            return _reach(any_time[0])
    everyone = [n.line for n in national.lines if n.nation == UK]
    any_time = [line for line in everyone if not line.hours]
    lines = any_time or everyone or [n.line for n in national.lines]
    return _reach(lines[0])


def _reach(line: Line) -> str:
    if line.phone:
        return f"{line.name} on {line.phone}"
    return f"{line.name} (text {line.text})"


def after_checkin(organisation: Organisation | None, national: NationalLines) -> str:
    """The two calm lines `reflect checkin` writes after a hard score."""
    return (
        f"If today is hard, you can talk to someone: {top_line(organisation, national)}"
        ".\n'reflect support' shows more places to turn, whenever you want them."
    )
