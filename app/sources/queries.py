"""Reads for the source pages: the list with each source's last result, one indicator's source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Department, Indicator, Source


@dataclass(frozen=True)
class SourceRow:
    indicator_id: int
    indicator_title: str
    department_id: int
    department_code: str
    kind: str
    url: str
    trusted: bool
    last_fetched_at: datetime | None
    last_result: str | None
    last_message: str
    next_due_at: datetime
    pending: bool


def list_sources() -> list[SourceRow]:
    """Every source with its indicator and department, in one query (no file bodies)."""
    stmt = (
        select(
            Source.indicator_id, Indicator.title, Indicator.department_id, Department.code,
            Source.kind, Source.url, Source.trusted, Source.last_fetched_at, Source.last_result,
            Source.last_message, Source.next_due_at, Source.pending_sha256,
        )
        .join(Indicator, Indicator.id == Source.indicator_id)
        .join(Department, Department.id == Indicator.department_id)
        .order_by(Source.next_due_at, Indicator.title)
    )  # fmt: skip
    rows = []
    for (indicator_id, title, department_id, code, kind, url, trusted, fetched, result, message,
         due, pending) in db.session.execute(stmt):  # fmt: skip
        rows.append(
            SourceRow(indicator_id, title, department_id, code, kind, url, trusted, fetched,
                      result, message, due, pending is not None)
        )  # fmt: skip
    return rows


def source_of(indicator_id: int) -> Source | None:
    return db.session.scalar(select(Source).where(Source.indicator_id == indicator_id))
