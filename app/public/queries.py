"""Reads for the public pages (and the public API): what the public may see, in a fixed number of
queries, through the reporting layer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Department,
    Indicator,
    Intervention,
    Measurement,
    Mission,
    Outcome,
    OutsidePartner,
    ProgressUpdate,
)
from app.privacy import SuppressedPoint, indicators_with_withheld_values, suppress_breakdowns
from app.progress.implementation import InterventionAssessment
from app.progress.rollup import IndicatorResult
from app.reporting.progress import (
    MissionProgress,
    Point,
    load_indicator_progress,
    load_progress,
    newest_update_ids,
)
from app.reporting.relations import (
    OutcomeGroup,
    Partner,
    group_by_outcome,
    load_interim_targets,
    load_outside_partners,
)
from app.reporting.visibility import (
    indicator_is_public,
    mission_is_public,
    public_missions,
    update_is_public,
)


def published_missions() -> Sequence[Mission]:
    """Public missions, oldest first."""
    return db.session.scalars(public_missions()).all()


@dataclass(frozen=True)
class MissionCard:
    """A mission on the home page: both lenses and freshness."""

    mission: Mission
    progress: MissionProgress
    last_updated: date | None


def list_published_missions(today: date | None = None) -> list[MissionCard]:
    """Every public mission with its two lenses, in a fixed number of queries."""
    missions = published_missions()
    progress = load_progress(missions, published_only=True, today=today)
    updated = last_updated_by_mission([m.id for m in missions])
    return [MissionCard(m, progress[m.id], updated.get(m.id)) for m in missions]


def last_updated_by_mission(mission_ids: Sequence[int]) -> dict[int, date]:
    """The newest of: a public update, a value of a public indicator, the mission itself; in one
    statement whose cost does not grow with the series (one index seek per indicator)."""
    if not mission_ids:
        return {}
    newest_value = (
        select(func.max(Measurement.updated_at))
        .where(Measurement.indicator_id == Indicator.id)
        .correlate(Indicator)
        .scalar_subquery()
    )
    statement = union_all(
        select(Mission.id.label("mission_id"), Mission.updated_at.label("moment")).where(
            Mission.id.in_(mission_ids)
        ),
        select(Intervention.mission_id, func.max(ProgressUpdate.created_at))
        .join(Intervention, Intervention.id == ProgressUpdate.intervention_id)
        .where(Intervention.mission_id.in_(mission_ids), update_is_public())
        .group_by(Intervention.mission_id),
        select(Indicator.mission_id, newest_value).where(
            Indicator.mission_id.in_(mission_ids), indicator_is_public()
        ),
    )
    result: dict[int, date] = {}
    for mission_id, moment in db.session.execute(statement):
        if moment is None:
            continue
        day = moment.date()
        if mission_id not in result or day > result[mission_id]:
            result[mission_id] = day
    return result


@dataclass(frozen=True)
class IndicatorView:
    """What the public sees of an indicator: its assessment, headline values and breakdowns with
    small numbers withheld (breakdowns are read on the indicator's own page only)."""

    indicator: Indicator
    result: IndicatorResult
    headline: list[Point]
    provisional: frozenset[date]
    breakdowns: dict[str, list[SuppressedPoint]]
    interim_targets: list[Point]
    suppressed: bool

    @property
    def latest(self) -> Point | None:
        return self.headline[-1] if self.headline else None


@dataclass(frozen=True)
class InterventionView:
    intervention: Intervention
    lead: Department
    partners: list[Partner]
    status: InterventionAssessment
    latest_report: ProgressUpdate | None
    # organisations outside the city, with their roles (the contact person is staff-only)
    outside_partners: list[OutsidePartner] = field(default_factory=list)


PublicOutcome = OutcomeGroup[IndicatorView, InterventionView]


@dataclass(frozen=True)
class PublicMission:
    mission: Mission
    progress: MissionProgress
    outcomes: list[PublicOutcome]
    departments: list[tuple[Department, int]]
    interventions_by_id: Mapping[int, Intervention]
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
    """The newest public update of each intervention (strictly before a report day if given)."""
    if not intervention_ids:
        return {}
    newest = newest_update_ids(intervention_ids, published_only=True, before=before)
    rows = db.session.scalars(select(ProgressUpdate).join(newest, newest.c.id == ProgressUpdate.id))
    return {row.intervention_id: row for row in rows}


def load_public_mission(
    slug: str, *, threshold: int, today: date | None = None
) -> PublicMission | None:
    """A public mission with everything its page shows, or None: a fixed number of queries.

    Indicators come with their headline series (for the charts), not their breakdowns: each
    indicator's own page has those."""
    today = today or date.today()
    mission = db.session.scalar(
        select(Mission)
        .options(selectinload(Mission.co_owners))
        .where(Mission.slug == slug, mission_is_public())
    )
    if mission is None:
        return None
    progress = load_progress([mission], published_only=True, points="headline", today=today)[
        mission.id
    ]
    outcomes = db.session.scalars(
        select(Outcome)
        .where(Outcome.mission_id == mission.id)
        .order_by(Outcome.position, Outcome.id)
    ).all()
    intervention_ids = [item.id for item in progress.interventions]
    department_ids = {item.lead_department_id for item in progress.interventions} | {
        partner.department_id for rows in progress.partners.values() for partner in rows
    }
    departments = (
        {
            d.id: d
            for d in db.session.scalars(select(Department).where(Department.id.in_(department_ids)))
        }
        if department_ids
        else {}
    )
    reports = latest_reports(intervention_ids)
    outside = load_outside_partners(intervention_ids)
    indicator_ids = [indicator.id for indicator in progress.indicators]
    interim = load_interim_targets(indicator_ids)
    withheld = indicators_with_withheld_values(indicator_ids, threshold)

    indicator_views = [
        IndicatorView(
            indicator=indicator,
            result=progress.rollup.indicators[indicator.id],
            headline=progress.headline(indicator.id),
            provisional=progress.provisional.get(indicator.id, frozenset()),
            breakdowns={},
            interim_targets=interim.get(indicator.id, []),
            suppressed=indicator.id in withheld,
        )
        for indicator in progress.indicators
    ]
    involvement: dict[int, int] = defaultdict(int)
    intervention_views = []
    for item in progress.interventions:
        partners = progress.partners.get(item.id, [])
        for department_id in {item.lead_department_id, *(p.department_id for p in partners)}:
            involvement[department_id] += 1
        intervention_views.append(
            InterventionView(
                intervention=item,
                lead=departments[item.lead_department_id],
                partners=list(partners),
                status=progress.rollup.interventions[item.id],
                latest_report=reports.get(item.id),
                outside_partners=outside.get(item.id, []),
            )
        )
    groups = group_by_outcome(
        outcomes,
        indicator_views,
        intervention_views,
        outcome_of_indicator=lambda view: view.indicator.outcome_id,
        outcome_of_intervention=lambda view: view.intervention.outcome_id,
        summaries=progress.rollup.outcomes,
    )
    first_report = (
        db.session.scalar(
            select(func.min(ProgressUpdate.reported_on)).where(
                ProgressUpdate.intervention_id.in_(intervention_ids), update_is_public()
            )
        )
        if intervention_ids
        else None
    )
    return PublicMission(
        mission=mission,
        progress=progress,
        outcomes=groups,
        departments=sorted(
            ((departments[d], n) for d, n in involvement.items()), key=lambda p: (-p[1], p[0].name)
        ),
        interventions_by_id={item.id: item for item in progress.interventions},
        report_dates=report_dates_between(first_report, today) if first_report else [],
        last_updated=last_updated_by_mission([mission.id]).get(mission.id),
    )


@dataclass(frozen=True)
class PublicIndicator:
    """A public indicator's own page: its mission and everything the public sees of it."""

    mission: Mission
    view: IndicatorView
    last_updated: date | None = None


def load_public_indicator(
    indicator_id: int, *, threshold: int, today: date | None = None, breakdowns: bool = True
) -> PublicIndicator | None:
    """A public indicator with its whole series (small breakdown values of sensitive indicators
    withheld) and assessment, or None. Four queries, whatever the size of its mission. Without
    breakdowns, the headline only (an embedded chart)."""
    progress = load_indicator_progress(
        indicator_id, published_only=True, today=today, breakdowns=breakdowns
    )
    if progress is None:
        return None
    indicator = progress.indicator
    shown, suppressed = suppress_breakdowns(progress.breakdowns, indicator.sensitive, threshold)
    view = IndicatorView(
        indicator=indicator,
        result=progress.result,
        headline=progress.headline,
        provisional=progress.provisional,
        breakdowns=shown,
        interim_targets=progress.interim_targets,
        suppressed=suppressed,
    )
    return PublicIndicator(indicator.mission, view, progress.last_changed.date())
