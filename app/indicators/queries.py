"""Indicator reads: the filtered list with latest values, one indicator in full, form choices."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.listing import ListQuery, Page, paginate
from app.models import HEADLINE, Department, Indicator, Intervention, Measurement, Mission, Outcome
from app.progress.freshness import DataFreshness, data_freshness, latest_data_period
from app.reporting.progress import latest_period_of, listed_on, load_owed_periods
from app.translating import translated, translated_field


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicator list."""

    indicator: Indicator
    mission_title: str
    department_code: str
    latest_period: date | None
    latest_value: float | None
    freshness: DataFreshness


def freshness_of(
    indicator: Indicator, latest_period: date | None, today: date, owed: Sequence[date] = ()
) -> DataFreshness:
    """Data freshness as the progress engine reads it: the baseline counts as a data point,
    missing earlier periods count (owed), and a new indicator has a cycle of grace."""
    latest = latest_data_period(latest_period, indicator.baseline_period, indicator.baseline_value)
    return data_freshness(
        indicator.frequency, latest, today, owed=owed, listed_on=listed_on(indicator)
    )


INDICATOR_SORTS = ("mission", "title", "department", "latest", "updated")


def list_indicators(
    *,
    mission_id: int | None,
    department_id: int | None,
    today: date,
    archived: bool = False,
    query: ListQuery | None = None,
) -> Page[IndicatorRow]:
    """Live indicators (optionally of one mission or department) with their latest headline value
    (the chosen headline series where there is one) and freshness from any series.

    archived lists the archived ones instead (to restore them). The search looks in titles and
    codes; sorted and paged by query. Two queries, whatever the number of indicators and
    measurements.
    """
    query = query or ListQuery(sort="mission", per_page=100)
    ranked = (
        select(
            Measurement.indicator_id,
            Measurement.period,
            Measurement.value,
            func.row_number()
            .over(partition_by=Measurement.indicator_id, order_by=Measurement.period.desc())
            .label("rank"),
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Measurement.breakdown == Indicator.headline_breakdown)
        .subquery()
    )
    stmt = (
        select(
            Indicator,
            Mission.title,
            Mission.translations,
            Department.code,
            ranked.c.period,
            ranked.c.value,
            latest_period_of(Indicator.id).correlate(Indicator),
        )
        .join(Mission, Mission.id == Indicator.mission_id)
        .join(Department, Department.id == Indicator.department_id)
        .outerjoin(ranked, (ranked.c.indicator_id == Indicator.id) & (ranked.c.rank == 1))
        .where(Indicator.archived_at.is_not(None) if archived else Indicator.archived_at.is_(None))
    )
    if mission_id is not None:
        stmt = stmt.where(Indicator.mission_id == mission_id)
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    rows, total, shown = paginate(
        stmt,
        query,
        sorts={
            "mission": (Mission.title, Indicator.title),
            "title": (Indicator.title,),
            "department": (Department.code, Indicator.title),
            "latest": (ranked.c.period, Indicator.title),
            "updated": (Indicator.updated_at,),
        },
        tiebreak=Indicator.id,
        search=(Indicator.title, Indicator.code),
    )
    owed = load_owed_periods([row[0] for row in rows], today, published_only=False)
    items = [
        IndicatorRow(
            ind,
            translated_field(mission, translations, "title"),
            code,
            period,
            value,
            freshness_of(ind, newest, today, owed.get(ind.id, ())),
        )
        for ind, mission, translations, code, period, value, newest in rows
    ]
    return Page(items, total, query, shown)


def get_indicator_for_edit(indicator_id: int) -> Indicator | None:
    """An indicator with its interim targets loaded (the form replaces them)."""
    return db.session.scalar(
        select(Indicator)
        .options(selectinload(Indicator.interim_targets))
        .where(Indicator.id == indicator_id)
    )


def get_indicator_detail(indicator_id: int) -> Indicator | None:
    """An indicator with its mission, outcome, intervention, department and interim targets."""
    return db.session.scalar(
        select(Indicator)
        .options(
            joinedload(Indicator.mission),
            joinedload(Indicator.outcome),
            joinedload(Indicator.intervention),
            joinedload(Indicator.department),
            selectinload(Indicator.interim_targets),
        )
        .where(Indicator.id == indicator_id)
    )


