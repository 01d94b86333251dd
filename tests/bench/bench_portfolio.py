"""The portfolio view: in-process time by journal size, against its targets.

    python tests/bench/bench_portfolio.py [--sizes 1000,100000] [--runs 20]

Uses run.py's cached journals (generated on first use; 100,000 entries take
about a minute and 1.2 GB). Each size is timed in a fresh interpreter on a
fresh copy, with links added in one transaction first, in two shapes:

  - steady: 600 links on 400 reflections spread over the whole journal, the
    same at every size. A worker links what they choose to show; a journal
    ten times longer does not mean ten times as many links, so the view's
    cost must follow the links, not the journal. The targets are on this
    one: at 100,000 entries at most 300 ms, and at most 1.5 times the
    1,000-entry figure of the same run.
  - heavy: one reflection in ten linked, to one or two areas (about 8,000
    links at 100,000 entries), to see that even a worker who links a great
    deal stays within 300 ms (reported, no ratio: the work grows with the
    links by design, each one is shown).

A figure is what `reflect portfolio` does once the journal is open:
`journal.portfolio.view` for the framework, then the domains, bars and lines
(`core.portfolio_summary`), median and minimum of `--runs` after a warm-up;
beside it the very first view after opening (SQLite's page cache empty, the
file in the system's cache), which is what one `reflect portfolio` pays. The
query plan printed is that of the view's own statement, as it ran.
The framework is the shipped one when the loader finds it, else one laid
out with the shipped one's ten area ids.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

CHILD = r"""
import json, random, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
home, passphrase, shape, runs = Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])

from reflect.core import frameworks as fw
from reflect.core import portfolio_summary as summary
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths

AREAS = ("values-principles", "lived-experience", "mutuality", "difference",
         "safeguarding", "self-care", "using-supervision", "self-reflection",
         "rights", "teams")
library = fw.load_frameworks([fw.shipped_dir()])
framework = library.frameworks.get("hee-mhpsw-2020") or fw.Framework(
    id="hee-mhpsw-2020", version=1, title="Bench framework", source="bench",
    licence="bench",
    domains=tuple(
        fw.Domain(f"d{i}", f"Domain {i}", tuple(
            fw.Area(a, a.replace("-", " ").capitalize(), "") for a in AREAS[i::5]))
        for i in range(5)),
)
areas = [a.id for _, a in framework.areas()]
journal = JournalAccess(JournalPaths(home)).open(passphrase)
journal.store.cache_kib(2000)  # the CLI's page cache
conn = journal.store.conn
ids = [r[0] for r in conn.execute(
    "SELECT id FROM entries WHERE kind = 'reflection' AND status = 'complete' "
    "ORDER BY created_at")]
rng = random.Random(20)
if shape == "steady":
    step = max(1, len(ids) // 400)
    chosen = ids[::step][:400]
    pairs = [(e, a) for i, e in enumerate(chosen)
             for a in rng.sample(areas, 1 + (i % 2))]
else:
    chosen = ids[::10]
    pairs = [(e, a) for e in chosen for a in rng.sample(areas, rng.choice((1, 2)))]
stamp = "2026-11-01T00:00:00.000000+00:00"
with journal.store.write():
    conn.executemany(
        "INSERT INTO entry_links (entry_id, framework, area, note, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(e, framework.id, a, f"What this shows, {n}", stamp, stamp)
         for n, (e, a) in enumerate(pairs)])
seen = []
conn.set_trace_callback(seen.append)
first_began = time.perf_counter()
journal.portfolio.view(framework)  # the first, on a cold page cache
first_ms = (time.perf_counter() - first_began) * 1000
conn.set_trace_callback(None)
query = next(q for q in seen if "FROM entry_links" in q)
plan = [r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {query}")]

def work():
    view = journal.portfolio.view(framework)
    groups = summary.domains(view)
    [g.heading for g in groups]
    [(summary.area_line(a), summary.latest_lines(a)) for a in view.areas]
    return view

view = work()
samples = []
for _ in range(runs):
    began = time.perf_counter()
    work()
    samples.append((time.perf_counter() - began) * 1000)
print(json.dumps({"median_ms": statistics.median(samples), "min_ms": min(samples),
                  "first_ms": first_ms,
                  "links": len(pairs), "shown": sum(a.count for a in view.areas),
                  "entries": conn.execute("SELECT count(*) FROM entries").fetchone()[0],
                  "plan": plan}))
"""


def measure(size: int, shape: str, args: argparse.Namespace, work: Path) -> dict:
    source, _ = run.cached_reflect(size, args.seed)
    shutil.rmtree(work, ignore_errors=True)
    home = work / "reflect"
    shutil.copytree(source, home)
    (home / "meta.json").unlink()
    run.warm(home / "journal.db")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(HERE.parents[1]), str(home),
         run.PASSPHRASE, shape, str(args.runs)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"{size} {shape} failed:\n{done.stderr}")
    result: dict = json.loads(done.stdout)
    return {"size": size, "shape": shape, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    args = parser.parse_args()
    run.CACHE = args.cache.resolve()
    run.CACHE.mkdir(parents=True, exist_ok=True)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    work = run.CACHE / "work-portfolio"
    results = []
    for shape in ("steady", "heavy"):
        for size in sizes:
            results.append(measure(size, shape, args, work))
            print(json.dumps(results[-1]), flush=True)
    report(results, sizes)


def report(results: list[dict], sizes: list[int]) -> None:
    print("\n| links | entries | links made | entries shown | median ms | min ms "
          "| first view ms |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['shape']} | {r['size']:,} | {r['links']:,} | {r['shown']:,} "
            f"| {r['median_ms']:,.1f} | {r['min_ms']:,.1f} | {r['first_ms']:,.1f} |"
        )
    print(f"\nquery plan: {'; '.join(results[-1]['plan'])}\n")
    by = {(r["shape"], r["size"]): r["median_ms"] for r in results}
    low, high = min(sizes), max(sizes)
    for shape in ("steady", "heavy"):
        top = by[(shape, high)]
        verdict = "PASS" if top <= 300 else "MISS"
        print(f"{shape}, {high:,} entries: {top:,.1f} ms against 300 ms: {verdict}")
    if low != high:
        ratio = by[("steady", high)] / by[("steady", low)]
        verdict = "PASS" if ratio <= 1.5 else "MISS"
        print(
            f"steady, {high:,} against {low:,} entries: {ratio:.2f}x against "
            f"1.5x: {verdict}"
        )


if __name__ == "__main__":
    main()
