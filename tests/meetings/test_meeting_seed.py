"""The demo city's review meeting: held, with its agenda, a decision, one follow-up closed and
one open in the Welfare lead's My work, published minutes, Icelandic throughout; reruns add
nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.meetings.queries import my_follow_ups
from app.models import AgendaItem, AuditEvent, FollowUp, ReviewMeeting, User
from app.translating import missing_translations
from seeds import load_demo_city
from seeds.demo_meetings import ICELANDIC, TITLE


@pytest.fixture(autouse=True)
def _demo_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-seed-test-passphrase")
    monkeypatch.setattr("seeds.demo.INSTANCE_DIR", tmp_path)


def test_the_demo_has_a_past_meeting_with_follow_ups(app, ctx):
    today = date(2026, 3, 10)
    summary = load_demo_city(today=today)
    db.session.commit()
    assert summary.created["meetings"] == 1
    meeting = db.session.scalar(select(ReviewMeeting).where(ReviewMeeting.title == TITLE))
    assert meeting.state == "held"
    assert meeting.meeting_date < today
    assert meeting.minutes_published
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
    assert items
    assert {item.kind for item in items} >= {"intervention"}
    assert any(item.notes for item in items)
    follow_ups = db.session.scalars(select(FollowUp).where(FollowUp.meeting_id == meeting.id)).all()
    assert sorted(f.kind for f in follow_ups) == ["action", "action", "decision"]
    closed = [f for f in follow_ups if f.closed_at is not None]
    open_ = [f for f in follow_ups if f.is_open]
    assert len(closed) == 1
    assert len(open_) == 1
    wel_lead = db.session.scalar(select(User).where(User.email == "lead.wel@demo.aimtracker.is"))
    assert open_[0].owner_id == wel_lead.id
    assert [row.follow_up.id for row in my_follow_ups(wel_lead, today)] == [open_[0].id]
    for row in [meeting, *follow_ups, *(item for item in items if item.notes)]:
        assert missing_translations(row, "is") == [], row
    assert meeting.translations["is"]["title"] == ICELANDIC[TITLE]

    events = db.session.scalar(select(func.count(AuditEvent.id)))
    again = load_demo_city()
    db.session.commit()
    assert again.created["meetings"] == 0
    assert again.present["meetings"] == 1
    assert db.session.scalar(select(func.count(ReviewMeeting.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events
