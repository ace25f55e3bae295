"""What the public may see, defined once, and what staff pages count as live.

Public means: a mission that is published and not archived; an indicator or intervention that is
published, not archived, and belongs to a public mission; a progress update that is published and
belongs to a public intervention; an outcome of a public mission. Every public page, embed,
open-data file, feed and API read builds its statements from these. Live (the staff view) means
not archived, in a mission that is not archived; drafts included. The public footprint of one
object (what archiving it takes off the public pages) is read here too, from the same conditions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, func, select, true

from app.extensions import db
from app.models import (
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Mission,
    Outcome,
    ProgressUpdate,
)
from app.models.enums import Stage


def mission_is_public() -> ColumnElement[bool]:
    """The condition on Mission rows that makes one public."""
    return and_(Mission.is_published.is_(True), Mission.archived_at.is_(None))


def public_mission_ids() -> Select[tuple[int]]:
    """Ids of the public missions (for IN conditions)."""
    return select(Mission.id).where(mission_is_public())


def public_mission(slug: str) -> Mission | None:
    """The public mission at slug, the row alone (for pages that need its title, not its data)."""
    return db.session.scalar(select(Mission).where(Mission.slug == slug, mission_is_public()))


def public_missions() -> Select[tuple[Mission]]:
    """Public missions, oldest first."""
    return (
        select(Mission)
        .where(mission_is_public())
        .order_by(Mission.start_year, Mission.title, Mission.id)
    )


def indicator_is_public() -> ColumnElement[bool]:
    """The condition on Indicator rows: published, not archived, in a public mission."""
    return and_(
        Indicator.is_published.is_(True),
        Indicator.archived_at.is_(None),
        Indicator.mission_id.in_(public_mission_ids()),
    )


def public_indicator_ids() -> Select[tuple[int]]:
    return select(Indicator.id).where(indicator_is_public())


def intervention_is_public() -> ColumnElement[bool]:
    """The condition on Intervention rows: published, not archived, in a public mission."""
    return and_(
        Intervention.is_published.is_(True),
        Intervention.archived_at.is_(None),
        Intervention.mission_id.in_(public_mission_ids()),
    )


def public_intervention_ids() -> Select[tuple[int]]:
    return select(Intervention.id).where(intervention_is_public())


def update_is_public() -> ColumnElement[bool]:
    """The condition on ProgressUpdate rows: published, of a public intervention."""
    return and_(
        ProgressUpdate.is_published.is_(True),
        ProgressUpdate.intervention_id.in_(public_intervention_ids()),
    )


def learning_entry_is_public() -> ColumnElement[bool]:
    """The condition on LearningEntry rows: published, of a public intervention."""
    return and_(
        LearningEntry.is_published.is_(True),
        LearningEntry.intervention_id.in_(public_intervention_ids()),
    )


def outcome_is_public() -> ColumnElement[bool]:
    """Outcomes have no publishing of their own: they are public with their mission."""
    return Outcome.mission_id.in_(public_mission_ids())


def indicator_is_live() -> ColumnElement[bool]:
    """The staff pages' indicators: not archived (drafts included)."""
    return Indicator.archived_at.is_(None)


def intervention_is_live() -> ColumnElement[bool]:
    """The staff pages' interventions: not archived (drafts included)."""
    return Intervention.archived_at.is_(None)


def intervention_is_active() -> ColumnElement[bool]:
    """The active portfolio (what asks for updates and round reports): live and not stopped."""
    return and_(intervention_is_live(), Intervention.stage != Stage.STOPPED)


def indicator_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public indicators, or live ones for staff."""
    return indicator_is_public() if published_only else indicator_is_live()


def intervention_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public interventions, or live ones for staff."""
    return intervention_is_public() if published_only else intervention_is_live()


def update_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public updates, or every update for staff (the intervention decides liveness)."""
    return update_is_public() if published_only else true()


@dataclass(frozen=True)
class PublicFootprint:
    """What of one mission, intervention or indicator the public sees now: what archiving hides.

    itself: the object is public; values: an indicator's own number of values (its open data);
    interventions and indicators: a mission's public ones, with their number of public updates
    or of values; updates: an intervention's public updates, newest first.
    """

    itself: bool
    values: int = 0
    interventions: list[tuple[Intervention, int]] = field(default_factory=list)
    indicators: list[tuple[Indicator, int]] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.itself or self.interventions or self.indicators or self.updates)


def _public_interventions(condition: ColumnElement[bool]) -> list[tuple[Intervention, int]]:
    updates = (
        select(ProgressUpdate.intervention_id, func.count().label("n"))
        .where(update_is_public())
        .group_by(ProgressUpdate.intervention_id)
        .subquery()
    )
    stmt = (
        select(Intervention, func.coalesce(updates.c.n, 0))
        .outerjoin(updates, updates.c.intervention_id == Intervention.id)
        .where(condition, intervention_is_public())
        .order_by(Intervention.title, Intervention.id)
    )
    return [(item, int(count)) for item, count in db.session.execute(stmt)]


def _public_indicators(condition: ColumnElement[bool]) -> list[tuple[Indicator, int]]:
    values = (
        select(Measurement.indicator_id, func.count().label("n"))
        .group_by(Measurement.indicator_id)
        .subquery()
    )
    stmt = (
        select(Indicator, func.coalesce(values.c.n, 0))
        .outerjoin(values, values.c.indicator_id == Indicator.id)
        .where(condition, indicator_is_public())
        .order_by(Indicator.title, Indicator.id)
    )
    return [(indicator, int(count)) for indicator, count in db.session.execute(stmt)]


def mission_public_footprint(mission_id: int) -> PublicFootprint:
    """A mission's public page, and its public interventions (with updates) and indicators."""
    itself = db.session.scalar(
        select(Mission.id).where(Mission.id == mission_id, mission_is_public())
    )
    if itself is None:  # nothing under a mission that is not public is public
        return PublicFootprint(itself=False)
    return PublicFootprint(
        itself=True,
        interventions=_public_interventions(Intervention.mission_id == mission_id),
        indicators=_public_indicators(Indicator.mission_id == mission_id),
    )


def intervention_public_footprint(intervention_id: int) -> PublicFootprint:
    """An intervention on its mission's public page, and its public updates (status reports)."""
    if not _public_interventions(Intervention.id == intervention_id):
        return PublicFootprint(itself=False)
    stmt = (
        select(ProgressUpdate)
        .where(ProgressUpdate.intervention_id == intervention_id, update_is_public())
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
    )
    return PublicFootprint(itself=True, updates=list(db.session.scalars(stmt)))


def indicator_public_footprint(indicator_id: int) -> PublicFootprint:
    """An indicator's public page, embed and open-data values."""
    found = _public_indicators(Indicator.id == indicator_id)
    if not found:
        return PublicFootprint(itself=False)
    return PublicFootprint(itself=True, values=found[0][1])
