"""What SQLCipher's `PRAGMA cipher_memory_security = ON` costs reflect.

Not a unit test (pytest skips tests/bench): run it directly, from anywhere:

    python tests/bench/bench_memory_security.py [--size 1000] [--rounds 6]

With memory security on, SQLCipher locks its memory out of swap and wipes
every allocation it frees. reflect turns it on only if opening the journal
and one autosave each cost less than 10% more (issue 14). Once on, it cannot
be turned off for the rest of the process, so each figure comes from its own
interpreter, off and on alternating, on a fresh copy of one cached bench
journal (`run.py`'s, default key derivation). The result is the ratio of
medians in the same run: absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))

LIMIT = 1.10
OPENS = 8
SAVES = 60


def _samples(work: Callable[[], object], runs: int) -> list[float]:
    work()  # warm-up
    found = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        found.append((time.perf_counter() - began) * 1000)
    return found


def child(home: Path, mode: str) -> None:
    """One interpreter: opening and autosaving, with memory security `mode`."""
    import corpus
    import sqlcipher3
    from run import PASSPHRASE

    from reflect.core.access import JournalAccess
    from reflect.core.paths import JournalPaths
    from reflect.core.templates import load_library, shipped_dir

    probe = sqlcipher3.connect(":memory:")
    if mode == "on":
        probe.execute("PRAGMA cipher_memory_security = ON")
    state = probe.execute("PRAGMA cipher_memory_security").fetchone()[0]
    assert str(state) == ("1" if mode == "on" else "0"), state
    probe.close()

    access = JournalAccess(JournalPaths(home))
    out = {"open": _samples(lambda: access.open(PASSPHRASE).store.close(), OPENS)}
    journal = access.open(PASSPHRASE)
    pack = load_library([shipped_dir()]).get("gibbs")
    draft = journal.reflections.start(pack)
    writer = corpus.Writer(random.Random(3), pool_size=2000)
    texts = [writer.answer() for _ in range(10)]
    turn = iter(range(10**6))
    out["autosave"] = _samples(
        lambda: journal.reflections.save_answer(
            draft, pack.steps[0], 0, texts[next(turn) % 10]
        ),
        SAVES,
    )
    query = corpus.SEARCH_PREFIX
    out["search"] = _samples(lambda: journal.search.find(query, limit=50), 30)
    journal.entries.discard(draft)
    journal.store.close()
    json.dump(out, sys.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--mode", choices=("on", "off"))
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.mode)
        return

    import run

    run.CACHE = HERE / ".cache"  # the same cache as run.py's default
    run.CACHE.mkdir(parents=True, exist_ok=True)
    source, _ = run.cached_reflect(args.size, 1)
    medians: dict[str, dict[str, list[float]]] = {"off": {}, "on": {}}
    with tempfile.TemporaryDirectory(prefix="reflect-bench-ms-") as work:
        for n in range(args.rounds):
            for mode in ("off", "on") if n % 2 == 0 else ("on", "off"):
                home = Path(work) / f"{mode}-{n}"
                shutil.copytree(source, home)
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(home), "--mode", mode],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                for name, samples in json.loads(done.stdout).items():
                    medians[mode].setdefault(name, []).append(
                        statistics.median(samples)
                    )
                shutil.rmtree(home)
    print(f"{args.size:,}-entry journal, {args.rounds} interpreters each way")
    print(f"{'figure':<10} {'off ms':>9} {'on ms':>9} {'on/off':>7}")
    for name in medians["off"]:
        off = statistics.median(medians["off"][name])
        on = statistics.median(medians["on"][name])
        verdict = "" if name == "search" else (" ok" if on / off < LIMIT else " MISS")
        print(f"{name:<10} {off:9.2f} {on:9.2f} {on / off:7.3f}{verdict}")


if __name__ == "__main__":
    main()
