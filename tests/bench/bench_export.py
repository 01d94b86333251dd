"""`reflect export -o`: peak memory by journal size, speed against jrnl, and
the floor under it. See tests/bench/README.md.

    python tests/bench/bench_export.py [--sizes 1000,50000] [--runs 3] [--jrnl]

Uses run.py's cached journals (generated on first use). Each figure is a
fresh process: reflect's whole command under /usr/bin/time for time, peak
RSS and CPU seconds, and the floor under it, measured in a child interpreter
on the same journal with the CLI's page cache:
  - raw read: every row an export reads (entries, answers, private notes),
    fetched through the store's own connection and thrown away;
  - the export's read: `journal.entries.iter_rows`, the same rows as the export gets
    them (a batch at a time, answers found through their index), no text;
  - JSON encoder alone: the export's own (`export._entry_text` +
    `json_escaped`) on every entry's rows already in memory, and beside it
    `json.dumps` + `json_escaped` of `entry_json` dictionaries, the encoder
    it replaced (the rows and entries read first, not timed).
With --jrnl, `jrnl --export json` on the same texts (plain file), once, and
the ratios of wall time and of CPU time (the second barely moves with the
machine's other load). The floor is the raw read plus the export's encoder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

FLOOR = r"""
import json, sys, time
from pathlib import Path
from reflect.core.access import JournalAccess
from reflect.core.paths import JournalPaths
from reflect.core.export.entries import _entry_text, entry_json
from reflect.core.text import json_escaped

journal = JournalAccess(JournalPaths(Path(sys.argv[1]))).open(sys.argv[2])
journal.store.cache_kib(2000)  # the CLI's page cache (cli_common.CLI_CACHE_KIB)
conn = journal.store.conn
began = time.perf_counter()
for table in ("entries", "answers", "private_notes"):
    for _row in conn.execute(f"SELECT * FROM {table}"):
        pass
raw = time.perf_counter() - began
began = time.perf_counter()
for _rows in journal.entries.iter_rows():
    pass
read = time.perf_counter() - began
rows = list(journal.entries.iter_rows())
began = time.perf_counter()
size = 0
for row, answers, note in rows:
    size += len(json_escaped(_entry_text(row, answers, note)))
encode = time.perf_counter() - began
del rows
entries = [entry_json(e) for e in journal.entries.iter_all()]
began = time.perf_counter()
for data in entries:
    json_escaped(json.dumps(data, ensure_ascii=False))
dumps = time.perf_counter() - began
print(json.dumps({"raw_read_s": raw, "export_read_s": read, "json_encode_s": encode,
                  "json_dumps_s": dumps, "chars": size}))
