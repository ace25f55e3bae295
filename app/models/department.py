"""Departments: the city units that lead and partner on interventions."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, TranslatableMixin, VersionedMixin


class Department(TranslatableMixin, TimestampMixin, VersionedMixin, Base):
    """A city department, e.g. Education and Youth (code EDU)."""

    TRANSLATED = ("name",)

    __tablename__ = "departments"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 2 AND 12", name="code_length"),
        CheckConstraint("length(colour) = 7 AND substr(colour, 1, 1) = '#'", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    colour: Mapped[str] = mapped_column(String(7), server_default="#4477aa")
    # True: the department's new and corrected values wait for the mission office's review
    # before the public sees them; False: they are public at once.
    values_need_review: Mapped[bool] = mapped_column(server_default=false())

    def __repr__(self) -> str:
        return f"<Department {self.code}>"
