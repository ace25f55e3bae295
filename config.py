"""Configuration classes, read from the environment; production fails fast on missing secrets."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import click
from argon2 import DEFAULT_MEMORY_COST, DEFAULT_PARALLELISM, DEFAULT_TIME_COST
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

BASE_DIR = Path(__file__).resolve().parent
# gunicorn kills a worker whose request runs longer than this (deploy/gunicorn.conf.py reads it).
# Imports are sized so that the preview of the largest file they accept takes at most half of it
# (tests/transfer/test_large_files.py).
WORKER_TIMEOUT_SECONDS = 30
INSTANCE_DIR = Path(os.environ.get("AIM_INSTANCE_PATH", BASE_DIR / "instance"))


class ConfigError(click.ClickException):
    """The environment does not describe a usable configuration.

    A ClickException so that `flask ...` commands print one clear line instead of a traceback.
    """


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc
    if not 0 < value < float("inf"):
        raise ConfigError(f"{name} must be a positive finite number, got {raw!r}")
    return value


def _env_list(name: str, default: str) -> tuple[str, ...]:
    """A comma-separated setting as a tuple of its stripped, non-empty items."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        raw = default
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _round_dates() -> tuple[tuple[int, int], ...]:
    """REPORT_ROUND_DATES: the days of the year reporting rounds open, as MM-DD (month, day)."""
    dates = []
    for item in _env_list("REPORT_ROUND_DATES", "01-01,07-01"):
        match = re.fullmatch(r"(\d{2})-(\d{2})", item)
        month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else 30 if month in
                                                     (4, 6, 9, 11) else 31):  # fmt: skip
            raise ConfigError(f"REPORT_ROUND_DATES must be days like 01-01,07-01, got {item!r}")
        dates.append((month, day))
    return tuple(sorted(set(dates)))


def _public_base_url() -> str:
    raw = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if raw and not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?", raw):
        raise ConfigError(f"PUBLIC_BASE_URL must look like https://aim.example.city, got {raw!r}")
    return raw


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_database_url(url: str, variable: str = "DATABASE_URL") -> str:
    """Refuse a URL that SQLAlchemy cannot parse or a database we do not support."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{variable} is not a valid database URL: {url!r}") from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"{variable} must point at SQLite or PostgreSQL, got {parsed.get_backend_name()!r}"
        )
    return url


def _development_secret_key() -> str:
    """Generate a per-checkout key once and keep it in instance/ (never used in production)."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Atlantic/Reykjavik"
    LANGUAGES: tuple[str, ...] = ("en", "is")
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    WORKER_TIMEOUT = WORKER_TIMEOUT_SECONDS
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    STAFF_IDLE_MINUTES = 30
    STAFF_SESSION_HOURS = 12
    # Sign-in attempts: per client address, and per account (whatever the address).
    LOGIN_LIMIT_PER_ADDRESS = "20 per minute; 100 per hour"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute; 30 per hour"
    # argon2id parameters of new password hashes: the library's recommended ones. A hash made with
    # other parameters is redone at the next sign-in.
    PASSWORD_HASH_TIME_COST = DEFAULT_TIME_COST
    PASSWORD_HASH_MEMORY_COST = DEFAULT_MEMORY_COST  # KiB
    PASSWORD_HASH_PARALLELISM = DEFAULT_PARALLELISM

    def __init__(self) -> None:
        url = os.environ.get("DATABASE_URL")
        if not url:
            # The zero-setup default: a SQLite file in instance/ (created on first use).
            INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{INSTANCE_DIR / 'aim_tracker.db'}"
        self.SQLALCHEMY_DATABASE_URI = check_database_url(normalise_database_url(url))
        # Shared page cache for several app servers; in-process memory when unset.
        self.CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "")
        # Rate limit counters: in-process memory counts per worker process (so gunicorn -w 4
        # allows four times the limit); with Redis configured for the cache, they share it.
        self.RATELIMIT_STORAGE_URI = os.environ.get(
            "RATELIMIT_STORAGE_URI", self.CACHE_REDIS_URL or "memory://"
        )
        # 429 answers say when to try again (Retry-After) and every limited answer what is left.
        self.RATELIMIT_HEADERS_ENABLED = True
        self.PUBLIC_CACHE = _env_bool("PUBLIC_CACHE", True)
        # Content and interface languages, the source language (BABEL_DEFAULT_LOCALE) among them;
        # each other one needs its catalogue in app/translations (checked by create_app).
        self.LANGUAGES = _env_list("LANGUAGES", "en,is")
        # Reverse proxies in front of the app (nginx: 1); their X-Forwarded-* headers are trusted.
        self.TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
        self.SMALL_NUMBER_THRESHOLD = _env_int("SMALL_NUMBER_THRESHOLD", 5)
        self.STAFF_IDLE_MINUTES = _env_int("STAFF_IDLE_MINUTES", 30)
        # Values larger than this in size are refused unless an indicator's range allows them.
        self.MAX_VALUE_MAGNITUDE = _env_float("MAX_VALUE_MAGNITUDE", 1e15)
        # A value that moves by more than this share of the previous one asks for confirmation.
        self.JUMP_CONFIRM_SHARE = _env_float("JUMP_CONFIRM_SHARE", 0.25)
        # The site's canonical address for links that leave the site (open data's homepage);
        # never taken from a request's Host header. Empty: such links are written relative.
        self.PUBLIC_BASE_URL = _public_base_url()
        # `flask sources refresh`: seconds to wait for a source, and the most bytes read from one.
        self.SOURCE_TIMEOUT_SECONDS = _env_int("SOURCE_TIMEOUT_SECONDS", 20)
        self.SOURCE_MAX_BYTES = _env_int("SOURCE_MAX_BYTES", 5 * 1024 * 1024)
        # Sources are read from public addresses only, unless this is set (an intranet server).
        self.SOURCE_ALLOW_PRIVATE_ADDRESSES = _env_bool("SOURCE_ALLOW_PRIVATE_ADDRESSES", False)
        # Email (README "Email, reminders and followers"). No MAIL_SERVER: messages are written
        # to instance/mail/ as .eml files and listed on the staff mail page.
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
        self.MAIL_PORT = _env_int("MAIL_PORT", 587)
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
        self.MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "MAIL_DEFAULT_SENDER", "AIM Tracker <noreply@localhost>"
        )
        self.MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
        self.MAIL_BACKEND = "smtp"
        self.MAIL_BATCH_SIZE = _env_int("MAIL_BATCH_SIZE", 200)
        self.MAIL_CLAIM_TIMEOUT_MINUTES = _env_int("MAIL_CLAIM_TIMEOUT_MINUTES", 30)
        self.MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 5)
        self.REMINDER_DAYS_BEFORE = _env_int("REMINDER_DAYS_BEFORE", 7)
        self.ESCALATION_AFTER_DAYS = _env_int("ESCALATION_AFTER_DAYS", 14)
        # Reporting rounds: the days they open (`flask rounds open-due`), the days reports take.
        self.REPORT_ROUND_DATES = _round_dates()
        self.REPORT_ROUND_DUE_DAYS = _env_int("REPORT_ROUND_DUE_DAYS", 30)
        if not 1 <= self.REPORT_ROUND_DUE_DAYS <= 366:
            raise ConfigError("REPORT_ROUND_DUE_DAYS must be between 1 and 366")
        self.FOLLOW_LINK_MAX_AGE_HOURS = _env_int("FOLLOW_LINK_MAX_AGE_HOURS", 72)
        self.UNSUBSCRIBE_LINK_MAX_AGE_DAYS = _env_int("UNSUBSCRIBE_LINK_MAX_AGE_DAYS", 365)
        self.FOLLOW_LIMIT_PER_ADDRESS = os.environ.get(
            "FOLLOW_LIMIT_PER_ADDRESS", "10 per hour; 50 per day"
        )
        self.FOLLOW_LIMIT_PER_EMAIL = os.environ.get("FOLLOW_LIMIT_PER_EMAIL", "3 per day")


