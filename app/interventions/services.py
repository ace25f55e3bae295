"""Intervention writes (partners, milestones, progress updates, overrides): flush, never commit."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit, editing
from app.database import check_columns, check_text
from app.errors import DomainError
from app.extensions import db
from app.interventions import budgets, gates
from app.models import (
    BudgetLine,
    Department,
    Intervention,
    InterventionPartner,
    Milestone,
    Mission,
    Outcome,
    OutsidePartner,
    ProgressUpdate,
)
from app.models.base import utcnow
from app.models.enums import ImplementationStatus, PartnerKind, Stage, UpdateStatus
from app.permissions import Action, authorize
from app.translating import Entered, translation_languages, with_entered

CENT = Decimal("0.01")
# A phone number as people write it: digits, spaces, +, -, parentheses and dots.
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{2,38}$")
# (name, kind, role) of an organisation outside the city partnering on an intervention.
OutsidePartnerRow = tuple[str, str, str]


@dataclass(frozen=True)
class InterventionData:
    """What the intervention form submits, already shaped (ids, dates, numbers)."""

    mission_id: int
    outcome_id: int | None
    lead_department_id: int
    title: str
    stage: str = Stage.EXPLORE.value
    external_id: str | None = None
    summary: str = ""
    start_date: date | None = None
    end_date: date | None = None
    budget: Decimal | None = None
    age_min: int | None = None
    age_max: int | None = None
    update_cycle_days: int = 90
    weight: float = 1.0
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    # (department id, role) of each partner department.
    partners: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    # language -> field -> text; a language or field left out keeps its stored translation.
    translations: Entered = field(default_factory=dict)
    # (name, kind, role) of each outside partner.
    outside_partners: tuple[OutsidePartnerRow, ...] = field(default_factory=tuple)

    def columns(self) -> dict[str, Any]:
        # A shallow copy (asdict deep-copies, which an import of 50,000 rows feels).
        values = {name: getattr(self, name) for name in _DATA_COLUMNS}
        values["title"] = self.title.strip()
        values["summary"] = (self.summary or "").strip()
        for name in ("contact_name", "contact_email", "contact_phone"):
            values[name] = (values[name] or "").strip()
        values["external_id"] = (self.external_id or "").strip() or None
        values["budget"] = None if self.budget is None else Decimal(self.budget).quantize(CENT)
        return values


_DATA_COLUMNS = tuple(
    item.name
    for item in fields(InterventionData)
    if item.name not in ("partners", "outside_partners", "translations")
)


def _ensure_live(intervention: Intervention | None) -> None:
    if intervention is not None and intervention.archived_at is not None:
        raise DomainError(_("This intervention is archived; it can no longer be changed."))


_BATCH = 500


def _batches(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _BATCH):
        yield ordered[start : start + _BATCH]


@dataclass
class InterventionFacts:
    """What the rules of an intervention read from the database: the missions, outcomes,
    departments and external IDs that the saves name, and which of the saved interventions have
    budget lines. Loaded in one query per kind (per batch of 500), so a form costs five queries
    and an import of thousands of rows hardly more."""

    missions: dict[int, Mission] = field(default_factory=dict)
    outcome_missions: dict[int, int] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    external_ids: dict[str, int] = field(default_factory=dict)
    # Interventions whose budget is the sum of budget lines (app.interventions.budgets).
    budgeted: set[int] = field(default_factory=set)

    @classmethod
    def load(
        cls, saves: Iterable[tuple[Intervention | None, InterventionData]]
    ) -> InterventionFacts:
        missions: set[int] = set()
        outcomes: set[int] = set()
        departments: set[int] = set()
        keys: set[str] = set()
        current_ids: set[int] = set()
        for current, data in saves:
            missions.add(data.mission_id)
            if data.outcome_id is not None:
                outcomes.add(data.outcome_id)
            departments.add(data.lead_department_id)
            departments.update(department_id for department_id, _role in data.partners)
            if current is not None:
                departments.update(partner.department_id for partner in current.partners)
                current_ids.add(current.id)
            if (data.external_id or "").strip():
                keys.add((data.external_id or "").strip())
        facts = cls()
        for batch in _batches(missions):
            facts.missions.update(
                (m.id, m) for m in db.session.scalars(select(Mission).where(Mission.id.in_(batch)))
            )
        for batch in _batches(outcomes):
            outcome_rows = db.session.execute(
                select(Outcome.id, Outcome.mission_id).where(Outcome.id.in_(batch))
            )
            facts.outcome_missions.update((row.id, row.mission_id) for row in outcome_rows)
        for batch in _batches(departments):
            found = db.session.scalars(select(Department).where(Department.id.in_(batch)))
            facts.departments.update((d.id, d) for d in found)
        for batch in _batches(keys):
            owners = db.session.execute(
                select(Intervention.external_id, Intervention.id).where(
                    Intervention.external_id.in_(batch)
                )
            )
            facts.external_ids.update((row.external_id or "", row.id) for row in owners)
        for batch in _batches(current_ids):
            facts.budgeted.update(
                db.session.scalars(
                    select(BudgetLine.intervention_id)
                    .where(BudgetLine.intervention_id.in_(batch))
                    .distinct()
                )
            )
        return facts

    def codes(self) -> dict[int, str]:
        return {department.id: department.code for department in self.departments.values()}


def _check_mission_and_outcome(
    data: InterventionData, current: Intervention | None, facts: InterventionFacts
) -> None:
    mission = facts.missions.get(data.mission_id)
    if mission is None:
        raise DomainError(_("Choose a mission."), "mission_id")
    moved = current is None or current.mission_id != mission.id
    if mission.archived_at is not None and moved:
        raise DomainError(_("This mission is archived; choose a live one."), "mission_id")
    if data.outcome_id is not None and facts.outcome_missions.get(data.outcome_id) != mission.id:
        raise DomainError(
            _("This outcome is not one of “%(mission)s”: choose one of its outcomes, or no "
              "outcome.", mission=mission.title),
            "outcome_id",
        )  # fmt: skip


def _check_lead(data: InterventionData, actor: Any, facts: InterventionFacts) -> None:
    department = facts.departments.get(data.lead_department_id)
    if department is None:
        raise DomainError(_("Choose the lead department."), "lead_department_id")
    # Department leads may only put their own department in the lead.
    if not authorize(actor, Action.EDIT_INTERVENTION, department):
        raise DomainError(
            _("You can only choose your own department as the lead."), "lead_department_id"
        )


def _check_fields(
    data: InterventionData, current: Intervention | None, facts: InterventionFacts
) -> None:
    if not data.title.strip():
        raise DomainError(_("Give the intervention a title."), "title")
    if data.stage not in {stage.value for stage in Stage}:
        raise DomainError(_("Choose a stage."), "stage")
    gates.refuse_silent_change(current, data.stage)
    external_id = (data.external_id or "").strip()
    if external_id:
        clash = facts.external_ids.get(external_id)
        if clash is not None and (current is None or clash != current.id):
            raise DomainError(_("Another intervention has this external ID."), "external_id")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise DomainError(_("The end date cannot be before the start date."), "end_date")
    if data.budget is not None and not (Decimal(data.budget) >= 0):
        raise DomainError(_("The budget cannot be negative."), "budget")
    if current is not None and current.id in facts.budgeted:
        entered = None if data.budget is None else Decimal(data.budget).quantize(CENT)
        if entered != current.budget:
            raise DomainError(
                _("This budget is the sum of its budget lines: change the lines instead."),
                "budget",
            )
    if (data.age_min is None) != (data.age_max is None):
        field_name = "age_max" if data.age_max is None else "age_min"
        raise DomainError(_("Give both ages of the range, or neither."), field_name)
    if data.age_min is not None and data.age_max is not None:
        if not (0 <= data.age_min <= 120 and 0 <= data.age_max <= 120):
            raise DomainError(_("Ages go from 0 to 120."), "age_min")
        if data.age_min > data.age_max:
            raise DomainError(_("The oldest age cannot be below the youngest."), "age_max")
    if not 7 <= data.update_cycle_days <= 366:
        raise DomainError(_("Choose from 7 to 366 days."), "update_cycle_days")
    if not math.isfinite(data.weight) or data.weight <= 0:
        raise DomainError(_("The weight must be a number above 0."), "weight")


def _check_partners(data: InterventionData, codes: dict[int, str]) -> None:
    seen: set[int] = set()
    for department_id, _role in data.partners:
        if department_id not in codes:
            raise DomainError(_("Choose partner departments from the list."), "partners")
        if department_id == data.lead_department_id:
            raise DomainError(
                _("%(code)s leads this intervention, so it cannot also be a partner.",
                  code=codes[department_id]),
                "partners",
            )  # fmt: skip
        if department_id in seen:
            raise DomainError(
                _("%(code)s is listed twice as a partner.", code=codes[department_id]),
                "partners",
            )
        seen.add(department_id)


def _check_contact(data: InterventionData) -> None:
    email = (data.contact_email or "").strip()
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            raise DomainError(
                _("Enter the contact's email address, e.g. name@reykjavik.is."), "contact_email"
            ) from None
    phone = (data.contact_phone or "").strip()
    if phone and not PHONE.match(phone):
        raise DomainError(
            _("Enter the contact's phone number with digits, e.g. +354 411 1111."), "contact_phone"
        )
    if (email or phone) and not (data.contact_name or "").strip():
        raise DomainError(_("Give the contact person's name."), "contact_name")


def _check_outside_partners(data: InterventionData) -> None:
    seen: set[str] = set()
    kinds = {kind.value for kind in PartnerKind}
    for name, kind, role in data.outside_partners:
        name = name.strip()
        check_text(name, "outside_partners")
        check_text(role, "outside_partners")
        if not name:
            raise DomainError(_("Give each outside partner's name."), "outside_partners")
        if len(name) > 200 or len(role.strip()) > 200:
            raise DomainError(
                _("Keep an outside partner's name and role to 200 characters."), "outside_partners"
            )
        if kind not in kinds:
            raise DomainError(_("Choose what kind of organisation it is."), "outside_partners")
        if name.casefold() in seen:
            raise DomainError(
                _("%(name)s is listed twice as a partner.", name=name[:60]), "outside_partners"
            )
        seen.add(name.casefold())


def check_intervention(
    intervention: Intervention | None,
    data: InterventionData,
    *,
    actor: Any,
    facts: InterventionFacts,
) -> None:
    """Every rule of saving data over intervention (None: a new one); a DomainError names the
    first broken one. Reads nothing but facts, writes nothing: imports check each row of a
    preview with it, and save_intervention checks with it before writing."""
    _ensure_live(intervention)
    check_columns(Intervention, data.columns())
    _check_mission_and_outcome(data, intervention, facts)
    _check_lead(data, actor, facts)
    _check_fields(data, intervention, facts)
    _check_partners(data, facts.codes())
    _check_contact(data)
    _check_outside_partners(data)


def _outside_rows(data: InterventionData) -> list[OutsidePartnerRow]:
    return [(name.strip(), kind, role.strip()) for name, kind, role in data.outside_partners]


def _outside_list(rows: Iterable[OutsidePartnerRow]) -> list[str]:
    """Outside partners as the audit trail shows them: 'Name (kind): role', sorted."""
    return sorted(
        f"{name} ({kind}): {role}" if role else f"{name} ({kind})" for name, kind, role in rows
    )


def _replace_outside_partners(intervention: Intervention, wanted: list[OutsidePartnerRow]) -> None:
    """Make the outside partner rows match wanted (same name: kind and role updated in place)."""
    by_name = {name.casefold(): (name, kind, role) for name, kind, role in wanted}
    for partner in list(intervention.outside_partners):
        found = by_name.pop(partner.name.casefold(), None)
        if found is None:
            intervention.outside_partners.remove(partner)
        else:
            partner.name, partner.kind, partner.role = found[0], PartnerKind(found[1]), found[2]
    for name, kind, role in by_name.values():
        intervention.outside_partners.append(
            OutsidePartner(name=name, kind=PartnerKind(kind), role=role)
        )


def _new_outside(data: InterventionData) -> list[OutsidePartner]:
    return [
        OutsidePartner(name=name, kind=PartnerKind(kind), role=role)
        for name, kind, role in _outside_rows(data)
    ]


def _partner_list(partners: list[tuple[int, str]], codes: dict[int, str]) -> list[str]:
    """Partners as the audit trail shows them: 'CODE: role', sorted."""
    return sorted(
        f"{codes.get(d, d)}: {role}" if role else str(codes.get(d, d)) for d, role in partners
    )


def _replace_partners(intervention: Intervention, wanted: tuple[tuple[int, str], ...]) -> None:
    """Make the partner rows match wanted, updating roles in place (no delete-and-insert)."""
    roles = dict(wanted)
    for partner in list(intervention.partners):
        if partner.department_id not in roles:
            intervention.partners.remove(partner)
        elif partner.role != roles[partner.department_id]:
            partner.role = roles[partner.department_id]
    present = {partner.department_id for partner in intervention.partners}
    for department_id, role in wanted:
        if department_id not in present:
            intervention.partners.append(
                InterventionPartner(department_id=department_id, role=role)
            )


def save_intervention(
    intervention: Intervention | None,
    data: InterventionData,
    *,
    expected_version: int,
    actor: Any,
    facts: InterventionFacts | None = None,
) -> Intervention:
    """Create (intervention None) or update an intervention and replace its partners.

    The intervention must have its partners and outside partners loaded. facts (what an import
    loaded for all its rows at once) saves the rules' queries; without it they are read for this
    one save.
    Partner changes are audited as an 'update' event with the partner lists, and they move the
    version like any other change.
    A published intervention changed by someone who may not publish goes back to draft for
    the mission office to review (editing.send_back_to_review).
    """
    facts = facts if facts is not None else InterventionFacts.load([(intervention, data)])
    check_intervention(intervention, data, actor=actor, facts=facts)
    old_partners = (
        [] if intervention is None else [(p.department_id, p.role) for p in intervention.partners]
    )
    codes = facts.codes()
    new_list = _partner_list(list(data.partners), codes)
    new_outside = _outside_list(_outside_rows(data))

    if intervention is None:
        intervention = Intervention(
            **with_entered(data.columns(), None, data.translations),
            stage_since=date.today(),
            partners=[InterventionPartner(department_id=d, role=r) for d, r in data.partners],
            outside_partners=_new_outside(data),
        )
        editing.create(intervention, actor_id=actor.id)
        _audit_new_partners(intervention, new_list, new_outside, actor_id=actor.id)
        return intervention
    old_outside = _outside_list(
        (p.name, str(p.kind), p.role) for p in intervention.outside_partners
    )

    changed = editing.update(
        intervention,
        with_entered(data.columns(), intervention, data.translations),
        expected_version=expected_version,
        actor_id=actor.id,
    )
    # The partners get an event of their own, after the columns' one (the version was checked).
    _replace_partners(intervention, data.partners)
    _replace_outside_partners(intervention, _outside_rows(data))
    changed |= editing.update(
        intervention,
        {},
        expected_version=intervention.version,
        actor_id=actor.id,
        related_old={
            "partners": _partner_list(old_partners, codes),
            "outside_partners": old_outside,
        },
        related_new={"partners": new_list, "outside_partners": new_outside},
    )
    if changed:
        editing.send_back_to_review(intervention, actor=actor)
    return intervention


def _partner_changes(
    departments: list[str], outside: list[str]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The (old, new) of the audit event that records a new intervention's partners, if any."""
    new: dict[str, Any] = {}
    if departments:
        new["partners"] = departments
    if outside:
        new["outside_partners"] = outside
    return ({key: [] for key in new}, new) if new else None


