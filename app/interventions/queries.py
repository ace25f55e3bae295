"""Intervention reads: the filtered list and the detail page, in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, case, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.listing import ListQuery, Page, paginate
from app.models import (
    BudgetLine,
    Department,
    Intervention,
    InterventionPartner,
    Milestone,
    Mission,
    ProgressUpdate,
    User,
)
from app.models.enums import Stage
from app.progress.implementation import (
    InterventionAssessment,
    MilestoneFact,
    UpdateFact,
    assess_intervention,
    milestone_overdue,
)
from app.reporting.progress import assess_interventions, intervention_input
from app.reporting.relations import load_partners
from app.translating import translated_field


@dataclass(frozen=True)
class InterventionFilters:
    """What the list is narrowed to; None means any."""

    mission_id: int | None = None
    department_id: int | None = None
    stage: str | None = None
    archived: bool = False  # the archived ones (to restore) instead of the live ones


@dataclass(frozen=True)
class InterventionRow:
    """One line of the list: the intervention, names around it and its computed status."""

    intervention: Intervention
    mission_title: str
    lead_code: str
    partner_codes: list[str]
    latest_update: UpdateFact | None
    status: InterventionAssessment


@dataclass(frozen=True)
class InterventionDetail:
    """An intervention with everything its page shows, loaded, and its computed status."""

    intervention: Intervention
    partners: list[InterventionPartner]
    milestones: list[Milestone]
    updates: list[ProgressUpdate]
    override_author: str | None
    status: InterventionAssessment
    today: date

    def milestone_overdue(self, milestone: Milestone) -> bool:
        """Due before today and not completed by today (app.progress.implementation's rule)."""
        return milestone_overdue(milestone, self.today)


INTERVENTION_SORTS = ("mission", "title", "lead", "stage", "updated")


def _list_statement(filters: InterventionFilters) -> Select:
    author = aliased(User)
    stmt = (
        select(Intervention, Mission.title, Department.code, author.name, Mission.translations)
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(Department, Department.id == Intervention.lead_department_id)
        .outerjoin(author, author.id == Intervention.override_by_id)
    )
    if filters.archived:
        stmt = stmt.where(Intervention.archived_at.is_not(None))
    else:
        stmt = stmt.where(Intervention.archived_at.is_(None), Mission.archived_at.is_(None))
    if filters.mission_id is not None:
        stmt = stmt.where(Intervention.mission_id == filters.mission_id)
    if filters.department_id is not None:
        stmt = stmt.where(Intervention.lead_department_id == filters.department_id)
    if filters.stage:
        stmt = stmt.where(Intervention.stage == filters.stage)
    return stmt


def list_interventions(
    filters: InterventionFilters, today: date, query: ListQuery | None = None
) -> Page[InterventionRow]:
    """A page of the live (or archived) interventions matching filters and the search (title,
    external ID, summary), with their status: five queries at most, whatever the number."""
    query = query or ListQuery(sort="mission", per_page=100)
    rows, total, shown = paginate(
        _list_statement(filters),
        query,
        sorts={
            "mission": (Mission.title, Intervention.title),
            "title": (Intervention.title,),
            "lead": (Department.code, Intervention.title),
            "stage": (
                case({stage.value: n for n, stage in enumerate(Stage)}, value=Intervention.stage),
                Intervention.title,
            ),
            "updated": (Intervention.updated_at,),
        },
        tiebreak=Intervention.id,
        search=(Intervention.title, Intervention.external_id, Intervention.summary),
    )
    partners = load_partners([row[0].id for row in rows])
    assessed = assess_interventions(
        ((intervention, author) for intervention, _title, _code, author, _named in rows),
        published_only=False,
        today=today,
    )
    items = [
        InterventionRow(
            intervention=intervention,
            mission_title=translated_field(mission_title, named, "title"),
            lead_code=lead_code,
            partner_codes=[p.code for p in partners.get(intervention.id, [])],
            latest_update=assessed[intervention.id].latest_update,
            status=assessed[intervention.id].status,
        )
        for intervention, mission_title, lead_code, _author, named in rows
    ]
    return Page(items, total, query, shown)


def load_intervention_detail(intervention_id: int, today: date) -> InterventionDetail | None:
    """One intervention with mission, outcome, departments, outside partners, milestones and
    updates: 5 queries."""
    author = aliased(User)
    stmt = (
        select(Intervention, author.name)
        .outerjoin(author, author.id == Intervention.override_by_id)
        .options(
            joinedload(Intervention.mission),
            joinedload(Intervention.outcome),
            joinedload(Intervention.lead_department),
            selectinload(Intervention.partners).joinedload(InterventionPartner.department),
            selectinload(Intervention.outside_partners),
            selectinload(Intervention.milestones),
            selectinload(Intervention.budget_lines).joinedload(BudgetLine.department),
            selectinload(Intervention.updates).joinedload(ProgressUpdate.author),
        )
        .where(Intervention.id == intervention_id)
    )
    row = db.session.execute(stmt).unique().first()
    if row is None:
        return None
    intervention, override_author = row
    partners = sorted(intervention.partners, key=lambda partner: partner.department.code)
    milestones = sorted(intervention.milestones, key=lambda m: (m.due_date, m.id))
    updates = sorted(intervention.updates, key=lambda u: (u.reported_on, u.id), reverse=True)
    latest = UpdateFact(updates[0].reported_on, updates[0].status) if updates else None
    facts = intervention_input(
        intervention,
        milestones=[
            MilestoneFact(m.due_date, m.completed_on, m.title, m.translations) for m in milestones
        ],
        latest=latest,
        override_author=override_author,
    ).facts
    status = assess_intervention(facts, today)
    return InterventionDetail(
        intervention=intervention,
        partners=partners,
        milestones=milestones,
        updates=updates,
        override_author=override_author,
        status=status,
        today=today,
    )


def get_intervention_for_edit(intervention_id: int) -> Intervention | None:
    """An intervention with its partners loaded (the form and the service both read them)."""
    return db.session.scalar(
        select(Intervention)
        .options(selectinload(Intervention.partners), selectinload(Intervention.outside_partners))
        .where(Intervention.id == intervention_id)
    )


def get_milestone(milestone_id: int) -> Milestone | None:
    """A milestone with its intervention (the permission check needs the lead department)."""
    return db.session.scalar(
        select(Milestone)
        .options(joinedload(Milestone.intervention))
        .where(Milestone.id == milestone_id)
    )


def get_update(update_id: int) -> ProgressUpdate | None:
    """A progress update with its intervention (the permission check needs the lead department)."""
    return db.session.scalar(
        select(ProgressUpdate)
        .options(joinedload(ProgressUpdate.intervention))
        .where(ProgressUpdate.id == update_id)
    )


def mission_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of live missions, plus include_id (an intervention's current mission)."""
    condition: ColumnElement[bool] = Mission.archived_at.is_(None)
    if include_id is not None:
        condition = condition | (Mission.id == include_id)
    stmt = select(Mission.id, Mission.title).where(condition).order_by(Mission.title)
    return [(row.id, row.title) for row in db.session.execute(stmt)]


def department_choices(only_id: int | None = None) -> list[tuple[int, str]]:
    """(id, 'CODE · name') of every department, or of one department only."""
    stmt = select(
        Department.id, Department.code, Department.name, Department.translations
    ).order_by(Department.code)
    if only_id is not None:
        stmt = stmt.where(Department.id == only_id)
    return [
        (row.id, f"{row.code} · {translated_field(row.name, row.translations, 'name')}")
        for row in db.session.execute(stmt)
    ]
