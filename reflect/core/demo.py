"""Sample entries for `reflect --demo` and for screenshots.

Forty-odd entries over the five months before `today`, in the voice of one
invented peer worker: guided reflections with every shipped pack, quick notes
and three drafts. Every person and story is made up and de-identified the way
we ask workers to write (roles, not names; months, not dates), and good days
count too. The texts are TOML like the packs: theme-pack reflections live in
`demo_data`, the rest below. Answers are keyed by step id; an action ending
"(by +N)" is due N days after its entry. The same `today` gives the same journal.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from datetime import datetime, timedelta
from typing import Any

from reflect.core.clock import Clock
from reflect.core.demo_checkins import seed_checkins, seed_supervision
from reflect.core.demo_data import THEMED
from reflect.core.journal import Finish, Journal
from reflect.core.models import Template
from reflect.core.templates import load_library, shipped_dir

_DUE = re.compile(r"\(by \+(\d+)\)$")
_TICK = timedelta(minutes=2)
"""How far the clock moves at each reading while a sample is written."""
Item = dict[str, Any]
"""One sample as parsed from TOML."""


def seed(journal: Journal, today: datetime) -> None:
    """Fill `journal` with the samples, dated back from `today`.

    Everything is written in one transaction, oldest first, with the journal's
    clock set to each entry's moment; the clock is put back afterwards.
    """
    library = load_library([shipped_dir()])
    samples = sorted(
        ((_moment(today, item), kind, item) for kind, item in _samples()),
        key=lambda sample: sample[0],
    )
    original: Clock = journal.now
    try:
        with journal.store.write():
            for moment, kind, item in samples:
                journal.now = _ticking(moment)
                if "pack" in item:
                    pack = library.get(item["pack"])
                    _reflection(journal, pack, item, moment, kind == "draft")
                elif kind == "draft":
                    journal.save_note_draft(None, _note_text(item))
                else:
                    tags, ask = item.get("tags", ()), item.get("ask")
                    journal.add_note(_note_text(item), tags=tags, ask=ask)
    finally:
        journal.now = original
    seed_checkins(journal, library.get("wellbeing"), today)
    seed_supervision(journal, today)


def _ticking(moment: datetime) -> Clock:
    """A clock that starts at `moment` and moves on at each reading."""
    ticks = itertools.count()
    return lambda: moment + _TICK * next(ticks)


def _samples() -> list[tuple[str, Item]]:
    found: list[tuple[str, Item]] = []
    for document in (THEMED, SAMPLES):
        data = tomllib.loads(document)
        for kind in ("reflection", "note", "draft"):
            found.extend((kind, item) for item in data.get(kind, []))
    return found


def _moment(today: datetime, item: Item) -> datetime:
    hour, minute = (int(part) for part in item["when"]["time"].split(":"))
    day = today - timedelta(days=item["when"]["days_ago"])
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _note_text(item: Item) -> str:
    return f"{item['title']}\n\n{' '.join(item['text'].split())}"


def _reflection(
    journal: Journal, pack: Template, item: Item, moment: datetime, draft: bool
) -> None:
    """Answer the pack's steps in order; finish it, or leave a draft mid-way."""
    answers = {key: _response(value, moment) for key, value in item["answers"].items()}
    unknown = set(answers) - {step.id for step in pack.steps}
    if unknown:
        raise ValueError(f"{pack.id} has no step {sorted(unknown)[0]!r}")
    entry_id = journal.start_reflection(pack)
    last = 0
    for position, step in enumerate(pack.steps):
        if step.id in answers:
            journal.save_answer(entry_id, step, position, answers[step.id])
            last = position
        elif not step.optional and not draft:
            raise ValueError(f"{item['title']!r} skips the {step.id!r} step")
    if draft:
        # Saving remembers the step answered; a worker who stopped here
        # would come back to the next one.
        journal.set_current_step(entry_id, pack.steps[last + 1].id)
        return
    bring = [answers[s.id] for s in pack.steps if s.input == "supervision"]
    ask: str | None = item.get("ask")
    if bring:
        ask = bring[0].partition(":")[2].strip() or None
    journal.finish_reflection(
        entry_id,
        Finish(
            title=item["title"],
            tags=tuple(item.get("tags", ())),
            functions=tuple(item.get("functions", pack.functions)),
            for_supervision=bring[0].startswith("yes") if bring else bool(ask),
            ask=ask,
            shareable=item.get("shareable", False),
            private_note=_response(item.get("private_note", ""), moment) or None,
        ),
    )


