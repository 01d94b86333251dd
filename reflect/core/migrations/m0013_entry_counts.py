"""Schema step `0013_entry_counts`, as it shipped.

A shipped step is never edited; a change to the schema is a new step, listed
last in `MIGRATIONS` (see the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.migrations.registry import run_script

if TYPE_CHECKING:  # imported when a migration runs, not on every open
    import sqlite_utils

# The tag that marks an entry as about the worker's own recovery, as it was
# when this step shipped (`core.yearly.OWN_RECOVERY_TAG` today). Written out
# here because a shipped step must not change when a constant does.
_OWN = "'own-recovery'"

# Whether entry `{e}` (`new`, `old` or a row alias) carries that tag now.
_IS_OWN = (
    "EXISTS (SELECT 1 FROM entry_tags o WHERE o.entry_id = {e}.id AND o.tag = "
    + _OWN
    + ")"
)

# Only what is finished and out of the trash is counted.
_COUNTS = "{e}.status = 'complete' AND {e}.deleted_at IS NULL"

_MONTH_UPSERT = (
    "INSERT INTO month_counts (month, pack, own, n) {select} "
    "ON CONFLICT (month, pack, own) DO UPDATE SET n = n + excluded.n;"
)
_TAG_UPSERT = (
    "INSERT INTO tag_counts (year, tag, pack, own, n) {select} "
    "ON CONFLICT (year, tag, pack, own) DO UPDATE SET n = n + excluded.n;"
)


def _whole(e: str, sign: int) -> str:
    """Add (`sign` 1) or take off (-1) everything entry `e` counts for: its
    month's row and one row per tag in its year."""
    own = _IS_OWN.format(e=e)
    counts = _COUNTS.format(e=e)
    month = _MONTH_UPSERT.format(
        select=f"SELECT substr({e}.created_at, 1, 7), coalesce({e}.template_id, ''), "
        f"{own}, {sign} WHERE {counts}"
    )
    tags = _TAG_UPSERT.format(
        select=f"SELECT substr({e}.created_at, 1, 4), t.tag, "
        f"coalesce({e}.template_id, ''), {own}, {sign} "
        f"FROM entry_tags t WHERE t.entry_id = {e}.id AND {counts}"
    )
    return f"{month}\n{tags}"


def _tidy(e: str, tags: str) -> str:
    """Rows of entry `e` that came back to nought go, so a year's rows stay
    those that count. `tags` selects the tags to look at."""
    return (
        "DELETE FROM month_counts WHERE n = 0 "
        f"AND month = substr({e}.created_at, 1, 7) "
        f"AND pack = coalesce({e}.template_id, '');\n"
        "DELETE FROM tag_counts WHERE n = 0 "
        f"AND year = substr({e}.created_at, 1, 4) AND tag IN ({tags});"
    )


def _one_tag(row: str, sign: int) -> str:
    """One tag row (`new` or `old`) added or taken away, on an entry that
    stays on the same side of own recovery (it is not that tag)."""
    return _TAG_UPSERT.format(
        select="SELECT substr(e.created_at, 1, 4), "
        f"{row}.tag, coalesce(e.template_id, ''), {_IS_OWN.format(e='e')}, {sign} "
        f"FROM entries e WHERE e.id = {row}.entry_id AND {_COUNTS.format(e='e')}"
    )


def _flip(row: str, was: int) -> str:
    """The own-recovery tag itself added (`row` is `new`, `was` 0) or taken
    away (`old`, `was` 1): everything the entry counts for moves from one
    side to the other. The entry's tags as they are now are what arrives; what
    leaves is those tags without the new one, or with the one just gone."""
    now = f"SELECT tag FROM entry_tags WHERE entry_id = {row}.entry_id"
    before = (
        f"{now} AND tag <> {row}.tag"
        if was == 0
        else f"{now} UNION ALL SELECT {row}.tag"
    )
    entry = f"FROM entries e WHERE e.id = {row}.entry_id AND {_COUNTS.format(e='e')}"
    out = []
    for own, sign, tags in ((was, -1, before), (1 - was, 1, now)):
        out.append(
            _MONTH_UPSERT.format(
                select="SELECT substr(e.created_at, 1, 7), "
                f"coalesce(e.template_id, ''), {own}, {sign} {entry}"
            )
        )
        out.append(
            _TAG_UPSERT.format(
                select="SELECT substr(e.created_at, 1, 4), k.tag, "
                f"coalesce(e.template_id, ''), {own}, {sign} "
                f"FROM entries e, ({tags}) AS k "
                f"WHERE e.id = {row}.entry_id AND {_COUNTS.format(e='e')}"
            )
        )
    out.append(
        "DELETE FROM month_counts WHERE n = 0 AND (month, pack) IN (SELECT "
        "substr(created_at, 1, 7), coalesce(template_id, '') FROM entries "
        f"WHERE id = {row}.entry_id);"
    )
    out.append(
        "DELETE FROM tag_counts WHERE n = 0 AND year = (SELECT substr(created_at, "
        f"1, 4) FROM entries WHERE id = {row}.entry_id) AND tag IN ({now} "
        f"UNION ALL SELECT {row}.tag);"
    )
    return "\n".join(out)


