"""The worker's side of sharing: choosing what leaves, and feedback coming home.

Sharing is per entry and deliberate. A share plan is a plain copy of exactly
what will leave (never the private note); the privacy scan runs over all of
it, and the worker may edit a passage or remove an answer in the plan without
touching the journal. Writing the bundle records which version of each entry
went, so an entry edited and shared again travels as a new version.

The plan and the scan are plain functions of the plan; what reads or writes
the journal is `Sharing`, bound to it as `journal.sharing`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core import settings
from reflect.core.clock import iso
from reflect.core.entries import Entries
from reflect.core.errors import BadBundle, ReflectError
from reflect.core.files import check_writable, recorded_with
from reflect.core.models import UNNAMED_SUPERVISOR as UNNAMED
from reflect.core.models import Entry
from reflect.core.service import Bound, Service

if TYPE_CHECKING:
    from reflect.core.agenda import PaperFinding
    from reflect.core.bundles import KdfParams
    from reflect.core.privacy import Finding

# The bundle format (and `cryptography` under it) and the privacy scan are
# imported where they are used: every journal owns this service, and
# `reflect list` should not pay for sealing files it never writes.

_NAME = "display_name"
NOT_SHARED = "Nothing was shared"
_FEEDBACK_NAMES = "feedback_names"
"""Setting: the name each supervisor's journal (by id) last sent feedback under,
so a review, which carries no name of its own, can say who read the entry."""
_FEEDBACK_SEEN = "feedback_seen"
"""Setting: for each entry, when the worker last opened it in the app; what
arrived after that is news on home."""


@dataclass
class SharePlan:
    """Exactly what a share bundle will hold; edits here never touch the journal."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    agenda: str | None = None
    wellbeing: str | None = None
    session: dict[str, Any] | None = None
    agenda_findings: list[PaperFinding] | None = None
    """The scan of the words a person wrote on the agenda
    (`agenda.agenda_findings`), given by whoever put the agenda in: the
    agenda's own dates are reflect's, not anyone's to hide. Without it the
    agenda's text is scanned whole."""


@dataclass(frozen=True)
class ShareFinding:
    """Something in the plan that could identify someone, with where it is."""

    entry_id: str
    title: str
    step_id: str | None
    """None for the entry's title or ask."""
    where: str
    finding: Finding


def snapshot(entry: Entry) -> dict[str, Any]:
    """A read-only copy of an entry for a bundle. The private note stays home."""
    return {
        "id": entry.id,
        "title": entry.title,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "kind": entry.kind,
        "template_id": entry.template_id,
        "template_version": entry.template_version,
        "tags": list(entry.tags),
        "functions": list(entry.functions),
        "ask": entry.ask or "",
        "answers": [
            {
                "step_id": a.step_id,
                "position": a.position,
                "question": a.question,
                "input_type": a.input_type,
                "response": a.response,
            }
            for a in entry.answers
        ],
    }


def content_hash(snap: dict[str, Any]) -> str:
    stable = {k: v for k, v in snap.items() if k not in ("version", "updated_at")}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def findings(plan: SharePlan, watch_list: Sequence[str] = ()) -> list[ShareFinding]:
    """The privacy scan over everything the plan would send."""
    from reflect.core.privacy import scan

    found: list[ShareFinding] = []
    for snap in plan.entries:
        tags = " ".join(snap["tags"])
        fields = (("title", snap["title"]), ("ask", snap["ask"]), ("tags", tags))
        for where, text in fields:
            found += [
                ShareFinding(snap["id"], snap["title"], None, where, f)
                for f in scan(text, watch_list)
            ]
        for answer in snap["answers"]:
            actions = answer.get("input_type") == "action"  # dates due, not people's
            found += [
                ShareFinding(snap["id"], snap["title"], answer["step_id"],
                             answer["question"] or "the note", f)
                for f in scan(answer["response"], watch_list, plan=actions)
            ]  # fmt: skip
    if plan.agenda_findings is not None:
        found += [
            ShareFinding("", "agenda", None, p.where, p.finding)
            for p in plan.agenda_findings
        ]
    else:
        found += [
            ShareFinding("", "agenda", None, "agenda", f)
            for f in scan(plan.agenda or "", watch_list)
        ]
    found += [
        ShareFinding("", "wellbeing", None, "wellbeing", f)
        for f in scan(plan.wellbeing or "", watch_list)
    ]
    if plan.session:
        from reflect.core.agenda import session_findings
        from reflect.core.supervision import session_from_json

        record = session_from_json(plan.session)
        found += [
            ShareFinding("", "session record", None, p.where, p.finding)
            for p in session_findings(record, (), watch_list)
        ]
    return found


