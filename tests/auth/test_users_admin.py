"""Admins create, re-role and deactivate accounts; the rules hold and sessions end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.services import create_user
from app.extensions import db
from app.models import AuditEvent, User
from tests.support.client import StaffClient

NEW = {
    "email": "New.Person@Example.org",
    "name": "Nýr Starfsmaður",
    "role": "department_lead",
    "department_id": "",
    "active": "y",
    "password": "a fine long passphrase",
}


def _user(app, email):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_admin_creates_a_lead(app, city, signed_in):
    client = signed_in("admin")
    response = client.post_form("/staff/users/new", {**NEW, "department_id": str(city.edu.id)})
    assert response.status_code == 302
    user = _user(app, "new.person@example.org")
    assert user.role == "department_lead"
    assert user.department_id == city.edu.id
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent.action).where(
                    AuditEvent.entity_type == "User", AuditEvent.entity_id == user.id
                )
            )
            == "create"
        )
    StaffClient(app, app.response_class).sign_in("new.person@example.org", NEW["password"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"department_id": "0"}, "A department lead needs a department."),
        ({"email": "not an email"}, "Invalid email address."),
        ({"email": "edu@example.org", "department_id": "EDU"}, "Not a valid choice"),
        ({"role": "emperor"}, "Not a valid choice"),
        ({"password": ""}, "Give the new account an initial password."),
        ({"password": "password123"}, "too common"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_user_input_changes_nothing(app, city, signed_in, changes, message):
    client = signed_in("admin")
    data = {**NEW, "department_id": str(city.edu.id), **changes}
    response = client.post_form("/staff/users/new", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 5


def test_duplicate_email_is_refused(app, city, signed_in):
    client = signed_in("admin")
    data = {**NEW, "email": "EDU@example.org", "department_id": str(city.edu.id)}
    response = client.post_form("/staff/users/new", data)
    assert "Another account already uses this email." in response.get_data(as_text=True)


def test_re_roling_ends_the_users_sessions(app, city, signed_in):
    lead = signed_in("edu_lead")
    admin = signed_in("admin")
    user = city.users["edu_lead"]
    url = f"/staff/users/{user.id}/edit"
    data = {"email": user.email, "name": user.name, "role": "viewer", "department_id": "0",
            "active": "y", "password": "", "version": "1"}  # fmt: skip
    response = admin.post_form(url, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _user(app, user.email).role == "viewer"
    assert lead.get("/staff/").status_code == 302  # signed out


def test_deactivating_signs_out_and_blocks(app, city, signed_in):
    viewer = signed_in("viewer")
    admin = signed_in("admin")
    user = city.users["viewer"]
    data = {"email": user.email, "name": user.name, "role": "viewer", "department_id": "0",
            "password": "", "version": "1"}  # fmt: skip  # active unchecked
    assert admin.post_form(f"/staff/users/{user.id}/edit", data).status_code == 302
    assert _user(app, user.email).active is False
    assert viewer.get("/staff/").status_code == 302


def test_admin_cannot_demote_themselves(app, city, signed_in):
    admin = signed_in("admin")
    me = city.users["admin"]
    data = {"email": me.email, "name": me.name, "role": "viewer", "department_id": "0",
            "active": "y", "password": "", "version": "1"}  # fmt: skip
    response = admin.post_form(f"/staff/users/{me.id}/edit", data)
    assert "You cannot remove your own administrator access." in response.get_data(as_text=True)
    assert _user(app, me.email).role == "admin"


def test_stale_edit_is_a_conflict(app, city, signed_in):
    admin = signed_in("admin")
    user = city.users["viewer"]
    data = {"email": user.email, "name": "Renamed", "role": "viewer", "department_id": "0",
            "active": "y", "password": "", "version": "1"}  # fmt: skip
    assert admin.post_form(f"/staff/users/{user.id}/edit", data).status_code == 302
    stale = {**data, "name": "Lost update"}
    response = admin.post_form(f"/staff/users/{user.id}/edit", stale)
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert _user(app, user.email).name == "Renamed"


@pytest.mark.parametrize("who", ["mission_office", "edu_lead", "viewer"])
def test_only_admins_manage_users(city, signed_in, who):
    client = signed_in(who)
    assert client.get("/staff/users").status_code == 403
    assert client.get("/staff/users/new").status_code == 403
    token = client.csrf("/staff/account/password")
    response = client.post("/staff/users/new", data={**NEW, "csrf_token": token})
    assert response.status_code == 403


def test_unknown_user_is_404(signed_in, city):
    assert signed_in("admin").get("/staff/users/999999/edit").status_code == 404
    assert signed_in("admin").get("/staff/users/abc/edit").status_code == 404


def _cli_account(app, email: str = "ops@city.local") -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """An account made as `flask users create` makes it: (id, version)."""
    with app.app_context():
        user = create_user(email=email, password="a fine long passphrase", role="viewer",
                           name="Ops")  # fmt: skip
        db.session.commit()
        return user.id, user.version


def test_an_account_with_a_special_use_domain_can_be_deactivated(app, city, signed_in):
    user_id, version = _cli_account(app)
    ops = StaffClient(app, app.response_class, use_cookies=True)
    ops.sign_in("ops@city.local", "a fine long passphrase")
    admin = signed_in("admin")
    data = {"email": "ops@city.local", "name": "Ops", "role": "viewer", "department_id": "0",
            "password": "", "version": str(version)}  # fmt: skip  # active unchecked
    response = admin.post_form(f"/staff/users/{user_id}/edit", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _user(app, "ops@city.local").active is False
    assert ops.get("/staff/").status_code == 302  # its session ended
    # Its stored address in another case is the same address.
    again = {**data, "email": "OPS@City.Local", "active": "y", "version": str(version + 1)}
    assert admin.post_form(f"/staff/users/{user_id}/edit", again).status_code == 302
    assert _user(app, "ops@city.local").active is True


@pytest.mark.parametrize("email", ["ops2@city.local", "not an email"])
def test_a_changed_email_is_still_checked(app, city, signed_in, email):
    user_id, version = _cli_account(app)
    data = {"email": email, "name": "Ops", "role": "viewer", "department_id": "0",
            "active": "y", "password": "", "version": str(version)}  # fmt: skip
    response = signed_in("admin").post_form(f"/staff/users/{user_id}/edit", data)
    assert response.status_code == 200
    assert _user(app, "ops@city.local") is not None
    assert _user(app, email.lower()) is None


def test_a_new_account_with_a_special_use_domain_is_refused(app, city, signed_in):
    data = {**NEW, "email": "someone@city.local", "department_id": str(city.edu.id)}
    response = signed_in("admin").post_form("/staff/users/new", data)
    assert response.status_code == 200
    assert _user(app, "someone@city.local") is None
