"""Bearer-token authentication for API writes, scoped by app.permissions, rate limited per token."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app, g, make_response, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from app.api.problems import ApiProblem
from app.auth.tokens import find_usable_token
from app.database import keep_bookkeeping
from app.extensions import db
from app.models import ApiToken, User
from app.models.base import utcnow
from app.permissions import Action, authorize

WRITE_LIMIT = "60 per minute"
READ_LIMIT = "300 per minute"
# last_used_at is refreshed at most this often, so reads do not write on every call.
TOUCH_INTERVAL = timedelta(minutes=1)
CHALLENGE = 'Bearer realm="AIM Tracker API"'


def write_limit() -> str:
    """Writes allowed per token (API_WRITE_LIMIT, default 60 per minute)."""
    return str(current_app.config.get("API_WRITE_LIMIT", WRITE_LIMIT))


def read_limit() -> str:
    """Reads allowed per client address (API_READ_LIMIT, default 300 per minute)."""
    return str(current_app.config.get("API_READ_LIMIT", READ_LIMIT))


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def token_rate_key() -> str:
    """Rate-limit key: the token (hashed), or the client address when there is none."""
    secret = _bearer()
    if secret:
        return "api-token:" + hashlib.sha256(secret.encode()).hexdigest()
    return "api-address:" + (get_remote_address() or "")


def _unauthenticated(detail: str) -> ApiProblem:
    return ApiProblem(
        401, _("Authentication required"), detail, headers={"WWW-Authenticate": CHALLENGE}
    )


def authenticate() -> ApiToken:
    """The live token of this request, or a 401 problem."""
    secret = _bearer()
    if secret is None:
        raise _unauthenticated(_("Send an API token: Authorization: Bearer <token>."))
    token = find_usable_token(secret)
    if token is None:
        raise _unauthenticated(_("The token is unknown, revoked or expired."))
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        token.last_used_at = now
        db.session.flush()
        keep_bookkeeping()
    return token


def token_required(action: Action) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The view runs as the token's user, who must be allowed action (objects: in the view)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            token = authenticate()
            if not authorize(token.user, action):
                raise ApiProblem(403, _("Not allowed"), _("Your role may not do this."))
            g.api_token = token
            response = make_response(view(*args, **kwargs))
            # Answers to a token speak for one user: never kept by shared caches.
            response.headers["Cache-Control"] = "no-store"
            return response

        # A marker on the view function that the API tests read; functions take attributes.
        wrapped.token_action = action  # type: ignore[attr-defined] # read by tests/test_authorization.py
        return wrapped

    return decorator


def api_user() -> User:
    """The user the request's token acts as (inside a token_required view)."""
    return current_token().user


def current_token() -> ApiToken:
    """The token of this request (inside a token_required view)."""
    token: ApiToken = g.api_token  # set by token_required
    return token
