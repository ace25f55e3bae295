"""Cross-check assess_series against a plain re-implementation of Open SDG's algorithm."""

from __future__ import annotations

import random

import pytest

from app.progress import NOT_AVAILABLE, assess_series


def reference_progress(
    points: list[tuple[int, float | None]],
    direction: str,
    base_year: int | None,
    target: float | None,
    target_year: int | None,
    limit: float | None,
) -> tuple[str, float | None]:
    """Open SDG's SeriesProgress for yearly data, written out step by step.

    Follows sdg-build's order of operations; the only additions are DOMAIN.md's rules where the
    reference would crash or divide by zero (no base value, target of the other sign, target year
    not after the base year, target equal to base), which all give not_available.
    """
    data = {year: value for year, value in points if value is not None}
    if not data:
        return "not_available", None
    d = 1 if direction == "increase" else -1
    if target == 0:
        target = 0.001
    method = 1 if target is None else 2

    current_year = max(data)
    current_value = data[current_year]
    if base_year is None:
        base_year = min(data)
    if base_year not in data:
        later = [year for year in data if year > base_year]
        base_year = min(later) if later else None

    target_achieved = target is not None and (
        (d == -1 and current_value <= target) or (d == 1 and current_value >= target)
    )
    if base_year is None:
        return ("target_achieved", 5.0) if target_achieved else ("not_available", None)
    base_value = data[base_year]
    sign = -1 if base_value < 0 else 1

    coeff = 1.0
    if method == 1:
        thresholds = {"high": 0.015, "med": 0.005, "low": 0.0}
        if limit is not None:
            b, lim = abs(base_value), abs(limit)
            if b >= 2 * lim:
                coeff = 1.0
            elif b <= lim:
                coeff = 1 - (b / lim) ** 4.44
            else:
                coeff = 1 - ((2 * lim - b) / lim) ** 4.44
            thresholds = {key: value * coeff for key, value in thresholds.items()}
    else:
        thresholds = {"high": 0.95, "med": 0.6, "low": 0.0}

    # calculate_progress_value
    progress: float | None = None
    if base_value == 0:
        base_value = 0.001
    valid = True
    if (base_value > 0 and current_value < 0) or (base_value < 0 and current_value > 0):
        valid = False
    if base_year > current_year or current_year - base_year < 1:
        valid = False
    if method == 2:
        assert target is not None
        if target_year is None or target_year <= base_year:
            valid = False
        if (base_value > 0 and target < 0) or (base_value < 0 and target > 0):
            valid = False
    if valid:
        cagr_o = (current_value / base_value) ** (1 / (current_year - base_year)) - 1
        if method == 1:
            progress = sign * d * cagr_o
        else:
            assert target is not None
            assert target_year is not None
            cagr_r = (target / base_value) ** (1 / (target_year - base_year)) - 1
            progress = None if cagr_r == 0 else sign * d * cagr_o / abs(cagr_r)

    # get_progress_status
    if target_achieved:
        status = "target_achieved"
    elif progress is None:
        status = "not_available"
    elif progress >= thresholds["high"]:
        status = "substantial_progress"
    elif progress >= thresholds["med"]:
        status = "moderate_progress"
    elif progress >= thresholds["low"]:
        status = "limited_progress"
    else:
        status = "deterioration"

    # get_score
    if target_achieved:
        return status, 5.0
    if progress is None:
        return status, None
    if method == 1:
        if progress < thresholds["low"]:
            return status, max(125 * progress - 2.5, -5)
        if coeff == 0:
            return status, 5.0
        if progress >= thresholds["high"]:
            return status, min(500 * progress / coeff - 5, 5)
        if progress >= thresholds["med"]:
            return status, 250 * progress / coeff - 1.25
        return status, 500 * progress / coeff - 2.5
    if progress >= thresholds["med"]:
        return status, min(7.1429 * progress - 4.2857, 5)
    return status, max(4.1667 * progress - 2.5, -5)


def random_value(rng: random.Random, base: float | None) -> float | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.1:
        return 0.0
    if roll < 0.15 and base is not None:
        return base
    if roll < 0.55:
        return round(rng.uniform(0.1, 100), 2)
    if roll < 0.7:
        return -round(rng.uniform(0.1, 100), 2)
    if base is not None:
        return round(base * rng.uniform(0.5, 1.5), 3)
    return round(rng.lognormvariate(0, 2), 4)


