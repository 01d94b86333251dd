"""Time, injected.

Core functions take a `now` callable instead of reading the system clock, so
tests and snapshots can fix the time. Timestamps are stored as ISO-8601 in UTC
with an explicit `+00:00` offset and microseconds: one fixed-width format that
sorts as text in the same order as in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock, timezone-aware."""
    return datetime.now(UTC)


def local_today(now: Clock) -> date:
    """The worker's own date by `now`: what a file named for today says."""
    return now().astimezone().date()


def iso(moment: datetime) -> str:
    """Store form of a moment: UTC, offset included, microseconds kept."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    """Read a stored or user-given timestamp; naive values are taken as local."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def local_display(text: str, fmt: str = "%d %b %Y %H:%M") -> str:
    """A stored timestamp shown in the worker's local time.

    One within a day of Python's first or last date cannot be moved to
    every time zone (imports now refuse them, see `in_range`, but a journal
    may already hold one): it is shown as stored rather than stopping every
    list it is in."""
    try:
        return parse_iso(text).astimezone().strftime(fmt)
    except (OverflowError, ValueError):
        return text


def in_range(moment: datetime) -> bool:
    """Whether a moment from a file can be kept and shown in any time zone:
    Python's dates run from year 1 to 9999, and one within a day of either
    end overflows when moved across time zones. Nobody reflects there."""
    return 2 <= moment.year <= 9998


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Month names in English whatever the machine's locale: what a worker
reads on the support page and a printed review stays the same everywhere."""
