"""An intervention's budget lines (year x funding department): the one place that writes them.

One truth: the lines are the budget's detail and Intervention.budget is their sum. Saving lines
sets the budget to their sum in the same transaction (no lines: the budget is cleared). An
intervention without lines may keep a budget entered as a total (the intervention form, an
import); once it has lines, the total can only change through them (the intervention form shows
it read-only, and its service refuses another total: app.interventions.services).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import editing
from app.errors import DomainError
from app.extensions import db
from app.models import BudgetLine, Department, Intervention
from app.models.intervention import BUDGET_FIRST_YEAR, BUDGET_LAST_YEAR

CENT = Decimal("0.01")
# The largest amount the Numeric(14, 2) columns hold, for a line and for the intervention's total.
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class BudgetRow:
    """One line as entered: a year, a funding department and an amount in ISK."""

    year: int
    department_id: int
    amount: Decimal


def get_intervention_with_budget(intervention_id: int) -> Intervention | None:
    """An intervention with its budget lines and their departments loaded."""
    return db.session.scalar(
        select(Intervention)
        .options(selectinload(Intervention.budget_lines).joinedload(BudgetLine.department))
        .where(Intervention.id == intervention_id)
    )


def has_budget_lines(intervention_id: int) -> bool:
    """Whether the intervention's budget is the sum of budget lines."""
    found = db.session.scalar(
        select(BudgetLine.id).where(BudgetLine.intervention_id == intervention_id).limit(1)
    )
    return found is not None


def budget_rows(intervention_id: int) -> list[BudgetRow]:
    """An intervention's budget lines as rows to save (one query): what a copy takes over."""
    stmt = (
        select(BudgetLine.year, BudgetLine.department_id, BudgetLine.amount)
        .where(BudgetLine.intervention_id == intervention_id)
        .order_by(BudgetLine.year, BudgetLine.department_id)
    )
    return [BudgetRow(year, department_id, amount) for year, department_id, amount in
            db.session.execute(stmt)]  # fmt: skip


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter each amount as a number, e.g. 1500000."), "lines") from None
    if not amount.is_finite():
        raise DomainError(_("Enter each amount as a number, e.g. 1500000."), "lines")
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), "lines")
    if amount > MAX_AMOUNT:
        raise DomainError(_("An amount can be at most 999,999,999,999.99."), "lines")
    return amount.quantize(CENT)


def check_budget_rows(rows: Sequence[BudgetRow], departments: dict[int, str]) -> list[BudgetRow]:
    """The rows with their amounts rounded to the cent; a DomainError names the first broken
    rule. departments: every department's id -> code."""
    checked: list[BudgetRow] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if not BUDGET_FIRST_YEAR <= row.year <= BUDGET_LAST_YEAR:
            raise DomainError(
                _("Choose a year from %(first)d to %(last)d.",
                  first=BUDGET_FIRST_YEAR, last=BUDGET_LAST_YEAR),
                "lines",
            )  # fmt: skip
        code = departments.get(row.department_id)
        if code is None:
            raise DomainError(_("Choose each funding department from the list."), "lines")
        if (row.year, row.department_id) in seen:
            raise DomainError(
                _("%(code)s funds %(year)d twice: put it on one line.", code=code, year=row.year),
                "lines",
            )
        seen.add((row.year, row.department_id))
        checked.append(BudgetRow(row.year, row.department_id, _amount(row.amount)))
    if sum((row.amount for row in checked), Decimal(0)) > MAX_AMOUNT:
        raise DomainError(_("The lines add up to more than 999,999,999,999.99."), "lines")
    return checked


def _line_list(rows: Sequence[BudgetRow], departments: dict[int, str]) -> list[str]:
    """Lines as the audit trail shows them: 'YEAR CODE: amount', sorted."""
    return sorted(
        f"{row.year} {departments.get(row.department_id, row.department_id)}: {row.amount}"
        for row in rows
    )


def save_budget_lines(
    intervention: Intervention,
    rows: Sequence[BudgetRow],
    *,
    expected_version: int,
    actor: Any,
    departments: dict[int, str],
) -> bool:
    """Replace an intervention's budget lines with rows and set its budget to their sum.

    The intervention must have its lines loaded. One audited 'update' of the intervention with
    the lines before and after (and the budget when it moved); the intervention's version moves,
    so a form loaded before is refused. Returns False when nothing changed.
    """
    if intervention.archived_at is not None:
        raise DomainError(_("This intervention is archived; it can no longer be changed."))
    checked = check_budget_rows(rows, departments)
    old = [
        BudgetRow(line.year, line.department_id, line.amount) for line in intervention.budget_lines
    ]
    wanted = {(row.year, row.department_id): row.amount for row in checked}
    for line in list(intervention.budget_lines):
        amount = wanted.pop((line.year, line.department_id), None)
        if amount is None:
            intervention.budget_lines.remove(line)
        elif line.amount != amount:
            line.amount = amount
    for (year, department_id), amount in wanted.items():
        intervention.budget_lines.append(
            BudgetLine(year=year, department_id=department_id, amount=amount)
        )
    total = sum((row.amount for row in checked), Decimal(0)) if checked else None
    changed = editing.update(
        intervention,
        {"budget": total},
        expected_version=expected_version,
        actor_id=actor.id,
        related_old={"budget_lines": _line_list(old, departments)},
        related_new={"budget_lines": _line_list(checked, departments)},
    )
    if changed:
        editing.send_back_to_review(intervention, actor=actor)
    return changed


def department_codes() -> dict[int, str]:
    """Every department's id -> code (the rules' and the audit trail's names)."""
    return dict(db.session.execute(select(Department.id, Department.code)).tuples().all())
