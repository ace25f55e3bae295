"""Who receives what, and how often: per user and kind, with a default for each kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import NotificationPreference, User
from app.models.enums import Role
from app.models.notification import Cadence, NoticeKind

# Who may receive each kind, and what they get unless they chose otherwise.
KIND_ROLES = {
    NoticeKind.REMINDERS: frozenset({Role.DEPARTMENT_LEAD}),
    NoticeKind.ESCALATION: frozenset({Role.MISSION_OFFICE, Role.ADMIN}),
}
DEFAULTS = {
    NoticeKind.REMINDERS: {Role.DEPARTMENT_LEAD: Cadence.IMMEDIATELY},
    NoticeKind.ESCALATION: {Role.MISSION_OFFICE: Cadence.WEEKLY, Role.ADMIN: Cadence.NEVER},
}
# How long after the last message of a kind the next may go (an hour's slack for cron drift).
MIN_GAP = {
    Cadence.IMMEDIATELY: timedelta(0),
    Cadence.DAILY: timedelta(hours=23),
    Cadence.WEEKLY: timedelta(days=7) - timedelta(hours=1),
}


def default_cadence(role: Role, kind: NoticeKind) -> Cadence:
    return DEFAULTS[kind].get(role, Cadence.NEVER)


def kinds_for(role: Role) -> list[NoticeKind]:
    """The kinds a role can receive (a viewer receives none)."""
    return [kind for kind, roles in KIND_ROLES.items() if role in roles]


def cadences(user: User) -> dict[NoticeKind, Cadence]:
    """A user's cadence for each kind their role can receive."""
    chosen = {
        pref.kind: pref.cadence
        for pref in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {
        kind: Cadence(chosen.get(kind.value, default_cadence(user.role, kind)))
        for kind in kinds_for(user.role)
    }


def set_cadence(user_id: int, kind: NoticeKind, cadence: Cadence) -> None:
    """Store a user's choice for one kind (flushes)."""
    pref = db.session.get(NotificationPreference, (user_id, kind.value))
    if pref is None:
        db.session.add(NotificationPreference(user_id=user_id, kind=kind.value, cadence=cadence))
    else:
        pref.cadence = cadence.value
    db.session.flush()


def due_now(cadence: Cadence, last: datetime | None, now: datetime) -> bool:
    """May a message of this cadence go now, given when the last one went?"""
    if cadence is Cadence.NEVER:
        return False
    return last is None or now - last >= MIN_GAP[cadence]


@dataclass(frozen=True)
class RecipientRow:
    user: User
    cadences: dict[NoticeKind, Cadence]


def recipients_overview() -> list[RecipientRow]:
    """Every active user with what they receive (for admins), in two queries."""
    users = list(
        db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.role, User.name))
    )
    chosen: dict[tuple[int, str], str] = {
        (pref.user_id, pref.kind): pref.cadence
        for pref in db.session.scalars(select(NotificationPreference))
    }
    rows = []
    for user in users:
        rows.append(
            RecipientRow(
                user,
                {
                    kind: Cadence(
                        chosen.get((user.id, kind.value), default_cadence(user.role, kind))
                    )
                    for kind in kinds_for(user.role)
                },
            )
        )
    return rows


def users_receiving(kind: NoticeKind) -> list[tuple[User, Cadence]]:
    """Active users who receive a kind (cadence not never), with their cadence; two queries."""
    users = list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(list(KIND_ROLES[kind])))
            .order_by(User.id)
        )
    )
    chosen = {
        pref.user_id: pref.cadence
        for pref in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.kind == kind.value)
        )
    }
    found: list[tuple[User, Cadence]] = []
    for user in users:
        cadence = Cadence(chosen.get(user.id, default_cadence(user.role, kind)))
        if cadence is not Cadence.NEVER:
            found.append((user, cadence))
    return found
