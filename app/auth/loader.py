"""Flask-Login's user loader: the session holds 'id:token'; a changed token ends the session."""

from __future__ import annotations

import hmac

from app.extensions import db
from app.models import User


def load_user(identity: str) -> User | None:
    """The active user whose id and session token match the session, else None."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user
