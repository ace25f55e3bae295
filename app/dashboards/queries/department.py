"""The department dashboard: one department across missions, and what it owes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from app.dashboards.queries.common import (
    DashboardFilters,
    data_due_rows,
    keeps,
)
from app.extensions import db
from app.models import (
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Mission,
    User,
)
from app.progress.implementation import (
    InterventionAssessment,
)
from app.progress.rollup import IndicatorResult
from app.reporting.progress import Point, assess_indicators_summary, assess_interventions
from app.translating import translated, translated_field
from app.workspace.queries import DataDue, UpdateDue, updates_due


@dataclass(frozen=True)
class DepartmentLine:
    """An intervention the department leads or partners on, with its status."""

    intervention: Intervention
    mission_title: str
    lead_code: str
    role: str | None  # the partner role; None when the department leads
    status: InterventionAssessment


@dataclass(frozen=True)
class OwnedIndicator:
    """An indicator the department owns, with its latest value and assessment."""

    indicator: Indicator
    mission_title: str
    result: IndicatorResult
    latest: Point | None


@dataclass
class MissionShare:
    """The department's part in one mission (SQL counts) and the status mix of what it leads."""

    mission_id: int
    mission_title: str
    led: int = 0
    partnered: int = 0
    indicators: int = 0
    budget: Decimal | None = None
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DepartmentDashboard:
    """Everything the department dashboard shows."""

    department: Department
    today: date
    missions: list[Mission]
    led: list[DepartmentLine]
    partnered: list[DepartmentLine]
    indicators: list[OwnedIndicator]
    shares: list[MissionShare]
    updates: list[UpdateDue]
    data: list[DataDue]


