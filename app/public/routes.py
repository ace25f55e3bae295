"""Public page views: GET only, published content only."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, render_template

from app.caching import public_page
from app.public import bp
from app.public.charts import indicator_figure, life_course_figure
from app.public.queries import (
    PublicMission,
    breakdown_label,
    latest_reports,
    list_published_missions,
    load_public_mission,
)


def _threshold() -> int:
    return int(current_app.config["SMALL_NUMBER_THRESHOLD"])


def _mission_or_404(slug: str) -> PublicMission:
    page = load_public_mission(slug, threshold=_threshold())
    if page is None:
        abort(404)
    return page


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
        view.indicator.id: indicator_figure(view, with_breakdowns=False)
        for section in page.outcomes
        for view in section.indicators
    }
    coverage = page.progress.rollup.coverage
    coverage_figure = (
        life_course_figure(coverage, dict(page.intervention_titles)) if coverage else None
    )
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
    reports = latest_reports(list(page.intervention_titles), before=day)
    return render_template("public/report.html", page=page, day=day, reports=reports)


@bp.get("/missions/<slug>/indicators/<int:indicator_id>")
@public_page
def indicator(slug: str, indicator_id: int) -> str:
    """One indicator of a published mission: chart, table and the calculation explained."""
    page = _mission_or_404(slug)
    view = next(
        (
            v
            for section in page.outcomes
            for v in section.indicators
            if v.indicator.id == indicator_id
        ),
        None,
    )
    if view is None:
        abort(404)
    return render_template(
        "public/indicator.html",
        page=page,
        view=view,
        figure=indicator_figure(view),
        breakdown_label=breakdown_label,
    )


@bp.get("/embed/indicators/<int:indicator_id>")
@public_page
def embed(indicator_id: int) -> str:
    """An indicator chart made to be embedded in other sites (framing allowed)."""
    from app.public.queries import mission_slug_of_published_indicator

    slug = mission_slug_of_published_indicator(indicator_id)
    if slug is None:
        abort(404)
    page = _mission_or_404(slug)
    view = next(
        (
            v
            for section in page.outcomes
            for v in section.indicators
            if v.indicator.id == indicator_id
        ),
        None,
    )
    if view is None:
        abort(404)
    return render_template("public/embed.html", page=page, view=view, figure=indicator_figure(view))
