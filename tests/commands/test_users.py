"""`flask users create`: roles, departments, duplicates, weak passwords, standard input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.extensions import db
from app.models import AuditEvent, User
from tests.support import factories as f

GOOD = "a long enough passphrase"


def _count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def edu(app):
    with app.app_context():
        f.department(code="EDU", name="Education")
        db.session.commit()


def test_create_lead_reads_password_from_stdin(app, cli_runner, edu):
    result = cli_runner.invoke(
        args=[
            "users",
            "create",
            "Lead@Example.org",
            "--role",
            "department_lead",
            "--department",
            "edu",
            "--name",
            "Guðrún",
        ],
        input=GOOD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created department_lead lead@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "lead@example.org"))
        assert user.name == "Guðrún"
        assert user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, GOOD)
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "User"))
        assert audit.action == "create"
        assert "password_hash" not in audit.new_values


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x@example.org", "--role", "emperor"], "Invalid value for '--role'"),
        (["x@example.org", "--role", "department_lead"], "needs a department"),
        (["x@example.org", "--role", "viewer", "--department", "NOPE"], "No department"),
        (["not-an-email", "--role", "viewer"], "not an email address"),
    ],
)
def test_bad_arguments_fail_clearly(app, cli_runner, edu, args, message):
    result = cli_runner.invoke(args=["users", "create", *args], input=GOOD + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _count_users(app) == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10"),
        ("password123", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("", "no password"),
    ],
)
def test_weak_passwords_are_refused(app, cli_runner, password, message):
    result = cli_runner.invoke(
        args=["users", "create", "x@example.org", "--role", "viewer"], input=password + "\n"
    )
    assert result.exit_code != 0
    assert message in result.output
    assert _count_users(app) == 0


def test_duplicate_email_is_refused(app, cli_runner):
    args = ["users", "create", "dup@example.org", "--role", "viewer"]
    assert cli_runner.invoke(args=args, input=GOOD + "\n").exit_code == 0
    result = cli_runner.invoke(args=[*args[:2], "DUP@example.org", *args[3:]], input=GOOD + "\n")
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert _count_users(app) == 1
