"""What each department lead owes (reusing "My work"'s due rule) and the mission office digest."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select

from app.extensions import db
from app.models import Department, Intervention, Measurement, ProgressUpdate
from app.models.base import utcnow
from app.reporting.rounds import reports_due
from app.translating import gathered_translations
from app.workspace.queries import data_due, updates_due

BEFORE = "reminder_before"
ON_DUE = "reminder_due"
OVERDUE = "reminder_overdue"
REMINDER_KINDS = (BEFORE, ON_DUE, OVERDUE)
ESCALATION = "escalation"
# Data owed with nothing to go by (no value, no baseline) has no due date; the ledger needs one.
NO_DUE_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class OwedItem:
    """One thing a department owes: an indicator's next value or an intervention's update."""

    what: str  # "data", "update" or "report" (a reporting round's status report)
    object_id: int
    title: str
    mission_title: str
    department_code: str
    due: date | None
    stage: str  # BEFORE, ON_DUE or OVERDUE
    # title and mission_title in other languages, for the recipient's (app.translating)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    @property
    def item_key(self) -> str:
        kind = {"data": "indicator", "report": "report"}.get(self.what, "intervention")
        return f"{kind}:{self.object_id}"

    @property
    def ledger_due(self) -> date:
        return self.due or NO_DUE_DATE

    def days_overdue(self, today: date) -> int:
        return 0 if self.due is None else max((today - self.due).days, 0)


def _stage(due: date | None, overdue: bool, today: date, days_before: int) -> str | None:
    if overdue:
        return OVERDUE
    if due == today:
        return ON_DUE
    if due is not None and today < due <= today + timedelta(days=days_before):
        return BEFORE
    return None


def owed_items(department_id: int | None, today: date, days_before: int) -> list[OwedItem]:
    """What falls due within days_before, on today, or is overdue (one department, or all).

    The due dates and "overdue" are the ones "My work" shows (app.workspace.queries).
    """
    items = []
    for row in data_due(department_id, today):
        stage = _stage(row.due, row.overdue, today, days_before)
        if stage:
            items.append(OwedItem("data", row.indicator_id, row.title, row.mission_title,
                                  row.department_code, row.due, stage,
                                  row.translations))  # fmt: skip
    for upd in updates_due(department_id, today):
        stage = _stage(upd.due, upd.overdue, today, days_before)
        if stage:
            items.append(OwedItem("update", upd.intervention_id, upd.title, upd.mission_title,
                                  upd.department_code, upd.due, stage,
                                  upd.translations))  # fmt: skip
    for report in reports_due(department_id):
        stage = _stage(report.due, report.overdue(today), today, days_before)
        if stage:
            items.append(OwedItem("report", report.report_id, report.title, report.mission_title,
                                  report.department_code, report.due, stage,
                                  report.translations))  # fmt: skip
    return items


class DigestLine(NamedTuple):
    """An intervention in the digest: off track or at risk (status), or with a draft update
    (day); the title's translations are for the recipient's language."""

    intervention_id: int
    title: str
    department_code: str
    status: str
    day: date | None
    translations: dict[str, dict[str, str]]


@dataclass
class Digest:
    """The mission office's weekly digest (also the staff page)."""

    today: date
    escalate_after_days: int
    overdue_by_department: dict[str, list[OwedItem]] = field(default_factory=dict)
    off_track: list[DigestLine] = field(default_factory=list)
    drafts: list[DigestLine] = field(default_factory=list)
    updates_this_week: int = 0
    values_this_week: int = 0
    published_this_week: int = 0

    @property
    def empty(self) -> bool:
        return not (self.overdue_by_department or self.off_track or self.drafts
                    or self.updates_this_week or self.values_this_week)  # fmt: skip


def _titles(translations: dict[str, Any] | None) -> dict[str, dict[str, str]]:
    return gathered_translations(title=(translations, "title"))


def build_digest(today: date, escalate_after_days: int, now: datetime | None = None) -> Digest:
    """Long-overdue work by department, off-track and at-risk work, drafts, the week's changes."""
    now = now or utcnow()
    digest = Digest(today, escalate_after_days)
    grouped: dict[str, list[OwedItem]] = defaultdict(list)
    for item in owed_items(None, today, 0):
        if item.stage == OVERDUE and (
            item.due is None or (today - item.due).days > escalate_after_days
        ):
            grouped[item.department_code].append(item)
    digest.overdue_by_department = dict(sorted(grouped.items()))

    newest = (
        select(
            ProgressUpdate.intervention_id,
            func.max(ProgressUpdate.reported_on).label("newest"),
        )
        .group_by(ProgressUpdate.intervention_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Intervention.id,
            Intervention.title,
            Department.code,
            ProgressUpdate.status,
            Intervention.translations,
        )
        .join(newest, newest.c.intervention_id == Intervention.id)
        .join(
            ProgressUpdate,
            (ProgressUpdate.intervention_id == Intervention.id)
            & (ProgressUpdate.reported_on == newest.c.newest),
        )
        .join(Department, Department.id == Intervention.lead_department_id)
        .where(
            Intervention.archived_at.is_(None),
            ProgressUpdate.status.in_(["off_track", "at_risk"]),
        )
        .order_by(ProgressUpdate.status.desc(), Intervention.title)
    )
    seen = set()
    for item_id, title, code, status, named in rows:
        if item_id not in seen:
            seen.add(item_id)
            digest.off_track.append(
                DigestLine(item_id, title, code, str(status), None, _titles(named))
            )

    digest.drafts = [
        DigestLine(item_id, title, "", "", reported_on, _titles(named))
        for item_id, title, reported_on, named in db.session.execute(
            select(
                Intervention.id,
                Intervention.title,
                ProgressUpdate.reported_on,
                Intervention.translations,
            )
            .join(ProgressUpdate, ProgressUpdate.intervention_id == Intervention.id)
            .where(ProgressUpdate.is_published.is_(False), Intervention.archived_at.is_(None))
            .order_by(ProgressUpdate.reported_on, Intervention.title)
            .limit(50)
        )
    ]
    week_ago = now - timedelta(days=7)
    digest.updates_this_week = (
        db.session.scalar(
            select(func.count())
            .select_from(ProgressUpdate)
            .where(ProgressUpdate.created_at >= week_ago)
        )
        or 0
    )
    digest.published_this_week = (
        db.session.scalar(
            select(func.count())
            .select_from(ProgressUpdate)
            .where(ProgressUpdate.published_at >= week_ago)
        )
        or 0
    )
    digest.values_this_week = db.session.scalar(
        select(func.count()).select_from(Measurement).where(Measurement.updated_at >= week_ago)
    ) or 0  # fmt: skip
    return digest
