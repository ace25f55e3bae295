"""Chart figures in the reader's language: one builder per chart, for staff and public pages alike.

Rows in, Plotly figure specs out; the pure drawing is in app.reporting.charts, this module adds
the translated words and turns indicators and assessments into what a chart draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import format_date
from flask_babel import gettext as _

from app.i18n import current_locale
from app.models import Indicator
from app.models.indicator import parse_breakdown
from app.periods import period_label
from app.progress.rollup import Coverage, IndicatorResult
from app.reporting.charts import (
    AgeRow,
    ChartLabels,
    IndicatorSeries,
    coverage_figure,
    indicator_figure,
    target_trajectory,
)
from app.translating import translated

Point = tuple[date, float]


def chart_labels() -> ChartLabels:
    """The chart words in the current language (found once per language)."""
    return _chart_labels(current_locale())


@lru_cache(maxsize=16)
def _chart_labels(_locale: Locale | None) -> ChartLabels:
    return ChartLabels(
        measured=_("Measured"),
        baseline=_("Baseline"),
        target=_("Target"),
        interim_target=_("Interim target"),
        path_to_target=_("Path to target"),
        projection=_("Projection at the current pace"),
        provisional=_("provisional"),
        age=_("Age"),
        departments=_("Departments reaching this age"),
        gap=_("No intervention"),
        interventions=_("Interventions"),
        milestone_done=_("Milestone done"),
        milestone_open=_("Milestone open"),
        milestone_overdue=_("Milestone overdue"),
        today=_("Today"),
        open_ended=_("no end date"),
        separators=get_decimal_symbol(_locale or "en") + get_group_symbol(_locale or "en"),
        period_text=period_label,
        date_text=_date_text,
    )


def _date_text(day: date) -> str:
    """A date on a chart (timeline hover text), as the page writes dates: '5. mar. 2024'."""
    return str(format_date(day, "medium"))


def breakdown_label(key: str) -> str:
    """'age=6-9|district=Breiðholt' -> '6-9, Breiðholt'."""
    return ", ".join(parse_breakdown(key).values())


def indicator_series(
    indicator: Indicator,
    result: IndicatorResult,
    headline: Sequence[Point],
    provisional: frozenset[date],
    interim_targets: Sequence[Point],
    breakdowns: Mapping[str, Sequence[Point]] | None = None,
) -> IndicatorSeries:
    """What an indicator chart draws: values, baseline, target and the path the method expects
    (compound growth), interim targets, the pace projected to the target period."""
    baseline = None
    if indicator.baseline_period is not None and indicator.baseline_value is not None:
        baseline = (indicator.baseline_period, indicator.baseline_value)
    target = None
    if indicator.target_period is not None and indicator.target_value is not None:
        target = (indicator.target_period, indicator.target_value)
    projection = None
    if result.headline.projected_at_target is not None and target is not None:
        projection = (target[0], result.headline.projected_at_target)
    return IndicatorSeries(
        unit=translated(indicator, "unit"),
        decimals=indicator.decimals,
        headline=list(headline),
        frequency=str(indicator.frequency),
        provisional=provisional,
        breakdowns={breakdown_label(key): points for key, points in (breakdowns or {}).items()},
        baseline=baseline,
        target=target,
        interim_targets=list(interim_targets),
        projection=projection,
        trajectory=target_trajectory(baseline, target) if baseline and target else (),
    )


def indicator_chart(
    indicator: Indicator,
    result: IndicatorResult,
    headline: Sequence[Point],
    provisional: frozenset[date],
    interim_targets: Sequence[Point],
    breakdowns: Mapping[str, Sequence[Point]] | None = None,
    *,
    compact: bool = False,
) -> dict[str, Any]:
    """The figure of one indicator over time (compact: a small multiple without legend)."""
    series = indicator_series(indicator, result, headline, provisional, interim_targets, breakdowns)
    return indicator_figure(series, chart_labels(), compact=compact)


def life_course_figure(coverage: Coverage, interventions: Mapping[Any, Any]) -> dict[str, Any]:
    """The life-course coverage chart of a mission (interventions by id, for their titles in the
    reader's language)."""
    titles = {key: translated(item, "title") for key, item in interventions.items()}
    rows = [
        AgeRow(
            age=age.age,
            department_count=age.department_count,
            intervention_titles=[titles.get(i, "") for i in age.intervention_ids],
        )
        for age in coverage.ages
    ]
    return coverage_figure(rows, chart_labels())
