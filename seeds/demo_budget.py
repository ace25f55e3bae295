"""The demo city's budget lines: each demo intervention's budget split by year and funding
department (illustrative figures), adding up to the budget it was given.

Idempotent: an intervention that already has lines is left alone, so a rerun adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from sqlalchemy import select

from app.audit import snapshot
from app.extensions import db
from app.models import AuditEvent, BudgetLine, Intervention, InterventionPartner

# The share a demo intervention's first partner department funds; the lead funds the rest.
PARTNER_SHARE = Decimal("0.25")
# At most this many years of a long-running intervention carry budget lines.
YEARS = 4


def _years(start: date | None, end: date | None, today: date) -> list[int]:
    first = (start or today).year
    last = min((end or today).year, today.year + 1, first + YEARS - 1)
    return list(range(first, max(first, last) + 1))


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """total in parts whole krónur, the remainder on the last part: they add up to total."""
    each = (total / parts).quantize(Decimal(1), rounding=ROUND_DOWN)
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def demo_budget_lines(
    interventions: list[Intervention], partners: dict[int, list[int]], today: date
) -> list[BudgetLine]:
    """Budget lines for interventions (those with a budget): the lead funds every year, the first
    partner (if any) a quarter of the later years."""
    lines: list[BudgetLine] = []
    for item in interventions:
        if item.budget is None:
            continue
        years = _years(item.start_date, item.end_date, today)
        yearly = _split(Decimal(item.budget), len(years))
        funder = partners.get(item.id, [None])[0]
        for index, (year, amount) in enumerate(zip(years, yearly, strict=True)):
            shared = funder is not None and index > 0
            partner_part = (amount * PARTNER_SHARE).quantize(Decimal(1)) if shared else Decimal(0)
            lines.append(BudgetLine(intervention_id=item.id, year=year,
                                    department_id=item.lead_department_id,
                                    amount=amount - partner_part))  # fmt: skip
            if partner_part:
                lines.append(BudgetLine(intervention_id=item.id, year=year,
                                        department_id=funder, amount=partner_part))  # fmt: skip
    return lines


def load_budget_lines(intervention_ids: list[int], today: date) -> dict[str, Any]:
    """Add budget lines to the demo interventions that have none; flush, never commit.

    Returns {"created": n, "present": m} (interventions given lines, interventions that had them),
    and writes one 'create' audit event per new line, as the rest of the seed does.
    """
    budgeted = set(
        db.session.scalars(
            select(BudgetLine.intervention_id)
            .where(BudgetLine.intervention_id.in_(intervention_ids))
            .distinct()
        )
    )
    todo = [i for i in intervention_ids if i not in budgeted]
    if not todo:
        return {"created": 0, "present": len(budgeted)}
    items = list(
        db.session.scalars(
            select(Intervention).where(Intervention.id.in_(todo)).order_by(Intervention.id)
        )
    )
    partners: dict[int, list[int]] = defaultdict(list)
    for intervention_id, department_id in db.session.execute(
        select(InterventionPartner.intervention_id, InterventionPartner.department_id)
        .where(InterventionPartner.intervention_id.in_(todo))
        .order_by(InterventionPartner.intervention_id, InterventionPartner.department_id)
    ):
        partners[intervention_id].append(department_id)
    lines = demo_budget_lines(items, partners, today)
    db.session.add_all(lines)
    db.session.flush()
    db.session.add_all(
        AuditEvent(
            actor_id=None,
            entity_type="BudgetLine",
            entity_id=line.id,
            action="create",
            new_values=snapshot(line),
        )
        for line in lines
    )
    db.session.flush()
    return {"created": len({line.intervention_id for line in lines}), "present": len(budgeted)}
