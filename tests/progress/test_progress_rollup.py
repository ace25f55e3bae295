"""Mission roll-up: both lenses per outcome, freshness shares and life-course coverage gaps."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.progress import (
    LIMITED_PROGRESS,
    MODERATE_PROGRESS,
    NOT_AVAILABLE,
    SUBSTANTIAL_PROGRESS,
    assess_series,
)
from app.progress.implementation import (
    AT_RISK,
    NOT_STARTED,
    ON_TRACK,
    STALE,
    STOPPED,
    InterventionFacts,
    Override,
    UpdateFact,
    assess_intervention,
)
from app.progress.rollup import (
    IndicatorInput,
    InterventionInput,
    MissionRollup,
    assess_indicator,
    life_course_coverage,
    rollup_mission,
)

TODAY = date(2025, 6, 1)
MONTHS = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(16)]  # 2024-01 .. 2025-04


def indicators() -> list[IndicatorInput]:
    return [
        IndicatorInput(
            id="A",
            outcome_id=1,
            level="mission_outcome",
            direction="decrease",
            baseline_period=2021,
            baseline_value=40,
            target_value=10,
            target_period=2030,
            series={
                None: [(2022, 37), (2024, 28)],
                "district:west": [(2021, 50), (2024, 30)],
                "district:east": [(2021, 30), (2024, 35)],
            },
        ),
        IndicatorInput(
            id="B",
            outcome_id=1,
            level="mission_outcome",
            direction="increase",
            series={None: [(2020, 100), (2021, 103)]},
        ),
        IndicatorInput(
            id="C",
            outcome_id=2,
            level="intervention_output",
            direction="increase",
            baseline_period=date(2024, 1, 1),
            baseline_value=999,  # the measurement for the baseline period wins
            target_value=30,
            target_period=date(2026, 12, 1),
            frequency="monthly",
            series={None: [(month, 10 + i / 2) for i, month in enumerate(MONTHS)]},
        ),
        IndicatorInput(
            id="D",
            outcome_id=2,
            level="mission_outcome",
            direction="increase",
            series={None: [(2021, 1), (2021, 2)]},
        ),
        IndicatorInput(
            id="E",
            outcome_id=None,
            level="mission_outcome",
            direction="decrease",
            series={None: [(2022, 5), (2024, 4)]},
            override=Override(LIMITED_PROGRESS, "New survey method", "analyst@city"),
        ),
    ]


def intervention(
    id_: str,
    outcome: int | None,
    lead: str,
    ages: tuple[int | None, int | None],
    *,
    update: UpdateFact | None = None,
    start: date = date(2024, 1, 1),
    stage: str = "scale",
    partners: tuple[str, ...] = (),
    weight: float = 1.0,
) -> InterventionInput:
    return InterventionInput(
        facts=InterventionFacts(
            id=id_, stage=stage, start_date=start, update_cycle_days=90, latest_update=update
        ),
        outcome_id=outcome,
        lead_department_id=lead,
        partner_department_ids=partners,
        age_min=ages[0],
        age_max=ages[1],
        weight=weight,
    )


def interventions() -> list[InterventionInput]:
    return [
        intervention(
            "I1",
            1,
            "EDU",
            (0, 5),
            update=UpdateFact(date(2025, 5, 1), ON_TRACK),
            partners=("WEL", "EDU"),
            weight=2,
        ),
        intervention("I2", 1, "WEL", (6, 9), update=UpdateFact(date(2025, 4, 15), AT_RISK)),
        intervention("I3", 2, "EDU", (11, 15), update=UpdateFact(date(2025, 1, 10), ON_TRACK)),
        intervention("I4", 2, "CUL", (16, 18), stage="stopped"),
        intervention(
            "I5",
            None,
            "HLT",
            (None, None),
            update=UpdateFact(date(2025, 5, 20), ON_TRACK),
            start=date(2024, 6, 1),
        ),
        intervention("I6", 2, "CUL", (16, 17), start=date(2025, 9, 1)),
    ]


@pytest.fixture
def rollup() -> MissionRollup:
    return rollup_mission(indicators(), interventions(), today=TODAY, age_min=0, age_max=18)


def test_indicator_headline_uses_baseline(rollup: MissionRollup) -> None:
    a = rollup.indicators["A"]
    c = a.headline.components
    assert (c.base_period, c.base_value, c.current_value) == (2021, 40.0, 28.0)
    assert a.status == MODERATE_PROGRESS
    assert a.headline.score == pytest.approx(1.3231039, abs=1e-6)
    assert a.freshness.current is True
    assert a.freshness.due == date(2026, 6, 29)


def test_indicator_breakdowns_are_assessed(rollup: MissionRollup) -> None:
    breakdowns = rollup.indicators["A"].breakdowns
    assert set(breakdowns) == {"district:west", "district:east"}
    west = assess_series(
        [(2021, 50), (2024, 30)],
        direction="decrease",
        base_period=2021,
        target=10,
        target_period=2030,
    )
    assert breakdowns["district:west"] == west
    assert breakdowns["district:east"].status == "deterioration"


def test_measurement_wins_over_configured_baseline(rollup: MissionRollup) -> None:
    c = rollup.indicators["C"].headline.components
    assert c.base_period == date(2024, 1, 1)
    assert c.base_value == 10.0
    assert c.current_period == date(2025, 4, 1)
    assert rollup.indicators["C"].freshness.due == date(2025, 6, 30)
    assert rollup.indicators["C"].freshness.current is True


def test_missing_baseline_measurement_is_filled_from_config() -> None:
    indicator = IndicatorInput(
        id="X",
        outcome_id=None,
        level="mission_outcome",
        direction="increase",
        baseline_period=2020,
        baseline_value=50,
        series={None: [(2020, None), (2023, 60)]},
    )
    result = assess_indicator(indicator, TODAY)
    assert result.headline.components.base_value == 50.0
    assert result.headline.components.cagr_observed == pytest.approx(1.2 ** (1 / 3) - 1)
    only_baseline = assess_indicator(
        IndicatorInput(
            id="Y",
            outcome_id=None,
            level="mission_outcome",
            direction="increase",
            baseline_period=2024,
            baseline_value=50,
        ),
        TODAY,
    )
    assert only_baseline.headline.status == NOT_AVAILABLE
    assert only_baseline.freshness.latest_period == date(2024, 1, 1)
    assert only_baseline.freshness.current is True


def test_unreadable_indicator_is_not_available_not_an_error(rollup: MissionRollup) -> None:
    d = rollup.indicators["D"]
    assert d.status == NOT_AVAILABLE
    assert d.reason is not None
    assert "Duplicate period 2021" in d.reason
    assert d.freshness.overdue is True


def test_indicator_override_is_manual_but_lens_uses_computed(rollup: MissionRollup) -> None:
    e = rollup.indicators["E"]
    assert e.status == LIMITED_PROGRESS
    assert e.manual is True
    assert (e.override_reason, e.override_author) == ("New survey method", "analyst@city")
    assert e.headline.status == SUBSTANTIAL_PROGRESS
    assert rollup.outcomes[None].outcome_lens.score == 5.0


def test_outcome_lens_per_outcome(rollup: MissionRollup) -> None:
    first = rollup.outcomes[1].outcome_lens
    assert first.score == pytest.approx((1.3231039 + 5) / 2, abs=1e-6)
    assert first.status == SUBSTANTIAL_PROGRESS
    assert first.count == 2
    second = rollup.outcomes[2]
    assert second.outcome_lens.status == NOT_AVAILABLE
    assert second.outcome_lens.reason == "None of the 1 series could be assessed."
    assert second.output_lens.count == 1
    assert second.output_lens.score == rollup.indicators["C"].headline.score
    assert list(rollup.outcomes) == [1, 2, None]


def test_mission_outcome_lens_counts_each_indicator_once(rollup: MissionRollup) -> None:
    mission = rollup.mission.outcome_lens
    assert mission.count == 4
    assert mission.not_available_count == 1
    assert mission.score == pytest.approx((1.3231039 + 5 + 5) / 3, abs=1e-6)
    assert mission.status == SUBSTANTIAL_PROGRESS
    assert rollup.mission.output_lens.count == 1


def test_implementation_lens(rollup: MissionRollup) -> None:
    statuses = {key: value.status for key, value in rollup.interventions.items()}
    assert statuses == {
        "I1": ON_TRACK,
        "I2": AT_RISK,
        "I3": STALE,
        "I4": STOPPED,
        "I5": ON_TRACK,
        "I6": NOT_STARTED,
    }
    mission = rollup.mission.implementation
    assert mission.count == 6
    assert mission.active_count == 4
    assert mission.counts["on_track"] == 2
    assert mission.counts["late"] == 0
    assert sum(mission.counts.values()) == 6
    assert mission.progress == pytest.approx((2 * 1.0 + 0.5 + 0.0 + 1.0) / 5)
    assert rollup.outcomes[1].implementation.progress == pytest.approx(2.5 / 3)
    assert rollup.outcomes[2].implementation.progress == 0.0
    assert rollup.outcomes[None].implementation.progress == 1.0


def test_freshness_shares(rollup: MissionRollup) -> None:
    fresh = rollup.mission.freshness
    assert (fresh.indicator_count, fresh.indicators_current) == (5, 3)
    assert fresh.indicators_current_share == pytest.approx(0.6)
    assert fresh.overdue_indicator_ids == ("B", "D")
    assert fresh.active_intervention_count == 4
    assert fresh.interventions_updated == 3
    assert fresh.interventions_updated_share == pytest.approx(0.75)
    assert fresh.overdue_intervention_ids == ("I3",)
    outcome_two = rollup.outcomes[2].freshness
    assert outcome_two.interventions_updated_share == 0.0
    assert outcome_two.indicators_current_share == pytest.approx(0.5)


def test_life_course_coverage(rollup: MissionRollup) -> None:
    coverage = rollup.coverage
    assert coverage is not None
    assert coverage.gaps == ((10, 10), (16, 18))
    assert coverage.untargeted_intervention_ids == ("I5",)
    by_age = {age.age: age for age in coverage.ages}
    assert len(by_age) == 19
    assert by_age[0].intervention_ids == ("I1",)
    assert by_age[0].department_ids == ("EDU", "WEL")
    assert by_age[0].department_count == 2
    assert by_age[7].department_ids == ("WEL",)
    assert by_age[10].covered is False
    assert by_age[12].intervention_ids == ("I3",)
    assert by_age[17].intervention_ids == ()


def test_coverage_overlaps_open_ranges_and_no_gaps() -> None:
    active = UpdateFact(date(2025, 5, 1), ON_TRACK)
    items = [
        intervention("P", None, "EDU", (None, 8), update=active),
        intervention("Q", None, "WEL", (5, None), update=active, partners=("SOC",)),
    ]
    pairs = [(item, assess_intervention(item.facts, TODAY)) for item in items]
    coverage = life_course_coverage(pairs, 0, 18)
    assert coverage.gaps == ()
    six = coverage.ages[6]
    assert six.intervention_ids == ("P", "Q")
    assert six.department_ids == ("EDU", "WEL", "SOC")
    assert coverage.ages[18].department_count == 2
    nothing = life_course_coverage([], 3, 5)
    assert nothing.gaps == ((3, 5),)
    with pytest.raises(ValueError, match="age_min"):
        life_course_coverage([], 5, 3)


def test_no_age_range_means_no_coverage() -> None:
    rollup = rollup_mission([], [], today=TODAY)
    assert rollup.coverage is None
    assert rollup.mission.outcome_lens.status == NOT_AVAILABLE
    assert rollup.mission.implementation.progress is None
    assert rollup.mission.freshness.indicators_current_share is None
    assert rollup.mission.freshness.interventions_updated_share is None


def test_to_dict_is_json(rollup: MissionRollup) -> None:
    data = json.loads(json.dumps(rollup.to_dict(), allow_nan=False))
    assert data["mission"]["implementation"]["counts"]["stale"] == 1
    assert set(data["outcomes"]) == {"1", "2", "none"}
    assert data["coverage"]["gaps"] == [[10, 10], [16, 18]]
    assert data["indicators"]["E"]["manual"] is True


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="level"):
        IndicatorInput(id=1, outcome_id=None, level="impact", direction="increase")
    with pytest.raises(ValueError, match="frequency"):
        IndicatorInput(
            id=1, outcome_id=None, level="mission_outcome", direction="increase", frequency="daily"
        )
    with pytest.raises(ValueError, match="direction"):
        IndicatorInput(id=1, outcome_id=None, level="mission_outcome", direction="up")
    with pytest.raises(ValueError, match="override status"):
        IndicatorInput(
            id=1,
            outcome_id=None,
            level="mission_outcome",
            direction="increase",
            override=("on_track", "why", "me"),
        )
    with pytest.raises(ValueError, match="weight"):
        intervention("Z", None, "EDU", (0, 1), weight=-1)
    with pytest.raises(ValueError, match="age_min"):
        intervention("Z", None, "EDU", (5, 1))
