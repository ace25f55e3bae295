"""Reads for the staff mission pages: the list, the detail page, choices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.listing import ListQuery, Page, paginate
from app.missions.health import HealthCheck, check_mission_health
from app.models import Department, Indicator, Intervention, Mission, Outcome, User
from app.progress.rollup import MissionRollup, life_course_coverage
from app.reporting.progress import MissionProgress, intervention_input, load_progress
from app.reporting.relations import OutcomeGroup, group_by_outcome

# An outcome of the staff mission page: its indicators and interventions as rows.
OutcomeSection = OutcomeGroup[Indicator, Intervention]


# ---- reads for the staff pages ----


@dataclass(frozen=True)
class MissionListRow:
    """A mission in the staff list, with its owner's name and what it holds."""

    mission: Mission
    owner_name: str | None
    outcome_count: int
    intervention_count: int
    indicator_count: int


MISSION_SORTS = ("title", "start", "horizon", "updated")


def list_missions_with_counts(
    *, archived: bool = False, query: ListQuery | None = None
) -> Page[MissionListRow]:
    """A page of the live missions (or, with archived, the archived ones) and their counts,
    searched by title or slug: two queries, whatever the number of missions."""
    query = query or ListQuery(sort="start")
    owner = aliased(User)
    outcomes = (
        select(func.count(Outcome.id))
        .where(Outcome.mission_id == Mission.id)
        .correlate(Mission)
        .scalar_subquery()
    )
    interventions = (
        select(func.count(Intervention.id))
        .where(Intervention.mission_id == Mission.id, Intervention.archived_at.is_(None))
        .correlate(Mission)
        .scalar_subquery()
    )
    indicators = (
        select(func.count(Indicator.id))
        .where(Indicator.mission_id == Mission.id, Indicator.archived_at.is_(None))
        .correlate(Mission)
        .scalar_subquery()
    )
    archived_filter = (
        Mission.archived_at.is_not(None) if archived else Mission.archived_at.is_(None)
    )
    stmt = (
        select(Mission, owner.name, outcomes, interventions, indicators)
        .outerjoin(owner, owner.id == Mission.owner_id)
        .where(archived_filter)
    )
    rows, total, page = paginate(
        stmt,
        query,
        sorts={
            "title": (Mission.title,),
            "start": (Mission.start_year, Mission.title),
            "horizon": (Mission.horizon_year, Mission.title),
            "updated": (Mission.updated_at,),
        },
        tiebreak=Mission.id,
        search=(Mission.title, Mission.slug),
    )
    return Page([MissionListRow(*row) for row in rows], total, query, page)


def list_owner_choices(current_owner_id: int | None = None) -> list[tuple[int, str]]:
    """Who may own a mission: active admins and mission office staff (plus the current owner)."""
    eligible = and_(User.active.is_(True), User.role.in_(("admin", "mission_office")))
    condition = eligible if current_owner_id is None else or_(eligible, User.id == current_owner_id)
    stmt = select(User.id, User.name).where(condition).order_by(User.name, User.id)
    return [(user_id, name) for user_id, name in db.session.execute(stmt)]


def next_outcome_position(mission_id: int) -> int:
    """A position after the mission's last outcome (capped at the form's 999)."""
    highest = db.session.scalar(
        select(func.max(Outcome.position)).where(Outcome.mission_id == mission_id)
    )
    return 0 if highest is None else min(highest + 1, 999)


def get_outcome_with_mission(outcome_id: int) -> Outcome | None:
    """An outcome with its mission loaded."""
    return db.session.scalar(
        select(Outcome).options(joinedload(Outcome.mission)).where(Outcome.id == outcome_id)
    )


@dataclass(frozen=True)
class MissionDetail:
    """Everything the staff mission page shows."""

    mission: Mission
    progress: MissionProgress
    sections: list[OutcomeSection]
    unassigned: OutcomeSection | None
    department_codes: dict[int, str]

    @property
    def rollup(self) -> MissionRollup:
        return self.progress.rollup

    @cached_property
    def health(self) -> HealthCheck:
        """The five mission criteria, from the rows already read (no query)."""
        return mission_health(self.progress)

    @property
    def gaps(self) -> tuple[tuple[int, int], ...] | None:
        """Ages of the mission's range no active intervention serves (None: no age range)."""
        coverage = self.progress.rollup.coverage
        return None if coverage is None else coverage.gaps


def mission_health(progress: MissionProgress) -> HealthCheck:
    """The health check of a mission read by load_progress (its outcomes must be loaded)."""
    mission = progress.mission
    return check_mission_health(
        mission, mission.outcomes, progress.indicators, progress.interventions
    )


def coverage_gaps(
    mission: Mission, interventions: Sequence[Intervention], rollup: MissionRollup
) -> tuple[tuple[int, int], ...] | None:
    """Life-course gaps of the mission's age range served by these interventions alone."""
    if mission.age_min is None or mission.age_max is None:
        return None
    pairs = [(intervention_input(item), rollup.interventions[item.id]) for item in interventions]
    return life_course_coverage(pairs, mission.age_min, mission.age_max).gaps


def get_mission_with_outcomes(mission_id: int, *, co_owners: bool = False) -> Mission | None:
    """A mission with its owner and outcomes loaded (the mission pages and dashboard), and its
    co-owning departments when asked."""
    stmt = select(Mission).options(joinedload(Mission.owner), selectinload(Mission.outcomes))
    if co_owners:
        stmt = stmt.options(selectinload(Mission.co_owners))
    return db.session.scalar(stmt.where(Mission.id == mission_id))


def get_mission_for_edit(mission_id: int) -> Mission | None:
    """A mission with its co-owning departments loaded (the form replaces them)."""
    return db.session.scalar(
        select(Mission).options(selectinload(Mission.co_owners)).where(Mission.id == mission_id)
    )


def department_choices() -> list[tuple[int, str]]:
    """Every department as (id, 'CODE · name'), by code."""
    stmt = select(Department.id, Department.code, Department.name).order_by(Department.code)
    return [(row.id, f"{row.code} · {row.name}") for row in db.session.execute(stmt)]


def load_mission_detail(mission_id: int, *, today: date | None = None) -> MissionDetail | None:
    """A mission with owner, outcomes, their work and the roll-up, in nine queries."""
    mission = get_mission_with_outcomes(mission_id, co_owners=True)
    if mission is None:
        return None
    progress = load_progress([mission], published_only=False, today=today)[mission.id]
    rollup = progress.rollup
    department_ids = {item.lead_department_id for item in progress.interventions} | {
        indicator.department_id for indicator in progress.indicators
    }
    codes = db.session.execute(
        select(Department.id, Department.code).where(Department.id.in_(department_ids))
    )
    department_codes: dict[int, str] = {row.id: row.code for row in codes}
    groups = group_by_outcome(
        mission.outcomes,
        progress.indicators,
        progress.interventions,
        outcome_of_indicator=lambda indicator: indicator.outcome_id,
        outcome_of_intervention=lambda item: item.outcome_id,
        summaries=rollup.outcomes,
    )
    for group in groups:
        group.gaps = coverage_gaps(mission, group.interventions, rollup)
    sections = [group for group in groups if group.outcome is not None]
    loose = [group for group in groups if group.outcome is None]
    return MissionDetail(mission, progress, sections, loose[0] if loose else None, department_codes)
