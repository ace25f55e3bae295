"""Plain factory functions for tests: each adds, flushes and returns one object."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    AgendaItem,
    Department,
    FollowUp,
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    ReviewMeeting,
    User,
)

_seq = itertools.count(1)

TEST_PASSWORD = "correct horse battery staple"
_hashes: dict[str, str] = {}


def password_hash(password: str = TEST_PASSWORD) -> str:
    """Hash each test password once per run (the hasher in use when first asked)."""
    if password not in _hashes:
        _hashes[password] = hash_password(password)
    return _hashes[password]


def _add(obj: Any) -> Any:
    db.session.add(obj)
    db.session.flush()
    return obj


def department(**kw: Any) -> Department:
    n = next(_seq)
    kw.setdefault("name", f"Department {n}")
    kw.setdefault("code", f"D{n:03d}")
    kw.setdefault("colour", "#0072b2")
    return _add(Department(**kw))


def user(**kw: Any) -> User:
    n = next(_seq)
    kw.setdefault("email", f"user{n}@example.org")
    kw.setdefault("name", f"User {n}")
    kw.setdefault("role", "viewer")
    kw.setdefault("password_hash", password_hash(kw.pop("password", TEST_PASSWORD)))
    return _add(User(**kw))


def mission(**kw: Any) -> Mission:
    n = next(_seq)
    kw.setdefault("slug", f"mission-{n}")
    kw.setdefault("title", f"Mission {n}")
    kw.setdefault("north_star", "A better city")
    kw.setdefault("start_year", 2021)
    kw.setdefault("horizon_year", 2030)
    kw.setdefault("status", "active")
    return _add(Mission(**kw))


def outcome(mission: Mission, **kw: Any) -> Outcome:
    kw.setdefault("title", f"Outcome {next(_seq)}")
    return _add(Outcome(mission_id=mission.id, **kw))


# Interventions and indicators are listed long ago unless a test says otherwise: nothing is
# overdue within a cycle of being listed (app.progress.freshness), which tests of overdue work
# would otherwise meet.
LISTED_LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def intervention(mission: Mission, lead: Department, **kw: Any) -> Intervention:
    kw.setdefault("title", f"Intervention {next(_seq)}")
    kw.setdefault("stage", "test")
    kw.setdefault("start_date", date(2023, 1, 1))
    kw.setdefault("created_at", LISTED_LONG_AGO)  # past the first cycle's grace
    return _add(Intervention(mission_id=mission.id, lead_department_id=lead.id, **kw))


def milestone(intervention: Intervention, **kw: Any) -> Milestone:
    kw.setdefault("title", f"Milestone {next(_seq)}")
    kw.setdefault("due_date", date(2024, 6, 1))
    return _add(Milestone(intervention_id=intervention.id, **kw))


def update(intervention: Intervention, **kw: Any) -> ProgressUpdate:
    kw.setdefault("reported_on", date(2024, 1, 15))
    kw.setdefault("status", "on_track")
    kw.setdefault("summary", "Work continues as planned.")
    return _add(ProgressUpdate(intervention_id=intervention.id, **kw))


def learning_entry(intervention: Intervention, **kw: Any) -> LearningEntry:
    kw.setdefault("kind", "hypothesis")
    kw.setdefault("entered_on", date(2024, 2, 1))
    kw.setdefault("title", f"Entry {next(_seq)}")
    return _add(LearningEntry(intervention_id=intervention.id, **kw))


def indicator(mission: Mission, owner: Department, **kw: Any) -> Indicator:
    kw.setdefault("title", f"Indicator {next(_seq)}")
    kw.setdefault("unit", "%")
    kw.setdefault("direction", "increase")
    kw.setdefault("frequency", "yearly")
    kw.setdefault("created_at", LISTED_LONG_AGO)  # past the first cycle's grace
    return _add(Indicator(mission_id=mission.id, department_id=owner.id, **kw))


def measurement(indicator: Indicator, period: date, value: float, **kw: Any) -> Measurement:
    return _add(Measurement(indicator_id=indicator.id, period=period, value=value, **kw))


def meeting(mission: Mission, **kw: Any) -> ReviewMeeting:
    kw.setdefault("title", f"Review meeting {next(_seq)}")
    kw.setdefault("meeting_date", date(2024, 3, 1))
    return _add(ReviewMeeting(mission_id=mission.id, **kw))


def agenda_item(meeting: ReviewMeeting, **kw: Any) -> AgendaItem:
    kw.setdefault("position", 1)
    kw.setdefault("kind", "intervention")
    kw.setdefault("subject", f"Item {next(_seq)}")
    kw.setdefault("status", "off_track")
    return _add(AgendaItem(meeting_id=meeting.id, **kw))


def follow_up(meeting: ReviewMeeting, **kw: Any) -> FollowUp:
    kw.setdefault("kind", "action")
    kw.setdefault("text", f"Follow-up {next(_seq)}")
    kw.setdefault("due_on", date(2024, 4, 1))
    return _add(FollowUp(meeting_id=meeting.id, **kw))
