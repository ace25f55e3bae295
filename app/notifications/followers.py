"""Residents who follow a mission: double opt-in, unsubscribe, and what was published for them.

Nothing is stored until the resident confirms by the signed link: the link itself carries the
address, mission, language and cadence. Asking again, for an address that already follows, sends
the same kind of email and shows the same page, so the form never tells whether an address is
subscribed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select

from app.extensions import db
from app.i18n import site_languages
from app.models import (
    HEADLINE,
    Follower,
    Indicator,
    Intervention,
    Measurement,
    Mission,
    ProgressUpdate,
)
from app.models.base import utcnow
from app.notifications import ledger
from app.reporting.visibility import (
    indicator_is_public,
    mission_is_public,
    update_is_public,
)

CADENCES = ("daily", "weekly")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def public_mission_by_id(mission_id: int) -> Mission | None:
    return db.session.scalar(select(Mission).where(Mission.id == mission_id, mission_is_public()))


def confirm_follow(payload: dict[str, object], now: datetime | None = None) -> Follower | None:
    """Store (or refresh) a follower from a confirmation link's payload. Flushes.

    None when the mission is no longer public or the payload is not ours.
    """
    mission_id, email = payload.get("m"), payload.get("e")
    language, cadence = payload.get("l"), payload.get("c")
    if not (isinstance(mission_id, int) and isinstance(email, str)):
        return None
    if language not in site_languages() or cadence not in CADENCES:
        return None
    mission = db.session.scalar(
        select(Mission).where(Mission.id == mission_id, mission_is_public())
    )
    if mission is None:
        return None
    follower = db.session.scalar(
        select(Follower).where(Follower.mission_id == mission_id, Follower.email == email)
    )
    if follower is None:
        follower = Follower(mission_id=mission_id, email=email, confirmed_at=now or utcnow(),
                            language=str(language), cadence=str(cadence))  # fmt: skip
        db.session.add(follower)
    else:
        follower.language, follower.cadence = str(language), str(cadence)
    db.session.flush()
    return follower


def unfollow(mission_id: int, email: str) -> bool:
    """Delete the follower and every trace of the address in the ledger. Flushes."""
    result = db.session.execute(
        delete(Follower).where(Follower.mission_id == mission_id, Follower.email == email)
    )
    remaining = db.session.scalar(select(Follower.id).where(Follower.email == email).limit(1))
    if remaining is None:
        ledger.forget_recipient(email)
    db.session.flush()
    return bool(getattr(result, "rowcount", 0))


def window(cadence: str, today: date) -> tuple[date, date]:
    """The period a digest sent today covers: yesterday, or last week (Monday to Sunday)."""
    if cadence == "daily":
        return today - timedelta(days=1), today
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass
class MissionNews:
    """What became public for one mission in one period: only published content."""

    mission: Mission
    start: date
    end: date
    updates: list[tuple[ProgressUpdate, Intervention]] = field(default_factory=list)
    values: list[tuple[Measurement, Indicator]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.updates or self.values)


def mission_news(mission: Mission, start: date, end: date) -> MissionNews:
    """Published updates and new headline values of public indicators in [start, end)."""
    news = MissionNews(mission, start, end)
    begin, finish = _at(start), _at(end)
    news.updates = [
        (upd, item)
        for upd, item in db.session.execute(
            select(ProgressUpdate, Intervention)
            .join(Intervention, Intervention.id == ProgressUpdate.intervention_id)
            .where(
                update_is_public(),
                Intervention.mission_id == mission.id,
                ProgressUpdate.published_at >= begin,
                ProgressUpdate.published_at < finish,
            )
            .order_by(ProgressUpdate.published_at, ProgressUpdate.id)
        ).tuples()
    ]
    news.values = [
        (value, indicator)
        for value, indicator in db.session.execute(
            select(Measurement, Indicator)
            .join(Indicator, Indicator.id == Measurement.indicator_id)
            .where(
                indicator_is_public(),
                Indicator.mission_id == mission.id,
                Measurement.breakdown == HEADLINE,
                Measurement.updated_at >= begin,
                Measurement.updated_at < finish,
            )
            .order_by(Indicator.title, Measurement.period)
        ).tuples()
    ]
    return news


def missions_with_followers(cadence: str, before: datetime) -> list[Mission]:
    """Public missions with followers of this cadence confirmed before the period ended."""
    ids = select(Follower.mission_id).where(
        Follower.cadence == cadence, Follower.confirmed_at < before
    )
    return list(
        db.session.scalars(
            select(Mission).where(mission_is_public(), Mission.id.in_(ids)).order_by(Mission.id)
        )
    )


def follower_batches(
    mission_id: int, cadence: str, before: datetime, size: int
) -> list[list[tuple[str, str]]]:
    """(email, language) of a mission's followers, in batches of size (read by id order)."""
    rows = db.session.execute(
        select(Follower.email, Follower.language)
        .where(
            Follower.mission_id == mission_id,
            Follower.cadence == cadence,
            Follower.confirmed_at < before,
        )
        .order_by(Follower.id)
    ).all()
    pairs = [(email, language) for email, language in rows]
    return [pairs[i : i + size] for i in range(0, len(pairs), size)]