def _audit_new_partners(
    intervention: Intervention, departments: list[str], outside: list[str], *, actor_id: int
) -> None:
    changes = _partner_changes(departments, outside)
    if changes is not None:
        audit.record(intervention, "update", actor_id=actor_id, old=changes[0], new=changes[1])


def create_interventions(
    rows: list[InterventionData], *, actor: Any, facts: InterventionFacts
) -> list[Intervention]:
    """Create many interventions at once (an import): the rules and audit events of
    save_intervention, in two flushes for all of them instead of three for each."""
    created = []
    for data in rows:
        check_intervention(None, data, actor=actor, facts=facts)
        created.append(
            Intervention(
                **with_entered(data.columns(), None, data.translations),
                stage_since=date.today(),
                partners=[InterventionPartner(department_id=d, role=r) for d, r in data.partners],
                outside_partners=_new_outside(data),
            )
        )
    db.session.add_all(created)
    db.session.flush()
    codes = facts.codes()
    events = []
    for intervention, data in zip(created, rows, strict=True):
        events.append(audit.unsaved_event(intervention, "create", actor_id=actor.id))
        changes = _partner_changes(
            _partner_list(list(data.partners), codes), _outside_list(_outside_rows(data))
        )
        if changes is not None:
            events.append(
                audit.unsaved_event(intervention, "update", actor_id=actor.id,
                                    old=changes[0], new=changes[1])
            )  # fmt: skip
    db.session.add_all(events)
    db.session.flush()
    return created


