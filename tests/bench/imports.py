"""Whole-process timing of `reflect import --from jrnl` (issue 9's target).

Each run imports the benchmark's plain jrnl journal into a fresh, empty
encrypted reflect journal (a copy of one made once with `reflect init`), so
every run does the same work: parse, write every entry and index its words,
commit once. Kept apart from run.py, which times commands on a full journal.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import stats

TARGET_SIZE = 50_000
TARGET_SECONDS = 30.0


def measure_import(
    reflect: list[str],
    journal_txt: Path,
    env: dict[str, str],
    work: Path,
    runs: int,
    run_once: Callable[[list[str], dict[str, str], bytes | None], tuple[float, int]],
) -> dict:
    """Median and minimum milliseconds, peak RSS, and the entries imported."""
    empty = work / "empty-home"
    shutil.rmtree(empty, ignore_errors=True)
    subprocess.run(
        [*reflect, "init"], env={**env, "REFLECT_HOME": str(empty)},
        check=True, capture_output=True,
    )  # fmt: skip
    samples = []
    for n in range(runs):
        home = work / f"import-{n}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(empty, home)
        cmd = [*reflect, "import", "--from", "jrnl", str(journal_txt)]
        samples.append(run_once(cmd, {**env, "REFLECT_HOME": str(home)}, None))
        if n == 0:
            listed = subprocess.run(
                [*reflect, "list", "--limit", "1000000", "--json"],
                env={**env, "REFLECT_HOME": str(home)},
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            imported = listed.count('"id":')
        shutil.rmtree(home, ignore_errors=True)
    return {**stats.summarise(samples, runs), "entries": imported}


def report_lines(results: list[dict]) -> list[str]:
    """A table of import timings, one row per size that has one."""
    timed = [r for r in results if "jrnl_import" in r]
    if not timed:
        return []
    lines = [
        "",
        "## Import a jrnl journal (`reflect import --from jrnl`, whole process)",
        "",
        "| entries | imported | runs | median s | min s | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in timed:
        f = r["jrnl_import"]
        lines.append(
            f"| {r['size']:,} | {f['entries']:,} | {f['runs']} | "
            f"{f['median_ms'] / 1000:,.1f} | {f['min_ms'] / 1000:,.1f} | "
            f"{f['rss_mb']:,.0f} |"
        )
    return lines


def target_row(results: list[dict]) -> tuple[str, str, str]:
    name = f"jrnl import of {TARGET_SIZE:,} entries < {TARGET_SECONDS:.0f} s"
    at = next(
        (r for r in results if r["size"] == TARGET_SIZE and "jrnl_import" in r), None
    )
    if at is None:
        return name, "50,000 with --jrnl not run", "n/a"
    seconds = at["jrnl_import"]["median_ms"] / 1000
    complete = at["jrnl_import"]["entries"] == TARGET_SIZE
    verdict = "PASS" if seconds < TARGET_SECONDS and complete else "MISS"
    return name, f"{seconds:,.1f} s, {at['jrnl_import']['entries']:,} entries", verdict
