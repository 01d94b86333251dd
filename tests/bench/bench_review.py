"""The year in review, in-process, at 1,000 and 100,000 entries.

    python tests/bench/bench_review.py [--sizes 1000,100000] [--runs 7] [--rounds 3]

Uses run.py's cached journals (generated on first use, about 30 s and
1.3 GB at 100,000). Each size runs in a fresh interpreter on a fresh copy,
opened with the default key derivation and the clock fixed just after the
newest entry. A worker links about forty reflections a year to framework
areas whatever the size of their journal, so forty of the last year's
reflections are linked (to a framework built here, one "what this shows"
line each) before timing. The figure is the whole of what `reflect
review-year --format html` does after the journal is open: gather the
year (`journal.yearly.gather`, with the packs' titles), run the privacy
scan over it and render the HTML page. Targets (issue 20): at most 300 ms
at 100,000, and at most 1.5x the 1,000-entry figure in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

LINKED = 40

CHILD = r"""
import json, random, statistics, sys, time
from datetime import timedelta
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import corpus
from reflect.core.access import JournalAccess
from reflect.core.export.review import review_html
from reflect.core.frameworks import Area, Domain, Framework
from reflect.core.paths import JournalPaths
from reflect.core.templates import load_library, shipped_dir
from reflect.core.yearly import Packs, year_findings

now = corpus.END + timedelta(hours=1)
journal = JournalAccess(JournalPaths(Path(sys.argv[1])), now=lambda: now).open(
    sys.argv[2]
)
areas = [Area(f"area-{n}", f"Area {n}", "A test area") for n in range(10)]
lens = Framework(
    "bench-lens", 1, "A bench lens", "Made up", "ours",
    domains=(Domain("one", "One", tuple(areas[:5])),
             Domain("two", "Two", tuple(areas[5:]))),
)
year = now.year
ids = [row[0] for row in journal.store.conn.execute(
    "SELECT id FROM entries WHERE kind = 'reflection' AND status = 'complete' "
    "AND deleted_at IS NULL AND created_at >= ? ORDER BY id",
    [f"{year}-01-01"],
)]
rng = random.Random(5)
for n, entry_id in enumerate(rng.sample(ids, min(len(ids), int(sys.argv[4])))):
    journal.portfolio.link(entry_id, lens, areas[n % 10].id, f"What entry {n} shows")
packs = Packs.of(load_library([shipped_dir()]))
watch = ("Dylan", "Riverside")

def review():
    made = journal.yearly.gather(year, framework=lens, packs=packs)
    year_findings(made, watch)
    return review_html(made), made

page, made = review()  # warm-up
samples = []
for _ in range(int(sys.argv[5])):
    began = time.perf_counter()
    review()
    samples.append((time.perf_counter() - began) * 1000)
print(json.dumps({
    "samples": samples,
    "median_ms": statistics.median(samples), "min_ms": min(samples),
    "runs": len(samples), "in_year": made.reflections + made.notes,
    "linked": len(made.chosen), "page_kib": len(page.encode()) / 1024,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="children per size, the sizes taking turns (default 3)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    args = parser.parse_args()
    run.CACHE = args.cache.resolve()
    run.CACHE.mkdir(parents=True, exist_ok=True)
    work = run.CACHE / "work-review"
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sources = {size: run.cached_reflect(size, args.seed)[0] for size in sizes}
    # The sizes take turns, a fresh child each, so a busy minute on a shared
    # machine falls on both figures rather than on one: each figure is the
    # median of every run of its size over all the rounds.
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    last: dict[int, dict] = {}
    try:
        for _ in range(args.rounds):
            for size in sizes:
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(sources[size], work)
                run.warm(work / "journal.db")
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(work), run.PASSPHRASE,
                     str(HERE), str(LINKED), str(args.runs)],
                    capture_output=True, text=True, check=True,
                    env={**os.environ, "PYTHONPATH": str(HERE.parents[1])},
                )  # fmt: skip
                last[size] = json.loads(done.stdout)
                samples[size] += last[size]["samples"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures: dict[int, dict[str, float]] = {}
    for size in sizes:
        figures[size] = {
            "median_ms": statistics.median(samples[size]),
            "min_ms": min(samples[size]),
        }
        print(
            f"{size:>7,} entries: year in review {figures[size]['median_ms']:.1f}"
            f" ms median ({figures[size]['min_ms']:.1f} min) over"
            f" {len(samples[size])} runs in {args.rounds} rounds;"
            f" {last[size]['in_year']:,} entries in the year,"
            f" {last[size]['linked']} linked",
            flush=True,
        )
    if 1000 in figures and 100000 in figures:
        big, small = figures[100000]["median_ms"], figures[1000]["median_ms"]
        ratio = big / small
        print(f"at 100,000 <= 300 ms: {big:.1f} ms {'PASS' if big <= 300 else 'MISS'}")
        verdict = "PASS" if ratio <= 1.5 else "MISS"
        print(f"at 100,000 <= 1.5x at 1,000: {ratio:.2f}x {verdict}")


if __name__ == "__main__":
    main()
