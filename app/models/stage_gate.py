"""A city's stage gates: the questions a decision must answer to move an intervention to a stage."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin
from app.models.enums import Stage, vocabulary


class StageGate(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """The gate into one stage (test, scale, sustain or stopped), as the mission office set it.

    questions holds one question per line (its translations likewise, line by line). A stage
    with no row uses the defaults of app.interventions.gates; saving the settings page stores a
    row. needs_evidence asks for an earlier result entry with evidence (a link or an indicator).
    """

    TRANSLATED = ("questions",)

    __tablename__ = "stage_gates"
    __table_args__ = (CheckConstraint("to_stage <> 'explore'", name="no_gate_into_explore"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_stage: Mapped[Stage] = mapped_column(
        vocabulary(Stage, name="to_stage_known", length=10), unique=True
    )
    questions: Mapped[str] = mapped_column(Text, server_default="")
    needs_evidence: Mapped[bool] = mapped_column(server_default=false())

    def __repr__(self) -> str:
        return f"<StageGate {self.to_stage}>"
