"""Review meetings (Stat-style): the agenda as it stood when generated, and the follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import vocabulary

if TYPE_CHECKING:
    from app.models.department import Department
    from app.models.mission import Mission
    from app.models.user import User


class MeetingState(StrEnum):
    PLANNED = "planned"
    HELD = "held"


class AgendaKind(StrEnum):
    """What an agenda item is about."""

    INTERVENTION = "intervention"
    MILESTONE = "milestone"
    INDICATOR = "indicator"
    FOLLOW_UP = "follow_up"


class FollowUpKind(StrEnum):
    """A decision is recorded; an action has an owner and a due date and is tracked until closed."""

    DECISION = "decision"
    ACTION = "action"


class ReviewMeeting(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A review meeting of one mission: planned, then held; its minutes are staff-only until
    the mission office publishes them."""

    TRANSLATED = ("title", "minutes")

    __tablename__ = "review_meetings"
    __table_args__ = (
        CheckConstraint("state = 'held' OR NOT minutes_published", name="published_when_held"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="RESTRICT"), index=True
    )
    meeting_date: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[MeetingState] = mapped_column(
        vocabulary(MeetingState, name="state_known", length=10),
        server_default=MeetingState.PLANNED.value,
    )
    minutes: Mapped[str] = mapped_column(Text, server_default="")
    minutes_published: Mapped[bool] = mapped_column(server_default=false())
    published_at: Mapped[datetime | None]
    agenda_generated_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    mission: Mapped[Mission] = relationship(lazy="raise")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", lazy="raise", order_by="AgendaItem.position"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="meeting",
        lazy="raise",
        order_by="FollowUp.id",
        foreign_keys="FollowUp.meeting_id",
    )

    def __repr__(self) -> str:
        return f"<ReviewMeeting {self.id} {self.meeting_date} {self.state}>"


class AgendaItem(TranslatableMixin, VersionedMixin, Base):
    """One item of a meeting's agenda, as it stood when the agenda was generated.

    The subject's title, its status and the explanation of that status are copied here (the
    engine's English reason, and its structured facts so pages can say it in any language), so
    the record of what was discussed stays when the statuses move on.
    """

    TRANSLATED = ("subject", "notes")

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("review_meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[AgendaKind] = mapped_column(vocabulary(AgendaKind, name="kind_known", length=12))
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("interventions.id", ondelete="SET NULL"), index=True
    )
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text, server_default="")
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    notes: Mapped[str] = mapped_column(Text, server_default="")

    meeting: Mapped[ReviewMeeting] = relationship(back_populates="items", lazy="raise")
    # The follow-up as it is now (a carried follow-up may be closed after the agenda was made).
    follow_up: Mapped[FollowUp | None] = relationship(lazy="raise", foreign_keys=[follow_up_id])

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} {self.kind} {self.status}>"


class FollowUp(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A decision or an action recorded in a meeting. An action has an owner (a member of
    staff and/or a department) and a due date; it stays open, in the owner's My work and on the
    next meeting's agenda, until it is closed with a note."""

    TRANSLATED = ("text", "closing_note")

    __tablename__ = "follow_ups"
    __table_args__ = (
        CheckConstraint(
            "kind = 'decision' OR (due_on IS NOT NULL AND "
            "(owner_id IS NOT NULL OR department_id IS NOT NULL))",
            name="action_owned_and_due",
        ),
        CheckConstraint("kind = 'action' OR closed_at IS NULL", name="only_actions_close"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("review_meetings.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[FollowUpKind] = mapped_column(
        vocabulary(FollowUpKind, name="kind_known", length=10)
    )
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    closing_note: Mapped[str] = mapped_column(Text, server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    meeting: Mapped[ReviewMeeting] = relationship(
        back_populates="follow_ups", lazy="raise", foreign_keys=[meeting_id]
    )
    owner: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[owner_id])
    department: Mapped[Department | None] = relationship(lazy="raise")
    closed_by: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[closed_by_id])

    @property
    def is_open(self) -> bool:
        return self.kind == FollowUpKind.ACTION and self.closed_at is None

    def __repr__(self) -> str:
        return f"<FollowUp {self.id} {self.kind} open={self.is_open}>"
