"""Property tests of the outcome lens: monotonicity, mirror symmetries, bands and robustness.

Which mirror holds, worked out before asserting it:

* Negating every value (base, current, target, limit) and swapping the direction gives *exactly*
  the same status and score: ``yi / y0`` is unchanged, the sign ``s`` flips and so does ``d``, so
  ``s * d`` is unchanged; "``yi >= yT``" becomes "``-yi <= -yT``"; ``C`` uses absolute values. It
  needs a non-zero base and target, because 0 -> 0.001 is not negated.
* Scaling every value by a power of two leaves status and score bit-for-bit unchanged (ratios are
  exact), again with a non-zero base and target.
* Mapping ``y -> 1 / y`` (positive values) and swapping the direction is *not* exact: the observed
  growth becomes ``g' = 1 / (1 + g) - 1 = -g / (1 + g)``, so ``v' = v / (1 + g)`` and
  ``R' = R * (1 + h) / (1 + g)`` where ``h`` is the required growth. What holds exactly is the sign
  of the progress value (so deterioration is preserved both ways) and target achievement.
* A single series' status comes from thresholds on R or v, the score from separate formulas. The
  score bands agree with the status except within 1e-4 of a band edge (the target formulas use
  rounded constants: R = 0.949995 is moderate with a score of 2.50002).
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from app.progress import (
    DETERIORATION,
    NOT_AVAILABLE,
    STATUSES,
    TARGET_ACHIEVED,
    assess_series,
    combine,
    period_to_years,
    status_from_score,
)
from app.progress.outcome import Assessment

SETTINGS = settings(max_examples=300, deadline=None, database=None)

magnitudes = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
signed = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(["increase", "decrease"])


@st.composite
def yearly_points(draw: st.DrawFn, values: st.SearchStrategy[float] = signed) -> list:
    years = draw(st.lists(st.integers(2000, 2040), min_size=1, max_size=8, unique=True))
    return [(year, draw(values)) for year in years]


def score_of(result: Assessment) -> float:
    assert result.score is not None
    return result.score


@pytest.mark.slow
@SETTINGS
@given(
    base=signed,
    current=signed,
    better_by=st.floats(min_value=1e-9, max_value=1e6),
    direction=directions,
    target=st.one_of(st.none(), signed),
    limit=st.one_of(st.none(), signed),
    gap=st.integers(1, 15),
)
@example(
    base=40.0, current=28.0, better_by=2.0, direction="decrease", target=10.0, limit=None, gap=3
)
def test_better_current_value_never_lowers_score(
    base: float,
    current: float,
    better_by: float,
    direction: str,
    target: float | None,
    limit: float | None,
    gap: int,
) -> None:
    better = current + better_by if direction == "increase" else current - better_by
    assume(better != current)
    kwargs = {"direction": direction, "target": target, "target_period": 2035, "limit": limit}
    worse_result = assess_series([(2015, base), (2015 + gap, current)], **kwargs)  # type: ignore[arg-type]
    better_result = assess_series([(2015, base), (2015 + gap, better)], **kwargs)  # type: ignore[arg-type]
    if worse_result.score is None or better_result.score is None:
        return
    assert score_of(better_result) >= score_of(worse_result) - 1e-9


def negate(value: float | None) -> float | None:
    return None if value is None else -value


@pytest.mark.slow
@SETTINGS
@given(
    points=yearly_points(),
    direction=directions,
    target=st.one_of(st.none(), signed),
    limit=st.one_of(st.none(), signed),
)
def test_negating_values_and_swapping_direction_is_exact(
    points: list[tuple[int, float]], direction: str, target: float | None, limit: float | None
) -> None:
    base = min(points)[1]
    assume(base != 0 and target != 0)
    swapped = "decrease" if direction == "increase" else "increase"
    kwargs = {"target": target, "target_period": 2045, "limit": limit}
    original = assess_series(points, direction=direction, **kwargs)  # type: ignore[arg-type]
    mirrored = assess_series(
        [(year, -value) for year, value in points],
        direction=swapped,
        target=negate(target),
        target_period=2045,
        limit=negate(limit),
    )
    assert mirrored.status == original.status
    assert mirrored.score == original.score
    assert mirrored.components.progress_value == original.components.progress_value
    assert mirrored.distance_travelled == original.distance_travelled


@pytest.mark.slow
@SETTINGS
@given(
    points=yearly_points(),
    direction=directions,
    target=st.one_of(st.none(), signed),
    limit=st.one_of(st.none(), signed),
    power=st.integers(-20, 20),
)
def test_scaling_by_a_power_of_two_is_exact(
    points: list[tuple[int, float]],
    direction: str,
    target: float | None,
    limit: float | None,
    power: int,
) -> None:
    base = min(points)[1]
    assume(base != 0 and target != 0)
    numbers = [value for _year, value in points] + [target or 0.0, limit or 0.0]
    assume(all(value == 0 or abs(value) > 1e-200 for value in numbers))  # no underflow
    k = 2.0**power
    kwargs = {"direction": direction, "target_period": 2045}
    original = assess_series(points, target=target, limit=limit, **kwargs)  # type: ignore[arg-type]
    scaled = assess_series(
        [(year, value * k) for year, value in points],
        target=None if target is None else target * k,
        limit=None if limit is None else limit * k,
        **kwargs,  # type: ignore[arg-type]
    )
    assert scaled.status == original.status
    assert scaled.score == original.score


@pytest.mark.slow
@SETTINGS
@given(
    points=yearly_points(magnitudes),
    direction=directions,
    target=st.one_of(st.none(), magnitudes),
)
def test_reciprocal_mirror_keeps_achievement_and_deterioration(
    points: list[tuple[int, float]], direction: str, target: float | None
) -> None:
    swapped = "decrease" if direction == "increase" else "increase"
    original = assess_series(points, direction=direction, target=target, target_period=2045)
    mirrored = assess_series(
        [(year, 1 / value) for year, value in points],
        direction=swapped,
        target=None if target is None else 1 / target,
        target_period=2045,
    )
    current = max(points)[1]
    if target is not None and 1 / current != 1 / target:
        # Exact unless the two reciprocals round to the same float.
        assert (mirrored.status == TARGET_ACHIEVED) == (original.status == TARGET_ACHIEVED)
    c, m = original.components, mirrored.components
    if NOT_AVAILABLE in (original.status, mirrored.status) or c.cagr_observed is None:
        return
    assert c.base_value is not None
    assert c.base_time is not None
    assert c.current_time is not None
    # 1 + g straight from the values, to avoid the cancellation in 1 + (q - 1).
    one_plus_g = (current / c.base_value) ** (1 / (c.current_time - c.base_time))
    if c.growth is not None and m.growth is not None:
        assert m.growth * one_plus_g == pytest.approx(c.growth, rel=1e-9, abs=1e-12)
    if c.ratio is not None and m.ratio is not None and target is not None:
        assert c.target_time is not None
        assert c.cagr_required is not None
        assume(abs(c.cagr_required) > 1e-6)
        one_plus_h = (target / c.base_value) ** (1 / (c.target_time - c.base_time))
        assert m.ratio * one_plus_g == pytest.approx(c.ratio * one_plus_h, rel=1e-6, abs=1e-9)
    if abs(c.cagr_observed) > 1e-9 and TARGET_ACHIEVED not in (original.status, mirrored.status):
        assert (original.status == DETERIORATION) == (mirrored.status == DETERIORATION)


def near_band_edge(score: float) -> bool:
    return any(abs(score - edge) < 1e-4 for edge in (-2.5, 0.0, 2.5))


@pytest.mark.slow
@SETTINGS
@given(
    points=yearly_points(),
    direction=directions,
    target=st.one_of(st.none(), signed),
    limit=st.one_of(st.none(), signed),
)
def test_status_matches_score_band_away_from_edges(
    points: list[tuple[int, float]], direction: str, target: float | None, limit: float | None
) -> None:
    result = assess_series(
        points, direction=direction, target=target, target_period=2045, limit=limit
    )
    if result.status == NOT_AVAILABLE:
        assert result.score is None
        return
    score = score_of(result)
    assert -5 <= score <= 5
    if result.status == TARGET_ACHIEVED:
        assert score == 5
        return
    if not near_band_edge(score):
        assert status_from_score(score) == result.status


finite = st.floats(allow_nan=False, allow_infinity=False)
periods = st.one_of(
    st.integers(1, 9999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)


@pytest.mark.slow
@SETTINGS
@given(
    raw=st.lists(st.tuples(periods, st.one_of(st.none(), finite)), max_size=12),
    direction=directions,
    base_period=st.one_of(st.none(), periods),
    target=st.one_of(st.none(), finite),
    target_period=st.one_of(st.none(), periods),
    limit=st.one_of(st.none(), finite),
)
@example(
    raw=[(2020.0, 1.0), (2020.0 + 1e-9, 1e300)],
    direction="increase",
    base_period=None,
    target=None,
    target_period=None,
    limit=None,
)
@example(
    raw=[(2020, 5e-324), (2021, 1.7976931348623157e308)],
    direction="decrease",
    base_period=None,
    target=-1.0,
    target_period=date(2020, 1, 2),
    limit=1.7976931348623157e308,
)
def test_random_finite_input_never_raises(
    raw: list[tuple[int | float | date, float | None]],
    direction: str,
    base_period: int | float | date | None,
    target: float | None,
    target_period: int | float | date | None,
    limit: float | None,
) -> None:
    points, seen = [], set()
    for period, value in raw:
        t = period_to_years(period)
        if t not in seen:
            seen.add(t)
            points.append((period, value))
    result = assess_series(
        points,
        direction=direction,
        base_period=base_period,
        target=target,
        target_period=target_period,
        limit=limit,
    )
    assert result.status in STATUSES
    if result.status == NOT_AVAILABLE:
        assert result.score is None
        assert isinstance(result.reason, str)
        assert result.reason
    else:
        assert result.reason is None
        assert -5 <= score_of(result) <= 5
    json.dumps(result.to_dict(), allow_nan=False)
    assert all(isinstance(line, str) for line in result.explain())


@pytest.mark.slow
@SETTINGS
@given(
    scores=st.lists(
        st.tuples(st.integers(2000, 2020), magnitudes, magnitudes, directions), max_size=6
    )
)
def test_combine_is_the_mean_and_its_band(scores: list[tuple[int, float, float, str]]) -> None:
    parts = [
        assess_series([(year, base), (year + 3, current)], direction=direction)
        for year, base, current, direction in scores
    ]
    combined = combine(parts)
    scored = [p.score for p in parts if p.score is not None]
    assert combined.count == len(parts)
    assert combined.scored_count == len(scored)
    if not scored:
        assert combined.status == NOT_AVAILABLE
        assert combined.reason
        return
    assert combined.score is not None
    assert combined.score == pytest.approx(math.fsum(scored) / len(scored), rel=1e-12)
    assert combined.status == status_from_score(combined.score)


def test_dates_every_day_of_a_leap_year_are_increasing() -> None:
    day = date(2024, 1, 1)
    previous = period_to_years(date(2023, 12, 31))
    while day.year == 2024:
        current = period_to_years(day)
        assert previous < current < 2025
        previous = current
        day += timedelta(days=1)
