"""Engine tuning per backend, wired by the factory, and the transaction boundary."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

from flask import Flask, Response, g
from flask_babel import gettext as _
from sqlalchemy import CursorResult, Delete, String, Update, event, inspect
from sqlalchemy.orm import Session

from app.errors import DomainError
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


# ---- what may be stored, on every path ----
#
# Forms, the grid, imports, the API and the seed each check their input with messages of their
# own; this guard is the last line under all of them: no row is flushed with text longer than its
# column, a NUL byte or a lone surrogate (PostgreSQL refuses both, SQLite would store them), a
# date outside FIRST_YEAR..LAST_YEAR, or a number that is not finite. A broken limit raises a
# DomainError naming the column, which every way in already shows as a message on that field.

FIRST_YEAR = 1900
LAST_YEAR = 2200


# Control characters other than tab, line feed and carriage return: PostgreSQL refuses NUL, and
# XML (the Atom feeds, XLSX) refuses the rest; they only ever arrive by pasting or by a broken file.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_storable(text: str) -> bool:
    """Whether text has no control character and no lone surrogate (which UTF-8 cannot hold)."""
    if CONTROL_CHARACTERS.search(text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def check_text(text: str, field: str, max_length: int | None = None) -> None:
    """Refuse text no column can store, or longer than max_length."""
    if not is_storable(text):
        raise DomainError(_("Remove the control characters (such as NUL) from this text."), field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(_("Keep this to %(n)d characters.", n=max_length), field)


def check_date(value: date, field: str) -> None:
    """Refuse a date outside FIRST_YEAR..LAST_YEAR (year 1 and 9999 are typing mistakes)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise DomainError(
            _("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
            field,
        )


def check_value(column: Any, value: Any, field: str) -> None:
    """One value for a column against the storage policy (a DomainError naming field)."""
    if value is None:
        return
    if isinstance(value, str) and isinstance(column.type, String):
        check_text(value, field, column.type.length)
    elif isinstance(value, date):
        check_date(value if not isinstance(value, datetime) else value.date(), field)
    elif isinstance(value, dict | list):
        for text in _strings_in(value):
            check_text(text, field)
    elif isinstance(value, float) and not math.isfinite(value):
        raise DomainError(_("Enter a finite number."), field)


def check_columns(model: type[Any], values: Mapping[str, Any]) -> None:
    """Values for a model's columns (by attribute name) against the storage policy, before any
    object is made: what a preview checks so that its confirm cannot fail at the flush."""
    attrs = inspect(model).column_attrs
    for key, value in values.items():
        if key == "translations" and hasattr(model, "TRANSLATED"):
            check_translations(model, value)
        elif key in attrs and len(attrs[key].columns) == 1:
            check_value(attrs[key].columns[0], value, key)


def check_translations(model: type[Any], translations: Any) -> None:
    """Translations ({lang: {field: text}}) against the policy of the fields they translate: only
    the TRANSLATED fields, text the original column could store (the error names e.g. title_is)."""
    fields: tuple[str, ...] = getattr(model, "TRANSLATED", ())
    if not isinstance(translations, dict):
        raise DomainError(_("Translations must map a language to its fields."), "translations")
    attrs = inspect(model).column_attrs
    for lang, values in translations.items():
        if not isinstance(lang, str) or not isinstance(values, dict):
            raise DomainError(_("Translations must map a language to its fields."), "translations")
        for field, text in values.items():
            key = f"{field}_{lang}"
            if field not in fields:
                raise DomainError(_("This field cannot be translated."), key)
            if not isinstance(text, str):
                raise DomainError(_("A translation must be text."), key)
            check_value(attrs[field].columns[0], text, key)


def _check_row(obj: Any) -> None:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if len(attr.columns) != 1:
            continue
        history = state.attrs[attr.key].history
        if not history.added:
            continue
        if attr.key == "translations" and hasattr(type(obj), "TRANSLATED"):
            check_translations(type(obj), history.added[0])
        else:
            check_value(attr.columns[0], history.added[0], attr.key)


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings_in(k), *_strings_in(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings_in(item)]
    return []


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        _check_row(obj)


def guard_stored_values(session_target: Any) -> None:
    """Install the guard on a session (or scoped session / sessionmaker) once."""
    if not event.contains(session_target, "before_flush", _before_flush):
        event.listen(session_target, "before_flush", _before_flush)