def edit_answer(
    plan: SharePlan,
    entry_id: str,
    step_id: str | None,
    text: str,
    *,
    where: str = "ask",
) -> None:
    """Change what leaves: an answer, or (step_id None) the ask or the title.

    `where` is the finding's `where` ("title", "ask" or "tags"): a quick
    note's title is its first line, and tags travel too, so a finding in any
    of them must be editable.
    """
    for snap in plan.entries:
        if snap["id"] != entry_id:
            continue
        if step_id is None and where == "tags":
            snap["tags"] = text.replace(",", " ").split()
            return
        if step_id is None:
            snap["title" if where == "title" else "ask"] = text
            return
        for answer in snap["answers"]:
            if answer["step_id"] == step_id:
                answer["response"] = text
                return
    raise ReflectError("that answer is not in this share")


def remove_answer(plan: SharePlan, entry_id: str, step_id: str) -> None:
    for snap in plan.entries:
        if snap["id"] == entry_id:
            snap["answers"] = [a for a in snap["answers"] if a["step_id"] != step_id]


# ---- feedback coming home ---------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What a receive did, for one line of output."""

    kind: str
    added: int = 0
    already: bool = False
    detail: str = ""
    reviewed: int = 0
    """Entries the supervisor marked reviewed (feedback only)."""
    signed: int = 0
    """Session records the supervisor signed off (feedback only)."""

    def line(self) -> str:
        """The sentence both interfaces say after a receive.

        `detail` is the sender's own name, from their bundle: each interface
        shows the line through its own guard against hidden characters.
        """
        if self.already:
            return "Already received; nothing changed."
        if self.kind == "share":
            entries = "1 entry" if self.added == 1 else f"{self.added} entries"
            return f"Received {entries} from {self.detail}."
        parts = []
        if self.added or not (self.reviewed or self.signed):
            parts.append("1 comment" if self.added == 1 else f"{self.added} comments")
        if self.reviewed:
            parts.append(
                "1 entry marked reviewed"
                if self.reviewed == 1
                else f"{self.reviewed} entries marked reviewed"
            )
        if self.signed:
            parts.append(
                "1 session record signed off"
                if self.signed == 1
                else f"{self.signed} session records signed off"
            )
        said = (
            parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        )
        return f"Feedback from {self.detail}: {said}."


NAME_LIMIT = 80
"""How much of a name from someone else's bundle is kept."""


def sender_name(body: dict[str, Any], fallback: str) -> str:
    """The name a bundle's sender gave, as one short line.

    A name is a label shown in one-line lists (`received`, `supervisees`,
    `comments`, the app's rows); line breaks in it, which no one types into
    `--as`, could fake extra rows there, so each run of whitespace becomes
    one space. Cut to `NAME_LIMIT`, since it is copied into every comment.
    """
    name = " ".join(str(body.get("sender_name") or "").split())
    return name[:NAME_LIMIT] or fallback


@dataclass(frozen=True)
class Comment:
    id: str
    entry_id: str
    version: int
    step_id: str | None
    author: str
    body: str
    created_at: str
    hidden: bool = False
    sent: bool = False
    """For a comment the supervisor wrote: whether feedback has carried it."""


