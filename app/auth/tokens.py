"""API tokens of staff accounts: create (the secret is shown once), revoke, list, find by secret."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import ApiToken, User
from app.models.base import utcnow

SECRET_PREFIX = "aim_"  # noqa: S105 - a label in front of every token, not a secret
PREFIX_LENGTH = 12


def hash_secret(secret: str) -> str:
    """SHA-256 of a token secret, as stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    user: User, *, name: str, expires_in_days: int | None, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for user and its secret (shown once; only its hash is kept). Flushes."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name."), "name")
    if len(name) > 100:
        raise DomainError(_("Keep the name to 100 characters."), "name")
    if expires_in_days is not None and not 1 <= expires_in_days <= 366:
        raise DomainError(_("Choose when the token expires."), "expires_in")
    now = now or utcnow()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_secret(secret),
        prefix=secret[:PREFIX_LENGTH],
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
    )
    db.session.add(token)
    audit.record(
        token, "create", actor_id=user.id,
        new={"name": name, "prefix": token.prefix,
             "expires_at": audit.jsonable(token.expires_at)},
    )  # fmt: skip
    return token, secret


def revoke_token(token: ApiToken, *, actor_id: int) -> bool:
    """Revoke a token; False when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(
        token, "update", actor_id=actor_id, old={"revoked_at": None},
        new={"revoked_at": token.revoked_at.isoformat()},
    )  # fmt: skip
    return True


def list_tokens(user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first (revoked and expired ones included)."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def get_own_token(token_id: int, user_id: int) -> ApiToken | None:
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )


def find_usable_token(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The token with this secret, with its user loaded, if it is live and its user active."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_secret(secret))
    )
    now = now or utcnow()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not token.user.active:
        return None
    return token
