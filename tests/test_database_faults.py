"""A database that cannot take writes gives a clear page, not a 500, and changes nothing."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import func, select

from app import create_app
from app.errors import is_storage_error
from app.extensions import db
from app.models import UserSession
from tests.support import factories as f
from tests.support.client import StaffClient
from tests.support.factories import TEST_PASSWORD


def test_read_only_database_gives_a_clear_page(tmp_path):
    path = tmp_path / "readonly.db"
    writable = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with writable.app_context():
        upgrade()
        f.user(email="admin@example.org", role="admin")
        db.session.commit()
        db.engine.dispose()

    # SQLite's read-only mode stands in for a read-only replica or a full disk.
    read_only = create_app(
        "test", SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{path}?mode=ro&uri=true"
    )
    client = StaffClient(read_only, read_only.response_class, use_cookies=True)
    assert client.get("/").status_code == 200  # reading still works
    token = client.csrf("/staff/login")
    response = client.post(
        "/staff/login",
        data={"email": "admin@example.org", "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "read-only or out of space" in page
    assert "Nothing was saved" in page
    with read_only.app_context():
        db.engine.dispose()
    with writable.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 0
        db.engine.dispose()


def test_storage_errors_are_recognised():
    from sqlalchemy.exc import OperationalError

    class Orig(Exception):
        pass

    assert is_storage_error(OperationalError("x", {}, Orig("database or disk is full")))
    assert is_storage_error(
        OperationalError("x", {}, Orig("cannot execute INSERT in a read-only transaction"))
    )
    assert not is_storage_error(OperationalError("x", {}, Orig("connection refused")))
