"""The mission health check: the five mission criteria checked against a mission's data (pure).

The criteria come from the mission-oriented literature (Mazzucato / UCL IIPP), read as facts a
mission's rows can show:

1. clear and measurable: every outcome has an outcome indicator, and each outcome indicator has
   a baseline and a target;
2. time-bound: the mission has a horizon after its start year, and no outcome indicator's target
   date lies beyond that horizon;
3. ambitious but achievable: each target moves beyond its baseline in the indicator's better
   direction, does not cross the indicator's natural limit (it stays on the baseline's side of
   it) and lies in its plausible range;
4. cross-department: more than one department leads the mission's active interventions;
5. open to many solutions: the active interventions are in more than one stage, and every
   outcome has more than one active intervention.

Stopped and archived interventions are not part of the active portfolio and count for neither
4 nor 5. An indicator without a baseline or a target is reported once, under 1; criteria 2 and 3
judge only the targets that exist (3 is not met when no target can be judged at all).

No database, no Flask: the rows come from the one read of the mission page and the dashboard
(app.reporting.progress.load_progress), and the templates turn each gap into words and a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from app.models.enums import Direction, IndicatorLevel, Stage


class Criterion(StrEnum):
    MEASURABLE = "measurable"
    TIME_BOUND = "time_bound"
    AMBITIOUS = "ambitious"
    CROSS_DEPARTMENT = "cross_department"
    MANY_SOLUTIONS = "many_solutions"


class GapKind(StrEnum):
    NO_OUTCOMES = "no_outcomes"  # subject: the mission
    OUTCOME_WITHOUT_INDICATOR = "outcome_without_indicator"  # subject: the outcome
    NO_BASELINE = "no_baseline"  # subject: the indicator
    NO_TARGET = "no_target"  # subject: the indicator
    NO_HORIZON = "no_horizon"  # subject: the mission (horizon not after the start year)
    TARGET_AFTER_HORIZON = "target_after_horizon"  # subject: the indicator
    NO_TARGET_TO_JUDGE = "no_target_to_judge"  # subject: the mission
    TARGET_NOT_BEYOND_BASELINE = "target_not_beyond_baseline"  # subject: the indicator
    TARGET_BEYOND_LIMIT = "target_beyond_limit"  # subject: the indicator
    ONE_LEAD_DEPARTMENT = "one_lead_department"  # subject: the mission; count: leads
    ONE_STAGE = "one_stage"  # subject: the mission; count: stages in use
    OUTCOME_FEW_INTERVENTIONS = "outcome_few_interventions"  # subject: the outcome; count


class MissionRow(Protocol):
    id: int
    start_year: int
    horizon_year: int


class OutcomeRow(Protocol):
    id: int


class IndicatorRow(Protocol):
    id: int
    outcome_id: int | None
    level: Any
    direction: Any
    baseline_value: float | None
    target_value: float | None
    target_period: date | None
    limit_value: float | None
    min_value: float | None
    max_value: float | None
    archived_at: Any


class InterventionRow(Protocol):
    id: int
    outcome_id: int | None
    lead_department_id: int
    stage: Any
    archived_at: Any


@dataclass(frozen=True)
class Gap:
    """Something a criterion misses: what kind, about which row, and a count when it helps."""

    kind: GapKind
    subject: Any
    count: int | None = None


@dataclass(frozen=True)
class CriterionCheck:
    """One criterion and what it misses; met when nothing is missing."""

    criterion: Criterion
    gaps: tuple[Gap, ...]

    @property
    def met(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class HealthCheck:
    """The five criteria of one mission, in their order."""

    checks: tuple[CriterionCheck, ...]

    @property
    def met_count(self) -> int:
        return sum(check.met for check in self.checks)

    @property
    def all_met(self) -> bool:
        return all(check.met for check in self.checks)


def outcome_indicators(indicators: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    """The live indicators that measure the mission's outcomes (not an intervention's output)."""
    return [
        indicator
        for indicator in indicators
        if indicator.archived_at is None and indicator.level == IndicatorLevel.MISSION_OUTCOME
    ]


def active_interventions(interventions: Sequence[InterventionRow]) -> list[InterventionRow]:
    """The interventions of the active portfolio: live and not stopped."""
    return [
        item for item in interventions if item.archived_at is None and item.stage != Stage.STOPPED
    ]


def _measurable(
    mission: MissionRow, outcomes: Sequence[OutcomeRow], indicators: list[IndicatorRow]
) -> CriterionCheck:
    gaps: list[Gap] = []
    if not outcomes:
        gaps.append(Gap(GapKind.NO_OUTCOMES, mission))
    measured = {indicator.outcome_id for indicator in indicators}
    gaps += [
        Gap(GapKind.OUTCOME_WITHOUT_INDICATOR, outcome)
        for outcome in outcomes
        if outcome.id not in measured
    ]
    for indicator in indicators:
        if indicator.baseline_value is None:
            gaps.append(Gap(GapKind.NO_BASELINE, indicator))
        if indicator.target_value is None or indicator.target_period is None:
            gaps.append(Gap(GapKind.NO_TARGET, indicator))
    return CriterionCheck(Criterion.MEASURABLE, tuple(gaps))


def _time_bound(mission: MissionRow, indicators: list[IndicatorRow]) -> CriterionCheck:
    gaps: list[Gap] = []
    if mission.horizon_year <= mission.start_year:
        gaps.append(Gap(GapKind.NO_HORIZON, mission))
    gaps += [
        Gap(GapKind.TARGET_AFTER_HORIZON, indicator)
        for indicator in indicators
        if indicator.target_period is not None
        and indicator.target_period.year > mission.horizon_year
    ]
    return CriterionCheck(Criterion.TIME_BOUND, tuple(gaps))


def beyond_baseline(indicator: IndicatorRow) -> bool:
    """Whether the target moves past the baseline in the indicator's better direction."""
    baseline, target = indicator.baseline_value, indicator.target_value
    if baseline is None or target is None:
        return False
    if indicator.direction == Direction.DECREASE:
        return target < baseline
    return target > baseline


