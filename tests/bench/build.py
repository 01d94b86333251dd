"""Writing generated journals: an encrypted reflect journal, and jrnl's files.

The reflect journal is created with `create_journal` and the DEFAULT key
derivation (no `kdf_iter`), exactly as `reflect init` makes it, then filled in
one transaction through the store's own connection with `executemany`. To
keep a 100,000-entry build to a minute or two, the two insert triggers that
feed the search index are set aside for that transaction and the index is
filled with one `INSERT ... SELECT` computing exactly what they would have
written; the triggers are then recreated from their own stored SQL before
the transaction commits, so the schema on disk is unchanged. A sample of
rows is then checked against what the triggers compute.

jrnl's journal is its plain-text format (`[YYYY-MM-DD HH:MM:SS AM] Title.`
then the body, tags as `@tag`, entries separated by a blank line); the
encrypted copy is made by jrnl's own encryption class, run inside the bench's
jrnl virtual environment (`jrnl_helper.py`).
"""

from __future__ import annotations

import json
import random
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import corpus

FTS_TRIGGERS = ("entries_ai", "answers_ai")


def _iso(moment) -> str:
    from reflect.core.clock import iso

    return iso(moment)


def packs() -> list:
    from reflect.core.templates import load_library, shipped_dir

    return list(load_library([shipped_dir()]).packs.values())


def build_reflect(home: Path, size: int, seed: int, passphrase: str) -> dict:
    """Create and fill `home/journal.db`; returns counts and timings."""
    from reflect.core import checkins, supervision
    from reflect.core.journal import Journal
    from reflect.core.store import create_journal
    from reflect.core.templates import load_library, shipped_dir

    began = time.perf_counter()
    path = home / "journal.db"
    store = create_journal(path, passphrase)  # default key derivation
    conn = store.conn
    conn.execute("PRAGMA cache_size = -262144")  # this connection only
    ids = random.Random(f"reflect-bench-ids/{seed}")
    new_id = lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4))  # noqa: E731
    counts = {"entries": 0, "answers": 0, "words": 0, "tags": 0, "actions": 0}
    done_before = _iso(corpus.END - timedelta(days=30))
    library = load_library([shipped_dir()])
    with store.write():
        saved = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND name IN ({','.join('?' * len(FTS_TRIGGERS))})",
                FTS_TRIGGERS,
            ).fetchall()
        )
        for name in saved:
            conn.execute(f"DROP TRIGGER {name}")
        for batch in corpus.entries(size, seed, list(library.packs.values())):
            rows, answers, tags, notes, actions = [], [], [], [], []
            for e in batch:
                created = _iso(e.created)
                updated = _iso(e.created + timedelta(minutes=12))
                rows.append(
                    (e.id, created, updated, e.kind, e.template_id,
                     e.template_version, e.title, e.status, e.current_step,
                     int(e.for_supervision), e.ask, int(e.shareable), e.functions)
                )  # fmt: skip
                for a in e.answers:
                    answers.append(
                        (e.id, a.step_id, a.position, a.question, a.input_type,
                         a.response, updated)
                    )  # fmt: skip
                    counts["words"] += len(a.response.split())
                tags.extend((e.id, t) for t in e.tags)
                if e.private_note:
                    notes.append((e.id, e.private_note, updated))
                for text in e.actions:
                    done = created < done_before
                    actions.append(
                        (new_id(), text, "me", None, "done" if done else "open",
                         created, updated, updated if done else None, "entry", e.id)
                    )  # fmt: skip
            conn.executemany(
                "INSERT INTO entries (id, created_at, updated_at, kind, template_id, "
                "template_version, title, status, current_step, for_supervision, "
                "supervision_ask, shareable, functions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO answers (entry_id, step_id, position, question, "
                "input_type, response, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                answers,
            )
            conn.executemany(
                "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)", tags
            )
            conn.executemany(
                "INSERT INTO private_notes (entry_id, body, updated_at) VALUES (?, ?, ?)",
                notes,
            )
            conn.executemany(
                "INSERT INTO actions (id, text, owner, due, status, created_at, "
                "updated_at, done_at, source, source_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                actions,
            )
            counts["entries"] += len(rows)
            counts["answers"] += len(answers)
            counts["tags"] += len(tags)
            counts["actions"] += len(actions)
        # What entries_ai and answers_ai would have written, row by row.
        conn.execute(
            "INSERT INTO entries_fts (rowid, title, body) SELECT e.seq, e.title, "
            "(SELECT coalesce(group_concat(response, char(10) ORDER BY position), '') "
            "FROM answers WHERE entry_id = e.id) FROM entries e"
        )
        for sql in saved.values():
            conn.execute(sql)
        counts["checkins"] = _checkins(
            store, library.get("wellbeing"), size, seed, new_id
        )
        counts["sessions"] = _sessions(store, new_id)
    journal = Journal(store)  # kept: a service reaches its journal weakly
    journal.supervision.save_agreement(
        supervision.Agreement(
            supervisor="my peer supervisor", type="peer", every_days=28,
            next_date=(corpus.END + timedelta(days=9)).date(),
        ),
    )  # fmt: skip
    _verify(store)
    counts["search_word_entries"] = conn.execute(
        "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?",
        [f'"{corpus.SEARCH_WORD}"'],
    ).fetchone()[0]
    counts["search_prefix_entries"] = conn.execute(
        "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?",
        [f'"{corpus.SEARCH_PREFIX}"*'],
    ).fetchone()[0]
    counts["tag_entries"] = conn.execute(
        "SELECT count(*) FROM entry_tags WHERE tag = ?", [corpus.TAG]
    ).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    del checkins
    counts["seconds"] = round(time.perf_counter() - began, 2)
    counts["bytes"] = path.stat().st_size
    return counts


