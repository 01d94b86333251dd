"""What a forged bundle header costs to refuse, and what a bundle costs to make.

Not a unit test (pytest skips tests/bench): run it directly, from anywhere:

    python tests/bench/bench_bundles.py             # about 10 seconds
    python tests/bench/bench_bundles.py --before    # also the old code: ~20 s, ~2 GB

A bundle's header is read before anything can be authenticated, and its
scrypt settings set the cost of deriving the key. reflect now accepts only
the settings it writes and refuses anything else before deriving a key, so
refusing a forged header must take milliseconds and no memory to speak of.
`--before` runs the code from before that change (taken from git: the parent
of the first commit that has `ACCEPTED_KDFS` in `reflect/core/bundles.py`, or
`--before-rev`) on the same forged file, which derives the key first.

It also measures sealing and opening a share-sized bundle at n=2^16 (what
reflect wrote before) and n=2^17 (OWASP's minimum for scrypt, what it writes
now), r=8, p=1, and gives the ratios between them from the same run.

Each figure comes from a fresh interpreter, so one measurement's memory never
counts towards another's. Memory is measured inside that process: its peak
resident set (getrusage's ru_maxrss) just before the operation and after it;
the difference is what the operation needed. The harness itself imports
nothing from reflect and derives no key, so it carries no large memory into
the processes it starts.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "three words agreed face to face"
FORGED = (2**20, 16, 4)
"""The costliest settings the old header bounds allowed."""

CHILD = r"""
import json, resource, statistics, sys, time
sys.path.insert(0, sys.argv[1])
job = json.loads(sys.argv[2])

def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from reflect.core import bundles
from reflect.core.errors import BadBundle
module = bundles
if job.get("old"):
    import importlib.util
    spec = importlib.util.spec_from_file_location("old_bundles", job["old"])
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_bundles"] = module  # dataclasses looks the module up
    spec.loader.exec_module(module)

def share_body():
    answer = "I listened more than I spoke, and it helped. " * 40
    entry = {"id": "e", "version": 1, "title": "After the visit", "ask": "",
             "tags": ["visits"], "answers": [
                 {"step_id": f"s{i}", "question": "What happened?",
                  "input_type": "text", "response": answer} for i in range(5)]}
    return {"format": "reflect-bundle", "version": 1, "kind": "share",
            "bundle_id": "b", "sender_journal_id": "w", "sender_name": "Alex",
            "entries": [dict(entry, id=f"e{i}") for i in range(10)]}

def timed(work, runs):
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
    return samples

kind, runs = job["kind"], job["runs"]
if kind == "refuse":
    data = open(job["file"], "rb").read()
    def work():
        try:
            module.open_bundle(data, job["passphrase"])
        except BadBundle as exc:
            work.said = str(exc)
        else:
            raise SystemExit("the forged bundle was opened")
    before = peak_kib()
    samples = timed(work, runs)
    said = work.said
elif kind == "seal":
    body = share_body()
    kdf = bundles.KdfParams(job["n"], 8, 1)
    bundles.seal(body, job["passphrase"], bundles.KdfParams(16, 8, 1))  # warm
    before = peak_kib()
    made = []
    samples = timed(lambda: made.append(bundles.seal(body, job["passphrase"], kdf)), runs)
    open(job["file"], "wb").write(made[-1])
    said = f"{len(made[-1])} bytes"
else:  # open
    data = open(job["file"], "rb").read()
    before = peak_kib()
    samples = timed(lambda: bundles.open_bundle(data, job["passphrase"]), runs)
    said = "opened"
after = peak_kib()
print(json.dumps({"median": statistics.median(samples), "min": min(samples),
                  "before_kib": before, "peak_kib": after, "said": said}))