def random_case(rng: random.Random) -> dict[str, object]:
    years = sorted(rng.sample(range(2005, 2031), rng.randint(1, 9)))
    first: float | None = None
    points: list[tuple[int, float | None]] = []
    for year in years:
        value = random_value(rng, first)
        if first is None and value not in (None, 0.0):
            first = value
        points.append((year, value))
    rng.shuffle(points)
    base_year = rng.choice([None, None, rng.randint(2003, 2032)])
    target = target_year = limit = None
    if rng.random() < 0.55:
        target = rng.choice([0.0, first, random_value(rng, first), random_value(rng, first)])
        if target is not None:
            target_year = rng.choice([None, rng.randint(2004, 2040), rng.randint(2030, 2040)])
            if target_year is None and rng.random() < 0.8:
                target_year = 2030
    if rng.random() < 0.5:
        limit = rng.choice([0.0, 100.0, first, -100.0, random_value(rng, first)])
    return {
        "points": points,
        "direction": rng.choice(["increase", "decrease"]),
        "base_year": base_year,
        "target": target,
        "target_year": target_year,
        "limit": limit,
    }


@pytest.mark.slow
def test_grid_of_random_yearly_series_matches_reference() -> None:
    rng = random.Random(20240601)
    statuses: dict[str, int] = {}
    for case_number in range(20000):
        case = random_case(rng)
        expected_status, expected_score = reference_progress(
            case["points"],  # type: ignore[arg-type]
            case["direction"],  # type: ignore[arg-type]
            case["base_year"],  # type: ignore[arg-type]
            case["target"],  # type: ignore[arg-type]
            case["target_year"],  # type: ignore[arg-type]
            case["limit"],  # type: ignore[arg-type]
        )
        result = assess_series(
            case["points"],  # type: ignore[arg-type]
            direction=case["direction"],  # type: ignore[arg-type]
            base_period=case["base_year"],  # type: ignore[arg-type]
            target=case["target"],  # type: ignore[arg-type]
            target_period=case["target_year"],  # type: ignore[arg-type]
            limit=case["limit"],  # type: ignore[arg-type]
        )
        message = f"case {case_number}: {case}"
        assert result.status == expected_status, message
        if expected_score is None:
            assert result.score is None, message
            assert result.reason, message
        else:
            assert result.score == pytest.approx(expected_score, abs=1e-6), message
        statuses[expected_status] = statuses.get(expected_status, 0) + 1
    # The grid exercises every status, so the comparison is not vacuous.
    assert set(statuses) == {
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
        NOT_AVAILABLE,
    }
    assert min(statuses.values()) > 200, statuses


@pytest.mark.parametrize(
    ("points", "kwargs", "status", "score"),
    [
        # Hand-computed reference outputs (values from running the reference steps by hand).
        ([(2015, 50), (2020, 40)], {"direction": "decrease"}, "substantial_progress", 5.0),
        ([(2015, 50), (2020, 49.5)], {"direction": "decrease"}, "limited_progress", None),
        ([(2015, 50), (2020, 60)], {"direction": "decrease"}, "deterioration", -5.0),
        (
            [(2015, 80), (2020, 85)],
            {"direction": "increase", "target": 100, "target_period": 2030},
            "moderate_progress",
            None,
        ),
    ],
)
def test_reference_spot_checks(
    points: list[tuple[int, float]], kwargs: dict[str, object], status: str, score: float | None
) -> None:
    result = assess_series(points, **kwargs)  # type: ignore[arg-type]
    ref_status, ref_score = reference_progress(
        points,  # type: ignore[arg-type]
        kwargs["direction"],  # type: ignore[arg-type]
        None,
        kwargs.get("target"),  # type: ignore[arg-type]
        kwargs.get("target_period"),  # type: ignore[arg-type]
        None,
    )
    assert result.status == ref_status == status
    assert result.score == pytest.approx(ref_score)
    if score is not None:
        assert result.score == pytest.approx(score)