def comment_from_row(row: Sequence[Any], *, sent: bool = False) -> Comment:
    """A comment from its first eight columns (id, entry_id, version,
    step_id, author, body, created_at, hidden): both sides of a share read
    them so; `sent` is the supervisor's side's own fact."""
    return Comment(
        id=row[0],
        entry_id=row[1],
        version=int(row[2]),
        step_id=row[3],
        author=row[4],
        body=row[5],
        created_at=row[6],
        hidden=bool(row[7]),
        sent=sent,
    )


@dataclass(frozen=True)
class Review:
    """A supervisor's mark that they read one version the worker shared."""

    entry_id: str
    version: int
    by: str
    at: str


@dataclass(frozen=True)
class Answered:
    """The answer a comment is about, as both sides number it.

    `number` counts the entry's answers from 1 in their order, which is how
    `reflect read` and the supervisor's screen number a shared entry's answers;
    `question` is as it was asked ("" for a quick note's text).
    """

    number: int
    question: str


@dataclass(frozen=True)
class News:
    """Feedback on one entry that came in since the worker last opened it."""

    entry_id: str
    title: str
    by: str
    """Who sent the newest of it."""
    reviewed_at: str | None
    """When the entry was marked reviewed, if that is part of the news."""
    comments: int
    """How many new comments (hidden ones are not counted)."""


_COMMENT_COLUMNS = (
    "c.id, c.entry_id, c.version, c.step_id, c.author, c.body, c.created_at, c.hidden"
)