class DevelopmentConfig(Config):
    """Local development: generated secret key, debug toolbar-free, insecure cookies allowed."""

    ENV_NAME = "development"
    DEBUG = True

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
        self.SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)


class TestConfig(Config):
    """The test suite: TEST_DATABASE_URL or in-memory SQLite, CSRF on (tests send tokens)."""

    ENV_NAME = "test"
    TESTING = True
    # The cheapest argon2id hashes (a fraction of a millisecond instead of about a second).
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 8
    PASSWORD_HASH_PARALLELISM = 1

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never used outside the test suite
        self.SQLALCHEMY_DATABASE_URI = check_database_url(
            normalise_database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite:///:memory:"),
            "TEST_DATABASE_URL",
        )
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.SESSION_COOKIE_SECURE = False


class ProductionConfig(Config):
    """Production: every secret from the environment, secure cookies, PostgreSQL expected."""

    ENV_NAME = "production"

    def __init__(self) -> None:
        super().__init__()
        secret = os.environ.get("SECRET_KEY")
        if not secret or len(secret) < 32:
            raise ConfigError("SECRET_KEY must be set to at least 32 characters in production")
        if "DATABASE_URL" not in os.environ:
            raise ConfigError("DATABASE_URL must be set in production")
        self.SECRET_KEY = secret
        # Only a test rig without TLS (bench/soak.py on loopback) may turn this off.
        self.SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PREFERRED_URL_SCHEME = "https"


def engine_options(url: str, options: dict) -> dict:
    """Engine options for the URL: in-memory SQLite needs one shared connection."""
    if url == "sqlite:///:memory:":
        from sqlalchemy.pool import StaticPool

        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return options


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> Config:
    """Build the config named by the argument or AIM_ENV (default development)."""
    name = name or os.environ.get("AIM_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise ConfigError(
            f"AIM_ENV must be one of {', '.join(sorted(CONFIGS))}, got {name!r}"
        ) from None
