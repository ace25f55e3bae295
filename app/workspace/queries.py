"""Reads for "My work": due and overdue progress updates and indicator data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, select

from app.extensions import db
from app.measurements.queries import newest_periods
from app.models import (
    Department,
    Indicator,
    Intervention,
    Mission,
    ProgressUpdate,
    Source,
)
from app.progress.freshness import data_freshness, latest_data_period, update_due
from app.translating import gathered_translations

# Work due within this many days is listed as "due soon"; later work is left out.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class UpdateDue:
    intervention_id: int
    title: str
    mission_title: str
    department_code: str
    last_update: date | None
    due: date | None
    overdue: bool
    # the title's and mission title's translations, for app.translating (pages and emails)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DataDue:
    indicator_id: int
    title: str
    mission_title: str
    department_code: str
    frequency: str
    latest_period: date | None
    due: date | None
    overdue: bool
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


Due = TypeVar("Due", UpdateDue, DataDue)


def _due_soon(rows: list[Due], today: date) -> list[Due]:
    """Overdue first (oldest first), then what falls due within DUE_SOON_DAYS."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    kept = [row for row in rows if row.overdue or (row.due is not None and row.due <= horizon)]
    return sorted(kept, key=lambda row: (not row.overdue, row.due or date.min, row.title))


def updates_due(department_id: int | None, today: date) -> list[UpdateDue]:
    """Active interventions (of one department, or all) whose next update is due soon or late."""
    last_update = (
        select(ProgressUpdate.intervention_id, func.max(ProgressUpdate.reported_on).label("last"))
        .group_by(ProgressUpdate.intervention_id)
        .subquery()
    )
    stmt = (
        select(
            Intervention.id,
            Intervention.title,
            Mission.title,
            Department.code,
            Intervention.start_date,
            Intervention.end_date,
            Intervention.update_cycle_days,
            last_update.c.last,
            Intervention.translations,
            Mission.translations,
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(Department, Department.id == Intervention.lead_department_id)
        .outerjoin(last_update, last_update.c.intervention_id == Intervention.id)
        .where(
            Intervention.archived_at.is_(None),
            Intervention.stage != "stopped",
            Mission.archived_at.is_(None),
        )
    )
    if department_id is not None:
        stmt = stmt.where(Intervention.lead_department_id == department_id)
    rows = []
    for row in db.session.execute(stmt):
        item_id, title, mission, code, start, end, cycle, last, named, mission_named = row
        if (start is not None and start > today) or (end is not None and end < today):
            continue  # not started yet, or finished: no updates owed
        due = update_due(last, start, cycle)
        overdue = due is not None and due < today
        translations = gathered_translations(
            title=(named, "title"), mission_title=(mission_named, "title")
        )
        rows.append(UpdateDue(item_id, title, mission, code, last, due, overdue, translations))
    return _due_soon(rows, today)


def data_due(department_id: int | None, today: date) -> list[DataDue]:
    """Indicators (owned by one department, or all) whose next value is due soon or late.

    The baseline counts as data, as in the progress engine (``latest_data_period``).
    """
    latest = newest_periods()
    stmt = (
        select(
            Indicator.id,
            Indicator.title,
            Mission.title,
            Department.code,
            Indicator.frequency,
            Indicator.translations,
            Mission.translations,
            latest.c.latest,
            Indicator.baseline_period,
            Indicator.baseline_value,
        )
        .join(Mission, Mission.id == Indicator.mission_id)
        .join(Department, Department.id == Indicator.department_id)
        .outerjoin(latest, latest.c.indicator_id == Indicator.id)
        .where(Indicator.archived_at.is_(None), Mission.archived_at.is_(None))
    )
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    rows = []
    # The last three columns: newest period of any series, baseline period, baseline value.
    for ind_id, title, mission, code, frequency, named, mission_named, *data in db.session.execute(
        stmt
    ):
        latest_period = latest_data_period(*data)
        fresh = data_freshness(frequency, latest_period, today)
        translations = gathered_translations(
            title=(named, "title"), mission_title=(mission_named, "title")
        )
        rows.append(
            DataDue(
                ind_id,
                title,
                mission,
                code,
                frequency,
                latest_period,
                fresh.due,
                fresh.overdue,
                translations,
            )
        )
    return _due_soon(rows, today)


@dataclass(frozen=True)
class ReviewDue:
    indicator_id: int
    title: str
    department_code: str
    url: str
    fetched: datetime | None
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


def reviews_due(department_id: int | None) -> list[ReviewDue]:
    """Source refreshes waiting for review (one department's indicators, or all), oldest first."""
    stmt = (
        select(
            Indicator.id,
            Indicator.title,
            Department.code,
            Source.url,
            Source.pending_at,
            Indicator.translations,
        )
        .join(Source, Source.indicator_id == Indicator.id)
        .join(Department, Department.id == Indicator.department_id)
        .where(Source.pending_sha256.is_not(None), Indicator.archived_at.is_(None))
        .order_by(Source.pending_at, Indicator.title)
    )
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    return [
        ReviewDue(
            indicator_id, title, code, url, fetched, gathered_translations(title=(named, "title"))
        )
        for indicator_id, title, code, url, fetched, named in db.session.execute(stmt)
    ]
