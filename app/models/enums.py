"""The vocabularies the models use: the domain's own (defined in app.progress.vocabulary) and
the account roles."""

from __future__ import annotations

from enum import StrEnum

from app.progress.vocabulary import (
    Direction,
    Frequency,
    ImplementationStatus,
    IndicatorLevel,
    MeasurementStatus,
    MissionStatus,
    OutcomeStatus,
    Stage,
    UpdateStatus,
)

__all__ = [
    "Direction",
    "Frequency",
    "ImplementationStatus",
    "IndicatorLevel",
    "MeasurementStatus",
    "MissionStatus",
    "OutcomeStatus",
    "Role",
    "Stage",
    "UpdateStatus",
    "sql_in",
]


class Role(StrEnum):
    ADMIN = "admin"
    MISSION_OFFICE = "mission_office"
    DEPARTMENT_LEAD = "department_lead"
    VIEWER = "viewer"


def sql_in(enum: type[StrEnum], column: str) -> str:
    """A CHECK expression that keeps a text column inside an enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"
