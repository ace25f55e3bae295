"""Site-wide counters shared by every app server through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

CONTENT_VERSION = "content_version"


class SiteState(Base):
    """A named counter, e.g. content_version: bumped by every change the public can see."""

    __tablename__ = "site_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(server_default="1")
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
