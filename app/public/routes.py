"""Public page views: GET only, published content only."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, render_template

from app.caching import public_page
from app.public import bp
from app.public.queries import (
    IndicatorView,
    PublicIndicator,
    PublicMission,
    latest_reports,
    list_published_missions,
    load_public_indicator,
    load_public_mission,
)
from app.reporting.figures import breakdown_label, indicator_chart, life_course_figure


def _threshold() -> int:
    return int(current_app.config["SMALL_NUMBER_THRESHOLD"])


def _mission_or_404(slug: str) -> PublicMission:
    page = load_public_mission(slug, threshold=_threshold())
    if page is None:
        abort(404)
    return page


def _indicator_or_404(
    indicator_id: int, slug: str | None = None, *, breakdowns: bool = True
) -> PublicIndicator:
    page = load_public_indicator(indicator_id, threshold=_threshold(), breakdowns=breakdowns)
    if page is None or (slug is not None and page.mission.slug != slug):
        abort(404)
    return page


def indicator_figure(
    view: IndicatorView, *, with_breakdowns: bool = True, compact: bool = False
) -> dict[str, Any]:
    """The figure of one indicator's public chart (withheld values left out); the same chart as
    the staff pages draw. Overview pages leave breakdowns out to stay light on phones, and draw
    compact charts (no legend: the page has one key) as tall as their box (shorter on phones)."""
    breakdowns = {
        key: [(p.period, p.value) for p in points if p.value is not None]
        for key, points in view.breakdowns.items()
        if with_breakdowns
    }
    figure = indicator_chart(
        view.indicator,
        view.result,
        view.headline,
        view.provisional,
        view.interim_targets,
        breakdowns,
        compact=compact,
    )
    if compact:
        figure["layout"].pop("height", None)
    return figure


@bp.get("/")
@public_page
def index() -> str:
    """The home page: every published mission with both lenses and when it was last updated."""
    return render_template("public/index.html", cards=list_published_missions())


@bp.get("/missions/<slug>")
@public_page
def mission(slug: str) -> str:
    """A mission's public progress page."""
    page = _mission_or_404(slug)
    figures = {
        view.indicator.id: indicator_figure(view, with_breakdowns=False, compact=True)
        for section in page.outcomes
        for view in section.indicators
    }
    coverage = page.progress.rollup.coverage
    coverage_figure = life_course_figure(coverage, page.interventions_by_id) if coverage else None
    return render_template(
        "public/mission.html",
        page=page,
        figures=figures,
        coverage_figure=coverage_figure,
        breakdown_label=breakdown_label,
    )


@bp.get("/missions/<slug>/reports/<report_day>")
@public_page
def report(slug: str, report_day: str) -> str:
    """The status report as published on a report day (1 January or 1 July)."""
    try:
        day = date.fromisoformat(report_day)
    except ValueError:
        abort(404)
    page = _mission_or_404(slug)
    if day not in page.report_dates:
        abort(404)
    reports = latest_reports(list(page.interventions_by_id), before=day)
    return render_template("public/report.html", page=page, day=day, reports=reports)


@bp.get("/missions/<slug>/indicators/<int:indicator_id>")
@public_page
def indicator(slug: str, indicator_id: int) -> str:
    """One indicator of a published mission: chart, table and the calculation explained."""
    page = _indicator_or_404(indicator_id, slug)
    return render_template(
        "public/indicator.html",
        page=page,
        view=page.view,
        figure=indicator_figure(page.view),
        breakdown_label=breakdown_label,
    )


@bp.get("/embed/indicators/<int:indicator_id>")
@public_page
def embed(indicator_id: int) -> str:
    """An indicator chart made to be embedded in other sites (framing allowed): the headline,
    targets and pace; the breakdowns are on the indicator's page it links to."""
    page = _indicator_or_404(indicator_id, breakdowns=False)
    return render_template(
        "public/embed.html", page=page, view=page.view, figure=indicator_figure(page.view)
    )