def _checkins(store, pack, size: int, seed: int, new_id) -> int:
    """Check-ins every few days across the span, scores drifting slowly."""
    from reflect.core import checkins

    rng = random.Random(f"reflect-bench-checkins/{seed}")
    dims = [d.id for d in checkins.dimensions(pack)]
    days = corpus.YEARS * 365
    wanted = min(int(days * 0.4), max(10, size // 5))
    chosen = sorted(rng.sample(range(days), wanted))
    level = {d: 3.5 for d in dims}
    rows = []
    for offset in chosen:
        moment = corpus.END - timedelta(days=days - offset, hours=10)
        scores = {}
        for d in dims:
            level[d] = min(5.0, max(1.0, level[d] + rng.uniform(-0.6, 0.6)))
            scores[d] = round(level[d])
        note = rng.choice(("", "", "", "Slept badly.", "Good team day.", "Busy week."))
        rows.append(
            (new_id(), moment.date().isoformat(), _iso(moment), _iso(moment),
             pack.version, json.dumps(scores), note, int(rng.random() < 0.03))
        )  # fmt: skip
    store.conn.executemany(
        "INSERT INTO checkins (id, day, created_at, updated_at, template_version, "
        "scores, note, bring) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _sessions(store, new_id) -> int:
    """A session every 28 days; the last one 19 days before the newest entry."""
    from dataclasses import replace

    from reflect.core import supervision

    last = (corpus.END - timedelta(days=19)).date()
    first = (corpus.END - timedelta(days=corpus.YEARS * 365)).date()
    day, count = last, 0
    while day > first:
        stamp = _iso(corpus.END - (corpus.END.date() - day))
        created = []
        for text in ("Try two lighter days a week", "Ask about the training dates"):
            action_id = new_id()
            done = day != last
            store.conn.execute(
                "INSERT INTO actions (id, text, owner, due, status, created_at, "
                "updated_at, done_at, source, source_id) "
                "VALUES (?, ?, 'me', ?, ?, ?, ?, ?, 'session', NULL)",
                [action_id, text, (day + timedelta(days=14)).isoformat(),
                 "done" if done else "open", stamp, stamp, stamp if done else None],
            )  # fmt: skip
            created.append(action_id)
        session = supervision.Session(
            id=new_id(), day=day, start="10:00", end="11:00", type="peer",
            items=(supervision.SessionItem("Pacing", "Talked it through.", "Try it."),),
            support="Check in about workload.", agreed=True,
            next_date=day + timedelta(days=28),
        )  # fmt: skip
        payload = replace(session, actions=tuple(created)).as_json()
        store.conn.execute(
            "INSERT INTO sessions (id, day, created_at, updated_at, record) "
            "VALUES (?, ?, ?, ?, ?)",
            [session.id, day.isoformat(), stamp, stamp, json.dumps(payload)],
        )
        store.conn.execute(
            "UPDATE actions SET source_id = ? WHERE id IN (?, ?)",
            [session.id, *created],
        )
        count += 1
        day -= timedelta(days=28)
    return count


def _verify(store) -> None:
    """The index holds exactly what the triggers would have put there."""
    conn = store.conn
    sample = conn.execute(
        "SELECT e.seq, e.title, (SELECT coalesce(group_concat(response, char(10) "
        "ORDER BY position), '') FROM answers WHERE entry_id = e.id) FROM entries e "
        "WHERE e.seq % 997 = 1 OR e.seq = (SELECT max(seq) FROM entries)"
    ).fetchall()
    for seq, title, body in sample:
        row = conn.execute(
            "SELECT title, body FROM entries_fts WHERE rowid = ?", [seq]
        ).fetchone()
        if row != (title, body):
            raise RuntimeError(f"search index differs from entry {seq}")
    total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    indexed = conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
    if total != indexed:
        raise RuntimeError(f"{total} entries but {indexed} rows in the search index")
    names = {
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    if not set(FTS_TRIGGERS) <= names:
        raise RuntimeError("a search trigger was not put back")


# ---- jrnl ------------------------------------------------------------------


def jrnl_entry(e: corpus.GenEntry) -> str:
    """One entry in jrnl's plain-text format."""
    stamp = e.created.strftime("%Y-%m-%d %I:%M:%S %p")
    title = (e.title or "Untitled").rstrip(".?!…")
    parts = []
    for a in e.answers:
        text = a.response
        if a.step_id == "note":
            text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        if text:
            parts.append(text)
    body = "\n\n".join(parts)
    tags = " ".join(f"@{t}" for t in e.tags)
    return (
        f"[{stamp}] {title}.\n{body}\n{tags}\n\n"
        if tags
        else f"[{stamp}] {title}.\n{body}\n\n"
    )


def build_jrnl(
    folder: Path, size: int, seed: int, venv_python: Path, password: str
) -> dict:
    """`journal.txt` + config, and `journal.enc` + config (jrnl's own encryption)."""
    began = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / "journal.txt"
    with open(plain, "w", encoding="utf-8") as out:
        for batch in corpus.entries(size, seed, packs()):
            out.write("".join(jrnl_entry(e) for e in batch))
    helper = Path(__file__).with_name("jrnl_helper.py")
    env = {"JRNL_BENCH_PASSWORD": password, "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [str(venv_python), str(helper), "encrypt", str(plain), str(folder / "journal.enc")],
        check=True, env=env,
    )  # fmt: skip
    for name, journal, encrypt in (
        ("plain.yaml", plain, False),
        ("encrypted.yaml", folder / "journal.enc", True),
    ):
        subprocess.run(
            [str(venv_python), str(helper), "config", str(folder / name), str(journal),
             "1" if encrypt else "0"],
            check=True, env=env,
        )  # fmt: skip
    return {
        "seconds": round(time.perf_counter() - began, 2),
        "bytes": plain.stat().st_size,
        "encrypted_bytes": (folder / "journal.enc").stat().st_size,
    }
