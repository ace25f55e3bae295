"""Glue between public views and the pure chart builders: translated labels, figure JSON."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.dashboards.charts import AgeRow, ChartLabels, IndicatorSeries, coverage_figure
from app.dashboards.charts import indicator_figure as build_indicator_figure
from app.progress.rollup import Coverage
from app.public.queries import IndicatorView, breakdown_label


def chart_labels() -> ChartLabels:
    """The chart words in the current language."""
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
    )


def indicator_figure(view: IndicatorView, *, with_breakdowns: bool = True) -> dict[str, Any]:
    """The figure spec of one indicator's public chart (withheld values left out).

    Overview pages leave the breakdowns out to keep the page light on phones; the indicator's
    own page has them.
    """
    indicator = view.indicator
    headline = view.result.headline
    projection = None
    if headline.projected_at_target is not None and indicator.target_period is not None:
        projection = (indicator.target_period, headline.projected_at_target)
    baseline = None
    if indicator.baseline_period is not None and indicator.baseline_value is not None:
        baseline = (indicator.baseline_period, indicator.baseline_value)
    target = None
    if indicator.target_period is not None and indicator.target_value is not None:
        target = (indicator.target_period, indicator.target_value)
    breakdowns = {
        breakdown_label(key): [(p.period, p.value) for p in points if p.value is not None]
        for key, points in view.breakdowns.items()
        if with_breakdowns
    }
    series = IndicatorSeries(
        unit=indicator.unit,
        decimals=indicator.decimals,
        headline=view.headline,
        provisional=view.provisional,
        breakdowns=breakdowns,
        baseline=baseline,
        target=target,
        interim_targets=view.interim_targets,
        projection=projection,
    )
    return build_indicator_figure(series, chart_labels())


def life_course_figure(coverage: Coverage, titles: dict[int, str]) -> dict[str, Any]:
    """The life-course coverage chart of a mission."""
    rows = [
        AgeRow(
            age=age.age,
            department_count=age.department_count,
            intervention_titles=[titles.get(i, "") for i in age.intervention_ids],
        )
        for age in coverage.ages
    ]
    return coverage_figure(rows, chart_labels())
