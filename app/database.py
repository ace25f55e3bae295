"""Engine tuning per backend, wired by the factory, and the transaction boundary."""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, Response, g
from sqlalchemy import CursorResult, Delete, Update, event

from app.extensions import db


def _sqlite_connect(dbapi_connection: Any, _connection_record: Any) -> None:
    # Enforce foreign keys, and let SQLAlchemy (not pysqlite) emit BEGIN so SAVEPOINTs work.
    # Recursive triggers make the rows a REPLACE deletes fire DELETE triggers, so the audit
    # trail's guard (migrations 0001 and 0007) holds against INSERT OR REPLACE as well.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA recursive_triggers = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def configure_engines(app: Flask) -> None:
    """Install the SQLite connection hooks on the app's SQLite engines."""
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite" and not event.contains(
                engine, "connect", _sqlite_connect
            ):
                event.listen(engine, "connect", _sqlite_connect)
                event.listen(engine, "begin", _sqlite_begin)


def rows_affected(statement: Update | Delete) -> int:
    """Run an UPDATE or DELETE in the session; the number of rows it matched.

    Session.execute is typed as returning a Result; for these statements it is a CursorResult,
    the one that has a rowcount.
    """
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


# ---- the transaction boundary ----
#
# Services and helpers flush; a view or command commits once, when its work is done (directly, or
# through views.saved_or_rerender / views.commit_change), and rolls back on a broken rule. Reads
# never commit. The only writes that are not a view's own are bookkeeping done while a request is
# recognised (a sign-in session's expiry and last-seen time, an API token's last use): they are
# flushed where they happen and committed by one hook when the request ends without a server error.


def keep_bookkeeping() -> None:
    """Have the flushed bookkeeping of this request committed when it ends well."""
    g.commit_bookkeeping = True


def commit_bookkeeping(response: Response) -> Response:
    """after_request: commit the bookkeeping asked for (a no-op when the view committed it)."""
    if g.pop("commit_bookkeeping", False) and response.status_code < 500:
        db.session.commit()
    return response
