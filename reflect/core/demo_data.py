"""The demo reflections written with the peer-work theme packs (see `demo`).

One invented peer worker's entries, oldest first, as TOML: `when` is days before
`today` and a time of day; answers are keyed by the pack's step ids.
"""

THEMED = """
[[reflection]]
when = { days_ago = 142, time = "16:45" }
pack = "boundaries"
title = "A card and a box of biscuits"
tags = ["boundaries", "gifts", "groups"]
functions = ["normative", "formative"]
[reflection.answers]
what = '''At the end of the group, one of the members gave me a handmade card and a box
of biscuits to say thank you for the last few months. They'd clearly put thought into
it, and the others were watching.'''
kind = "A gift or a favour"
felt = '''Warmth first, then a flash of worry about what the policy says. Afterwards I
kept going over whether I'd made the right call.'''
at-stake = '''Turning it down in front of the group could have felt like rejecting them.
The boundary is partly the service's gifts policy and partly mine: I don't want to
become special to one person in a group that belongs to everyone.'''
strengths = '''I thanked them properly and said the biscuits would go in the kitchen for
the whole team. I kept the card.'''
next = ["Read the gifts policy properly (by +5)",
  "Tell my manager about the card and the biscuits"]
bring = "no"
[[reflection]]
when = { days_ago = 132, time = "15:20" }
pack = "sharing-lived-experience"
title = "Saying I'd lived in a hostel too"
tags = ["disclosure", "outreach", "homelessness"]
private_note = '''The shakiness afterwards was about that year, and the nights I don't
talk about. I'd like to keep that out of any supervision record.'''
[reflection.answers]
what = '''On an outreach shift, someone at the hostel said nobody in services has a clue
what it's like in there. I told them I'd lived in a hostel for most of a year, a long
time ago.'''
why = '''They were about to walk off, and it felt like the one true thing I could offer.
It wasn't planned.'''
how-much = '''I said it in general terms, and that I never slept properly there. I kept
back how I ended up there; that isn't the point for them, and it's still mine.'''
landed = '''They looked at me properly for the first time and asked how I got out.
Afterwards I felt shaky, as if I'd opened a door I usually keep shut.'''
bring = "yes: Did I turn it back to them soon enough? And the shakiness afterwards"
[[reflection]]
when = { days_ago = 128, time = "12:40" }
pack = "role-and-team"
title = "The only peer worker, asked to do the chasing"
tags = ["role-clarity", "team-culture", "lone-peer-worker"]
[reflection.answers]
what = '''In the team meeting I was asked to chase missed appointments and do three
escorts a week, because I'm 'good at getting people to turn up'. Nobody asked what peer
work I'd have to drop to fit it in.'''
clarity = "2"
drift = '''Yes. Escorts can be good peer work when there's time to talk on the way, but
chasing attendance puts me on the service's side of the table.'''
alone = '''Being the only peer worker means I'm explaining the role and defending it at
the same time. Some weeks I feel like the team's mascot for recovery.'''
bring-to-team = '''I know what it's like to be the one who doesn't turn up, and why.
People tell me things they won't say in a review.'''
next = ["Write one page on what peer work is and isn't in this team (by +14)",
  "Ask my manager for ten minutes at the next team meeting"]
bring = "yes: Which tasks to say yes to, and how to say no without sounding precious"
[[reflection]]
when = { days_ago = 120, time = "16:00" }
pack = "risk"
title = "The park, not the office"
tags = ["risk", "positive-risk-taking", "team-working"]
functions = ["normative", "formative"]
shareable = true
[reflection.answers]
what = '''The person I support wants to meet in the park rather than at the base,
because the building reminds them of being sectioned. A colleague was worried about
meeting outdoors, given some self-harm earlier in the year.'''
their-view = '''They say the building is the risk: they go quiet in there and agree to
anything. Walking outside is when they can actually tell me how they are.'''
views = '''My colleague was looking at the history on the record; I was looking at
someone who has been open with me about bad days. We both want them safe, we just weigh
it differently.'''
worth-it = '''I think so. The real conversations happen when we walk, and that matters
more for their recovery than a tidy room.'''
did = '''I raised it in the team meeting rather than just going ahead. We agreed on the
park, with my phone on, a check-in with duty afterwards, and a plan for what I'd do if
they became very distressed.'''
settled = "4"
next = ["Write the walking plan into the notes together with the person (by +3)"]
bring = "no"
[[reflection]]
when = { days_ago = 116, time = "21:15" }
pack = "self-care"
title = "Stretched thin"
tags = ["self-care", "own-recovery", "workload"]
functions = ["restorative"]
private_note = '''Four or five hours' sleep most nights, the same pattern as before my
last bad patch. GP appointment booked for next week.'''
[reflection.answers]
what = '''A heavy few weeks: two people in crisis, a full group and extra escorts.
Tonight I snapped at home over nothing, then sat in the car for ten minutes before I
could go in.'''
now = "2"
stirred = '''One of the people in crisis is going through what I went through when
things first fell apart for me. Hearing them describe the same sleepless nights brought
a lot back.'''
signs = '''I skip lunch, stay up scrolling and tell everyone I'm fine. I start believing
that if I slow down, everything will collapse.'''
helps = '''Walking, sleep, my own peer group, and friends who don't work in services.
Hardly any of that has happened this month.'''
next = ["A proper lunch break away from my desk, every day this week",
  "Go back to my Thursday group"]
bring = "yes: Be honest about my workload, and think about whether I need time off"
[[reflection]]
when = { days_ago = 96, time = "18:30" }
pack = "returning-to-work"
title = "First week back"
tags = ["returning-to-work", "own-recovery"]
functions = ["restorative"]
private_note = '''Still on the new tablets and sleeping better. Not for anyone's
notes.'''
[reflection.answers]
what = '''Back on a phased return: three short days this week. The team had kept my desk
clear and someone had left a note saying welcome back.'''
feeling = "3"
pace = '''The short days are right, but I crammed every hour I had. I kept wanting to
prove I was fine.'''
adjustments = '''I asked for no new referrals for a fortnight and weekly supervision for
a month. Both were agreed without any fuss.'''
team = '''That I'm glad to be back, and that I'll say if I need to step back from
something. I don't want anyone tiptoeing around me.'''
strengths = '''I ran the group on Thursday and it felt like mine again. Someone said
they'd missed me, and I let myself enjoy it.'''
next = ["Keep Fridays free of visits until the phased return ends (by +21)"]
bring = "yes: Plan the rest of the phased return, and how I'm really doing"
[[reflection]]
when = { days_ago = 81, time = "16:30" }
pack = "trust"
title = "Asked to keep it from the team"
tags = ["trust", "confidentiality", "medication"]
[reflection.answers]
what = '''The person I support told me they'd stopped their medication three weeks ago
and asked me not to tell the team. They said the team would 'just up the dose' and stop
listening.'''
whose = "Both"
history = '''They've been detained before after stopping medication, so the team's worry
makes sense. From their side, every honest conversation has ended with something being
done to them.'''
grew = '''I didn't pretend I could keep it secret. I explained what I have to pass on
and why, and asked how they'd like the team to hear it. We agreed they'd tell their care
coordinator, with me in the room.'''
strain = '''For a moment they looked betrayed and said they'd thought I was different.
That stung.'''
next = ["Be there when they talk to the care coordinator (by +4)",
  "Go over what I can and can't keep confidential at our next meeting"]
bring = "yes: How I explained confidentiality, and whether I should have done it sooner"
[[reflection]]
when = { days_ago = 69, time = "16:40" }
pack = "mutuality-and-power"
title = "Talked about, not to"
tags = ["power", "care-review", "language"]
[reflection.answers]
what = '''At a care review, the doctor and the care coordinator talked about the person
I support in the third person while they sat right there. The decision about their
medication took about five minutes.'''
decided = '''The doctor made the final call. The person agreed, but I'm not sure
'agreed' is the right word when nobody asked them a real question.'''
my-power = '''More than I felt at the time. I'm staff, I'm allowed to speak in that
room, and we'd prepared together beforehand.'''
language = '''The words 'non-compliant' came up twice. Both times the person went very
still.'''
give-and-take = '''Before the review we'd written down three things they wanted to say.
Halfway through I asked whether they wanted to read them out, and they did.'''
next = ["Offer to prepare with people before every review",
  "Raise the words we use about people at a team meeting (by +30)"]
bring = "yes: How to raise the language with the team without it becoming a fight"
[[reflection]]
when = { days_ago = 61, time = "18:10" }
pack = "moral-conflict"
title = "Discharged for 'not engaging'"
tags = ["moral-distress", "discharge", "team-culture"]
private_note = '''When I was discharged like this years ago I didn't leave the house for
a month. I didn't say so in the meeting, and I'm still not sure whether I should
have.'''
[reflection.answers]
what = '''The team decided to discharge someone I support because they'd missed three
appointments. I'd seen them twice in that time, at the food bank and outside the
chemist, and both times they said they were struggling to get out.'''
values = '''Meeting people where they are. Calling missed appointments 'not engaging'
puts the whole problem on the person.'''
felt = '''Complicit, sitting in the meeting while it was agreed. I'm staff, but I'm also
someone who was once discharged in just the same way.'''
other-eyes = '''The team have long waiting lists and a duty to use appointments well.
They aren't uncaring; they're stretched.'''
voice = '''I said I'd been in touch with the person and that I thought they still wanted
support. I didn't push any further, because I was the only one saying it and I lost my
nerve.'''
integrity = '''I asked for the discharge letter to include my number and the drop-in
times, and that was agreed. I told the person myself, face to face.'''
next = ["Ask if there's a policy on discharging people still in touch with me (by +10)"]
bring = "yes: Finding my voice when I'm the only one who sees it differently"
[[reflection]]
when = { days_ago = 57, time = "15:50" }
pack = "endings"
title = "Starting to talk about the ending"
tags = ["endings"]
[reflection.answers]
what = '''My work with the person I've supported since my first weeks here ends in about
six weeks, when they start at the recovery college. We agreed the time frame at the
start, so it's no surprise.'''
kind = "Planned, and still ahead"
raised = '''I brought it up today on our walk. They went quiet, then said they'd been
counting the weeks too.'''
changed = '''They've gone from not answering the door to catching two buses on their own
to get to the group. They'd never say it, but they're the one who welcomes new people
now.'''
loss = '''I'm going to miss them, and I'm a bit afraid the next step will be too much.
That fear is mine to look after, not theirs.'''
next = [
  "Plan our last meetings together, and what they'd like the last one to be (by +14)",
  "Introduce them to someone at the recovery college before we finish"]
bring = "no"
[[reflection]]
when = { days_ago = 50, time = "20:30" }
pack = "compassion"
title = "Running low"
tags = ["compassion", "grief", "self-care"]
functions = ["restorative"]
[reflection.answers]
what = '''I heard today that someone who used to come to the group has died. We hadn't
worked together for a while, but I'd known them for more than a year.'''
level = "2"
drains = '''The news, on top of a full caseload and a run of people being turned away by
other services. I've noticed myself sighing before I pick up the phone.'''
worthwhile = '''The group itself. Last week two members swapped numbers and went for a
coffee without me, which is exactly the point.'''
returns = '''Time off that is really off, and talking to other peer workers who get it.
Remembering what it meant when someone stuck by me.'''
for-yourself = '''Not much. I've been telling myself I should be coping better.'''
next = ["Go to the remembrance the service is holding",
  "Let my manager know, so the team knows too"]
bring = "yes: Some time to talk about the death, and about feeling worn down"
[[reflection]]
when = { days_ago = 40, time = "18:20" }
pack = "boundaries"
title = "Same meeting, different roles"
tags = ["boundaries", "dual-relationships", "own-recovery"]
functions = ["normative", "restorative"]
private_note = '''I need that meeting more than I let on. Something to take to my
sponsor as well as supervision.'''
[reflection.answers]
what = '''At my own recovery meeting on Saturday, a person I support walked in and sat
down across the room. I'd never seen them there before.'''
kind = "Knowing each other outside the service"
felt = '''Panic at first. I wanted to leave, and then felt guilty for wanting to leave a
place that's mine as well. I didn't share that night, which isn't like me.'''
at-stake = '''My recovery needs that meeting, and theirs might too. It isn't my place to
tell them where they can go.'''
strengths = '''I nodded hello and left it to them whether to talk. At our next
appointment I raised it gently and we agreed how we'd handle it.'''
next = ["Find a second meeting for the weeks I need to share freely (by +14)"]
bring = "yes: My own recovery space, now that it overlaps with work"
[[reflection]]
when = { days_ago = 33, time = "15:30" }
pack = "sharing-lived-experience"
title = "Asked to tell my story on the spot"
tags = ["disclosure", "team-culture"]
[reflection.answers]
what = '''In a team meeting with students there, my manager asked me to 'tell them a bit
about your time in hospital'. Nobody had asked me beforehand.'''
why = '''I felt put on the spot. I didn't want to seem difficult in front of the
students.'''
how-much = '''A couple of sentences about how lonely a ward can feel, then I said I'd
rather talk about what peer workers do. I decided in the moment, which isn't how I like
to decide.'''
landed = '''The students seemed interested and one thanked me afterwards. I felt exposed
for the rest of the afternoon.'''
not-chosen = '''Yes, and not for the first time. It's as if my story belongs to the team
because I was hired for it.'''
next = ["Ask my manager to check with me before asking me to share (by +7)",
  "Prepare a short version of my story I'm comfortable giving"]
bring = "yes: Saying no to sharing I haven't chosen, without making it a big thing"
[[reflection]]
when = { days_ago = 20, time = "15:00" }
pack = "role-and-team"
title = "A second peer worker"
tags = ["role-clarity", "lone-peer-worker", "good-day"]
functions = ["formative"]
shareable = true
[reflection.answers]
what = '''The team has agreed to recruit a second peer worker, partly because of the
page I wrote about the role. I've been asked to sit on the interview panel.'''
clarity = "4"
drift = '''Less than before. I dropped the attendance chasing and kept two escorts a
week, which feels right.'''
bring-to-team = '''A way of being with people that isn't about assessing them. The team
now talk to me before they refer someone for peer support, which they didn't at the
start.'''
next = ["Help write the interview questions (by +10)"]
bring = "no"
[[reflection]]
when = { days_ago = 17, time = "18:00" }
pack = "endings"
title = "Our last meeting"
tags = ["endings", "good-day"]
functions = ["restorative"]
[reflection.answers]
what = '''Today was my last meeting with the person I've supported since my first weeks
here. They chose a café they used to be too anxious to walk into.'''
kind = "Planned, and now over"
changed = '''They have a place at the recovery college, two friends from the group and a
routine of their own. They said what helped most was that I kept coming back after the
letterbox.'''
acknowledge = '''Yes. They'd written a list of what had changed, and I told them what
I'd learned from them, which surprised them.'''
loss = '''Sad, proud and a bit empty. It's right that it's over, and I'll miss them.'''
bring = "yes: A little time to mark the ending for me"
[[reflection]]
when = { days_ago = 12, time = "17:10" }
pack = "mutuality-and-power"
title = "Paying people for their time"
tags = ["co-production", "power", "groups"]
functions = ["formative"]
[reflection.answers]
what = '''Group members have been helping us rewrite the leaflet about the group. The
staff are paid for their hours in the room; the members were offered biscuits.'''
decided = '''Whoever holds the budget decided, before anyone asked the group. Nobody
meant any harm; it just didn't occur to them.'''
my-power = '''I'm in the room when budgets come up, and I know the involvement policy. I
hadn't used either.'''
give-and-take = '''Their words are all over the new leaflet. They showed me how it reads
to someone who's just been referred.'''
next = ["Ask for vouchers from the involvement budget for the leaflet group (by +14)"]
bring = "no"
[[reflection]]
when = { days_ago = 10, time = "16:30" }
pack = "trust"
title = "A call I forgot to return"
tags = ["trust", "mistakes"]
functions = ["formative"]
[reflection.answers]
what = '''I forgot to ring someone back on Friday when I'd promised I would. They'd
waited in all afternoon.'''
whose = "My trust in myself"
history = '''They've been let down by a lot of services, and I'd told them I'd be
different. Since then I've been doubting whether I'm any good at this.'''
grew = '''I rang first thing on Monday, said sorry without making excuses, and asked
what the waiting had been like. They said it was annoying, but I was the first worker
who'd ever apologised.'''
next = ["Put every promised call in my diary with a reminder, there and then"]
bring = "no"
[[reflection]]
when = { days_ago = 5, time = "20:10" }
pack = "self-care"
title = "Steadier than I was"
tags = ["self-care", "own-recovery", "good-day"]
functions = ["restorative"]
[reflection.answers]
what = '''Nothing in particular happened; I wanted to check in with myself after a busy
fortnight. Busy in the ordinary way, not the frightening way.'''
now = "4"
signs = '''The old ones: skipping lunch, late nights, saying I'm fine. I noticed two of
them this week and did something about it.'''
helps = '''Walking at the weekend, my own meeting, and leaving the laptop at work. Most
of that is back in place.'''
who = '''My supervisor, the peer network, two friends outside work, and my sponsor. It's
a longer list than it was a few months ago.'''
bring = "no"
[[reflection]]
when = { days_ago = 3, time = "11:30" }
pack = "risk"
title = "Back to the pub quiz"
tags = ["risk", "positive-risk-taking", "addiction"]
functions = ["normative", "formative"]
[reflection.answers]
what = '''The person I support, who stopped drinking last year, wants to rejoin their
old pub quiz team. The nurse on the team thinks it's a relapse waiting to happen and
said so in the review.'''
their-view = '''For them it's about friends and feeling normal again; it's the only part
of their old social life that wasn't about drinking. They have a plan: soft drinks, home
by ten, and a call to their sponsor on the way.'''
views = '''The nurse sees a pub. I see someone building a life that's bigger than not
drinking. Pubs were hard for me for a long time, so I'm not naive about it either.'''
did = '''I asked for their plan to go in the notes alongside the nurse's concern, so
both views are there. We agreed to review it in a month.'''
settled = "3"
next = ["Go over the quiz plan with them after the first two weeks (by +14)"]
bring = "yes: Holding my view on positive risk when a clinical colleague disagrees"
"""
