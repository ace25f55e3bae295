"""Small readers shared by the measurement tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Indicator, Measurement
from app.models.base import utcnow


def measurement_count(app: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Measurement.id))) or 0


def audit_count(app: Any, entity_type: str = "Measurement") -> int:
    with app.app_context():
        stmt = select(func.count(AuditEvent.id)).where(AuditEvent.entity_type == entity_type)
        return db.session.scalar(stmt) or 0


def stored(app: Any, indicator_id: int, period: date, breakdown: str = "") -> Measurement | None:
    with app.app_context():
        return db.session.scalar(
            select(Measurement).where(
                Measurement.indicator_id == indicator_id,
                Measurement.period == period,
                Measurement.breakdown == breakdown,
            )
        )


def events(app: Any, entity_type: str, entity_id: int) -> list[AuditEvent]:
    with app.app_context():
        stmt = (
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
        return list(db.session.scalars(stmt))


def archive_indicator(app: Any, indicator_id: int) -> None:
    """Archive an indicator (as its archive button does) after a page was opened."""
    with app.app_context():
        db.session.get(Indicator, indicator_id).archived_at = utcnow()
        db.session.commit()
