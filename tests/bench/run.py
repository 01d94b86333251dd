"""reflect's performance benchmark: one entry point. See tests/bench/README.md.

    python tests/bench/run.py [--sizes 100,1000,10000,50000,100000] [--jrnl]
                              [--runs 5] [--jrnl-runs N] [--seed 1]

Run it with the Python that has reflect installed (the dev venv). Journals
are generated once per (size, seed) and cached under tests/bench/.cache/;
every timing runs on a fresh copy of the cached journal. Results are printed
and written to tests/bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import build  # noqa: E402
import corpus  # noqa: E402
import imports  # noqa: E402
import stats  # noqa: E402

PASSPHRASE = "correct horse battery staple"
"""The bench journals' passphrase (reflect and encrypted jrnl alike)."""
NOTE = "Quick note after the drop-in: a good conversation about pacing."
OPS = ("list", "search", "tag", "note", "export")
OP_NAMES = {
    "list": "last 10 entries",
    "search": f"search '{corpus.SEARCH_WORD}'",
    "tag": f"tag filter @{corpus.TAG}",
    "note": "add one note",
    "export": "export all as JSON",
}
INPROC = {
    "tui_open": "TUI start to painted home",
    "open_entry": "open an entry (get + Markdown)",
    "search_query": f"search-as-you-type '{corpus.SEARCH_PREFIX}' (limit 50)",
    "agenda_build": "build the supervision agenda",
    "autosave": "one autosave (save_answer)",
    "privacy_scan": "privacy scan, 2,000-word answer",
}


def reflect_cmd() -> list[str]:
    script = Path(sys.executable).with_name("reflect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reflect"]


def commands(tool: str, config: Path | None = None) -> dict[str, list[str]]:
    if tool == "reflect":
        r = reflect_cmd()
        return {
            "list": [*r, "list", "--limit", "10"],
            "search": [*r, "search", corpus.SEARCH_WORD],
            "tag": [*r, "list", "--tag", corpus.TAG, "--limit", "100000"],
            "note": [*r, "note", NOTE],
            "export": [*r, "export", "--format", "json"],
        }
    j = [str(JRNL), "--config-file", str(config)]
    return {
        "list": [*j, "-n", "10"],
        "search": [*j, "-contains", corpus.SEARCH_WORD],
        "tag": [*j, f"@{corpus.TAG}"],
        "note": [*j, NOTE],
        "export": [*j, "--export", "json"],
    }


def run_once(
    cmd: list[str], env: dict[str, str], stdin: bytes | None
) -> tuple[float, int]:
    """Wall seconds and the command's peak RSS in KiB.

    The RSS comes from /usr/bin/time (GNU time's %M): Linux carries a parent's
    high-water mark into a forked child, so wait4's rusage would report this
    (large) harness instead of the small command. Both tools pay the same
    millisecond for the wrapper.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        wrapped = [TIME, "-f", "%M", "-o", rss.name, *cmd] if TIME else cmd
        began = time.perf_counter()
        proc = subprocess.Popen(
            wrapped,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )  # fmt: skip  (no controlling terminal: jrnl reads its password from stdin)
        if stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed: {err.read().decode()[-800:]}")
        peak = int(rss.read().strip().splitlines()[-1]) if TIME else usage.ru_maxrss
    return elapsed, peak


TIME = shutil.which("time", path="/usr/bin:/bin")


def measure(cmd, env, runs, stdin=None) -> dict:
    return stats.summarise([run_once(cmd, env, stdin) for _ in range(runs)], runs)


def measure_together(
    timed: dict[str, tuple[list[str], dict, bytes | None, int]],
    *,
    settle: bool = False,
) -> dict:
    """Each named command run its number of times, taking turns: one run of
    each, then the next round. Figures that are compared (reflect with its
    floor, reflect with jrnl) then share the machine's good and bad moments
    instead of one getting a quiet minute and the other a busy one.

    `settle` (the writes): the disk is flushed before each run, untimed, so
    no command's own flush shares the disk with what the one before it left
    pending. reflect syncs every note to disk and jrnl does not, and jrnl's
    note rewrites its whole file; with 3.5 MB of another file's writes
    pending, `reflect note` took 153 ms against 149 ms after a sync
    (medians of 12, this machine)."""
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in timed}
    for turn in range(max(runs for *_, runs in timed.values())):
        for name, (cmd, env, stdin, runs) in timed.items():
            if turn < runs:
                if settle:
                    os.sync()
                samples[name].append(run_once(cmd, env, stdin))
    return {name: stats.summarise(samples[name], timed[name][3]) for name in timed}


FLOOR = """
import sys
import sqlcipher3
conn = sqlcipher3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA key = '" + sys.argv[2].replace("'", "''") + "'")
conn.execute("SELECT id, title FROM entries ORDER BY created_at DESC LIMIT 1").fetchone()
"""
"""The least any command on an encrypted journal can cost (issue 21): start
the interpreter reflect runs under, import sqlcipher3, derive the key with
SQLCipher's default key derivation, as reflect does, and read one row."""


