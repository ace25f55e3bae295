"""The rows around interventions and indicators that many pages show: one loader each, and the
one way work is grouped by outcome."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Department,
    InterimTarget,
    Intervention,
    InterventionPartner,
    Outcome,
    OutsidePartner,
)
from app.progress.rollup import ProgressSummary
from app.translating import gathered_translations


@dataclass(frozen=True)
class Partner:
    """A department working on an intervention besides its lead, and its role there.

    translations holds the department's translated name and the partnership's translated role,
    shaped as on a model (``{"is": {"name": …, "role": …}}``), for app.translating to read."""

    department_id: int
    code: str
    name: str
    role: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


def load_partners(intervention_ids: Sequence[int]) -> dict[int, list[Partner]]:
    """Partner departments of each intervention (its lead left out), by code, in one query (plain
    rows: lists of a thousand interventions read them)."""
    partners: dict[int, list[Partner]] = defaultdict(list)
    if intervention_ids:
        stmt = (
            select(
                InterventionPartner.intervention_id,
                InterventionPartner.department_id,
                Department.code,
                Department.name,
                InterventionPartner.role,
                Department.translations,
                InterventionPartner.translations,
            )
            .join(Department, Department.id == InterventionPartner.department_id)
            .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
            .where(
                InterventionPartner.intervention_id.in_(intervention_ids),
                InterventionPartner.department_id != Intervention.lead_department_id,
            )
            .order_by(Department.code, Department.id)
        )
        for row in db.session.execute(stmt):
            intervention_id, department_id, code, name, role, named, roled = row
            partners[intervention_id].append(
                Partner(
                    department_id,
                    code,
                    name,
                    role,
                    gathered_translations(name=(named, "name"), role=(roled, "role")),
                )
            )
    return partners


def load_outside_partners(intervention_ids: Sequence[int]) -> dict[int, list[OutsidePartner]]:
    """Outside organisations partnering on each intervention, by name, in one query."""
    partners: dict[int, list[OutsidePartner]] = defaultdict(list)
    if intervention_ids:
        stmt = (
            select(OutsidePartner)
            .where(OutsidePartner.intervention_id.in_(intervention_ids))
            .order_by(OutsidePartner.name, OutsidePartner.id)
        )
        for partner in db.session.scalars(stmt):
            partners[partner.intervention_id].append(partner)
    return partners


def outcomes_by_mission(mission_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    """(id, title) of each mission's outcomes, in position order, in one query: a staff form
    offers the chosen mission's outcomes only."""
    grouped: dict[int, list[tuple[int, str]]] = {mission_id: [] for mission_id in mission_ids}
    if mission_ids:
        stmt = (
            select(Outcome.mission_id, Outcome.id, Outcome.title)
            .where(Outcome.mission_id.in_(mission_ids))
            .order_by(Outcome.position, Outcome.title, Outcome.id)
        )
        for mission_id, outcome_id, title in db.session.execute(stmt):
            grouped[mission_id].append((outcome_id, title))
    return grouped


def load_interim_targets(indicator_ids: Sequence[int]) -> dict[int, list[tuple[date, float]]]:
    """(period, value) interim targets of each indicator, in period order, in one query."""
    targets: dict[int, list[tuple[date, float]]] = defaultdict(list)
    if indicator_ids:
        stmt = (
            select(InterimTarget.indicator_id, InterimTarget.period, InterimTarget.value)
            .where(InterimTarget.indicator_id.in_(indicator_ids))
            .order_by(InterimTarget.indicator_id, InterimTarget.period)
        )
        for indicator_id, period, value in db.session.execute(stmt):
            targets[indicator_id].append((period, value))
    return targets


I = TypeVar("I")  # noqa: E741 - what a page shows of an indicator
W = TypeVar("W")  # what a page shows of an intervention


@dataclass
class OutcomeGroup(Generic[I, W]):
    """An outcome (None: work tied to no outcome) with its summary and what a page shows of its
    indicators and interventions."""

    outcome: Outcome | None
    summary: ProgressSummary | None = None
    indicators: list[I] = field(default_factory=list)
    interventions: list[W] = field(default_factory=list)
    # ages of the mission's range that this group's active work does not serve (None: not computed
    # or no age range)
    gaps: tuple[tuple[int, int], ...] | None = None

    @property
    def outcome_id(self) -> int | None:
        return None if self.outcome is None else self.outcome.id


def group_by_outcome(
    outcomes: Sequence[Outcome],
    indicators: Iterable[I],
    interventions: Iterable[W],
    *,
    outcome_of_indicator: Callable[[I], int | None],
    outcome_of_intervention: Callable[[W], int | None],
    summaries: Mapping[int | str | None, ProgressSummary] | None = None,
) -> list[OutcomeGroup[I, W]]:
    """One group per outcome, in the given order, then one for work tied to no outcome (or to an
    outcome not given) when there is any."""
    summaries = summaries or {}
    groups: dict[int | None, OutcomeGroup[I, W]] = {
        outcome.id: OutcomeGroup(outcome, summaries.get(outcome.id)) for outcome in outcomes
    }
    loose: OutcomeGroup[I, W] = OutcomeGroup(None, summaries.get(None))
    for indicator in indicators:
        groups.get(outcome_of_indicator(indicator), loose).indicators.append(indicator)
    for intervention in interventions:
        groups.get(outcome_of_intervention(intervention), loose).interventions.append(intervention)
    result = list(groups.values())
    if loose.indicators or loose.interventions:
        result.append(loose)
    return result
