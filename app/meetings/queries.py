"""Reads of review meetings: a meeting's page, a mission's meetings, open follow-ups, owners."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import AgendaItem, Department, FollowUp, Mission, ReviewMeeting, User
from app.models.enums import Role
from app.models.meeting import FollowUpKind, MeetingState
from app.reporting.visibility import mission_is_public
from app.translating import translated_field

# Who may own a follow-up: people who do work (a viewer only reads).
OWNER_ROLES = (Role.ADMIN, Role.MISSION_OFFICE, Role.DEPARTMENT_LEAD)


def _open_actions() -> Any:
    return and_(FollowUp.kind == FollowUpKind.ACTION, FollowUp.closed_at.is_(None))


def get_meeting(meeting_id: int) -> ReviewMeeting | None:
    """A meeting with its mission (for the forms and the one-click changes)."""
    return db.session.scalar(
        select(ReviewMeeting)
        .options(joinedload(ReviewMeeting.mission))
        .where(ReviewMeeting.id == meeting_id)
    )


def load_meeting_page(meeting_id: int) -> ReviewMeeting | None:
    """A meeting with its mission, agenda and follow-ups (owners, departments, who closed them):
    four queries, whatever the size of the agenda. Each carried follow-up on the agenda comes
    with its live state (closed, by whom, its department) in the agenda's own query."""
    live = joinedload(AgendaItem.follow_up)
    return db.session.scalar(
        select(ReviewMeeting)
        .options(
            joinedload(ReviewMeeting.mission),
            selectinload(ReviewMeeting.items).options(
                live.joinedload(FollowUp.owner),
                live.joinedload(FollowUp.department),
                live.joinedload(FollowUp.closed_by),
            ),
            selectinload(ReviewMeeting.follow_ups).options(
                joinedload(FollowUp.owner),
                joinedload(FollowUp.department),
                joinedload(FollowUp.closed_by),
            ),
        )
        .where(ReviewMeeting.id == meeting_id)
    )


def get_agenda_item(item_id: int) -> AgendaItem | None:
    return db.session.scalar(
        select(AgendaItem)
        .options(joinedload(AgendaItem.meeting).joinedload(ReviewMeeting.mission))
        .where(AgendaItem.id == item_id)
    )


def get_follow_up(follow_up_id: int) -> FollowUp | None:
    return db.session.scalar(
        select(FollowUp)
        .options(
            joinedload(FollowUp.meeting).joinedload(ReviewMeeting.mission),
            joinedload(FollowUp.owner),
            joinedload(FollowUp.department),
        )
        .where(FollowUp.id == follow_up_id)
    )


def list_meetings(mission_id: int) -> Sequence[ReviewMeeting]:
    """A mission's meetings, newest first."""
    return db.session.scalars(
        select(ReviewMeeting)
        .where(ReviewMeeting.mission_id == mission_id)
        .order_by(ReviewMeeting.meeting_date.desc(), ReviewMeeting.id.desc())
    ).all()


def open_follow_ups_before(meeting: ReviewMeeting) -> Sequence[FollowUp]:
    """The actions still open from the mission's earlier meetings (an earlier date, or the same
    date and created first), oldest due first: the agenda carries them until they are closed."""
    earlier = or_(
        ReviewMeeting.meeting_date < meeting.meeting_date,
        and_(ReviewMeeting.meeting_date == meeting.meeting_date, ReviewMeeting.id < meeting.id),
    )
    return db.session.scalars(
        select(FollowUp)
        .join(ReviewMeeting, ReviewMeeting.id == FollowUp.meeting_id)
        .options(
            joinedload(FollowUp.meeting),
            joinedload(FollowUp.owner),
            joinedload(FollowUp.department),
        )
        .where(ReviewMeeting.mission_id == meeting.mission_id, earlier, _open_actions())
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()


@dataclass(frozen=True)
class OwnedFollowUp:
    """An open action in its owner's My work."""

    follow_up: FollowUp
    overdue: bool


def my_follow_ups(user: Any, today: date) -> list[OwnedFollowUp]:
    """The open actions a member of staff owns, or their department owns (one query), soonest
    due first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    mine = [FollowUp.owner_id == user.id]
    if user.role == Role.DEPARTMENT_LEAD and user.department_id is not None:
        mine.append(FollowUp.department_id == user.department_id)
    rows = db.session.scalars(
        select(FollowUp)
        .options(
            joinedload(FollowUp.meeting).joinedload(ReviewMeeting.mission),
            joinedload(FollowUp.department),
        )
        .where(or_(*mine), _open_actions())
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()
    return [OwnedFollowUp(row, row.due_on is not None and row.due_on < today) for row in rows]


def overdue_follow_ups(today: date) -> Sequence[FollowUp]:
    """Every open action past its due date, in every mission, oldest due first (one query): the
    mission office's view of what its meetings asked for and did not get."""
    return db.session.scalars(
        select(FollowUp)
        .options(
            joinedload(FollowUp.meeting).joinedload(ReviewMeeting.mission),
            joinedload(FollowUp.owner),
            joinedload(FollowUp.department),
        )
        .where(_open_actions(), FollowUp.due_on < today)
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()


def owner_choices() -> list[tuple[int, str]]:
    """Active staff who may own a follow-up, by name, with their department's code."""
    rows = db.session.execute(
        select(User.id, User.name, Department.code)
        .outerjoin(Department, Department.id == User.department_id)
        .where(User.active.is_(True), User.role.in_(OWNER_ROLES))
        .order_by(User.name, User.id)
    ).all()
    return [(user_id, f"{name} ({code})" if code else name) for user_id, name, code in rows]


def department_choices() -> list[tuple[int, str]]:
    """Departments by code, each with its name in the reader's language."""
    rows = db.session.execute(
        select(Department.id, Department.code, Department.name, Department.translations).order_by(
            Department.code
        )
    ).all()
    return [
        (department_id, f"{code} · {translated_field(name, translations, 'name')}")
        for department_id, code, name, translations in rows
    ]


# ---- the public side: published minutes of published missions only ----


def published_meetings(mission_id: int) -> Sequence[ReviewMeeting]:
    """A public mission's meetings whose minutes are published, newest first."""
    return db.session.scalars(
        select(ReviewMeeting)
        .join(Mission, Mission.id == ReviewMeeting.mission_id)
        .where(
            ReviewMeeting.mission_id == mission_id,
            ReviewMeeting.minutes_published.is_(True),
            ReviewMeeting.state == MeetingState.HELD,
            mission_is_public(),
        )
        .order_by(ReviewMeeting.meeting_date.desc(), ReviewMeeting.id.desc())
    ).all()


def load_published_minutes(slug: str, meeting_id: int) -> ReviewMeeting | None:
    """One meeting's published minutes, with its published decisions and follow-ups."""
    return db.session.scalar(
        select(ReviewMeeting)
        .join(Mission, Mission.id == ReviewMeeting.mission_id)
        .options(
            joinedload(ReviewMeeting.mission),
            selectinload(ReviewMeeting.follow_ups).options(
                joinedload(FollowUp.department), joinedload(FollowUp.owner)
            ),
        )
        .where(
            ReviewMeeting.id == meeting_id,
            Mission.slug == slug,
            ReviewMeeting.minutes_published.is_(True),
            ReviewMeeting.state == MeetingState.HELD,
            mission_is_public(),
        )
    )