def load_department_dashboard(
    department_id: int, filters: DashboardFilters, today: date, missions: list[Mission]
) -> DepartmentDashboard | None:
    """A department's work across missions and what it owes, or None when there is none.

    missions: the live missions (the view loaded them for the filter choices).
    """
    department = db.session.get(Department, department_id)
    if department is None:
        return None
    lead = aliased(Department)
    author = aliased(User)
    partner = aliased(InterventionPartner)
    item_stmt = (
        select(
            Intervention,
            Mission.title,
            lead.code,
            partner.role,
            author.name,
            Mission.translations,
            partner.translations,
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(lead, lead.id == Intervention.lead_department_id)
        .outerjoin(
            partner,
            and_(
                partner.intervention_id == Intervention.id,
                partner.department_id == department_id,
                Intervention.lead_department_id != department_id,
            ),
        )
        .outerjoin(author, author.id == Intervention.override_by_id)
        .where(
            Intervention.archived_at.is_(None),
            Mission.archived_at.is_(None),
            or_(
                Intervention.lead_department_id == department_id,
                partner.department_id.is_not(None),
            ),
        )
        .order_by(Mission.start_year, Mission.title, Intervention.title, Intervention.id)
    )
    rows = db.session.execute(item_stmt).all()
    statuses = assess_interventions(
        ((row[0], row[4]) for row in rows), published_only=False, today=today
    )
    led: list[DepartmentLine] = []
    partnered: list[DepartmentLine] = []
    shares: dict[int, MissionShare] = {}
    # Titles and roles in the reader's language (a staff page, read for one request).
    for item, title, lead_code, role, _author_name, named, roled in rows:
        status = statuses[item.id].status
        if not keeps(item, status, filters):
            continue
        leads = item.lead_department_id == department_id
        mission_title = translated_field(title, named, "title")
        role = None if leads else translated_field(role, roled, "role")
        line = DepartmentLine(item, mission_title, lead_code, role, status)
        (led if leads else partnered).append(line)
        if leads:
            share = shares.setdefault(item.mission_id, MissionShare(item.mission_id, mission_title))
            share.statuses[status.status] = share.statuses.get(status.status, 0) + 1

    indicator_author = aliased(User)
    indicator_stmt = (
        select(Indicator, Mission, indicator_author.name)
        .join(Mission, Mission.id == Indicator.mission_id)
        .outerjoin(indicator_author, indicator_author.id == Indicator.override_by_id)
        .where(
            Indicator.department_id == department_id,
            Indicator.archived_at.is_(None),
            Mission.archived_at.is_(None),
        )
        .order_by(Mission.start_year, Mission.title, Indicator.title, Indicator.id)
    )
    indicator_rows = db.session.execute(indicator_stmt).all()
    assessed = assess_indicators_summary(
        ((row[0], row[2]) for row in indicator_rows), today=today, published_only=False
    )
    owned = [
        OwnedIndicator(indicator, translated(mission, "title"), *assessed[indicator.id])
        for indicator, mission, _author_name in indicator_rows
    ]
    mission_of = {indicator.id: mission for indicator, mission, _author_name in indicator_rows}

    status_ids = None
    if filters.status is not None:
        status_ids = [line.intervention.id for line in (*led, *partnered)]
    for kind, mission_id, n, budget in db.session.execute(
        _department_counts(department_id, filters, status_ids)
    ):
        share = shares.setdefault(mission_id, MissionShare(mission_id, ""))
        if kind == "led":
            share.led += n
            share.budget = None if budget is None else Decimal(budget)
        elif kind == "partner":
            share.partnered += n
        else:
            share.indicators += n
    titles = {mission.id: translated(mission, "title") for mission in missions}
    # What is owed is owed whatever the filters; the list of indicators follows the mission filter.
    owed_data = data_due_rows(
        ((row.indicator, mission_of[row.indicator.id], row.result) for row in owned),
        {department.id: department.code},
        today,
    )
    if filters.mission_id is not None:
        owned = [row for row in owned if row.indicator.mission_id == filters.mission_id]
    for share in shares.values():
        share.mission_title = titles.get(share.mission_id, share.mission_title)
    ordered = [shares[m.id] for m in missions if m.id in shares]
    return DepartmentDashboard(
        department=department,
        today=today,
        missions=missions,
        led=led,
        partnered=partnered,
        indicators=owned,
        shares=ordered,
        updates=updates_due(department_id, today),
        data=owed_data,
    )


def _department_counts(
    department_id: int, filters: DashboardFilters, status_ids: list[int] | None
) -> Select:
    """Per live mission: interventions the department leads (with budget) and partners on, and
    indicators it owns. Rows: kind, mission id, count, budget sum."""
    live = and_(Intervention.archived_at.is_(None), Mission.archived_at.is_(None))
    led = (
        select(
            literal("led"),
            Intervention.mission_id,
            func.count(Intervention.id),
            func.sum(Intervention.budget),
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(live, Intervention.lead_department_id == department_id)
        .group_by(Intervention.mission_id)
    )
    partner = (
        select(
            literal("partner"), Intervention.mission_id, func.count(Intervention.id), literal(None)
        )
        .select_from(InterventionPartner)
        .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            live,
            InterventionPartner.department_id == department_id,
            Intervention.lead_department_id != department_id,
        )
        .group_by(Intervention.mission_id)
    )
    owned = (
        select(literal("indicator"), Indicator.mission_id, func.count(Indicator.id), literal(None))
        .join(Mission, Mission.id == Indicator.mission_id)
        .where(
            Indicator.archived_at.is_(None),
            Mission.archived_at.is_(None),
            Indicator.department_id == department_id,
        )
        .group_by(Indicator.mission_id)
    )
    if filters.mission_id is not None:
        led = led.where(Intervention.mission_id == filters.mission_id)
        partner = partner.where(Intervention.mission_id == filters.mission_id)
        owned = owned.where(Indicator.mission_id == filters.mission_id)
    if filters.stage is not None:
        led = led.where(Intervention.stage == filters.stage)
        partner = partner.where(Intervention.stage == filters.stage)
    if status_ids is not None:
        led = led.where(Intervention.id.in_(status_ids))
        partner = partner.where(Intervention.id.in_(status_ids))
    return union_all(led, partner, owned)  # type: ignore[return-value] # a UNION of selects, read like one
