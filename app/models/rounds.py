"""Twice-yearly reporting rounds: a status report per active intervention, reviewed and published
together as the dated round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import UpdateStatus, vocabulary

if TYPE_CHECKING:
    from app.models.department import Department
    from app.models.intervention import Intervention
    from app.models.mission import Mission
    from app.models.user import User


class RoundState(StrEnum):
    """A round is open while reports are written and reviewed, then published all at once."""

    OPEN = "open"
    PUBLISHED = "published"


class ReportState(StrEnum):
    """Where a status report is in its review: the lead drafts and submits, the mission office
    approves or returns it with a comment, or excludes it from the round with a reason."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    EXCLUDED = "excluded"


class ReportingRound(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """One mission's reporting round (e.g. 'July 2026'): opened on a day, reports due by another,
    published as a whole."""

    TRANSLATED = ("title",)

    __tablename__ = "reporting_rounds"
    __table_args__ = (
        UniqueConstraint("mission_id", "opened_on"),
        CheckConstraint("opened_on <= due_on", name="dates_in_order"),
        CheckConstraint("covers_from <= opened_on", name="covers_before_opening"),
        CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)", name="published_when_dated"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    # What the reports cover: from the previous round's opening (or the oldest start) to opened_on.
    covers_from: Mapped[date]
    opened_on: Mapped[date]
    due_on: Mapped[date]
    state: Mapped[RoundState] = mapped_column(
        vocabulary(RoundState, name="state_known", length=10), server_default=RoundState.OPEN.value
    )
    published_at: Mapped[datetime | None]
    # Who opened it; None when `flask rounds open-due` did on a configured date.
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    mission: Mapped[Mission] = relationship(lazy="raise")
    opened_by: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<ReportingRound {self.id} {self.title!r}>"


class StatusReport(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """One intervention's status report in a round, written by its lead department."""

    # An exclusion's reason is published ("Not reported: …"), so it is translated too.
    TRANSLATED = ("summary", "results", "next_steps", "excluded_reason")

    __tablename__ = "status_reports"
    __table_args__ = (
        UniqueConstraint("round_id", "intervention_id"),
        CheckConstraint(
            "state <> 'excluded' OR length(excluded_reason) > 0", name="excluded_has_reason"
        ),
        CheckConstraint(
            "state <> 'returned' OR length(review_comment) > 0", name="returned_has_comment"
        ),
        CheckConstraint(
            "state NOT IN ('submitted', 'approved') OR (status IS NOT NULL "
            "AND length(summary) > 0)",
            name="submitted_is_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_rounds.id", ondelete="CASCADE"), index=True
    )
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="RESTRICT"), index=True
    )
    # The department that owes the report: the intervention's lead when the round opened.
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    state: Mapped[ReportState] = mapped_column(
        vocabulary(ReportState, name="state_known", length=10),
        server_default=ReportState.DRAFT.value,
    )
    status: Mapped[UpdateStatus | None] = mapped_column(
        vocabulary(UpdateStatus, name="status_known", length=10)
    )
    summary: Mapped[str] = mapped_column(Text, server_default="")
    # Results and learning: what was seen and what the team learned.
    results: Mapped[str] = mapped_column(Text, server_default="")
    next_steps: Mapped[str] = mapped_column(Text, server_default="")
    # Indicator movement over the period, as it stood when the round opened:
    # [{"indicator_id", "title", "unit", "from": [period, value] | None, "to": …, "status"}].
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    review_comment: Mapped[str] = mapped_column(Text, server_default="")
    excluded_reason: Mapped[str] = mapped_column(Text, server_default="")
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    approved_at: Mapped[datetime | None]

    round: Mapped[ReportingRound] = relationship(lazy="raise")
    intervention: Mapped[Intervention] = relationship(lazy="raise")
    department: Mapped[Department] = relationship(lazy="raise")
    submitted_by: Mapped[User | None] = relationship(lazy="raise")

    def movement(self) -> list[IndicatorMove]:
        """The indicator movement snapshot as rows pages read like models."""
        return [IndicatorMove.from_json(row) for row in self.indicators or []]

    def __repr__(self) -> str:
        return f"<StatusReport {self.id} {self.state}>"


@dataclass(frozen=True)
class IndicatorMove:
    """One indicator's movement over a report's period: its value at the start (the newest at
    or before it, else the first after), its latest value, and its status then. Each point is
    its period and value; the frequency and decimals say how pages label and write them
    (snapshots taken before they were kept read as a plain date with one decimal)."""

    indicator_id: int
    title: str
    unit: str
    start: tuple[date, float] | None
    latest: tuple[date, float] | None
    status: str
    translations: dict[str, Any]
    frequency: str | None = None
    decimals: int = 1

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> IndicatorMove:
        def point(value: Any) -> tuple[date, float] | None:
            return (date.fromisoformat(str(value[0])), float(value[1])) if value else None

        decimals = row.get("decimals")
        return cls(
            int(row.get("indicator_id", 0)), str(row.get("title", "")), str(row.get("unit", "")),
            point(row.get("from")), point(row.get("to")), str(row.get("status", "")),
            dict(row.get("translations") or {}), row.get("frequency") or None,
            decimals if isinstance(decimals, int) else 1,
        )  # fmt: skip
