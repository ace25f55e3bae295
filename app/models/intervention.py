"""Interventions: the portfolio of work, with partners, milestones and progress updates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import (
    ImplementationStatus,
    PartnerKind,
    Stage,
    UpdateStatus,
    vocabulary,
)
from app.models.mission import PublishableMixin
from app.models.override import ManualOverrideMixin, override_checks

if TYPE_CHECKING:
    from app.models.department import Department
    from app.models.mission import Mission, Outcome
    from app.models.user import User


class Intervention(
    PublishableMixin, TranslatableMixin, ManualOverrideMixin, TimestampMixin, VersionedMixin, Base
):
    """A piece of work in a mission's portfolio, led by one department."""

    TRANSLATED = ("title", "summary", "override_reason")

    __tablename__ = "interventions"
    __table_args__ = (
        CheckConstraint(override_checks(ImplementationStatus)[0], name="override_status_known"),
        CheckConstraint(override_checks(ImplementationStatus)[1], name="override_has_reason"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR start_date <= end_date",
            name="dates_in_order",
        ),
        CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR (age_min >= 0 AND age_min <= age_max "
            "AND age_max <= 120)",
            name="age_range_valid",
        ),
        CheckConstraint("(age_min IS NULL) = (age_max IS NULL)", name="age_range_complete"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
        CheckConstraint("update_cycle_days BETWEEN 7 AND 366", name="update_cycle_range"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="RESTRICT"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="SET NULL"), index=True
    )
    lead_department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    # Stable key for spreadsheet imports; unique when given.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, server_default="")
    stage: Mapped[Stage] = mapped_column(
        vocabulary(Stage, name="stage_known", length=10), server_default=Stage.EXPLORE.value
    )
    # The day the intervention entered its stage: how long it has been there.
    stage_since: Mapped[date | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    update_cycle_days: Mapped[int] = mapped_column(server_default="90")
    weight: Mapped[float] = mapped_column(Float, server_default="1")
    # The person to ask about the work: staff pages only (residents see the lead department).
    contact_name: Mapped[str] = mapped_column(String(120), server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), server_default="")

    mission: Mapped[Mission] = relationship(lazy="raise")
    outcome: Mapped[Outcome | None] = relationship(lazy="raise")
    lead_department: Mapped[Department] = relationship(lazy="raise")
    partners: Mapped[list[InterventionPartner]] = relationship(
        back_populates="intervention", lazy="raise", cascade="all, delete-orphan"
    )
    outside_partners: Mapped[list[OutsidePartner]] = relationship(
        back_populates="intervention",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OutsidePartner.name",
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="intervention",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Milestone.due_date",
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="intervention",
        lazy="raise",
        order_by="ProgressUpdate.reported_on.desc()",
    )
    # The budget in detail; with lines, `budget` is their sum (app/interventions/budgets.py).
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="intervention",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(BudgetLine.year, BudgetLine.department_id)",
    )

    def __repr__(self) -> str:
        return f"<Intervention {self.id} {self.title!r}>"


class InterventionPartner(TranslatableMixin, Base):
    """A partner department on an intervention, with its role."""

    TRANSLATED = ("role",)

    __tablename__ = "intervention_partners"

    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(200), server_default="")

    intervention: Mapped[Intervention] = relationship(back_populates="partners", lazy="raise")
    department: Mapped[Department] = relationship(lazy="raise")


class OutsidePartner(Base):
    """An organisation outside the city (an NGO, a state agency, a school...) that partners on an
    intervention, with its role. Named per intervention: there is no register of organisations."""

    __tablename__ = "intervention_outside_partners"
    __table_args__ = (
        UniqueConstraint("intervention_id", "name"),
        CheckConstraint("name <> ''", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnerKind] = mapped_column(
        vocabulary(PartnerKind, name="kind_known", length=12),
        server_default=PartnerKind.OTHER.value,
    )
    role: Mapped[str] = mapped_column(String(200), server_default="")

    intervention: Mapped[Intervention] = relationship(
        back_populates="outside_partners", lazy="raise"
    )


class Milestone(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A dated step of an intervention; overdue when not completed by its due date."""

    TRANSLATED = ("title",)

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("intervention_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date]
    completed_on: Mapped[date | None]

    intervention: Mapped[Intervention] = relationship(back_populates="milestones", lazy="raise")


class ProgressUpdate(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A dated status report on an intervention by its lead; published ones are public."""

    TRANSLATED = ("summary", "next_steps", "blockers")

    __tablename__ = "progress_updates"
    __table_args__ = (
        CheckConstraint(
            "status <> 'off_track' OR length(blockers) > 0", name="off_track_has_blockers"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reported_on: Mapped[date]
    status: Mapped[UpdateStatus] = mapped_column(
        vocabulary(UpdateStatus, name="status_known", length=10)
    )
    summary: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text, server_default="")
    blockers: Mapped[str] = mapped_column(Text, server_default="")
    is_published: Mapped[bool] = mapped_column(server_default=false())
    published_at: Mapped[datetime | None]

    intervention: Mapped[Intervention] = relationship(back_populates="updates", lazy="raise")
    author: Mapped[User | None] = relationship(lazy="raise")


# Budget years a line may name: wide enough for history and a long mission horizon.
BUDGET_FIRST_YEAR = 1990
BUDGET_LAST_YEAR = 2100


class BudgetLine(Base):
    """One year's budget of an intervention from one funding department (ISK).

    The lines are the detail of Intervention.budget: saving them sets the intervention's budget
    to their sum in the same transaction (app.interventions.budgets.save_budget_lines).
    """

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("intervention_id", "year", "department_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(
            f"year BETWEEN {BUDGET_FIRST_YEAR} AND {BUDGET_LAST_YEAR}", name="year_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    intervention: Mapped[Intervention] = relationship(back_populates="budget_lines", lazy="raise")
    department: Mapped[Department] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<BudgetLine {self.intervention_id} {self.year} {self.department_id}>"
