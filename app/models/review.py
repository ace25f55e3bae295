"""The review loop: periods marked "not collected", and the mission office's review decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, VersionedMixin
from app.models.enums import MeasurementStatus, vocabulary

if TYPE_CHECKING:
    from app.models.indicator import Indicator
    from app.models.user import User

PUBLISHED = "published"
RETURNED = "returned"
DECISIONS = (PUBLISHED, RETURNED)


class UncollectedPeriod(Base):
    """A past period of an indicator for which no value will come, and why (it is no longer
    listed as missing, and no longer makes the indicator overdue)."""

    __tablename__ = "uncollected_periods"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period"),
        CheckConstraint("length(reason) > 0", name="has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period: Mapped[date]
    reason: Mapped[str] = mapped_column(String(300))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    indicator: Mapped[Indicator] = relationship(lazy="raise")
    author: Mapped[User | None] = relationship(lazy="raise")


class PendingValue(TimestampMixin, VersionedMixin, Base):
    """A headline value entered for a department whose values wait for review: it is not a
    measurement (nothing public reads it) until the mission office publishes it."""

    __tablename__ = "pending_values"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period: Mapped[date]
    value: Mapped[float] = mapped_column(Float)
    status: Mapped[MeasurementStatus] = mapped_column(
        vocabulary(MeasurementStatus, name="status_known", length=12),
        server_default=MeasurementStatus.FINAL.value,
    )
    source_note: Mapped[str] = mapped_column(String(300), server_default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    indicator: Mapped[Indicator] = relationship(lazy="raise")


class ReviewDecision(Base):
    """The mission office published a draft, or returned it to its author with a comment.

    ``version`` is the draft's version when decided: a returned draft that its author changed
    since (a higher version) is back in the review queue.
    """

    __tablename__ = "review_decisions"
    __table_args__ = (
        Index("ix_review_decisions_entity", "entity_type", "entity_id"),
        CheckConstraint("decision IN ('published', 'returned')", name="decision_known"),
        CheckConstraint("decision <> 'returned' OR length(comment) > 0", name="return_has_comment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    version: Mapped[int]
    decision: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text, server_default="")
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
