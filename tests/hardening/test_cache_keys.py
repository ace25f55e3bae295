"""Nobody can poison the public page cache, nor bypass it with made-up query arguments."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.support.public import build_public_city

HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}


@pytest.fixture
def public(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        built = build_public_city()
        db.session.commit()
        return built


def _pages(public) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/",
        f"/missions/{public.mission_slug}",
        f"/missions/{public.mission_slug}/indicators/{public.indicator_id}",
        f"/embed/indicators/{public.indicator_id}",
        "/open-data/",
        "/open-data/datapackage.json",
        "/api/v1/missions",
    ]


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_host_never_reaches_the_next_visitor(app, public, proxies):
    app.config["TRUSTED_PROXIES"] = proxies
    attacker, visitor = app.test_client(), app.test_client()
    for url in _pages(public):
        first = attacker.get(url, headers=HOSTILE)
        assert first.status_code == 200, url
        assert b"evil.example" not in first.data, url
        second = visitor.get(url)
        assert b"evil.example" not in second.data, url


def test_links_that_leave_the_site_use_the_configured_address(app, public):
    app.config["PUBLIC_BASE_URL"] = "https://aim.reykjavik.is"
    try:
        package = app.test_client().get("/open-data/datapackage.json", headers=HOSTILE).get_json()
    finally:
        app.config["PUBLIC_BASE_URL"] = ""
    assert package["homepage"] == "https://aim.reykjavik.is/open-data/"


def test_unknown_query_arguments_are_served_from_the_cache(app, public, count_queries):
    client = app.test_client()
    url = f"/missions/{public.mission_slug}"
    with count_queries() as rendered:
        first = client.get(url + "?utm_source=a")
    with count_queries() as cached:
        again = client.get(url + "?anything=random&x=1")
    assert first.status_code == again.status_code == 200
    assert again.data == first.data
    assert len(cached.statements) < len(rendered.statements) / 3
    assert again.headers["ETag"] == first.headers["ETag"]


def test_arguments_a_page_reads_still_make_their_own_answers(app, public):
    client = app.test_client()
    first = client.get("/api/v1/missions?limit=1&junk=1").get_json()
    other = client.get("/api/v1/missions?limit=2&junk=2").get_json()
    assert first["meta"]["limit"] == 1
    assert other["meta"]["limit"] == 2
