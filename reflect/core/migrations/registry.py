"""The registry that runs the schema steps, without importing sqlite-utils.

Every command opens the journal and asks "is the schema current?". Answering
that through `sqlite_utils.Migrations` imported all of sqlite-utils (about
40 ms, a fifth of `reflect list`). This registry keeps the names and
functions, reads the applied names with one query on sqlite-utils' own
`_sqlite_migrations` table, and hands the work to `sqlite_utils.Migrations`
only when something is pending, so applying stays exactly as before.
`run_script` is the one way a step runs its SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlcipher3

MIGRATIONS_TABLE = "_sqlite_migrations"
"""Where sqlite-utils records applied migrations; unchanged, so journals made
before this registry read the same."""


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Any], None]


class MigrationSet:
    """Named migrations in the order they were declared."""

    def __init__(
        self, name: str, steps: Iterable[tuple[str, Callable[[Any], None]]] = ()
    ) -> None:
        self.name = name
        self._migrations: list[Migration] = []
        for step_name, fn in steps:
            self(name=step_name)(fn)

    def __call__(self, *, name: str) -> Callable[[Callable[[Any], None]], Any]:
        """Register the decorated function as the next migration."""

        def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            if any(m.name == name for m in self._migrations):
                raise ValueError(f"migration {name!r} is already registered")
            self._migrations.append(Migration(name, fn))
            return fn

        return register

    def applied(self, conn: Any) -> list[str]:
        """Names already applied, oldest first (a plain connection will do)."""
        conn = getattr(conn, "conn", conn)  # a sqlite-utils Database, or not
        # One query on every open (the table is missing only before the
        # first step has run), not a look in sqlite_master first.
        try:
            rows = conn.execute(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? "
                "ORDER BY rowid",
                [self.name],
            ).fetchall()
        except Exception as exc:  # sqlcipher3's or sqlite3's OperationalError
            if "no such table" not in str(exc):
                raise
            return []
        return [str(row[0]) for row in rows]

    def pending(self, conn: Any) -> list[str]:
        """Names not yet applied, in order."""
        done = set(self.applied(conn))
        return [m.name for m in self._migrations if m.name not in done]

    def apply(self, db: Any) -> None:
        """Apply what is pending through sqlite-utils, one transaction each."""
        from sqlite_utils.migrations import Migrations

        runner = Migrations(self.name)
        for migration in self._migrations:
            runner(name=migration.name)(migration.fn)
        runner.apply(db)


def run_script(db: Any, script: str) -> None:
    """Run statements one by one inside the migration's transaction.

    `executescript` would COMMIT first and break the one-transaction rule, so
    the script is split into complete statements (triggers included).
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlcipher3.complete_statement(statement):
            if statement.strip():
                db.execute(statement)
            statement = ""
    if statement.strip().strip(";").strip():
        raise ValueError(f"incomplete statement in migration: {statement!r}")
