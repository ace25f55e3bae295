"""Helpers shared by the mission page tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent

ROLES = ("admin", "mission_office", "edu_lead", "wel_lead", "viewer")
EDITORS = ("admin", "mission_office")
NOT_EDITORS = ("edu_lead", "wel_lead", "viewer")


def audit_actions(app: Any, entity_type: str, entity_id: int) -> list[str]:
    """The audit actions recorded for one object, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


def audit_count(app: Any) -> int:
    """How many audit events exist."""
    with app.app_context():
        return len(db.session.scalars(select(AuditEvent.id)).all())
