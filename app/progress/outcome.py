"""Outcome lens: the Statistics Canada / Open SDG progress measure for one series, and combining.

The method follows Open SDG's reference implementation (sdg-build, ``sdg/ProgressMeasure.py``) and
the rules in DOMAIN.md. For yearly integer periods it gives the same status and score. The decisions
taken where the reference is silent, crashes, or where DOMAIN.md deliberately differs:

* Periods. An ``int`` is a calendar year (2024 -> 2024.0, i.e. 1 January). A ``datetime.date`` is
  converted to a fractional year ``year + (day_of_year - 1) / days_in_year`` (a ``datetime`` is
  treated as its date; the time of day is ignored). A finite ``float`` is taken as a fractional year
  as it is. ``bool`` and anything else raise ``TypeError``. Int and date periods may be mixed (for
  example a base period of 2021 with monthly dates); they are compared by fractional year.
* "Current not later than base". Open SDG requires ``current_year - base_year >= 1`` for its integer
  years, which for integers is the same as ``ti - t0 > 0``. We use ``ti - t0 > 0`` for every kind of
  period, so monthly dates one month apart can be assessed.
* Duplicate periods (two points mapping to the same fractional year, even if one value is ``None``)
  raise ``ValueError``. Values must be real numbers or ``None`` (missing, skipped); NaN and +/-inf
  in values, target or limit raise ``ValueError`` (Open SDG drops NaN through pandas; we refuse it
  so a broken import is visible instead of silently shortening a series).
* Rule 1 (target already met) is checked first, against the target after the 0 -> 0.001
  substitution (as the reference does), and needs only the latest value: it holds with a single
  point, without a resolvable base period and without a target period.
* Base period: the asked one if it has a value, else the first later period with a value (the
  reference does the same); none -> ``not_available`` (the reference would crash).
* The sign ``s`` and the limit coefficient ``C`` use the base value as it is; only the growth
  calculation replaces a base of 0 by 0.001. The sign check between base and current uses that
  replaced base, as the reference does (a base of 0 counts as positive; a current value of 0 is
  always allowed).
* DOMAIN.md rule 3 adds a check the reference lacks: target (after 0 -> 0.001) and base of different
  sign -> ``not_available`` (the reference would raise a negative number to a fractional power).
* A target without a target period, or a target period not later than the base period, gives
  ``not_available`` (the reference defaults the target year to 2030 and would divide by zero or use
  a negative horizon). A target equal to the base value (required growth exactly 0) gives
  ``not_available`` (the reference divides by zero).
* A limit is ignored when a target is given (``limit_coefficient`` is then ``None``). When ``2 * l``
  overflows, ``(2l - b) / l`` is evaluated as ``2 - b / l``.
* Numerical trouble (``OverflowError``, ``ZeroDivisionError``, or a non-finite growth rate or ratio)
  gives ``not_available`` with a reason; ``assess_series`` never raises for finite input apart from
  duplicate periods and an unknown direction.
* Scores are clamped to [-5, 5] (a no-op for the reference formulas except for rounding).
* Shown alongside: distance travelled uses the target *as given* (not 0.001) and the base as it is
  (not 0.001); time elapsed uses the fractional years; the projection uses ``CAGR_o``. Each is
  ``None`` when undefined (no target, zero denominator, no growth rate, overflow).
* ``combine`` averages the scores of the series that have one. ``target_achieved`` needs *every*
  input to be ``target_achieved`` (a series that cannot be assessed blocks it; the reference only
  looks at the series with a score). Otherwise the status comes from the score bands.
"""

from __future__ import annotations

import math
from calendar import isleap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, TypeAlias

from app.progress.vocabulary import Direction, OutcomeStatus

TARGET_ACHIEVED: Final = OutcomeStatus.TARGET_ACHIEVED.value
SUBSTANTIAL_PROGRESS: Final = OutcomeStatus.SUBSTANTIAL_PROGRESS.value
MODERATE_PROGRESS: Final = OutcomeStatus.MODERATE_PROGRESS.value
LIMITED_PROGRESS: Final = OutcomeStatus.LIMITED_PROGRESS.value
DETERIORATION: Final = OutcomeStatus.DETERIORATION.value
NOT_AVAILABLE: Final = OutcomeStatus.NOT_AVAILABLE.value
STATUSES: Final = tuple(member.value for member in OutcomeStatus)

