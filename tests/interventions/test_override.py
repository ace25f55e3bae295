"""Manual status overrides: set with a reason, cleared, audited, shown as manual."""

from __future__ import annotations

from app.extensions import db
from app.models import Intervention
from tests.support.interventions import BASE, audit_events


def _get(app, intervention_id: int) -> Intervention:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Intervention, intervention_id)


def test_override_is_set_with_reason_author_and_audit(app, city, as_role):
    item_id = city.edu_intervention.id
    url = f"{BASE}/{item_id}/override"
    office = as_role("mission_office")
    page = office.get(url).get_data(as_text=True)
    assert "Computed status" in page
    assert "chip-late" in page
    response = office.post_form(
        url, {"version": "1", "status": "on_track", "reason": "Milestone moved by council"}
    )
    assert response.status_code == 302
    item = _get(app, item_id)
    assert item.status_override == "on_track"
    assert item.override_reason == "Milestone moved by council"
    assert item.override_by_id == city.users["mission_office"].id
    assert item.override_at is not None
    event = audit_events(app, "Intervention", item_id)[-1]
    assert event.action == "update"
    assert event.new_values["status_override"] == "on_track"
    assert event.old_values["status_override"] is None
    detail = office.get(f"{BASE}/{item_id}").get_data(as_text=True)
    assert "manual" in detail
    assert "Milestone moved by council" in detail


def test_override_needs_a_reason(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("admin").post_form(
        f"{BASE}/{item_id}/override", {"version": "1", "status": "on_track", "reason": "  "}
    )
    assert response.status_code == 200
    assert "Give the reason for the manual status." in response.get_data(as_text=True)
    assert _get(app, item_id).status_override is None


def test_unknown_override_status_is_refused(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("admin").post_form(
        f"{BASE}/{item_id}/override", {"version": "1", "status": "great", "reason": "x"}
    )
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert _get(app, item_id).status_override is None


def test_override_can_be_cleared(app, city, as_role):
    item_id = city.edu_intervention.id
    url = f"{BASE}/{item_id}/override"
    office = as_role("mission_office")
    office.post_form(url, {"version": "1", "status": "stopped", "reason": "Paused by council"})
    version = _get(app, item_id).version
    response = office.post_form(url, {"version": str(version), "status": "", "reason": ""})
    assert response.status_code == 302
    item = _get(app, item_id)
    assert item.status_override is None
    assert item.override_by_id is None
    event = audit_events(app, "Intervention", item_id)[-1]
    assert event.old_values["status_override"] == "stopped"
    assert event.new_values["status_override"] is None


def test_stale_override_is_a_conflict(app, city, as_role):
    item_id = city.edu_intervention.id
    with app.app_context():
        db.session.get(Intervention, item_id).title = "Renamed"
        db.session.commit()
    response = as_role("admin").post_form(
        f"{BASE}/{item_id}/override", {"version": "1", "status": "on_track", "reason": "x"}
    )
    assert response.status_code == 409
    assert _get(app, item_id).status_override is None


def test_override_without_csrf_is_400(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("admin").post(
        f"{BASE}/{item_id}/override", data={"version": "1", "status": "on_track", "reason": "x"}
    )
    assert response.status_code == 400
    assert _get(app, item_id).status_override is None
