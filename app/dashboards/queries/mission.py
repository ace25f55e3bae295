"""The mission dashboard: one mission, the Reykjavík view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from sqlalchemy import Select, func, select

from app.dashboards.queries.budget import BudgetMatrix, load_budget_matrix
from app.dashboards.queries.common import (
    OVERVIEW_YEARS_BEFORE,
    DashboardFilters,
    involvement_counts,
    keeps,
    status_ids_with,
)
from app.extensions import db
from app.missions.health import HealthCheck
from app.missions.queries import get_mission_with_outcomes, mission_health
from app.models import (
    Department,
    Indicator,
    Intervention,
    Mission,
    Outcome,
)
from app.progress.implementation import (
    InterventionAssessment,
    MilestoneFact,
)
from app.progress.rollup import IndicatorResult
from app.reporting.progress import MissionProgress, Point, load_progress
from app.reporting.relations import OutcomeGroup, load_interim_targets
from app.translating import translated_field


@dataclass(frozen=True)
class IndicatorCard:
    """One small multiple: an indicator, its assessment and what its chart draws."""

    indicator: Indicator
    result: IndicatorResult
    headline: list[Point]
    provisional: frozenset[date]
    interim_targets: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.headline[-1] if self.headline else None


@dataclass(frozen=True)
class InterventionLine:
    """An intervention with its computed status, departments and milestones."""

    intervention: Intervention
    status: InterventionAssessment
    lead: Department
    partners: list[Department]
    milestones: list[MilestoneFact]


# An outcome of the dashboard (None: work tied to no outcome): its summary and indicator cards.
OutcomePanel = OutcomeGroup[IndicatorCard, InterventionLine]


@dataclass
class DepartmentMix:
    """One department's interventions in a mission: by stage and by computed status."""

    department: Department
    stages: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    budget: Decimal | None = None

    @property
    def total(self) -> int:
        return sum(self.stages.values())


@dataclass
class Contribution:
    """One department's part in one outcome: interventions led, partnered, indicators owned."""

    led: int = 0
    partnered: int = 0
    indicators: int = 0

    @property
    def total(self) -> int:
        return self.led + self.partnered + self.indicators


@dataclass(frozen=True)
class OutcomeStageMix:
    """How many of an outcome's interventions (None: tied to no outcome) are in each stage."""

    outcome: Outcome | None
    stages: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.stages.values())


@dataclass(frozen=True)
class TimeInStage:
    """How long an intervention has been in its stage (days None: the day is not known)."""

    line: InterventionLine
    days: int | None


def stage_portfolio(
    lines: list[InterventionLine], outcomes: list[Outcome | None], today: date
) -> tuple[list[OutcomeStageMix], list[TimeInStage]]:
    """The portfolio's stage mix per outcome, and each intervention's time in its stage, longest
    first: from the lines the dashboard already loaded (no query)."""
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for line in lines:
        stages = counts[line.intervention.outcome_id]
        stage = str(line.intervention.stage)
        stages[stage] = stages.get(stage, 0) + 1
    mixes = [
        OutcomeStageMix(outcome, counts[None if outcome is None else outcome.id])
        for outcome in outcomes
        if counts.get(None if outcome is None else outcome.id)
    ]
    tenures = [
        TimeInStage(
            line,
            None
            if line.intervention.stage_since is None
            else max((today - line.intervention.stage_since).days, 0),
        )
        for line in lines
    ]
    tenures.sort(key=lambda t: (t.days is None, -(t.days or 0), t.line.intervention.title))
    return mixes, tenures


@dataclass(frozen=True)
class MissionDashboard:
    """Everything the mission dashboard shows."""

    mission: Mission
    progress: MissionProgress
    today: date
    departments: list[Department]
    panels: list[OutcomePanel]
    lines: list[InterventionLine]
    mixes: list[DepartmentMix]
    contribution_departments: list[Department]
    contribution_outcomes: list[Outcome | None]
    contributions: dict[tuple[int, int | None], Contribution]
    interventions_by_id: dict[int, Intervention]
    departments_by_id: dict[int, Department]
    overdue_cards: list[IndicatorCard]
    overdue_lines: list[InterventionLine]
    budget: BudgetMatrix = field(default_factory=BudgetMatrix)

    @cached_property
    def health(self) -> HealthCheck:
        """The five mission criteria, from the rows already read (no query)."""
        return mission_health(self.progress)

    # The learning loop: stage mix per outcome, and time in stage (stage_portfolio).
    stage_mix: list[OutcomeStageMix] = field(default_factory=list)
    time_in_stage: list[TimeInStage] = field(default_factory=list)


def _indicator_counts(filters: DashboardFilters, mission_id: int) -> Select:
    """Live indicators per owning department and outcome of one mission."""
    stmt = (
        select(Indicator.department_id, Indicator.outcome_id, func.count(Indicator.id))
        .where(Indicator.mission_id == mission_id, Indicator.archived_at.is_(None))
        .group_by(Indicator.department_id, Indicator.outcome_id)
    )
    if filters.department_id is not None:
        stmt = stmt.where(Indicator.department_id == filters.department_id)
    if filters.outcome_id is not None:
        stmt = stmt.where(Indicator.outcome_id == filters.outcome_id)
    return stmt


