"""Measurement reads: one value with its indicator, and the department's period grid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Subquery, and_, func, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    HEADLINE,
    Department,
    Indicator,
    Measurement,
    Mission,
    PendingValue,
    UncollectedPeriod,
)
from app.progress.freshness import DataFreshness, data_freshness, latest_data_period, period_start
from app.reporting.progress import listed_on, load_owed_periods
from app.translating import translated_field


def get_measurement(measurement_id: int) -> Measurement | None:
    """A measurement with its indicator loaded (the permission check needs the indicator)."""
    return db.session.scalar(
        select(Measurement)
        .options(joinedload(Measurement.indicator))
        .where(Measurement.id == measurement_id)
    )


def find_measurement(indicator_id: int, breakdown: str, period: date) -> Measurement | None:
    """The value stored for this indicator, breakdown and period, if any."""
    return db.session.scalar(
        select(Measurement).where(
            Measurement.indicator_id == indicator_id,
            Measurement.breakdown == breakdown,
            Measurement.period == period,
        )
    )


def uncollected_period(indicator_id: int, period: date) -> UncollectedPeriod | None:
    """The mark that this indicator's period was not collected, if any."""
    return db.session.scalar(
        select(UncollectedPeriod).where(
            UncollectedPeriod.indicator_id == indicator_id, UncollectedPeriod.period == period
        )
    )