def entry_counts(db: sqlite_utils.Database) -> None:
    """The year in review counted from a few hundred rows, however long the
    journal.

    Counting a year's entries by month, tag and pack in the indexes still
    read every entry of that year: at 100,000 entries a year holds about
    14,000, and the review took twice its time at 1,000. Two small tables
    keep those counts as entries change, only for complete entries out of
    the trash, each row also saying whether its entries are about the
    worker's own recovery (its tag) and their pack, which the review leaves
    out of its themes: `month_counts` per month (as stored, UTC) and pack,
    and `tag_counts` per tag and pack over a whole year (the review never
    asks for a tag's month). Triggers keep both in step with `entries` and
    `entry_tags`, so every way an entry changes (the writer, the CLI, an
    import, the trash) counts in the same transaction.

    `entry_tags` rows are only ever inserted and deleted (tags are replaced
    whole), as `0008_tag_order` also relies on; an update is now refused,
    so code that tried one would fail in its tests rather than drift the
    counts. An entry's rows are taken off before it is deleted, while its
    tags are still there; the cascade that then deletes its tags finds no
    entry and counts nothing. A row that `INSERT OR REPLACE` replaces is
    counted off too only because every connection sets `recursive_triggers`
    (`store.database`): without it SQLite fires no delete trigger for it.
    """
    run_script(
        db,
        f"""
        CREATE TABLE month_counts (
            month TEXT NOT NULL,
            pack TEXT NOT NULL,
            own INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (month, pack, own)
        ) WITHOUT ROWID;
        CREATE TABLE tag_counts (
            year TEXT NOT NULL,
            tag TEXT NOT NULL,
            pack TEXT NOT NULL,
            own INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (year, tag, pack, own)
        ) WITHOUT ROWID;
        INSERT INTO month_counts (month, pack, own, n)
            SELECT substr(e.created_at, 1, 7), coalesce(e.template_id, ''),
                {_IS_OWN.format(e="e")} AS own, count(*)
            FROM entries e WHERE {_COUNTS.format(e="e")}
            GROUP BY 1, 2, 3;
        INSERT INTO tag_counts (year, tag, pack, own, n)
            SELECT substr(e.created_at, 1, 4), t.tag COLLATE BINARY,
                coalesce(e.template_id, ''), {_IS_OWN.format(e="e")} AS own,
                count(*)
            FROM entries e JOIN entry_tags t ON t.entry_id = e.id
            WHERE {_COUNTS.format(e="e")}
            GROUP BY 1, 2, 3, 4;
        CREATE TRIGGER entries_ai_counts AFTER INSERT ON entries BEGIN
            {_whole("new", 1)}
        END;
        CREATE TRIGGER entries_au_counts
        AFTER UPDATE OF status, deleted_at, created_at, template_id ON entries
        WHEN NEW.status IS NOT OLD.status OR NEW.deleted_at IS NOT OLD.deleted_at
            OR NEW.created_at IS NOT OLD.created_at
            OR NEW.template_id IS NOT OLD.template_id
        BEGIN
            {_whole("old", -1)}
            {_tidy("old", "SELECT tag FROM entry_tags WHERE entry_id = OLD.id")}
            {_whole("new", 1)}
        END;
        CREATE TRIGGER entries_bd_counts BEFORE DELETE ON entries BEGIN
            {_whole("old", -1)}
            {_tidy("old", "SELECT tag FROM entry_tags WHERE entry_id = OLD.id")}
        END;
        CREATE TRIGGER entry_tags_ai_counts AFTER INSERT ON entry_tags
        WHEN NEW.tag <> {_OWN} COLLATE NOCASE BEGIN
            {_one_tag("new", 1)}
        END;
        CREATE TRIGGER entry_tags_ad_counts AFTER DELETE ON entry_tags
        WHEN OLD.tag <> {_OWN} COLLATE NOCASE BEGIN
            {_one_tag("old", -1)}
            DELETE FROM tag_counts WHERE n = 0 AND tag = OLD.tag AND year = (
                SELECT substr(created_at, 1, 4) FROM entries WHERE id = OLD.entry_id);
        END;
        CREATE TRIGGER entry_tags_ai_own AFTER INSERT ON entry_tags
        WHEN NEW.tag = {_OWN} COLLATE NOCASE BEGIN
            {_flip("new", 0)}
        END;
        CREATE TRIGGER entry_tags_bu_refused BEFORE UPDATE ON entry_tags BEGIN
            SELECT RAISE(ABORT, 'a tag is replaced (deleted and added), never updated');
        END;
        CREATE TRIGGER entry_tags_ad_own AFTER DELETE ON entry_tags
        WHEN OLD.tag = {_OWN} COLLATE NOCASE BEGIN
            {_flip("old", 1)}
        END;
        """,
    )