def duplicate_intervention(original: Intervention, *, actor: Any) -> Intervention:
    """A draft copy of an intervention titled '… (copy)', with its partners, contact and budget
    lines (saved through app.interventions.budgets, so the copy's total is their sum) but
    without milestones, progress updates, external ID or manual status. The rules of a new
    intervention apply (a department lead copies only their department's work; an archived
    mission takes no new work). original must have its partners loaded."""
    data = InterventionData(
        mission_id=original.mission_id,
        outcome_id=original.outcome_id,
        lead_department_id=original.lead_department_id,
        title=editing.copy_title(original.title),
        stage=original.stage,
        summary=original.summary,
        start_date=original.start_date,
        end_date=original.end_date,
        budget=original.budget,
        age_min=original.age_min,
        age_max=original.age_max,
        update_cycle_days=original.update_cycle_days,
        weight=original.weight,
        contact_name=original.contact_name,
        contact_email=original.contact_email,
        contact_phone=original.contact_phone,
        partners=tuple((p.department_id, p.role) for p in original.partners),
        outside_partners=tuple((p.name, str(p.kind), p.role) for p in original.outside_partners),
    )
    copy = save_intervention(None, data, expected_version=0, actor=actor)
    lines = budgets.budget_rows(original.id)
    if lines:
        copy = budgets.get_intervention_with_budget(copy.id) or copy  # the same row, lines loaded
        budgets.save_budget_lines(copy, lines, expected_version=copy.version, actor=actor,
                                  departments=budgets.department_codes())  # fmt: skip
    return copy


