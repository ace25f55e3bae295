"""Reads for the public pages: published content only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from app.extensions import db
from app.models import Intervention, Mission


def list_published_missions() -> Sequence[tuple[Mission, int]]:
    """Published, unarchived missions with the number of their published interventions."""
    intervention_count = (
        select(func.count(Intervention.id))
        .where(
            Intervention.mission_id == Mission.id,
            Intervention.is_published.is_(True),
            Intervention.archived_at.is_(None),
        )
        .correlate(Mission)
        .scalar_subquery()
    )
    stmt = (
        select(Mission, intervention_count)
        .where(Mission.is_published.is_(True), Mission.archived_at.is_(None))
        .order_by(Mission.start_year, Mission.title)
    )
    return [(mission, count) for mission, count in db.session.execute(stmt)]