class Sharing(Service):
    """The worker's side of sharing, bound to one journal (`journal.sharing`)."""

    def __init__(self, bound: Bound, entries: Entries) -> None:
        super().__init__(bound)
        self._entries = entries

    # ---- who the worker is to the people they share with -----------------

    def display_name(self) -> str:
        """The name sent with shares and feedback; "" until the worker gives one."""
        name = settings.read(self._store, _NAME, "")
        return name if isinstance(name, str) else ""

    def set_display_name(self, name: str) -> None:
        settings.write(self._store, {_NAME: name.strip()})

    # ---- what leaves -------------------------------------------------------

    def plan(self, entry_ids: Sequence[str]) -> SharePlan:
        """The entries as they would leave; unknown ids are refused."""
        return SharePlan(entries=[snapshot(self._entries.get(i)) for i in entry_ids])

    def marked_shareable(self, entry_ids: Sequence[str]) -> list[str]:
        """Those of `entry_ids` marked *can be shared* (finished, out of the
        trash, as `shareable_ids`), in the order given.

        Bringing an entry to supervision is not sharing it: a worker may
        want to talk something through without handing over the words, and
        says so by leaving the mark off (sharing from the agenda keeps to it).
        """
        found = {
            row[0]
            for row in self._conn.execute(
                "SELECT id FROM entries WHERE shareable = 1 "
                "AND deleted_at IS NULL AND status = 'complete' "
                "AND id IN (SELECT value FROM json_each(?))",
                [json.dumps(list(entry_ids))],
            )
        }
        return [i for i in entry_ids if i in found]

    def shareable_ids(self, limit: int = 20) -> list[str]:
        """Finished entries marked shareable, newest first."""
        rows = self._conn.execute(
            "SELECT id FROM entries WHERE shareable = 1 AND deleted_at IS NULL "
            "AND status = 'complete' ORDER BY created_at DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [row[0] for row in rows]

    def seal(
        self,
        plan: SharePlan,
        passphrase: str,
        *,
        recipient: str | None = None,
        kdf: KdfParams | None = None,
    ) -> bytes:
        """Seal the plan into share-bundle bytes and remember what went.

        `kdf` is the scrypt cost (the bundle format's default unless given).
        """
        from reflect.core import bundles

        bundles.check_passphrase(passphrase)
        if not plan.entries and not (plan.agenda or plan.wellbeing or plan.session):
            raise ReflectError("there is nothing to share; choose at least one entry")
        stamp = iso(self._now())
        bundle_id = str(uuid.uuid4())
        with self._store.write():
            entries = copy.deepcopy(plan.entries)
            for snap in entries:
                snap["version"] = self._version(snap, stamp)
            body = {
                "format": "reflect-bundle",
                "version": bundles.FORMAT_VERSION,
                "kind": "share",
                "bundle_id": bundle_id,
                "sender_journal_id": self._store.journal_id,
                "sender_name": self.display_name() or "a reflect user",
                "recipient_journal_id": recipient,
                "created_at": stamp,
                "entries": entries,
                "agenda": plan.agenda,
                "wellbeing": plan.wellbeing,
                "session": plan.session,
            }
            data = bundles.seal(body, passphrase, kdf or bundles.DEFAULT_KDF)
            self._conn.execute(
                "INSERT INTO bundles (id, direction, kind, peer_journal_id, "
                "created_at) VALUES (?, 'out', 'share', ?, ?)",
                [bundle_id, recipient, stamp],
            )
        return data

    def send(
        self,
        plan: SharePlan,
        passphrase: str,
        target: Path,
        *,
        name: str | None = None,
        recipient: str | None = None,
        kdf: KdfParams | None = None,
        replace: bool = False,
    ) -> None:
        """Seal the plan and write it to `target`, in one transaction.

        The record of what went (share versions, the bundle row, a new display
        `name`) and the file succeed or fail together: a file that cannot be
        written raises CannotWrite and the journal is as it was, so trying
        again with another path sends the same entries as the same versions.
        An existing file is replaced only with `replace` (else FileTaken). The
        CLI and the app both come here.
        """
        from reflect.core import bundles

        bundles.check_passphrase(passphrase)
        # Before any key derivation.
        check_writable(target, replace=replace, nothing=NOT_SHARED)
        with recorded_with(self._store, nothing=NOT_SHARED, replace=replace) as write:
            if name and name.strip():
                self.set_display_name(name)
            data = self.seal(plan, passphrase, recipient=recipient, kdf=kdf)
            write(target, data)

    def _version(self, snap: dict[str, Any], now: str) -> int:
        """The same version if unchanged since last shared, else the next one."""
        digest = content_hash(snap)
        row = self._conn.execute(
            "SELECT version, content_hash FROM shared_versions WHERE entry_id = ? "
            "ORDER BY version DESC LIMIT 1",
            [snap["id"]],
        ).fetchone()
        if row and row[1] == digest:
            return int(row[0])
        version = int(row[0]) + 1 if row else 1
        self._conn.execute(
            "INSERT INTO shared_versions (entry_id, version, content_hash, "
            "shared_at) VALUES (?, ?, ?, ?)",
            [snap["id"], version, digest, now],
        )
        return version

    # ---- feedback coming home ----------------------------------------------

    def already_imported(self, bundle_id: str) -> bool:
        """Whether a bundle with this id came in (or went out) before."""
        row = self._conn.execute(
            "SELECT 1 FROM bundles WHERE id = ?", [bundle_id]
        ).fetchone()
        return row is not None

    def import_feedback(self, body: dict[str, Any]) -> Report:
        """Attach a supervisor's comments, reviews and sign-offs to the entries."""
        from reflect.core.bundle_shapes import check_feedback

        mine = self._store.journal_id
        if body.get("sender_journal_id") == mine:
            raise BadBundle(
                "this is feedback you wrote: give it to your supervisee to bring in"
            )
        if body.get("recipient_journal_id") != mine:
            raise BadBundle("this feedback is addressed to someone else's journal")
        check_feedback(body)
        bundle_id = str(body.get("bundle_id") or "")
        if self.already_imported(bundle_id):
            return Report("feedback", already=True)
        sender = str(body.get("sender_journal_id") or "")
        # Copied into every comment: cut as a share's name is, so a long name
        # in a small file cannot become gigabytes in the journal.
        author = sender_name(body, UNNAMED)
        stamp = iso(self._now())
        conn = self._conn
        try:
            comments = list(body.get("comments") or [])
            reviews = list(body.get("reviewed") or [])
            signoffs = list(body.get("signoffs") or [])
            with self._store.write():
                for c in comments:
                    conn.execute(
                        "INSERT OR IGNORE INTO comments (id, direction, "
                        "peer_journal_id, entry_id, version, step_id, author, body, "
                        "created_at, sent_in) "
                        "VALUES (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?)",
                        [str(c["id"]), sender, str(c["entry_id"]), int(c["version"]),
                         c.get("step_id"), author, str(c["body"]),
                         str(c["created_at"]), bundle_id],
                    )  # fmt: skip
                for r in reviews:
                    conn.execute(
                        "INSERT OR IGNORE INTO reviews (entry_id, version, "
                        "peer_journal_id, direction, reviewed_at, sent_in) "
                        "VALUES (?, ?, ?, 'received', ?, ?)",
                        [str(r["entry_id"]), int(r["version"]), sender, str(r["at"]),
                         bundle_id],
                    )  # fmt: skip
                for s in signoffs:
                    conn.execute(
                        "INSERT OR IGNORE INTO signoffs (session_id, peer_journal_id, "
                        "direction, signed_at) VALUES (?, ?, 'received', ?)",
                        [str(s["session_id"]), sender, str(s["at"])],
                    )
                    self._mark_session_signed(str(s["session_id"]))
                conn.execute(
                    "INSERT INTO bundles (id, direction, kind, peer_journal_id, "
                    "created_at) VALUES (?, 'in', 'feedback', ?, ?)",
                    [bundle_id, sender, stamp],
                )
                names = self._map(_FEEDBACK_NAMES)
                if names.get(sender) != author:
                    settings.write(
                        self._store, {_FEEDBACK_NAMES: {**names, sender: author}}
                    )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise BadBundle("the feedback bundle is damaged inside") from exc
        return Report(
            "feedback",
            added=len(comments),
            detail=author,
            reviewed=len(reviews),
            signed=len(signoffs),
        )

    def _mark_session_signed(self, session_id: str) -> None:
        row = self._conn.execute(
            "SELECT record FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        if row is None:
            return
        record = json.loads(row[0])
        record["supervisor_signed"] = True
        self._conn.execute(
            "UPDATE sessions SET record = ? WHERE id = ?",
            [json.dumps(record), session_id],
        )

    # ---- reading the comments ----------------------------------------------

    def comments_for(self, entry_id: str, *, hidden: bool = False) -> list[Comment]:
        """Comments received on an entry (every version), oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COMMENT_COLUMNS} FROM comments c "
            "WHERE c.direction = 'received' AND c.entry_id = ? "
            + ("" if hidden else "AND c.hidden = 0 ")
            + "ORDER BY c.created_at",
            [entry_id],
        ).fetchall()
        return [comment_from_row(row) for row in rows]

    def received_comments(self) -> list[tuple[Comment, str | None]]:
        """Every comment supervision sent back, oldest first, with its entry's
        title (None once the worker has erased that entry)."""
        rows = self._conn.execute(
            f"SELECT {_COMMENT_COLUMNS}, e.title FROM comments c "
            "LEFT JOIN entries e ON e.id = c.entry_id "
            "WHERE c.direction = 'received' ORDER BY c.created_at"
        ).fetchall()
        return [(comment_from_row(row), row[8]) for row in rows]

    def orphan_comments(self) -> list[Comment]:
        """Comments on entries the worker has since erased: kept and listed."""
        rows = self._conn.execute(
            f"SELECT {_COMMENT_COLUMNS} FROM comments c "
            "WHERE c.direction = 'received' AND NOT EXISTS "
            "(SELECT 1 FROM entries e WHERE e.id = c.entry_id) ORDER BY c.created_at"
        ).fetchall()
        return [comment_from_row(row) for row in rows]

    def answered(self) -> dict[str, Answered]:
        """For each received comment on one answer of an entry still here,
        that answer's number and question, by comment id (one query).

        Counted over the entry as it is now, which is what the supervisor
        saw unless the entry changed since or an answer was taken out of the
        share; the question names the answer either way.
        """
        rows = self._conn.execute(
            "SELECT c.id, a.n, a.question FROM comments c JOIN (SELECT entry_id, "
            "step_id, question, row_number() OVER (PARTITION BY entry_id "
            "ORDER BY position) AS n FROM answers WHERE entry_id IN (SELECT "
            "entry_id FROM comments WHERE direction = 'received')) a "
            "ON a.entry_id = c.entry_id AND a.step_id = c.step_id "
            "WHERE c.direction = 'received'"
        ).fetchall()
        return {str(row[0]): Answered(int(row[1]), str(row[2])) for row in rows}

    def reviews_for(self, entry_id: str) -> list[Review]:
        """The supervisor's marks that they read a version of this entry,
        oldest first, each with the name their feedback came under."""
        names = self._map(_FEEDBACK_NAMES)
        rows = self._conn.execute(
            "SELECT entry_id, version, peer_journal_id, reviewed_at FROM reviews "
            "WHERE direction = 'received' AND entry_id = ? ORDER BY reviewed_at",
            [entry_id],
        ).fetchall()
        return [
            Review(str(r[0]), int(r[1]), str(names.get(r[2]) or UNNAMED), str(r[3]))
            for r in rows
        ]

    def news(self, entry_id: str | None = None) -> list[News]:
        """Feedback that came in since the worker last opened its entry in the
        app, one item per entry still in the journal, newest arrival first.

        What counts is when the bundle came in (each received comment and
        review keeps the bundle it travelled in), not when the supervisor
        wrote it, so a comment written weeks ago and brought in today is new.
        Items from before reflect kept that are never news. With `entry_id`,
        that entry's alone (opening one entry need not read them all).
        """
        names = self._map(_FEEDBACK_NAMES)
        seen = self._map(_FEEDBACK_SEEN)
        one = "WHERE x.entry_id = ? " if entry_id is not None else ""
        rows = self._conn.execute(
            "SELECT x.entry_id, e.title, x.peer, x.author, x.at, b.created_at "
            "FROM (SELECT entry_id, peer_journal_id AS peer, author, NULL AS at, "
            "sent_in FROM comments WHERE direction = 'received' AND hidden = 0 "
            "UNION ALL SELECT entry_id, peer_journal_id, NULL, reviewed_at, sent_in "
            "FROM reviews WHERE direction = 'received') x "
            "JOIN bundles b ON b.id = x.sent_in "
            "JOIN entries e ON e.id = x.entry_id AND e.deleted_at IS NULL "
            f"{one}ORDER BY b.created_at",
            [entry_id] if entry_id is not None else [],
        ).fetchall()
        found: dict[str, News] = {}
        for entry_id, title, peer, author, at, arrived in rows:
            if arrived <= str(seen.get(entry_id) or ""):
                continue
            was = found.pop(entry_id, None)  # re-added: the newest arrival last
            by = str(author or names.get(peer) or UNNAMED)
            found[entry_id] = News(
                entry_id,
                str(title),
                by,
                at or (was.reviewed_at if was else None),
                (was.comments if was else 0) + (at is None),
            )
        return list(reversed(found.values()))

    def mark_seen(self, entry_id: str) -> None:
        """The worker has opened the entry: its feedback so far is no longer
        news. Writes only when there was news, so opening an entry costs no
        write otherwise."""
        if not self.news(entry_id):
            return
        seen = self._map(_FEEDBACK_SEEN)
        settings.write(
            self._store, {_FEEDBACK_SEEN: {**seen, entry_id: iso(self._now())}}
        )

    def _map(self, key: str) -> dict[str, Any]:
        """A setting that holds an object; anything else reads as empty."""
        value = settings.read(self._store, key, {})
        return value if isinstance(value, dict) else {}

    def hide_comment(self, comment_id: str, hidden: bool = True) -> None:
        """Hide a received comment from the entry's view (or show it again)."""
        with self._store.write():
            self._conn.execute(
                "UPDATE comments SET hidden = ? WHERE id = ? "
                "AND direction = 'received'",
                [int(hidden), comment_id],
            )
