"""Engine tuning per backend, wired by the factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from app.extensions import db


def _sqlite_connect(dbapi_connection: Any, _connection_record: Any) -> None:
    # Enforce foreign keys, and let SQLAlchemy (not pysqlite) emit BEGIN so SAVEPOINTs work.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
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
