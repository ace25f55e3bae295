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
from app.progress.freshness import data_freshness, latest_data_period, period_due, update_due
from app.reporting.progress import listed_on, load_owed_periods
from app.reporting.visibility import intervention_is_active
from app.translating import gathered_translations

# Work due within this many days is listed as "due soon"; later work is left out.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class UpdateDue:
    intervention_id: int
    title: str
    mission_title: str
    department_code: str
    last_update: date | None  # the newest published update (the one definition of "latest")
    due: date | None
    overdue: bool
    drafts: int = 0  # updates waiting for the mission office
    # the title's and mission title's translations, for app.translating (pages and emails)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class OwedPeriod:
    """A period of an indicator whose value is missing: due by ``due``, overdue after it."""

    period: date
    due: date
    overdue: bool


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
    # The missing periods themselves (My work lists them); not part of equality, so that the
    # dashboards' rows, read from the roll-up's freshness, compare equal.
    owed: tuple[OwedPeriod, ...] = field(default=(), compare=False)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


Due = TypeVar("Due", UpdateDue, DataDue)


def _due_soon(rows: list[Due], today: date) -> list[Due]:
    """Overdue first (oldest first), then what falls due within DUE_SOON_DAYS."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    kept = [row for row in rows if row.overdue or (row.due is not None and row.due <= horizon)]
    return _urgent_first(kept)


def _urgent_first(rows: list[Due]) -> list[Due]:
    return sorted(rows, key=lambda row: (not row.overdue, row.due or date.min, row.title))


def updates_due(department_id: int | None, today: date, *, every: bool = False) -> list[UpdateDue]:
    """Active interventions (of one department, or all) whose next update is due soon or late;
    with every, all of them (a lead's "My work" lists each one with its due date). One query.

    The last update is the newest published one (app.reporting.progress.newest_update_ids);
    drafts are counted beside it. Nothing is overdue within a cycle of being listed.
    """
    last_update = (
        select(ProgressUpdate.intervention_id, func.max(ProgressUpdate.reported_on).label("last"))
        .where(ProgressUpdate.is_published.is_(True))
        .group_by(ProgressUpdate.intervention_id)
        .subquery()
    )
    drafts = (
        select(ProgressUpdate.intervention_id, func.count().label("n"))
        .where(ProgressUpdate.is_published.is_(False))
        .group_by(ProgressUpdate.intervention_id)
        .subquery()
    )
    stmt = (
        select(
            Intervention,
            Mission.title,
            Department.code,
            last_update.c.last,
            func.coalesce(drafts.c.n, 0),
            Mission.translations,
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(Department, Department.id == Intervention.lead_department_id)
        .outerjoin(last_update, last_update.c.intervention_id == Intervention.id)
        .outerjoin(drafts, drafts.c.intervention_id == Intervention.id)
        .where(intervention_is_active(), Mission.archived_at.is_(None))
        .order_by(Intervention.title, Intervention.id)
    )
    if department_id is not None:
        stmt = stmt.where(Intervention.lead_department_id == department_id)
    rows = []
    for item, mission, code, last, draft_count, mission_named in db.session.execute(stmt):
        start, end = item.start_date, item.end_date
        if (start is not None and start > today) or (end is not None and end < today):
            continue  # not started yet, or finished: no updates owed
        due = update_due(last, start, item.update_cycle_days, listed_on(item))
        overdue = due is not None and due < today
        translations = gathered_translations(
            title=(item.translations, "title"), mission_title=(mission_named, "title")
        )
        rows.append(
            UpdateDue(
                item.id, item.title, mission, code, last, due, overdue, int(draft_count),
                translations,
            )
        )  # fmt: skip
    return _urgent_first(rows) if every else _due_soon(rows, today)


def data_due(department_id: int | None, today: date, *, every: bool = False) -> list[DataDue]:
    """Indicators (owned by one department, or all) whose next value is due soon or late, each
    with its missing periods; with every, all of them. Two queries.

    The baseline counts as data, as in the progress engine (``latest_data_period``); missing
    earlier periods count (``load_owed_periods``), and nothing is overdue within a cycle of
    being listed: the same freshness rule as every other page.
    """
    latest = newest_periods()
    stmt = (
        select(Indicator, Mission.title, Department.code, latest.c.latest, Mission.translations)
        .join(Mission, Mission.id == Indicator.mission_id)
        .join(Department, Department.id == Indicator.department_id)
        .outerjoin(latest, latest.c.indicator_id == Indicator.id)
        .where(Indicator.archived_at.is_(None), Mission.archived_at.is_(None))
        .order_by(Indicator.title, Indicator.id)
    )
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    found = db.session.execute(stmt).all()
    owed = load_owed_periods([row[0] for row in found], today, published_only=False)
    rows = []
    for indicator, mission, code, newest, mission_named in found:
        frequency = indicator.frequency
        latest_period = latest_data_period(
            newest, indicator.baseline_period, indicator.baseline_value
        )
        missing = owed.get(indicator.id, [])
        fresh = data_freshness(
            frequency, latest_period, today, owed=missing, listed_on=listed_on(indicator)
        )
        periods = tuple(
            OwedPeriod(period, due, due < today)
            for period in missing
            for due in [period_due(frequency, period)]
        )
        translations = gathered_translations(
            title=(indicator.translations, "title"), mission_title=(mission_named, "title")
        )
        rows.append(
            DataDue(
                indicator.id, indicator.title, mission, code, frequency, latest_period,
                fresh.due, fresh.overdue, periods, translations,
            )
        )  # fmt: skip
    return _urgent_first(rows) if every else _due_soon(rows, today)


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
