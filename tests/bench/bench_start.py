"""What the everyday commands import before the key is derived (issue 21).

    python tests/bench/bench_start.py [--runs 9] [--src DIR] [--seed 1]

On a 1,000-entry journal (run.py's cached one, on a fresh copy) each of
`reflect list --limit 10`, `search allotment`, `list --tag housing` and
`note TEXT` runs as a whole `reflect` process, with `sqlcipher3.connect`
wrapped by an import hook: the first call is where SQLCipher's key
derivation starts (the next statement reads the file with the key). Three
figures per command:

- **to key**: wall time from the first line of Python (after the
  interpreter's own start, which is printed separately) to that call,
  median and minimum over `--runs`, and the CPU time the process had used
  by then, interpreter start included (steadier on a shared machine);
- **imports**: the sum of `-X importtime`'s top-level cumulative times of
  everything the command imported before that call (median of three runs;
  the flag itself adds a little), and how many modules were loaded by then;
- the **floor** any click command on SQLCipher pays: importing click,
  pathlib and sqlcipher3 alone.

The modules are imported from their bytecode caches, as from an installed
wheel: `PYTHONDONTWRITEBYTECODE` is dropped for these runs, and one run
first writes the caches. `--src DIR` measures another checkout (say, a
`git worktree` of an older commit) for a before/after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

COMMANDS = {
    "list": ["list", "--limit", "10"],
    "search": ["search", "allotment"],
    "tag": ["list", "--tag", "housing"],
    "note": ["note", run.NOTE],
}

PROBE = r"""
import sys, time
began = time.perf_counter()
sys.stderr.write("import time: START\n")  # what the interpreter's start imported is above
import importlib.machinery
out = sys.argv.pop(1)


class Hook:
    def find_spec(self, name, path, target=None):
        if name != "sqlcipher3":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            connect = module.connect

            def first(*args, **kwargs):
                module.connect = connect
                ms = (time.perf_counter() - began) * 1000
                sys.stderr.write("import time: KEY\n")
                cpu = time.process_time() * 1000  # since the process began
                with open(out, "w") as f:
                    f.write(f"{ms} {len(sys.modules)} {cpu}")
                return connect(*args, **kwargs)

            module.connect = first

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Hook())
sys.argv[0] = "reflect"
try:  # the console script's own entry; an older checkout has none
    from reflect.cli.start import main
except ImportError:
    from reflect.cli.main import main
main()
"""

FLOOR = r"""
import time
began = time.perf_counter()
import click, pathlib, sqlcipher3
print((time.perf_counter() - began) * 1000, time.process_time() * 1000)
"""


def imports_before_key(stderr: str) -> float:
    """Top-level cumulative import time (ms) logged between the probe's
    start and the key mark."""
    total = 0
    lines = stderr.splitlines()
    for line in lines[lines.index("import time: START") + 1 :]:
        if "KEY" in line:
            break
        if not line.startswith("import time:"):
            continue
        _, cumulative, name = line.split("|")
        if name.startswith(" ") and not name.startswith("  "):
            total += int(cumulative)
    return total / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", type=Path, default=HERE.parents[1])
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    args = parser.parse_args()
    run.CACHE = args.cache.resolve()
    run.CACHE.mkdir(parents=True, exist_ok=True)
    source, _ = run.cached_reflect(1000, args.seed)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(args.src.resolve()),
        REFLECT_PASSPHRASE=run.PASSPHRASE,
    )
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        shutil.copytree(source, home)
        env["REFLECT_HOME"] = str(home)
        mark = Path(scratch) / "key"
        python = [sys.executable, "-c", PROBE, str(mark)]
        subprocess.run(
            [*python, "list"], env=env, cwd=scratch, capture_output=True, check=True
        )
        starts = []
        for _ in range(args.runs):
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", "pass"], env=env, cwd=scratch, check=True
            )
            starts.append((time.perf_counter() - began) * 1000)
        floor = [
            [float(figure) for figure in subprocess.run(
                    [sys.executable, "-c", FLOOR], env=env, cwd=scratch,
                    capture_output=True, text=True, check=True,
                ).stdout.split()]
            for _ in range(args.runs)
        ]  # fmt: skip
        print(f"reflect from {args.src.resolve()}, 1,000 entries, {args.runs} runs")
        print(f"interpreter start (python -c pass): {statistics.median(starts):.1f} ms")
        walls = [wall for wall, _ in floor]
        print(
            f"floor, import click + pathlib + sqlcipher3: "
            f"{statistics.median(walls):.1f} ms median ({min(walls):.1f} min); "
            f"CPU from process start {statistics.median(c for _, c in floor):.1f} ms"
        )
        for name, command in COMMANDS.items():
            walls, cpus = [], []
            for _ in range(args.runs):
                subprocess.run(
                    [*python, *command],
                    env=env,
                    cwd=scratch,
                    capture_output=True,
                    check=True,
                )
                wall, _, cpu = mark.read_text().split()
                walls.append(float(wall))
                cpus.append(float(cpu))
            logged = [
                imports_before_key(
                    subprocess.run(
                        [sys.executable, "-X", "importtime", "-c", PROBE, str(mark),
                         *command],
                        env=env, cwd=scratch, capture_output=True, text=True,
                        check=True,
                    ).stderr
                )
                for _ in range(3)
            ]  # fmt: skip
            modules = int(mark.read_text().split()[1])
            print(
                f"{name:7s} to key {statistics.median(walls):6.1f} ms median "
                f"({min(walls):6.1f} min), CPU {statistics.median(cpus):6.1f} ms; "
                f"imports before it "
                f"{statistics.median(logged):6.1f} ms, {modules} modules"
            )


if __name__ == "__main__":
    main()
