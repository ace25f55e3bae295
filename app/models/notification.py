"""Email: what each user wants to receive, residents who follow a mission, the sending ledger."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.enums import sql_in


class NoticeKind(StrEnum):
    """What a member of staff can be sent."""

    REMINDERS = "reminders"  # their department's data and updates, before, on and after due
    ESCALATION = "escalation"  # the mission office's weekly digest of what is long overdue


class Cadence(StrEnum):
    """How often a kind of message may be sent to one person."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a run took it and is sending it (or crashed: taken again after a while)
    SENT = "sent"
    FAILED = "failed"  # the server could not be reached: tried again by a later run, a few times
    REFUSED = "refused"  # the server refused the address: recorded, never tried again


class NotificationPreference(Base):
    """One user's choice for one kind; no row means the default of the kind."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint(sql_in(NoticeKind, "kind"), name="kind_known"),
        CheckConstraint(sql_in(Cadence, "cadence"), name="cadence_known"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(20))


class Follower(Base):
    """A resident who confirmed they follow a mission: only address, language and dates."""

    __tablename__ = "followers"
    __table_args__ = (
        UniqueConstraint("mission_id", "email"),
        # Any configured language (LANGUAGES); the app checks the code before storing it.
        CheckConstraint(
            "length(language) BETWEEN 2 AND 3 AND language = lower(language)",
            name="language_code",
        ),
        CheckConstraint("cadence IN ('daily', 'weekly')", name="cadence_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5))
    cadence: Mapped[str] = mapped_column(String(10), server_default="weekly")
    confirmed_at: Mapped[datetime]


class MailDelivery(Base):
    """The ledger: one row per message part owed to one recipient, claimed before it is sent.

    The unique key (recipient, item, due date, kind) is what makes a reminder go out once: a run
    inserts the row (or finds it taken) before it sends, so two runs never both own it.
    """

    __tablename__ = "mail_deliveries"
    __table_args__ = (
        UniqueConstraint("recipient", "item", "due_on", "kind"),
        CheckConstraint(sql_in(DeliveryStatus, "status"), name="status_known"),
        Index("ix_mail_deliveries_status_claimed", "status", "claimed_at"),
        Index("ix_mail_deliveries_claim_token", "claim_token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    item: Mapped[str] = mapped_column(String(60))
    due_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))
    claim_token: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(server_default="1")
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(String(300), server_default="")


class MailProblem(Base):
    """A sending problem staff should see (a bad SMTP setting, a refused address)."""

    __tablename__ = "mail_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    source: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(500))
