"""Cross-department dashboard views: each page answers one question at a glance, for all staff."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request

from app.dashboards import bp, figures
from app.dashboards.forms import DepartmentFilterForm, MissionFilterForm, PortfolioFilterForm
from app.dashboards.queries import (
    all_departments,
    live_missions,
    load_department_dashboard,
    load_indicator_dashboard,
    load_mission_dashboard,
    load_portfolio,
    outcome_choices,
)
from app.permissions import Action, require, staff_route
from app.reporting.figures import breakdown_label, life_course_figure
from app.translating import translated
from app.views import or_404


@bp.get("/")
@staff_route(Action.VIEW)
def portfolio() -> str:
    """How are all our missions doing? Both lenses and freshness per mission, who does what."""
    departments = all_departments()
    form = PortfolioFilterForm(request.args)
    form.set_choices([(d.id, translated(d, "name")) for d in departments])
    page = load_portfolio(form.criteria(), date.today(), departments)
    return render_template(
        "dashboards/portfolio.html",
        page=page,
        filters=form,
        status_figure=figures.portfolio_status_figure(page.rows),
        matrix_figure=figures.portfolio_matrix_figure(page),
        mix_text=figures.mix_text,
    )


@bp.get("/missions/<int:mission_id>")
@staff_route(Action.VIEW)
def mission(mission_id: int) -> str:
    """One mission at a glance: North Star, indicators, the portfolio of work, timeline, gaps."""
    departments = all_departments()
    form = MissionFilterForm(request.args)
    form.set_choices(
        [(d.id, translated(d, "name")) for d in departments], outcome_choices(mission_id)
    )
    today = date.today()
    page = or_404(load_mission_dashboard(mission_id, form.criteria(), today, departments))
    require(Action.VIEW, page.mission)
    mission = page.mission
    coverage = page.progress.rollup.coverage
    horizon_end = date(mission.horizon_year, 12, 31)
    return render_template(
        "dashboards/mission.html",
        page=page,
        mission=mission,
        filters=form,
        card_figures={
            card.indicator.id: figures.card_figure(card)
            for panel in page.panels
            for card in panel.indicators
        },
        status_figure=figures.department_status_figure(page.mixes),
        stage_figure=figures.department_stage_figure(page.mixes),
        outcome_stage_figure=figures.outcome_stage_figure(page.stage_mix),
        timeline_figure=figures.timeline(page.lines, today, horizon_end),
        timeline_lines=figures.timeline_lines(page.lines),
        contribution_figure=figures.contribution_figure(page),
        coverage_figure=(
            life_course_figure(coverage, page.interventions_by_id) if coverage else None
        ),
        outcome_title=figures.outcome_title,
        mix_text=figures.mix_text,
        stage_order=figures.STAGES,
    )


@bp.get("/departments/<int:department_id>")
@staff_route(Action.VIEW)
def department(department_id: int) -> str:
    """Everything one department contributes across missions, and what it owes."""
    missions = live_missions()
    form = DepartmentFilterForm(request.args)
    form.set_choices([(m.id, m.title) for m in missions])
    page = or_404(load_department_dashboard(department_id, form.criteria(), date.today(), missions))
    require(Action.VIEW, page.department)
    return render_template(
        "dashboards/department.html",
        page=page,
        filters=form,
        share_figure=figures.share_figure(page.shares),
        mix_text=figures.mix_text,
    )


@bp.get("/indicators/<int:indicator_id>")
@staff_route(Action.VIEW)
def indicator(indicator_id: int) -> str:
    """One indicator's full series with breakdowns, targets, the calculation and a table."""
    threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
    page = or_404(load_indicator_dashboard(indicator_id, date.today(), threshold))
    require(Action.VIEW, page.indicator)
    return render_template(
        "dashboards/indicator.html",
        page=page,
        ind=page.indicator,
        figure=figures.indicator_page_figure(page),
        rows=figures.value_table(page),
        breakdown_label=breakdown_label,
        threshold=threshold,
    )
