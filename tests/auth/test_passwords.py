"""Password hashing parameters come from the config; other parameters mean a rehash.

The dummy hash that a sign-in with an unknown email is checked against uses them too.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from flask import Flask

from app import create_app
from app.auth import services
from app.auth.passwords import dummy_hash, hash_password, init_app, needs_rehash, verify_password
from app.extensions import db
from config import CONFIGS, Config
from tests.support import factories as f


def _parameters(password_hash: str) -> str:
    """The m=…,t=…,p=… part of an argon2 hash."""
    return password_hash.split("$")[3]


def _configured(config: type[Config]) -> tuple[int, int, int]:
    return (
        config.PASSWORD_HASH_TIME_COST,
        config.PASSWORD_HASH_MEMORY_COST,
        config.PASSWORD_HASH_PARALLELISM,
    )


def test_production_uses_the_librarys_recommended_parameters():
    recommended = PasswordHasher()
    expected = (recommended.time_cost, recommended.memory_cost, recommended.parallelism)
    assert expected == (3, 65536, 4)  # RFC 9106's low-memory choice, as argon2-cffi recommends
    for config in (Config, CONFIGS["development"], CONFIGS["production"]):
        assert _configured(config) == expected
    cheap = _configured(CONFIGS["test"])  # the test suite's
    assert all(mine < theirs for mine, theirs in zip(cheap, expected, strict=True))


def test_an_app_without_the_settings_gets_the_recommended_parameters():
    bare = Flask(__name__)
    init_app(bare)
    hasher = bare.extensions["password_hasher"]
    recommended = PasswordHasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        recommended.time_cost,
        recommended.memory_cost,
        recommended.parallelism,
    )


def _configured_parameters(app: Flask) -> str:
    """The m=…,t=…,p=… part that the app's config asks for."""
    return (
        f"m={app.config['PASSWORD_HASH_MEMORY_COST']},"
        f"t={app.config['PASSWORD_HASH_TIME_COST']},"
        f"p={app.config['PASSWORD_HASH_PARALLELISM']}"
    )


def test_hashes_are_made_with_the_configured_parameters(app):
    with app.app_context():
        stored = hash_password("a long passphrase")
        assert _parameters(stored) == _configured_parameters(app)
        assert verify_password(stored, "a long passphrase")
        assert not verify_password(stored, "another passphrase")
        assert not needs_rehash(stored)


def test_changed_parameters_ask_for_a_rehash(app):
    stronger = create_app("test", PASSWORD_HASH_TIME_COST=2, PASSWORD_HASH_MEMORY_COST=16)
    with app.app_context():
        old = hash_password("a long passphrase")
    with stronger.app_context():
        assert verify_password(old, "a long passphrase")  # old hashes still sign in
        assert needs_rehash(old)
        new = hash_password("a long passphrase")
        assert _parameters(new) == "m=16,t=2,p=1"
        assert not needs_rehash(new)
    with app.app_context():
        assert needs_rehash(new)  # any change, not only a stronger one
        assert needs_rehash("not an argon2 hash")  # a malformed hash is replaced too


def test_the_dummy_hash_is_made_with_the_configured_parameters_once_per_app(app):
    stronger = create_app("test", PASSWORD_HASH_TIME_COST=2, PASSWORD_HASH_MEMORY_COST=16)
    with app.app_context():
        made = dummy_hash()
        assert _parameters(made) == _configured_parameters(app)
        assert dummy_hash() is made
    with stronger.app_context():
        assert _parameters(dummy_hash()) == "m=16,t=2,p=1"
    with app.app_context():
        assert dummy_hash() is made


def test_an_unknown_email_costs_what_a_wrong_password_does(app, monkeypatch):
    checked: list[str] = []

    def spy(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return verify_password(password_hash, password)

    monkeypatch.setattr(services, "verify_password", spy)
    with app.app_context():
        known = f.user(email="known@example.org", password_hash=hash_password("a long passphrase"))
        db.session.flush()
        assert services.authenticate(known.email, "not the password at all") is None
        assert services.authenticate("nobody@example.org", "not the password at all") is None
    assert [_parameters(checked_hash) for checked_hash in checked] == [
        _configured_parameters(app),
        _configured_parameters(app),
    ]
