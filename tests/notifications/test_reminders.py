"""Reminders to department leads and the mission office's digest, through a real SMTP server."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import MailDelivery, MailProblem, ProgressUpdate, User
from app.models.notification import Cadence, NoticeKind
from app.notifications import preferences, sending
from app.notifications.sending import run_all

# The city's EDU indicator (yearly, latest value 2024) is due on 2026-06-29; its interventions'
# updates (last 2024-01-15, every 90 days) are long overdue.
DATA_DUE = date(2026, 6, 29)


def at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _fresh_updates(city) -> None:  # type: ignore[no-untyped-def]
    """Give both interventions a recent update, so only the indicators are owed."""
    for item in (city.edu_intervention, city.wel_intervention):
        db.session.add(ProgressUpdate(intervention_id=item.id, reported_on=date(2026, 6, 1),
                                      status="on_track", summary="Fine.",
                                      is_published=True))  # fmt: skip
    db.session.commit()


def test_lead_gets_one_reminder_listing_everything_owed(app, ctx, city, smtp):
    run = run_all(now=at(date(2026, 7, 1)))
    edu = smtp.to("edu@example.org")
    assert len(edu) == 1
    text = edu[0].part("plain")
    assert "Pupils who feel safe" in text
    assert "Solution teams" in text
    assert "Families waiting" not in text  # the other department's work
    assert "/staff/data-entry?department=EDU" in text
    assert f"/staff/interventions/{city.edu_intervention.id}/updates/new" in text
    assert run.sent >= 2
    # Viewers and the admin get no reminders.
    assert smtp.to("viewer@example.org") == []
    assert smtp.to("admin@example.org") == []


def test_rerun_sends_nothing_twice(app, ctx, city, smtp):
    run_all(now=at(date(2026, 7, 1)))
    count = len(smtp.messages)
    again = run_all(now=at(date(2026, 7, 1), 7))
    assert len(smtp.messages) == count
    assert again.sent == 0


@pytest.mark.parametrize(
    ("day", "stage", "words"),
    [
        (DATA_DUE - timedelta(days=8), None, None),
        (DATA_DUE - timedelta(days=7), "reminder_before", "Due "),
        (DATA_DUE, "reminder_due", "Due today"),
        (DATA_DUE + timedelta(days=1), "reminder_overdue", "Overdue since"),
    ],
)
def test_reminder_timing(app, ctx, city, smtp, day, stage, words):
    _fresh_updates(city)
    run_all(now=at(day))
    edu = smtp.to("edu@example.org")
    if stage is None:
        assert edu == []
        return
    assert len(edu) == 1
    assert words in edu[0].part("plain")
    kinds = set(db.session.scalars(
        select(MailDelivery.kind).where(MailDelivery.recipient == "edu@example.org")))  # fmt: skip
    assert kinds == {stage}


def test_before_due_and_overdue_are_each_sent_once(app, ctx, city, smtp):
    _fresh_updates(city)
    for day in (DATA_DUE - timedelta(days=7), DATA_DUE - timedelta(days=3), DATA_DUE,
                DATA_DUE, DATA_DUE + timedelta(days=1), DATA_DUE + timedelta(days=20)):  # fmt: skip
        run_all(now=at(day))
    assert len(smtp.to("edu@example.org")) == 3


def test_reminders_in_icelandic_have_encoded_headers(app, ctx, city, smtp):
    db.session.get(User, city.users["edu_lead"].id).language = "is"
    db.session.commit()
    run_all(now=at(date(2026, 7, 1)))
    (message,) = smtp.to("edu@example.org")
    assert message.subject == "2 atriði gagna eða framvinduskýrslna eru á gjalddaga"
    head = message.raw.split(b"\r\n\r\n", 1)[0]
    raw_subject = re.search(rb"\r\nSubject: (.*?)\r\n(?! )", head, re.S).group(1)
    assert raw_subject.isascii()
    assert b"=?utf-8?" in raw_subject
    assert str(make_header(decode_header(raw_subject.decode()))) == message.subject
    text = message.part("plain")
    assert "Gögn" in text
    assert "Fram yfir skilafrest" in text
    assert message.message.get_content_type() == "multipart/alternative"
    for part in message.message.iter_parts():
        assert part.get_content_charset() == "utf-8"
    assert "Gögn" in message.part("html")


def test_messages_are_multipart_with_one_click_unsubscribe(app, ctx, city, smtp, client):
    run_all(now=at(date(2026, 7, 1)))
    (message,) = smtp.to("edu@example.org")
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = urlsplit(str(message.message["List-Unsubscribe"]).strip().strip("<>"))
    assert "<ul>" in message.part("html")
    response = client.post(url.path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    user = db.session.get(User, city.users["edu_lead"].id)
    assert preferences.cadences(user)[NoticeKind.REMINDERS] is Cadence.NEVER


def test_never_sends_nothing_and_daily_waits_a_day(app, ctx, city, smtp):
    preferences.set_cadence(city.users["edu_lead"].id, NoticeKind.REMINDERS, Cadence.NEVER)
    preferences.set_cadence(city.users["wel_lead"].id, NoticeKind.REMINDERS, Cadence.WEEKLY)
    db.session.commit()
    run_all(now=at(date(2026, 7, 1)))
    assert smtp.to("edu@example.org") == []
    assert len(smtp.to("wel@example.org")) == 1
    # New work falls due for WEL the next day, but a weekly reader waits.
    db.session.add(
        ProgressUpdate(
            intervention_id=city.wel_intervention.id,
            reported_on=date(2026, 4, 4),
            status="on_track",
            summary="x",
            is_published=True,  # the latest update is the newest published one
        )
    )
    db.session.commit()
    run_all(now=at(date(2026, 7, 4)))
    assert len(smtp.to("wel@example.org")) == 1
    run_all(now=at(date(2026, 7, 9)))
    assert len(smtp.to("wel@example.org")) == 2


def test_dry_run_prints_and_sends_nothing(app, ctx, city, smtp, cli_runner, monkeypatch):
    monkeypatch.setattr(sending, "utcnow", lambda: at(date(2026, 7, 1)))
    result = cli_runner.invoke(args=["reminders", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "edu@example.org: reminder of 2 item(s)" in result.output
    assert "mayor@example.org: escalation digest" in result.output
    assert smtp.messages == []
    assert db.session.scalar(select(func.count()).select_from(MailDelivery)) == 0


def test_weekly_escalation_digest_goes_once_a_week(app, ctx, city, smtp):
    monday = date(2026, 7, 6)
    run_all(now=at(monday))
    (digest,) = smtp.to("mayor@example.org")
    text = digest.part("plain")
    assert "EDU:" in text
    assert "WEL:" in text
    assert "Solution teams" in text
    assert "Drafts awaiting review:" in text
    run_all(now=at(monday + timedelta(days=3)))
    assert len(smtp.to("mayor@example.org")) == 1
    run_all(now=at(monday + timedelta(days=7)))
    assert len(smtp.to("mayor@example.org")) == 2
    assert smtp.to("admin@example.org") == []  # admins receive it only if they choose to


def test_digest_page(app, city, signed_in):
    page = signed_in("viewer").get("/staff/notifications/digest")
    assert page.status_code == 200
    assert "Solution teams" in page.get_data(as_text=True)


def test_crash_after_claim_is_resent_once_after_the_timeout(app, ctx, city, smtp, monkeypatch):
    day = at(date(2026, 7, 1))

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(sending, "send_over", crash)
    with pytest.raises(KeyboardInterrupt):
        run_all(now=day)
    monkeypatch.undo()
    run_all(now=day + timedelta(minutes=5))  # the claim is fresh: maybe still being sent
    assert smtp.to("edu@example.org") == []
    run_all(now=day + timedelta(minutes=31))
    assert len(smtp.to("edu@example.org")) == 1
    run_all(now=day + timedelta(minutes=90))
    assert len(smtp.to("edu@example.org")) == 1


def test_refused_address_is_recorded_and_not_retried(app, ctx, city, smtp, signed_in):
    db.session.get(User, city.users["edu_lead"].id).email = "refused@example.org"
    db.session.commit()
    run_all(now=at(date(2026, 7, 1)))
    run_all(now=at(date(2026, 7, 1), 8))
    statuses = set(
        db.session.scalars(
            select(MailDelivery.status).where(MailDelivery.recipient == "refused@example.org")
        )
    )
    assert statuses == {"refused"}
    assert len(smtp.to("wel@example.org")) == 1  # the others still went
    page = signed_in("admin").get("/staff/notifications/mail")
    assert "refused@example.org" in page.get_data(as_text=True)


def test_bad_smtp_settings_give_one_line_and_a_staff_entry(app, ctx, city, cli_runner, signed_in):
    from tests.support.smtp import free_port

    saved = dict(app.config)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    try:
        result = cli_runner.invoke(args=["reminders", "send"])
    finally:
        app.config.update({k: saved[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "refused the connection" in lines[0]
    assert db.session.scalar(select(func.count()).select_from(MailDelivery)) == 0
    assert db.session.scalar(select(MailProblem.message).order_by(MailProblem.id.desc()))
    page = signed_in("admin").get("/staff/notifications/mail")
    assert page.status_code == 200
    assert "refused the connection" in page.get_data(as_text=True)


def test_reminders_name_the_work_in_the_recipients_language(app, ctx, city, smtp):
    from app.models import Indicator, Intervention, Mission

    db.session.get(User, city.users["edu_lead"].id).language = "is"
    for model in (Indicator, Intervention):
        for row in db.session.scalars(select(model)):
            row.translations = {"is": {"title": f"Íslenska {row.id}"}}
    db.session.get(Mission, city.mission.id).translations = {"is": {"title": "Betri borg"}}
    db.session.commit()
    run_all(now=at(date(2026, 7, 1)))
    (message,) = smtp.to("edu@example.org")
    for part in ("plain", "html"):
        assert "Íslenska" in message.part(part)
        assert "Betri borg" in message.part(part)