def measurements_by_breakdown(indicator_id: int) -> dict[str, list[Measurement]]:
    """Every value of an indicator by breakdown (the headline '' first), newest period first."""
    stmt = (
        select(Measurement)
        .where(Measurement.indicator_id == indicator_id)
        .order_by(Measurement.breakdown, Measurement.period.desc())
    )
    grouped: dict[str, list[Measurement]] = defaultdict(list)
    grouped[HEADLINE] = []
    for measurement in db.session.scalars(stmt):
        grouped[measurement.breakdown].append(measurement)
    return dict(grouped)


def breakdown_keys(indicator_id: int) -> list[str]:
    """The breakdown keys an indicator has values for (the headline '' left out), sorted."""
    stmt = (
        select(Measurement.breakdown)
        .where(Measurement.indicator_id == indicator_id, Measurement.breakdown != HEADLINE)
        .distinct()
        .order_by(Measurement.breakdown)
    )
    return list(db.session.scalars(stmt))


def has_total_rows(indicator_id: int) -> bool:
    """Whether an indicator has values without a breakdown (totals: its headline series)."""
    stmt = select(Measurement.id).where(
        Measurement.indicator_id == indicator_id, Measurement.breakdown == HEADLINE
    )
    return db.session.scalar(stmt.limit(1)) is not None


def mission_choices(include: int | None = None) -> list[tuple[int, str]]:
    """Live missions (and the one given, archived or not) as (id, title)."""
    stmt = select(Mission.id, Mission.title, Mission.translations).where(
        or_(Mission.archived_at.is_(None), Mission.id == include)
    )
    return [
        (row.id, translated_field(row.title, row.translations, "title"))
        for row in db.session.execute(stmt.order_by(Mission.title))
    ]


def department_choices() -> list[tuple[int, str]]:
    """Departments as (id, 'Name (CODE)')."""
    stmt = select(
        Department.id, Department.name, Department.code, Department.translations
    ).order_by(Department.name)
    return [
        (row.id, f"{translated_field(row.name, row.translations, 'name')} ({row.code})")
        for row in db.session.execute(stmt)
    ]


def outcome_choices(include: int | None = None) -> list[tuple[int, str]]:
    """Outcomes of live missions (and the one given) as (id, 'Outcome · Mission')."""
    stmt = (
        select(Outcome, Mission.title.label("mission"), Mission.translations)
        .join(Mission, Mission.id == Outcome.mission_id)
        .where(or_(Mission.archived_at.is_(None), Outcome.id == include))
        .order_by(Mission.title, Outcome.position, Outcome.title)
    )
    return [
        (
            outcome.id,
            f"{translated(outcome, 'title')} · {translated_field(mission, named, 'title')}",
        )
        for outcome, mission, named in db.session.execute(stmt)
    ]


def intervention_choices(include: int | None = None) -> list[tuple[int, str]]:
    """Live interventions (and the one given) as (id, 'Intervention · Mission')."""
    stmt = (
        select(
            Intervention.id,
            Intervention.title,
            Intervention.translations,
            Mission.title.label("mission"),
            Mission.translations.label("mission_translations"),
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            or_(
                (Intervention.archived_at.is_(None)) & (Mission.archived_at.is_(None)),
                Intervention.id == include,
            )
        )
        .order_by(Mission.title, Intervention.title)
    )
    return [
        (
            row.id,
            f"{translated_field(row.title, row.translations, 'title')} · "
            f"{translated_field(row.mission, row.mission_translations, 'title')}",
        )
        for row in db.session.execute(stmt)
    ]


def mission_indicator_choices(mission_id: int, include: int | None = None) -> list[tuple[int, str]]:
    """A mission's live indicators (and the one given) as (id, title): what a result of one of
    its interventions may link."""
    stmt = (
        select(Indicator.id, Indicator.title, Indicator.translations)
        .where(
            Indicator.mission_id == mission_id,
            or_(Indicator.archived_at.is_(None), Indicator.id == include),
        )
        .order_by(Indicator.title, Indicator.id)
    )
    return [
        (row.id, translated_field(row.title, row.translations, "title"))
        for row in db.session.execute(stmt)
    ]