def headline_values(pairs: Iterable[tuple[int, date]]) -> dict[tuple[int, date], Measurement]:
    """The headline measurements of several (indicator, period) pairs, in one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    indicator_ids = {indicator_id for indicator_id, _period in pairs}
    periods = {period for _indicator_id, period in pairs}
    stmt = select(Measurement).where(
        Measurement.indicator_id.in_(indicator_ids),
        Measurement.period.in_(periods),
        Measurement.breakdown == HEADLINE,
    )
    found = {(m.indicator_id, m.period): m for m in db.session.scalars(stmt)}
    return {key: value for key, value in found.items() if key in pairs}


def list_departments() -> list[Department]:
    """Every department by name (for the grid's department choice)."""
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def find_department(reference: str) -> Department | None:
    """A department by id ('3') or by short code ('WEL', any case)."""
    reference = reference.strip()
    if reference.isascii() and reference.isdigit() and len(reference) < 10:
        return db.session.get(Department, int(reference))
    return db.session.scalar(
        select(Department).where(func.upper(Department.code) == reference.upper())
    )


def last_complete_period(frequency: str, today: date) -> date:
    """Start of the period before the one containing today: what data is usually entered for."""
    return period_start(frequency, period_start(frequency, today) - timedelta(days=1))


RECENT_VALUES = 3  # the grid shows this many earlier values of each row


def recent_values(pairs: Iterable[tuple[int, date]]) -> dict[int, list[tuple[date, float]]]:
    """The last RECENT_VALUES headline values of each indicator before its period, oldest first,
    in one query (one index range per distinct period)."""
    by_period: dict[date, set[int]] = {}
    for indicator_id, period in pairs:
        by_period.setdefault(period, set()).add(indicator_id)
    if not by_period:
        return {}
    condition = or_(
        *(
            and_(Measurement.indicator_id.in_(ids), Measurement.period < period)
            for period, ids in by_period.items()
        )
    )
    ranked = (
        select(
            Measurement.indicator_id,
            Measurement.period,
            Measurement.value,
            func.row_number()
            .over(partition_by=Measurement.indicator_id, order_by=Measurement.period.desc())
            .label("rank"),
        )
        .where(Measurement.breakdown == HEADLINE, condition)
        .subquery()
    )
    stmt = (
        select(ranked.c.indicator_id, ranked.c.period, ranked.c.value)
        .where(ranked.c.rank <= RECENT_VALUES)
        .order_by(ranked.c.indicator_id, ranked.c.period)
    )
    found: dict[int, list[tuple[date, float]]] = {}
    for indicator_id, period, value in db.session.execute(stmt):
        found.setdefault(indicator_id, []).append((period, value))
    return found


def pending_values(pairs: Iterable[tuple[int, date]]) -> dict[tuple[int, date], PendingValue]:
    """Values waiting for review for several (indicator, period) pairs, in one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    stmt = select(PendingValue).where(
        PendingValue.indicator_id.in_({indicator_id for indicator_id, _period in pairs}),
        PendingValue.period.in_({period for _indicator_id, period in pairs}),
    )
    found = {(row.indicator_id, row.period): row for row in db.session.scalars(stmt)}
    return {key: row for key, row in found.items() if key in pairs}


@dataclass(frozen=True)
class GridRow:
    """One indicator in the period grid: the period asked for, the value stored (and one waiting
    for review), the values before it, and freshness."""

    indicator: Indicator
    mission_title: str
    period: date
    current: Measurement | None
    freshness: DataFreshness
    recent: list[tuple[date, float]] = field(default_factory=list)
    pending: PendingValue | None = None


def newest_periods() -> Subquery:
    """Subquery of each indicator's newest period of any series (freshness counts breakdowns
    too: an imported indicator may have no total rows): columns indicator_id and latest."""
    return (
        select(Measurement.indicator_id, func.max(Measurement.period).label("latest"))
        .group_by(Measurement.indicator_id)
        .subquery()
    )


def grid_rows(department_id: int, chosen: date | None, today: date) -> list[GridRow]:
    """The department's live indicators, each with the period to enter and its stored value.

    With a chosen date, each row is the period of its frequency containing that date; without,
    the last complete period. Five queries, whatever the number of indicators.
    """
    return _grid_rows(
        [
            Indicator.department_id == department_id,
            Indicator.archived_at.is_(None),
            Mission.archived_at.is_(None),
        ],
        chosen,
        today,
    )


def archived_grid_rows(
    department_id: int, indicator_ids: Iterable[int], chosen: date | None, today: date
) -> list[GridRow]:
    """Rows for the department's archived indicators among these (posted from a grid opened
    before they were archived), so that the grid can show why they take no value."""
    return _grid_rows(
        [
            Indicator.department_id == department_id,
            Indicator.id.in_(set(indicator_ids)),
            Indicator.archived_at.is_not(None),
        ],
        chosen,
        today,
    )


def _grid_rows(conditions: list[Any], chosen: date | None, today: date) -> list[GridRow]:
    latest = newest_periods()
    stmt = (
        select(Indicator, Mission.title, latest.c.latest, Mission.translations)
        .join(Mission, Mission.id == Indicator.mission_id)
        .outerjoin(latest, latest.c.indicator_id == Indicator.id)
        .where(*conditions)
        .order_by(Mission.title, Indicator.title, Indicator.id)
    )
    found = []
    for indicator, title, latest_period, named in db.session.execute(stmt):
        mission_title = translated_field(title, named, "title")
        if chosen is None:
            period = last_complete_period(indicator.frequency, today)
        else:
            period = period_start(indicator.frequency, chosen)
        found.append((indicator, mission_title, period, latest_period))
    pairs = [(ind.id, period) for ind, _title, period, _latest in found]
    stored = headline_values(pairs)
    recent = recent_values(pairs)
    waiting = pending_values(pairs)
    owed = load_owed_periods([ind for ind, *_rest in found], today, published_only=False)
    return [
        GridRow(
            indicator=ind,
            mission_title=title,
            period=period,
            current=stored.get((ind.id, period)),
            freshness=data_freshness(
                ind.frequency,
                latest_data_period(latest_period, ind.baseline_period, ind.baseline_value),
                today,
                owed=owed.get(ind.id, ()),
                listed_on=listed_on(ind),
            ),
            recent=recent.get(ind.id, []),
            pending=waiting.get((ind.id, period)),
        )
        for ind, title, period, latest_period in found
    ]


def indicators_by_id(indicator_ids: Iterable[int]) -> dict[int, Indicator]:
    """Indicators by id, in one query."""
    ids = set(indicator_ids)
    if not ids:
        return {}
    stmt = select(Indicator).where(Indicator.id.in_(ids))
    return {indicator.id: indicator for indicator in db.session.scalars(stmt)}