def set_intervention_published(
    intervention: Intervention, published: bool, *, actor_id: int
) -> bool:
    """Publish or unpublish; an archived intervention cannot be published."""
    if published:
        _ensure_live(intervention)
    return editing.set_published(intervention, published, actor_id=actor_id)


def archive_intervention(intervention: Intervention, *, actor_id: int) -> bool:
    """Archive: it leaves the lists and public pages; its history stays."""
    return editing.archive(intervention, actor_id=actor_id)


def restore_intervention(intervention: Intervention, *, actor_id: int) -> bool:
    """Bring an archived intervention back as a draft; its mission must not be archived."""
    if intervention.archived_at is not None:
        mission_archived = db.session.scalar(
            select(Mission.archived_at).where(Mission.id == intervention.mission_id)
        )
        if mission_archived is not None:
            raise DomainError(_("Its mission is archived: restore the mission first."))
    return editing.restore(intervention, actor_id=actor_id)


def set_override(
    intervention: Intervention,
    *,
    status: str | None,
    reason: str,
    expected_version: int,
    actor_id: int,
    translations: Entered | None = None,
) -> bool:
    """Set a manual implementation status with its reason, or clear it (status None) and the
    reason's translations with it."""
    _ensure_live(intervention)
    reason = (reason or "").strip()
    if status is None:
        changes: dict[str, Any] = {
            "status_override": None, "override_reason": "", "override_by_id": None,
            "override_at": None,
        }  # fmt: skip
        translations = {lang: {"override_reason": None} for lang in translation_languages()}
    else:
        if status not in {item.value for item in ImplementationStatus}:
            raise DomainError(_("Choose a status from the list."), "status")
        if not reason:
            raise DomainError(_("Give the reason for the manual status."), "reason")
        changes = {"status_override": status, "override_reason": reason}
        if status != intervention.status_override or reason != intervention.override_reason:
            changes |= {"override_by_id": actor_id, "override_at": utcnow()}
    with_entered(changes, intervention, translations)
    return editing.update(
        intervention, changes, expected_version=expected_version, actor_id=actor_id
    )


