"""Staff email pages: preferences, who receives what, the development mail folder."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import NotificationPreference, User
from app.notifications.sending import run_all
from tests.support import factories as f
from tests.support.client import extract_csrf


def test_a_lead_chooses_language_and_cadence(app, city, signed_in):
    client = signed_in("edu_lead")
    page = client.get("/staff/notifications")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="reminders"' in html
    assert 'name="escalation"' not in html
    response = client.post("/staff/notifications", data={
        "csrf_token": extract_csrf(html), "language": "is", "reminders": "daily"})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, city.users["edu_lead"].id).language == "is"
        pref = db.session.get(NotificationPreference, (city.users["edu_lead"].id, "reminders"))
        assert pref.cadence == "daily"


def test_bad_choice_is_a_field_error_and_changes_nothing(app, city, signed_in):
    client = signed_in("edu_lead")
    token = extract_csrf(client.get("/staff/notifications").get_data(as_text=True))
    response = client.post("/staff/notifications", data={
        "csrf_token": token, "language": "de", "reminders": "hourly"})  # fmt: skip
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(NotificationPreference)) is None


def test_admins_see_who_receives_what_in_constant_queries(app, city, signed_in, count_queries):
    client = signed_in("admin")
    with count_queries() as few:
        page = client.get("/staff/notifications/recipients")
    text = page.get_data(as_text=True)
    assert "Edda Lead" in text
    assert "Mo Office" in text
    with app.app_context():
        for n in range(15):
            f.user(email=f"more{n}@example.org", role="department_lead",
                   department_id=city.edu.id)  # fmt: skip
        db.session.commit()
    with count_queries() as many:
        client.get("/staff/notifications/recipients")
    assert many.count == few.count


def test_without_a_mail_server_mail_is_stored_and_listed(app, city, signed_in, tmp_path):
    saved = app.instance_path
    app.instance_path = str(tmp_path)
    try:
        with app.app_context():
            run_all(now=datetime(2026, 7, 1, 6, tzinfo=UTC))
        files = sorted((tmp_path / "mail").glob("*.eml"))
        assert len(files) >= 2
        page = signed_in("admin").get("/staff/notifications/mail")
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "edu@example.org" in text
        assert "Pupils who feel safe" in text
    finally:
        app.instance_path = saved


def test_digest_page_reads_in_constant_queries(app, city, signed_in, count_queries):
    client = signed_in("mission_office")
    with count_queries() as few:
        assert client.get("/staff/notifications/digest").status_code == 200
    with app.app_context():
        for n in range(12):
            item = f.intervention(city.mission, city.wel, title=f"Late work {n}")
            f.update(item, status="off_track", blockers="None left", reported_on=date(2024, 2, 1))
            f.indicator(city.mission, city.edu, title=f"Late data {n}")
        db.session.commit()
    with count_queries() as many:
        page = client.get("/staff/notifications/digest")
    assert "Late work 11" in page.get_data(as_text=True)
    assert many.count == few.count
