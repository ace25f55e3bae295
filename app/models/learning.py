"""The learning log: what an intervention set out to learn, tried, saw and decided."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import Decision, LearningKind, Stage, vocabulary

if TYPE_CHECKING:
    from app.models.indicator import Indicator
    from app.models.intervention import Intervention
    from app.models.user import User


class LearningEntry(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """One dated, authored entry of an intervention's learning log; published ones are public.

    A hypothesis says what the team expects and how it will find out; a test what was tried,
    with whom and when; a result what was seen, with evidence (a link, an indicator); a decision
    what the team decided (scale, adapt, continue, stop). A decision that moved the intervention
    between stages records both stages and its answers to that gate's questions.
    """

    TRANSLATED = ("title", "body", "with_whom")

    __tablename__ = "learning_entries"
    __table_args__ = (
        CheckConstraint("kind <> 'decision' OR decision IS NOT NULL", name="decision_decides"),
        CheckConstraint("kind = 'decision' OR decision IS NULL", name="only_decisions_decide"),
        CheckConstraint(
            "(from_stage IS NULL) = (to_stage IS NULL)", name="stage_move_has_both_ends"
        ),
        CheckConstraint("kind = 'decision' OR to_stage IS NULL", name="only_decisions_move"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[LearningKind] = mapped_column(
        vocabulary(LearningKind, name="kind_known", length=12)
    )
    # When it happened (a test's date, a result's observation, a decision's meeting).
    entered_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    # A test: with whom it was tried (residents of a district, a school, a partner).
    with_whom: Mapped[str] = mapped_column(String(300), server_default="")
    # A result: evidence behind it, a link and/or the indicator whose values show it.
    evidence_url: Mapped[str] = mapped_column(String(500), server_default="")
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    # A decision: what was decided, and the stage move it made, if any.
    decision: Mapped[Decision | None] = mapped_column(
        vocabulary(Decision, name="decision_known", length=10)
    )
    from_stage: Mapped[Stage | None] = mapped_column(
        vocabulary(Stage, name="from_stage_known", length=10)
    )
    to_stage: Mapped[Stage | None] = mapped_column(
        vocabulary(Stage, name="to_stage_known", length=10)
    )
    # The gate's questions as they were asked, with the answers: [{"question": …, "answer": …}].
    gate_answers: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    is_published: Mapped[bool] = mapped_column(server_default=false())
    published_at: Mapped[datetime | None]

    intervention: Mapped[Intervention] = relationship(lazy="raise")
    author: Mapped[User | None] = relationship(lazy="raise")
    indicator: Mapped[Indicator | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<LearningEntry {self.id} {self.kind} {self.title!r}>"