def save_milestone(
    milestone: Milestone | None,
    intervention: Intervention,
    *,
    title: str,
    due_date: date,
    completed_on: date | None,
    expected_version: int,
    actor_id: int,
    today: date | None = None,
    translations: Entered | None = None,
) -> Milestone:
    """Create (milestone None) or update a milestone of intervention."""
    today = today or date.today()
    _ensure_live(intervention)
    title = title.strip()
    if not title:
        raise DomainError(_("Give the milestone a title."), "title")
    clash = db.session.scalar(
        select(Milestone.id).where(
            Milestone.intervention_id == intervention.id,
            func.lower(Milestone.title) == title.lower(),
        )
    )
    if clash is not None and (milestone is None or clash != milestone.id):
        raise DomainError(_("This intervention already has a milestone with this title."), "title")
    if completed_on is not None and completed_on > today:
        raise DomainError(_("The completion date cannot be in the future."), "completed_on")
    values = with_entered(
        {"title": title, "due_date": due_date, "completed_on": completed_on},
        milestone,
        translations,
    )
    if milestone is None:
        return editing.create(
            Milestone(intervention_id=intervention.id, **values), actor_id=actor_id
        )
    editing.update(milestone, values, expected_version=expected_version, actor_id=actor_id)
    return milestone


@dataclass(frozen=True)
class UpdateData:
    """What the progress update form submits."""

    reported_on: date
    status: str
    summary: str
    next_steps: str = ""
    blockers: str = ""
    translations: Entered = field(default_factory=dict)

    def columns(self) -> dict[str, Any]:
        return {
            "reported_on": self.reported_on,
            "status": self.status,
            "summary": self.summary.strip(),
            "next_steps": (self.next_steps or "").strip(),
            "blockers": (self.blockers or "").strip(),
        }


