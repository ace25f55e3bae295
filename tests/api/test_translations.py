"""The API in each language: ?lang= reads with fallback, every language's text, and translated
writes checked like the originals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.models import Department, Mission, ProgressUpdate
from tests.support.api import bearer

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def translated(app, city, published):  # type: ignore[no-untyped-def]
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.translations = {"is": {"title": "Betri borg fyrir börn"}}
        department = db.session.get(Department, city.edu.id)
        department.translations = {"is": {"name": "Skóla- og frístundasvið"}}
        db.session.commit()
    return city


def test_reads_answer_in_the_asked_language_with_fallback(client, translated):
    english = client.get("/api/v1/missions/children")
    icelandic = client.get("/api/v1/missions/children?lang=is")
    assert english.headers["Content-Language"] == "en"
    assert icelandic.headers["Content-Language"] == "is"
    body = icelandic.get_json()
    assert body["title"] == "Betri borg fyrir börn"
    # No Icelandic North Star: the original, and translations says which languages exist.
    assert body["north_star"] == english.get_json()["north_star"]
    assert body["translations"]["en"]["title"] == english.get_json()["title"]
    assert body["translations"]["is"] == {"title": "Betri borg fyrir börn"}
    assert "north_star" not in body["translations"]["is"]
    assert english.get_json()["translations"] == body["translations"]


def test_lists_and_nested_objects_are_translated_too(client, translated):
    page = client.get("/api/v1/interventions?lang=is").get_json()
    leads = {item["lead_department"]["code"]: item["lead_department"] for item in page["data"]}
    assert leads["EDU"]["name"] == "Skóla- og frístundasvið"
    assert leads["EDU"]["translations"]["is"]["name"] == "Skóla- og frístundasvið"
    missions = client.get("/api/v1/missions?lang=is").get_json()["data"]
    assert missions[0]["title"] == "Betri borg fyrir börn"


def test_without_lang_the_answer_is_the_source_language(client, translated):
    response = client.get("/api/v1/missions/children", headers={"Accept-Language": "is"})
    assert response.get_json()["title"] != "Betri borg fyrir börn"
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize("lang", ["de", "", "IS", "is-IS", "x" * 300, "en "])
def test_an_unsupported_language_is_a_400_naming_the_languages(client, translated, lang):
    response = client.get("/api/v1/missions", query_string={"lang": lang})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    error = response.get_json()["errors"][0]
    assert error["parameter"] == "lang"
    assert "en, is" in error["message"]


def test_a_language_from_the_settings_is_accepted(app, client, translated, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))
    response = client.get("/api/v1/missions/children?lang=pl")
    assert response.status_code == 200
    assert response.get_json()["title"] == response.get_json()["translations"]["en"]["title"]


def _post(client, city, secret, **extra):  # type: ignore[no-untyped-def]
    body = {"reported_on": YESTERDAY.isoformat(), "status": "on_track", "summary": "Held"}
    return client.post(
        f"/api/v1/interventions/{city.wel_intervention.id}/updates",
        json={**body, **extra},
        headers=bearer(secret),
    )


def _updates(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(ProgressUpdate.id))) or 0


def test_a_write_stores_its_translations(app, client, city, token_for):
    response = _post(
        client, city, token_for("wel_lead"),
        translations={"is": {"summary": "Haldið", "next_steps": ""}},
    )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["translations"]["is"] == {"summary": "Haldið"}
    with app.app_context():
        update = db.session.get(ProgressUpdate, created["id"])
        assert update.translations == {"is": {"summary": "Haldið"}}


@pytest.mark.parametrize(
    ("translations", "pointer"),
    [
        ("Haldið", "/translations"),
        ({"de": {"summary": "Gehalten"}}, "/translations/de"),
        ({"en": {"summary": "Held"}}, "/translations/en"),  # the source is not a translation
        ({"is": "Haldið"}, "/translations/is"),
        ({"is": {"status": "on_track"}}, "/translations/is/status"),
        ({"is": {"summary": "x" * 5001}}, "/translations/is/summary"),
        ({"is": {"summary": 5}}, "/translations/is/summary"),
        ({"is": {"summary": "a\x00b"}}, "/translations/is/summary"),
        ({"is": {"blockers": "\ud800"}}, "/translations/is/blockers"),
    ],
)
def test_a_bad_translation_is_a_422_naming_it_and_nothing_is_saved(
    app, client, city, token_for, translations, pointer
):
    before = _updates(app)
    response = _post(client, city, token_for("wel_lead"), translations=translations)
    assert response.status_code == 422, response.get_json()
    assert [error["pointer"] for error in response.get_json()["errors"]] == [pointer]
    assert _updates(app) == before


_TEXT = st.one_of(st.none(), st.integers(), st.text(max_size=30))
_FIELDS = st.dictionaries(st.sampled_from(["summary", "next_steps", "status", "x"]), _TEXT)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(translations=st.one_of(_TEXT, st.dictionaries(st.sampled_from(["is", "en", "de"]),
                                                     st.one_of(_TEXT, _FIELDS))))  # fmt: skip
def test_any_translations_body_is_saved_or_refused_clearly(
    app, client, city, token_for, translations
):
    response = _post(client, city, token_for("wel_lead"), translations=translations)
    assert response.status_code in (201, 422), response.get_json()
    if response.status_code == 422:
        assert all(e["pointer"].startswith("/translations") for e in response.get_json()["errors"])
