"""Mission roll-up from plain inputs: both lenses, freshness and life-course coverage, per outcome.

Decisions:

* Outcome lens. Each indicator is assessed on its headline series (breakdown key ``None``) with its
  baseline period as the base period. When the headline series has no value for the baseline
  period the configured baseline value is added as a point; when it has one, the measurement wins.
  Breakdowns are assessed the same way (without the baseline point) and reported, not combined.
  An outcome's ``outcome_lens`` combines its ``mission_outcome`` indicators, ``output_lens`` its
  ``intervention_output`` indicators; the mission's lenses combine every indicator of that level
  (each indicator counts once, not each outcome). An input that cannot be read (duplicate periods,
  non-finite values, bad periods) gives that indicator ``not_available`` with the error as reason
  instead of failing the whole roll-up.
* A manual indicator override sets the displayed ``status`` (flagged ``manual`` with reason and
  author) but the lens combines the computed assessments: no score is made up for a manual status.
* Implementation lens: counts by displayed status (every status present, zeros included) and the
  weighted mean of the status progress values (``implementation.PROGRESS_VALUES``) with the
  interventions' weights.
* Freshness: share of indicators whose data is current (has data and is not overdue), and share of
  active interventions (neither stopped nor not started) whose update is not overdue. Shares are
  ``None`` when there is nothing to count.
* Life-course coverage over the mission's age range (inclusive, whole years): an active intervention
  serves the ages in its range; an intervention without any age range is not age-targeted and is
  listed apart, not spread over every age; a range with one open end is open on that side.
  Departments reaching an age are the lead and partner departments of the interventions serving it.
  Gaps are maximal runs of ages nobody serves, as inclusive ``(first, last)`` pairs.
* Indicators and interventions without an outcome are grouped under the key ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from app.progress.freshness import FREQUENCIES, YEARLY, DataFreshness, data_freshness
from app.progress.implementation import (
    IMPLEMENTATION_STATUSES,
    InterventionAssessment,
    InterventionFacts,
    Override,
    assess_intervention,
    weighted_rollup,
)
from app.progress.outcome import (
    STATUSES,
    Assessment,
    Combined,
    Period,
    assess_series,
    combine,
    direction_sign,
    period_to_years,
    unavailable,
)

MISSION_OUTCOME: Final = "mission_outcome"
INTERVENTION_OUTPUT: Final = "intervention_output"
LEVELS: Final = (MISSION_OUTCOME, INTERVENTION_OUTPUT)


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """One indicator with its configuration and measurements (``series[None]`` is the headline)."""

    id: int | str
    outcome_id: int | str | None
    level: str
    direction: str
    baseline_period: Period | None = None
    baseline_value: float | None = None
    target_value: float | None = None
    target_period: Period | None = None
    limit: float | None = None
    frequency: str = YEARLY
    series: Mapping[str | None, Sequence[tuple[Period, float | None]]] = field(default_factory=dict)
    override: Override | None = None
    # The newest period of any series, breakdowns included (None: no values at all). Freshness
    # is the later of it and the headline's newest; with values but no headline, the result
    # says that a headline series must be chosen ("no_headline"), never "no values".
    latest_period: Period | None = None
    # Ended periods still missing (freshness.owed_periods), and when the indicator was created
    # or published: freshness counts both (freshness.data_freshness).
    owed: Sequence[date] = ()
    listed_on: date | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {self.level!r}.")
        if self.frequency not in FREQUENCIES:
            raise ValueError(
                f"frequency must be one of {', '.join(FREQUENCIES)}, got {self.frequency!r}."
            )
        direction_sign(self.direction)
        if self.override is not None:
            override = Override(*self.override)
            if override.status not in STATUSES:
                raise ValueError(
                    f"An indicator override status must be one of {', '.join(STATUSES)}, "
                    f"got {override.status!r}."
                )
            if not override.reason or not override.reason.strip():
                raise ValueError("A manual override needs a reason.")
            object.__setattr__(self, "override", override)


@dataclass(frozen=True, slots=True)
class InterventionInput:
    """One intervention: its facts plus where it sits in the mission."""

    facts: InterventionFacts
    outcome_id: int | str | None
    lead_department_id: int | str
    partner_department_ids: Sequence[int | str] = ()
    age_min: int | None = None
    age_max: int | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "partner_department_ids", tuple(self.partner_department_ids))
        if not math.isfinite(self.weight) or self.weight < 0:
            raise ValueError(f"weight must be finite and not negative, got {self.weight!r}.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}.")

    @property
    def department_ids(self) -> tuple[int | str, ...]:
        """Lead first, then partners, without repeats."""
        return tuple(dict.fromkeys((self.lead_department_id, *self.partner_department_ids)))


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """An indicator's outcome-lens result, its breakdowns and the freshness of its data."""

    indicator_id: int | str
    outcome_id: int | str | None
    level: str
    status: str
    reason: str | None
    manual: bool
    override_reason: str | None
    override_author: str | None
    headline: Assessment
    breakdowns: Mapping[str, Assessment]
    freshness: DataFreshness

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "indicator_id": self.indicator_id,
            "outcome_id": self.outcome_id,
            "level": self.level,
            "status": self.status,
            "reason": self.reason,
            "manual": self.manual,
            "override_reason": self.override_reason,
            "override_author": self.override_author,
            "headline": self.headline.to_dict(),
            "breakdowns": {key: value.to_dict() for key, value in self.breakdowns.items()},
            "freshness": self.freshness.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ImplementationSummary:
    """Counts by status and the weighted progress of a set of interventions."""

    count: int
    active_count: int
    counts: Mapping[str, int]
    progress: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "count": self.count,
            "active_count": self.active_count,
            "counts": dict(self.counts),
            "progress": self.progress,
        }