def save_update(
    update: ProgressUpdate | None,
    intervention: Intervention,
    data: UpdateData,
    *,
    expected_version: int,
    actor: Any,
    today: date | None = None,
) -> ProgressUpdate:
    """Create a draft update (update None) or change one.

    A published update changed by someone who may not publish goes back to draft
    (editing.send_back_to_review), as a published intervention does.
    """
    today = today or date.today()
    _ensure_live(intervention)
    values = with_entered(data.columns(), update, data.translations)
    if values["status"] not in {status.value for status in UpdateStatus}:
        raise DomainError(_("Choose a status."), "status")
    if not values["summary"]:
        raise DomainError(_("Say what happened."), "summary")
    if values["status"] == UpdateStatus.OFF_TRACK and not values["blockers"]:
        raise DomainError(_("Off track needs a note on what blocks the work."), "blockers")
    if values["reported_on"] > today:
        raise DomainError(_("The report date cannot be in the future."), "reported_on")
    if update is None:
        return editing.create(
            ProgressUpdate(intervention_id=intervention.id, author_id=actor.id, **values),
            actor_id=actor.id,
        )
    if editing.update(update, values, expected_version=expected_version, actor_id=actor.id):
        editing.send_back_to_review(update, actor=actor)
    return update


def set_update_published(update: ProgressUpdate, published: bool, *, actor_id: int) -> bool:
    """Publish or unpublish a progress update (a public status report)."""
    return editing.set_published(update, published, actor_id=actor_id)
