"""What the public may see, defined once, and what staff pages count as live.

Public means: a mission that is published and not archived; an indicator or intervention that is
published, not archived, and belongs to a public mission; a progress update that is published and
belongs to a public intervention; an outcome of a public mission. Every public page, embed,
open-data file, feed and API read builds its statements from these. Live (the staff view) means
not archived, in a mission that is not archived; drafts included.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, select, true

from app.models import Indicator, Intervention, Mission, Outcome, ProgressUpdate


def mission_is_public() -> ColumnElement[bool]:
    """The condition on Mission rows that makes one public."""
    return and_(Mission.is_published.is_(True), Mission.archived_at.is_(None))


def public_mission_ids() -> Select[tuple[int]]:
    """Ids of the public missions (for IN conditions)."""
    return select(Mission.id).where(mission_is_public())


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


def outcome_is_public() -> ColumnElement[bool]:
    """Outcomes have no publishing of their own: they are public with their mission."""
    return Outcome.mission_id.in_(public_mission_ids())


def indicator_is_live() -> ColumnElement[bool]:
    """The staff pages' indicators: not archived (drafts included)."""
    return Indicator.archived_at.is_(None)


def intervention_is_live() -> ColumnElement[bool]:
    """The staff pages' interventions: not archived (drafts included)."""
    return Intervention.archived_at.is_(None)


def indicator_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public indicators, or live ones for staff."""
    return indicator_is_public() if published_only else indicator_is_live()


def intervention_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public interventions, or live ones for staff."""
    return intervention_is_public() if published_only else intervention_is_live()


def update_condition(*, published_only: bool) -> ColumnElement[bool]:
    """Public updates, or every update for staff (the intervention decides liveness)."""
    return update_is_public() if published_only else true()
