"""Dashboard reads, one module per page: SQL aggregates and the reporting layer's roll-ups, a
fixed number of queries per page."""

from app.dashboards.queries.common import (
    DashboardFilters,
    all_departments,
    live_missions,
)
from app.dashboards.queries.department import DepartmentDashboard, load_department_dashboard
from app.dashboards.queries.indicator import IndicatorDashboard, load_indicator_dashboard
from app.dashboards.queries.mission import (
    IndicatorCard,
    MissionDashboard,
    load_mission_dashboard,
    outcome_choices,
)
from app.dashboards.queries.portfolio import Portfolio, load_portfolio

__all__ = [
    "DashboardFilters",
    "DepartmentDashboard",
    "IndicatorCard",
    "IndicatorDashboard",
    "MissionDashboard",
    "Portfolio",
    "all_departments",
    "live_missions",
    "load_department_dashboard",
    "load_indicator_dashboard",
    "load_mission_dashboard",
    "load_portfolio",
    "outcome_choices",
]
