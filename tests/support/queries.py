"""Counting the SQL statements the app sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Connection


@dataclass
class QueryLog:
    """SQL statements seen while counting (SAVEPOINT bookkeeping left out)."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting(connection: Connection) -> Iterator[QueryLog]:
    """Log the statements sent on the connection while the block runs."""
    log = QueryLog()

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if head not in {"SAVEPOINT", "RELEASE", "ROLLBACK"}:
            log.statements.append(statement)

    event.listen(connection, "before_cursor_execute", before)
    try:
        yield log
    finally:
        event.remove(connection, "before_cursor_execute", before)
