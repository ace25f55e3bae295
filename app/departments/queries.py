"""Department reads."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Department, Indicator, Intervention


def list_departments_with_counts() -> list[tuple[Department, int, int]]:
    """Every department with the number of live interventions it leads and indicators it owns."""
    led = (
        select(func.count(Intervention.id))
        .where(Intervention.lead_department_id == Department.id, Intervention.archived_at.is_(None))
        .correlate(Department)
        .scalar_subquery()
    )
    owned = (
        select(func.count(Indicator.id))
        .where(Indicator.department_id == Department.id, Indicator.archived_at.is_(None))
        .correlate(Department)
        .scalar_subquery()
    )
    stmt = select(Department, led, owned).order_by(Department.name)
    return [(dept, n_led, n_owned) for dept, n_led, n_owned in db.session.execute(stmt)]
