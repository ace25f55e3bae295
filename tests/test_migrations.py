"""Migrations: one head, upgrade from empty, stairway up/down/up, and no drift from the models."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import DatabaseError

from app import create_app
from app.extensions import db, migrate
from tests.support.databases import scratch_database_url


@pytest.fixture(scope="module")
def scratch_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "migrations"),
    )
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.get_config())


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_single_head(scratch_app):
    with scratch_app.app_context():
        assert len(_script().get_heads()) == 1


def test_every_revision_has_a_downgrade(scratch_app):
    with scratch_app.app_context():
        for revision in _script().walk_revisions():
            assert callable(getattr(revision.module, "downgrade", None)), revision.revision


@pytest.mark.slow
def test_upgrade_from_empty_then_down_to_base(scratch_app):
    with scratch_app.app_context():
        downgrade(revision="base")
        assert _tables() == set()
        upgrade(revision="head")
        assert set(db.metadata.tables) <= _tables()
        downgrade(revision="base")
        assert _tables() == set()


@pytest.mark.slow
def test_stairway(scratch_app):
    """Each revision goes up, down and up again, from base to head."""
    with scratch_app.app_context():
        downgrade(revision="base")
        revisions = list(reversed(list(_script().walk_revisions())))
        for revision in revisions:
            upgrade(revision=revision.revision)
            downgrade(revision=revision.down_revision or "base")
            upgrade(revision=revision.revision)
        downgrade(revision="base")


def test_models_match_migrations(scratch_app):
    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision="head")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []


def test_check_constraints_match_models(scratch_app):
    """Autogenerate cannot see CHECK constraints, so compare their names table by table."""
    from sqlalchemy import CheckConstraint

    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision="head")
        inspector = inspect(db.engine)
        for name, table in db.metadata.tables.items():
            expected = {
                c.name for c in table.constraints if isinstance(c, CheckConstraint) and c.name
            }
            actual = {c["name"] for c in inspector.get_check_constraints(name)}
            assert expected <= actual, (name, expected - actual)


def _check_constraints(engine: Engine) -> dict[tuple[str, str], str]:
    """(table, name) -> the CHECK expression as the database itself reports it."""
    inspector = inspect(engine)
    return {
        (table, check["name"]): " ".join(check["sqltext"].split())
        for table in inspector.get_table_names()
        if table != "alembic_version"
        for check in inspector.get_check_constraints(table)
    }


def test_check_expressions_match_models(scratch_app, database_url, tmp_path_factory):
    """Beyond the names: the migrated database and one built from the models hold the same
    CHECK expressions, as each backend spells them (hand-written and type-made alike)."""
    models = create_engine(scratch_database_url(database_url, tmp_path_factory, "models"))
    try:
        db.metadata.create_all(models)
        from_models = _check_constraints(models)
    finally:
        models.dispose()
    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision="head")
        from_migrations = _check_constraints(db.engine)
    assert ("missions", "ck_missions_status_known") in from_models
    assert from_migrations == from_models


@pytest.mark.slow
def test_downgrades_keep_existing_rows(scratch_app):
    """Each downgrade to 0001 must work on a database with rows in every kind of table.

    On SQLite the batch mode rebuilds tables that others reference; 0003's downgrade refills
    the NOT NULL session_token of existing users.
    """
    rows = [
        "INSERT INTO departments (id, name, code) VALUES (1, 'Education', 'EDU')",
        "INSERT INTO users (email, name, password_hash, role, department_id) "
        "VALUES ('keep@example.org', 'Keep', 'h', 'department_lead', 1)",
        "INSERT INTO missions (id, slug, title, north_star, start_year, horizon_year, "
        "translations) VALUES (1, 'm', 'M', 'N', 2021, 2030, '{}')",
        "INSERT INTO interventions (id, mission_id, lead_department_id, title, translations) "
        "VALUES (1, 1, 1, 'I', '{}')",
        "INSERT INTO indicators (id, mission_id, department_id, title, unit, direction, "
        "frequency, translations) VALUES (1, 1, 1, 'X', '%', 'increase', 'yearly', '{}')",
        "INSERT INTO measurements (indicator_id, period, value) VALUES (1, '2024-01-01', 5)",
        "INSERT INTO progress_updates (intervention_id, reported_on, status, summary) "
        "VALUES (1, '2024-02-01', 'on_track', 'ok')",
    ]
    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision="head")
        with db.engine.begin() as conn:
            for statement in rows:
                conn.execute(text(statement))
        downgrade(revision="0001")
        with db.engine.connect() as conn:
            token = conn.execute(text("SELECT session_token FROM users")).scalar_one()
            counts = [
                conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("interventions", "indicators", "measurements", "progress_updates")
            ]
        assert len(token) >= 32
        assert counts == [1, 1, 1, 1]
        upgrade(revision="head")
        with db.engine.connect() as conn:
            fk_on = (
                db.engine.dialect.name != "sqlite"
                or conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
            )
        assert fk_on, "migrations must leave SQLite foreign keys on"
        downgrade(revision="base")


def test_audit_guard_refuses_truncate_and_replace_and_downgrades(scratch_app):
    """Migration 0007 on a database of its own (a TRUNCATE locks the whole table): TRUNCATE on
    PostgreSQL (directly or cascaded from users) and REPLACE on SQLite (even on a connection
    without recursive triggers) are refused, appends pass; the downgrade drops the triggers."""
    event = (
        "INSERT INTO audit_events (id, entity_type, entity_id, action) "
        "VALUES ({id}, 'Mission', 1, '{action}')"
    )

    def count() -> int:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one()

    with scratch_app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        hostile = (
            ["TRUNCATE audit_events", "TRUNCATE users CASCADE"]
            if postgres
            else ["INSERT OR REPLACE" + event.format(id=1, action="forged")[len("INSERT") :]]
        )
        downgrade(revision="base")
        upgrade(revision="head")
        with db.engine.begin() as conn:
            conn.execute(text(event.format(id=1, action="create")))
            conn.execute(text(event.format(id=2, action="create")))
        with db.engine.connect() as conn:
            if not postgres:
                conn.exec_driver_sql("PRAGMA recursive_triggers = OFF")
                conn.commit()
            for statement in hostile:
                with pytest.raises(DatabaseError, match="append-only"), conn.begin():
                    conn.execute(text(statement))
            conn.invalidate()  # not back to the pool with the pragma off
        assert count() == 2
        downgrade(revision="0006")
        if postgres:  # the gap 0007 closes (SQLite's app connections have recursive triggers)
            with db.engine.begin() as conn:
                conn.execute(text("TRUNCATE audit_events"))
            assert count() == 0
        upgrade(revision="head")
        downgrade(revision="base")
