"""The portfolio dashboard: every live mission side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.dashboards.queries.common import (
    OVERDUE_SHOWN,
    DashboardFilters,
    data_due_rows,
    involvement_counts,
    keeps,
    live_missions,
    status_ids_with,
)
from app.extensions import db
from app.models import (
    Department,
    Mission,
)
from app.progress.implementation import (
    IMPLEMENTATION_STATUSES,
)
from app.progress.rollup import ProgressSummary
from app.reporting.progress import load_progress
from app.workspace.queries import DataDue, UpdateDue, updates_due


@dataclass(frozen=True)
class MissionRow:
    """A mission with its whole-mission summary and the status mix of its filtered work."""

    mission: Mission
    summary: ProgressSummary
    status_counts: dict[str, int]


@dataclass
class MatrixCell:
    """What one department does in one mission: interventions led and partnered."""

    led: int = 0
    partnered: int = 0
    budget: Decimal | None = None
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio dashboard shows."""

    today: date
    rows: list[MissionRow]
    departments: list[Department]
    matrix_departments: list[Department]
    cells: dict[tuple[int, int], MatrixCell]
    updates_overdue: list[UpdateDue]
    updates_overdue_count: int
    data_overdue: list[DataDue]
    data_overdue_count: int


def load_portfolio(
    filters: DashboardFilters, today: date, departments: list[Department]
) -> Portfolio:
    """Every live mission's lenses, the department x mission matrix and what is overdue.

    departments: every department (the view loaded them for the filter choices).
    """
    missions = live_missions()
    progress = load_progress(missions, published_only=False, today=today)
    statuses = {
        item_id: status
        for mission_progress in progress.values()
        for item_id, status in mission_progress.rollup.interventions.items()
    }
    cells: dict[tuple[int, int], MatrixCell] = defaultdict(MatrixCell)
    statement = involvement_counts(filters, status_ids_with(statuses, filters.status), "mission_id")
    for kind, department_id, mission_id, _stage, n, budget in db.session.execute(statement):
        cell = cells[(department_id, mission_id)]
        if kind == "led":
            cell.led += n
            if budget is not None:
                cell.budget = (cell.budget or Decimal(0)) + Decimal(budget)
        else:
            cell.partnered += n

    rows = []
    for mission in missions:
        counts = dict.fromkeys(IMPLEMENTATION_STATUSES, 0)
        mission_progress = progress[mission.id]
        for item in mission_progress.interventions:
            status = mission_progress.rollup.interventions[item.id]
            if not keeps(item, status, filters) or (
                filters.department_id is not None
                and item.lead_department_id != filters.department_id
            ):
                continue
            counts[status.status] += 1
            cell_statuses = cells[(item.lead_department_id, mission.id)].statuses
            cell_statuses[status.status] = cell_statuses.get(status.status, 0) + 1
        rows.append(MissionRow(mission, mission_progress.rollup.mission, counts))

    involved = {department_id for department_id, _mission_id in cells}
    matrix_departments = [
        d
        for d in departments
        if d.id in involved and (filters.department_id is None or d.id == filters.department_id)
    ]
    updates = [row for row in updates_due(filters.department_id, today) if row.overdue]
    codes = {department.id: department.code for department in departments}
    data = [
        row
        for row in data_due_rows(
            (
                (indicator, mission_progress.mission, progress_result)
                for mission_progress in progress.values()
                for indicator in mission_progress.indicators
                if filters.department_id in (None, indicator.department_id)
                for progress_result in (mission_progress.rollup.indicators[indicator.id],)
            ),
            codes,
            today,
        )
        if row.overdue
    ]
    return Portfolio(
        today=today,
        rows=rows,
        departments=departments,
        matrix_departments=matrix_departments,
        cells=dict(cells),
        updates_overdue=updates[:OVERDUE_SHOWN],
        updates_overdue_count=len(updates),
        data_overdue=data[:OVERDUE_SHOWN],
        data_overdue_count=len(data),
    )