def _response(value: str | list[str], moment: datetime) -> str:
    """Text as one paragraph; actions one a line, with "(by +N)" made a date."""
    if isinstance(value, str):
        return " ".join(value.split())
    return "\n".join(
        _DUE.sub(lambda m: f"(by {(moment + timedelta(days=int(m[1]))).date()})", line)
        for line in value
    )


SAMPLES = """
[[reflection]]
when = { days_ago = 151, time = "17:10" }
pack = "gibbs"
title = "First visit: talking through the letterbox"
tags = ["home-visits", "trust", "first-meeting"]
shareable = true
[reflection.answers]
description = '''My first visit to someone newly referred to me. They didn't open the
door, so we talked through the letterbox for twenty minutes, and then they let me in for
a cup of tea.'''
feelings = '''At first I felt a bit daft, crouched on a doorstep. Then I remembered how
I used to hide from anyone who knocked, and the daftness turned into patience.'''
evaluation = '''I didn't rush them or read out why I was there like a script. The harder
part was knowing I had another visit booked and watching the clock.'''
analysis = '''They've had a lot of professionals turn up with forms. Talking about
nothing much, the radio and their cat, showed them I wasn't there to assess anything.'''
conclusion = '''Going slowly can be the quickest way in. I also need more room between
visits when I'm meeting someone for the first time.'''
action_plan = ["Leave an hour clear after every first visit",
  "Ask the team to tell people it's a peer worker coming, not a nurse (by +7)"]
[[note]]
when = { days_ago = 147, time = "13:30" }
title = "Good supervision today"
tags = ["supervision", "good-day"]
text = '''My supervisor asked what I'd want the service to know about my first few
weeks, and really listened. I came away with two things to try and less of a knot in my
stomach.'''
[[reflection]]
when = { days_ago = 137, time = "18:05" }
pack = "quick"
title = "The quiet one spoke"
tags = ["groups", "good-day"]
shareable = true
[reflection.answers]
what = '''In the group today, the person who always sits nearest the door joined in for
the first time. They said mornings are the hardest, and three others nodded.'''
why = '''I've been tempted for weeks to draw them in, and I didn't. This is why we wait:
they chose their moment, and the group held it.'''
[[note]]
when = { days_ago = 124, time = "17:30" }
title = "'Are you allowed to read the risk history?'"
tags = ["team-culture", "stigma"]
ask = "How to answer questions like this without getting prickly"
text = '''A new colleague asked me that in the office, kindly enough. I said yes, I'm
part of the team and I read what I need to. I'm still irritated, and a bit sad that it
needed asking.'''
[[note]]
when = { days_ago = 111, time = "09:20" }
title = "Off for two weeks"
tags = ["self-care", "own-recovery"]
text = '''I rang my manager this morning and said I need a break. They were kind and
practical and didn't ask for a story. Relieved and guilty in equal measure, but this
time I asked early.'''
[[reflection]]
when = { days_ago = 92, time = "08:50" }
pack = "wellbeing"
title = "Check-in: steadier"
tags = ["check-in"]
[reflection.answers]
energy = "3"
satisfaction = "4"
carrying = "3"
connection = "3"
recovery = "3"
role = "3"
note = '''Better than a month ago. Still flagging by Thursday, but the weekends feel
like weekends again.'''
[[reflection]]
when = { days_ago = 88, time = "17:45" }
pack = "johns"
title = "They're drinking again"
tags = ["relapse", "addiction", "recovery"]
ask = "Untangling my disappointment from theirs"
[reflection.answers]
look_in = '''Tired and flat, and I've been carrying this all afternoon. Part of me feels
I've failed them, though I know that isn't how it works.'''
look_out = '''The person I support, sober for several months, told me they'd started
drinking again after a row with their family. They were ashamed and kept apologising to
me.'''
aesthetics = '''I wanted them to know nothing had changed between us. I said a lapse is
part of a lot of people's recovery, mine included, and asked what they wanted to do next
rather than telling them.'''
personal = '''Their shame looked so much like mine used to. Some of my disappointment
was about me, and how much I wanted this to go well.'''
reflexivity = '''I know from my own life that a lapse isn't the end of anything. My job
is to hold on to that for them on the days they can't.'''
support = ["Talk to the care coordinator about the drinking and the family row (by +2)",
  "Give them the details of the evening mutual aid meeting"]
[[reflection]]
when = { days_ago = 84, time = "15:10" }
pack = "what-so-what-now-what"
title = "Probation went better than expected"
tags = ["justice", "probation", "good-day"]
shareable = true
[reflection.answers]
what = '''I went with the person I support to their first probation appointment since
release. They'd been dreading it and nearly didn't come. The officer was straightforward
and respectful, and we were out in forty minutes.'''
so_what = '''I know that dread: walking into a building where you're the problem. They
said it was the first appointment in years that hadn't ended in a row.'''
now_what = '''I'd like to step back bit by bit so they can go on their own. Next time I
could wait outside, if they're happy with that.'''
actions = ["Agree with them how I'll step back over the next few appointments (by +14)"]
[[note]]
when = { days_ago = 77, time = "14:00" }
title = "They got the keys"
tags = ["housing", "homelessness", "good-day"]
text = '''The person I've supported since the hostel signed for their flat today. We
stood in the empty front room, they said 'it echoes', and then they laughed.'''
[[reflection]]
when = { days_ago = 73, time = "19:00" }
pack = "kolb"
title = "Opening the group differently"
tags = ["groups", "hope"]
shareable = true
[reflection.answers]
experience = '''I opened the group by asking for one good thing from the week, instead
of the usual round of how everyone is. It was quieter at first.'''
observation = '''People took longer to answer, but the answers were real: a phone call
with a sister, a decent night's sleep, a walk. The mood lifted and mostly stayed up.'''
conceptualisation = '''The usual round invites people to report problems, and we spend
the hour there. A small good thing first doesn't hide the hard stuff; it gives people a
foothold.'''
experimentation = [
  "Keep this opening for three more weeks, then ask the group (by +21)"]
[[reflection]]
when = { days_ago = 65, time = "17:20" }
pack = "four-lenses"
title = "'You're my friend, not my worker'"
tags = ["boundaries", "relationships"]
[reflection.answers]
mine = '''The person I support told me I'm not like the others, I'm their friend. I
smiled and changed the subject, and I've felt uneasy about it ever since.'''
person = '''I might be the one person in services who talks to them like a human being;
calling me a friend could be the best compliment they know. Changing the subject may
have felt like a door closing.'''
learning = '''My training set friendship against a relationship with a purpose. Ours is
warm and mutual, but it's there for their recovery, and one day it ends.'''
sense = '''The closeness is part of what works, and I needn't push it away. I do need to
be honest, kindly and before the ending, about what we are.'''
action = [
  "Talk with them about what our relationship is and isn't, at our next meeting"]
[[note]]
when = { days_ago = 54, time = "17:00" }
title = "Peer network meeting"
tags = ["peer-network", "lone-peer-worker", "good-day"]
text = '''First time at the regional meeting for peer workers. Half the room are the
only peer worker in their team too. Someone described my escort problem exactly, and how
they'd tackled it. Came home lighter.'''
[[reflection]]
when = { days_ago = 46, time = "16:15" }
pack = "gibbs"
title = "Talking to new staff about peer work"
tags = ["training", "disclosure", "good-day"]
functions = ["formative"]
shareable = true
[reflection.answers]
description = '''I ran the induction session on the peer role for new starters, on my
own for the first time. About fifteen people, mostly nurses.'''
feelings = '''Nervous beforehand, and then surprisingly at ease once the questions
started. Proud afterwards.'''
evaluation = '''Good, honest questions, including whether peer workers are 'stable
enough' for the job. Harder was keeping my own story out of it when the room wanted
it.'''
analysis = '''I'd built the session around what peer work does, not what happened to me,
which kept the focus where I wanted it. The awkward question came from curiosity, I
think, not hostility.'''
conclusion = '''I can talk about the role with confidence. I don't owe anyone my history
to make the case for it.'''
action_plan = ["Offer to run the session again next quarter",
  "Write down my answer to the 'stable enough' question so it's ready next time"]
[[reflection]]
when = { days_ago = 36, time = "17:40" }
pack = "quick"
title = "A phone call on the office line"
tags = ["benefits", "role-clarity"]
functions = ["formative"]
[reflection.answers]
what = '''The person I support rang the office upset because their benefits had been
stopped. I stayed on the line, helped them write down what to ask, and booked them in
with the welfare adviser for the next morning.'''
why = '''When I started I'd have tried to sort it all myself. This time I stayed in my
role, and it still helped.'''
next = ["Ask how the welfare appointment went (by +2)"]
[[note]]
when = { days_ago = 30, time = "21:40" }
title = "Tired"
tags = ["self-care"]
text = '''Long week. The old signs are back: skipping lunch, saying I'm fine. Nothing's
wrong exactly, I'm just running down. Walk booked with a friend on Sunday.'''
[[reflection]]
when = { days_ago = 24, time = "16:50" }
pack = "what-so-what-now-what"
title = "When they said they didn't want to be here"
tags = ["risk", "suicide-prevention", "crisis"]
ask = "Space to talk about how it affected me"
[reflection.answers]
what = '''On a walk, the person I support said everyone would be better off without
them. I asked directly whether they had plans. We sat on a bench and talked, then rang
the crisis line together.'''
so_what = '''I was calm in the moment and shaky afterwards. I know that place from the
inside, and I think it helped that I didn't flinch when they said it.'''
now_what = '''They have a safety plan and a visit from the crisis team tomorrow. I want
to keep seeing them as usual, so our time together doesn't become only about risk.'''
actions = ["Debrief with the duty worker before going home",
  "See them at our usual time next week (by +7)"]
[[note]]
when = { days_ago = 14, time = "13:20" }
title = "They've got a volunteering role"
tags = ["employment", "good-day"]
text = '''The person I support, who told me a few months ago that nobody would ever
employ them, starts volunteering at the community garden next week. I didn't do it; they
did. I just kept saying it was possible.'''
[[draft]]
when = { days_ago = 8, time = "19:30" }
pack = "gibbs"
[draft.answers]
description = '''In the team meeting, the psychiatrist described someone I support as
'not really motivated'. I said that isn't how they come across with me, and the
conversation moved on quickly.'''
feelings = '''Hot in the face and a bit shaky. Proud I'd said something, then worried
I'd overstepped.'''
evaluation = '''I said it calmly and kept it about the person, not the doctor. What was
harder is that nobody picked it up, so I don't know whether it landed at all.'''
[[reflection]]
when = { days_ago = 7, time = "17:50" }
pack = "kolb"
title = "Pausing before I share"
tags = ["disclosure", "skills"]
shareable = true
[reflection.answers]
experience = '''This week I tried asking myself one question before sharing anything
from my own life: whose need does this meet? I used it three times.'''
observation = '''Twice I kept quiet and asked a question, and the person carried on
talking. Once I shared, briefly, and it helped them say what they'd been holding
back.'''
conceptualisation = '''The pause turns sharing into a choice rather than a reflex. My
story is most useful when it opens the door for theirs, not when it fills the space.'''
experimentation = ["Keep using the question for another month (by +30)",
  "Bring it to the next peer network meeting"]
[[note]]
when = { days_ago = 4, time = "16:40" }
title = "Interview day"
tags = ["recruitment", "lone-peer-worker", "good-day"]
text = '''On the panel for the second peer worker post. One candidate said they wanted
the job because someone once sat on a waiting-room floor with them, and I had to look at
my notes for a moment. The team asked for a peer on the panel without me pushing.'''
[[draft]]
when = { days_ago = 2, time = "18:15" }
pack = "prepare"
[draft.answers]
went_well = '''The ending with the person I'd supported since I started went well, for
both of us. The team is recruiting a second peer worker, and I was on the panel.'''
hard = '''The discharge a couple of months ago still bothers me. So does the meeting
where I spoke up and nobody answered.'''
[[draft]]
when = { days_ago = 1, time = "21:05" }
title = "After the group"
text = '''Something one of the members said about trust stayed with me on the way home.
They said they'd only started to'''
"""
