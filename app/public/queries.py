"""Reads for the public pages: published, unarchived content only, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.missions.queries import MissionProgress, load_mission_progress, load_missions_progress
from app.models import (
    Department,
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    Mission,
    Outcome,
    ProgressUpdate,
)
from app.models.indicator import parse_breakdown
from app.privacy import SuppressedPoint, suppress_breakdowns
from app.progress.implementation import InterventionAssessment
from app.progress.rollup import IndicatorResult


def published_missions() -> Sequence[Mission]:
    """Published, unarchived missions, oldest first."""
    return db.session.scalars(
        select(Mission)
        .where(Mission.is_published.is_(True), Mission.archived_at.is_(None))
        .order_by(Mission.start_year, Mission.title)
    ).all()


@dataclass(frozen=True)
class MissionCard:
    """A mission on the home page: both lenses and freshness."""

    mission: Mission
    progress: MissionProgress
    last_updated: date | None


def list_published_missions(today: date | None = None) -> list[MissionCard]:
    """Every published mission with its two lenses, in a fixed number of queries."""
    missions = published_missions()
    progress = load_missions_progress(missions, today=today, published_only=True)
    updated = last_updated_by_mission([m.id for m in missions])
    return [MissionCard(m, progress[m.id], updated.get(m.id)) for m in missions]


def last_updated_by_mission(mission_ids: Sequence[int]) -> dict[int, date]:
    """The newest of: a published update, a measurement of a published indicator, the mission."""
    if not mission_ids:
        return {}
    from app.models import Measurement

    result: dict[int, date] = {}
    statements = [
        select(Mission.id, Mission.updated_at).where(Mission.id.in_(mission_ids)),
        select(Intervention.mission_id, func.max(ProgressUpdate.created_at))
        .join(Intervention, Intervention.id == ProgressUpdate.intervention_id)
        .where(
            Intervention.mission_id.in_(mission_ids),
            ProgressUpdate.is_published.is_(True),
            Intervention.is_published.is_(True),
        )
        .group_by(Intervention.mission_id),
        select(Indicator.mission_id, func.max(Measurement.updated_at))
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Indicator.mission_id.in_(mission_ids), Indicator.is_published.is_(True))
        .group_by(Indicator.mission_id),
    ]
    for statement in statements:
        for mission_id, moment in db.session.execute(statement):
            if moment is None:
                continue
            day = moment.date()
            if mission_id not in result or day > result[mission_id]:
                result[mission_id] = day
    return result


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    result: IndicatorResult
    headline: list[tuple[date, float]]
    provisional: frozenset[date]
    breakdowns: dict[str, list[SuppressedPoint]]
    interim_targets: list[tuple[date, float]]
    suppressed: bool

    @property
    def latest(self) -> tuple[date, float] | None:
        return self.headline[-1] if self.headline else None


@dataclass(frozen=True)
class InterventionView:
    intervention: Intervention
    lead: Department
    partners: list[tuple[Department, str]]
    status: InterventionAssessment
    latest_report: ProgressUpdate | None


@dataclass
class OutcomeView:
    outcome: Outcome | None
    indicators: list[IndicatorView] = field(default_factory=list)
    interventions: list[InterventionView] = field(default_factory=list)


@dataclass(frozen=True)
class PublicMission:
    mission: Mission
    progress: MissionProgress
    outcomes: list[OutcomeView]
    departments: list[tuple[Department, int]]
    intervention_titles: Mapping[int, str]
    report_dates: list[date]
    last_updated: date | None


def report_dates_between(first: date, today: date) -> list[date]:
    """Report days (1 January and 1 July) after first, up to today, newest first."""
    dates = []
    year, half = first.year, 1 if first.month <= 6 else 2
    while True:
        day = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
        if day > today:
            break
        dates.append(day)
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return list(reversed(dates))


def latest_reports(
    intervention_ids: Sequence[int], before: date | None = None
) -> dict[int, ProgressUpdate]:
    """The newest published update of each intervention (strictly before a report day if given)."""
    if not intervention_ids:
        return {}
    conditions = [
        ProgressUpdate.intervention_id.in_(intervention_ids),
        ProgressUpdate.is_published.is_(True),
    ]
    if before is not None:
        conditions.append(ProgressUpdate.reported_on < before)
    ranked = (
        select(
            ProgressUpdate.id,
            func.row_number()
            .over(
                partition_by=ProgressUpdate.intervention_id,
                order_by=(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc()),
            )
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )
    rows = db.session.scalars(
        select(ProgressUpdate)
        .join(ranked, ranked.c.id == ProgressUpdate.id)
        .where(ranked.c.rank == 1)
    )
    return {row.intervention_id: row for row in rows}


def _partners(intervention_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    partners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if intervention_ids:
        stmt = select(
            InterventionPartner.intervention_id,
            InterventionPartner.department_id,
            InterventionPartner.role,
        ).where(InterventionPartner.intervention_id.in_(intervention_ids))
        for intervention_id, department_id, role in db.session.execute(stmt):
            partners[intervention_id].append((department_id, role))
    return partners


def _interim_targets(indicator_ids: Sequence[int]) -> dict[int, list[tuple[date, float]]]:
    targets: dict[int, list[tuple[date, float]]] = defaultdict(list)
    if indicator_ids:
        stmt = (
            select(InterimTarget.indicator_id, InterimTarget.period, InterimTarget.value)
            .where(InterimTarget.indicator_id.in_(indicator_ids))
            .order_by(InterimTarget.period)
        )
        for indicator_id, period, value in db.session.execute(stmt):
            targets[indicator_id].append((period, value))
    return targets


def indicator_view(
    indicator: Indicator,
    progress: MissionProgress,
    interim: list[tuple[date, float]],
    threshold: int,
) -> IndicatorView:
    """An indicator's published view, with small breakdown values of sensitive ones suppressed."""
    series = progress.series.get(indicator.id, {})
    breakdowns = {key: list(points) for key, points in series.items() if key is not None}
    shown, suppressed = suppress_breakdowns(breakdowns, indicator.sensitive, threshold)
    return IndicatorView(
        indicator=indicator,
        result=progress.rollup.indicators[indicator.id],
        headline=list(series.get(None, [])),
        provisional=progress.provisional.get(indicator.id, frozenset()),
        breakdowns=shown,
        interim_targets=interim,
        suppressed=suppressed,
    )