def outcome_choices(mission_id: int) -> list[tuple[int, str]]:
    """The outcomes of a mission as (id, title), in their order."""
    stmt = (
        select(Outcome.id, Outcome.title, Outcome.translations)
        .where(Outcome.mission_id == mission_id)
        .order_by(Outcome.position, Outcome.id)
    )
    return [
        (outcome_id, translated_field(title, named, "title"))
        for outcome_id, title, named in db.session.execute(stmt)
    ]


def load_mission_dashboard(
    mission_id: int, filters: DashboardFilters, today: date, departments: list[Department]
) -> MissionDashboard | None:
    """A mission's dashboard, or None when there is no such mission.

    departments: every department (the view loaded them for the filter choices).
    """
    mission = get_mission_with_outcomes(mission_id)
    if mission is None:
        return None
    filters = DashboardFilters(
        department_id=filters.department_id,
        outcome_id=filters.outcome_id,
        mission_id=mission.id,
        stage=filters.stage,
        status=filters.status,
    )
    since = date(mission.start_year - OVERVIEW_YEARS_BEFORE, 1, 1)
    progress = load_progress(
        [mission], published_only=False, points="headline", since=since, today=today
    )[mission.id]
    partners, milestones = progress.partners, progress.milestones
    rollup = progress.rollup
    by_id = {department.id: department for department in departments}
    interim = load_interim_targets([indicator.id for indicator in progress.indicators])

    def card(indicator: Indicator) -> IndicatorCard:
        return IndicatorCard(
            indicator=indicator,
            result=rollup.indicators[indicator.id],
            headline=progress.headline(indicator.id),
            provisional=progress.provisional.get(indicator.id, frozenset()),
            interim_targets=interim.get(indicator.id, []),
        )

    cards = [
        card(indicator)
        for indicator in progress.indicators
        if (filters.department_id is None or indicator.department_id == filters.department_id)
        and (filters.outcome_id is None or indicator.outcome_id == filters.outcome_id)
    ]
    outcomes: list[Outcome | None] = list(mission.outcomes)
    if any(item.outcome_id is None for item in progress.interventions) or any(
        indicator.outcome_id is None for indicator in progress.indicators
    ):
        outcomes.append(None)
    shown_outcomes = [
        outcome
        for outcome in outcomes
        if filters.outcome_id is None or (outcome is not None and outcome.id == filters.outcome_id)
    ]
    panels = [
        OutcomePanel(
            outcome=outcome,
            summary=rollup.outcomes.get(None if outcome is None else outcome.id),
            indicators=[c for c in cards if c.indicator.outcome_id == (outcome and outcome.id)],
        )
        for outcome in shown_outcomes
    ]

    lines = []
    for item in progress.interventions:
        status = rollup.interventions[item.id]
        partner_ids = [partner.department_id for partner in partners.get(item.id, [])]
        if not keeps(item, status, filters):
            continue
        if filters.department_id is not None and filters.department_id not in (
            item.lead_department_id,
            *partner_ids,
        ):
            continue
        lines.append(
            InterventionLine(
                intervention=item,
                status=status,
                lead=by_id[item.lead_department_id],
                partners=[by_id[d] for d in partner_ids if d in by_id],
                milestones=milestones.get(item.id, []),
            )
        )

    # Stored facts are counted by SQL; the computed status of each is added from the roll-up.
    mixes: dict[int, DepartmentMix] = {}
    contributions: dict[tuple[int, int | None], Contribution] = defaultdict(Contribution)
    status_ids = status_ids_with(rollup.interventions, filters.status)
    for kind, department_id, outcome_id, stage, n, budget in db.session.execute(
        involvement_counts(filters, status_ids, "outcome_id")
    ):
        cell = contributions[(department_id, outcome_id)]
        if kind == "led":
            cell.led += n
            mix = mixes.setdefault(department_id, DepartmentMix(by_id[department_id]))
            mix.stages[stage] = mix.stages.get(stage, 0) + n
            if budget is not None:
                mix.budget = (mix.budget or Decimal(0)) + Decimal(budget)
        else:
            cell.partnered += n
    for department_id, outcome_id, n in db.session.execute(_indicator_counts(filters, mission.id)):
        contributions[(department_id, outcome_id)].indicators += n
    for line in lines:
        found = mixes.get(line.lead.id)
        if found is not None:
            found.statuses[line.status.status] = found.statuses.get(line.status.status, 0) + 1

    stage_mix, time_in_stage = stage_portfolio(lines, shown_outcomes, today)
    contributing = {department_id for department_id, _outcome in contributions}
    overdue_ids = set(rollup.mission.freshness.overdue_indicator_ids)
    return MissionDashboard(
        mission=mission,
        progress=progress,
        today=today,
        departments=departments,
        panels=panels,
        lines=lines,
        mixes=sorted(mixes.values(), key=lambda m: (-m.total, m.department.name)),
        contribution_departments=[d for d in departments if d.id in contributing],
        contribution_outcomes=shown_outcomes,
        contributions=dict(contributions),
        interventions_by_id={item.id: item for item in progress.interventions},
        departments_by_id=by_id,
        overdue_cards=[c for c in cards if c.indicator.id in overdue_ids],
        overdue_lines=[line for line in lines if line.status.update_overdue],
        budget=load_budget_matrix(mission.id, filters, status_ids),
        stage_mix=stage_mix,
        time_in_stage=time_in_stage,
    )
