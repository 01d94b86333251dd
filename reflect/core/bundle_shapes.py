"""What a share and a feedback body must hold before any of it is kept.

A body that decrypted is authentic, not trustworthy: anyone who knows the
agreed passphrase can seal whatever they like. `bundles.open_bundle` has
already refused deep nesting, huge numbers and broken text; here each field
the importers and readers use is checked for its type and range, so nothing
later meets a list where it expects text, a version SQLite cannot hold, or a
time it cannot show. Fields reflect does not read are left alone (a newer
reflect may add some).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from reflect.core.clock import parse_iso
from reflect.core.errors import BadBundle

MAX_VERSION = 2**31
"""Far more versions of one entry than anyone will ever share."""

Check = Callable[[object], bool]


def _text(value: object) -> bool:
    return isinstance(value, str)


def _some_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _maybe_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _version(value: object) -> bool:
    return type(value) is int and 1 <= value <= MAX_VERSION


def _moment(value: object) -> bool:
    """A timestamp the readers can show in local time without failing."""
    if not isinstance(value, str):
        return False
    try:
        moment = parse_iso(value)
        moment.astimezone(UTC)
        moment.astimezone()
    except (ValueError, OverflowError):
        return False
    return True


def _record(fields: dict[str, Check]) -> Check:
    """An object whose named fields each pass their check (missing is None)."""

    def check(value: object) -> bool:
        return isinstance(value, dict) and all(
            ok(value.get(name)) for name, ok in fields.items()
        )

    return check


def _list_of(item: Check, *, optional: bool = True) -> Check:
    def check(value: object) -> bool:
        if value is None:
            return optional
        return isinstance(value, list) and all(item(x) for x in value)

    return check


def _or_none(inner: Check) -> Check:
    return lambda value: value is None or inner(value)


_ANSWER = _record(
    {
        "step_id": _some_text,
        "question": _maybe_text,
        "input_type": _maybe_text,
        "response": _maybe_text,
    }
)
_SNAPSHOT = _record(
    {
        "id": _some_text,
        "version": _version,
        "title": _maybe_text,
        "ask": _maybe_text,
        "tags": _list_of(_text),
        "answers": _list_of(_ANSWER),
    }
)
_SHARE = _record(
    {
        "bundle_id": _some_text,
        "sender_journal_id": _some_text,
        "sender_name": _maybe_text,
        "recipient_journal_id": _maybe_text,
        "entries": _list_of(_SNAPSHOT),
        "agenda": _maybe_text,
        "wellbeing": _maybe_text,
        "session": _or_none(_record({"id": _some_text, "day": _maybe_text})),
    }
)
_FEEDBACK = _record(
    {
        "bundle_id": _some_text,
        "sender_journal_id": _some_text,
        "sender_name": _maybe_text,
        "recipient_journal_id": _some_text,
        "comments": _list_of(
            _record(
                {
                    "id": _some_text,
                    "entry_id": _some_text,
                    "version": _version,
                    "step_id": _maybe_text,
                    "body": _text,
                    "created_at": _moment,
                }
            )
        ),
        "reviewed": _list_of(
            _record({"entry_id": _some_text, "version": _version, "at": _moment})
        ),
        "signoffs": _list_of(_record({"session_id": _some_text, "at": _moment})),
    }
)


def check_share(body: dict[str, Any]) -> None:
    """Refuse a share body whose fields are not what reflect writes."""
    if not _SHARE(body):
        raise BadBundle("the share bundle is damaged inside")


def check_feedback(body: dict[str, Any]) -> None:
    """Refuse a feedback body whose fields are not what reflect writes."""
    if not _FEEDBACK(body):
        raise BadBundle("the feedback bundle is damaged inside")
