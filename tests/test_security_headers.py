"""Every response carries the security headers, error pages and static files included."""

from __future__ import annotations

import pytest

from app import create_app

PATHS = ["/", "/healthz", "/static/css/site.css", "/no/such/page", "/staff/login", "/staff/"]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_everywhere(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-eval'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_405_has_headers_too(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "Content-Security-Policy" in response.headers


def test_staff_pages_are_not_cached(client):
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"


def test_hsts_only_in_production(client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    production = create_app("production")
    with production.test_client().get("/static/css/site.css") as response:
        assert "max-age=" in response.headers["Strict-Transport-Security"]


SKIPPED_ENDPOINTS = ("static", "assets.plotly_js", "assets.plotly_basic_js")


@pytest.mark.slow
def test_every_route_answers_with_the_headers(app, city, signed_in):
    """Walk the whole URL map, signed in and signed out, and check every answer."""
    from tests.support.routes import rule_url

    admin = signed_in("admin")
    anonymous = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if rule.arguments - {
            "mission_id", "outcome_id", "intervention_id", "milestone_id", "update_id",
            "indicator_id", "measurement_id", "department_id", "user_id", "entity",
            "entity_id",
        }:  # fmt: skip
            continue
        url = rule_url(app, rule, city, "edu")
        for client in (admin, anonymous):
            with client.get(url) as response:
                assert "script-src 'self'" in response.headers.get("Content-Security-Policy", ""), (
                    url
                )
                assert response.headers.get("X-Content-Type-Options") == "nosniff", url
            checked += 1
    assert checked > 40
