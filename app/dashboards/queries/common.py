"""What every dashboard shares: filters, live missions, SQL involvement counts, what is owed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all

from app.extensions import db
from app.models import (
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Mission,
)
from app.progress.implementation import (
    InterventionAssessment,
)
from app.progress.rollup import IndicatorResult
from app.translating import gathered_translations
from app.workspace.queries import DUE_SOON_DAYS, DataDue

# The overdue lists show this many rows at most; the count above them is the full number.
OVERDUE_SHOWN = 50


@dataclass(frozen=True)
class DashboardFilters:
    """What a dashboard is narrowed to; None means any. Lenses always describe the whole."""

    department_id: int | None = None
    outcome_id: int | None = None
    mission_id: int | None = None
    stage: str | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any(
            value is not None
            for value in (
                self.department_id,
                self.outcome_id,
                self.mission_id,
                self.stage,
                self.status,
            )
        )


def status_ids_with(
    statuses: Mapping[int | str, InterventionAssessment], wanted: str | None
) -> list[int] | None:
    """Ids of the interventions with the wanted computed status (None: no status filter)."""
    if wanted is None:
        return None
    return [int(item_id) for item_id, status in statuses.items() if status.status == wanted]


def keeps(item: Intervention, status: InterventionAssessment, filters: DashboardFilters) -> bool:
    """Whether an intervention passes the stage, status, outcome and mission filters."""
    return (
        (filters.stage is None or item.stage == filters.stage)
        and (filters.status is None or status.status == filters.status)
        and (filters.outcome_id is None or item.outcome_id == filters.outcome_id)
        and (filters.mission_id is None or item.mission_id == filters.mission_id)
    )


def all_departments() -> list[Department]:
    """Every department by name (filter choices and matrix rows)."""
    return list(db.session.scalars(select(Department).order_by(Department.name, Department.id)))


# Overview charts start this many years before the mission's start, or at the indicator's baseline
# when that is earlier: context without the whole history (the indicator's own page has it all).
OVERVIEW_YEARS_BEFORE = 3


def live_missions() -> list[Mission]:
    """Missions that are not archived, drafts included, oldest first."""
    return list(
        db.session.scalars(
            select(Mission)
            .where(Mission.archived_at.is_(None))
            .order_by(Mission.start_year, Mission.title, Mission.id)
        )
    )


def involvement_counts(
    filters: DashboardFilters, status_ids: list[int] | None, group: str
) -> Select:
    """Interventions led and partnered per department and mission or outcome, in one statement.

    group is "mission_id" or "outcome_id": the second key of each row. Rows: kind ("led" or
    "partner"), department id, key, stage, count, budget sum (led only).
    """
    led_key = getattr(Intervention, group)
    led = (
        select(
            literal("led").label("kind"),
            Intervention.lead_department_id.label("department_id"),
            led_key.label("key"),
            Intervention.stage.label("stage"),
            func.count(Intervention.id).label("n"),
            func.sum(Intervention.budget).label("budget"),
        )
        .select_from(Intervention)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(Intervention.archived_at.is_(None), Mission.archived_at.is_(None))
        .group_by(Intervention.lead_department_id, led_key, Intervention.stage)
    )
    partner = (
        select(
            literal("partner").label("kind"),
            InterventionPartner.department_id.label("department_id"),
            led_key.label("key"),
            Intervention.stage.label("stage"),
            func.count(Intervention.id).label("n"),
            literal(None).label("budget"),
        )
        .select_from(InterventionPartner)
        .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            Intervention.archived_at.is_(None),
            Mission.archived_at.is_(None),
            InterventionPartner.department_id != Intervention.lead_department_id,
        )
        .group_by(InterventionPartner.department_id, led_key, Intervention.stage)
    )
    if filters.department_id is not None:
        led = led.where(Intervention.lead_department_id == filters.department_id)
        partner = partner.where(InterventionPartner.department_id == filters.department_id)
    for column, value in (
        (Intervention.mission_id, filters.mission_id),
        (Intervention.outcome_id, filters.outcome_id),
        (Intervention.stage, filters.stage),
    ):
        if value is not None:
            led, partner = led.where(column == value), partner.where(column == value)
    if status_ids is not None:
        led = led.where(Intervention.id.in_(status_ids))
        partner = partner.where(Intervention.id.in_(status_ids))
    return union_all(led, partner)  # type: ignore[return-value] # a UNION of selects, read like one


def data_due_rows(
    assessed: Iterable[tuple[Indicator, Any, IndicatorResult]],
    codes: dict[int, str],
    today: date,
) -> list[DataDue]:
    """Data due or overdue as workspace.data_due lists it, taken from assessed indicators.

    Overdue first (oldest first), then what falls due within DUE_SOON_DAYS. The roll-up's
    freshness is the one data_due computes (the newer of the newest headline period and the
    baseline), so the measurements need no second scan.
    """
    horizon = date.fromordinal(today.toordinal() + DUE_SOON_DAYS)
    rows = [
        DataDue(
            indicator.id,
            indicator.title,
            mission.title,
            codes.get(indicator.department_id, "–"),
            indicator.frequency,
            result.freshness.latest_period,
            result.freshness.due,
            result.freshness.overdue,
            translations=gathered_translations(
                title=(indicator.translations, "title"),
                mission_title=(mission.translations, "title"),
            ),
        )
        for indicator, mission, result in assessed
    ]
    kept = [row for row in rows if row.overdue or (row.due is not None and row.due <= horizon)]
    return sorted(kept, key=lambda row: (not row.overdue, row.due or date.min, row.title))