def load_public_mission(
    slug: str, *, threshold: int, today: date | None = None
) -> PublicMission | None:
    """A published mission with everything its public page shows, or None."""
    today = today or date.today()
    mission = db.session.scalar(
        select(Mission).where(
            Mission.slug == slug, Mission.is_published.is_(True), Mission.archived_at.is_(None)
        )
    )
    if mission is None:
        return None
    progress = load_mission_progress(mission, today=today, published_only=True)
    outcomes = db.session.scalars(
        select(Outcome)
        .where(Outcome.mission_id == mission.id)
        .order_by(Outcome.position, Outcome.id)
    ).all()
    intervention_ids = [item.id for item in progress.interventions]
    partners = _partners(intervention_ids)
    department_ids = {item.lead_department_id for item in progress.interventions} | {
        department_id for rows in partners.values() for department_id, _ in rows
    }
    departments = {
        d.id: d
        for d in db.session.scalars(select(Department).where(Department.id.in_(department_ids)))
    } if department_ids else {}  # fmt: skip
    reports = latest_reports(intervention_ids)
    interim = _interim_targets([ind.id for ind in progress.indicators])
    threshold_value = threshold

    sections = {outcome.id: OutcomeView(outcome) for outcome in outcomes}
    loose = OutcomeView(None)
    for indicator in progress.indicators:
        view = indicator_view(indicator, progress, interim.get(indicator.id, []), threshold_value)
        sections.get(indicator.outcome_id, loose).indicators.append(view)
    involvement: dict[int, int] = defaultdict(int)
    for item in progress.interventions:
        item_partners = [
            (departments[d], role) for d, role in partners.get(item.id, []) if d in departments
        ]
        for department_id in {item.lead_department_id, *(d.id for d, _ in item_partners)}:
            involvement[department_id] += 1
        sections.get(item.outcome_id, loose).interventions.append(
            InterventionView(
                intervention=item,
                lead=departments[item.lead_department_id],
                partners=item_partners,
                status=progress.rollup.interventions[item.id],
                latest_report=reports.get(item.id),
            )
        )
    views = [sections[o.id] for o in outcomes]
    if loose.indicators or loose.interventions:
        views.append(loose)
    first_report = (
        db.session.scalar(
            select(func.min(ProgressUpdate.reported_on)).where(
                ProgressUpdate.intervention_id.in_(intervention_ids),
                ProgressUpdate.is_published.is_(True),
            )
        )
        if intervention_ids
        else None
    )
    return PublicMission(
        mission=mission,
        progress=progress,
        outcomes=views,
        departments=sorted(
            ((departments[d], n) for d, n in involvement.items()), key=lambda p: (-p[1], p[0].name)
        ),
        intervention_titles={item.id: item.title for item in progress.interventions},
        report_dates=report_dates_between(first_report, today) if first_report else [],
        last_updated=last_updated_by_mission([mission.id]).get(mission.id),
    )


def breakdown_label(key: str) -> str:
    """'age=6-9|district=Breiðholt' -> '6-9, Breiðholt'."""
    return ", ".join(parse_breakdown(key).values())


def mission_slug_of_published_indicator(indicator_id: int) -> str | None:
    """The slug of the published mission that holds this published indicator, or None."""
    return db.session.scalar(
        select(Mission.slug)
        .join(Indicator, Indicator.mission_id == Mission.id)
        .where(
            Indicator.id == indicator_id,
            Indicator.is_published.is_(True),
            Indicator.archived_at.is_(None),
            Mission.is_published.is_(True),
            Mission.archived_at.is_(None),
        )
    )
