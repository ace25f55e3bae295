"""Full JSON backup of every table, and its restore into an empty, migrated database.

Decisions:

* The backup holds every table of the models' metadata in dependency order (parents first),
  each with its column names and rows; values are JSON: dates and timestamps as ISO 8601 (UTC),
  decimals as text, JSON columns as they are. It names the migration revision it was taken at,
  and a restore refuses a database at another revision.
* A restore refuses a database that holds any row, except site_state (the content-version
  counter, created by the migrations), whose rows the backup replaces. Rows are inserted with
  Core statements on the session's connection, so no ORM hook runs: the audit trail is copied,
  not extended, and the content version is the backup's.
* On PostgreSQL each table's id sequence is moved past the restored ids.
* The file is written row by row (one table's rows never sit in memory at once as JSON text).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator

from app.extensions import db

FORMAT = "aim-tracker-backup"
VERSION = 1
REPLACED_TABLES = frozenset({"site_state"})
INSERT_CHUNK = 1000


class BackupError(Exception):
    """The backup cannot be taken or restored; the message says why."""


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(db.metadata.sorted_tables)


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_backup(out: IO[str]) -> dict[str, int]:
    """Write every table to out as one JSON document; returns the row count of each table."""
    connection = db.session.connection()
    counts: dict[str, int] = {}
    header = {"format": FORMAT, "version": VERSION, "revision": _revision(connection)}
    out.write(json.dumps(header)[:-1] + ', "tables": [')
    for index, table in enumerate(tables()):
        columns = [column.name for column in table.columns]
        out.write(("," if index else "") + "\n{")
        out.write(f'"name": {json.dumps(table.name)}, "columns": {json.dumps(columns)}, "rows": [')
        order = list(table.primary_key.columns) or list(table.columns)
        number = 0
        for number, row in enumerate(connection.execute(select(table).order_by(*order)), start=1):
            out.write(("," if number > 1 else "") + "\n")
            out.write(json.dumps([_to_json(value) for value in row], ensure_ascii=False))
        out.write("]}")
        counts[table.name] = number
    out.write("\n]}\n")
    return counts


def _reader(column: Any) -> Any:
    """How to turn a JSON value back into the column's Python type (None: as it is)."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return None
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is Decimal:
        return Decimal
    return None


def _rows(table: Table, columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    readers = {name: _reader(table.columns[name]) for name in columns}
    converted = []
    for row in rows:
        if len(row) != len(columns):
            raise BackupError(f"a row of {table.name} does not have {len(columns)} values")
        item = {}
        for name, value in zip(columns, row, strict=True):
            reader = readers[name]
            item[name] = reader(value) if reader is not None and value is not None else value
        converted.append(item)
    return converted


def check_backup(document: Any) -> list[dict[str, Any]]:
    """The tables of a backup document, checked against the models."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("this is not an AIM Tracker backup")
    if document.get("version") != VERSION:
        raise BackupError(f"backup format version {document.get('version')!r} is not supported")
    known = {table.name: table for table in tables()}
    entries = document.get("tables")
    if not isinstance(entries, list):
        raise BackupError("the backup has no tables")
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name not in known:
            raise BackupError(f"the backup has an unknown table {name!r}")
        unknown = set(entry.get("columns", [])) - set(known[name].columns.keys())
        if unknown:
            raise BackupError(f"the table {name} has unknown columns {sorted(unknown)}")
    return entries


def non_empty_tables(connection: Connection) -> list[str]:
    return [
        table.name
        for table in tables()
        if table.name not in REPLACED_TABLES
        and connection.execute(select(func.count()).select_from(table)).scalar()
    ]


def restore_backup(document: Any) -> dict[str, int]:
    """Insert a backup into the empty database (flushes; the caller commits)."""
    entries = check_backup(document)
    connection = db.session.connection()
    revision = _revision(connection)
    if revision is None:
        raise BackupError("the database is not migrated: run 'flask db upgrade' first")
    if document.get("revision") != revision:
        raise BackupError(
            f"the backup was taken at migration {document.get('revision')}, the database is at "
            f"{revision}: migrate one of them first"
        )
    busy = non_empty_tables(connection)
    if busy:
        raise BackupError(f"the database is not empty (rows in {', '.join(busy)})")
    by_name = {entry["name"]: entry for entry in entries}
    counts: dict[str, int] = {}
    for table in tables():
        entry = by_name.get(table.name)
        if entry is None:
            continue
        if table.name in REPLACED_TABLES:
            connection.execute(table.delete())
        rows = _rows(table, entry["columns"], entry.get("rows", []))
        for start in range(0, len(rows), INSERT_CHUNK):
            connection.execute(table.insert(), rows[start : start + INSERT_CHUNK])
        counts[table.name] = len(rows)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
    return counts


def _reset_sequences(connection: Connection) -> None:
    """Move each id sequence past the restored ids (nextval gives max(id) + 1)."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].name != "id":
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(table.c.id))).scalar()
        connection.execute(
            text("SELECT setval(:sequence, :next, false)"),
            {"sequence": sequence, "next": (highest or 0) + 1},
        )