def floor_cmd(home: Path) -> list[str]:
    # The bench's own passphrase, on the command line: a real one never is.
    python = Path(reflect_cmd()[0]).with_name("python")
    python = python if python.exists() else Path(sys.executable)
    return [str(python), "-c", FLOOR, str(home / "journal.db"), PASSPHRASE]


def warm(*paths: Path) -> None:
    """Read files once, so no tool pays for a cold page cache the other did not."""
    for path in paths:
        with open(path, "rb") as handle:
            while handle.read(1 << 22):
                pass


# ---- journals ----------------------------------------------------------------


def schema_mark() -> str:
    """Changes when reflect's migrations do, so a cached journal is never opened
    (and migrated, with a backup, inside a timing) under a newer schema."""
    import hashlib

    from reflect.core import migrations

    folder = Path(migrations.__file__).parent  # the package: registry and steps
    names = "|".join(m.name for m in migrations.MIGRATIONS._migrations)
    digest = hashlib.sha256(names.encode())
    for part in sorted(folder.glob("*.py")):
        digest.update(part.read_bytes())
    return digest.hexdigest()[:8]


def cached_reflect(size: int, seed: int) -> tuple[Path, dict]:
    name = f"reflect-n{size}-s{seed}-g{corpus.GENERATOR_VERSION}-m{schema_mark()}"
    folder = CACHE / name
    meta = folder / "meta.json"
    if meta.exists():
        data = json.loads(meta.read_text())
        data["cached"] = True
        return folder, data
    shutil.rmtree(folder, ignore_errors=True)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"  generating a {size:,}-entry reflect journal ...", flush=True)
    data = build.build_reflect(partial, size, seed, PASSPHRASE)
    (partial / "meta.json").write_text(json.dumps(data))
    partial.rename(folder)
    data["cached"] = False
    return folder, data


def cached_jrnl(size: int, seed: int) -> tuple[Path, dict]:
    folder = CACHE / f"jrnl-n{size}-s{seed}-g{corpus.GENERATOR_VERSION}"
    meta = folder / "meta.json"
    if meta.exists():
        data = json.loads(meta.read_text())
        data["cached"] = True
        return folder, data
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"  generating {size:,}-entry jrnl journals ...", flush=True)
    data = build.build_jrnl(partial, size, seed, JRNL_PYTHON, PASSPHRASE)
    (partial / "meta.json").write_text(json.dumps(data))
    partial.rename(folder)
    data["cached"] = False
    return folder, data


