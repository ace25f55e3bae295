"""Milestones and progress updates: rules, drafts and publishing, conflicts, audit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Milestone, ProgressUpdate
from tests.support.interventions import BASE, audit_events, update_payload


def _milestones(app, intervention_id: int) -> list[Milestone]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(Milestone).where(Milestone.intervention_id == intervention_id)
            )
        )


def _update_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(ProgressUpdate.id)))


def _update(app, update_id: int) -> ProgressUpdate:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(ProgressUpdate, update_id)


# ---- milestones ----


def test_new_milestone_is_created_and_audited(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("edu_lead").post_form(
        f"{BASE}/{item_id}/milestones/new",
        {"version": "0", "title": "Teams in all schools", "due_date": "2026-06-01"},
    )
    assert response.status_code == 302
    created = [m for m in _milestones(app, item_id) if m.title == "Teams in all schools"]
    assert len(created) == 1
    assert created[0].completed_on is None
    events = audit_events(app, "Milestone", created[0].id)
    assert [e.action for e in events] == ["create"]


def test_milestone_title_is_unique_per_intervention(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("edu_lead").post_form(
        f"{BASE}/{item_id}/milestones/new",
        {"version": "0", "title": "teams in 10 schools", "due_date": "2026-06-01"},
    )
    assert response.status_code == 200
    assert "already has a milestone with this title" in response.get_data(as_text=True)
    assert len(_milestones(app, item_id)) == 1


def test_same_milestone_title_is_fine_on_another_intervention(app, city, as_role):
    item_id = city.wel_intervention.id
    response = as_role("wel_lead").post_form(
        f"{BASE}/{item_id}/milestones/new",
        {"version": "0", "title": "Teams in 10 schools", "due_date": "2026-06-01"},
    )
    assert response.status_code == 302


def test_completion_date_cannot_be_in_the_future(app, city, as_role):
    milestone_id = city.edu_milestone.id
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = as_role("edu_lead").post_form(
        f"{BASE}/milestones/{milestone_id}/edit",
        {"version": "1", "title": "Teams in 10 schools", "due_date": "2024-06-01",
         "completed_on": tomorrow},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The completion date cannot be in the future." in response.get_data(as_text=True)
    assert _milestones(app, city.edu_intervention.id)[0].completed_on is None


def test_milestone_missing_due_date_is_refused(app, city, as_role):
    item_id = city.edu_intervention.id
    response = as_role("edu_lead").post_form(
        f"{BASE}/{item_id}/milestones/new", {"version": "0", "title": "No date", "due_date": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert len(_milestones(app, item_id)) == 1


def test_completing_a_milestone_is_audited_and_clears_late(app, city, as_role):
    milestone_id = city.edu_milestone.id
    client = as_role("edu_lead")
    url = f"{BASE}/milestones/{milestone_id}/edit"
    assert 'value="Teams in 10 schools"' in client.get(url).get_data(as_text=True)
    response = client.post_form(
        url,
        {"version": "1", "title": "Teams in 10 schools", "due_date": "2024-06-01",
         "completed_on": "2024-05-20"},
    )  # fmt: skip
    assert response.status_code == 302
    assert _milestones(app, city.edu_intervention.id)[0].completed_on == date(2024, 5, 20)
    event = audit_events(app, "Milestone", milestone_id)[-1]
    assert event.action == "update"
    assert event.new_values == {"completed_on": "2024-05-20"}
    detail = client.get(f"{BASE}/{city.edu_intervention.id}").get_data(as_text=True)
    assert "chip-overdue" not in detail.split('id="milestones-heading"')[1].split("</section>")[0]


def test_stale_milestone_edit_is_a_conflict(app, city, as_role):
    milestone_id = city.edu_milestone.id
    with app.app_context():
        db.session.get(Milestone, milestone_id).title = "Renamed"
        db.session.commit()
    response = as_role("edu_lead").post_form(
        f"{BASE}/milestones/{milestone_id}/edit",
        {"version": "1", "title": "Mine", "due_date": "2024-06-01"},
    )
    assert response.status_code == 409
    assert _milestones(app, city.edu_intervention.id)[0].title == "Renamed"


# ---- progress updates ----


def test_new_update_is_a_draft_by_its_author_and_audited(app, city, as_role):
    item_id = city.edu_intervention.id
    before = _update_count(app)
    client = as_role("edu_lead")
    form = client.get(f"{BASE}/{item_id}/updates/new").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in form  # reported_on defaults to today
    response = client.post_form(f"{BASE}/{item_id}/updates/new", update_payload())
    assert response.status_code == 302
    assert _update_count(app) == before + 1
    with app.app_context():
        update = db.session.scalar(select(ProgressUpdate).order_by(ProgressUpdate.id.desc()))
        assert update.is_published is False
        assert update.author_id == city.users["edu_lead"].id
        assert update.summary == "Teams started in five schools."
        update_id = update.id
    assert [e.action for e in audit_events(app, "ProgressUpdate", update_id)] == ["create"]


def test_off_track_without_blockers_is_refused(app, city, as_role):
    before = _update_count(app)
    response = as_role("edu_lead").post_form(
        f"{BASE}/{city.edu_intervention.id}/updates/new",
        update_payload(status="off_track", blockers="  "),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Off track needs a note on what blocks the work." in page
    assert 'id="blockers-error"' in page
    assert _update_count(app) == before


def test_off_track_with_blockers_is_saved(app, city, as_role):
    before = _update_count(app)
    response = as_role("edu_lead").post_form(
        f"{BASE}/{city.edu_intervention.id}/updates/new",
        update_payload(status="off_track", blockers="No rooms in two schools."),
    )
    assert response.status_code == 302
    assert _update_count(app) == before + 1


def test_update_needs_a_summary_status_and_a_past_date(app, city, as_role):
    url = f"{BASE}/{city.edu_intervention.id}/updates/new"
    client = as_role("edu_lead")
    before = _update_count(app)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    no_summary = client.post_form(url, update_payload(summary=""))
    assert "This field is required." in no_summary.get_data(as_text=True)
    no_status = client.post_form(url, update_payload(status=""))
    assert "Choose a status." in no_status.get_data(as_text=True)
    future = client.post_form(url, update_payload(reported_on=tomorrow))
    assert "The report date cannot be in the future." in future.get_data(as_text=True)
    assert _update_count(app) == before


def test_publishing_an_update_is_for_the_mission_office_and_audited(app, city, as_role):
    update_id = city.edu_update.id
    detail = f"{BASE}/{city.edu_intervention.id}"
    lead = as_role("edu_lead")
    assert (
        lead.post_form(f"{BASE}/updates/{update_id}/publish", token_from=detail).status_code == 403
    )
    assert _update(app, update_id).is_published is False
    office = as_role("mission_office")
    response = office.post_form(f"{BASE}/updates/{update_id}/publish", token_from=detail)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(detail)
    assert _update(app, update_id).is_published is True
    assert _update(app, update_id).published_at is not None
    office.post_form(f"{BASE}/updates/{update_id}/unpublish", token_from=detail)
    assert _update(app, update_id).is_published is False
    actions = [e.action for e in audit_events(app, "ProgressUpdate", update_id)]
    assert actions == ["publish", "unpublish"]


def test_a_lead_editing_a_published_update_sends_it_back_to_draft(app, city, as_role):
    update_id = city.edu_update.id
    with app.app_context():
        update = db.session.get(ProgressUpdate, update_id)
        update.is_published = True
        db.session.commit()
        version = update.version
    client = as_role("edu_lead")
    assert "returns this to the mission office for review" in client.get(
        f"{BASE}/updates/{update_id}/edit"
    ).get_data(True)
    response = client.post_form(
        f"{BASE}/updates/{update_id}/edit",
        update_payload(version=version, reported_on="2024-01-15", summary="Corrected text"),
    )
    assert response.status_code == 302
    update = _update(app, update_id)
    assert update.summary == "Corrected text"
    assert update.is_published is False
    actions = [e.action for e in audit_events(app, "ProgressUpdate", update_id)]
    assert actions == ["update", "unpublish"]


def test_the_mission_office_editing_a_published_update_keeps_it_published(app, city, as_role):
    update_id = city.edu_update.id
    with app.app_context():
        update = db.session.get(ProgressUpdate, update_id)
        update.is_published = True
        db.session.commit()
        version = update.version
    response = as_role("mission_office").post_form(
        f"{BASE}/updates/{update_id}/edit",
        update_payload(version=version, reported_on="2024-01-15", summary="Typo fixed"),
    )
    assert response.status_code == 302
    assert _update(app, update_id).is_published is True


def test_stale_update_edit_is_a_conflict(app, city, as_role):
    update_id = city.edu_update.id
    with app.app_context():
        db.session.get(ProgressUpdate, update_id).summary = "Someone else's words"
        db.session.commit()
    response = as_role("edu_lead").post_form(
        f"{BASE}/updates/{update_id}/edit", update_payload(version=1, summary="Mine")
    )
    assert response.status_code == 409
    assert _update(app, update_id).summary == "Someone else's words"


def test_update_and_milestone_posts_without_csrf_are_400(app, city, as_role):
    client = as_role("edu_lead")
    before = _update_count(app)
    item_id = city.edu_intervention.id
    assert client.post(f"{BASE}/{item_id}/updates/new", data=update_payload()).status_code == 400
    response = client.post(
        f"{BASE}/{item_id}/milestones/new",
        data={"version": "0", "title": "Sneaky", "due_date": "2026-01-01"},
    )
    assert response.status_code == 400
    office = as_role("mission_office")
    assert office.post(f"{BASE}/updates/{city.edu_update.id}/publish").status_code == 400
    assert _update_count(app) == before
    assert len(_milestones(app, item_id)) == 1
    assert _update(app, city.edu_update.id).is_published is False
