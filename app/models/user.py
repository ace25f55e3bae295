"""Staff accounts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, false, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, VersionedMixin
from app.models.enums import Role, vocabulary

if TYPE_CHECKING:
    from app.models.department import Department


class User(TimestampMixin, VersionedMixin, Base):
    """A member of staff who signs in: admin, mission office, department lead or viewer."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role <> 'department_lead' OR department_id IS NOT NULL", name="lead_has_department"
        ),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(vocabulary(Role, name="role_known", length=20))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(server_default=true())
    must_change_password: Mapped[bool] = mapped_column(server_default=false())
    # The language of the email the app sends this user (one of LANGUAGES).
    language: Mapped[str] = mapped_column(String(5), server_default="en")

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
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(Base):
    """One signed-in browser session, so sign-out and password changes can end it server-side."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_active", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # SHA-256 of the random token kept in the signed session cookie; the token itself is not stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    ip_address: Mapped[str] = mapped_column(String(64), server_default="")
    user_agent: Mapped[str] = mapped_column(String(300), server_default="")

    user: Mapped[User] = relationship(lazy="raise")