"""


def child(job: dict[str, object]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), json.dumps(job)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{job['kind']} failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def forged_file(folder: Path, n: int, r: int, p: int) -> Path:
    """A header asking for (n, r, p), then bytes no key opens; no crypto needed."""
    header = json.dumps(
        {
            "v": 1,
            "kdf": "scrypt",
            "n": n,
            "r": r,
            "p": p,
            "salt": base64.b64encode(os.urandom(16)).decode(),
            "nonce": base64.b64encode(os.urandom(12)).decode(),
        },
        separators=(",", ":"),
    ).encode()
    path = folder / "forged.reflect"
    path.write_bytes(
        b"REFLECTB" + len(header).to_bytes(2, "big") + header + os.urandom(4096)
    )
    return path


def old_module(folder: Path, rev: str | None) -> tuple[Path, str]:
    """The bundles module as it was before the accepted set, from git."""
    if rev is None:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "log", "--format=%H", "-S", "ACCEPTED_KDFS",
             "--", "reflect/core/bundles.py"],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        if not found:
            raise SystemExit("no commit adds ACCEPTED_KDFS; give --before-rev")
        rev = f"{found[-1]}^"
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:reflect/core/bundles.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = folder / "old_bundles.py"
    path.write_text(source)
    short = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return path, short


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def ms(seconds: object) -> str:
    value = float(seconds) * 1000
    return f"{value:,.3f}" if value < 1 else f"{value:,.1f}"


def mib(kib: object) -> str:
    return f"{int(kib) / 1024:,.1f}"


def row(name: str, figure: dict[str, object]) -> str:
    grew = int(figure["peak_kib"]) - int(figure["before_kib"])
    return (
        f"| {name} | {ms(figure['median'])} | {ms(figure['min'])} | "
        f"{mib(figure['peak_kib'])} | {mib(grew)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="also the old code")
    parser.add_argument("--before-rev", help="git revision of the old code")
    parser.add_argument("--runs", type=int, default=5, help="seals/opens per figure")
    parser.add_argument("--refusals", type=int, default=200, help="refusals timed")
    args = parser.parse_args()

    print(f"# Bundle costs\n\n{machine()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        forged = forged_file(folder, *FORGED)
        refuse = {"kind": "refuse", "file": str(forged), "passphrase": PASSPHRASE}
        figures: dict[str, dict[str, object]] = {}
        label = "n=2^20, r=16, p=4"
        figures[f"refuse a forged header ({label}), now"] = child(
            {**refuse, "runs": args.refusals}
        )
        if args.before:
            path, rev = old_module(folder, args.before_rev)
            figures[f"refuse the same header, before ({rev})"] = child(
                {**refuse, "runs": 1, "old": str(path)}
            )
        for power in (16, 17):
            file = str(folder / f"share-{power}.reflect")
            job = {"n": 2**power, "file": file, "passphrase": PASSPHRASE}
            figures[f"seal a share, n=2^{power}"] = child(
                {**job, "kind": "seal", "runs": args.runs}
            )
            figures[f"open a share, n=2^{power}"] = child(
                {**job, "kind": "open", "runs": args.runs}
            )

    print(
        "Times in milliseconds (median and minimum of the runs); memory in MiB: "
        "the process's peak resident set after the operation, and how much "
        "the operation raised it.\n"
    )
    print("| operation | median ms | min ms | peak MiB | raised by MiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, figure in figures.items():
        print(row(name, figure))
    print()
    for name, figure in figures.items():
        if name.startswith("refuse"):
            print(f"{name}: said {figure['said']!r}")

    def ratio(what: str, key: str) -> float:
        new, old = figures[f"{what}, n=2^17"], figures[f"{what}, n=2^16"]
        if key == "median":
            return float(new["median"]) / float(old["median"])
        grew = int(new["peak_kib"]) - int(new["before_kib"])
        was = int(old["peak_kib"]) - int(old["before_kib"])
        return grew / was if was else float("nan")

    print()
    for what in ("seal a share", "open a share"):
        print(
            f"{what}: 2^17 takes {ratio(what, 'median'):.2f}x the time of 2^16 "
            f"and raises memory {ratio(what, 'memory'):.2f}x as much"
        )
    now = figures[f"refuse a forged header ({label}), now"]
    verdict = "within" if float(now["median"]) < 0.005 else "OVER"
    print(f"refusing a forged header: {ms(now['median'])} ms, {verdict} 5 ms")


if __name__ == "__main__":
    main()
