"""In-process figures for reflect alone, on one journal; prints JSON.

Run by `run.py` in a fresh interpreter per journal size (so memory and caches
of one size never help another):

    REFLECT_PASSPHRASE=... python tests/bench/inproc.py HOME --runs 5

Every figure is the median and minimum of several runs after one warm-up.
The journal is opened with the default key derivation, through the same
`JournalAccess` the app uses; the clock is fixed just after the newest entry.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))

import corpus  # noqa: E402


def timed(work: Callable[[], object], runs: int) -> dict[str, float]:
    work()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    return {
        "median_ms": statistics.median(samples),
        "min_ms": min(samples),
        "runs": runs,
    }


async def tui_open_once(access, passphrase: str, library) -> float:
    """Seconds from creating the app to home mounted and painted."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.screens.home import HomeScreen

    began = time.perf_counter()
    app = ReflectApp(access, passphrase=passphrase, library=library)
    async with app.run_test(headless=True, size=(110, 40)) as pilot:
        while not (isinstance(app.screen, HomeScreen) and app.screen.is_mounted):
            await pilot.pause()
        await pilot.pause()  # let the first refresh of home be painted
        elapsed = time.perf_counter() - began
        await app.action_quit()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    passphrase = os.environ["REFLECT_PASSPHRASE"]

    import bench_privacy

    from reflect.core.access import JournalAccess
    from reflect.core.export.entries import entry_markdown
    from reflect.core.paths import JournalPaths
    from reflect.core.privacy import scan
    from reflect.core.templates import load_library, shipped_dir

    now = corpus.END + timedelta(hours=1)
    clock = lambda: now  # noqa: E731
    access = JournalAccess(JournalPaths(args.home), now=clock)
    library = load_library([shipped_dir()])
    out: dict[str, dict[str, float]] = {}

    samples = [asyncio.run(tui_open_once(access, passphrase, library))]  # warm-up
    samples = [asyncio.run(tui_open_once(access, passphrase, library)) * 1000
               for _ in range(args.runs)]  # fmt: skip
    out["tui_open"] = {"median_ms": statistics.median(samples), "min_ms": min(samples),
                       "runs": args.runs}  # fmt: skip

    journal = access.open(passphrase)
    rng = random.Random(7)
    ids = [r[0] for r in journal.store.conn.execute(
        "SELECT id FROM entries WHERE kind = 'reflection' AND status = 'complete'"
    )]  # fmt: skip
    picks = rng.sample(ids, min(len(ids), 50))
    cycle = iter(picks * 1000)
    out["open_entry"] = timed(
        lambda: entry_markdown(journal.entries.get(next(cycle))), 50
    )
    out["search_query"] = timed(
        lambda: journal.search.find(corpus.SEARCH_PREFIX, limit=50), 50
    )  # the search screen's limit
    check_in = library.get("wellbeing")
    out["agenda_build"] = timed(lambda: journal.agenda.gather(check_in), 20)
    pack = library.get("gibbs")
    draft = journal.reflections.start(pack)
    writer = corpus.Writer(random.Random(3), pool_size=2000)
    texts = [writer.answer() for _ in range(10)]
    turn = iter(range(10**6))
    out["autosave"] = timed(
        lambda: journal.reflections.save_answer(
            draft, pack.steps[0], 0, texts[next(turn) % 10]
        ),
        50,
    )
    journal.entries.discard(draft)
    journal.store.close()
    answer = bench_privacy.build_answer()
    out["privacy_scan"] = timed(lambda: scan(answer, bench_privacy.WATCH_LIST), 50)
    out["privacy_scan"]["words"] = len(answer.split())
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
