"""Staff accounts."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, VersionedMixin
from app.models.enums import Role, sql_in

if TYPE_CHECKING:
    from app.models.department import Department


def new_session_token() -> str:
    """A random token; changing it signs the user out of every other session."""
    return secrets.token_urlsafe(32)


class User(TimestampMixin, VersionedMixin, Base):
    """A member of staff who signs in: admin, mission office, department lead or viewer."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(sql_in(Role, "role"), name="role_known"),
        CheckConstraint(
            "role <> 'department_lead' OR department_id IS NOT NULL", name="lead_has_department"
        ),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(server_default=true())
    must_change_password: Mapped[bool] = mapped_column(server_default=false())
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    last_login_at: Mapped[datetime | None]

    department: Mapped[Department | None] = relationship(lazy="raise")

    # Flask-Login protocol, written out so the model has no Flask dependency.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Session identity: id plus a token, so a token change ends old sessions."""
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
