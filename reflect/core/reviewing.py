"""The supervisor's side: what supervisees shared, comments, and feedback.

A supervisor is often a peer worker too, so this lives in the same journal.
Shared entries arrive as read-only snapshots, one row per version; comments,
reviewed marks and sign-offs are kept until a feedback bundle carries them
back to the supervisee's journal, addressed to it by its journal id.
`Reviewing` is bound to the journal as `journal.reviewing`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core.clock import iso
from reflect.core.errors import Ambiguous, BadBundle, NotFound, ReflectError
from reflect.core.files import check_writable, read_file, recorded_with
from reflect.core.lookup import full_id
from reflect.core.service import Bound, Service
from reflect.core.sharing import (
    Comment,
    Report,
    Sharing,
    comment_from_row,
    sender_name,
)

if TYPE_CHECKING:
    from reflect.core.bundles import KdfParams

# The bundle format (and `cryptography`) is imported where a bundle is opened
# or sealed, as in `reflect.core.sharing`.

NOT_SENT = "Nothing was sent"


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
    reviewed_at: str | None = None
    """When the supervisor marked this version reviewed."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "supervisee": self.supervisee,
            "supervisee_id": self.supervisee_id,
            "title": self.title,
            "version": self.version,
            "received_at": self.received_at,
            "reviewed": self.reviewed,
            "reviewed_at": self.reviewed_at,
        }


@dataclass(frozen=True)
class ReceivedSession:
    """A session record a supervisee shared, and whether it is signed off."""

    session_id: str
    day: str
    signed: bool


@dataclass(frozen=True)
class SuperviseeOverview:
    """One person as the supervising screen lists them: who, the session
    records they shared, and their shared entries (unread first, newest)."""

    person: Supervisee
    sessions: list[ReceivedSession]
    entries: list[Received]


_RECEIVED = (
    "SELECT r.supervisee_id, s.name, r.entry_id, r.version, r.title, "
    "r.received_at, r.reviewed_at, r.snapshot FROM received_entries r "
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
        reviewed=row[6] is not None,
        snapshot=json.loads(row[7]),
        reviewed_at=row[6],
    )


_SUPERVISEES = (
    "SELECT s.journal_id, s.name, count(r.entry_id), sum(r.reviewed_at IS NULL) "
    "FROM supervisees s LEFT JOIN received_entries r "
    "ON r.supervisee_id = s.journal_id GROUP BY s.journal_id ORDER BY s.name"
)
_NEWEST_UNREAD_FIRST = " ORDER BY r.reviewed_at IS NOT NULL, r.received_at DESC"


