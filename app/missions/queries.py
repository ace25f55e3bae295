"""Load everything a mission's roll-up needs in a constant number of queries, then roll it up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    HEADLINE,
    Indicator,
    Intervention,
    InterventionPartner,
    Measurement,
    Milestone,
    Mission,
    ProgressUpdate,
    User,
)
from app.progress.implementation import InterventionFacts, MilestoneFact, Override, UpdateFact
from app.progress.rollup import (
    IndicatorInput,
    IndicatorResult,
    InterventionInput,
    MissionRollup,
    assess_indicator,
    rollup_mission,
)


@dataclass(frozen=True)
class MissionProgress:
    """A mission, the rows behind its roll-up, and the roll-up itself."""

    mission: Mission
    indicators: Sequence[Indicator]
    interventions: Sequence[Intervention]
    rollup: MissionRollup


def _override(status: str | None, reason: str, author: str | None) -> Override | None:
    if status is None:
        return None
    return Override(status=status, reason=reason, author=author or "unknown")


def _indicator_rows(mission_id: int, published_only: bool) -> list[tuple[Indicator, str | None]]:
    author = aliased(User)
    stmt = (
        select(Indicator, author.name)
        .outerjoin(author, author.id == Indicator.override_by_id)
        .where(Indicator.mission_id == mission_id, Indicator.archived_at.is_(None))
        .order_by(Indicator.outcome_id, Indicator.id)
    )
    if published_only:
        stmt = stmt.where(Indicator.is_published.is_(True))
    return [(row[0], row[1]) for row in db.session.execute(stmt)]


def _series(indicator_ids: list[int]) -> dict[int, dict[str | None, list[tuple[date, float]]]]:
    """Every measurement of the indicators, grouped by indicator and breakdown (None: headline)."""
    series: dict[int, dict[str | None, list[tuple[date, float]]]] = defaultdict(dict)
    if not indicator_ids:
        return series
    stmt = (
        select(
            Measurement.indicator_id, Measurement.breakdown, Measurement.period, Measurement.value
        )
        .where(Measurement.indicator_id.in_(indicator_ids))
        .order_by(Measurement.indicator_id, Measurement.breakdown, Measurement.period)
    )
    for indicator_id, breakdown, period, value in db.session.execute(stmt):
        key = None if breakdown == HEADLINE else breakdown
        series[indicator_id].setdefault(key, []).append((period, value))
    return series


def indicator_input(
    indicator: Indicator,
    series: dict[str | None, list[tuple[date, float]]],
    override_author: str | None = None,
) -> IndicatorInput:
    """The progress engine's view of one indicator."""
    return IndicatorInput(
        id=indicator.id,
        outcome_id=indicator.outcome_id,
        level=indicator.level,
        direction=indicator.direction,
        baseline_period=indicator.baseline_period,
        baseline_value=indicator.baseline_value,
        target_value=indicator.target_value,
        target_period=indicator.target_period,
        limit=indicator.limit_value,
        frequency=indicator.frequency,
        series=series,
        override=_override(indicator.status_override, indicator.override_reason, override_author),
    )


def _intervention_rows(
    mission_id: int, published_only: bool
) -> list[tuple[Intervention, str | None]]:
    author = aliased(User)
    stmt = (
        select(Intervention, author.name)
        .outerjoin(author, author.id == Intervention.override_by_id)
        .where(Intervention.mission_id == mission_id, Intervention.archived_at.is_(None))
        .order_by(Intervention.id)
    )
    if published_only:
        stmt = stmt.where(Intervention.is_published.is_(True))
    return [(row[0], row[1]) for row in db.session.execute(stmt)]


def _partners(intervention_ids: list[int]) -> dict[int, list[int]]:
    partners: dict[int, list[int]] = defaultdict(list)
    if intervention_ids:
        stmt = select(InterventionPartner.intervention_id, InterventionPartner.department_id).where(
            InterventionPartner.intervention_id.in_(intervention_ids)
        )
        for intervention_id, department_id in db.session.execute(stmt):
            partners[intervention_id].append(department_id)
    return partners


def _milestones(intervention_ids: list[int]) -> dict[int, list[MilestoneFact]]:
    milestones: dict[int, list[MilestoneFact]] = defaultdict(list)
    if intervention_ids:
        stmt = (
            select(
                Milestone.intervention_id,
                Milestone.due_date,
                Milestone.completed_on,
                Milestone.title,
            )
            .where(Milestone.intervention_id.in_(intervention_ids))
            .order_by(Milestone.due_date)
        )
        for intervention_id, due, completed, title in db.session.execute(stmt):
            milestones[intervention_id].append(MilestoneFact(due, completed, title))
    return milestones


