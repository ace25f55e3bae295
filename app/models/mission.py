"""Missions and their outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import MissionStatus, vocabulary

if TYPE_CHECKING:
    from app.models.department import Department
    from app.models.user import User


class PublishableMixin:
    """Draft until the mission office publishes; archived instead of deleted."""

    is_published: Mapped[bool] = mapped_column(server_default=false())
    published_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]
    # Illustrative content (the demo city) is labelled as such wherever it is shown.
    illustrative: Mapped[bool] = mapped_column(server_default=false())


class Mission(PublishableMixin, TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """An Ambitious Impactful Mission: a North Star the whole city works on."""

    TRANSLATED = ("title", "north_star", "problem_statement", "target_population")

    __tablename__ = "missions"
    __table_args__ = (
        CheckConstraint("start_year <= horizon_year", name="years_in_order"),
        CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR (age_min >= 0 AND age_min <= age_max "
            "AND age_max <= 120)",
            name="age_range_valid",
        ),
        CheckConstraint("slug <> ''", name="slug_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    north_star: Mapped[str] = mapped_column(Text)
    problem_statement: Mapped[str] = mapped_column(Text, server_default="")
    target_population: Mapped[str] = mapped_column(String(200), server_default="")
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    start_year: Mapped[int]
    horizon_year: Mapped[int]
    status: Mapped[MissionStatus] = mapped_column(
        vocabulary(MissionStatus, name="status_known", length=12),
        server_default=MissionStatus.DRAFT.value,
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    owner: Mapped[User | None] = relationship(lazy="raise")
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="mission", lazy="raise", order_by="Outcome.position"
    )
    # Departments that own the mission together (beside the owner, a person): a mission is the
    # whole city's, and the departments answerable for it are named on its pages.
    co_owners: Mapped[list[Department]] = relationship(
        secondary="mission_departments", lazy="raise", order_by="Department.code"
    )

    def __repr__(self) -> str:
        return f"<Mission {self.slug}>"


class MissionDepartment(Base):
    """A department that co-owns a mission."""

    __tablename__ = "mission_departments"

    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class Outcome(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A result area inside a mission, e.g. 'Every child feels safe at school'."""

    TRANSLATED = ("title", "description")

    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("mission_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, server_default="")
    position: Mapped[int] = mapped_column(server_default="0")

    mission: Mapped[Mission] = relationship(back_populates="outcomes", lazy="raise")

    def __repr__(self) -> str:
        return f"<Outcome {self.id} {self.title!r}>"
