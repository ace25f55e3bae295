"""Signing in and out: generic failures, session rotation and server-side ending, limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.auth.passwords import hash_password
from app.auth.routes import safe_next
from app.extensions import db
from app.models import User, UserSession
from app.models.base import utcnow
from tests.support.client import StaffClient
from tests.support.factories import TEST_PASSWORD


def _login(client: StaffClient, email: str, password: str = TEST_PASSWORD, next_url=None):  # type: ignore[no-untyped-def]
    token = client.csrf("/staff/login")
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def test_sign_in_lands_on_my_work(client, city):
    response = _login(client, "edu@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize(
    ("email", "password"),
    [("edu@example.org", "wrong password!"), ("nobody@example.org", TEST_PASSWORD)],
)
def test_wrong_email_or_password_get_the_same_message(client, city, email, password):
    response = _login(client, email, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The email or password is not right." in page
    assert client.get("/staff/").status_code == 302  # still signed out


def test_deactivated_account_cannot_sign_in(app, client, city):
    with app.app_context():
        db.session.execute(
            update(User).where(User.email == "viewer@example.org").values(active=False)
        )
        db.session.commit()
    response = _login(client, "viewer@example.org")
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_empty_form_shows_field_errors(client, city):
    token = client.csrf("/staff/login")
    response = client.post("/staff/login", data={"csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page
    assert 'id="email-error"' in page


def test_login_without_csrf_token_is_refused(client, city):
    response = client.post(
        "/staff/login", data={"email": "edu@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_session_is_rotated_at_sign_in(client, city):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _login(client, "edu@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")


def test_sign_out_ends_the_session_on_the_server(app, client, city):
    _login(client, "edu@example.org")
    with client.session_transaction() as session:
        stolen = dict(session)
    response = client.post_form("/staff/logout", token_from="/staff/account/password")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302
    # A copy of the old cookie no longer works: the session row is revoked.
    with client.session_transaction() as session:
        session.update(stolen)
    assert client.get("/staff/account/password").status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(UserSession)).all()
        assert [row.revoked_at is not None for row in rows] == [True]


def test_idle_session_expires(app, client, city):
    _login(client, "edu@example.org")
    with app.app_context():
        db.session.execute(
            update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
        db.session.commit()
    response = client.get("/staff/account/password")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]
    # The expiry is written at the end of the request (the user loader only flushes it).
    with app.app_context():
        assert db.session.scalar(select(UserSession.revoked_at)) is not None


def test_last_seen_is_kept_without_the_view_committing(app, client, city):
    """The user loader touches the session row; one hook commits it as the request ends."""
    _login(client, "edu@example.org")
    earlier = utcnow() - timedelta(minutes=5)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=earlier))
        db.session.commit()
    assert client.get("/staff/account/password").status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
        assert seen is not None
        assert seen > earlier + timedelta(minutes=4)


def test_changing_password_ends_other_sessions(app, city):
    laptop = StaffClient(app, app.response_class, use_cookies=True)
    phone = StaffClient(app, app.response_class, use_cookies=True)
    laptop.sign_in("edu@example.org")
    phone.sign_in("edu@example.org")
    response = laptop.post_form(
        "/staff/account/password",
        {"current_password": TEST_PASSWORD, "new_password": "a brand new passphrase",
         "confirm": "a brand new passphrase"},
    )  # fmt: skip
    assert response.status_code == 302
    assert laptop.get("/staff/account/password").status_code == 200
    assert phone.get("/staff/account/password").status_code == 302
    fresh = StaffClient(app, app.response_class, use_cookies=True)
    fresh.sign_in("edu@example.org", "a brand new passphrase")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"current_password": "wrong one!!", "new_password": "a brand new passphrase",
          "confirm": "a brand new passphrase"}, "The current password is not right."),
        ({"current_password": TEST_PASSWORD, "new_password": "password123",
          "confirm": "password123"}, "too common"),
        ({"current_password": TEST_PASSWORD, "new_password": "a brand new passphrase",
          "confirm": "another passphrase"}, "The passwords differ."),
        ({"current_password": TEST_PASSWORD, "new_password": "short",
          "confirm": "short"}, "at least 10"),
    ],
)  # fmt: skip
def test_bad_password_changes_change_nothing(app, signed_in, data, message):
    client = signed_in("edu_lead")
    response = client.post_form("/staff/account/password", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "edu@example.org"))
        from app.auth.passwords import verify_password

        assert verify_password(user.password_hash, TEST_PASSWORD)


def test_old_hashes_are_upgraded_at_sign_in(app, client, city):
    """A hash made with other parameters than the configured ones is redone at sign-in."""
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=2).hash(TEST_PASSWORD)
    with app.app_context():
        current = hash_password("x").split("$")[3]
        assert current not in old
        db.session.execute(
            update(User).where(User.email == "edu@example.org").values(password_hash=old)
        )
        db.session.commit()
    assert _login(client, "edu@example.org").status_code == 302
    with app.app_context():
        stored = db.session.scalar(
            select(User.password_hash).where(User.email == "edu@example.org")
        )
    assert stored != old
    assert stored.startswith("$argon2id$")
    assert stored.split("$")[3] == current  # the configured parameters
    client.post_form("/staff/logout", token_from="/staff/")
    assert _login(client, "edu@example.org").status_code == 302  # and it still signs in


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/indicators/", "/staff/indicators/"),
        ("/staff/?a=1", "/staff/?a=1"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
        ("/ok\r\nSet-Cookie: x", None),
    ],
)
def test_next_only_goes_to_local_paths(target, expected):
    assert safe_next(target) == expected


def test_next_is_followed_when_local(client, city):
    response = _login(client, "edu@example.org", next_url="/staff/departments/")
    assert response.headers["Location"] == "/staff/departments/"


def test_next_to_another_site_is_ignored(client, city):
    response = _login(client, "edu@example.org", next_url="https://evil.example/")
    assert response.headers["Location"] == "/staff/"


def test_sign_in_is_rate_limited_per_account(app, city):
    # Different addresses, same account: the per-account limit (5 per minute) answers 429.
    statuses = []
    for n in range(7):
        client = StaffClient(app, app.response_class, use_cookies=True)
        token = client.csrf("/staff/login")
        response = client.post(
            "/staff/login",
            data={"email": "edu@example.org", "password": "wrong!!!!!!", "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    # The refusal says when to try again (within the minute the limit counts).
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_sign_in_is_rate_limited_per_address(app, client, city):
    statuses = []
    for n in range(22):
        token = client.csrf("/staff/login")
        statuses.append(
            client.post(
                "/staff/login",
                data={"email": f"nobody{n}@example.org", "password": "x" * 12, "csrf_token": token},
            ).status_code
        )
    assert statuses[:20] == [200] * 20
    assert statuses[20:] == [429, 429]


def test_oversized_form_body_is_413(client, city):
    response = client.post("/staff/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_session_cookie_flags(client, city):
    response = _login(client, "edu@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_the_tests_direct_sign_in_matches_the_form(app, city):
    """tests.support.auth.sign_in_directly, used by tests not about signing in, must give what
    the form gives: the same session keys and a server-side row that signing out ends."""
    from tests.support.auth import sign_in_directly

    by_form = StaffClient(app, app.response_class, use_cookies=True)
    by_form.sign_in("edu@example.org")
    direct = StaffClient(app, app.response_class, use_cookies=True)
    sign_in_directly(direct, city.users["edu_lead"])
    with by_form.session_transaction() as form_session:
        form_keys = set(form_session)
    with direct.session_transaction() as direct_session:
        assert set(direct_session) == form_keys
        assert direct_session.permanent
    with app.app_context():
        rows = db.session.scalars(
            select(UserSession).where(UserSession.user_id == city.users["edu_lead"].id)
        ).all()
    assert len(rows) == 2
    assert {(row.ip_address, row.user_agent, row.revoked_at) for row in rows} == {
        ("127.0.0.1", direct.environ_base["HTTP_USER_AGENT"], None)
    }
    assert "Edda Lead" in direct.get("/staff/").get_data(as_text=True)
    direct.post_form("/staff/logout", token_from="/staff/")
    assert direct.get("/staff/").status_code == 302
    assert by_form.get("/staff/").status_code == 200  # only that session ended
