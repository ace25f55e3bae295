"""The meeting page, My work and the public pages read in a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.extensions import db
from app.models import Mission, ReviewMeeting
from tests.support import factories as f


def _grow(app, city, number: int) -> None:  # type: ignore[no-untyped-def]
    """number more agenda items, follow-ups owned by the education lead (some closed by the
    office) and decisions on the city's meeting."""
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        meeting.state, meeting.minutes, meeting.minutes_published = "held", "Minutes.", True
        db.session.get(Mission, city.mission.id).is_published = True
        for n in range(number):
            f.agenda_item(meeting, position=10 + n, kind="milestone", status="late",
                          subject=f"Milestone {number}-{n}",
                          intervention_id=city.edu_intervention.id,
                          facts={"due_date": "2024-01-01", "intervention": "x"})  # fmt: skip
            f.follow_up(meeting, owner_id=city.users["edu_lead"].id, department_id=city.edu.id,
                        text=f"Action {number}-{n}")  # fmt: skip
            closed = f.follow_up(meeting, owner_id=city.users["mission_office"].id,
                                 text=f"Closed {n}", department_id=city.wel.id,
                                 closed_at=datetime(2024, 5, 1, tzinfo=UTC),
                                 closed_by_id=city.users["mission_office"].id)  # fmt: skip
            # Carried onto the agenda while open, closed since: the page shows it live.
            f.agenda_item(meeting, position=100 + n, kind="follow_up", status="open",
                          subject=f"Open {number}-{n}", follow_up_id=closed.id,
                          facts={"due_on": "2024-05-01", "overdue": True, "owner": "Edda",
                                 "department": "EDU", "meeting_id": 1,
                                 "meeting_date": "2024-01-01"})  # fmt: skip
            f.follow_up(meeting, kind="decision", due_on=None, text=f"Decision {number}-{n}")
        db.session.commit()


def test_the_meeting_page_and_my_work_do_not_grow_with_the_meeting(
    app, city, signed_in, client, count_queries
):
    office, lead = signed_in("mission_office"), signed_in("edu_lead")
    pages = [
        (office, f"/staff/meetings/{city.meeting.id}"),
        (lead, f"/staff/meetings/{city.meeting.id}"),
        (lead, "/staff/"),
        (office, "/staff/"),  # with every overdue follow-up of every mission
        (office, f"/staff/meetings/missions/{city.mission.id}"),
    ]
    counts: list[list[int]] = []
    for number in (2, 20):
        _grow(app, city, number)
        row = []
        for who, url in pages:
            with count_queries() as log:
                assert who.get(url).status_code == 200
            row.append(log.count)
        with count_queries() as log:
            assert client.get(f"/missions/children/meetings/{city.meeting.id}").status_code == 200
        row.append(log.count)
        counts.append(row)
    assert counts[0] == counts[1]
    assert "Action 20-19" in lead.get("/staff/").get_data(as_text=True)


def test_my_work_lists_open_follow_ups_soonest_first_with_overdue_marked(app, city, signed_in):
    with app.app_context():
        meeting = db.session.get(ReviewMeeting, city.meeting.id)
        f.follow_up(meeting, owner_id=city.users["edu_lead"].id, department_id=city.edu.id,
                    text="Later work", due_on=date(2099, 1, 1))  # fmt: skip
        db.session.commit()
    html = signed_in("edu_lead").get("/staff/").get_data(as_text=True)
    assert html.index("Count the teams") < html.index("Later work")
    section = html[html.index("Count the teams") : html.index("Later work")]
    assert "Overdue since" in section
    assert "Book the rooms" not in html  # the welfare lead's
