"""Indicators, their interim targets and measurements."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import (
    Direction,
    Frequency,
    IndicatorLevel,
    MeasurementStatus,
    OutcomeStatus,
    vocabulary,
)
from app.models.mission import PublishableMixin
from app.models.override import ManualOverrideMixin, override_checks

if TYPE_CHECKING:
    from app.models.department import Department
    from app.models.intervention import Intervention
    from app.models.mission import Mission, Outcome
    from app.models.user import User

HEADLINE = ""
"""The breakdown key of the headline (total) series."""


def breakdown_key(dimensions: dict[str, str] | None) -> str:
    """Canonical key of a breakdown: 'age=6-12|district=Breiðholt'; '' is the headline."""
    if not dimensions:
        return HEADLINE
    parts = []
    for name, value in sorted(dimensions.items()):
        name, value = name.strip(), str(value).strip()
        if not name or not value:
            continue
        if any(ch in name + value for ch in "=|"):
            raise ValueError(f"breakdown names and values may not contain '=' or '|': {name!r}")
        parts.append(f"{name}={value}")
    return "|".join(parts)


def parse_breakdown(key: str) -> dict[str, str]:
    """The dimensions of a breakdown key; {} for the headline."""
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split("|"))


class Indicator(
    PublishableMixin, TranslatableMixin, ManualOverrideMixin, TimestampMixin, VersionedMixin, Base
):
    """A measure of progress with baseline, target, direction and an owning department."""

    TRANSLATED = ("title", "definition", "unit", "source", "override_reason")

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(override_checks(OutcomeStatus)[0], name="override_status_known"),
        CheckConstraint(override_checks(OutcomeStatus)[1], name="override_has_reason"),
        CheckConstraint(
            "level <> 'intervention_output' OR intervention_id IS NOT NULL",
            name="output_has_intervention",
        ),
        CheckConstraint(
            "baseline_period IS NULL OR target_period IS NULL OR baseline_period < target_period",
            name="periods_in_order",
        ),
        CheckConstraint("(target_value IS NULL) = (target_period IS NULL)", name="target_complete"),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value < max_value",
            name="plausible_range_valid",
        ),
        CheckConstraint("decimals BETWEEN 0 AND 6", name="decimals_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="RESTRICT"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="SET NULL"), index=True
    )
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("interventions.id", ondelete="RESTRICT"), index=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, server_default="")
    unit: Mapped[str] = mapped_column(String(40))
    decimals: Mapped[int] = mapped_column(server_default="1")
    direction: Mapped[Direction] = mapped_column(
        vocabulary(Direction, name="direction_known", length=8)
    )
    frequency: Mapped[Frequency] = mapped_column(
        vocabulary(Frequency, name="frequency_known", length=10)
    )
    level: Mapped[IndicatorLevel] = mapped_column(
        vocabulary(IndicatorLevel, name="level_known", length=20),
        server_default=IndicatorLevel.MISSION_OUTCOME.value,
    )
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[date | None]
    target_value: Mapped[float | None] = mapped_column(Float)
    target_period: Mapped[date | None]
    # A natural limit such as 100 %; ignored by the progress method when a target is set.
    limit_value: Mapped[float | None] = mapped_column(Float)
    # Values outside this range are refused at entry (a percentage above 100, a negative count).
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), server_default="")
    # The breakdown whose series stands for the whole when the data has no headline (total)
    # rows, e.g. 'sex=Both sexes'; '' means the headline rows (app.reporting.progress).
    headline_breakdown: Mapped[str] = mapped_column(String(500), server_default="")
    # Sensitive indicators (child data) suppress small breakdown values in public.
    sensitive: Mapped[bool] = mapped_column(server_default=false())

    mission: Mapped[Mission] = relationship(lazy="raise")
    outcome: Mapped[Outcome | None] = relationship(lazy="raise")
    intervention: Mapped[Intervention | None] = relationship(lazy="raise")
    department: Mapped[Department] = relationship(lazy="raise")
    interim_targets: Mapped[list[InterimTarget]] = relationship(
        back_populates="indicator",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="InterimTarget.period",
    )

    def __repr__(self) -> str:
        return f"<Indicator {self.id} {self.title!r}>"


class InterimTarget(Base):
    """A waypoint on the way to an indicator's target."""

    __tablename__ = "interim_targets"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date]
    value: Mapped[float] = mapped_column(Float)

    indicator: Mapped[Indicator] = relationship(back_populates="interim_targets", lazy="raise")


class Measurement(TimestampMixin, VersionedMixin, Base):
    """One value of an indicator for one period (its first day) and one breakdown."""

    __tablename__ = "measurements"
    __table_args__ = (
        # Column order serves the common read: one indicator's series, in period order.
        UniqueConstraint("indicator_id", "breakdown", "period"),
        # "Last updated" on public pages: the newest change of each indicator's data, one seek.
        Index("ix_measurements_indicator_updated", "indicator_id", "updated_at"),
        # "Latest period of any series" (freshness when the headline is older or missing).
        Index("ix_measurements_indicator_period", "indicator_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="RESTRICT"))
    period: Mapped[date]
    breakdown: Mapped[str] = mapped_column(String(500), server_default=HEADLINE)
    value: Mapped[float] = mapped_column(Float)
    status: Mapped[MeasurementStatus] = mapped_column(
        vocabulary(MeasurementStatus, name="status_known", length=12),
        server_default=MeasurementStatus.FINAL.value,
    )
    source_note: Mapped[str] = mapped_column(String(300), server_default="")
    # What describes the value without making a series of it, as a file gave it: Open SDG's
    # observation status, unit multiplier, comments, a period's full label ('2014-16').
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    indicator: Mapped[Indicator] = relationship(lazy="raise")
    entered_by: Mapped[User | None] = relationship(lazy="raise")
