"""Load everything a mission's roll-up needs in a constant number of queries, then roll it up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.models import (
    HEADLINE,
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    User,
)
from app.progress.implementation import InterventionFacts, MilestoneFact, Override, UpdateFact
from app.progress.rollup import (
    IndicatorInput,
    IndicatorResult,
    InterventionInput,
    MissionRollup,
    ProgressSummary,
    assess_indicator,
    life_course_coverage,
    rollup_mission,
)


@dataclass(frozen=True)
class MissionProgress:
    """A mission, the rows behind its roll-up, the series it assessed, and the roll-up."""

    mission: Mission
    indicators: Sequence[Indicator]
    interventions: Sequence[Intervention]
    rollup: MissionRollup
    # indicator id -> breakdown key (None for the headline) -> [(period, value)], period order
    series: Mapping[int, Mapping[str | None, list[tuple[date, float]]]] = field(
        default_factory=dict
    )
    # indicator id -> periods whose headline value is provisional
    provisional: Mapping[int, frozenset[date]] = field(default_factory=dict)


def _override(status: str | None, reason: str, author: str | None) -> Override | None:
    if status is None:
        return None
    return Override(status=status, reason=reason, author=author or "unknown")


Series = dict[int, dict[str | None, list[tuple[date, float]]]]


def _series(indicator_ids: list[int]) -> tuple[Series, dict[int, frozenset[date]]]:
    """Every measurement of the indicators, grouped by indicator and breakdown (None: headline),
    and the provisional headline periods of each indicator."""
    series: Series = defaultdict(dict)
    provisional: dict[int, set[date]] = defaultdict(set)
    if not indicator_ids:
        return series, {}
    stmt = (
        select(
            Measurement.indicator_id,
            Measurement.breakdown,
            Measurement.period,
            Measurement.value,
            Measurement.status,
        )
        .where(Measurement.indicator_id.in_(indicator_ids))
        .order_by(Measurement.indicator_id, Measurement.breakdown, Measurement.period)
    )
    for indicator_id, breakdown, period, value, status in db.session.execute(stmt):
        key = None if breakdown == HEADLINE else breakdown
        series[indicator_id].setdefault(key, []).append((period, value))
        if key is None and status == "provisional":
            provisional[indicator_id].add(period)
    return series, {key: frozenset(periods) for key, periods in provisional.items()}


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


def _partners(intervention_ids: list[int]) -> dict[int, list[int]]:
    partners: dict[int, list[int]] = defaultdict(list)
    if intervention_ids:
        stmt = select(InterventionPartner.intervention_id, InterventionPartner.department_id).where(
            InterventionPartner.intervention_id.in_(intervention_ids)
        )
        for intervention_id, department_id in db.session.execute(stmt):
            partners[intervention_id].append(department_id)
    return partners


def milestone_facts(intervention_ids: list[int]) -> dict[int, list[MilestoneFact]]:
    """The milestones of each intervention as the progress engine reads them, in one query."""
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
            .order_by(Milestone.due_date, Milestone.id)
        )
        for intervention_id, due, completed, title in db.session.execute(stmt):
            milestones[intervention_id].append(MilestoneFact(due, completed, title))
    return milestones


def latest_update_facts(
    intervention_ids: list[int], published_only: bool = False
) -> dict[int, UpdateFact]:
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
    return load_missions_progress([mission], today=today, published_only=published_only)[mission.id]


def load_missions_progress(
    missions: Sequence[Mission], *, today: date | None = None, published_only: bool = False
) -> dict[int, MissionProgress]:
    """Assess several missions at once: six queries whatever the number of missions.

    The same reads as load_mission_progress, for every mission in one go; keyed by mission id.
    """
    today = today or date.today()
    mission_ids = [mission.id for mission in missions]
    if not mission_ids:
        return {}
    indicator_author, intervention_author = aliased(User), aliased(User)
    indicator_stmt = (
        select(Indicator, indicator_author.name)
        .outerjoin(indicator_author, indicator_author.id == Indicator.override_by_id)
        .where(Indicator.mission_id.in_(mission_ids), Indicator.archived_at.is_(None))
        .order_by(Indicator.outcome_id, Indicator.id)
    )
    intervention_stmt = (
        select(Intervention, intervention_author.name)
        .outerjoin(intervention_author, intervention_author.id == Intervention.override_by_id)
        .where(Intervention.mission_id.in_(mission_ids), Intervention.archived_at.is_(None))
        .order_by(Intervention.id)
    )
    if published_only:
        indicator_stmt = indicator_stmt.where(Indicator.is_published.is_(True))
        intervention_stmt = intervention_stmt.where(Intervention.is_published.is_(True))
    indicator_rows = [(row[0], row[1]) for row in db.session.execute(indicator_stmt)]
    series, provisional = _series([indicator.id for indicator, _ in indicator_rows])
    intervention_rows = [(row[0], row[1]) for row in db.session.execute(intervention_stmt)]
    ids = [item.id for item, _ in intervention_rows]
    partners, milestones = _partners(ids), milestone_facts(ids)
    latest = latest_update_facts(ids, published_only)

    indicators_by_mission: dict[int, list[tuple[Indicator, str | None]]] = defaultdict(list)
    for indicator, author in indicator_rows:
        indicators_by_mission[indicator.mission_id].append((indicator, author))
    interventions_by_mission: dict[int, list[tuple[Intervention, str | None]]] = defaultdict(list)
    for item, author in intervention_rows:
        interventions_by_mission[item.mission_id].append((item, author))

    result: dict[int, MissionProgress] = {}
    for mission in missions:
        own_indicators = indicators_by_mission.get(mission.id, [])
        own_interventions = interventions_by_mission.get(mission.id, [])
        rollup = rollup_mission(
            [
                indicator_input(ind, series.get(ind.id, {}), author)
                for ind, author in own_indicators
            ],
            [
                intervention_input(
                    item,
                    partners=partners.get(item.id, []),
                    milestones=milestones.get(item.id, []),
                    latest=latest.get(item.id),
                    override_author=author,
                )
                for item, author in own_interventions
            ],
            today=today,
            age_min=mission.age_min,
            age_max=mission.age_max,
        )
        result[mission.id] = MissionProgress(
            mission=mission,
            indicators=[ind for ind, _ in own_indicators],
            interventions=[item for item, _ in own_interventions],
            rollup=rollup,
            series={ind.id: series.get(ind.id, {}) for ind, _ in own_indicators},
            provisional={ind.id: provisional.get(ind.id, frozenset()) for ind, _ in own_indicators},
        )
    return result


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
    series = _series([indicator.id])[0].get(indicator.id, {})
    result = assess_indicator(
        indicator_input(indicator, series, override_author), today or date.today()
    )
    return indicator, result


def get_mission_by_slug(slug: str) -> Mission | None:
    """The mission with this slug, or None."""
    return db.session.scalar(select(Mission).where(Mission.slug == slug))


# ---- reads for the staff pages ----


@dataclass(frozen=True)
class MissionListRow:
    """A mission in the staff list, with its owner's name and what it holds."""

    mission: Mission
    owner_name: str | None
    outcome_count: int
    intervention_count: int
    indicator_count: int


