"""Bad input on review meetings: a clear message, nothing changed, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, FollowUp, ReviewMeeting, User


def _count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _follow_up(office, meeting_id: int, **fields: str):  # type: ignore[no-untyped-def]
    data = {"kind": "action", "text": "Call the schools", "owner_id": "0", "department_id": "0",
            "due_on": (date.today() + timedelta(days=10)).isoformat()} | fields  # fmt: skip
    return office.post_form(
        f"/staff/meetings/{meeting_id}/follow-ups/new", data,
        token_from=f"/staff/meetings/{meeting_id}",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"owner_id": "99999999"}, "Choose an owner from the active staff"),
        ({"owner_id": "viewer"}, "Choose an owner from the active staff"),
        ({"owner_id": "abc"}, "could not coerce"),
        ({"department_id": "99999999"}, "Choose a department from the list."),
        ({"owner_id": "edu_lead", "department_id": "wel"}, "leads another department"),
        ({}, "An action needs an owner"),
        ({"owner_id": "edu_lead", "due_on": ""}, "An action needs a due date."),
        ({"owner_id": "edu_lead", "due_on": "2024-13-45"}, "Not a valid date value."),
        ({"owner_id": "edu_lead", "due_on": "2020-01-01"}, "cannot be before the meeting"),
        ({"owner_id": "edu_lead", "due_on": "0001-01-01"}, "cannot be before the meeting"),
        ({"owner_id": "edu_lead", "kind": "wish"}, "Not a valid choice"),
        ({"owner_id": "edu_lead", "text": "   "}, "This field is required."),
        ({"owner_id": "edu_lead", "text": "x" * 2001}, "Field cannot be longer than 2000"),
    ],
)
def test_a_bad_follow_up_is_refused_with_a_message(app, city, signed_in, fields, message):
    ids = {"viewer": city.users["viewer"].id, "edu_lead": city.users["edu_lead"].id,
           "wel": city.wel.id}  # fmt: skip
    fields = {key: str(ids.get(value, value)) for key, value in fields.items()}
    before = _count(app, FollowUp), _count(app, AuditEvent)
    response = _follow_up(signed_in("mission_office"), city.meeting.id, **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (_count(app, FollowUp), _count(app, AuditEvent)) == before


def test_an_inactive_owner_is_refused(app, city, signed_in):
    with app.app_context():
        db.session.get(User, city.users["edu_lead"].id).active = False
        db.session.commit()
    response = _follow_up(
        signed_in("mission_office"), city.meeting.id, owner_id=str(city.users["edu_lead"].id)
    )
    assert "Choose an owner from the active staff" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("day", "message"),
    [("", "This field is required."), ("1-2-3", "Not a valid date value."),
     ("0001-01-01", "")],
)  # fmt: skip
def test_a_bad_meeting_date_is_refused(app, city, signed_in, day, message):
    before = _count(app, ReviewMeeting)
    response = signed_in("mission_office").post_form(
        f"/staff/meetings/missions/{city.mission.id}/new",
        {"title": "Review", "meeting_date": day, "version": "0"},
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(app, ReviewMeeting) == before


def test_a_meeting_dated_later_cannot_be_held(app, city, signed_in):
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        meeting.meeting_date = date.today() + timedelta(days=3)
        db.session.commit()
        version = str(meeting.version)
    response = signed_in("mission_office").post_form(
        f"/staff/meetings/{city.meeting.id}/held", {"version": version},
        token_from=f"/staff/meetings/{city.meeting.id}", follow_redirects=True,
    )  # fmt: skip
    assert "it cannot be held before then" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReviewMeeting, city.meeting.id).state == "planned"


def test_minutes_of_a_planned_meeting_or_empty_minutes_are_not_published(app, city, signed_in):
    office = signed_in("mission_office")
    url = f"/staff/meetings/{city.meeting.id}"
    response = office.post_form(f"{url}/publish", {"version": "1", "publish": "1"},
                                token_from=url, follow_redirects=True)  # fmt: skip
    assert "Only the minutes of a meeting that has been held" in response.get_data(as_text=True)
    office.post_form(f"{url}/held", {"version": "1"}, token_from=url)
    response = office.post_form(f"{url}/publish", {"version": "2", "publish": "1"},
                                token_from=url, follow_redirects=True)  # fmt: skip
    assert "Write the minutes before publishing them." in response.get_data(as_text=True)
    response = office.post_form(f"{url}/publish", {"version": "2", "publish": "maybe"},
                                token_from=url, follow_redirects=True)  # fmt: skip
    assert "Nothing was changed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReviewMeeting, city.meeting.id).minutes_published is False


def test_stale_versions_are_caught(app, city, signed_in):
    office = signed_in("mission_office")
    url = f"/staff/meetings/{city.meeting.id}"
    response = office.post_form(f"{url}/edit", {
        "title": "Changed", "meeting_date": "2024-03-01", "minutes": "x", "version": "0",
    })  # fmt: skip
    assert response.status_code == 409
    response = office.post_form(f"{url}/held", {"version": "0"}, token_from=url)
    assert response.status_code == 409
    response = office.post_form(f"{url}/agenda", {"version": "0"}, token_from=url)
    assert response.status_code == 409
    response = signed_in("edu_lead").post_form(
        f"/staff/meetings/follow-ups/{city.edu_follow_up.id}/close",
        {"closing_note": "Done", "version": "0"},
    )
    assert response.status_code == 409
    response = office.post_form(
        f"/staff/meetings/items/{city.agenda_item.id}/notes", {"notes": "x", "version": "0"}
    )
    assert response.status_code == 409
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        assert (meeting.title, meeting.state) == ("Spring review", "planned")
        assert db.session.get(FollowUp, city.edu_follow_up.id).closed_at is None


def test_a_closing_note_is_required(app, city, signed_in):
    response = signed_in("edu_lead").post_form(
        f"/staff/meetings/follow-ups/{city.edu_follow_up.id}/close",
        {"closing_note": "  ", "version": "1"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=st.text(max_size=300))
def test_any_follow_up_text_is_saved_or_refused_never_a_500(app, city, signed_in, text):
    response = _follow_up(
        signed_in("mission_office"), city.meeting.id, text=text,
        owner_id=str(city.users["edu_lead"].id),
    )  # fmt: skip
    assert response.status_code in (200, 302)


def test_published_minutes_of_a_draft_mission_stay_off_the_public_site(app, city, client):
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        meeting.state, meeting.minutes, meeting.minutes_published = "held", "Minutes.", True
        db.session.commit()
    assert client.get(f"/missions/children/meetings/{city.meeting.id}").status_code == 404
    assert client.get(f"/missions/other/meetings/{city.meeting.id}").status_code == 404
