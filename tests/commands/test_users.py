"""`flask users create`: roles, departments, duplicates, weak passwords, standard input;
`flask users activate|deactivate`: the staff pages' service, with one-line errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.auth.tokens import create_token, find_usable_token
from app.extensions import db
from app.models import AuditEvent, User, UserSession
from app.models.base import utcnow
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


def _create(cli_runner, email: str, role: str = "viewer") -> None:  # type: ignore[no-untyped-def]
    result = cli_runner.invoke(args=["users", "create", email, "--role", role], input=GOOD + "\n")
    assert result.exit_code == 0, result.output


def _account(app, email: str) -> User:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_deactivate_ends_sessions_stops_tokens_and_is_audited(app, cli_runner):
    _create(cli_runner, "ops@city.local")  # a special-use domain, as only the CLI allows
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ops@city.local"))
        db.session.add(UserSession(user_id=user.id, token_hash="a" * 64, last_seen_at=utcnow()))
        _token, secret = create_token(user, name="Script", expires_in_days=30)
        db.session.commit()
    result = cli_runner.invoke(args=["users", "deactivate", "OPS@city.local"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Deactivated ops@city.local; ended 1 sign-in session(s)."
    user = _account(app, "ops@city.local")
    assert user.active is False
    with app.app_context():
        assert find_usable_token(secret) is None
        sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
        assert all(row.revoked_at is not None for row in sessions)
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "User", AuditEvent.entity_id == user.id)
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.action == "update"
        assert event.actor_id is None
        assert event.old_values == {"active": True}
        assert event.new_values == {"active": False}
    result = cli_runner.invoke(args=["users", "activate", "ops@city.local"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Activated ops@city.local."
    assert _account(app, "ops@city.local").active is True
    with app.app_context():
        assert find_usable_token(secret) is not None  # tokens were refused, not revoked


@pytest.mark.parametrize("command", ["activate", "deactivate"])
def test_unknown_email_is_one_clear_line(app, cli_runner, command):
    _create(cli_runner, "known@example.org")
    result = cli_runner.invoke(args=["users", command, "nobody@example.org"])
    assert result.exit_code == 1
    assert result.output == "Error: No account has the email 'nobody@example.org'.\n"
    assert _account(app, "known@example.org").active is True


def test_deactivating_twice_changes_nothing_more(app, cli_runner):
    _create(cli_runner, "twice@example.org")
    assert cli_runner.invoke(args=["users", "deactivate", "twice@example.org"]).exit_code == 0
    result = cli_runner.invoke(args=["users", "deactivate", "twice@example.org"])
    assert result.exit_code == 0
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "twice@example.org"))
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_type == "User", AuditEvent.entity_id == user.id
            )
        ).all()
        assert actions == ["create", "update"]


def test_the_last_active_admin_is_not_deactivated(app, cli_runner):
    _create(cli_runner, "root@example.org", role="admin")
    result = cli_runner.invoke(args=["users", "deactivate", "root@example.org"])
    assert result.exit_code == 1
    assert "last active administrator" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _account(app, "root@example.org").active is True
    _create(cli_runner, "second@example.org", role="admin")
    assert cli_runner.invoke(args=["users", "deactivate", "root@example.org"]).exit_code == 0
    assert _account(app, "root@example.org").active is False
