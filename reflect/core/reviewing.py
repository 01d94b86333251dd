"""The supervisor's side: what supervisees shared, comments, and feedback.

A supervisor is often a peer worker too, so this lives in the same journal.
Shared entries arrive as read-only snapshots, one row per version; comments,
reviewed marks and sign-offs are kept until a feedback bundle carries them
back to the supervisee's journal, addressed to it by its journal id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.core import bundles
from reflect.core.bundle_shapes import check_share
from reflect.core.clock import Clock, iso
from reflect.core.errors import Ambiguous, BadBundle, NotFound, ReflectError
from reflect.core.files import check_writable, read_file, recorded_with
from reflect.core.journal import Journal
from reflect.core.sharing import (
    Report,
    already_imported,
    display_name,
    import_feedback,
    sender_name,
)
from reflect.core.store import Store

NOT_SENT = "Nothing was sent"


def receive(
    journal: Journal,
    data: bytes,
    passphrase: str,
    *,
    accepted: Collection[bundles.KdfParams] = bundles.ACCEPTED_KDFS,
) -> Report:
    """Open any bundle and bring it in: a share (as supervisor) or feedback.

    `accepted` is the scrypt settings a bundle's header may ask for (see
    `bundles.ACCEPTED_KDFS`); the interfaces pass theirs, tests a cheap one.
    """
    body = bundles.open_bundle(data, passphrase, accepted)
    kind = body.get("kind")
    if kind == "share":
        return import_share(journal, body)
    if kind == "feedback":
        return import_feedback(journal, body)
    raise BadBundle("this bundle is of a kind this reflect does not know")


def import_share(journal: Journal, body: dict[str, Any]) -> Report:
    """Keep a supervisee's snapshots, all or nothing, once per bundle."""
    store = journal.store
    sender = str(body.get("sender_journal_id") or "")
    if not sender:
        raise BadBundle("the share bundle does not say whose journal it came from")
    if sender == journal.journal_id:
        raise BadBundle(
            "this is a share from your own journal: give it to your supervisor to open"
        )
    recipient = body.get("recipient_journal_id")
    if recipient and recipient != journal.journal_id:
        raise BadBundle("this share is addressed to someone else's journal")
    check_share(body)
    bundle_id = str(body.get("bundle_id") or "")
    if already_imported(store, bundle_id):
        return Report("share", already=True)
    name = sender_name(body, "a supervisee")
    stamp = iso(journal.now())
    added = 0
    try:
        with store.write():
            store.conn.execute(
                "INSERT INTO supervisees (journal_id, name, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (journal_id) DO UPDATE SET "
                "name = excluded.name, last_seen = excluded.last_seen",
                [sender, name, stamp, stamp],
            )
            for snap in body.get("entries") or []:
                cursor = store.conn.execute(
                    "INSERT OR IGNORE INTO received_entries (supervisee_id, entry_id, "
                    "version, title, snapshot, received_at, bundle_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [sender, str(snap["id"]), int(snap["version"]),
                     str(snap.get("title") or ""), json.dumps(snap), stamp, bundle_id],
                )  # fmt: skip
                added += cursor.rowcount
            for kind in ("agenda", "wellbeing"):
                if body.get(kind):
                    store.conn.execute(
                        "INSERT INTO received_extras VALUES (?, ?, ?, ?, ?)",
                        [sender, bundle_id, kind, str(body[kind]), stamp],
                    )
            if body.get("session"):
                session = body["session"]
                store.conn.execute(
                    "INSERT OR REPLACE INTO received_sessions VALUES (?, ?, ?, ?)",
                    [sender, str(session["id"]), json.dumps(session), stamp],
                )
            store.conn.execute(
                "INSERT INTO bundles (id, direction, kind, peer_journal_id, "
                "created_at) VALUES (?, 'in', 'share', ?, ?)",
                [bundle_id, sender, stamp],
            )
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise BadBundle("the share bundle is damaged inside") from exc
    return Report("share", added=added, detail=name)


