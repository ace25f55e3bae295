"""The learning loop's steps taken twice, or out of turn (a double click, a second tab, an old
page): a clear message or no change, never a 500, and one audit entry per change made.

Holding a held meeting, publishing published minutes, closing a closed follow-up, approving an
excluded report, publishing a published round, changing an archived intervention's stage or
publishing its log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEvent,
    FollowUp,
    Intervention,
    LearningEntry,
    Mission,
    ReportingRound,
    ReviewMeeting,
    StatusReport,
)
from app.models.rounds import ReportState, RoundState
from tests.support.rounds import city_round


def _events(app, entity_type: str, entity_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


def _get(app, model: type, row_id: int) -> Any:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(model, row_id)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code < 500
    return response.get_data(as_text=True)


def test_a_meeting_held_and_its_minutes_published_twice_change_once(app, city, signed_in):
    office = signed_in("mission_office")
    meeting_id = city.meeting.id
    url = f"/staff/meetings/{meeting_id}"
    for _press in range(2):  # the second press comes from the page shown after the first
        version = _get(app, ReviewMeeting, meeting_id).version
        _text(office.post_form(f"{url}/held", {"version": str(version)}, token_from=url,
                               follow_redirects=True))  # fmt: skip
    assert _get(app, ReviewMeeting, meeting_id).state == "held"
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, meeting_id)
        meeting.minutes = "We agreed to count the teams."
        db.session.commit()
    for publish in ("1", "1", "0", "0"):
        version = _get(app, ReviewMeeting, meeting_id).version
        _text(office.post_form(f"{url}/publish", {"version": str(version), "publish": publish},
                               token_from=url, follow_redirects=True))  # fmt: skip
    assert _get(app, ReviewMeeting, meeting_id).minutes_published is False
    assert _events(app, "ReviewMeeting", meeting_id) == ["hold", "publish", "unpublish"]


def test_a_closed_follow_up_is_not_closed_again(app, city, signed_in):
    office = signed_in("mission_office")
    follow_up_id = city.edu_follow_up.id
    url = f"/staff/meetings/follow-ups/{follow_up_id}/close"
    version = _get(app, FollowUp, follow_up_id).version
    assert (
        office.post_form(url, {"closing_note": "Counted.", "version": str(version)}).status_code
        == 302
    )
    closed = _get(app, FollowUp, follow_up_id)
    page = _text(office.post_form(url, {"closing_note": "Again.", "version": str(closed.version)}))
    assert "This follow-up is already closed." in page
    assert _get(app, FollowUp, follow_up_id).closing_note == "Counted."
    assert _events(app, "FollowUp", follow_up_id) == ["close"]


def _review(client, report_id: int, decision: str, note: str = "") -> str:  # type: ignore[no-untyped-def]
    version = _get(client.application, StatusReport, report_id).version
    return _text(client.post_form(
        f"/staff/rounds/reports/{report_id}/review",
        {"version": str(version), "decision": decision, "note": note},
        token_from=f"/staff/rounds/reports/{report_id}", follow_redirects=True,
    ))  # fmt: skip


def test_review_steps_out_of_turn_and_a_published_round_are_refused(app, city, signed_in):
    with app.app_context():
        the_round, reports = city_round(city)
        round_id, edu_id, wel_id = the_round.id, reports["edu"].id, reports["wel"].id
    office, lead = signed_in("mission_office"), signed_in("edu_lead")
    _review(office, wel_id, "exclude", "Paused for the year.")
    assert "Only a submitted report can be approved." in _review(office, wel_id, "approve")
    assert "This report is already excluded." in _review(office, wel_id, "exclude", "Again.")
    assert "Only a submitted or approved report can be returned." in _review(
        office, wel_id, "return", "Write more."
    )
    _review(office, wel_id, "include")
    assert "Only an excluded report can be included again." in _review(office, wel_id, "include")
    assert _get(app, StatusReport, wel_id).state == ReportState.DRAFT
    assert _events(app, "StatusReport", wel_id) == ["create", "exclude", "include"]

    _review(office, wel_id, "exclude", "Paused for the year.")
    version = _get(app, StatusReport, edu_id).version
    lead.post_form(f"/staff/rounds/reports/{edu_id}/edit", {
        "version": str(version), "status": "on_track", "summary": "Four schools joined.",
        "results": "", "next_steps": "", "submit_report": "1",
    })  # fmt: skip
    _review(office, edu_id, "approve")
    url = f"/staff/rounds/{round_id}"
    for _press in range(2):
        version = _get(app, ReportingRound, round_id).version
        page = _text(office.post_form(f"{url}/publish", {"version": str(version)},
                                      token_from=url, follow_redirects=True))  # fmt: skip
    assert "This round is already published." in page
    assert _get(app, ReportingRound, round_id).state == RoundState.PUBLISHED
    assert _events(app, "ReportingRound", round_id) == ["create", "publish"]
    # After publishing, no review step changes a report.
    assert "its reports can no longer be changed" in _review(office, edu_id, "return", "Late.")
    assert _get(app, StatusReport, edu_id).state == ReportState.APPROVED


def test_an_archived_interventions_stage_and_log_stay_as_they_are(app, city, signed_in):
    item_id, entry_id = city.edu_intervention.id, city.edu_entry.id
    with app.app_context():
        item = db.session.get(Intervention, item_id)
        item.stage, item.archived_at = "explore", datetime(2026, 1, 1, tzinfo=UTC)
        db.session.commit()
        version = item.version
    office = signed_in("mission_office")
    assert office.get(f"/staff/interventions/{item_id}/stage").status_code < 500
    page = _text(office.post_form(f"/staff/interventions/{item_id}/stage", {
        "version": str(version), "to_stage": "test", "decision": "scale",
        "entered_on": date.today().isoformat(), "title": "Move on", "body": "",
        "answers-0": "A hypothesis.", "answers-1": "A test.",
    }))  # fmt: skip
    assert "archived" in page
    assert _get(app, Intervention, item_id).stage == "explore"
    page = _text(office.post_form(f"/staff/interventions/learning/{entry_id}/publish", {},
                                  token_from=f"/staff/interventions/{item_id}",
                                  follow_redirects=True))  # fmt: skip
    assert "archived" in page
    assert _get(app, LearningEntry, entry_id).is_published is False
    assert _events(app, "LearningEntry", entry_id) == []
    assert _get(app, Mission, city.mission.id).archived_at is None


def test_refusals_name_things_in_the_readers_language(app, city, signed_in):
    """A round refused for its missing reports names their interventions in the reader's
    language; a meeting dated later gives its date as the reader writes dates."""
    with app.app_context():
        the_round, _reports = city_round(city)
        round_id, version = the_round.id, the_round.version
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.translations = {"is": {"title": "Lausnateymi"}}
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        meeting.meeting_date = date(2099, 3, 5)
        db.session.commit()
        meeting_version = meeting.version
    office = signed_in("mission_office")
    url = f"/staff/rounds/{round_id}"
    page = _text(office.post_form(f"{url}/publish?lang=is", {"version": str(version)},
                                  token_from=url, follow_redirects=True))  # fmt: skip
    assert "Lausnateymi (EDU)" in page
    url = f"/staff/meetings/{city.meeting.id}"
    page = _text(office.post_form(f"{url}/held?lang=is", {"version": str(meeting_version)},
                                  token_from=url, follow_redirects=True))  # fmt: skip
    assert "5. mar. 2099" in page
    assert "2099-03-05" not in page
