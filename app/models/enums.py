"""The vocabularies the models use: the domain's own (defined in app.progress.vocabulary) and
the account roles, and the column type that stores them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum

from app.progress.vocabulary import (
    Decision,
    Direction,
    Frequency,
    ImplementationStatus,
    IndicatorLevel,
    LearningKind,
    MeasurementStatus,
    MissionStatus,
    OutcomeStatus,
    Stage,
    UpdateStatus,
)

__all__ = [
    "Decision",
    "Direction",
    "Frequency",
    "ImplementationStatus",
    "IndicatorLevel",
    "LearningKind",
    "MeasurementStatus",
    "MissionStatus",
    "OutcomeStatus",
    "PartnerKind",
    "Role",
    "Stage",
    "UpdateStatus",
    "sql_in",
    "vocabulary",
]


class Role(StrEnum):
    ADMIN = "admin"
    MISSION_OFFICE = "mission_office"
    DEPARTMENT_LEAD = "department_lead"
    VIEWER = "viewer"


class PartnerKind(StrEnum):
    """What kind of outside organisation partners on an intervention."""

    NGO = "ngo"
    STATE_AGENCY = "state_agency"
    SCHOOL = "school"
    COMPANY = "company"
    OTHER = "other"


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def vocabulary(enum: type[StrEnum], *, name: str, length: int) -> Enum:
    """The type of a column holding one of enum's values.

    Stored as the value itself ('on_track') in a VARCHAR(length), kept inside the vocabulary
    by a CHECK constraint named ck_<table>_<name>, read back as the enum's members (equal to
    their strings). Unknown strings are refused before they reach the database.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        values_callable=_values,
        validate_strings=True,
        name=name,
        length=length,
    )


def sql_in(enum: type[StrEnum], column: str) -> str:
    """A CHECK expression that keeps a text column inside an enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"
