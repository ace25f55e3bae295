"""Reads of reporting rounds shared by the staff pages, My work, reminders and the public archive.

A round's reports are public only once the round is published, and then only for public
interventions of a public mission (app.reporting.visibility); an excluded report is shown as
"not reported" with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager, joinedload

from app.extensions import db
from app.models import Department, Intervention, Mission, ReportingRound, StatusReport
from app.models.rounds import ReportState, RoundState
from app.reporting.visibility import intervention_is_public, mission_is_public
from app.translating import gathered_translations

# Reports a lead still owes: not yet with the mission office, or sent back by it.
OWED = (ReportState.DRAFT, ReportState.RETURNED)
PUBLIC_STATES = (ReportState.APPROVED, ReportState.EXCLUDED)


def load_round(round_id: int) -> ReportingRound | None:
    """A round with its mission."""
    return db.session.scalars(
        select(ReportingRound)
        .options(joinedload(ReportingRound.mission))
        .where(ReportingRound.id == round_id)
    ).first()


def load_report(report_id: int) -> StatusReport | None:
    """A report with its round (and mission), intervention and department."""
    return db.session.scalars(
        select(StatusReport)
        .options(
            joinedload(StatusReport.round).joinedload(ReportingRound.mission),
            joinedload(StatusReport.intervention),
            joinedload(StatusReport.department),
        )
        .where(StatusReport.id == report_id)
    ).first()


def round_reports(round_id: int) -> list[StatusReport]:
    """Every report of a round with its intervention and department, by department and title."""
    return list(
        db.session.scalars(
            select(StatusReport)
            .options(joinedload(StatusReport.intervention), joinedload(StatusReport.department))
            .join(Department, Department.id == StatusReport.department_id)
            .join(Intervention, Intervention.id == StatusReport.intervention_id)
            .where(StatusReport.round_id == round_id)
            .order_by(Department.code, Intervention.title, StatusReport.id)
        )
    )


@dataclass(frozen=True)
class RoundRow:
    """A round in a list, with how many of its reports are done."""

    round: ReportingRound
    reports: int
    done: int


def list_rounds() -> list[RoundRow]:
    """Every round of every live mission, newest first, with its counts: one query."""
    done = func.sum(case((StatusReport.state.in_(PUBLIC_STATES), 1), else_=0))
    stmt = (
        select(ReportingRound, func.count(StatusReport.id), done)
        .options(contains_eager(ReportingRound.mission))
        .join(Mission, Mission.id == ReportingRound.mission_id)
        .outerjoin(StatusReport, StatusReport.round_id == ReportingRound.id)
        .where(Mission.archived_at.is_(None))
        .group_by(ReportingRound.id, Mission.id)
        .order_by(ReportingRound.opened_on.desc(), ReportingRound.id.desc())
    )
    return [
        RoundRow(r, count, int(finished or 0)) for r, count, finished in db.session.execute(stmt)
    ]


@dataclass
class DepartmentProgress:
    """How far one department is in a round."""

    code: str
    name: str
    drafted: int = 0  # draft or returned: with the lead
    in_review: int = 0  # submitted: with the mission office
    approved: int = 0  # approved (published, once the round is)
    excluded: int = 0
    overdue: int = 0  # still with the lead after the due day

    @property
    def total(self) -> int:
        return self.drafted + self.in_review + self.approved + self.excluded


def round_progress(the_round: ReportingRound, today: date) -> list[DepartmentProgress]:
    """The round's progress per department: one aggregate query, whatever the number of reports.
    Reports of interventions archived since the round opened are owed no more and not counted."""
    stmt = (
        select(Department.code, Department.name, StatusReport.state, func.count())
        .join(Department, Department.id == StatusReport.department_id)
        .join(Intervention, Intervention.id == StatusReport.intervention_id)
        .where(StatusReport.round_id == the_round.id, Intervention.archived_at.is_(None))
        .group_by(Department.code, Department.name, StatusReport.state)
        .order_by(Department.code)
    )
    late = the_round.state == RoundState.OPEN and today > the_round.due_on
    rows: dict[str, DepartmentProgress] = {}
    for code, name, state, count in db.session.execute(stmt):
        row = rows.setdefault(code, DepartmentProgress(code, name))
        if state in OWED:
            row.drafted += count
            row.overdue += count if late else 0
        elif state == ReportState.SUBMITTED:
            row.in_review += count
        elif state == ReportState.APPROVED:
            row.approved += count
        else:
            row.excluded += count
    return list(rows.values())


@dataclass(frozen=True)
class ReportDue:
    """A report a department owes in an open round."""

    report_id: int
    intervention_id: int
    title: str
    mission_title: str
    round_title: str
    department_code: str
    state: str
    due: date
    review_comment: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def overdue(self, today: date) -> bool:
        return today > self.due


def reports_due(department_id: int | None) -> list[ReportDue]:
    """Reports still owed (draft or returned) in open rounds, of one department or all, soonest
    due first: one query. An intervention archived since the round opened owes nothing."""
    stmt = (
        select(
            StatusReport.id,
            StatusReport.intervention_id,
            Intervention.title,
            Mission.title,
            ReportingRound.title,
            Department.code,
            StatusReport.state,
            ReportingRound.due_on,
            StatusReport.review_comment,
            Intervention.translations,
            Mission.translations,
            ReportingRound.translations,
        )
        .join(ReportingRound, ReportingRound.id == StatusReport.round_id)
        .join(Mission, Mission.id == ReportingRound.mission_id)
        .join(Intervention, Intervention.id == StatusReport.intervention_id)
        .join(Department, Department.id == StatusReport.department_id)
        .where(
            ReportingRound.state == RoundState.OPEN,
            StatusReport.state.in_(OWED),
            Mission.archived_at.is_(None),
            Intervention.archived_at.is_(None),
        )
        .order_by(ReportingRound.due_on, Intervention.title, StatusReport.id)
    )
    if department_id is not None:
        stmt = stmt.where(StatusReport.department_id == department_id)
    return [
        ReportDue(
            report_id,
            intervention_id,
            title,
            mission_title,
            round_title,
            code,
            str(state),
            due,
            comment,
            gathered_translations(
                title=(named, "title"),
                mission_title=(mission_named, "title"),
                round_title=(round_named, "title"),
            ),
        )
        for (
            report_id,
            intervention_id,
            title,
            mission_title,
            round_title,
            code,
            state,
            due,
            comment,
            named,
            mission_named,
            round_named,
        ) in db.session.execute(stmt)
    ]


# ---- the public archive ----


def public_rounds(mission_id: int) -> list[ReportingRound]:
    """A public mission's published rounds, newest first."""
    return list(
        db.session.scalars(
            select(ReportingRound)
            .join(Mission, Mission.id == ReportingRound.mission_id)
            .where(
                ReportingRound.mission_id == mission_id,
                ReportingRound.state == RoundState.PUBLISHED,
                mission_is_public(),
            )
            .order_by(ReportingRound.opened_on.desc())
        )
    )


