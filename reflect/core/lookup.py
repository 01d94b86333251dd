"""Finding a record from the first few characters of its id.

Workers type `reflect show 3f9a` rather than a whole UUID, and the same is
true of actions, session records and entries shared with a supervisor. All of
them answer the same way: the one match, "no … has an id starting with …", or
"more than one … starts with …; give more characters" — one wording, one
error class, written once here.
"""

from __future__ import annotations

from reflect.core.errors import Ambiguous, NotFound
from reflect.core.store import Store

# Tables and id columns that may be looked up by prefix. The names go into the
# SQL text, so only these pairs are accepted.
_KEYS = {
    ("entries", "id"),
    ("actions", "id"),
    ("sessions", "id"),
    ("received_entries", "entry_id"),
}


def full_id(
    store: Store,
    table: str,
    prefix: str,
    what: str,
    *,
    column: str = "id",
    where: str = "",
    hint: str = "",
) -> str:
    """The full id in `table` that starts with `prefix` (case-insensitive).

    `what` names the record for the worker ("entry", "action"); `hint` is
    added to the not-found message ("; see: reflect sessions"). `where` is an
    extra SQL condition written by core, never by the caller's input. The
    range test walks the primary key's index: two rows at most are read.
    """
    if (table, column) not in _KEYS:
        raise ValueError(f"{table}.{column} is not looked up by prefix")
    wanted = prefix.strip().lower()
    article = "an" if what[:1] in "aeiou" else "a"
    if not wanted:
        raise NotFound(
            f"give {article} {what} id (the first few characters are enough)"
        )
    rows = store.conn.execute(
        f"SELECT DISTINCT {column} FROM {table} "
        f"WHERE {column} >= ? AND {column} < ? {f'AND ({where})' if where else ''} "
        f"ORDER BY {column} LIMIT 2",
        [wanted, wanted + "\uffff"],
    ).fetchall()
    if not rows:
        raise NotFound(f"no {what} has an id starting with {wanted!r}{hint}")
    if len(rows) > 1:
        raise Ambiguous(
            f"more than one {what} starts with {wanted!r}; give more characters"
        )
    return str(rows[0][0])
