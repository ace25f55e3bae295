"""The app as a whole: configuration, health check, home page, error pages."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db
from config import ConfigError, load_config, normalise_database_url
from tests.support import factories as f


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/aim")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("production")


def test_production_needs_a_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        load_config("production")


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/aim")
    config = load_config("production")
    assert config.SESSION_COOKIE_SECURE is True
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize(
    ("url", "message"),
    [("nonsense", "not a valid database URL"), ("mysql://h/db", "SQLite or PostgreSQL")],
)
def test_bad_database_url_is_one_clear_error(monkeypatch, url, message):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ConfigError, match=message):
        load_config("development")


def test_rate_limits_share_redis_when_the_cache_does(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/aim")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("CACHE_REDIS_URL", raising=False)
    assert load_config("production").RATELIMIT_STORAGE_URI == "memory://"
    monkeypatch.setenv("CACHE_REDIS_URL", "redis://127.0.0.1:6379/3")
    assert load_config("production").RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://10.0.0.9:6379/0")
    assert load_config("production").RATELIMIT_STORAGE_URI == "redis://10.0.0.9:6379/0"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("MAX_VALUE_MAGNITUDE", "lots", "must be a number"),
        ("MAX_VALUE_MAGNITUDE", "inf", "positive finite"),
        ("PUBLIC_BASE_URL", "javascript:alert(1)", "must look like"),
        ("PUBLIC_BASE_URL", "https://aim.example.city/path?x", "must look like"),
    ],
)
def test_bad_hardening_settings_are_one_clear_error(monkeypatch, name, raw, message):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigError, match=message):
        load_config("development")


def test_unknown_environment_name():
    with pytest.raises(ConfigError, match="AIM_ENV"):
        load_config("staging")


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"]["status"] == "ok"


def test_healthz_reports_an_unreachable_database():
    broken = create_app(
        "test", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"]["status"] == "error"
    with broken.app_context():
        db.engine.dispose()


def test_pages_show_a_clear_page_when_the_database_is_down():
    broken = create_app(
        "test", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    response = broken.test_client().get("/")
    assert response.status_code == 503
    assert b"cannot be reached" in response.data
    with broken.app_context():
        db.engine.dispose()
    assert OperationalError  # the handler is what turns this error into the page above


def test_home_lists_only_published_missions(app, client):
    with app.app_context():
        f.mission(title="Published mission", is_published=True, illustrative=True)
        f.mission(title="Secret draft mission", is_published=False)
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Published mission" in page
    assert "Illustrative demo data" in page
    assert "Secret draft mission" not in page


def test_home_query_count_does_not_grow_with_missions(app, client, count_queries):
    with app.app_context():
        f.mission(is_published=True)
        db.session.commit()
    with count_queries() as few:
        client.get("/")
    with app.app_context():
        for _ in range(10):
            f.mission(is_published=True)
        db.session.commit()
    with count_queries() as many:
        client.get("/")
    assert few.count == many.count <= 10


def test_not_found_is_a_friendly_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_post_to_a_get_page_is_405(client):
    response = client.post("/")
    assert response.status_code in {400, 405}


def test_icelandic_is_chosen_by_query_and_remembered(client):
    response = client.get("/?lang=is")
    assert '<html lang="is">' in response.get_data(as_text=True)
    assert "lang=is" in response.headers.get("Set-Cookie", "")
    again = client.get("/")
    assert '<html lang="is">' in again.get_data(as_text=True)


def test_accept_language_is_the_fallback(client):
    response = client.get("/", headers={"Accept-Language": "is-IS,is;q=0.9,en;q=0.5"})
    assert '<html lang="is">' in response.get_data(as_text=True)


def test_behind_a_proxy_the_client_address_is_trusted_only_when_configured():
    from flask import request

    seen = {}
    for proxies in (0, 1):
        app = create_app("test", TRUSTED_PROXIES=proxies)

        @app.get("/whoami")
        def whoami(proxies: int = proxies) -> str:
            seen[proxies] = request.remote_addr
            return ""

        app.test_client().get(
            "/whoami",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
    assert seen == {0: "127.0.0.1", 1: "203.0.113.9"}


def test_ids_beyond_the_database_range_are_404(client):
    assert client.get("/staff/indicators/99999999999").status_code in (302, 404)
    assert client.get("/embed/indicators/99999999999").status_code == 404


def test_nul_bytes_are_refused(client):
    assert client.get("/missions/abc%00def").status_code == 404
    assert client.get("/?lang=%00").status_code == 404


def test_405_keeps_the_allow_header(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