def list_missions_with_counts(*, archived: bool = False) -> list[MissionListRow]:
    """Live missions (or, with archived, the archived ones) and their counts, in one query."""
    owner = aliased(User)
    outcomes = (
        select(func.count(Outcome.id))
        .where(Outcome.mission_id == Mission.id)
        .correlate(Mission)
        .scalar_subquery()
    )
    interventions = (
        select(func.count(Intervention.id))
        .where(Intervention.mission_id == Mission.id, Intervention.archived_at.is_(None))
        .correlate(Mission)
        .scalar_subquery()
    )
    indicators = (
        select(func.count(Indicator.id))
        .where(Indicator.mission_id == Mission.id, Indicator.archived_at.is_(None))
        .correlate(Mission)
        .scalar_subquery()
    )
    archived_filter = (
        Mission.archived_at.is_not(None) if archived else Mission.archived_at.is_(None)
    )
    stmt = (
        select(Mission, owner.name, outcomes, interventions, indicators)
        .outerjoin(owner, owner.id == Mission.owner_id)
        .where(archived_filter)
        .order_by(Mission.start_year, Mission.title)
    )
    return [MissionListRow(*row) for row in db.session.execute(stmt)]


def list_owner_choices(current_owner_id: int | None = None) -> list[tuple[int, str]]:
    """Who may own a mission: active admins and mission office staff (plus the current owner)."""
    eligible = and_(User.active.is_(True), User.role.in_(("admin", "mission_office")))
    condition = eligible if current_owner_id is None else or_(eligible, User.id == current_owner_id)
    stmt = select(User.id, User.name).where(condition).order_by(User.name, User.id)
    return [(user_id, name) for user_id, name in db.session.execute(stmt)]


