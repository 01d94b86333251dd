"""A seeded generator of realistic reflective-journal entries.

The same (size, seed) always gives the same entries, so reflect and jrnl are
timed on the same texts and cached journals can be rebuilt exactly. Texts are
put together from our own word lists and sentence templates: varied enough
that full-text search has a realistic vocabulary to index (some words common,
most rare), with answers of 100 to 400 words, quick notes and guided
reflections across the shipped packs, tags, and the odd private note.

Nothing here touches a journal; `build.py` writes what this yields.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

GENERATOR_VERSION = 1
"""Bump when the texts change, so cached journals are rebuilt."""

END = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)
"""The newest entry is just before this moment; the clock in-process uses it."""
YEARS = 6
"""Entries are spread evenly over this many years before `END`."""

SEARCH_WORD = "allotment"
"""The word searched for: a specific thing a worker might remember writing."""
SEARCH_PREFIX = "allot"
"""What has been typed of it when search-as-you-type runs."""
TAG = "housing"
"""The tag filtered on (a moderately common one)."""

# ---- vocabulary ------------------------------------------------------------

PEOPLE = (
    "the person I support", "the man I have been seeing", "the woman I support",
    "the young person", "the older gentleman", "the new referral", "my colleague",
    "the care coordinator", "the team lead", "my supervisor", "the duty worker",
    "the support worker", "the hostel keyworker", "the probation officer",
    "the social worker", "the nurse on shift", "the group", "the family",
    "the housing officer", "another peer worker", "the volunteer", "the GP",
)  # fmt: skip
PLACES = (
    "the drop-in", "the day centre", "the hostel", "the ward", "the café",
    "the office", "the bus stop", "the library", "the park",
    "the recovery college", "the food bank", "the court", "the job centre",
    "the surgery", "the community hall", "their flat", "the waiting room",
    "the kitchen", "the corridor", "the garden", "the chemist", "the bench outside",
    "the church hall", "the gym", "the launderette", "the station", "the market",
)  # fmt: skip
FEELINGS = (
    "anxious", "steady", "tired", "hopeful", "irritated", "moved", "uneasy",
    "proud", "flat", "relieved", "stretched", "calm", "guilty", "protective",
    "unsure", "grateful", "drained", "encouraged", "rattled", "curious",
    "frustrated", "warm", "helpless", "lighter", "overwhelmed", "content",
    "ashamed", "respected", "invisible", "tender", "restless", "glad",
)  # fmt: skip
ACTIVITIES = (
    "a walk", "a cup of tea", "a benefits form", "a housing appeal", "a phone call",
    "a group session", "a home visit", "a ward round", "a review meeting",
    "a court date", "a GP appointment", "a job interview", "a cooking session",
    "a relapse plan", "a safety plan", "a handover", "a referral", "a team meeting",
    "a training day", "a supervision session", "a gardening morning",
    "a music session", "an art group", "a welfare check", "a tenancy visit",
    "a dentist appointment", "a budgeting session", "a volunteering shift",
)  # fmt: skip
TOPICS = (
    "boundaries", "trust", "endings", "self-care", "risk", "disclosure",
    "power", "mutuality", "hope", "stigma", "burnout", "loneliness", "shame",
    "money", "sleep", "family", "housing", "benefits", "medication", "cravings",
    "anger", "grief", "loss", "recovery", "confidence", "motivation", "routine",
    "friendship", "work", "faith", "identity", "respect", "choice", "control",
    "safety", "belonging", "patience", "pacing", "purpose", "honesty",
)  # fmt: skip
TIMES = (
    "this morning", "this afternoon", "last night", "on Monday", "on Tuesday",
    "on Wednesday", "on Thursday", "on Friday", "at the weekend", "last week",
    "earlier today", "before lunch", "after the handover", "at the end of my shift",
    "during the group", "on the way back", "first thing", "late in the day",
)  # fmt: skip
DETAILS = (
    "the kettle", "a parcel", "the rota", "a voicemail", "the leaflet",
    "the form", "the keys", "a letter", "the minutes", "a photo", "the bus fare",
    "a voucher", "the diary", "a sandwich", "the radio", "a jigsaw", "the plant",
    "an umbrella", "the noticeboard", "a timetable", "the dog", "a bicycle",
    "the football", "a guitar", "the crossword", "a blanket", "the heater",
    "a birthday card", "the calendar", "a notebook", "the lift", "a candle",
    "a seed tray", "the chess set", "a library card",
    "the payslip", "a prescription", "the microwave", "a hairbrush",
)  # fmt: skip
VERBS = (
    "noticed", "wondered", "remembered", "decided", "realised", "admitted",
    "explained", "asked", "suggested", "agreed", "listened", "waited", "doubted",
    "hoped", "worried", "learned", "felt", "chose", "tried", "managed",
)  # fmt: skip
ADVERBS = (
    "quietly", "slowly", "honestly", "gently", "carefully", "openly", "briefly",
    "warmly", "firmly", "awkwardly", "calmly", "plainly", "patiently",
)  # fmt: skip

TEMPLATES = (
    "I met {person} at {place} {time} and we talked about {topic}.",
    "I felt {feeling} when {person} mentioned {detail}.",
    "We spent most of the time on {activity}, which went better than I expected.",
    "Looking back, I {verb} that {topic} was underneath most of what was said.",
    "{time_cap}, {person} {verb} that {activity} felt too much right now.",
    "I {adverb} named the boundary around {topic}, and it held.",
    "It reminded me of my own {topic}, and I chose not to share that part.",
    "I was {feeling} and a little {feeling2} afterwards.",
    "Next time I want to slow down before {activity}.",
    "{person_cap} and I sat in {place} with {detail} between us.",
    "What helped was {activity} and a few minutes of quiet.",
    "I {verb} how much {topic} still matters to me in this role.",
    "There was a moment about {detail} that I keep coming back to.",
    "The hardest part was staying {feeling} while {person} talked about {topic}.",
    "I think I got {topic} about right, though I could have said it sooner.",
    "We agreed to look at {activity} together {time}.",
    "I want to bring {topic} to supervision because it keeps coming round.",
    "Afterwards I went for a walk past {place} to settle.",
    "{person_cap} {adverb} asked about {detail}, and I answered as myself.",
    "I noticed a pull to rescue, then a wave of {feeling} tiredness.",
    "It felt like mutual respect, not me being the expert on their life.",
    "The conversation about {topic} turned to {topic2} halfway through.",
    "I wrote down three things that kept me {feeling} today.",
    "Some of what I felt was about me, not about {person}.",
    "We laughed about {detail}, and that changed the whole afternoon.",
    "I {verb} that I had been carrying {topic} since {time}.",
    "The plan is {activity} and then checking in about {topic}.",
    "I was {adverb} honest that I did not know the answer about {topic}.",
)  # fmt: skip

TITLE_TEMPLATES = (
    "{activity_cap} at {place}", "Thinking about {topic}", "{feeling_cap} after {activity}",
    "{topic_cap} and {topic2}", "A conversation about {detail}", "{time_cap} at {place}",
    "When {topic} came up again", "Notes on {topic}", "{feeling_cap} about {topic}",
    "What {detail} taught me", "{activity_cap}, and what came after",
)  # fmt: skip

ACTION_TEMPLATES = (
    "Ask the team about {activity}", "Book {activity} for next week",
    "Read up on {topic}", "Check in with {person} about {detail}",
    "Talk to my supervisor about {topic}", "Leave time after {activity}",
    "Find out more about {place}", "Try a short walk after {activity}",
)  # fmt: skip

NOTE_PACK = "note"
TAGS = (
    "good-day", "boundaries", "housing", "groups", "self-care", "supervision",
    "team", "home-visits", "recovery", "trust", "risk", "endings", "stigma",
    "lived-experience", "benefits", "justice", "addiction", "family", "training",
    "first-meeting", "relapse", "grief", "money", "pacing", "hope", "hostel",
    "ward", "court", "youth", "older-people", "women", "men", "crisis", "sleep",
    "volunteering", "celebration", "feedback", "reflection", "mistake", "learning",
)  # fmt: skip
PACKS_SKIPPED = ("wellbeing", "prepare")
"""Check-ins are their own rows; `prepare` is the supervision finder."""


@dataclass
class GenAnswer:
    step_id: str
    position: int
    question: str
    input_type: str
    response: str


@dataclass
class GenEntry:
    id: str
    created: datetime
    kind: str
    title: str
    template_id: str | None = None
    template_version: str | None = None
    status: str = "complete"
    current_step: str | None = None
    functions: str = ""
    for_supervision: bool = False
    ask: str | None = None
    shareable: bool = False
    answers: list[GenAnswer] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    private_note: str | None = None
    actions: list[str] = field(default_factory=list)


class Writer:
    """Sentences and answers from a seeded pool of filled-in templates."""

    def __init__(self, rng: random.Random, pool_size: int = 30_000) -> None:
        self.rng = rng
        self.pool = [self._sentence(rng.choice(TEMPLATES)) for _ in range(pool_size)]
        self.lengths = [len(s.split()) for s in self.pool]
        # A few rare sentences, so a specific word is in some entries, not most.
        self.rare = [
            self._sentence(t)
            for t in (
                "We planted onions on the {place2} allotment plot, which felt like progress.",
                "{person_cap} talked about the allotment their father kept.",
            )
            for _ in range(50)
        ]
        self.tag_weights = [1 / (rank + 1) for rank in range(len(TAGS))]

    def _fill(self) -> dict[str, str]:
        r = self.rng
        person, place, topic = r.choice(PEOPLE), r.choice(PLACES), r.choice(TOPICS)
        when, feeling, activity = (
            r.choice(TIMES),
            r.choice(FEELINGS),
            r.choice(ACTIVITIES),
        )
        return {
            "person": person, "person_cap": person[0].upper() + person[1:],
            "place": place, "place2": r.choice(("shared", "community", "new")),
            "topic": topic, "topic2": r.choice(TOPICS),
            "topic_cap": topic[0].upper() + topic[1:],
            "time": when, "time_cap": when[0].upper() + when[1:],
            "feeling": feeling, "feeling2": r.choice(FEELINGS),
            "feeling_cap": feeling[0].upper() + feeling[1:],
            "activity": activity, "activity_cap": activity[0].upper() + activity[1:],
            "detail": r.choice(DETAILS), "verb": r.choice(VERBS),
            "adverb": r.choice(ADVERBS),
        }  # fmt: skip

    def _sentence(self, template: str) -> str:
        return template.format(**self._fill())

    def title(self) -> str:
        return self._sentence(self.rng.choice(TITLE_TEMPLATES))

    def action(self) -> str:
        return self._sentence(self.rng.choice(ACTION_TEMPLATES))

    def answer(self, low: int = 100, high: int = 400) -> str:
        """One answer of `low` to `high` words, in paragraphs of 3 to 7 sentences."""
        r = self.rng
        target = r.randint(low, high)
        picks = r.choices(range(len(self.pool)), k=target // 9 + 8)
        sentences: list[str] = []
        words = 0
        for index in picks:
            if words >= target:
                break
            sentences.append(self.pool[index])
            words += self.lengths[index]
        if r.random() < 0.012:
            sentences.insert(r.randrange(len(sentences)), r.choice(self.rare))
        paragraphs: list[str] = []
        start = 0
        while start < len(sentences):
            size = r.randint(3, 7)
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        return "\n\n".join(paragraphs)

    def tags(self) -> tuple[str, ...]:
        count = self.rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0]
        chosen = self.rng.choices(TAGS, weights=self.tag_weights, k=count)
        return tuple(dict.fromkeys(chosen))


def moments(size: int, rng: random.Random) -> list[datetime]:
    """`size` moments over `YEARS` years, oldest first, in waking hours."""
    days = YEARS * 365
    start = END - timedelta(days=days)
    found = []
    for _ in range(size):
        day = rng.randrange(days)
        minute = rng.randrange(8 * 60, 21 * 60)
        second = rng.randrange(60)
        found.append(start + timedelta(days=day, minutes=minute, seconds=second))
    found.sort()
    return found


def entries(
    size: int, seed: int, packs: list, batch: int = 2_000
) -> Iterator[list[GenEntry]]:
    """The journal's entries, oldest first, `batch` at a time.

    `packs` are the shipped prompt packs (reflect's `Template`s): reflections
    answer their steps in order; notes are one answer with a title line.
    """
    rng = random.Random(f"reflect-bench/{seed}")
    writer = Writer(rng)
    usable = [p for p in packs if p.id not in PACKS_SKIPPED]
    times = moments(size, rng)
    draft_left = max(1, min(20, size // 500))
    out: list[GenEntry] = []
    for index, moment in enumerate(times):
        ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        newest = index >= size - draft_left * 10
        draft = newest and rng.random() < 0.1
        if rng.random() < 0.45:
            entry = _note(writer, ident, moment, draft)
        else:
            entry = _reflection(writer, ident, moment, rng.choice(usable), draft)
        out.append(entry)
        if len(out) >= batch:
            yield out
            out = []
    if out:
        yield out


def _note(writer: Writer, ident: str, moment: datetime, draft: bool) -> GenEntry:
    title = writer.title()
    text = f"{title}\n\n{writer.answer()}"
    entry = GenEntry(
        ident, moment, "note", title, status="draft" if draft else "complete"
    )
    entry.answers.append(GenAnswer("note", 0, "", "text", text))
    if not draft:
        entry.tags = writer.tags()
        entry.for_supervision = writer.rng.random() < 0.05
        entry.ask = (
            writer._sentence("Talking through {topic}")
            if entry.for_supervision
            else None
        )
    return entry


def _reflection(
    writer: Writer, ident: str, moment: datetime, pack, draft: bool
) -> GenEntry:
    r = writer.rng
    entry = GenEntry(
        ident, moment, "reflection", "", template_id=pack.id,
        template_version=pack.version, functions=",".join(pack.functions),
    )  # fmt: skip
    steps = list(pack.steps)
    stop = r.randrange(1, len(steps)) if draft and len(steps) > 1 else len(steps)
    bring: str | None = None
    for position, step in enumerate(steps[:stop]):
        if step.optional and r.random() > 0.3:
            continue
        if step.input == "text":
            response = writer.answer()
        elif step.input == "scale":
            response = str(r.randint(1, 5))
        elif step.input == "choice":
            response = r.choice(step.choices) if step.choices else "other"
        elif step.input == "action":
            lines = [writer.action() for _ in range(r.randint(1, 3))]
            entry.actions = lines
            response = "\n".join(lines)
        elif step.input == "supervision":
            wants = r.random() < 0.15
            bring = writer._sentence("Thinking through {topic} with my supervisor")
            response = f"yes: {bring}" if wants else "no"
            bring = bring if wants else None
        else:  # tags and any future input: a few words
            response = " ".join(writer.tags())
        entry.answers.append(
            GenAnswer(step.id, position, step.question, step.input, response)
        )
    first_text = next((a.response for a in entry.answers if a.input_type == "text"), "")
    if draft:
        entry.status = "draft"
        entry.current_step = steps[stop].id if stop < len(steps) else steps[-1].id
        entry.title = first_text.split(".")[0][:80] if first_text else ""
        entry.actions = []
        return entry
    entry.title = writer.title()
    entry.tags = writer.tags()
    entry.for_supervision = bring is not None or r.random() < 0.05
    entry.ask = bring or (
        writer._sentence("What to do about {topic}") if entry.for_supervision else None
    )
    entry.shareable = r.random() < 0.1
    if r.random() < 0.05:
        entry.private_note = writer.answer(20, 60)
    return entry
