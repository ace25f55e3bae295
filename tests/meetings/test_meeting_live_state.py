"""A meeting page shows a carried follow-up's live state; departments by their translated name;
the mission office's My work lists every overdue follow-up, a lead's only their own."""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.extensions import db
from app.models import Department, FollowUp


def _plan(client, mission_id: int, title: str) -> int:  # type: ignore[no-untyped-def]
    response = client.post_form(
        f"/staff/meetings/missions/{mission_id}/new",
        {"title": title, "meeting_date": (date.today() + timedelta(days=7)).isoformat(),
         "version": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/staff/meetings/(\d+)", response.headers["Location"]).group(1))


def _agenda(html: str) -> str:
    return html[html.index('id="agenda-heading"') : html.index('id="follow-ups"')]


def test_a_follow_up_closed_after_the_agenda_was_made_shows_closed(app, city, signed_in):
    office = signed_in("mission_office")
    meeting_id = _plan(office, city.mission.id, "Autumn review")
    agenda = _agenda(office.get(f"/staff/meetings/{meeting_id}").get_data(as_text=True))
    assert "Count the teams" in agenda
    assert "Closed follow-up" not in agenda

    lead = signed_in("edu_lead")
    with app.app_context():
        version = str(db.session.get(FollowUp, city.edu_follow_up.id).version)
    response = lead.post_form(
        f"/staff/meetings/follow-ups/{city.edu_follow_up.id}/close",
        {"closing_note": "Counted: twelve teams.", "version": version},
    )
    assert response.status_code == 302

    # Not refreshed: the stored item stays, its live state shows.
    html = office.get(f"/staff/meetings/{meeting_id}").get_data(as_text=True)
    agenda = _agenda(html)
    item = agenda[agenda.index("Count the teams") :]
    item = item[: item.index("</li>")]
    assert "Closed follow-up" in item
    assert "Closed on" in item
    assert "Edda Lead" in item
    assert "Counted: twelve teams." in item
    assert "Open follow-up" not in item
    # The welfare follow-up is still open and shown as open.
    welfare = agenda[agenda.index("Book the rooms") :]
    assert "Overdue follow-up" in welfare[: welfare.index("</li>")]


def test_departments_show_their_translated_name_on_staff_pages(app, city, signed_in):
    with app.app_context():
        db.session.get(Department, city.edu.id).translations = {
            "is": {"name": "Skóla- og frístundasvið"}
        }
        db.session.commit()
    office = signed_in("mission_office")
    meeting_id = _plan(office, city.mission.id, "Autumn review")
    for url in (f"/staff/meetings/{city.meeting.id}", f"/staff/meetings/{meeting_id}"):
        html = office.get(f"{url}?lang=is").get_data(as_text=True)
        assert "Skóla- og frístundasvið" in html
    # The agenda of the new meeting names the owner's department too.
    agenda = _agenda(office.get(f"/staff/meetings/{meeting_id}?lang=is").get_data(as_text=True))
    assert "Skóla- og frístundasvið" in agenda
    # In English the name, not the code; an untranslated name is marked as English.
    html = office.get(f"/staff/meetings/{city.meeting.id}?lang=en").get_data(as_text=True)
    assert "Education and Youth" in html
    html = office.get(f"/staff/meetings/{city.meeting.id}?lang=is").get_data(as_text=True)
    assert '<span lang="en">Welfare</span>' in html
    # The form's choice of department, and the lead's My work.
    form = office.get(f"/staff/meetings/{meeting_id}/follow-ups/new?lang=is").get_data(as_text=True)
    assert "EDU · Skóla- og frístundasvið" in form
    work = signed_in("edu_lead").get("/staff/?lang=is").get_data(as_text=True)
    assert "Skóla- og frístundasvið" in work


def _overdue_section(html: str) -> str:
    if 'id="overdue-follow-ups-heading"' not in html:
        return ""
    section = html[html.index('id="overdue-follow-ups-heading"') :]
    return section[: section.index("</section>")]


def test_the_office_and_admins_see_every_overdue_follow_up_leads_only_theirs(app, city, signed_in):
    with app.app_context():
        meeting = city.meeting
        later = FollowUp(meeting_id=meeting.id, kind="action", text="Not due yet",
                         owner_id=city.users["edu_lead"].id, department_id=city.edu.id,
                         due_on=date(2099, 1, 1))  # fmt: skip
        db.session.add(later)
        db.session.commit()
    for role in ("mission_office", "admin"):
        section = _overdue_section(signed_in(role).get("/staff/").get_data(as_text=True))
        assert "Count the teams" in section  # the education lead's, overdue
        assert "Book the rooms" in section  # the welfare lead's, overdue
        assert "Not due yet" not in section
        assert "Edda Lead" in section
        assert "Education and Youth" in section
        assert "Overdue since" in section
        assert f"/staff/meetings/{city.meeting.id}#follow-ups" in section
    lead_page = signed_in("edu_lead").get("/staff/").get_data(as_text=True)
    assert _overdue_section(lead_page) == ""
    assert "Count the teams" in lead_page  # their own, in their follow-ups
    assert "Book the rooms" not in lead_page
    assert _overdue_section(signed_in("viewer").get("/staff/").get_data(as_text=True)) == ""
