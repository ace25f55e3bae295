"""Server-side sign-in sessions: start, check (with idle timeout), end, and end the others."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, request, session
from sqlalchemy import select, update

from app.database import keep_bookkeeping, rows_affected
from app.extensions import db
from app.models import User, UserSession
from app.models.base import utcnow

SESSION_KEY = "sid"
# Refresh last_seen_at at most this often, so reading pages does not write on every request.
TOUCH_INTERVAL = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Record a new session and put its token in a fresh cookie (the old one is discarded)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash(token),
            last_seen_at=now,
            ip_address=(request.remote_addr or "")[:64],
            user_agent=(request.user_agent.string or "")[:300],
        )
    )
    session.clear()  # rotate: nothing from before sign-in survives
    session[SESSION_KEY] = token
    session.permanent = True


def _current_row(user_id: int) -> UserSession | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(
        select(UserSession).where(
            UserSession.token_hash == _hash(token),
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
        )
    )


def _expired(row: UserSession, now: datetime) -> bool:
    idle = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    lifetime = timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
    return now - row.last_seen_at > idle or now - row.created_at > lifetime


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user, if this browser's session row is still valid."""
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    row = _current_row(int(user_id))
    if row is None:
        return None
    now = utcnow()
    if _expired(row, now):
        row.revoked_at = now
        db.session.flush()
        keep_bookkeeping()
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.flush()
        keep_bookkeeping()
    return user


def end_session() -> None:
    """Revoke this browser's session row and clear the cookie."""
    token = session.get(SESSION_KEY)
    if isinstance(token, str) and token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.clear()


def end_other_sessions(user: User) -> int:
    """Revoke every session of the user except this browser's; returns how many ended."""
    token = session.get(SESSION_KEY)
    stmt = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if isinstance(token, str) and token:
        stmt = stmt.where(UserSession.token_hash != _hash(token))
    return rows_affected(stmt.values(revoked_at=utcnow()))


def end_all_sessions(user: User) -> int:
    """Revoke every session of the user (deactivation, role change)."""
    stmt = (
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return rows_affected(stmt)
