"""Intervention imports from a spreadsheet: create or update by external_id, through the services.

Decisions:

* A row is matched by external_id; a row without one may name an existing intervention by id
  (what the export writes), so an export imports back unchanged. A row with neither is refused:
  creating without a key would duplicate the intervention on every re-import.
* Every rule is the service's: each row to create or change is saved with
  ``app.interventions.services.save_intervention`` inside a SAVEPOINT that is rolled back, and
  the DomainError it raises becomes the row's error in the preview. Confirm saves the same rows
  for real (each audited by the service), all or nothing.
* Columns missing from the file keep the stored values (new interventions get the defaults);
  a present but empty cell clears an optional field.
* Department leads may change only their department's interventions and may only name their
  department as the lead (the service enforces the latter).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.interventions.services import CENT, InterventionData, save_intervention
from app.measurements.values import parse_number
from app.models import Department, Intervention, Mission, Outcome
from app.permissions import Action, authorize
from app.tabular import (
    Cell,
    FileRejected,
    Table,
    number_text,
    restore_text,
    same_text,
)
from app.transfer.measurements import RowError

COLUMNS = [
    "external_id", "id", "mission_slug", "outcome_title", "lead_department_code", "title",
    "summary", "stage", "start_date", "end_date", "budget", "age_min", "age_max", "partners",
    "update_cycle_days", "weight", "is_published", "archived",
]  # fmt: skip
IGNORED = frozenset({"is_published", "archived", "status", "mission_title"})
REQUIRED = ("mission_slug", "lead_department_code", "title")
MAX_BUDGET = Decimal("999999999999.99")
# Service field names -> the file's column names.
FIELD_COLUMNS = {
    "mission_id": "mission_slug",
    "outcome_id": "outcome_title",
    "lead_department_id": "lead_department_code",
}


class RowProblem(DomainError):
    """A cell that cannot be read; field is the column name."""


@dataclass
class InterventionRow:
    """One row of the file, read and compared with the stored intervention."""

    row: int
    action: str  # "create", "change" or "unchanged"
    data: InterventionData
    intervention_id: int | None = None
    version: int = 0
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class InterventionPlan:
    rows: list[InterventionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def creates(self) -> list[InterventionRow]:
        return [row for row in self.rows if row.action == "create"]

    @property
    def updates(self) -> list[InterventionRow]:
        return [row for row in self.rows if row.action == "change"]

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if row.action == "unchanged")

    @property
    def has_work(self) -> bool:
        return any(row.action != "unchanged" for row in self.rows)

    def digest(self) -> str:
        hasher = hashlib.sha256()
        for row in self.rows:
            if row.action == "unchanged":
                continue
            values = {key: _plain(value) for key, value in row.data.columns().items()}
            hasher.update(
                json.dumps([row.action, row.intervention_id, row.version, values,
                            [list(p) for p in row.data.partners]], sort_keys=True).encode()
            )  # fmt: skip
        return hasher.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class Lookups:
    """Missions by slug, outcomes by (mission, title), departments by code: three queries."""

    def __init__(self) -> None:
        self.missions = {m.slug.lower(): m for m in db.session.scalars(select(Mission))}
        self.mission_slugs = {m.id: m.slug for m in self.missions.values()}
        self.outcomes: dict[tuple[int, str], Outcome] = {}
        self.outcome_titles: dict[int, str] = {}
        for outcome in db.session.scalars(select(Outcome)):
            self.outcomes[(outcome.mission_id, outcome.title.strip().lower())] = outcome
            self.outcome_titles[outcome.id] = outcome.title
        self.departments = {d.code.upper(): d for d in db.session.scalars(select(Department))}
        self.codes = {d.id: d.code for d in self.departments.values()}


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return restore_text(str(cell).strip())


def _date(cell: Cell, column: str) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowProblem(_("Enter the date as YYYY-MM-DD."), column) from None


def _int(cell: Cell, column: str) -> int | None:
    if isinstance(cell, bool):
        raise RowProblem(_("Enter a whole number."), column)
    if isinstance(cell, int | float) and float(cell).is_integer() and abs(cell) < 10**9:
        return int(cell)
    text = _text(cell)
    if not text:
        return None
    if not text.lstrip("-").isdigit() or len(text) > 9:
        raise RowProblem(_("Enter a whole number."), column)
    return int(text)


def _budget(cell: Cell) -> Decimal | None:
    if isinstance(cell, bool):
        raise RowProblem(_("Enter an amount, e.g. 1500000."), "budget")
    text = number_text(cell) if isinstance(cell, int | float) else _text(cell)
    if not text:
        return None
    try:
        amount = Decimal(number_text(parse_number(text))).quantize(CENT)
    except (ValueError, InvalidOperation):
        raise RowProblem(_("Enter an amount, e.g. 1500000."), "budget") from None
    if abs(amount) > MAX_BUDGET:
        raise RowProblem(_("Enter an amount of 0 or more."), "budget")
    return amount


def _weight(cell: Cell) -> float | None:
    text = (
        number_text(cell)
        if isinstance(cell, int | float) and not isinstance(cell, bool)
        else (_text(cell))
    )
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError as error:
        raise RowProblem(str(error), "weight") from None


def _partners(cell: Cell, lookups: Lookups) -> tuple[tuple[int, str], ...]:
    partners = []
    for part in _text(cell).split(";"):
        if not part.strip():
            continue
        code, _sep, role = part.partition(":")
        department = lookups.departments.get(code.strip().upper())
        if department is None:
            raise RowProblem(
                _("No department has the code %(code)s.", code=code.strip()[:20]), "partners"
            )
        if len(role.strip()) > 200:
            raise RowProblem(_("Keep each partner's role to 200 characters."), "partners")
        partners.append((department.id, role.strip()))
    return tuple(partners)


def _partner_labels(partners: tuple[tuple[int, str], ...], lookups: Lookups) -> str:
    return "; ".join(
        sorted(f"{lookups.codes.get(d, d)}:{role}" if role else str(lookups.codes.get(d, d))
               for d, role in partners)
    )  # fmt: skip


def partners_cell(partners: list[tuple[str, str]]) -> str:
    """Partners as the file writes them: 'CODE:role;CODE:role' (sorted by code)."""
    return ";".join(f"{code}:{role}" if role else code for code, role in sorted(partners))


def _positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = restore_text(raw.strip()).lower()
        if not name:
            continue
        if name in positions:
            raise FileRejected(_("The column %(name)s appears twice.", name=name[:60]))
        if name not in COLUMNS and name not in IGNORED:
            raise FileRejected(_("Unknown column %(name)s (see the export for the columns).",
                                 name=name[:60]))  # fmt: skip
        positions[name] = position
    if "external_id" not in positions and "id" not in positions:
        raise FileRejected(_("The file needs the column external_id."))
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise FileRejected(_("The file needs the columns %(names)s.", names=", ".join(missing)))
    return positions


def _load_existing(
    keys: set[str], ids: set[int]
) -> tuple[dict[str, Intervention], dict[int, Intervention]]:
    conditions = []
    if keys:
        conditions.append(Intervention.external_id.in_(sorted(keys)))
    if ids:
        conditions.append(Intervention.id.in_(sorted(ids)))
    if not conditions:
        return {}, {}
    stmt = (
        select(Intervention)
        .options(selectinload(Intervention.partners))
        .where(or_(*conditions))
        .execution_options(populate_existing=True)
    )
    found = list(db.session.scalars(stmt))
    return (
        {item.external_id: item for item in found if item.external_id},
        {item.id: item for item in found},
    )


def _read_row(
    cells: list[Cell], positions: dict[str, int], lookups: Lookups, current: Intervention | None
) -> InterventionData:
    def cell(name: str) -> Cell:
        position = positions.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    def given(name: str) -> bool:
        return name in positions

    slug = _text(cell("mission_slug")).lower()
    mission = lookups.missions.get(slug)
    if mission is None:
        raise RowProblem(_("No mission has the slug %(slug)s.", slug=slug[:80]), "mission_slug")
    outcome_id: int | None = None
    outcome_title = _text(cell("outcome_title"))
    if given("outcome_title") and outcome_title:
        outcome = lookups.outcomes.get((mission.id, outcome_title.lower()))
        if outcome is None:
            raise RowProblem(_("The mission has no outcome with this title."), "outcome_title")
        outcome_id = outcome.id
    elif not given("outcome_title") and current is not None:
        outcome_id = current.outcome_id
    code = _text(cell("lead_department_code")).upper()
    lead = lookups.departments.get(code)
    if lead is None:
        raise RowProblem(
            _("No department has the code %(code)s.", code=code[:20]), "lead_department_code"
        )

    def keep(name: str, read: Any, default: Any) -> Any:
        if given(name):
            return read
        return getattr(current, name) if current is not None else default

    stage = _text(cell("stage")).lower() if given("stage") else None
    cycle = (
        _int(cell("update_cycle_days"), "update_cycle_days") if given("update_cycle_days") else None
    )
    weight = _weight(cell("weight")) if given("weight") else None
    return InterventionData(
        mission_id=mission.id,
        outcome_id=outcome_id,
        lead_department_id=lead.id,
        external_id=_text(cell("external_id")) or (current.external_id if current else None),
        title=_text(cell("title")),
        summary=keep("summary", _text(cell("summary")), ""),
        stage=stage or (current.stage if current is not None else "explore"),
        start_date=keep("start_date", _date(cell("start_date"), "start_date"), None),
        end_date=keep("end_date", _date(cell("end_date"), "end_date"), None),
        budget=keep("budget", _budget(cell("budget")), None),
        age_min=keep("age_min", _int(cell("age_min"), "age_min"), None),
        age_max=keep("age_max", _int(cell("age_max"), "age_max"), None),
        update_cycle_days=cycle or (current.update_cycle_days if current is not None else 90),
        weight=weight if weight is not None else (current.weight if current is not None else 1.0),
        partners=(
            _partners(cell("partners"), lookups)
            if given("partners")
            else tuple((p.department_id, p.role) for p in current.partners)
            if current
            else ()
        ),
    )


def _display(name: str, value: Any, lookups: Lookups) -> str:
    if value is None or value == "":
        return "–"
    if name == "mission_id":
        return lookups.mission_slugs.get(value, str(value))
    if name == "outcome_id":
        return lookups.outcome_titles.get(value, str(value))
    if name == "lead_department_id":
        return lookups.codes.get(value, str(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def _differences(
    current: Intervention, data: InterventionData, lookups: Lookups
) -> list[tuple[str, str, str]]:
    changes = []
    for name, new in data.columns().items():
        old = getattr(current, name)
        if isinstance(old, Decimal) and new is not None:
            same = old == Decimal(new)
        elif isinstance(old, str) and isinstance(new, str):
            same = same_text(old, new)
        else:
            same = old == new
        if not same:
            column = FIELD_COLUMNS.get(name, name)
            changes.append((column, _display(name, old, lookups), _display(name, new, lookups)))
    old_partners = tuple(sorted((p.department_id, p.role) for p in current.partners))
    if old_partners != tuple(sorted(data.partners)):
        changes.append(
            ("partners", _partner_labels(old_partners, lookups) or "–",
             _partner_labels(data.partners, lookups) or "–")
        )  # fmt: skip
    return changes


def _error(row: int, error: DomainError) -> RowError:
    column = FIELD_COLUMNS.get(error.field or "", error.field or "")
    return RowError(row, column, error.message)


def plan_interventions(table: Table, actor: Any) -> InterventionPlan:
    """Read, compare and dry-run every row: nothing stays written."""
    positions = _positions(table.header)
    lookups = Lookups()
    raw_rows = list(table.rows)
    plan = InterventionPlan()

    def key_of(cells: list[Cell], name: str) -> str:
        position = positions.get(name)
        return _text(cells[position]) if position is not None and position < len(cells) else ""

    keys = {key_of(cells, "external_id") for _n, cells in raw_rows} - {""}
    ids = {int(v) for _n, cells in raw_rows if (v := key_of(cells, "id")).isdigit() and len(v) < 10}
    by_key, by_id = _load_existing(keys, ids)
    seen: dict[str, int] = {}
    for number, cells in raw_rows:
        key, id_text = key_of(cells, "external_id"), key_of(cells, "id")
        try:
            if len(key) > 64:
                raise RowProblem(_("Keep the external ID to 64 characters."), "external_id")
            current = by_key.get(key) if key else None
            if current is None and id_text:
                current = (
                    by_id.get(int(id_text)) if id_text.isdigit() and len(id_text) < 10 else None
                )
                if current is None:
                    raise RowProblem(_("No intervention has the id %(id)s.", id=id_text[:20]), "id")
            if current is None and not key:
                raise RowProblem(_("Give each new intervention an external ID."), "external_id")
            identity = f"id:{current.id}" if current is not None else f"key:{key}"
            if identity in seen:
                raise RowProblem(
                    _("Row %(row)d already imports this intervention.", row=seen[identity]),
                    "external_id",
                )
            seen[identity] = number
            if current is not None and not authorize(actor, Action.EDIT_INTERVENTION, current):
                raise RowProblem(
                    _("You can only change your department's interventions."),
                    "lead_department_code",
                )
            data = _read_row(cells, positions, lookups, current)
        except DomainError as error:
            plan.errors.append(_error(number, error))
            continue
        if current is None:
            plan.rows.append(InterventionRow(number, "create", data))
            continue
        changes = _differences(current, data, lookups)
        plan.rows.append(
            InterventionRow(number, "change" if changes else "unchanged", data, current.id,
                            current.version, changes)
        )  # fmt: skip
    _dry_run(plan, actor)
    plan.errors.sort(key=lambda error: error.row)
    return plan


def _load_for_save(intervention_id: int | None) -> Intervention | None:
    if intervention_id is None:
        return None
    return db.session.scalar(
        select(Intervention)
        .options(selectinload(Intervention.partners))
        .where(Intervention.id == intervention_id)
        .execution_options(populate_existing=True)
    )


def _dry_run(plan: InterventionPlan, actor: Any) -> None:
    """Save each row to change inside a SAVEPOINT that is always rolled back."""
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        savepoint = db.session.begin_nested()
        try:
            current = _load_for_save(row.intervention_id)
            save_intervention(current, row.data, expected_version=row.version, actor=actor)
        except DomainError as error:
            plan.errors.append(_error(row.row, error))
        except EditConflict:
            plan.errors.append(RowError(row.row, "id", _("Someone changed this intervention.")))
        finally:
            savepoint.rollback()


def apply_interventions(plan: InterventionPlan, actor: Any) -> int:
    """Save every row to create or change (flush, never commit); all or nothing.

    Raises ImportRejected (from measurements) on errors and EditConflict when a row moved.
    """
    from app.transfer.measurements import ImportRejected

    if plan.errors:
        raise ImportRejected(plan.errors)
    count = 0
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        current = _load_for_save(row.intervention_id)
        if row.intervention_id is not None and current is None:
            raise EditConflict(obj=None, theirs={}, mine={"title": row.data.title})
        try:
            save_intervention(current, row.data, expected_version=row.version, actor=actor)
        except DomainError as error:
            raise ImportRejected([_error(row.row, error)]) from None
        count += 1
    return count