def ensure_jrnl() -> None:
    """jrnl lives in the bench's own venv, made on first use; never reflect's."""
    if JRNL.exists():
        return
    print("  installing jrnl into its own venv (first run only) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
    subprocess.run(
        [str(JRNL_PYTHON), "-m", "pip", "install", "--quiet", "jrnl"], check=True
    )


def jrnl_version() -> str:
    out = subprocess.run(
        [str(JRNL_PYTHON), "-c", "import jrnl; print(jrnl.__version__)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.strip()


# ---- one size ------------------------------------------------------------------


def bench_size(size: int, args, work: Path) -> dict:
    print(f"\n== {size:,} entries", flush=True)
    result: dict = {"size": size}
    source, result["reflect_build"] = cached_reflect(size, args.seed)
    shutil.rmtree(work, ignore_errors=True)
    home = work / "reflect"
    shutil.copytree(source, home)
    (home / "meta.json").unlink()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work / "home"),
        "REFLECT_HOME": str(home),
        "REFLECT_CONFIG_HOME": str(work / "config"),
        "REFLECT_PASSPHRASE": PASSPHRASE,
        "LANG": "C.UTF-8",
    }
    if os.environ.get("PYTHONPATH"):  # another checkout's reflect, to compare
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    runs: dict[str, dict] = {op: {} for op in OPS}
    warm(home / "journal.db")
    timed: dict[str, tuple[list[str], dict, bytes | None, int]] = {
        "floor": (floor_cmd(home), env, None, args.runs)
    }
    cmds = commands("reflect")
    for op in OPS:
        timed[f"reflect {op}"] = (cmds[op], env, None, args.runs)
    with_jrnl = args.jrnl and size in args.jrnl_sizes
    if with_jrnl:
        jsource, result["jrnl_build"] = cached_jrnl(size, args.seed)
        jdir = work / "jrnl"
        jdir.mkdir(parents=True)
        for name in ("journal.txt", "journal.enc"):
            shutil.copy2(jsource / name, jdir / name)
        for name, journal, enc in (("plain.yaml", "journal.txt", "0"),
                                   ("encrypted.yaml", "journal.enc", "1")):  # fmt: skip
            subprocess.run(
                [str(JRNL_PYTHON), str(HERE / "jrnl_helper.py"), "config",
                 str(jdir / name), str(jdir / journal), enc], check=True,
            )  # fmt: skip
        jenv = {
            "PATH": env["PATH"], "HOME": str(work / "jhome"), "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(work / "jhome" / "config"),
            "XDG_DATA_HOME": str(work / "jhome" / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }  # fmt: skip
        jruns = args.jrnl_runs or (1 if size > 10_000 else args.runs)
        secret = (PASSPHRASE + "\n").encode()
        for kind, config, stdin, journal in (
            ("jrnl", jdir / "plain.yaml", None, jdir / "journal.txt"),
            ("jrnl_enc", jdir / "encrypted.yaml", secret, jdir / "journal.enc"),
        ):
            warm(journal)
            jcmds = commands("jrnl", config)
            for op in OPS:
                timed[f"{kind} {op}"] = (jcmds[op], jenv, stdin, jruns)
    # The writes (note) in a round of their own, after every read: each run
    # adds a note, so a read taking turns with them would meet a journal
    # (and a jrnl file) a little longer every round.
    writes = {name: cmd for name, cmd in timed.items() if name.endswith(" note")}
    reads = {name: cmd for name, cmd in timed.items() if name not in writes}
    figures = {**measure_together(reads), **measure_together(writes, settle=True)}
    result["floor"] = figures.pop("floor")
    print(f"  floor          {result['floor']['median_ms']:9.1f} ms", flush=True)
    for name, figure in figures.items():
        kind, op = name.rsplit(" ", 1)
        runs[op][kind] = figure
        print(f"  {kind:8} {op:7} {figure['median_ms']:9.1f} ms", flush=True)

    if with_jrnl:
        if size <= 10_000:
            result["agreement"] = agreement(env, jenv, jdir)
        iruns = min(args.runs, 3) if size > 10_000 else args.runs
        result["jrnl_import"] = imports.measure_import(
            # the cached text: the timed `jrnl TEXT` runs added to jdir's copy
            reflect_cmd(),
            jsource / "journal.txt",
            env,
            work,
            iruns,
            run_once,
        )
        print(f"  reflect import --from jrnl "
              f"{result['jrnl_import']['median_ms'] / 1000:9.1f} s", flush=True)  # fmt: skip
    result["cli"] = runs
    print("  in-process figures ...", flush=True)
    out = subprocess.run(
        [sys.executable, str(HERE / "inproc.py"), str(home), "--runs", str(args.runs)],
        env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise RuntimeError(f"inproc.py failed:\n{out.stderr[-2000:]}")
    result["inproc"] = json.loads(out.stdout)
    return result


def agreement(env, jenv, jdir: Path) -> dict:
    """Do both tools find the same entries? (counted once, not timed)."""
    r = reflect_cmd()
    tagged = json.loads(subprocess.run(
        [*r, "list", "--tag", corpus.TAG, "--limit", "100000", "--json"],
        env=env, capture_output=True, text=True, check=True).stdout)  # fmt: skip
    jtagged = json.loads(subprocess.run(
        [str(JRNL), "--config-file", str(jdir / "plain.yaml"), f"@{corpus.TAG}",
         "--export", "json"], env=jenv, capture_output=True, text=True, check=True,
    ).stdout)  # fmt: skip
    jfound = json.loads(subprocess.run(
        [str(JRNL), "--config-file", str(jdir / "plain.yaml"), "-contains",
         corpus.SEARCH_WORD, "--export", "json"],
        env=jenv, capture_output=True, text=True, check=True).stdout)  # fmt: skip
    return {
        "tag_reflect": len(tagged), "tag_jrnl": len(jtagged["entries"]),
        "search_jrnl": len(jfound["entries"]),
    }  # fmt: skip


# ---- report ----------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()
    conn.close()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlcipher": cipher[0] if cipher else "unknown",
        "sqlite": sqlcipher3.sqlite_version,
        "os": f"{platform.system()} {platform.release()}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def ms(figure: dict | None) -> str:
    if not figure:
        return "–"
    return f"{figure['median_ms']:,.1f} ({figure['min_ms']:,.1f})"


def targets(results: list[dict]) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/MISS/n/a) for each of the issue's targets."""
    by = {r["size"]: r for r in results}
    rows: list[tuple[str, str, str]] = []

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    small, big = by.get(100), by.get(100_000)
    for op, label in (("list", "list"), ("search", "search"), ("note", "note")):
        name = f"{label} at 100,000 ≤ 1.5× at 100"
        if small and big:
            ratio = (
                big["cli"][op]["reflect"]["median_ms"]
                / small["cli"][op]["reflect"]["median_ms"]
            )
            rows.append((name, f"{ratio:.2f}×", verdict(ratio <= 1.5)))
        else:
            rows.append((name, "sizes 100 and 100,000 not both run", "n/a"))
    name = "TUI open at 100,000 ≤ 1.5× at 100"
    if small and big:
        ratio = (
            big["inproc"]["tui_open"]["median_ms"]
            / small["inproc"]["tui_open"]["median_ms"]
        )
        rows.append((name, f"{ratio:.2f}×", verdict(ratio <= 1.5)))
    else:
        rows.append((name, "sizes 100 and 100,000 not both run", "n/a"))

    with_jrnl = [r for r in results if "jrnl" in r["cli"]["list"]]
    at = by.get(50_000) if by.get(50_000) in with_jrnl else None
    fallback = at is None and with_jrnl
    if fallback:
        at = max(with_jrnl, key=lambda r: r["size"])
    for op, need in (("list", 15), ("search", 15), ("note", 50), ("tag", 50)):
        for kind, label in (("jrnl", "plain"), ("jrnl_enc", "encrypted")):
            name = f"{OP_NAMES[op]} ≥ {need}× faster than jrnl ({label}) at 50,000"
            if at is None:
                rows.append((name, "jrnl not run", "n/a"))
                continue
            ratio = (
                at["cli"][op][kind]["median_ms"] / at["cli"][op]["reflect"]["median_ms"]
            )
            where = f" at {at['size']:,} (50,000 not run)" if fallback else ""
            rows.append((name, f"{ratio:.1f}×{where}",
                         "n/a" if fallback else verdict(ratio >= need)))  # fmt: skip
    rows += small_journal_rows(by.get(1000))
    largest = max(results, key=lambda r: r["size"])
    size_note = f" (at {largest['size']:,})"
    tui = largest["inproc"]["tui_open"]["median_ms"]
    rows.append(("TUI open at 100,000 < 1 s", f"{tui:,.0f} ms{size_note}",
                 verdict(tui < 1000) if largest["size"] >= 100_000 else "n/a"))  # fmt: skip
    for key, limit, label in (("search_query", 50, "search query < 50 ms"),
                              ("autosave", 10, "autosave < 10 ms"),
                              ("agenda_build", 100, "agenda build < 100 ms")):  # fmt: skip
        worst = max(r["inproc"][key]["median_ms"] for r in results)
        rows.append((f"{label} (every size)", f"{worst:,.2f} ms worst median",
                     verdict(worst < limit)))  # fmt: skip
    rows.append(imports.target_row(results))
    base = by.get(1000)
    if base and big:
        ratios = {op: big["cli"][op]["reflect"]["rss_mb"] / base["cli"][op]["reflect"]["rss_mb"]
                  for op in OPS}  # fmt: skip
        text = ", ".join(f"{op} {v:.2f}×" for op, v in ratios.items())
        rows.append(("peak RSS at 100,000 ≤ 1.3× at 1,000 (each command)", text,
                     verdict(max(ratios.values()) <= 1.3)))  # fmt: skip
    else:
        rows.append(
            ("peak RSS at 100,000 ≤ 1.3× at 1,000", "sizes not both run", "n/a")
        )
    return rows


SMALL_AGAINST_JRNL = {"list": 1.5, "search": 1.5, "tag": 1.5, "note": 1.3}
"""At 1,000 entries, how many times faster than jrnl (plain) each must be."""
SMALL_OVER_FLOOR = 1.2
"""At 1,000 entries, the most each may cost over the floor (see FLOOR)."""


def small_journal_rows(at: dict | None) -> list[tuple[str, str, str]]:
    """Issue 21's targets: on a journal of a year or two, every everyday
    command clearly faster than jrnl and close to what the key costs."""
    rows: list[tuple[str, str, str]] = []
    for op, need in SMALL_AGAINST_JRNL.items():
        name = f"{OP_NAMES[op]} ≥ {need}× faster than jrnl (plain) at 1,000"
        if at is None or "jrnl" not in at["cli"][op]:
            rows.append((name, "1,000 with --jrnl not run", "n/a"))
            continue
        ratio = (
            at["cli"][op]["jrnl"]["median_ms"] / at["cli"][op]["reflect"]["median_ms"]
        )
        rows.append((name, f"{ratio:.2f}×", "PASS" if ratio >= need else "MISS"))
    for op in SMALL_AGAINST_JRNL:
        name = f"{OP_NAMES[op]} ≤ {SMALL_OVER_FLOOR}× the floor at 1,000"
        if at is None:
            rows.append((name, "1,000 not run", "n/a"))
            continue
        ratio = at["cli"][op]["reflect"]["median_ms"] / at["floor"]["median_ms"]
        verdict = "PASS" if ratio <= SMALL_OVER_FLOOR else "MISS"
        rows.append(
            (name, f"{ratio:.2f}× ({at['floor']['median_ms']:,.1f} ms)", verdict)
        )
    return rows


def report(results: list[dict], info: dict, args) -> str:
    lines = [
        "# reflect benchmark results",
        "",
        f"{info['date']} on {info['cpu']}, {info['cores']} cores, {info['os']}; "
        f"Python {info['python']}, SQLCipher {info['sqlcipher']} "
        f"(SQLite {info['sqlite']})"
        + (f"; jrnl {info['jrnl']}" if info.get("jrnl") else "")
        + ".",
        "",
        f"Command: `python tests/bench/run.py {' '.join(sys.argv[1:])}` (seed {args.seed}).",
        "Times are milliseconds, median (minimum) of the runs shown; `×` is jrnl's "
        "median divided by reflect's, measured in the same run on the same texts. "
        "reflect is encrypted (SQLCipher, default key derivation) in every row.",
        "",
        "## Journals",
        "",
        "| entries | words | reflect file | built in | jrnl text | jrnl built in "
        f"| entries with '{corpus.SEARCH_WORD}' | with @{corpus.TAG} |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        b, j = r["reflect_build"], r.get("jrnl_build")
        cached = " (cached)" if b.get("cached") else ""
        jtext = f"{j['bytes'] / 1e6:,.1f} MB" if j else "–"
        jtime = (
            (f"{j['seconds']:,.1f} s" + (" (cached)" if j.get("cached") else ""))
            if j
            else "–"
        )
        lines.append(
            f"| {r['size']:,} | {b['words']:,} | {b['bytes'] / 1e6:,.1f} MB | "
            f"{b['seconds']:,.1f} s{cached} | {jtext} | {jtime} | "
            f"{b['search_word_entries']:,} | {b['tag_entries']:,} |"
        )
    lines += ["", "## Whole-process timings (reflect alone, median ms)", "",
              "| operation | " + " | ".join(f"{r['size']:,}" for r in results) + " |",
              "| --- |" + " ---: |" * len(results)]  # fmt: skip
    for op in OPS:
        cells = [f"{r['cli'][op]['reflect']['median_ms']:,.1f}" for r in results]
        lines.append(f"| {OP_NAMES[op]} | " + " | ".join(cells) + " |")
    cells = [f"{r['floor']['median_ms']:,.1f}" for r in results]
    lines.append("| the floor: interpreter, sqlcipher3, key, one read | "
                 + " | ".join(cells) + " |")  # fmt: skip
    lines += ["", "Peak RSS, MB:", "",
              "| operation | " + " | ".join(f"{r['size']:,}" for r in results) + " |",
              "| --- |" + " ---: |" * len(results)]  # fmt: skip
    for op in OPS:
        cells = [f"{r['cli'][op]['reflect']['rss_mb']:,.1f}" for r in results]
        lines.append(f"| {OP_NAMES[op]} | " + " | ".join(cells) + " |")
    for r in results:
        if "jrnl" not in r["cli"]["list"]:
            continue
        jr = r["cli"]["list"]["jrnl"]["runs"]
        lines += [
            "", f"## Against jrnl at {r['size']:,} entries "
            f"(reflect {args.runs} runs, jrnl {jr})", "",
            "| operation | reflect | RSS MB | jrnl plain | RSS MB | × | "
            "jrnl encrypted | RSS MB | × |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]  # fmt: skip
        for op in OPS:
            c = r["cli"][op]
            base = c["reflect"]["median_ms"]
            lines.append(
                f"| {OP_NAMES[op]} | {ms(c['reflect'])} | {c['reflect']['rss_mb']:,.0f} | "
                f"{ms(c['jrnl'])} | {c['jrnl']['rss_mb']:,.0f} | "
                f"{c['jrnl']['median_ms'] / base:,.1f}× | {ms(c['jrnl_enc'])} | "
                f"{c['jrnl_enc']['rss_mb']:,.0f} | {c['jrnl_enc']['median_ms'] / base:,.1f}× |"
            )
        if "agreement" in r:
            a = r["agreement"]
            lines += ["", f"Same answers: @{corpus.TAG} finds {a['tag_reflect']:,} entries "
                      f"in reflect and {a['tag_jrnl']:,} in jrnl; jrnl -contains finds "
                      f"{a['search_jrnl']:,} entries (reflect's index: "
                      f"{r['reflect_build']['search_word_entries']:,})."]  # fmt: skip
    lines += imports.report_lines(results)
    lines += ["", "## In-process figures (reflect, median (min) ms)", "",
              "| figure | " + " | ".join(f"{r['size']:,}" for r in results) + " |",
              "| --- |" + " ---: |" * len(results)]  # fmt: skip
    for key, label in INPROC.items():
        lines.append(
            f"| {label} | " + " | ".join(ms(r["inproc"][key]) for r in results) + " |"
        )
    lines += [
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets(results)]
    return "\n".join(lines) + "\n"


def main() -> None:
    global CACHE, JRNL_VENV, JRNL_PYTHON, JRNL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000,100000")
    parser.add_argument("--jrnl", action="store_true", help="also time jrnl")
    parser.add_argument("--jrnl-sizes", default=None,
                        help="sizes to time jrnl at (default: every size)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jrnl-runs", type=int, default=None,
                        help="jrnl runs (default: --runs, 1 over 10,000 entries)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.jrnl_sizes = (
        [int(s) for s in args.jrnl_sizes.split(",")] if args.jrnl_sizes else args.sizes
    )
    CACHE = args.cache.resolve()
    CACHE.mkdir(parents=True, exist_ok=True)
    JRNL_VENV = CACHE / "venv-jrnl"
    JRNL_PYTHON = JRNL_VENV / "bin" / "python"
    JRNL = JRNL_VENV / "bin" / "jrnl"
    info = machine()
    if args.jrnl:
        ensure_jrnl()
        info["jrnl"] = jrnl_version()
    results = []
    work = CACHE / "work"
    try:
        for size in args.sizes:
            results.append(bench_size(size, args, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(results, info, args)
    args.out.write_text(text, encoding="utf-8")
    (CACHE / "last-results.json").write_text(
        json.dumps({"machine": info, "results": results})
    )
    print("\n" + text)
    print(f"written to {args.out}")


CACHE = JRNL_VENV = JRNL_PYTHON = JRNL = Path()

if __name__ == "__main__":
    main()
