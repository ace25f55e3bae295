"""Published sources that an indicator follows: where its values come from, and how fresh."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, VersionedMixin

if TYPE_CHECKING:
    from app.models.indicator import Indicator

SOURCE_KINDS = ("open_sdg", "csv", "jsonstat")
# What the last refresh did: applied, nothing new, waiting for review, or refused.
REFRESH_RESULTS = ("applied", "unchanged", "queued", "failed")


class Source(TimestampMixin, VersionedMixin, Base):
    """One published file or API an indicator follows (at most one per indicator).

    A refresh fetches the URL, reads it with the saved filter and plans it like an upload. A
    trusted source is applied at once; otherwise the fetched bytes wait in pending_body for the
    owning department's lead to review (pending_sha256 names them).
    """

    __tablename__ = "indicator_sources"
    __table_args__ = (
        CheckConstraint("kind IN ('open_sdg', 'csv', 'jsonstat')", name="kind_known"),
        CheckConstraint(
            "last_result IS NULL OR last_result IN ('applied', 'unchanged', 'queued', 'failed')",
            name="result_known",
        ),
        CheckConstraint("interval_days BETWEEN 1 AND 366", name="interval_range"),
        CheckConstraint(
            "(pending_body IS NULL) = (pending_sha256 IS NULL)", name="pending_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    url: Mapped[str] = mapped_column(String(2000))
    filter: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trusted: Mapped[bool] = mapped_column(server_default=false())
    interval_days: Mapped[int] = mapped_column(server_default="7")
    next_due_at: Mapped[datetime]
    last_fetched_at: Mapped[datetime | None]
    last_result: Mapped[str | None] = mapped_column(String(10))
    last_message: Mapped[str] = mapped_column(Text, server_default="")
    pending_sha256: Mapped[str | None] = mapped_column(String(64))
    pending_body: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pending_at: Mapped[datetime | None]

    indicator: Mapped[Indicator] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Source {self.id} {self.kind} indicator={self.indicator_id}>"
