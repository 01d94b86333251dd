"""Sample entries for `reflect --demo` and for screenshots.

Written in our own words, in the voice of a peer worker, and de-identified the
way we ask workers to write: roles, not names; months, not dates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from reflect.core.clock import Clock
from reflect.core.journal import Journal

SAMPLES: tuple[tuple[int, str, tuple[str, ...], str | None], ...] = (
    (
        41,
        "First week back after leave\n\nI was nervous about walking back onto the "
        "ward. The team were kind. I noticed I wanted to prove I was fine, and "
        "I think I said yes to too much on the first day.",
        ("self-care", "recovery"),
        None,
    ),
    (
        33,
        "Group went well today\n\nThe person who usually sits at the back spoke "
        "for the first time. I didn't push; I just made room. Mutuality "
        "working the way it should.",
        ("groups", "good-day"),
        None,
    ),
    (
        26,
        "Asked for my phone number again\n\nThe person I support asked for my "
        "personal number so they could text me at weekends. I said no and "
        "explained why, but I felt guilty all afternoon. Was I clear and kind "
        "enough?",
        ("boundaries",),
        "Help thinking about how to hold this boundary without feeling cold",
    ),
    (
        19,
        "Sharing my story in the team meeting\n\nA colleague asked me to talk "
        "about my own time in hospital to 'help the students understand'. I "
        "wasn't asked beforehand. I shared a little, then stopped.",
        ("disclosure", "team-culture"),
        "How to say no to disclosure I haven't chosen",
    ),
    (
        12,
        "Ending with someone I've supported for a year\n\nWe talked about the "
        "ending early, like we planned. They made a list of what has changed. "
        "I'll miss working with them and that's OK to say here.",
        ("endings",),
        None,
    ),
    (
        5,
        "Risk conversation felt rushed\n\nThe duty worker wanted a yes/no answer "
        "about safety. I know the person better than the form does. I need to "
        "speak up earlier next time.",
        ("risk", "moral-conflict"),
        None,
    ),
    (
        2,
        "Tired\n\nLong week. Slept badly. Noticing old patterns creeping in: "
        "skipping lunch, saying I'm fine. Booking a walk for Saturday.",
        ("self-care",),
        None,
    ),
)


def seed(journal: Journal, today: datetime) -> None:
    """Fill `journal` with the samples, dated back from `today`."""
    original: Clock = journal.now
    try:
        for days_ago, text, tags, ask in SAMPLES:
            moment = today - timedelta(days=days_ago, hours=3)
            journal.now = lambda moment=moment: moment  # type: ignore[misc]
            journal.add_note(text, tags=tags, for_supervision=ask is not None, ask=ask)
        journal.now = lambda: today - timedelta(hours=1)
        journal.save_note_draft(
            None,
            "Thinking about trust\n\nSomething about today's visit stayed with me. "
            "I want to come back to",
        )
    finally:
        journal.now = original
