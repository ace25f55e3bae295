"""Alembic environment: runs migrations against the Flask app's database (or a given connection)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.exc import OperationalError

from app.reporting.search import include_in_autogenerate

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata


def _skip_empty_autogenerate(context_, revision, directives) -> None:  # type: ignore[no-untyped-def]
    """Do not write an empty revision when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def _render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Render our UTCDateTime decorator as the plain column type it stores."""
    if type_ == "type" and obj.__class__.__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _configure_args() -> dict:
    args = dict(migrate_ext.configure_args)
    args.setdefault("render_item", _render_item)
    args.setdefault("process_revision_directives", _skip_empty_autogenerate)
    args.setdefault("compare_type", True)
    args.setdefault("compare_server_default", False)
    args.setdefault("include_name", include_in_autogenerate)  # search index: hand-made (0011)
    args["render_as_batch"] = True
    return args


def run_migrations_offline() -> None:
    """Emit SQL to stdout without a database connection."""
    url = migrate_ext.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, **_configure_args())
    with context.begin_transaction():
        context.run_migrations()


def _set_sqlite_foreign_keys(connection, enabled: bool) -> None:  # type: ignore[no-untyped-def]
    """Batch migrations rebuild SQLite tables; foreign keys must be off while they do.

    The PRAGMA is sent on the raw DB-API connection because inside a transaction it is ignored.
    """
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        raw.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")


def run_migrations_online() -> None:
    """Run against a connection handed in by tests, else the app's engine."""
    given = config.attributes.get("connection")
    if given is not None:
        _run_on(given)
        return
    engine = migrate_ext.db.engine
    try:
        connection = engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        where = engine.url.render_as_string(hide_password=True)
        raise SystemExit(f"Error: cannot connect to the database {where}: {reason}") from None
    with connection:
        _set_sqlite_foreign_keys(connection, False)
        try:
            _run_on(connection)
        finally:
            _set_sqlite_foreign_keys(connection, True)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