@dataclass(frozen=True, slots=True)
class FreshnessSummary:
    """How current the indicator data and the intervention updates are."""

    indicator_count: int
    indicators_current: int
    indicators_current_share: float | None
    overdue_indicator_ids: tuple[int | str, ...]
    active_intervention_count: int
    interventions_updated: int
    interventions_updated_share: float | None
    overdue_intervention_ids: tuple[int | str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "indicator_count": self.indicator_count,
            "indicators_current": self.indicators_current,
            "indicators_current_share": self.indicators_current_share,
            "overdue_indicator_ids": list(self.overdue_indicator_ids),
            "active_intervention_count": self.active_intervention_count,
            "interventions_updated": self.interventions_updated,
            "interventions_updated_share": self.interventions_updated_share,
            "overdue_intervention_ids": list(self.overdue_intervention_ids),
        }


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    """Both lenses and freshness for one outcome, or for the whole mission."""

    outcome_lens: Combined
    output_lens: Combined
    implementation: ImplementationSummary
    freshness: FreshnessSummary
    indicator_ids: tuple[int | str, ...]
    intervention_ids: tuple[int | str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "outcome_lens": self.outcome_lens.to_dict(),
            "output_lens": self.output_lens.to_dict(),
            "implementation": self.implementation.to_dict(),
            "freshness": self.freshness.to_dict(),
            "indicator_ids": list(self.indicator_ids),
            "intervention_ids": list(self.intervention_ids),
        }


@dataclass(frozen=True, slots=True)
class AgeCoverage:
    """Who serves one age: the active interventions and the departments behind them."""

    age: int
    intervention_ids: tuple[int | str, ...]
    department_ids: tuple[int | str, ...]

    @property
    def department_count(self) -> int:
        """Distinct departments reaching this age."""
        return len(self.department_ids)

    @property
    def covered(self) -> bool:
        """At least one active intervention serves this age."""
        return bool(self.intervention_ids)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Life-course coverage of a population mission's age range."""

    age_min: int
    age_max: int
    ages: tuple[AgeCoverage, ...]
    gaps: tuple[tuple[int, int], ...]
    untargeted_intervention_ids: tuple[int | str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "age_min": self.age_min,
            "age_max": self.age_max,
            "ages": [
                {
                    "age": age.age,
                    "intervention_ids": list(age.intervention_ids),
                    "department_ids": list(age.department_ids),
                    "department_count": age.department_count,
                }
                for age in self.ages
            ],
            "gaps": [list(gap) for gap in self.gaps],
            "untargeted_intervention_ids": list(self.untargeted_intervention_ids),
        }


