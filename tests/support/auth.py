"""Signing a test client in without the sign-in form, for tests that are not about signing in."""

from __future__ import annotations

from flask import session
from flask.testing import FlaskClient
from flask_login import login_user

from app.auth.sessions import start_session
from app.extensions import db
from app.models import User


def sign_in_directly(client: FlaskClient, user: User | int) -> None:
    """Sign the client in as the user, as a successful sign-in does, but without the form.

    The app's own code does the work, in a request made to look like the client's: start_session
    adds the server-side session row (user_sessions) and puts its token in the session, and
    login_user adds Flask-Login's keys. That session then becomes the client's cookie, so every
    later request goes through the real session loader (idle timeout, revocation, deactivation).
    The password check is skipped; tests of signing in use the form (StaffClient.sign_in).
    """
    user_id = user if isinstance(user, int) else user.id
    with client.application.test_request_context(
        "/staff/login", method="POST", environ_base=client.environ_base
    ):
        account = db.session.get(User, user_id)
        assert account is not None, f"no user {user_id}"
        assert account.active, f"{account.email} is deactivated and cannot sign in"
        start_session(account)
        login_user(account)
        db.session.commit()
        signed_in = dict(session)
        permanent = session.permanent
    with client.session_transaction() as cookie:
        cookie.clear()
        cookie.update(signed_in)
        cookie.permanent = permanent