# Why an assessment is not available, as stable codes (the English reason has the numbers).
REASON_CODES: Final = (
    "no_values",
    "no_base",
    "sign_change",
    "one_period",
    "target_without_period",
    "target_before_base",
    "target_sign",
    "target_equals_base",
    "overflow",
    "invalid_input",
)

INCREASE: Final = Direction.INCREASE.value
DECREASE: Final = Direction.DECREASE.value
METHOD_TARGET: Final = "target"
METHOD_NO_TARGET: Final = "no_target"

ZERO_SUBSTITUTE: Final = 0.001
TARGET_THRESHOLDS: Final = (0.95, 0.6, 0.0)
NO_TARGET_THRESHOLDS: Final = (0.015, 0.005, 0.0)
LIMIT_EXPONENT: Final = 4.44
MAX_SCORE: Final = 5.0
MIN_SCORE: Final = -5.0

Period: TypeAlias = int | float | date

_STATUS_LABELS: Final = {
    TARGET_ACHIEVED: "target achieved",
    SUBSTANTIAL_PROGRESS: "substantial progress",
    MODERATE_PROGRESS: "moderate progress",
    LIMITED_PROGRESS: "limited progress",
    DETERIORATION: "deterioration",
    NOT_AVAILABLE: "not available",
}


def status_label(status: str) -> str:
    """Human-readable English label of an outcome status ("moderate progress")."""
    return _STATUS_LABELS.get(status, status)


def period_to_years(period: Period) -> float:
    """Convert a period (int year, fractional-year float or date) to a fractional year."""
    if isinstance(period, bool):
        raise TypeError("A period must be an int year, a float year or a date, not a bool.")
    if isinstance(period, int):
        return float(period)
    if isinstance(period, float):
        if not math.isfinite(period):
            raise ValueError(f"A period must be finite, got {period!r}.")
        return period
    if isinstance(period, date):
        year = period.year
        day_index = period.toordinal() - date(year, 1, 1).toordinal()
        return year + day_index / (366 if isleap(year) else 365)
    raise TypeError(f"A period must be an int year, a float year or a date, got {period!r}.")


def format_period(period: Period | None) -> str:
    """Render a period for people and JSON: 2024, 2024.5 or 2024-03-01."""
    if period is None:
        return "-"
    if isinstance(period, date):
        return period.isoformat()
    return str(period)


def _json_period(period: Period | None) -> int | float | str | None:
    if isinstance(period, date):
        return period.isoformat()
    return period


def _finite_or_none(value: Any, name: str) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"The {name} must be a finite number, got {value!r}.")
    return number


def direction_sign(direction: str) -> int:
    """+1 when higher is better ("increase"), -1 when lower is better ("decrease")."""
    if direction == INCREASE:
        return 1
    if direction == DECREASE:
        return -1
    raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}.")