class Reviewing(Service):
    """The supervisor's side, bound to one journal (`journal.reviewing`)."""

    def __init__(self, bound: Bound, sharing: Sharing) -> None:
        super().__init__(bound)
        self._sharing = sharing

    # ---- bringing bundles in -----------------------------------------------

    def receive_file(
        self,
        path: Path,
        passphrase: str | Callable[[], str],
        *,
        accepted: Collection[KdfParams] | None = None,
    ) -> Report:
        """Read a bundle file (never more than a bundle may hold) and bring it in.

        `passphrase` may be a function, called only once the file has been
        read and its outside checked, so neither a wrong path nor a forged
        file costs the worker typing the passphrase first. The CLI and the
        app both come here, each with the scrypt settings it `accepted`.
        """
        from reflect.core import bundles

        accepted = bundles.ACCEPTED_KDFS if accepted is None else accepted
        data = read_file(path, bundles.MAX_BUNDLE_BYTES)
        bundles.read_envelope(data, accepted)
        return self.receive(
            data,
            passphrase if isinstance(passphrase, str) else passphrase(),
            accepted=accepted,
        )

    def receive(
        self,
        data: bytes,
        passphrase: str,
        *,
        accepted: Collection[KdfParams] | None = None,
    ) -> Report:
        """Open any bundle and bring it in: a share (as supervisor) or feedback.

        `accepted` is the scrypt settings a bundle's header may ask for (see
        `bundles.ACCEPTED_KDFS`, the default); the interfaces pass theirs,
        tests a cheap one.
        """
        from reflect.core import bundles

        accepted = bundles.ACCEPTED_KDFS if accepted is None else accepted
        body = bundles.open_bundle(data, passphrase, accepted)
        kind = body.get("kind")
        if kind == "share":
            return self.import_share(body)
        if kind == "feedback":
            return self._sharing.import_feedback(body)
        raise BadBundle("this bundle is of a kind this reflect does not know")

    def import_share(self, body: dict[str, Any]) -> Report:
        """Keep a supervisee's snapshots, all or nothing, once per bundle."""
        from reflect.core.bundle_shapes import check_share

        mine = self._store.journal_id
        sender = str(body.get("sender_journal_id") or "")
        if not sender:
            raise BadBundle("the share bundle does not say whose journal it came from")
        if sender == mine:
            raise BadBundle(
                "this is a share from your own journal: give it to your supervisor "
                "to open"
            )
        recipient = body.get("recipient_journal_id")
        if recipient and recipient != mine:
            raise BadBundle("this share is addressed to someone else's journal")
        check_share(body)
        bundle_id = str(body.get("bundle_id") or "")
        if self._sharing.already_imported(bundle_id):
            return Report("share", already=True)
        name = sender_name(body, "a supervisee")
        stamp = iso(self._now())
        conn = self._conn
        added = 0
        try:
            with self._store.write():
                conn.execute(
                    "INSERT INTO supervisees (journal_id, name, first_seen, "
                    "last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (journal_id) DO "
                    "UPDATE SET name = excluded.name, last_seen = excluded.last_seen",
                    [sender, name, stamp, stamp],
                )
                for snap in body.get("entries") or []:
                    cursor = conn.execute(
                        "INSERT OR IGNORE INTO received_entries (supervisee_id, "
                        "entry_id, version, title, snapshot, received_at, bundle_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [sender, str(snap["id"]), int(snap["version"]),
                         str(snap.get("title") or ""), json.dumps(snap), stamp,
                         bundle_id],
                    )  # fmt: skip
                    added += cursor.rowcount
                for kind in ("agenda", "wellbeing"):
                    if body.get(kind):
                        conn.execute(
                            "INSERT INTO received_extras VALUES (?, ?, ?, ?, ?)",
                            [sender, bundle_id, kind, str(body[kind]), stamp],
                        )
                if body.get("session"):
                    session = body["session"]
                    conn.execute(
                        "INSERT OR REPLACE INTO received_sessions VALUES (?, ?, ?, ?)",
                        [sender, str(session["id"]), json.dumps(session), stamp],
                    )
                conn.execute(
                    "INSERT INTO bundles (id, direction, kind, peer_journal_id, "
                    "created_at) VALUES (?, 'in', 'share', ?, ?)",
                    [bundle_id, sender, stamp],
                )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise BadBundle("the share bundle is damaged inside") from exc
        return Report("share", added=added, detail=name)

    # ---- reading -------------------------------------------------------------

    def supervisees(self) -> list[Supervisee]:
        """Everyone who has shared with this journal, by name, with counts."""
        rows = self._conn.execute(_SUPERVISEES).fetchall()
        return [Supervisee(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows]

    def find_supervisee(self, key: str) -> Supervisee:
        """By journal id (or its start) or by name, case-insensitively."""
        key = key.strip()
        matches = [
            s
            for s in self.supervisees()
            if s.id.startswith(key.lower()) or s.name.casefold() == key.casefold()
        ]
        if not key or not matches:
            raise NotFound(f"nobody called {key!r} has shared with you")
        if len(matches) > 1:
            raise Ambiguous(f"more than one supervisee matches {key!r}; use the id")
        return matches[0]

    def received(self, supervisee: str | None = None) -> list[Received]:
        """Shared entries (of one supervisee, if given), unread first, then newest."""
        where, params = "", []
        if supervisee:
            where = " WHERE r.supervisee_id = ?"
            params = [self.find_supervisee(supervisee).id]
        rows = self._conn.execute(
            f"{_RECEIVED}{where}{_NEWEST_UNREAD_FIRST}", params
        ).fetchall()
        return [_received(row) for row in rows]

    def overview(self) -> list[SuperviseeOverview]:
        """Everyone, with their session records and shared entries, for one screen.

        Three queries whatever the number of people (supervisees with their
        counts, every shared session record, every shared entry), grouped
        here, rather than two or three more for each person listed.
        """
        people = self.supervisees()
        sessions: dict[str, list[ReceivedSession]] = {p.id: [] for p in people}
        for person_id, session_id, record, signed in self._conn.execute(
            "SELECT r.supervisee_id, r.session_id, r.record, EXISTS (SELECT 1 "
            "FROM signoffs s WHERE s.session_id = r.session_id "
            "AND s.direction = 'given') FROM received_sessions r "
            "ORDER BY r.supervisee_id, r.session_id"
        ):
            day = str(json.loads(record).get("day", ""))
            sessions[person_id].append(
                ReceivedSession(str(session_id), day, bool(signed))
            )
        entries: dict[str, list[Received]] = {p.id: [] for p in people}
        for row in self._conn.execute(f"{_RECEIVED}{_NEWEST_UNREAD_FIRST}"):
            entries[row[0]].append(_received(row))
        return [SuperviseeOverview(p, sessions[p.id], entries[p.id]) for p in people]

    def get(self, prefix: str, version: int | None = None) -> Received:
        """A snapshot by entry id (or its start); the latest version unless given."""
        entry_id = full_id(
            self._store, "received_entries", prefix, "shared entry", column="entry_id"
        )
        row = self._conn.execute(
            f"{_RECEIVED} WHERE r.entry_id = ? "
            + ("AND r.version = ? " if version else "")
            + "ORDER BY r.version DESC LIMIT 1",
            [entry_id, *([version] if version else [])],
        ).fetchone()
        if row is None:
            raise NotFound(f"shared entry {entry_id[:8]} has no version {version}")
        return _received(row)

    def versions(self, entry_id: str) -> list[int]:
        """Every version of one shared entry that came in, oldest first."""
        rows = self._conn.execute(
            "SELECT DISTINCT version FROM received_entries WHERE entry_id = ? "
            "ORDER BY version",
            [entry_id],
        ).fetchall()
        return [int(row[0]) for row in rows]

    def my_comments(self, entry_id: str, version: int) -> list[Comment]:
        """The supervisor's own comments on one shared version, oldest first
        (`sent` says whether feedback has carried each back yet)."""
        rows = self._conn.execute(
            "SELECT id, entry_id, version, step_id, author, body, created_at, "
            "hidden, sent_in IS NOT NULL FROM comments WHERE direction = 'given' "
            "AND entry_id = ? AND version = ? ORDER BY created_at",
            [entry_id, version],
        ).fetchall()
        return [comment_from_row(row, sent=bool(row[8])) for row in rows]

    def unread_count(self) -> int:
        """Shared entries the supervisor has not yet marked as reviewed."""
        row = self._conn.execute(
            "SELECT count(*) FROM received_entries WHERE reviewed_at IS NULL"
        ).fetchone()
        return int(row[0])

    # ---- responding ----------------------------------------------------------

    def add_comment(
        self, received: Received, body: str, *, step_id: str | None = None
    ) -> str:
        """Comment on a whole entry, or on one answer (by its step id)."""
        if not body.strip():
            raise ReflectError("a comment needs some words")
        steps = {a["step_id"] for a in received.snapshot.get("answers", [])}
        if step_id is not None and step_id not in steps:
            known = ", ".join(sorted(steps))
            raise ReflectError(
                f"that entry has no answer {step_id!r}; its steps: {known}"
            )
        comment_id = str(uuid.uuid4())
        author = self._sharing.display_name() or "your supervisor"
        with self._store.write():
            self._conn.execute(
                "INSERT INTO comments (id, direction, peer_journal_id, entry_id, "
                "version, step_id, author, body, created_at) "
                "VALUES (?, 'given', ?, ?, ?, ?, ?, ?, ?)",
                [comment_id, received.supervisee_id, received.entry_id,
                 received.version, step_id, author, body.strip(),
                 iso(self._now())],
            )  # fmt: skip
        return comment_id

    def mark_reviewed(self, received: Received) -> None:
        """Mark one shared version read; the mark travels with the next feedback."""
        stamp = iso(self._now())
        with self._store.write():
            self._conn.execute(
                "UPDATE received_entries SET reviewed_at = ? WHERE supervisee_id = ? "
                "AND entry_id = ? AND version = ?",
                [stamp, received.supervisee_id, received.entry_id, received.version],
            )
            self._conn.execute(
                "INSERT OR IGNORE INTO reviews (entry_id, version, peer_journal_id, "
                "direction, reviewed_at) VALUES (?, ?, ?, 'given', ?)",
                [received.entry_id, received.version, received.supervisee_id, stamp],
            )

    def sign_off(self, supervisee_id: str, session_id: str) -> None:
        """Sign off a shared session record; it travels with the next feedback."""
        with self._store.write():
            self._conn.execute(
                "INSERT OR IGNORE INTO signoffs (session_id, peer_journal_id, "
                "direction, signed_at) VALUES (?, ?, 'given', ?)",
                [session_id, supervisee_id, iso(self._now())],
            )

    def pending_feedback(self, supervisee_id: str) -> bool:
        """Whether any comment, review or sign-off for this person is not sent
        yet (one query over the three tables)."""
        waiting = " OR ".join(
            f"EXISTS (SELECT 1 FROM {table} WHERE direction = 'given' "
            "AND peer_journal_id = ?1 AND sent_in IS NULL)"
            for table in ("comments", "reviews", "signoffs")
        )
        row = self._conn.execute(f"SELECT {waiting}", [supervisee_id]).fetchone()
        return bool(row[0])

    def build_feedback(
        self,
        supervisee: Supervisee,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
    ) -> bytes | None:
        """Everything not yet sent back to `supervisee`, sealed; None if nothing new.

        What is read, sealed and marked as sent is one transaction, so a
        comment added meanwhile from another window is neither lost nor
        marked sent without travelling. Inside `send_feedback` the marks last
        only if the file is written. `kdf` is the scrypt cost (the bundle
        format's default unless given).
        """
        from reflect.core import bundles

        bundles.check_passphrase(passphrase)
        conn = self._conn
        sid = supervisee.id
        with self._store.write():
            comments = conn.execute(
                "SELECT id, entry_id, version, step_id, body, created_at "
                "FROM comments WHERE direction = 'given' AND peer_journal_id = ? "
                "AND sent_in IS NULL",
                [sid],
            ).fetchall()
            reviews = conn.execute(
                "SELECT entry_id, version, reviewed_at FROM reviews "
                "WHERE direction = 'given' AND peer_journal_id = ? AND sent_in IS NULL",
                [sid],
            ).fetchall()
            signoffs = conn.execute(
                "SELECT session_id, signed_at FROM signoffs WHERE direction = 'given' "
                "AND peer_journal_id = ? AND sent_in IS NULL",
                [sid],
            ).fetchall()
            if not (comments or reviews or signoffs):
                return None
            bundle_id = str(uuid.uuid4())
            stamp = iso(self._now())
            body = {
                "format": "reflect-bundle",
                "version": bundles.FORMAT_VERSION,
                "kind": "feedback",
                "bundle_id": bundle_id,
                "sender_journal_id": self._store.journal_id,
                "sender_name": self._sharing.display_name() or "your supervisor",
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
            data = bundles.seal(body, passphrase, kdf or bundles.DEFAULT_KDF)
            for table in ("comments", "reviews", "signoffs"):
                conn.execute(
                    f"UPDATE {table} SET sent_in = ? WHERE direction = 'given' "
                    "AND peer_journal_id = ? AND sent_in IS NULL",
                    [bundle_id, sid],
                )
            conn.execute(
                "INSERT INTO bundles (id, direction, kind, peer_journal_id, "
                "created_at) VALUES (?, 'out', 'feedback', ?, ?)",
                [bundle_id, sid, stamp],
            )
        return data

    def send_feedback(
        self,
        supervisee: Supervisee,
        passphrase: str,
        target: Path,
        *,
        kdf: KdfParams | None = None,
        replace: bool = False,
    ) -> bool:
        """Write everything not yet sent back to `supervisee` into `target`.

        False, with no file, when there is nothing new. Sealing, marking as
        sent and writing the file are one transaction: a file that cannot be
        written raises CannotWrite and leaves every comment, review and
        sign-off waiting, so the next try sends them all. An existing file is
        replaced only with `replace` (else FileTaken). The CLI and the app
        both come here.
        """
        from reflect.core import bundles

        bundles.check_passphrase(passphrase)
        if not self.pending_feedback(supervisee.id):
            return False
        # Before any key derivation.
        check_writable(target, replace=replace, nothing=NOT_SENT)
        with recorded_with(self._store, nothing=NOT_SENT, replace=replace) as write:
            data = self.build_feedback(supervisee, passphrase, kdf=kdf)
            if data is None:  # sent from another window since we looked
                return False
            write(target, data)
        return True
