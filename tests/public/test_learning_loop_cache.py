"""Public pages are cached by content version: a round published, minutes published and taken
back, and a budget line changed show at once on the cached pages and open data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from app.extensions import cache, db
from app.models import (
    BudgetLine,
    Intervention,
    Mission,
    ReportingRound,
    ReviewMeeting,
    StatusReport,
)
from app.models.rounds import ReportState
from tests.support.rounds import city_round


def _public(app, city) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        for model, row_id in ((Mission, city.mission.id), (Intervention, city.edu_intervention.id)):
            row = db.session.get(model, row_id)
            row.is_published, row.published_at = True, datetime(2026, 1, 1, tzinfo=UTC)
        db.session.commit()
        cache.clear()


def test_a_published_round_shows_on_the_cached_archive_at_once(app, city, signed_in, client):
    _public(app, city)
    with app.app_context():
        the_round, reports = city_round(city)
        for report in reports.values():
            report = db.session.get(StatusReport, report.id)
            report.state, report.excluded_reason = ReportState.EXCLUDED, "Paused."
        db.session.commit()
        round_id, version = the_round.id, db.session.get(ReportingRound, the_round.id).version
    assert "July 2026" not in client.get("/missions/children/rounds").text  # cached now
    url = f"/staff/rounds/{round_id}"
    signed_in("mission_office").post_form(f"{url}/publish", {"version": str(version)},
                                          token_from=url)  # fmt: skip
    assert "July 2026" in client.get("/missions/children/rounds").text


def test_minutes_taken_back_leave_the_cached_pages_at_once(app, city, signed_in, client):
    _public(app, city)
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        meeting.state, meeting.minutes, meeting.meeting_date = "held", "We met.", date(2026, 1, 5)
        meeting.minutes_published = True
        db.session.commit()
        version = meeting.version
    minutes = f"/missions/children/meetings/{city.meeting.id}"
    assert client.get(minutes).status_code == 200  # cached now
    url = f"/staff/meetings/{city.meeting.id}"
    signed_in("mission_office").post_form(f"{url}/publish", {"version": str(version),
                                          "publish": "0"}, token_from=url)  # fmt: skip
    assert client.get(minutes).status_code == 404


def test_a_budget_line_changed_alone_refreshes_open_data(app, city, client):
    """Budget lines are public (open data) on their own: a line changed without its
    intervention (a script, a later import path) still moves the content version, so a
    client's ETag no longer matches and it gets the new file."""
    _public(app, city)
    with app.app_context():
        line = BudgetLine(intervention_id=city.edu_intervention.id, year=2026,
                          department_id=city.edu.id, amount=Decimal("1000.00"))  # fmt: skip
        db.session.add(line)
        db.session.commit()
    url = "/open-data/budget_lines.csv"
    first = client.get(url)
    assert "1000.00" in first.text
    with app.app_context():
        line = db.session.query(BudgetLine).one()
        line.amount = Decimal("2500.00")
        db.session.commit()
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "2500.00" in again.text