def _latest_updates(intervention_ids: list[int], published_only: bool) -> dict[int, UpdateFact]:
    """The newest update of each intervention (by report date, then id), in one query."""
    if not intervention_ids:
        return {}
    conditions = [ProgressUpdate.intervention_id.in_(intervention_ids)]
    if published_only:
        conditions.append(ProgressUpdate.is_published.is_(True))
    ranked = (
        select(
            ProgressUpdate.intervention_id,
            ProgressUpdate.reported_on,
            ProgressUpdate.status,
            func.row_number()
            .over(
                partition_by=ProgressUpdate.intervention_id,
                order_by=(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc()),
            )
            .label("rank"),
        )
        .where(and_(*conditions))
        .subquery()
    )
    stmt = select(ranked.c.intervention_id, ranked.c.reported_on, ranked.c.status).where(
        ranked.c.rank == 1
    )
    return {row[0]: UpdateFact(row[1], row[2]) for row in db.session.execute(stmt)}


def intervention_input(
    intervention: Intervention,
    *,
    partners: list[int],
    milestones: list[MilestoneFact],
    latest: UpdateFact | None,
    override_author: str | None = None,
) -> InterventionInput:
    """The progress engine's view of one intervention."""
    facts = InterventionFacts(
        id=intervention.id,
        stage=intervention.stage,
        start_date=intervention.start_date,
        end_date=intervention.end_date,
        update_cycle_days=intervention.update_cycle_days,
        latest_update=latest,
        milestones=tuple(milestones),
        override=_override(
            intervention.status_override, intervention.override_reason, override_author
        ),
    )
    return InterventionInput(
        facts=facts,
        outcome_id=intervention.outcome_id,
        lead_department_id=intervention.lead_department_id,
        partner_department_ids=[d for d in partners if d != intervention.lead_department_id],
        age_min=intervention.age_min,
        age_max=intervention.age_max,
        weight=intervention.weight,
    )


def load_mission_progress(
    mission: Mission, *, today: date | None = None, published_only: bool = False
) -> MissionProgress:
    """Assess a mission: six queries whatever the number of indicators and measurements.

    With published_only, drafts (indicators, interventions, updates) are left out entirely,
    as the public pages need.
    """
    today = today or date.today()
    indicator_rows = _indicator_rows(mission.id, published_only)
    series = _series([indicator.id for indicator, _ in indicator_rows])
    intervention_rows = _intervention_rows(mission.id, published_only)
    ids = [intervention.id for intervention, _ in intervention_rows]
    partners, milestones = _partners(ids), _milestones(ids)
    latest = _latest_updates(ids, published_only)

    rollup = rollup_mission(
        [indicator_input(ind, series.get(ind.id, {}), author) for ind, author in indicator_rows],
        [
            intervention_input(
                item,
                partners=partners.get(item.id, []),
                milestones=milestones.get(item.id, []),
                latest=latest.get(item.id),
                override_author=author,
            )
            for item, author in intervention_rows
        ],
        today=today,
        age_min=mission.age_min,
        age_max=mission.age_max,
    )
    return MissionProgress(
        mission=mission,
        indicators=[ind for ind, _ in indicator_rows],
        interventions=[item for item, _ in intervention_rows],
        rollup=rollup,
    )


def assess_one_indicator(
    indicator_id: int, today: date | None = None
) -> tuple[Indicator, IndicatorResult] | None:
    """One indicator and its assessment (for `flask progress explain`), or None if unknown."""
    author = aliased(User)
    row = db.session.execute(
        select(Indicator, author.name)
        .outerjoin(author, author.id == Indicator.override_by_id)
        .where(Indicator.id == indicator_id)
    ).first()
    if row is None:
        return None
    indicator, override_author = row
    series = _series([indicator.id]).get(indicator.id, {})
    result = assess_indicator(
        indicator_input(indicator, series, override_author), today or date.today()
    )
    return indicator, result


def get_mission_by_slug(slug: str) -> Mission | None:
    """The mission with this slug, or None."""
    return db.session.scalar(select(Mission).where(Mission.slug == slug))
