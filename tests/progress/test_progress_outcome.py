"""Outcome lens: formulas, the DOMAIN.md worked example, rule order and edge cases."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from app.progress import (
    DETERIORATION,
    LIMITED_PROGRESS,
    METHOD_NO_TARGET,
    METHOD_TARGET,
    MODERATE_PROGRESS,
    NOT_AVAILABLE,
    SUBSTANTIAL_PROGRESS,
    TARGET_ACHIEVED,
    assess_series,
    combine,
    period_to_years,
    status_from_score,
)
from app.progress.outcome import Assessment


def assert_na(result: Assessment, fragment: str) -> None:
    assert result.status == NOT_AVAILABLE
    assert result.score is None
    assert result.reason is not None
    assert fragment in result.reason


# --- the worked example ------------------------------------------------------------------------


def test_worked_example_from_domain() -> None:
    result = assess_series(
        [(2021, 40), (2022, 37), (2023, 31), (2024, 28)],
        direction="decrease",
        target=10,
        target_period=2030,
    )
    c = result.components
    assert c.method == METHOD_TARGET
    assert c.cagr_observed == pytest.approx(-0.1121, abs=5e-5)
    assert c.cagr_required == pytest.approx(-0.1428, abs=5e-5)
    assert c.ratio == pytest.approx(0.785, abs=5e-4)
    assert result.status == MODERATE_PROGRESS
    assert result.score == pytest.approx(1.32, abs=5e-3)
    assert result.distance_travelled == pytest.approx(0.40)
    assert result.time_elapsed == pytest.approx(1 / 3)
    assert result.projected_at_target == pytest.approx(13.7, abs=0.05)
    assert result.reason is None


def test_worked_example_exact_formulas() -> None:
    result = assess_series(
        [(2021, 40), (2024, 28)], direction="decrease", target=10, target_period=2030
    )
    cagr_o = (28 / 40) ** (1 / 3) - 1
    cagr_r = (10 / 40) ** (1 / 9) - 1
    ratio = 1 * -1 * cagr_o / abs(cagr_r)
    c = result.components
    assert c.cagr_observed == pytest.approx(cagr_o, rel=1e-15)
    assert c.cagr_required == pytest.approx(cagr_r, rel=1e-15)
    assert c.ratio == pytest.approx(ratio, rel=1e-15)
    assert result.score == pytest.approx(7.1429 * ratio - 4.2857, rel=1e-15)
    assert result.projected_at_target == pytest.approx(28 * (1 + cagr_o) ** 6, rel=1e-12)
    assert (c.base_value, c.current_value, c.target_value, c.sign, c.d) == (40, 28, 10, 1, -1)
    assert (c.threshold_high, c.threshold_med, c.threshold_low) == (0.95, 0.6, 0.0)


def test_worked_example_explain_and_json() -> None:
    result = assess_series(
        [(2021, 40), (2024, 28)], direction="decrease", target=10, target_period=2030
    )
    text = "\n".join(result.explain())
    assert "-11.21 %" in text
    assert "-14.28 %" in text
    assert "0.7852" in text
    assert "moderate progress" in text
    assert "= 1.32" in text
    assert "40.00 % of the way" in text
    assert "33.33 % of the time" in text
    assert "13.72" in text
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["status"] == "moderate_progress"
    assert data["components"]["method"] == "target"
    assert data["components"]["thresholds"] == {"high": 0.95, "med": 0.6, "low": 0.0}
    assert data["components"]["progress_value"] == pytest.approx(0.7852278, abs=1e-6)


# --- statuses and scores with a target ---------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (30.0, SUBSTANTIAL_PROGRESS),
        (20.0, SUBSTANTIAL_PROGRESS),
        (17.0, MODERATE_PROGRESS),
        (13.0, LIMITED_PROGRESS),
        (11.0, LIMITED_PROGRESS),
        (10.0, LIMITED_PROGRESS),
        (9.0, DETERIORATION),
    ],
)
def test_target_status_bands_increase(current: float, status: str) -> None:
    # Base 10 in 2020, target 40 in 2030, current in 2025: required 14.87 %/yr.
    result = assess_series(
        [(2020, 10), (2025, current)], direction="increase", target=40, target_period=2030
    )
    assert result.status == status
    ratio = ((current / 10) ** (1 / 5) - 1) / (4 ** (1 / 10) - 1)
    assert result.components.ratio == pytest.approx(ratio)
    expected = 7.1429 * ratio - 4.2857 if ratio >= 0.6 else 4.1667 * ratio - 2.5
    assert result.score == pytest.approx(max(-5, min(5, expected)))


def test_target_thresholds_are_inclusive() -> None:
    # 5/8 - 1 = -0.375 and 3/8 - 1 = -0.625 are exact, so R is exactly 0.6.
    at_med = assess_series(
        [(2020, 8), (2021, 5)], direction="decrease", target=3, target_period=2021
    )
    assert at_med.components.ratio == 0.6
    assert at_med.status == MODERATE_PROGRESS
    assert at_med.score == pytest.approx(7.1429 * 0.6 - 4.2857)
    at_high = assess_series(
        [(2020, 8), (2021, 4.2)], direction="decrease", target=4, target_period=2021
    )
    assert at_high.components.ratio == 0.95
    assert at_high.status == SUBSTANTIAL_PROGRESS


def test_target_score_caps_at_five_and_minus_five() -> None:
    fast = assess_series(
        [(2020, 10), (2021, 39)], direction="increase", target=40, target_period=2030
    )
    assert fast.status == SUBSTANTIAL_PROGRESS
    assert fast.score == 5.0
    collapse = assess_series(
        [(2020, 10), (2021, 1)], direction="increase", target=40, target_period=2030
    )
    assert collapse.status == DETERIORATION
    assert collapse.score == -5.0


def test_status_comes_from_thresholds_not_from_score() -> None:
    # R just below 0.95: the score is already 2.5 (the band of substantial progress), but the
    # status is moderate because it comes from R.
    base, target, years = 100.0, 200.0, 10
    cagr_r = 2 ** (1 / years) - 1
    ratio = 0.949995
    current = base * (1 + ratio * cagr_r)
    result = assess_series(
        [(2020, base), (2021, current)], direction="increase", target=target, target_period=2030
    )
    assert result.components.ratio == pytest.approx(ratio, abs=1e-9)
    assert result.components.ratio < 0.95
    assert result.status == MODERATE_PROGRESS
    assert result.score is not None
    assert result.score >= 2.5
    assert status_from_score(result.score) == SUBSTANTIAL_PROGRESS


# --- rule 1: target achieved -------------------------------------------------------------------


def test_target_achieved_with_a_single_point() -> None:
    result = assess_series([(2024, 5)], direction="decrease", target=10, target_period=2030)
    assert result.status == TARGET_ACHIEVED
    assert result.score == 5.0
    assert result.reason is None


def test_target_achieved_beats_sign_change_and_missing_target_period() -> None:
    sign_change = assess_series(
        [(2020, -5), (2024, 3)], direction="increase", target=2, target_period=2030
    )
    assert sign_change.status == TARGET_ACHIEVED
    no_period = assess_series([(2020, 5), (2024, 12)], direction="increase", target=10)
    assert no_period.status == TARGET_ACHIEVED
    base_after_data = assess_series(
        [(2020, 5), (2024, 12)],
        direction="increase",
        base_period=2026,
        target=10,
        target_period=2030,
    )
    assert base_after_data.status == TARGET_ACHIEVED
    assert base_after_data.components.base_value is None


def test_target_met_exactly_counts_as_achieved() -> None:
    up = assess_series([(2020, 5), (2024, 10)], direction="increase", target=10, target_period=2030)
    down = assess_series(
        [(2020, 20), (2024, 10)], direction="decrease", target=10, target_period=2030
    )
    assert up.status == down.status == TARGET_ACHIEVED


def test_target_achieved_keeps_the_calculation() -> None:
    result = assess_series(
        [(2020, 40), (2024, 8)], direction="decrease", target=10, target_period=2030
    )
    assert result.status == TARGET_ACHIEVED
    assert result.components.ratio is not None
    assert result.components.ratio > 0.95
    assert result.distance_travelled == pytest.approx(32 / 30)
    assert any("target achieved" in line for line in result.explain())


# --- zeros ----------------------------------------------------------------------------------


def test_zero_target_is_replaced_by_0001() -> None:
    result = assess_series(
        [(2020, 10), (2025, 5)], direction="decrease", target=0, target_period=2030
    )
    c = result.components
    assert c.target_value == 0
    assert c.target_value_used == 0.001
    assert c.cagr_required == pytest.approx((0.001 / 10) ** (1 / 10) - 1)
    ratio = -((0.5 ** (1 / 5)) - 1) / abs(c.cagr_required)
    assert c.ratio == pytest.approx(ratio)
    assert result.status == LIMITED_PROGRESS
    assert result.score == pytest.approx(4.1667 * ratio - 2.5)
    # Distance travelled uses the target as given.
    assert result.distance_travelled == pytest.approx(0.5)


def test_zero_target_achievement_uses_0001() -> None:
    # The reference replaces the target before checking achievement: 0.0005 <= 0.001.
    result = assess_series(
        [(2020, 10), (2025, 0.0005)], direction="decrease", target=0, target_period=2030
    )
    assert result.status == TARGET_ACHIEVED


def test_zero_base_uses_0001_for_growth_only() -> None:
    result = assess_series([(2020, 0), (2022, 4)], direction="increase")
    c = result.components
    assert c.base_value == 0
    assert c.growth_base_value == 0.001
    assert c.sign == 1
    assert c.cagr_observed == pytest.approx((4 / 0.001) ** 0.5 - 1)
    assert result.status == SUBSTANTIAL_PROGRESS
    assert result.score == 5.0


def test_zero_base_with_limit_keeps_coefficient_from_zero_base() -> None:
    # C is computed from b = 0 (not 0.001): b <= l gives C = 1 - 0 = 1.
    result = assess_series([(2020, 0), (2022, 4)], direction="increase", limit=100)
    assert result.components.limit_coefficient == 1.0


def test_zero_base_and_negative_current_is_not_available() -> None:
    result = assess_series([(2020, 0), (2022, -4)], direction="decrease")
    assert_na(result, "different signs")


def test_zero_current_is_allowed() -> None:
    result = assess_series([(2020, 8), (2022, 0)], direction="decrease")
    assert result.components.cagr_observed == -1.0
    assert result.components.growth == 1.0
    assert result.status == SUBSTANTIAL_PROGRESS
    negative_base = assess_series([(2020, -8), (2022, 0)], direction="increase")
    assert negative_base.components.sign == -1
    assert negative_base.components.growth == 1.0
    assert negative_base.status == SUBSTANTIAL_PROGRESS


def test_target_equal_to_base_is_not_available() -> None:
    result = assess_series(
        [(2020, 10), (2024, 9)], direction="increase", target=10, target_period=2030
    )
    assert_na(result, "required growth rate is zero")


# --- signs -----------------------------------------------------------------------------------


def test_sign_change_between_base_and_current_is_not_available() -> None:
    result = assess_series([(2020, 5), (2024, -1)], direction="increase")
    assert_na(result, "different signs")
    assert result.components.base_value == 5
    assert result.components.cagr_observed is None


def test_target_of_other_sign_than_base_is_not_available() -> None:
    result = assess_series(
        [(2020, -10), (2024, -6)], direction="increase", target=0, target_period=2030
    )
    assert_na(result, "target")
    positive = assess_series(
        [(2020, 10), (2024, 6)], direction="decrease", target=-5, target_period=2030
    )
    assert_na(positive, "different signs")


def test_negative_values_use_sign_minus_one() -> None:
    # A deficit of -100 shrinking to -50 is improvement when higher is better.
    result = assess_series([(2020, -100), (2024, -50)], direction="increase")
    c = result.components
    assert c.sign == -1
    assert c.cagr_observed == pytest.approx(0.5**0.25 - 1)
    assert c.growth == pytest.approx(-(0.5**0.25 - 1))
    assert result.status == SUBSTANTIAL_PROGRESS
    with_target = assess_series(
        [(2020, -100), (2024, -50)], direction="increase", target=-10, target_period=2030
    )
    ratio = -1 * 1 * (0.5**0.25 - 1) / abs(0.1 ** (1 / 10) - 1)
    assert with_target.components.ratio == pytest.approx(ratio)
    assert with_target.status == MODERATE_PROGRESS


# --- no target, thresholds and limits ----------------------------------------------------------


@pytest.mark.parametrize(
    ("growth", "status", "score"),
    [
        (0.03, SUBSTANTIAL_PROGRESS, 5.0),
        (0.0151, SUBSTANTIAL_PROGRESS, 2.55),
        (0.012, MODERATE_PROGRESS, 1.75),
        (0.01, MODERATE_PROGRESS, 1.25),
        (0.0051, MODERATE_PROGRESS, 0.025),
        (0.002, LIMITED_PROGRESS, -1.5),
        (0.0, LIMITED_PROGRESS, -2.5),
        (-0.01, DETERIORATION, -3.75),
        (-0.05, DETERIORATION, -5.0),
    ],
)
def test_no_target_bands(growth: float, status: str, score: float) -> None:
    result = assess_series([(2020, 100), (2021, 100 * (1 + growth))], direction="increase")
    assert result.components.method == METHOD_NO_TARGET
    assert result.components.growth == pytest.approx(growth, abs=1e-12)
    assert result.status == status
    assert result.score == pytest.approx(score, abs=1e-9)


def test_no_target_decrease_flips_growth() -> None:
    result = assess_series([(2020, 100), (2022, 100 * 0.98**2)], direction="decrease")
    assert result.components.growth == pytest.approx(0.02)
    assert result.status == SUBSTANTIAL_PROGRESS
    assert result.score == pytest.approx(500 * 0.02 - 5)


def limit_coefficient(b: float, limit: float) -> float:
    if b >= 2 * limit:
        return 1.0
    if b <= limit:
        return 1 - (b / limit) ** 4.44
    return 1 - ((2 * limit - b) / limit) ** 4.44


@pytest.mark.parametrize(
    ("base", "limit", "region"),
    [
        (50.0, 100.0, "b <= l"),
        (90.0, 100.0, "b <= l"),
        (100.0, 100.0, "b == l"),
        (120.0, 100.0, "l < b < 2l"),
        (199.0, 100.0, "l < b < 2l"),
        (200.0, 100.0, "b >= 2l"),
        (350.0, 100.0, "b >= 2l"),
        (-90.0, -100.0, "negative b <= l"),
        (0.0, 0.0, "both zero"),
        (5.0, 0.0, "zero limit"),
    ],
)
def test_limit_coefficient_regions(base: float, limit: float, region: str) -> None:
    current = base * 1.004 if base else 0.0
    result = assess_series([(2020, base), (2021, current)], direction="increase", limit=limit)
    coefficient = limit_coefficient(abs(base), abs(limit))
    c = result.components
    assert c.limit_coefficient == pytest.approx(coefficient), region
    assert c.threshold_high == pytest.approx(0.015 * coefficient)
    assert c.threshold_med == pytest.approx(0.005 * coefficient)
    assert c.threshold_low == 0.0


def test_limit_near_limit_makes_small_growth_substantial() -> None:
    # 90 % of a 100 % limit: C = 1 - 0.9**4.44 = 0.3736, so 0.6 %/yr growth counts as substantial.
    result = assess_series([(2020, 90), (2021, 90.54)], direction="increase", limit=100)
    c = result.components
    assert c.limit_coefficient == pytest.approx(1 - 0.9**4.44)
    v = 90.54 / 90 - 1
    assert result.status == SUBSTANTIAL_PROGRESS
    assert result.score == pytest.approx(min(500 * v / c.limit_coefficient - 5, 5))
    assert result.explain()[-1] == "Score = min(500 * v / C - 5, 5) = 3.03."
    plain = assess_series([(2020, 90), (2021, 90.54)], direction="increase")
    assert plain.status == MODERATE_PROGRESS


def test_limit_in_upper_region_scores_with_coefficient() -> None:
    result = assess_series([(2020, 150), (2021, 150.3)], direction="decrease", limit=100)
    coefficient = 1 - (50 / 100) ** 4.44
    v = -(150.3 / 150 - 1)
    assert result.components.limit_coefficient == pytest.approx(coefficient)
    assert result.status == DETERIORATION
    assert result.score == pytest.approx(125 * v - 2.5)
    better = assess_series([(2020, 150), (2021, 149.0)], direction="decrease", limit=100)
    v2 = 1 - 149.0 / 150
    assert v2 >= 0.005 * coefficient
    assert v2 < 0.015 * coefficient
    assert better.status == MODERATE_PROGRESS
    assert better.score == pytest.approx(250 * v2 / coefficient - 1.25)


def test_limit_coefficient_zero() -> None:
    # Base at the limit: C = 0, every threshold is 0; holding or improving scores 5.
    held = assess_series([(2020, 100), (2022, 100)], direction="increase", limit=100)
    assert held.components.limit_coefficient == 0.0
    assert held.status == SUBSTANTIAL_PROGRESS
    assert held.score == 5.0
    assert held.explain()[-1].startswith("Score = 5: C = 0")
    slipping = assess_series([(2020, 100), (2021, 99)], direction="increase", limit=100)
    assert slipping.status == DETERIORATION
    assert slipping.score == pytest.approx(125 * -0.01 - 2.5)


def test_limit_ignored_with_a_target() -> None:
    result = assess_series(
        [(2020, 90), (2021, 91)], direction="increase", target=95, target_period=2030, limit=100
    )
    assert result.components.limit == 100
    assert result.components.limit_coefficient is None
    assert result.components.threshold_high == 0.95
    assert any("ignored" in line for line in result.explain())


# --- periods, base resolution ------------------------------------------------------------------


def test_one_point_without_target_is_not_available() -> None:
    assert_na(assess_series([(2024, 5)], direction="increase"), "not later than the base")


def test_base_after_last_point_is_not_available() -> None:
    result = assess_series([(2020, 5), (2022, 6)], direction="increase", base_period=2023)
    assert_na(result, "No value at or after the base period 2023")


def test_base_is_latest_point_is_not_available() -> None:
    result = assess_series([(2020, 5), (2022, 6)], direction="increase", base_period=2022)
    assert_na(result, "not later than the base")


def test_missing_base_value_moves_to_next_period() -> None:
    result = assess_series(
        [(2018, 1), (2020, None), (2021, 10), (2023, 12)], direction="increase", base_period=2020
    )
    c = result.components
    assert (c.base_period, c.base_value) == (2021, 10)
    assert c.cagr_observed == pytest.approx(1.2**0.5 - 1)


def test_base_period_not_in_data_moves_to_next_period() -> None:
    result = assess_series(
        [(2014, 1), (2016, 10), (2019, 12)], direction="increase", base_period=2015
    )
    assert result.components.base_period == 2016


def test_default_base_is_earliest_value_and_points_are_sorted() -> None:
    result = assess_series([(2024, 28), (2021, None), (2022, 40)], direction="decrease")
    c = result.components
    assert (c.base_period, c.current_period) == (2022, 2024)


def test_no_values_is_not_available() -> None:
    assert_na(assess_series([], direction="increase"), "no values")
    assert_na(assess_series([(2020, None)], direction="increase"), "no values")


def test_target_without_target_period_is_not_available() -> None:
    result = assess_series([(2020, 5), (2022, 6)], direction="increase", target=10)
    assert_na(result, "without a target period")


def test_target_period_before_base_is_not_available() -> None:
    result = assess_series(
        [(2020, 5), (2022, 6)], direction="increase", target=10, target_period=2019
    )
    assert_na(result, "not later than the base")


def test_current_after_target_period_still_assessed() -> None:
    result = assess_series(
        [(2020, 5), (2032, 6)], direction="increase", target=10, target_period=2030
    )
    assert result.status == LIMITED_PROGRESS
    assert result.time_elapsed == pytest.approx(1.2)


def test_period_to_years() -> None:
    assert period_to_years(2024) == 2024.0
    assert period_to_years(date(2024, 1, 1)) == 2024.0
    assert period_to_years(date(2023, 7, 2)) == pytest.approx(2023 + 182 / 365)
    assert period_to_years(date(2024, 7, 1)) == pytest.approx(2024 + 182 / 366)
    assert period_to_years(date(2024, 12, 31)) == pytest.approx(2024 + 365 / 366)
    assert period_to_years(2024.5) == 2024.5
    with pytest.raises(TypeError):
        period_to_years(True)
    with pytest.raises(TypeError):
        period_to_years("2024")  # type: ignore[arg-type]


def test_date_periods_that_are_not_year_starts() -> None:
    start, end = date(2023, 7, 1), date(2024, 4, 1)
    result = assess_series(
        [(start, 50.0), (end, 45.0)],
        direction="decrease",
        target=30,
        target_period=date(2026, 7, 1),
    )
    dt = period_to_years(end) - period_to_years(start)
    horizon = period_to_years(date(2026, 7, 1)) - period_to_years(start)
    assert dt == pytest.approx(1 + 91 / 366 - 181 / 365)
    cagr_o = 0.9 ** (1 / dt) - 1
    cagr_r = 0.6 ** (1 / horizon) - 1
    assert result.components.cagr_observed == pytest.approx(cagr_o)
    assert result.components.ratio == pytest.approx(-cagr_o / abs(cagr_r))
    assert result.time_elapsed == pytest.approx(dt / horizon)
    assert result.components.ratio == pytest.approx(0.8342, abs=1e-4)
    assert result.status == MODERATE_PROGRESS
    assert result.score == pytest.approx(7.1429 * result.components.ratio - 4.2857)


def test_monthly_dates_one_month_apart_are_assessed() -> None:
    result = assess_series([(date(2024, 1, 1), 100), (date(2024, 2, 1), 101)], direction="increase")
    assert result.status == SUBSTANTIAL_PROGRESS
    assert result.components.current_time - result.components.base_time == pytest.approx(31 / 366)


def test_int_base_period_with_date_series() -> None:
    result = assess_series(
        [(date(2020, 6, 1), 1.0), (date(2021, 3, 1), 2.0), (date(2022, 3, 1), 3.0)],
        direction="increase",
        base_period=2021,
    )
    assert result.components.base_period == date(2021, 3, 1)


# --- invalid input --------------------------------------------------------------------------


def test_duplicate_periods_raise() -> None:
    with pytest.raises(ValueError, match="Duplicate period 2021"):
        assess_series([(2021, 1), (2022, 2), (2021, 3)], direction="increase")
    with pytest.raises(ValueError, match="Duplicate period 2021-01-01"):
        assess_series([(2021, 1), (date(2021, 1, 1), None)], direction="increase")


def test_unknown_direction_raises() -> None:
    with pytest.raises(ValueError, match="direction"):
        assess_series([(2021, 1), (2022, 2)], direction="up")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_raise(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        assess_series([(2021, 1), (2022, bad)], direction="increase")
    with pytest.raises(ValueError, match="finite"):
        assess_series([(2021, 1), (2022, 2)], direction="increase", target=bad, target_period=2030)
    with pytest.raises(ValueError, match="finite"):
        assess_series([(2021, 1), (2022, 2)], direction="increase", limit=bad)


def test_overflow_gives_not_available() -> None:
    tiny_gap = assess_series([(2020.0, 1.0), (2020.0 + 1e-9, 1e10)], direction="increase")
    assert_na(tiny_gap, "overflows")
    huge = assess_series([(2020, 1e-300), (2021, 1e300)], direction="increase")
    assert_na(huge, "overflows")
    # A huge observed growth over a tiny (but non-zero) required growth.
    ratio = assess_series(
        [(2020, 1.0), (2021, 1e300)],
        direction="increase",
        target=1e301,
        target_period=2020 + 7e17,
    )
    assert ratio.components.cagr_required is not None
    assert 0 < ratio.components.cagr_required < 1e-14
    assert_na(ratio, "progress ratio overflows")
    flat = assess_series(
        [(2020, 1.0), (2021, 2.0)], direction="increase", target=3.0, target_period=2020 + 1e300
    )
    assert_na(flat, "required growth rate is zero")


def test_generator_input_is_accepted() -> None:
    result = assess_series(((year, year - 2000) for year in (2020, 2022)), direction="increase")
    assert result.components.cagr_observed == pytest.approx(1.1**0.5 - 1)


def test_not_available_explain_gives_the_reason() -> None:
    result = assess_series([(2020, 5), (2024, -1)], direction="increase")
    lines = result.explain()
    assert lines[-1].startswith("Status: not available.")
    assert "different signs" in lines[-1]


# --- combine ---------------------------------------------------------------------------------


def series(current: float) -> Assessment:
    return assess_series([(2020, 100), (2021, current)], direction="increase")


def test_combine_mean_score_and_band() -> None:
    a, b = series(103), series(100.2)  # scores 5 and -1.5
    combined = combine([a, b])
    assert combined.score == pytest.approx((5 - 1.5) / 2)
    assert combined.status == MODERATE_PROGRESS
    assert (combined.count, combined.scored_count, combined.not_available_count) == (2, 2, 0)


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (5.0, SUBSTANTIAL_PROGRESS),
        (2.5, SUBSTANTIAL_PROGRESS),
        (2.49, MODERATE_PROGRESS),
        (0.0, MODERATE_PROGRESS),
        (-0.01, LIMITED_PROGRESS),
        (-2.5, LIMITED_PROGRESS),
        (-2.51, DETERIORATION),
        (-5.0, DETERIORATION),
    ],
)
def test_status_from_score_bands(score: float, status: str) -> None:
    assert status_from_score(score) == status


def test_combine_skips_not_available_and_counts_it() -> None:
    na = assess_series([(2020, 5), (2024, -1)], direction="increase")
    combined = combine([series(103), na])
    assert combined.score == 5.0
    assert combined.status == SUBSTANTIAL_PROGRESS
    assert (combined.count, combined.scored_count, combined.not_available_count) == (2, 1, 1)


def test_combine_target_achieved_only_when_all_are() -> None:
    achieved = assess_series([(2024, 5)], direction="decrease", target=10, target_period=2030)
    assert combine([achieved, achieved]).status == TARGET_ACHIEVED
    assert combine([achieved, achieved]).target_achieved_count == 2
    mixed = combine([achieved, series(103)])
    assert mixed.status == SUBSTANTIAL_PROGRESS
    assert mixed.score == 5.0
    with_na = combine([achieved, assess_series([(2020, 5)], direction="increase")])
    assert with_na.status == SUBSTANTIAL_PROGRESS


def test_combine_nothing_is_not_available() -> None:
    empty = combine([])
    assert empty.status == NOT_AVAILABLE
    assert empty.reason == "There are no series to combine."
    na = assess_series([(2020, 5)], direction="increase")
    none_scored = combine([na, na])
    assert none_scored.status == NOT_AVAILABLE
    assert none_scored.reason == "None of the 2 series could be assessed."
    assert none_scored.not_available_count == 2


def test_combine_to_dict_and_explain() -> None:
    combined = combine([series(103), series(100.2)])
    data = combined.to_dict(include_parts=True)
    assert data["status"] == "moderate_progress"
    assert len(data["parts"]) == 2
    assert "parts" not in combined.to_dict()
    text = " ".join(combined.explain())
    assert "Mean score of (5, -1.5) = 1.75" in text