"""


def measure(cmd: list[str], env: dict[str, str], runs: int) -> dict:
    """`run.measure`, plus the CPU seconds each run used (user + system).

    On a machine shared with other work, wall time depends on the load at
    the moment; CPU time much less, so the two tools' CPU ratio is a check
    on the wall-time one. Finished children's CPU includes the command
    under /usr/bin/time, since time waited for it.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run.measure(cmd, env, runs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {**result, "cpu_s": used / runs}


def bench(size: int, args: argparse.Namespace, work: Path) -> dict:
    source, _ = run.cached_reflect(size, args.seed)
    shutil.rmtree(work, ignore_errors=True)
    home = work / "reflect"
    shutil.copytree(source, home)
    (home / "meta.json").unlink()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work / "home"),
        "REFLECT_HOME": str(home),
        "REFLECT_CONFIG_HOME": str(work / "config"),
        "REFLECT_PASSPHRASE": run.PASSPHRASE,
        "LANG": "C.UTF-8",
    }
    run.warm(home / "journal.db")
    out = work / "export.json"
    cmd = [*run.reflect_cmd(), "export", "--format", "json", "-o", str(out), "--force"]
    result: dict = {"size": size}
    result["export_o"] = measure(cmd, env, args.runs)
    result["file_mb"] = out.stat().st_size / 1e6
    stdout_cmd = [*run.reflect_cmd(), "export", "--format", "json"]
    result["export_stdout"] = run.measure(stdout_cmd, env, args.runs)
    floors = subprocess.run(
        [sys.executable, "-c", FLOOR, str(home), run.PASSPHRASE],
        env={**env, "PYTHONPATH": str(HERE.parents[1])},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result["floor"] = json.loads(floors.stdout)
    if args.jrnl:
        jsource, _ = run.cached_jrnl(size, args.seed)
        jdir = work / "jrnl"
        jdir.mkdir(parents=True)
        shutil.copy2(jsource / "journal.txt", jdir / "journal.txt")
        config = jdir / "plain.yaml"
        subprocess.run(
            [str(run.JRNL_PYTHON), str(HERE / "jrnl_helper.py"), "config",
             str(config), str(jdir / "journal.txt"), "0"],
            check=True,
        )  # fmt: skip
        jenv = {
            "PATH": env["PATH"], "HOME": str(work / "jhome"), "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(work / "jhome" / "config"),
            "XDG_DATA_HOME": str(work / "jhome" / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }  # fmt: skip
        run.warm(jdir / "journal.txt")
        jcmd = run.commands("jrnl", config)["export"]
        result["jrnl_export"] = measure(jcmd, jenv, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jrnl", action="store_true")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    args = parser.parse_args()
    run.CACHE = args.cache.resolve()
    run.CACHE.mkdir(parents=True, exist_ok=True)
    run.JRNL_VENV = run.CACHE / "venv-jrnl"
    run.JRNL_PYTHON = run.JRNL_VENV / "bin" / "python"
    run.JRNL = run.JRNL_VENV / "bin" / "jrnl"
    if args.jrnl:
        run.ensure_jrnl()
    work = run.CACHE / "work-export"
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(bench(size, args, work))
            print(json.dumps(results[-1]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results)


def report(results: list[dict]) -> None:
    print("\n| entries | export -o ms | peak RSS MB | to stdout ms | RSS MB "
          "| raw read ms | export's read ms | encoder ms | json.dumps ms "
          "| file MB | jrnl ms | × jrnl | CPU s | jrnl CPU s | × jrnl CPU |")  # fmt: skip
    print("| ---: " * 15 + "|")
    for r in results:
        o, s, f = r["export_o"], r["export_stdout"], r["floor"]
        j = r.get("jrnl_export")
        ratio = f"{j['median_ms'] / o['median_ms']:.1f}×" if j else "–"
        jcpu = f"{j['cpu_s']:.2f} | {j['cpu_s'] / o['cpu_s']:.1f}×" if j else "– | –"
        print(
            f"| {r['size']:,} | {o['median_ms']:,.0f} | {o['rss_mb']:.1f} "
            f"| {s['median_ms']:,.0f} | {s['rss_mb']:.1f} "
            f"| {f['raw_read_s'] * 1000:,.0f} | {f['export_read_s'] * 1000:,.0f} "
            f"| {f['json_encode_s'] * 1000:,.0f} | {f['json_dumps_s'] * 1000:,.0f} "
            f"| {r['file_mb']:.0f} | {j['median_ms'] if j else 0:,.0f} | {ratio} "
            f"| {o['cpu_s']:.2f} | {jcpu} |"
        )
    for r in results:
        o, f = r["export_o"], r["floor"]
        floor = f["raw_read_s"] + f["json_encode_s"]
        print(
            f"\nat {r['size']:,}: export -o {o['median_ms'] / 1000:.2f} s against a floor "
            f"of {floor:.2f} s (raw read + encoder), {o['median_ms'] / 1000 / floor:.2f}×"
        )
    if len(results) >= 2:
        low, high = results[0], results[-1]
        grow = high["export_o"]["rss_mb"] / low["export_o"]["rss_mb"]
        print(
            f"\npeak RSS of export -o at {high['size']:,} is {grow:.2f}× that "
            f"at {low['size']:,}"
        )


if __name__ == "__main__":
    main()
