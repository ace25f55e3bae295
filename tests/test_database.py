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
