"""A manual status override: always shown as manual, with its reason and author."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.enums import sql_in


class ManualOverrideMixin:
    """Columns for a status set by hand instead of computed; the computed one is kept too."""

    status_override: Mapped[str | None] = mapped_column(String(24))
    override_reason: Mapped[str] = mapped_column(Text, server_default="")
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_at: Mapped[datetime | None]


def override_checks(statuses: type) -> tuple[str, str]:
    """CHECK expressions: a known status, and never an override without a reason."""
    return (
        "status_override IS NULL OR " + sql_in(statuses, "status_override"),
        "status_override IS NULL OR length(override_reason) > 0",
    )