@dataclass(frozen=True, slots=True)
class MissionRollup:
    """Everything a mission page needs: the mission summary, per-outcome summaries and details."""

    today: date
    mission: ProgressSummary
    outcomes: Mapping[int | str | None, ProgressSummary]
    indicators: Mapping[int | str, IndicatorResult]
    interventions: Mapping[int | str, InterventionAssessment]
    coverage: Coverage | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (outcome keys as strings, ``None`` as ``"none"``)."""
        return {
            "today": self.today.isoformat(),
            "mission": self.mission.to_dict(),
            "outcomes": {
                "none" if key is None else str(key): value.to_dict()
                for key, value in self.outcomes.items()
            },
            "indicators": {str(key): value.to_dict() for key, value in self.indicators.items()},
            "interventions": {
                str(key): value.to_dict() for key, value in self.interventions.items()
            },
            "coverage": None if self.coverage is None else self.coverage.to_dict(),
        }


NO_HEADLINE = (
    "The values have no headline (total) series: choose the breakdown that stands for the whole, "
    "such as Total or Both sexes."
)


def _period_date(period: Period) -> date:
    if isinstance(period, date):
        return period
    return date(math.floor(period), 1, 1)


def _headline_with_baseline(
    indicator: IndicatorInput,
) -> tuple[list[tuple[Period, float | None]], Period | None]:
    """The headline points with the baseline point added when missing, and the latest period."""
    points = list(indicator.series.get(None, ()))
    baseline_time = None
    if indicator.baseline_period is not None and indicator.baseline_value is not None:
        baseline_time = period_to_years(indicator.baseline_period)
    found = False
    latest_time = -math.inf
    latest: Period | None = None
    for index, (period, value) in enumerate(points):
        t = period_to_years(period)
        if t == baseline_time:
            found = True
            if value is None:
                points[index] = (period, indicator.baseline_value)
                value = indicator.baseline_value
        if value is not None and t > latest_time:
            latest_time, latest = t, period
    if baseline_time is not None and not found:
        assert indicator.baseline_period is not None
        points.append((indicator.baseline_period, indicator.baseline_value))
        if baseline_time > latest_time:
            latest = indicator.baseline_period
    return points, latest


def _assess(indicator: IndicatorInput, points: Sequence[tuple[Period, Any]]) -> Assessment:
    try:
        return assess_series(
            points,
            direction=indicator.direction,
            base_period=indicator.baseline_period,
            target=indicator.target_value,
            target_period=indicator.target_period,
            limit=indicator.limit,
        )
    except (ValueError, TypeError) as error:
        return unavailable(str(error), direction=indicator.direction)


def assess_indicator(indicator: IndicatorInput, today: date) -> IndicatorResult:
    """Outcome-lens result and data freshness of one indicator on ``today``."""
    try:
        points, latest = _headline_with_baseline(indicator)
    except (ValueError, TypeError) as error:
        points, latest = [], None
        headline = unavailable(str(error), direction=indicator.direction)
    else:
        headline = _assess(indicator, points)
    if indicator.latest_period is not None:
        # Values exist but none in the headline series (a baseline alone is no series): say so,
        # rather than "no values" or "two periods are needed".
        if headline.reason_code == "no_values" or (
            not indicator.series.get(None) and headline.status == "not_available"
        ):
            headline = unavailable(NO_HEADLINE, direction=indicator.direction, code="no_headline")
        if latest is None or period_to_years(indicator.latest_period) > period_to_years(latest):
            latest = indicator.latest_period
    breakdowns = {
        key: _assess(indicator, series)
        for key, series in indicator.series.items()
        if key is not None
    }
    freshness = data_freshness(
        indicator.frequency,
        None if latest is None else _period_date(latest),
        today,
        owed=indicator.owed,
        listed_on=indicator.listed_on,
    )
    override = indicator.override
    return IndicatorResult(
        indicator_id=indicator.id,
        outcome_id=indicator.outcome_id,
        level=indicator.level,
        status=headline.status if override is None else override.status,
        reason=headline.reason if override is None else override.reason,
        manual=override is not None,
        override_reason=None if override is None else override.reason,
        override_author=None if override is None else override.author,
        headline=headline,
        breakdowns=MappingProxyType(breakdowns),
        freshness=freshness,
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _summarise(
    indicators: Sequence[IndicatorResult],
    interventions: Sequence[tuple[InterventionInput, InterventionAssessment]],
) -> ProgressSummary:
    outcome_parts = [r.headline for r in indicators if r.level == MISSION_OUTCOME]
    output_parts = [r.headline for r in indicators if r.level == INTERVENTION_OUTPUT]
    counts = dict.fromkeys(IMPLEMENTATION_STATUSES, 0)
    for _item, status in interventions:
        counts[status.status] = counts.get(status.status, 0) + 1
    progress = weighted_rollup((status.progress, item.weight) for item, status in interventions)
    active = [status for _item, status in interventions if status.active]
    current = sum(1 for r in indicators if r.freshness.current)
    updated = sum(1 for status in active if not status.update_overdue)
    freshness = FreshnessSummary(
        indicator_count=len(indicators),
        indicators_current=current,
        indicators_current_share=_share(current, len(indicators)),
        overdue_indicator_ids=tuple(r.indicator_id for r in indicators if not r.freshness.current),
        active_intervention_count=len(active),
        interventions_updated=updated,
        interventions_updated_share=_share(updated, len(active)),
        overdue_intervention_ids=tuple(s.intervention_id for s in active if s.update_overdue),
    )
    return ProgressSummary(
        outcome_lens=combine(outcome_parts),
        output_lens=combine(output_parts),
        implementation=ImplementationSummary(
            count=len(interventions),
            active_count=len(active),
            counts=MappingProxyType(counts),
            progress=progress,
        ),
        freshness=freshness,
        indicator_ids=tuple(r.indicator_id for r in indicators),
        intervention_ids=tuple(status.intervention_id for _item, status in interventions),
    )


def life_course_coverage(
    interventions: Iterable[tuple[InterventionInput, InterventionAssessment]],
    age_min: int,
    age_max: int,
) -> Coverage:
    """Which active interventions and departments serve each age, and the uncovered gaps."""
    if age_min > age_max:
        raise ValueError(f"age_min {age_min} is above age_max {age_max}.")
    serving: dict[int, list[InterventionInput]] = {age: [] for age in range(age_min, age_max + 1)}
    untargeted: list[int | str] = []
    for item, status in interventions:
        if not status.active:
            continue
        if item.age_min is None and item.age_max is None:
            untargeted.append(item.facts.id)
            continue
        low = age_min if item.age_min is None else max(item.age_min, age_min)
        high = age_max if item.age_max is None else min(item.age_max, age_max)
        for age in range(low, high + 1):
            serving[age].append(item)
    ages = []
    gaps: list[tuple[int, int]] = []
    gap_start: int | None = None
    for age in range(age_min, age_max + 1):
        items = serving[age]
        departments = dict.fromkeys(dep for item in items for dep in item.department_ids)
        ages.append(AgeCoverage(age, tuple(item.facts.id for item in items), tuple(departments)))
        if not items and gap_start is None:
            gap_start = age
        elif items and gap_start is not None:
            gaps.append((gap_start, age - 1))
            gap_start = None
    if gap_start is not None:
        gaps.append((gap_start, age_max))
    return Coverage(age_min, age_max, tuple(ages), tuple(gaps), tuple(untargeted))


def rollup_mission(
    indicators: Iterable[IndicatorInput],
    interventions: Iterable[InterventionInput],
    *,
    today: date,
    age_min: int | None = None,
    age_max: int | None = None,
) -> MissionRollup:
    """Roll a mission up: per outcome and overall, both lenses, freshness and coverage."""
    indicator_results = [assess_indicator(indicator, today) for indicator in indicators]
    intervention_pairs = [(item, assess_intervention(item.facts, today)) for item in interventions]

    keys: dict[int | str | None, None] = {}
    by_outcome_indicators: dict[int | str | None, list[IndicatorResult]] = {}
    by_outcome_interventions: dict[
        int | str | None, list[tuple[InterventionInput, InterventionAssessment]]
    ] = {}
    for result in indicator_results:
        keys.setdefault(result.outcome_id)
        by_outcome_indicators.setdefault(result.outcome_id, []).append(result)
    for pair in intervention_pairs:
        keys.setdefault(pair[0].outcome_id)
        by_outcome_interventions.setdefault(pair[0].outcome_id, []).append(pair)

    outcomes = {
        key: _summarise(by_outcome_indicators.get(key, []), by_outcome_interventions.get(key, []))
        for key in keys
    }
    coverage = None
    if age_min is not None and age_max is not None:
        coverage = life_course_coverage(intervention_pairs, age_min, age_max)
    return MissionRollup(
        today=today,
        mission=_summarise(indicator_results, intervention_pairs),
        outcomes=MappingProxyType(outcomes),
        indicators=MappingProxyType({r.indicator_id: r for r in indicator_results}),
        interventions=MappingProxyType(
            {status.intervention_id: status for _item, status in intervention_pairs}
        ),
        coverage=coverage,
    )