def public_round(mission_id: int, round_id: int) -> ReportingRound | None:
    """One published round of a public mission."""
    return next((r for r in public_rounds(mission_id) if r.id == round_id), None)


def public_round_reports(round_id: int) -> list[StatusReport]:
    """A published round's reports for public interventions (approved, or excluded with their
    reason), with intervention and department, by department and title."""
    return list(
        db.session.scalars(
            select(StatusReport)
            .options(joinedload(StatusReport.intervention), joinedload(StatusReport.department))
            .join(ReportingRound, ReportingRound.id == StatusReport.round_id)
            .join(Intervention, Intervention.id == StatusReport.intervention_id)
            .join(Department, Department.id == StatusReport.department_id)
            .where(
                StatusReport.round_id == round_id,
                ReportingRound.state == RoundState.PUBLISHED,
                StatusReport.state.in_(PUBLIC_STATES),
                intervention_is_public(),
            )
            .order_by(Department.code, Intervention.title, StatusReport.id)
        )
    )


def reports_of_intervention(intervention_id: int) -> list[StatusReport]:
    """Every report of one intervention in every round, drafts included (staff pages), newest
    round first, with its round: one query."""
    return list(
        db.session.scalars(
            select(StatusReport)
            .options(joinedload(StatusReport.round))
            .join(ReportingRound, ReportingRound.id == StatusReport.round_id)
            .where(StatusReport.intervention_id == intervention_id)
            .order_by(ReportingRound.opened_on.desc(), ReportingRound.id.desc())
        )
    )


def public_reports_of(intervention_ids: Sequence[int]) -> list[StatusReport]:
    """The published round reports of public interventions, newest round first, with their
    round: the intervention page's older reports."""
    if not intervention_ids:
        return []
    return list(
        db.session.scalars(
            select(StatusReport)
            .options(joinedload(StatusReport.round))
            .join(ReportingRound, ReportingRound.id == StatusReport.round_id)
            .join(Intervention, Intervention.id == StatusReport.intervention_id)
            .where(
                StatusReport.intervention_id.in_(intervention_ids),
                ReportingRound.state == RoundState.PUBLISHED,
                StatusReport.state.in_(PUBLIC_STATES),
                intervention_is_public(),
            )
            .order_by(ReportingRound.opened_on.desc())
        )
    )