# ---- reading ------------------------------------------------------------


@dataclass(frozen=True)
class Supervisee:
    id: str
    name: str
    entries: int
    unread: int

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Received:
    supervisee_id: str
    supervisee: str
    entry_id: str
    version: int
    title: str
    received_at: str
    reviewed: bool
    snapshot: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "supervisee": self.supervisee,
            "supervisee_id": self.supervisee_id,
            "title": self.title,
            "version": self.version,
            "received_at": self.received_at,
            "reviewed": self.reviewed,
        }


def list_supervisees(store: Store) -> list[Supervisee]:
    rows = store.conn.execute(
        "SELECT s.journal_id, s.name, count(r.entry_id), "
        "sum(r.reviewed_at IS NULL) FROM supervisees s "
        "LEFT JOIN received_entries r ON r.supervisee_id = s.journal_id "
        "GROUP BY s.journal_id ORDER BY s.name"
    ).fetchall()
    return [Supervisee(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows]


def find_supervisee(store: Store, key: str) -> Supervisee:
    """By journal id (or its start) or by name, case-insensitively."""
    key = key.strip()
    matches = [
        s
        for s in list_supervisees(store)
        if s.id.startswith(key.lower()) or s.name.casefold() == key.casefold()
    ]
    if not key or not matches:
        raise NotFound(f"nobody called {key!r} has shared with you")
    if len(matches) > 1:
        raise Ambiguous(f"more than one supervisee matches {key!r}; use the id")
    return matches[0]


_RECEIVED = (
    "SELECT r.supervisee_id, s.name, r.entry_id, r.version, r.title, "
    "r.received_at, r.reviewed_at IS NOT NULL, r.snapshot FROM received_entries r "
    "JOIN supervisees s ON s.journal_id = r.supervisee_id"
)


def _received(row: Any) -> Received:
    return Received(
        supervisee_id=row[0],
        supervisee=row[1],
        entry_id=row[2],
        version=int(row[3]),
        title=row[4],
        received_at=row[5],
        reviewed=bool(row[6]),
        snapshot=json.loads(row[7]),
    )


def list_received(store: Store, supervisee: str | None = None) -> list[Received]:
    """Shared entries, unread first, then newest."""
    where, params = "", []
    if supervisee:
        where, params = (
            " WHERE r.supervisee_id = ?",
            [find_supervisee(store, supervisee).id],
        )
    rows = store.conn.execute(
        f"{_RECEIVED}{where} ORDER BY r.reviewed_at IS NOT NULL, r.received_at DESC",
        params,
    ).fetchall()
    return [_received(row) for row in rows]


def get_received(store: Store, prefix: str, version: int | None = None) -> Received:
    """A snapshot by entry id (or its start); the latest version unless given."""
    prefix = prefix.strip().lower()
    rows = store.conn.execute(
        f"{_RECEIVED} WHERE r.entry_id >= ? AND r.entry_id < ? "
        + ("AND r.version = ? " if version else "")
        + "ORDER BY r.version DESC",
        [prefix, prefix + "\uffff", *([version] if version else [])],
    ).fetchall()
    if not prefix or not rows:
        raise NotFound(f"no shared entry has an id starting with {prefix!r}")
    if len({row[2] for row in rows}) > 1:
        raise Ambiguous(f"more than one shared entry starts with {prefix!r}")
    return _received(rows[0])


# ---- responding ---------------------------------------------------------


def add_comment(
    store: Store,
    received: Received,
    body: str,
    *,
    now: Clock,
    step_id: str | None = None,
) -> str:
    """Comment on a whole entry, or on one answer (by its step id)."""
    if not body.strip():
        raise ReflectError("a comment needs some words")
    steps = {a["step_id"] for a in received.snapshot.get("answers", [])}
    if step_id is not None and step_id not in steps:
        known = ", ".join(sorted(steps))
        raise ReflectError(f"that entry has no answer {step_id!r}; its steps: {known}")
    comment_id = str(uuid.uuid4())
    with store.write():
        store.conn.execute(
            "INSERT INTO comments (id, direction, peer_journal_id, entry_id, "
            "version, step_id, author, body, created_at) "
            "VALUES (?, 'given', ?, ?, ?, ?, ?, ?, ?)",
            [comment_id, received.supervisee_id, received.entry_id, received.version,
             step_id, display_name(store) or "your supervisor", body.strip(),
             iso(now())],
        )  # fmt: skip
    return comment_id


def mark_reviewed(store: Store, received: Received, *, now: Clock) -> None:
    with store.write():
        store.conn.execute(
            "UPDATE received_entries SET reviewed_at = ? WHERE supervisee_id = ? "
            "AND entry_id = ? AND version = ?",
            [iso(now()), received.supervisee_id, received.entry_id, received.version],
        )
        store.conn.execute(
            "INSERT OR IGNORE INTO reviews (entry_id, version, peer_journal_id, "
            "direction, reviewed_at) VALUES (?, ?, ?, 'given', ?)",
            [received.entry_id, received.version, received.supervisee_id, iso(now())],
        )


def sign_off(store: Store, supervisee_id: str, session_id: str, *, now: Clock) -> None:
    with store.write():
        store.conn.execute(
            "INSERT OR IGNORE INTO signoffs (session_id, peer_journal_id, direction, "
            "signed_at) VALUES (?, ?, 'given', ?)",
            [session_id, supervisee_id, iso(now())],
        )


def pending_feedback(store: Store, supervisee_id: str) -> bool:
    """Whether any comment, review or sign-off for this person is not sent yet."""
    return any(
        store.conn.execute(
            f"SELECT 1 FROM {table} WHERE direction = 'given' "
            "AND peer_journal_id = ? AND sent_in IS NULL LIMIT 1",
            [supervisee_id],
        ).fetchone()
        for table in ("comments", "reviews", "signoffs")
    )


def build_feedback(
    journal: Journal,
    supervisee: Supervisee,
    passphrase: str,
    *,
    kdf: bundles.KdfParams = bundles.DEFAULT_KDF,
) -> bytes | None:
    """Everything not yet sent back to `supervisee`, sealed; None if nothing new.

    What is read, sealed and marked as sent is one transaction, so a comment
    added meanwhile from another window is neither lost nor marked sent
    without travelling. Inside `send_feedback` the marks last only if the
    file is written.
    """
    bundles.check_passphrase(passphrase)
    store = journal.store
    sid = supervisee.id
    with store.write():
        comments = store.conn.execute(
            "SELECT id, entry_id, version, step_id, body, created_at FROM comments "
            "WHERE direction = 'given' AND peer_journal_id = ? AND sent_in IS NULL",
            [sid],
        ).fetchall()
        reviews = store.conn.execute(
            "SELECT entry_id, version, reviewed_at FROM reviews "
            "WHERE direction = 'given' AND peer_journal_id = ? AND sent_in IS NULL",
            [sid],
        ).fetchall()
        signoffs = store.conn.execute(
            "SELECT session_id, signed_at FROM signoffs WHERE direction = 'given' "
            "AND peer_journal_id = ? AND sent_in IS NULL",
            [sid],
        ).fetchall()
        if not (comments or reviews or signoffs):
            return None
        bundle_id = str(uuid.uuid4())
        stamp = iso(journal.now())
        body = {
            "format": "reflect-bundle",
            "version": bundles.FORMAT_VERSION,
            "kind": "feedback",
            "bundle_id": bundle_id,
            "sender_journal_id": journal.journal_id,
            "sender_name": display_name(store) or "your supervisor",
            "recipient_journal_id": sid,
            "created_at": stamp,
            "comments": [
                {
                    "id": c[0],
                    "entry_id": c[1],
                    "version": c[2],
                    "step_id": c[3],
                    "body": c[4],
                    "created_at": c[5],
                }
                for c in comments
            ],  # fmt: skip
            "reviewed": [
                {"entry_id": r[0], "version": r[1], "at": r[2]} for r in reviews
            ],
            "signoffs": [{"session_id": s[0], "at": s[1]} for s in signoffs],
        }
        data = bundles.seal(body, passphrase, kdf)
        for table in ("comments", "reviews", "signoffs"):
            store.conn.execute(
                f"UPDATE {table} SET sent_in = ? WHERE direction = 'given' "
                "AND peer_journal_id = ? AND sent_in IS NULL",
                [bundle_id, sid],
            )
        store.conn.execute(
            "INSERT INTO bundles (id, direction, kind, peer_journal_id, created_at) "
            "VALUES (?, 'out', 'feedback', ?, ?)",
            [bundle_id, sid, stamp],
        )
    return data


def send_feedback(
    journal: Journal,
    supervisee: Supervisee,
    passphrase: str,
    target: Path,
    *,
    kdf: bundles.KdfParams = bundles.DEFAULT_KDF,
    replace: bool = False,
) -> bool:
    """Write everything not yet sent back to `supervisee` into `target`.

    False, with no file, when there is nothing new. Sealing, marking as sent
    and writing the file are one transaction: a file that cannot be written
    raises CannotWrite and leaves every comment, review and sign-off waiting,
    so the next try sends them all. An existing file is replaced only with
    `replace` (else FileTaken). The CLI and the app both come here.
    """
    bundles.check_passphrase(passphrase)
    if not pending_feedback(journal.store, supervisee.id):
        return False
    # Before any key derivation.
    check_writable(target, replace=replace, nothing=NOT_SENT)
    with recorded_with(journal.store, nothing=NOT_SENT, replace=replace) as write:
        data = build_feedback(journal, supervisee, passphrase, kdf=kdf)
        if data is None:  # sent from another window since we looked
            return False
        write(target, data)
    return True


def receive_file(
    journal: Journal,
    path: Path,
    passphrase: str | Callable[[], str],
    *,
    accepted: Collection[bundles.KdfParams] = bundles.ACCEPTED_KDFS,
) -> Report:
    """Read a bundle file (never more than a bundle may hold) and bring it in.

    `passphrase` may be a function, called only once the file has been read
    and its outside checked, so neither a wrong path nor a forged file costs
    the worker typing the passphrase first. The CLI and the app both come
    here, each with the scrypt settings it `accepted`.
    """
    data = read_file(path, bundles.MAX_BUNDLE_BYTES)
    bundles.read_envelope(data, accepted)
    return receive(
        journal,
        data,
        passphrase if isinstance(passphrase, str) else passphrase(),
        accepted=accepted,
    )


def unread_count(store: Store) -> int:
    """Shared entries the supervisor has not yet marked as reviewed."""
    row = store.conn.execute(
        "SELECT count(*) FROM received_entries WHERE reviewed_at IS NULL"
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class ReceivedSession:
    """A session record a supervisee shared, and whether it is signed off."""

    session_id: str
    day: str
    signed: bool


def received_sessions(store: Store, supervisee_id: str) -> list[ReceivedSession]:
    """The session records one supervisee shared, in one query."""
    rows = store.conn.execute(
        "SELECT r.session_id, r.record, EXISTS (SELECT 1 FROM signoffs s "
        "WHERE s.session_id = r.session_id AND s.direction = 'given') "
        "FROM received_sessions r WHERE r.supervisee_id = ?",
        [supervisee_id],
    ).fetchall()
    return [
        ReceivedSession(str(sid), str(json.loads(record).get("day", "")), bool(done))
        for sid, record, done in rows
    ]


def my_comments(
    store: Store, entry_id: str, version: int
) -> list[tuple[str | None, str]]:
    """(step, body) of the supervisor's own comments on one shared version."""
    rows = store.conn.execute(
        "SELECT step_id, body FROM comments WHERE direction = 'given' "
        "AND entry_id = ? AND version = ? ORDER BY created_at",
        [entry_id, version],
    ).fetchall()
    return [(row[0], str(row[1])) for row in rows]
