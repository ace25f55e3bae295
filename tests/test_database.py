"""The test database itself: backend, isolation between tests, append-only audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from app.extensions import db
from app.models import AuditEvent, Department


@pytest.mark.postgres
def test_backend_is_postgres_when_required(app):
    """Skipped on SQLite, unless REQUIRE_POSTGRES=1 (CI), where it fails (see tests/conftest.py)."""
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_starts_empty(app, ctx, round_):
    """A department committed in one test is gone in the next (rolled back)."""
    assert db.session.scalar(select(func.count(Department.id))) == 0
    db.session.add(Department(name="Isolation", code="ISO", colour="#000000"))
    db.session.commit()
    assert db.session.scalar(select(func.count(Department.id))) == 1


def test_foreign_keys_enforced(app, ctx):
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, department_id) "
                "VALUES ('x@example.org', 'X', 'h', 'department_lead', 9999)"
            )
        )
    db.session.rollback()


def test_audit_events_cannot_be_changed_even_in_sql(app, ctx):
    event = AuditEvent(entity_type="Mission", entity_id=1, action="create", new_values={})
    db.session.add(event)
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET action = 'forged'"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("DELETE FROM audit_events"))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "create"


def _stored_event() -> int:
    event = AuditEvent(entity_type="Mission", entity_id=1, action="create", new_values={})
    db.session.add(event)
    db.session.commit()
    return event.id


def _columns(event_id: int) -> str:
    return (
        "(id, entity_type, entity_id, action, old_values, new_values) "
        f"VALUES ({event_id}, 'Mission', 1, 'forged', NULL, NULL)"
    )


def _refused(statement: str) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()


def test_audit_events_cannot_be_replaced_or_upserted(app, ctx):
    """A stored event cannot be overwritten by an insert that conflicts with it (migration 0007)."""
    event_id = _stored_event()
    upsert = f"INSERT INTO audit_events {_columns(event_id)} "
    _refused(upsert + "ON CONFLICT (id) DO UPDATE SET action = excluded.action")
    if db.engine.dialect.name == "sqlite":
        _refused(f"INSERT OR REPLACE INTO audit_events {_columns(event_id)}")
        _refused(f"REPLACE INTO audit_events {_columns(event_id)}")
    assert db.session.scalars(select(AuditEvent.action)).all() == ["create"]


def test_sqlite_refuses_replace_without_recursive_triggers(app, ctx):
    """The insert trigger holds on a connection that has not turned recursive triggers on (the
    sqlite3 shell); the app's own connections have them on as a second guard."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has no REPLACE")
    event_id = _stored_event()
    assert db.session.execute(text("PRAGMA recursive_triggers")).scalar_one() == 1
    db.session.execute(text("PRAGMA recursive_triggers = OFF"))
    try:
        _refused(f"INSERT OR REPLACE INTO audit_events {_columns(event_id)}")
    finally:
        db.session.execute(text("PRAGMA recursive_triggers = ON"))
    assert db.session.scalars(select(AuditEvent.action)).all() == ["create"]


def test_audit_events_still_take_appends(app, ctx):
    """Inserts of new events pass the guard, from the ORM, Core and a plain REPLACE alike."""
    first = _stored_event()
    second = _stored_event()
    statement = f"INSERT INTO audit_events {_columns(second + 1)}"
    if db.engine.dialect.name == "sqlite":
        statement = statement.replace("INSERT", "INSERT OR REPLACE", 1)
    db.session.execute(text(statement))
    db.session.commit()
    assert db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all() == [
        first, second, second + 1,
    ]  # fmt: skip
