"""Budget alignment on the mission dashboard: budget by funding department x outcome, in SQL.

One truth (app.interventions.budgets): an intervention's budget lines name the departments that
fund it; an intervention whose budget is a total without lines counts under its lead department.
So each outcome's column adds up to the sum of its interventions' budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, exists, func, select, union_all

from app.dashboards.queries.common import DashboardFilters
from app.extensions import db
from app.models import BudgetLine, Intervention


@dataclass
class BudgetMatrix:
    """Budget (ISK) per funding department and outcome (None: work tied to no outcome)."""

    cells: dict[tuple[int, int | None], Decimal] = field(default_factory=dict)

    def department_total(self, department_id: int) -> Decimal:
        return sum(
            (amount for (dep, _o), amount in self.cells.items() if dep == department_id),
            Decimal(0),
        )

    def outcome_total(self, outcome_id: int | None) -> Decimal:
        return sum(
            (amount for (_d, out), amount in self.cells.items() if out == outcome_id), Decimal(0)
        )

    @property
    def total(self) -> Decimal:
        return sum(self.cells.values(), Decimal(0))

    @property
    def department_ids(self) -> set[int]:
        return {department_id for department_id, _outcome in self.cells}

    def share(self, outcome_id: int | None) -> float | None:
        """The outcome's share of the budget shown, 0 to 1 (None when there is no budget)."""
        total = self.total
        return None if not total else float(self.outcome_total(outcome_id) / total)


def _budget_statement(
    mission_id: int, filters: DashboardFilters, status_ids: list[int] | None
) -> Select:
    """Rows (funding department id, outcome id, amount): lines, plus totals without lines."""
    lines = (
        select(
            BudgetLine.department_id.label("department_id"),
            Intervention.outcome_id.label("outcome_id"),
            func.sum(BudgetLine.amount).label("amount"),
        )
        .join(Intervention, Intervention.id == BudgetLine.intervention_id)
        .group_by(BudgetLine.department_id, Intervention.outcome_id)
    )
    totals = (
        select(
            Intervention.lead_department_id.label("department_id"),
            Intervention.outcome_id.label("outcome_id"),
            func.sum(Intervention.budget).label("amount"),
        )
        .where(
            Intervention.budget.is_not(None),
            ~exists().where(BudgetLine.intervention_id == Intervention.id),
        )
        .group_by(Intervention.lead_department_id, Intervention.outcome_id)
    )
    conditions = [Intervention.mission_id == mission_id, Intervention.archived_at.is_(None)]
    if filters.outcome_id is not None:
        conditions.append(Intervention.outcome_id == filters.outcome_id)
    if filters.stage is not None:
        conditions.append(Intervention.stage == filters.stage)
    if status_ids is not None:
        conditions.append(Intervention.id.in_(status_ids))
    lines, totals = lines.where(*conditions), totals.where(*conditions)
    if filters.department_id is not None:
        lines = lines.where(BudgetLine.department_id == filters.department_id)
        totals = totals.where(Intervention.lead_department_id == filters.department_id)
    return union_all(lines, totals)  # type: ignore[return-value] # a UNION of selects, read like one


def load_budget_matrix(
    mission_id: int, filters: DashboardFilters, status_ids: list[int] | None
) -> BudgetMatrix:
    """The mission's live interventions' budget by funding department and outcome: one query."""
    matrix = BudgetMatrix()
    for department_id, outcome_id, amount in db.session.execute(
        _budget_statement(mission_id, filters, status_ids)
    ):
        if amount is None:
            continue
        key = (department_id, outcome_id)
        matrix.cells[key] = matrix.cells.get(key, Decimal(0)) + Decimal(amount)
    return matrix