def within_limits(indicator: IndicatorRow) -> bool:
    """Whether the target is one the indicator can reach: on the baseline's side of its natural
    limit (a share of 100 % is bounded by 100 % whichever way is better) and inside its
    plausible range."""
    target = indicator.target_value
    if target is None:
        return True
    limit = indicator.limit_value
    if limit is not None:
        baseline = indicator.baseline_value
        if baseline is None:
            if abs(target) > abs(limit):
                return False
        elif (baseline <= limit < target) or (target < limit <= baseline):
            return False
    if indicator.min_value is not None and target < indicator.min_value:
        return False
    return not (indicator.max_value is not None and target > indicator.max_value)


def _ambitious(mission: MissionRow, indicators: list[IndicatorRow]) -> CriterionCheck:
    judged = [
        indicator
        for indicator in indicators
        if indicator.baseline_value is not None and indicator.target_value is not None
    ]
    if not judged:
        return CriterionCheck(Criterion.AMBITIOUS, (Gap(GapKind.NO_TARGET_TO_JUDGE, mission),))
    gaps: list[Gap] = []
    for indicator in judged:
        if not beyond_baseline(indicator):
            gaps.append(Gap(GapKind.TARGET_NOT_BEYOND_BASELINE, indicator))
        if not within_limits(indicator):
            gaps.append(Gap(GapKind.TARGET_BEYOND_LIMIT, indicator))
    return CriterionCheck(Criterion.AMBITIOUS, tuple(gaps))


def _cross_department(mission: MissionRow, active: list[InterventionRow]) -> CriterionCheck:
    leads = {item.lead_department_id for item in active}
    if len(leads) > 1:
        return CriterionCheck(Criterion.CROSS_DEPARTMENT, ())
    return CriterionCheck(
        Criterion.CROSS_DEPARTMENT, (Gap(GapKind.ONE_LEAD_DEPARTMENT, mission, len(leads)),)
    )


def _many_solutions(
    mission: MissionRow, outcomes: Sequence[OutcomeRow], active: list[InterventionRow]
) -> CriterionCheck:
    gaps: list[Gap] = []
    stages = {str(item.stage) for item in active}
    if len(stages) < 2:
        gaps.append(Gap(GapKind.ONE_STAGE, mission, len(stages)))
    per_outcome: dict[int | None, int] = {}
    for item in active:
        per_outcome[item.outcome_id] = per_outcome.get(item.outcome_id, 0) + 1
    for outcome in outcomes:
        count = per_outcome.get(outcome.id, 0)
        if count < 2:
            gaps.append(Gap(GapKind.OUTCOME_FEW_INTERVENTIONS, outcome, count))
    return CriterionCheck(Criterion.MANY_SOLUTIONS, tuple(gaps))


def check_mission_health(
    mission: MissionRow,
    outcomes: Sequence[OutcomeRow],
    indicators: Sequence[IndicatorRow],
    interventions: Sequence[InterventionRow],
) -> HealthCheck:
    """The five criteria of a mission from its outcomes, indicators and interventions (live rows,
    drafts included: the health check is for staff building the mission)."""
    measured = outcome_indicators(indicators)
    active = active_interventions(interventions)
    return HealthCheck(
        (
            _measurable(mission, outcomes, measured),
            _time_bound(mission, measured),
            _ambitious(mission, measured),
            _cross_department(mission, active),
            _many_solutions(mission, outcomes, active),
        )
    )
