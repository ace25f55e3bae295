"""The learning log of an intervention, read once for the staff page and the public page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Indicator, LearningEntry
from app.reporting.visibility import indicator_is_public, learning_entry_is_public


@dataclass(frozen=True)
class LoggedEntry:
    """One entry of the log with the indicator its result links, when the reader may see it."""

    entry: LearningEntry
    indicator: Indicator | None


def learning_log(intervention_id: int, *, published_only: bool) -> list[LoggedEntry]:
    """An intervention's log, newest first, with each entry's author and indicator (one query).

    published_only: what the public sees, published entries of a public intervention, each
    with its indicator only when that indicator is public too.
    """
    linked = Indicator.id == LearningEntry.indicator_id
    stmt = (
        select(LearningEntry, Indicator)
        .outerjoin(Indicator, and_(linked, indicator_is_public()) if published_only else linked)
        .options(joinedload(LearningEntry.author))
        .where(LearningEntry.intervention_id == intervention_id)
        .order_by(LearningEntry.entered_on.desc(), LearningEntry.id.desc())
    )
    if published_only:
        stmt = stmt.where(learning_entry_is_public())
    return [LoggedEntry(entry, indicator) for entry, indicator in db.session.execute(stmt)]
