"""Public caching: served from cache, revalidated by ETag, refreshed at once by any change."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Mission
from tests.support import factories as f


def test_second_view_comes_from_the_cache(client, public_city, count_queries):
    url = f"/missions/{public_city.mission_slug}"
    with count_queries() as first:
        assert client.get(url).status_code == 200
    with count_queries() as second:
        response = client.get(url)
    assert response.status_code == 200
    assert second.count == 0  # the page and the content version both come from the cache
    assert first.count > second.count
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=60" in response.headers["Cache-Control"]
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]


def test_etag_revalidation_answers_304(client, public_city):
    url = f"/missions/{public_city.mission_slug}"
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_publishing_shows_at_once(app, client, public_city):
    assert "Fresh news mission" not in client.get("/").get_data(as_text=True)
    etag = client.get("/").headers["ETag"]
    with app.app_context():
        f.mission(title="Fresh news mission", is_published=True)
        db.session.commit()
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Fresh news mission" in response.get_data(as_text=True)


def test_unpublishing_hides_at_once(app, client, public_city):
    url = f"/missions/{public_city.mission_slug}"
    assert client.get(url).status_code == 200
    with app.app_context():
        mission = db.session.scalars(
            select(Mission).where(Mission.slug == public_city.mission_slug)
        ).one()
        mission.is_published = False
        db.session.commit()
    assert client.get(url).status_code == 404


def test_languages_are_cached_apart(client, public_city):
    url = f"/missions/{public_city.mission_slug}"
    english = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    icelandic = client.get(url, headers={"Accept-Language": "is"}).get_data(as_text=True)
    assert '<html lang="en">' in english
    assert '<html lang="is">' in icelandic


def test_lang_switch_answers_are_private(client, public_city):
    response = client.get("/?lang=is")
    assert "private" in response.headers["Cache-Control"]
    assert "lang=is" in response.headers["Set-Cookie"]


def test_the_language_cookie_is_secure_where_sessions_are(app, client, public_city):
    assert "Secure" not in client.get("/?lang=is").headers["Set-Cookie"]
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        cookie = app.test_client().get("/?lang=is").headers["Set-Cookie"]
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
