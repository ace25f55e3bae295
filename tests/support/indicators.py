"""Form data and readers shared by the indicator tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditEvent, Indicator


def indicator_form(city: Any, **changes: str) -> dict[str, str]:
    """A valid indicator form: a yearly percentage with one interim target."""
    data = {
        "version": "0",
        "mission_id": str(city.mission.id),
        "outcome_id": str(city.outcome.id),
        "level": "mission_outcome",
        "intervention_id": "0",
        "department_id": str(city.edu.id),
        "code": "CHI-09",
        "title": "Children in organised sport",
        "definition": "Share of children aged 6-15 in organised sport.",
        "unit": "%",
        "decimals": "1",
        "direction": "increase",
        "frequency": "yearly",
        "baseline_value": "40",
        "baseline_period": "2021-01-01",
        "target_value": "60,5",
        "target_period": "2030-01-01",
        "limit_value": "",
        "min_value": "",
        "max_value": "",
        "source": "School survey",
        "interim_targets-0-period": "2025-01-01",
        "interim_targets-0-value": "50",
        "interim_targets-1-period": "",
        "interim_targets-1-value": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_form(city: Any, **changes: str) -> dict[str, str]:
    """The city's EDU indicator as its edit form posts it, with changes."""
    ind = city.edu_indicator
    data = indicator_form(
        city, version="1", code="", title=ind.title, definition="", unit="%",
        baseline_value="", baseline_period="", target_value="", target_period="",
        limit_value="100", min_value="0", max_value="100", source="",
        **{"interim_targets-0-period": "", "interim_targets-0-value": ""},
    )  # fmt: skip
    data.update(changes)
    return data


def load_indicator(app: Any, indicator_id: int) -> Indicator:
    with app.app_context():
        return db.session.scalar(
            select(Indicator)
            .options(selectinload(Indicator.interim_targets))
            .where(Indicator.id == indicator_id)
        )


def find_by_title(app: Any, title: str) -> Indicator | None:
    with app.app_context():
        return db.session.scalar(
            select(Indicator)
            .options(selectinload(Indicator.interim_targets))
            .where(Indicator.title == title)
        )


def indicator_count(app: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Indicator.id))) or 0


def indicator_events(app: Any, indicator_id: int | None = None) -> list[AuditEvent]:
    with app.app_context():
        stmt = select(AuditEvent).where(AuditEvent.entity_type == "Indicator")
        if indicator_id is not None:
            stmt = stmt.where(AuditEvent.entity_id == indicator_id)
        return list(db.session.scalars(stmt.order_by(AuditEvent.id)))
