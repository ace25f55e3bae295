"""Password hashing with argon2id and the password policy."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, current_app, has_app_context

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

MIN_LENGTH = 10

# The dummy hash (see dummy_hash) is of this text, kept per app under this extensions key.
_DUMMY_TEXT = "not-a-real-password-only-for-timing"
_DUMMY_HASH_KEY = "password_dummy_hash"

# A short list of the passwords that top every breach list; refused whatever their length.
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password12", "password123", "123456", "12345678", "123456789",
        "1234567890", "qwerty", "qwertyuiop", "iloveyou", "letmein", "welcome", "welcome1",
        "admin", "admin123", "administrator", "changeme", "football", "monkey", "dragon",
        "sunshine", "princess", "baseball", "trustno1", "passw0rd", "p@ssw0rd", "abc123",
        "111111", "000000", "qwerty123", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "superman",
        "lykilord", "lykilorð", "reykjavik", "reykjavik1", "iceland", "island123",
    }
)  # fmt: skip


class WeakPasswordError(ValueError):
    """The password does not meet the policy; the message says why."""


def check_password_policy(password: str, *, email: str | None = None) -> None:
    """Raise WeakPasswordError unless the password is long, uncommon and not the email."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"Use at least {MIN_LENGTH} characters.")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        raise WeakPasswordError("This password is too common or too simple.")
    if email and lowered in {email.lower(), email.lower().split("@")[0]}:
        raise WeakPasswordError("The password may not be your email address.")


def init_app(app: Flask) -> None:
    """Hash with the app's PASSWORD_HASH_* parameters (the library's recommended ones if unset)."""
    app.extensions["password_hasher"] = PasswordHasher(
        time_cost=app.config.get("PASSWORD_HASH_TIME_COST", _hasher.time_cost),
        memory_cost=app.config.get("PASSWORD_HASH_MEMORY_COST", _hasher.memory_cost),
        parallelism=app.config.get("PASSWORD_HASH_PARALLELISM", _hasher.parallelism),
    )
    app.extensions.pop(_DUMMY_HASH_KEY, None)  # made again, on first use, with these parameters


def _current() -> PasswordHasher:
    """The current app's hasher; the default one outside an app (or before init_app)."""
    if has_app_context():
        hasher = current_app.extensions.get("password_hasher")
        if isinstance(hasher, PasswordHasher):
            return hasher
    return _hasher


def dummy_hash() -> str:
    """A hash to verify against when a sign-in names no active account.

    It is made with the current app's hasher, so that failing with an unknown email costs what
    failing with a known one does, whatever the PASSWORD_HASH_* parameters. Made on first use,
    once per app (and once outside an app, with the default hasher).
    """
    if not has_app_context():
        return _default_dummy_hash()
    extensions = current_app.extensions
    made = extensions.get(_DUMMY_HASH_KEY)
    if not isinstance(made, str):
        made = hash_password(_DUMMY_TEXT)
        extensions[_DUMMY_HASH_KEY] = made
    return made


@functools.cache
def _default_dummy_hash() -> str:
    return _hasher.hash(_DUMMY_TEXT)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _current().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises on a malformed hash."""
    try:
        return _current().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters than the current ones."""
    try:
        return _current().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
