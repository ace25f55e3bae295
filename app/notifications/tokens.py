"""Signed links in emails: confirm a follow, unsubscribe a resident or a member of staff.

Each purpose has its own salt, so a token made for one can never be used for another; links
expire (confirmations after FOLLOW_LINK_MAX_AGE_HOURS, unsubscribe links after
UNSUBSCRIBE_LINK_MAX_AGE_DAYS).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "aim-follow-confirm"
FOLLOWER_UNSUBSCRIBE_SALT = "aim-follow-unsubscribe"
STAFF_UNSUBSCRIBE_SALT = "aim-staff-unsubscribe"


class LinkExpired(Exception):
    """The signature is good but the link is too old."""


class LinkInvalid(Exception):
    """The link was changed or made with another key."""


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_token(salt: str, payload: dict[str, Any]) -> str:
    token: str = _serializer(salt).dumps(payload)
    return token


def read_token(salt: str, token: str, max_age_seconds: int) -> dict[str, Any]:
    """The payload of a token, or LinkExpired / LinkInvalid."""
    try:
        payload = _serializer(salt).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        raise LinkExpired from None
    except BadSignature:
        raise LinkInvalid from None
    if not isinstance(payload, dict):
        raise LinkInvalid
    return payload


def confirm_max_age() -> int:
    return int(current_app.config["FOLLOW_LINK_MAX_AGE_HOURS"]) * 3600


def unsubscribe_max_age() -> int:
    return int(current_app.config["UNSUBSCRIBE_LINK_MAX_AGE_DAYS"]) * 86400
