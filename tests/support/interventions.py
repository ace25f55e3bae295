"""Helpers of the interventions tests: form payloads and database look-ups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent

BASE = "/staff/interventions"


def intervention_payload(city: Any, **overrides: Any) -> dict[str, Any]:
    """A valid intervention form led by EDU with WEL as partner; overrides replace fields."""
    data: dict[str, Any] = {
        "version": "0",
        "mission_id": str(city.mission.id),
        "outcome_id": str(city.outcome.id),
        "lead_department_id": str(city.edu.id),
        "external_id": "",
        "title": "Prosperity contact persons",
        "summary": "A contact person for child prosperity in every school.",
        "stage": "test",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "budget": "1500000",
        "age_min": "6",
        "age_max": "16",
        "update_cycle_days": "90",
        "weight": "1",
        "partners-0-department_id": str(city.wel.id),
        "partners-0-role": "Family support",
    }
    for index in range(1, 4):
        data[f"partners-{index}-department_id"] = "0"
        data[f"partners-{index}-role"] = ""
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def update_payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "version": "0",
        "reported_on": "2025-01-10",
        "status": "on_track",
        "summary": "Teams started in five schools.",
        "next_steps": "Five more schools in spring.",
        "blockers": "",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def audit_events(app: Any, entity_type: str, entity_id: int) -> list[AuditEvent]:
    """The audit events of one object, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


# Overrides that empty the partner row of intervention_payload.
NO_PARTNER = {"partners-0-department_id": "0", "partners-0-role": ""}
