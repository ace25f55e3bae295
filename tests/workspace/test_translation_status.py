"""The translation status page: published content that lacks a translation, per language."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Department, Indicator, Intervention, Mission, ProgressUpdate
from app.models.base import utcnow
from tests.support import factories as f

URL = "/staff/translations"


def _publish(app, city):  # type: ignore[no-untyped-def]
    with app.app_context():
        now = utcnow()
        for model, obj_id in (
            (Mission, city.mission.id),
            (Intervention, city.edu_intervention.id),
            (Indicator, city.edu_indicator.id),
            (ProgressUpdate, city.edu_update.id),
        ):
            obj = db.session.get(model, obj_id)
            obj.is_published, obj.published_at = True, now
        db.session.commit()


def test_published_content_without_translation_is_listed_with_edit_links(app, city, signed_in):
    _publish(app, city)
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.translations = {
            "is": {f: "þýtt" for f in Mission.TRANSLATED if getattr(mission, f)}
        }
        department = db.session.get(Department, city.wel.id)
        department.translations = {"is": {"name": "Velferðarsvið"}}
        db.session.commit()
        wel_title = db.session.get(Intervention, city.wel_intervention.id).title
    html = signed_in("mission_office").get(URL).get_data(as_text=True)
    assert 'id="lang-is"' in html
    # A published intervention without a translation, linked to its edit form.
    assert f'href="/staff/interventions/{city.edu_intervention.id}/edit"' in html
    assert f'href="/staff/indicators/{city.edu_indicator.id}/edit"' in html
    assert f'href="/staff/interventions/updates/{city.edu_update.id}/edit"' in html
    assert f'href="/staff/departments/{city.edu.id}/edit"' in html
    # A draft is not listed, nor is what is fully translated.
    assert wel_title not in html
    assert f'href="/staff/missions/{city.mission.id}/edit"' not in html
    assert f'href="/staff/departments/{city.wel.id}/edit"' not in html
    assert "Missing: Title" in html


def test_a_manual_status_reason_links_to_its_own_form(app, city, signed_in):
    _publish(app, city)
    with app.app_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.status_override, indicator.override_reason = "limited_progress", "Late data"
        db.session.commit()
    html = signed_in("admin").get(URL).get_data(as_text=True)
    assert f'href="/staff/indicators/{city.edu_indicator.id}/override"' in html


def test_each_configured_language_has_its_section(app, city, signed_in, monkeypatch):
    _publish(app, city)
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))
    html = signed_in("viewer").get(URL).get_data(as_text=True)
    assert 'id="lang-is"' in html
    assert 'id="lang-pl"' in html
    assert "Polish" in html or "polski" in html


def test_my_work_shows_the_count_to_the_mission_office(app, city, signed_in):
    _publish(app, city)
    office = signed_in("mission_office").get("/staff/").get_data(as_text=True)
    assert 'href="/staff/translations"' in office
    assert "lack a translation" in office or "lacks a translation" in office
    lead = signed_in("edu_lead").get("/staff/").get_data(as_text=True)
    assert 'href="/staff/translations"' not in lead


@pytest.mark.parametrize("who", ["admin", "mission_office", "edu_lead", "wel_lead", "viewer"])
def test_every_staff_role_may_read_it_and_residents_may_not(app, city, signed_in, who):
    assert signed_in(who).get(URL).status_code == 200
    assert app.test_client().get(URL).status_code in (302, 401)


def test_query_count_is_constant_in_the_number_of_items(app, city, signed_in, count_queries):
    _publish(app, city)
    client = signed_in("admin")
    counts = []
    for extra in (0, 12):
        with app.app_context():
            mission = db.session.get(Mission, city.mission.id)
            edu = db.session.get(Department, city.edu.id)
            for number in range(extra):
                item = f.intervention(
                    mission, edu, title=f"Extra {number}", is_published=True,
                    published_at=utcnow(),
                )  # fmt: skip
                f.milestone(item, title=f"Step {number}")
                f.update(item, summary=f"Report {number}", is_published=True)
                f.outcome(mission, title=f"Outcome {number}")
            db.session.commit()
        with count_queries() as log:
            assert client.get(URL).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]
