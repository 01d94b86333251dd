"""How long the identifying-details check takes on a long answer.

Not a unit test (pytest skips tests/bench): run it directly, from anywhere:

    python tests/bench/bench_privacy.py

The writer calls `scan` at every pause in typing, so it must stay well under
5 ms for a 2,000-word answer. Absolute times depend on the machine, so two
baselines are measured over the same text in the same run, and each figure is
also given as a ratio to them.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 200
WORDS = 2_000
WATCH_LIST = ("Kez", "Siân", "Oak House", "Mary-Jane", "Tomasz", "Priya", "Jo")

SENTENCES = (
    "I met the person I support at the drop-in this morning.",
    "We talked about how the last few weeks had gone since the move.",
    "I noticed I was rushing to fill the silences, which I often do when anxious.",
    "What went well was that I listened rather than jumping to advice.",
    "It was hard when he spoke about his brother, because it echoed my own story.",
    "I chose not to share that part of my recovery; it did not feel useful to him.",
    "Looking back, I think the boundary was right, but I could have named it.",
    "My supervisor asked last time what I want from supervision on endings.",
    "We had agreed 3 sessions and we are on the second one now.",
    "The hostel keyworker rang at 14:30 and we spoke for about 20 minutes.",
    "Back in March 2026 I would not have felt able to say no to that request.",
    "The service is meant to be 24/7 but the night cover is thin.",
    "He asked to borrow £40 and I said I could not, and explained why.",
    "I felt a pull to rescue, and then a wave of tiredness afterwards.",
    "Next time I will check in with myself before the session, not after.",
    "The team meeting felt tense; a colleague said peer roles are not real jobs.",
    "I want to bring that to supervision, because it keeps recurring.",
    "Mutuality matters here: I am not the expert on his life.",
    "We explored what he wants to move towards, rather than away from.",
    "I wrote down three things that helped me stay steady.",
)
IDENTIFIERS = (
    "Kez said she would come back on Tuesday.",
    "She mentioned it happened on 12 March 2026, just before the review.",
    "He gave me his number, 07700 900123, which I did not need.",
    "Her new flat is near LS6 2DE, close to the old one.",
    "The letter had her NHS number, 943 476 5919, on the front.",
    "The referral came from a.worker@example.org late on Friday.",
)


def build_answer(words: int = WORDS, seed: int = 2026) -> str:
    """A realistic reflective answer of about `words` words, with a few
    identifying details sprinkled through it."""
    rng = random.Random(seed)
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(SENTENCES)
        sentences.append(sentence)
        count += len(sentence.split())
    step = len(sentences) // (len(IDENTIFIERS) + 1)
    for index, identifier in enumerate(IDENTIFIERS, start=1):
        sentences[index * step] = identifier
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)


def timings(work: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median and minimum in milliseconds, after one warm-up call."""
    work()
    samples: list[float] = []
    for _ in range(runs):
        began = time.perf_counter_ns()
        work()
        samples.append((time.perf_counter_ns() - began) / 1e6)
    return statistics.median(samples), min(samples)


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from reflect.core.privacy import scan

    text = build_answer()
    found = scan(text, WATCH_LIST)
    word_pattern = re.compile(r"\w+")
    rows = {
        "text.lower()": timings(text.lower),
        r"re \w+ findall": timings(lambda: word_pattern.findall(text)),
        "scan(text)": timings(lambda: scan(text)),
        "scan(text, watch list)": timings(lambda: scan(text, WATCH_LIST)),
    }
    lower = rows["text.lower()"][0]
    words = rows[r"re \w+ findall"][0]
    print(f"{len(text.split())} words, {len(text)} characters, {RUNS} runs each")
    print(f"{len(found)} findings: {', '.join(f.kind for f in found)}")
    heading = ("", "median ms", "min ms", "x lower", "x \\w+")
    print("{:24} {:>10} {:>8} {:>9} {:>7}".format(*heading))
    for name, (median, least) in rows.items():
        print(
            f"{name:24} {median:10.3f} {least:8.3f} "
            f"{median / lower:9.1f} {median / words:7.2f}"
        )
    budget = rows["scan(text, watch list)"][0]
    verdict = "within" if budget < 5 else "OVER"
    print(f"scan with a watch list: {budget:.2f} ms median, {verdict} the 5 ms aim")


if __name__ == "__main__":
    main()
