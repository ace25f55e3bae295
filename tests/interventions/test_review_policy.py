"""Edits to published work go back to review when their author may not publish (one rule)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app import editing
from app.extensions import db
from app.models import Intervention, Milestone, Mission, ProgressUpdate, User
from tests.support.interventions import BASE, audit_events, intervention_payload, update_payload

NOTICE = "Saving returns this to the mission office for review"
WENT_BACK = "It went back to the mission office for review"


def _publish(app: Any, city: Any) -> int:
    """Publish the mission, EDU's intervention and its update; the intervention's version."""
    with app.app_context():
        city_mission = db.session.get(Mission, city.mission.id)
        city_mission.is_published = True
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.is_published = True
        db.session.get(ProgressUpdate, city.edu_update.id).is_published = True
        db.session.commit()
        return item.version


def _item(app: Any, city: Any) -> Intervention:
    with app.app_context():
        return db.session.get(Intervention, city.edu_intervention.id)


def _edit(client: Any, city: Any, version: int, **changes: Any):  # type: ignore[no-untyped-def]
    payload = intervention_payload(
        city, version=version, title="Solution teams", stage="test", **changes
    )
    return client.post_form(f"{BASE}/{city.edu_intervention.id}/edit", payload)


def test_the_rule_in_one_place(app, city):
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        lead = db.session.get(User, city.users["edu_lead"].id)
        office = db.session.get(User, city.users["mission_office"].id)
        assert editing.returns_to_review(item, lead) is False  # a draft has nothing public
        item.is_published = True
        assert editing.returns_to_review(item, lead) is True
        assert editing.returns_to_review(item, office) is False
        assert editing.returns_to_review(None, lead) is False


def test_a_leads_edit_to_a_published_intervention_goes_back_to_review(app, city, as_role):
    version = _publish(app, city)
    public = as_role("viewer").get("/missions/children").get_data(as_text=True)
    assert "Solution teams" in public
    lead = as_role("edu_lead")
    form = lead.get(f"{BASE}/{city.edu_intervention.id}/edit").get_data(as_text=True)
    assert NOTICE in form
    response = _edit(lead, city, version, summary="A new summary by the lead.")
    assert response.status_code == 302
    item = _item(app, city)
    assert item.summary == "A new summary by the lead."
    assert item.is_published is False
    assert WENT_BACK in lead.get(response.headers["Location"]).get_data(as_text=True)
    actions = [e.action for e in audit_events(app, "Intervention", item.id)]
    assert actions[-2:] == ["update", "unpublish"]
    assert "Solution teams" not in as_role("viewer").get("/missions/children").text
    # Its published update stays published, but is public only with its intervention again.
    with app.app_context():
        assert db.session.get(ProgressUpdate, city.edu_update.id).is_published is True


def test_a_partner_change_alone_also_goes_back_to_review(app, city, as_role):
    version = _publish(app, city)
    response = _edit(
        as_role("edu_lead"), city, version, **{"partners-0-role": "Running the courses"}
    )
    assert response.status_code == 302
    assert _item(app, city).is_published is False


def test_saving_an_unchanged_form_keeps_it_published(app, city, as_role):
    version = _publish(app, city)
    lead = as_role("edu_lead")
    _edit(lead, city, version, summary="Once.")
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.is_published = True
        db.session.commit()
        version = item.version
    response = _edit(lead, city, version, summary="Once.")
    assert response.status_code == 302
    assert _item(app, city).is_published is True
    assert WENT_BACK not in lead.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("who", ["mission_office", "admin"])
def test_the_mission_offices_edits_stay_published(app, city, as_role, who):
    version = _publish(app, city)
    office = as_role(who)
    assert NOTICE not in office.get(f"{BASE}/{city.edu_intervention.id}/edit").text
    response = _edit(office, city, version, summary="Reviewed wording.")
    assert response.status_code == 302
    assert _item(app, city).is_published is True
    assert WENT_BACK not in office.get(response.headers["Location"]).text
    update_form = office.get(f"{BASE}/updates/{city.edu_update.id}/edit").text
    assert NOTICE not in update_form


def test_no_notice_on_a_draft(app, city, as_role):
    lead = as_role("edu_lead")
    assert NOTICE not in lead.get(f"{BASE}/{city.edu_intervention.id}/edit").text
    assert NOTICE not in lead.get(f"{BASE}/updates/{city.edu_update.id}/edit").text
    assert NOTICE not in lead.get(f"{BASE}/new").text


def test_an_edited_published_update_says_so_after_saving(app, city, as_role):
    _publish(app, city)
    with app.app_context():
        version = db.session.get(ProgressUpdate, city.edu_update.id).version
    lead = as_role("edu_lead")
    url = f"{BASE}/updates/{city.edu_update.id}/edit"
    assert NOTICE in lead.get(url).text
    response = lead.post_form(url, update_payload(version=version, summary="Corrected."))
    assert response.status_code == 302
    assert WENT_BACK in lead.get(response.headers["Location"]).text
    with app.app_context():
        assert db.session.get(ProgressUpdate, city.edu_update.id).is_published is False


def test_milestones_keep_todays_behaviour(app, city, as_role):
    """Milestones have no publishing of their own: a lead's change leaves the work public."""
    _publish(app, city)
    with app.app_context():
        version = db.session.get(Milestone, city.edu_milestone.id).version
    response = as_role("edu_lead").post_form(
        f"{BASE}/milestones/{city.edu_milestone.id}/edit",
        {"version": str(version), "title": "Teams in 12 schools", "due_date": "2025-06-01",
         "completed_on": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert _item(app, city).is_published is True
    with app.app_context():
        assert db.session.get(Milestone, city.edu_milestone.id).due_date == date(2025, 6, 1)