@dataclass(frozen=True, slots=True)
class Components:
    """Every input and intermediate value of one assessment, so a page can say why."""

    method: str
    direction: str
    d: int
    base_period: Period | None = None
    base_time: float | None = None
    base_value: float | None = None
    growth_base_value: float | None = None
    current_period: Period | None = None
    current_time: float | None = None
    current_value: float | None = None
    target_value: float | None = None
    target_value_used: float | None = None
    target_period: Period | None = None
    target_time: float | None = None
    limit: float | None = None
    limit_coefficient: float | None = None
    sign: int | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None
    growth: float | None = None
    threshold_high: float | None = None
    threshold_med: float | None = None
    threshold_low: float | None = None

    @property
    def progress_value(self) -> float | None:
        """R with a target, v without one."""
        return self.ratio if self.method == METHOD_TARGET else self.growth

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (periods as ISO dates or numbers)."""
        return {
            "method": self.method,
            "direction": self.direction,
            "d": self.d,
            "base_period": _json_period(self.base_period),
            "base_time": self.base_time,
            "base_value": self.base_value,
            "growth_base_value": self.growth_base_value,
            "current_period": _json_period(self.current_period),
            "current_time": self.current_time,
            "current_value": self.current_value,
            "target_value": self.target_value,
            "target_value_used": self.target_value_used,
            "target_period": _json_period(self.target_period),
            "target_time": self.target_time,
            "limit": self.limit,
            "limit_coefficient": self.limit_coefficient,
            "sign": self.sign,
            "cagr_observed": self.cagr_observed,
            "cagr_required": self.cagr_required,
            "ratio": self.ratio,
            "growth": self.growth,
            "progress_value": self.progress_value,
            "thresholds": {
                "high": self.threshold_high,
                "med": self.threshold_med,
                "low": self.threshold_low,
            },
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Outcome-lens result for one series: status, score in [-5, 5] and the calculation."""

    status: str
    score: float | None
    reason: str | None
    components: Components
    distance_travelled: float | None = None
    time_elapsed: float | None = None
    projected_at_target: float | None = None
    # A stable code for why it is not available, so pages can say it in any language.
    reason_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of the whole assessment."""
        return {
            "status": self.status,
            "status_label": status_label(self.status),
            "score": self.score,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "components": self.components.to_dict(),
            "distance_travelled": self.distance_travelled,
            "time_elapsed": self.time_elapsed,
            "projected_at_target": self.projected_at_target,
        }

    def explain(self) -> list[str]:
        """The calculation step by step, in English, with the numbers."""
        return _explain(self)


def unavailable(
    reason: str, *, direction: str, method: str = METHOD_NO_TARGET, code: str = "invalid_input"
) -> Assessment:
    """A ``not_available`` assessment with only a reason (for inputs that could not be read)."""
    d = direction_sign(direction)
    return Assessment(
        NOT_AVAILABLE, None, reason, Components(method, direction, d), reason_code=code
    )


def _limit_coefficient(base_value: float, limit: float) -> float:
    b = abs(base_value)
    lim = abs(limit)
    # Checked first so that base and limit both 0 give C = 1, as in the reference.
    if b >= 2 * lim:
        return 1.0
    # float ** float is typed Any (a negative base gives a complex number); these bases are in
    # [0, 1], or infinite when lim is tiny, so the powers are real.
    if b <= lim:
        power: float = (b / lim) ** LIMIT_EXPONENT
        return 1 - power
    scaled = (2 * lim - b) / lim
    if not math.isfinite(scaled):
        scaled = 2 - b / lim
    scaled_power: float = scaled**LIMIT_EXPONENT
    return 1 - scaled_power


def _growth(current: float, base: float, dt: float) -> float | None:
    """Compound annual growth rate; None on overflow or a non-finite result."""
    try:
        value = (current / base) ** (1 / dt) - 1
    except (OverflowError, ZeroDivisionError):
        return None
    if type(value) is not float or not math.isfinite(value):
        return None
    return value


def _status_from_thresholds(value: float, high: float, med: float, low: float) -> str:
    if value >= high:
        return SUBSTANTIAL_PROGRESS
    if value >= med:
        return MODERATE_PROGRESS
    if value >= low:
        return LIMITED_PROGRESS
    return DETERIORATION


def _clamp(score: float) -> float:
    if score > MAX_SCORE:
        return MAX_SCORE
    if score < MIN_SCORE:
        return MIN_SCORE
    return score


def _target_score(ratio: float) -> float:
    if ratio >= TARGET_THRESHOLDS[1]:
        return _clamp(min(7.1429 * ratio - 4.2857, 5.0))
    return _clamp(max(4.1667 * ratio - 2.5, -5.0))


def _no_target_score(v: float, coefficient: float, high: float, med: float, low: float) -> float:
    if v < low:
        return _clamp(max(125 * v - 2.5, -5.0))
    if coefficient == 0:
        return MAX_SCORE
    if v >= high:
        return _clamp(min(500 * v / coefficient - 5, 5.0))
    if v >= med:
        return _clamp(250 * v / coefficient - 1.25)
    return _clamp(500 * v / coefficient - 2.5)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _read_points(points: Iterable[tuple[Period, Any]]) -> list[tuple[float, float, Period]]:
    """Valued points as (time, value, period) sorted by time; duplicates raise ValueError."""
    rows: list[tuple[float, float, Period]] = []
    times: list[float] = []
    to_years = period_to_years
    isfinite = math.isfinite
    for period, value in points:
        t = to_years(period)
        times.append(t)
        if value is None:
            continue
        number = float(value)
        if not isfinite(number):
            raise ValueError(
                f"The value for period {format_period(period)} must be a finite number, "
                f"got {value!r}."
            )
        rows.append((t, number, period))
    if len(set(times)) != len(times):
        seen: set[float] = set()
        for period, _value in points:
            t = to_years(period)
            if t in seen:
                raise ValueError(
                    f"Duplicate period {format_period(period)} in the series: each period may "
                    "have only one value."
                )
            seen.add(t)
    rows.sort(key=_time_key)
    return rows


def _time_key(row: tuple[float, float, Period]) -> float:
    return row[0]


def assess_series(
    points: Iterable[tuple[Period, Any]],
    *,
    direction: str,
    base_period: Period | None = None,
    target: float | None = None,
    target_period: Period | None = None,
    limit: float | None = None,
) -> Assessment:
    """Assess one series with the Open SDG progress measure (see the module docstring)."""
    d = direction_sign(direction)
    target_value = _finite_or_none(target, "target")
    limit_value = _finite_or_none(limit, "limit")
    if not isinstance(points, Sequence):
        points = list(points)
    rows = _read_points(points)

    has_target = target_value is not None
    method = METHOD_TARGET if has_target else METHOD_NO_TARGET
    target_used = None
    if target_value is not None:
        target_used = ZERO_SUBSTITUTE if target_value == 0 else target_value
    target_time = None if target_period is None else period_to_years(target_period)

    if not rows:
        components = Components(
            method,
            direction,
            d,
            target_value=target_value,
            target_value_used=target_used,
            target_period=target_period,
            target_time=target_time,
            limit=limit_value,
        )
        return Assessment(
            NOT_AVAILABLE, None, "The series has no values.", components, reason_code="no_values"
        )

    ti, yi, current_period = rows[-1]

    # Rule 2: the base period, or the first later period with a value.
    base_row: tuple[float, float, Period] | None
    if base_period is None:
        base_row = rows[0]
    else:
        wanted = period_to_years(base_period)
        base_row = None
        for row in rows:
            if row[0] >= wanted:
                base_row = row
                break

    # Rule 1: target already met (checked before anything else can make it unavailable).
    achieved = target_used is not None and (
        (d == 1 and yi >= target_used) or (d == -1 and yi <= target_used)
    )

    reason: str | None = None
    code: str | None = None
    t0 = y0 = growth_base = None
    base_at: Period | None = None
    sign = None
    coefficient = None
    high, med, low = TARGET_THRESHOLDS if has_target else NO_TARGET_THRESHOLDS
    cagr_o = cagr_r = ratio = growth = None

    if base_row is None:
        code = "no_base"
        reason = (
            f"No value at or after the base period {format_period(base_period)}; "
            f"the latest value is for {format_period(current_period)}."
        )
    else:
        t0, y0, base_at = base_row
        # Rule 4: sign and limit coefficient from the base as it is.
        sign = -1 if y0 < 0 else 1
        if not has_target and limit_value is not None:
            coefficient = _limit_coefficient(y0, limit_value)
            high *= coefficient
            med *= coefficient
            low *= coefficient
        growth_base = ZERO_SUBSTITUTE if y0 == 0 else y0
        dt = ti - t0
        # Rule 3: what cannot be assessed.
        if (growth_base > 0 and yi < 0) or (growth_base < 0 and yi > 0):
            code = "sign_change"
            reason = (
                f"The base value ({_num(y0)}) and the current value ({_num(yi)}) have different "
                "signs, so a growth rate is not defined."
            )
        elif not dt > 0:
            # The base row is never after the latest row, so this means they are the same row.
            code = "one_period"
            reason = (
                f"The current period {format_period(current_period)} is not later than the base "
                f"period {format_period(base_at)}: at least two periods with values are needed."
            )
        elif target_used is not None and target_time is None:
            code = "target_without_period"
            reason = "A target value is given without a target period."
        elif target_used is not None and target_time is not None and not target_time - t0 > 0:
            code = "target_before_base"
            reason = (
                f"The target period {format_period(target_period)} is not later than the base "
                f"period {format_period(base_at)}."
            )
        elif target_used is not None and (
            (growth_base > 0 and target_used < 0) or (growth_base < 0 and target_used > 0)
        ):
            code = "target_sign"
            reason = (
                f"The base value ({_num(y0)}) and the target ({_num(target_used)}) have "
                "different signs, so the required growth rate is not defined."
            )
        else:
            cagr_o = _growth(yi, growth_base, dt)
            if cagr_o is None:
                code = "overflow"
                reason = "The observed growth rate overflows; the values are too far apart."
            elif target_used is not None and target_time is not None:
                cagr_r = _growth(target_used, growth_base, target_time - t0)
                if cagr_r is None:
                    code = "overflow"
                    reason = "The required growth rate overflows; the values are too far apart."
                elif cagr_r == 0:
                    code = "target_equals_base"
                    reason = (
                        f"The target ({_num(target_used)}) equals the base value, so the required "
                        "growth rate is zero and the ratio is not defined."
                    )
                else:
                    ratio = _finite(sign * d * cagr_o / abs(cagr_r))
                    if ratio is None:
                        code = "overflow"
                        reason = "The progress ratio overflows; the required growth is too small."
            else:
                growth = sign * d * cagr_o

    if achieved:
        status = TARGET_ACHIEVED
        score: float | None = MAX_SCORE
        reason = code = None
    elif reason is not None:
        status = NOT_AVAILABLE
        score = None
    elif ratio is not None:
        status = _status_from_thresholds(ratio, high, med, low)
        score = _target_score(ratio)
    else:
        assert growth is not None
        status = _status_from_thresholds(growth, high, med, low)
        score = _no_target_score(
            growth, 1.0 if coefficient is None else coefficient, high, med, low
        )

    has_base = base_row is not None
    components = Components(
        method=method,
        direction=direction,
        d=d,
        base_period=base_at,
        base_time=t0,
        base_value=y0,
        growth_base_value=growth_base,
        current_period=current_period,
        current_time=ti,
        current_value=yi,
        target_value=target_value,
        target_value_used=target_used,
        target_period=target_period,
        target_time=target_time,
        limit=limit_value,
        limit_coefficient=coefficient,
        sign=sign,
        cagr_observed=cagr_o,
        cagr_required=cagr_r,
        ratio=ratio,
        growth=growth,
        threshold_high=high if has_base else None,
        threshold_med=med if has_base else None,
        threshold_low=low if has_base else None,
    )

    distance = elapsed = projected = None
    if y0 is not None and t0 is not None:
        if target_value is not None and target_value != y0:
            distance = _finite((yi - y0) / (target_value - y0))
        if target_time is not None and target_time != t0:
            elapsed = _finite((ti - t0) / (target_time - t0))
    if cagr_o is not None and target_time is not None:
        try:
            projected = _finite(yi * (1 + cagr_o) ** (target_time - ti))
        except (OverflowError, ZeroDivisionError):
            projected = None

    return Assessment(status, score, reason, components, distance, elapsed, projected, code)


def status_from_score(score: float) -> str:
    """Status band of a score: [2.5, 5] substantial, [0, 2.5) moderate, [-2.5, 0) limited, else
    deterioration."""
    if score >= 2.5:
        return SUBSTANTIAL_PROGRESS
    if score >= 0:
        return MODERATE_PROGRESS
    if score >= -2.5:
        return LIMITED_PROGRESS
    return DETERIORATION


@dataclass(frozen=True, slots=True)
class Combined:
    """Several series (breakdowns or indicators) combined by their mean score."""

    status: str
    score: float | None
    reason: str | None
    count: int
    scored_count: int
    not_available_count: int
    target_achieved_count: int
    parts: tuple[Assessment, ...] = ()

    def to_dict(self, *, include_parts: bool = False) -> dict[str, Any]:
        """JSON-ready mapping; the parts only when asked for."""
        data: dict[str, Any] = {
            "status": self.status,
            "status_label": status_label(self.status),
            "score": self.score,
            "reason": self.reason,
            "count": self.count,
            "scored_count": self.scored_count,
            "not_available_count": self.not_available_count,
            "target_achieved_count": self.target_achieved_count,
        }
        if include_parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data

    def explain(self) -> list[str]:
        """How the combined status was reached, in English."""
        lines = [
            f"{self.count} series: {self.scored_count} with a score, "
            f"{self.not_available_count} not available, "
            f"{self.target_achieved_count} with the target achieved."
        ]
        if self.score is None:
            lines.append(f"Status: not available. {self.reason}")
            return lines
        scores = ", ".join(_num(part.score) for part in self.parts if part.score is not None)
        lines.append(f"Mean score of ({scores}) = {_num(self.score)}.")
        if self.status == TARGET_ACHIEVED:
            lines.append("Every series has achieved its target: target achieved.")
        else:
            lines.append(
                f"A mean score of {_num(self.score)} falls in the band for "
                f"{status_label(self.status)} ([2.5, 5] substantial, [0, 2.5) moderate, "
                "[-2.5, 0) limited, [-5, -2.5) deterioration)."
            )
        return lines


def combine(assessments: Iterable[Assessment]) -> Combined:
    """Combine assessments by their mean score (see the module docstring for target_achieved)."""
    parts = tuple(assessments)
    scores = [part.score for part in parts if part.score is not None]
    not_available = sum(1 for part in parts if part.status == NOT_AVAILABLE)
    achieved = sum(1 for part in parts if part.status == TARGET_ACHIEVED)
    if not scores:
        reason = (
            "There are no series to combine."
            if not parts
            else f"None of the {len(parts)} series could be assessed."
        )
        return Combined(NOT_AVAILABLE, None, reason, len(parts), 0, not_available, achieved, parts)
    score = _clamp(math.fsum(scores) / len(scores))
    status = TARGET_ACHIEVED if achieved == len(parts) else status_from_score(score)
    return Combined(status, score, None, len(parts), len(scores), not_available, achieved, parts)


def _num(value: float | None, digits: int = 4) -> str:
    if value is None:
        return "-"
    if abs(value) < 1e15 and value == int(value):
        return str(int(value))
    return f"{value:.{digits}g}"


def _pct(value: float) -> str:
    return f"{value * 100:.2f} %"


def _no_target_formula(c: Components) -> str | None:
    v = c.growth or 0.0
    per_c = "" if c.limit_coefficient is None else " / C"
    if v < (c.threshold_low or 0.0):
        return "max(125 * v - 2.5, -5)"
    if c.limit_coefficient == 0:
        return None
    if v >= (c.threshold_high or 0.0):
        return f"min(500 * v{per_c} - 5, 5)"
    if v >= (c.threshold_med or 0.0):
        return f"250 * v{per_c} - 1.25"
    return f"500 * v{per_c} - 2.5"


def _explain(assessment: Assessment) -> list[str]:
    c = assessment.components
    better = "higher" if c.d == 1 else "lower"
    lines = [f"Direction: {c.direction} ({better} is better), d = {c.d:+d}."]
    if c.current_value is None:
        lines.append(f"Status: not available. {assessment.reason}")
        return lines
    if c.base_value is not None:
        lines.append(
            f"Base: {_num(c.base_value)} in {format_period(c.base_period)} "
            f"(t0 = {c.base_time:.3f})."
        )
    lines.append(
        f"Current: {_num(c.current_value)} in {format_period(c.current_period)} "
        f"(ti = {c.current_time:.3f})."
    )
    if c.target_value is not None:
        when = format_period(c.target_period) if c.target_period is not None else "no date"
        lines.append(f"Target: {_num(c.target_value)} by {when}.")
        if c.target_value == 0:
            lines.append("A target of 0 is replaced by 0.001 in the calculation.")
        if c.limit is not None:
            lines.append(f"The limit {_num(c.limit)} is ignored because a target is given.")
    else:
        lines.append("No target: the observed growth rate is compared with fixed thresholds.")
    if assessment.status == TARGET_ACHIEVED:
        comparison = ">=" if c.d == 1 else "<="
        lines.append(
            f"The current value {_num(c.current_value)} {comparison} the target "
            f"{_num(c.target_value_used)}: target achieved, score 5."
        )
    if c.base_value is None:
        if assessment.reason:
            lines.append(f"Status: not available. {assessment.reason}")
        return lines
    lines.append(f"Sign s = {c.sign:+d} (from the base value as it is).")
    if c.base_value == 0:
        lines.append("A base of 0 is replaced by 0.001 in the growth calculation.")
    if c.limit_coefficient is not None:
        lines.append(
            f"Limit {_num(c.limit)}: coefficient C = {_num(c.limit_coefficient)} "
            f"(b = {_num(abs(c.base_value))}, l = {_num(abs(c.limit or 0.0))}, a = 4.44)."
        )
    t0 = c.base_time or 0.0
    if c.cagr_observed is not None:
        dt = (c.current_time or 0.0) - t0
        lines.append(
            f"Observed growth CAGR_o = ({_num(c.current_value)} / {_num(c.growth_base_value)}) "
            f"** (1 / {_num(dt)}) - 1 = {_pct(c.cagr_observed)} per year."
        )
    if c.cagr_required is not None:
        horizon = (c.target_time or 0.0) - t0
        lines.append(
            f"Required growth CAGR_r = ({_num(c.target_value_used)} / "
            f"{_num(c.growth_base_value)}) ** (1 / {_num(horizon)}) - 1 = "
            f"{_pct(c.cagr_required)} per year."
        )
    if assessment.status == NOT_AVAILABLE:
        lines.append(f"Status: not available. {assessment.reason}")
        return lines
    thresholds = (
        f"high {_num(c.threshold_high)}, med {_num(c.threshold_med)}, low {_num(c.threshold_low)}"
    )
    if c.ratio is not None:
        lines.append(
            f"Ratio R = s * d * CAGR_o / |CAGR_r| = {c.sign:+d} * {c.d:+d} * "
            f"{_num(c.cagr_observed)} / {_num(abs(c.cagr_required or 0.0))} = {_num(c.ratio)}."
        )
        if assessment.status != TARGET_ACHIEVED:
            lines.append(
                f"Status from R against the thresholds ({thresholds}): "
                f"{status_label(assessment.status)}."
            )
            formula = (
                "min(7.1429 * R - 4.2857, 5)"
                if c.ratio >= TARGET_THRESHOLDS[1]
                else "max(4.1667 * R - 2.5, -5)"
            )
            lines.append(f"Score = {formula} = {_num(assessment.score, 3)}.")
    elif c.growth is not None:
        lines.append(
            f"Progress value v = s * d * CAGR_o = {c.sign:+d} * {c.d:+d} * "
            f"{_num(c.cagr_observed)} = {_num(c.growth)}."
        )
        if assessment.status != TARGET_ACHIEVED:
            lines.append(
                f"Status from v against the thresholds ({thresholds}): "
                f"{status_label(assessment.status)}."
            )
            no_target = _no_target_formula(c)
            if no_target is None:
                lines.append("Score = 5: C = 0 means the base is at the limit, and it was held.")
            else:
                lines.append(f"Score = {no_target} = {_num(assessment.score, 3)}.")
    if assessment.distance_travelled is not None and assessment.time_elapsed is not None:
        lines.append(
            f"Distance travelled {_pct(assessment.distance_travelled)} of the way to the target "
            f"after {_pct(assessment.time_elapsed)} of the time."
        )
    elif assessment.distance_travelled is not None:
        lines.append(f"Distance travelled: {_pct(assessment.distance_travelled)}.")
    if assessment.projected_at_target is not None:
        lines.append(
            f"Projected value at {format_period(c.target_period)} at the observed rate: "
            f"{_num(assessment.projected_at_target)}."
        )
    return lines
