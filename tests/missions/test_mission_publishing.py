"""Publishing, unpublishing and archiving a mission: effects, audit events, access."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Mission
from app.models.base import utcnow
from tests.support.missions import EDITORS, NOT_EDITORS, audit_actions, audit_count


def _mission(app, mission_id):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Mission, mission_id)


def _post(client, mission_id, verb):  # type: ignore[no-untyped-def]
    return client.post_form(
        f"/staff/missions/{mission_id}/{verb}", token_from=f"/staff/missions/{mission_id}"
    )


@pytest.mark.parametrize("role", EDITORS)
def test_publish_then_unpublish(app, city, signed_in, role):
    staff = signed_in(role)
    mission_id = city.mission.id
    response = _post(staff, mission_id, "publish")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/missions/{mission_id}")
    mission = _mission(app, mission_id)
    assert mission.is_published is True
    assert mission.published_at is not None
    page = staff.get(f"/staff/missions/{mission_id}").get_data(as_text=True)
    assert f'action="/staff/missions/{mission_id}/unpublish"' in page
    assert "Published A Better City for Children." in page

    response = _post(staff, mission_id, "unpublish")
    assert response.status_code == 302
    assert _mission(app, mission_id).is_published is False
    assert audit_actions(app, "Mission", mission_id) == ["publish", "unpublish"]


def test_publishing_twice_records_one_event(app, city, signed_in):
    staff = signed_in("mission_office")
    _post(staff, city.mission.id, "publish")
    response = _post(staff, city.mission.id, "publish")
    assert response.status_code == 302
    assert audit_actions(app, "Mission", city.mission.id) == ["publish"]
    page = staff.get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert "was already published" in page


def test_archive_takes_the_mission_out_of_lists_and_off_the_public(app, city, signed_in):
    staff = signed_in("mission_office")
    mission_id = city.mission.id
    _post(staff, mission_id, "publish")
    response = _post(staff, mission_id, "archive")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/missions/{mission_id}")
    mission = _mission(app, mission_id)
    assert mission.archived_at is not None
    assert mission.is_published is False
    assert audit_actions(app, "Mission", mission_id) == ["publish", "archive"]
    link = f'href="/staff/missions/{mission_id}"'
    assert link not in staff.get("/staff/missions/").get_data(as_text=True)
    assert link in staff.get("/staff/missions/?archived=1").get_data(as_text=True)
    # Staff can still open it; it no longer offers publish or archive, but restore.
    page = staff.get(f"/staff/missions/{mission_id}").get_data(as_text=True)
    assert "Archived" in page
    assert f'action="/staff/missions/{mission_id}/publish"' not in page
    assert f'href="/staff/missions/{mission_id}/archive"' not in page
    assert f'action="/staff/missions/{mission_id}/restore"' in page


def test_publishing_an_archived_mission_is_refused(app, city, signed_in):
    with app.app_context():
        db.session.get(Mission, city.mission.id).archived_at = utcnow()
        db.session.commit()
    staff = signed_in("mission_office")
    events = audit_count(app)
    response = _post(staff, city.mission.id, "publish")
    assert response.status_code == 302
    assert _mission(app, city.mission.id).is_published is False
    assert audit_count(app) == events
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "An archived mission cannot be published." in page


def test_archiving_twice_records_one_event(app, city, signed_in):
    staff = signed_in("admin")
    _post(staff, city.mission.id, "archive")
    first = _mission(app, city.mission.id).archived_at
    response = _post(staff, city.mission.id, "archive")
    assert response.status_code == 302
    assert _mission(app, city.mission.id).archived_at == first
    assert audit_actions(app, "Mission", city.mission.id) == ["archive"]


@pytest.mark.parametrize("role", NOT_EDITORS)
@pytest.mark.parametrize("verb", ["publish", "unpublish", "archive"])
def test_others_cannot_publish_or_archive(app, city, signed_in, role, verb):
    if verb == "unpublish":
        with app.app_context():
            db.session.get(Mission, city.mission.id).is_published = True
            db.session.commit()
    before = _mission(app, city.mission.id)
    events = audit_count(app)
    response = _post(signed_in(role), city.mission.id, verb)
    assert response.status_code == 403
    after = _mission(app, city.mission.id)
    assert (after.is_published, after.archived_at) == (before.is_published, before.archived_at)
    assert audit_count(app) == events


@pytest.mark.parametrize("verb", ["publish", "unpublish", "archive"])
def test_post_without_csrf_token_changes_nothing(app, city, signed_in, verb):
    staff = signed_in("mission_office")
    events = audit_count(app)
    response = staff.post(f"/staff/missions/{city.mission.id}/{verb}")
    assert response.status_code == 400
    mission = _mission(app, city.mission.id)
    assert (mission.is_published, mission.archived_at) == (False, None)
    assert audit_count(app) == events


@pytest.mark.parametrize("verb", ["publish", "unpublish", "archive", "restore"])
def test_only_post_and_known_missions(city, signed_in, verb):
    staff = signed_in("mission_office")
    # Archive's GET is its confirmation page (tests/test_archive.py); the others only POST.
    expected = 200 if verb == "archive" else 405
    assert staff.get(f"/staff/missions/{city.mission.id}/{verb}").status_code == expected
    response = staff.post_form(f"/staff/missions/999999/{verb}", token_from="/staff/missions/")
    assert response.status_code == 404


@pytest.mark.parametrize("verb", ["publish", "unpublish", "archive"])
def test_signed_out_cannot_publish(app, city, client, verb):
    response = client.post_form(
        f"/staff/missions/{city.mission.id}/{verb}", token_from="/staff/login"
    )
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]
    assert _mission(app, city.mission.id).is_published is False