def next_outcome_position(mission_id: int) -> int:
    """A position after the mission's last outcome (capped at the form's 999)."""
    highest = db.session.scalar(
        select(func.max(Outcome.position)).where(Outcome.mission_id == mission_id)
    )
    return 0 if highest is None else min(highest + 1, 999)


def get_outcome_with_mission(outcome_id: int) -> Outcome | None:
    """An outcome with its mission loaded."""
    return db.session.scalar(
        select(Outcome).options(joinedload(Outcome.mission)).where(Outcome.id == outcome_id)
    )


@dataclass(frozen=True)
class OutcomeSection:
    """One outcome of the detail page (outcome None: work not tied to an outcome)."""

    outcome: Outcome | None
    indicators: list[Indicator]
    interventions: list[Intervention]
    summary: ProgressSummary | None
    gaps: tuple[tuple[int, int], ...] | None


@dataclass(frozen=True)
class MissionDetail:
    """Everything the staff mission page shows."""

    mission: Mission
    progress: MissionProgress
    sections: list[OutcomeSection]
    unassigned: OutcomeSection | None
    department_codes: dict[int, str]

    @property
    def rollup(self) -> MissionRollup:
        return self.progress.rollup

    @property
    def gaps(self) -> tuple[tuple[int, int], ...] | None:
        """Ages of the mission's range no active intervention serves (None: no age range)."""
        coverage = self.progress.rollup.coverage
        return None if coverage is None else coverage.gaps


def coverage_gaps(
    mission: Mission, interventions: Sequence[Intervention], rollup: MissionRollup
) -> tuple[tuple[int, int], ...] | None:
    """Life-course gaps of the mission's age range served by these interventions alone."""
    if mission.age_min is None or mission.age_max is None:
        return None
    pairs = [
        (
            intervention_input(item, partners=[], milestones=[], latest=None),
            rollup.interventions[item.id],
        )
        for item in interventions
    ]
    return life_course_coverage(pairs, mission.age_min, mission.age_max).gaps


def load_mission_detail(mission_id: int, *, today: date | None = None) -> MissionDetail | None:
    """A mission with owner, outcomes, their work and the roll-up, in nine queries."""
    mission = db.session.scalar(
        select(Mission)
        .options(joinedload(Mission.owner), selectinload(Mission.outcomes))
        .where(Mission.id == mission_id)
    )
    if mission is None:
        return None
    progress = load_mission_progress(mission, today=today)
    rollup = progress.rollup
    department_ids = {item.lead_department_id for item in progress.interventions} | {
        indicator.department_id for indicator in progress.indicators
    }
    codes = db.session.execute(
        select(Department.id, Department.code).where(Department.id.in_(department_ids))
    )
    department_codes: dict[int, str] = {row.id: row.code for row in codes}

    def section(outcome: Outcome | None) -> OutcomeSection:
        key = None if outcome is None else outcome.id
        items = [item for item in progress.interventions if item.outcome_id == key]
        return OutcomeSection(
            outcome=outcome,
            indicators=[ind for ind in progress.indicators if ind.outcome_id == key],
            interventions=items,
            summary=rollup.outcomes.get(key),
            gaps=coverage_gaps(mission, items, rollup),
        )

    sections = [section(outcome) for outcome in mission.outcomes]
    loose = section(None)
    unassigned = loose if loose.indicators or loose.interventions else None
    return MissionDetail(mission, progress, sections, unassigned, department_codes)
