"""Planning an import: what it would add, change, leave alone or refuse, row by row.

Decisions:

* A plan compares checked rows (from ``app.transfer.readers``) with the stored data and writes
  nothing: it is what the preview shows, with every error's row and column, and what the
  confirm step applies (``app.transfer.applying``), all or nothing.
* ``digest()`` is a SHA-256 over exactly what would be written; the confirm step recomputes the
  plan from the same file and applies it only when the digest is the one previewed.
* Measurements: a value with no stored value for its indicator, period and breakdown is added;
  one that differs in value, status or note is a change (old -> new); the same key twice in a
  file is an error on the second row.
* Interventions: every rule is the service's. Each row to create or change is checked with
  ``app.interventions.services.check_intervention`` (what ``save_intervention`` runs before it
  writes) against what those rules read, loaded once for the whole file; the DomainError it
  raises becomes the row's error in the preview. The preview writes nothing (no SAVEPOINT, no
  write lock on SQLite while a big file is read); confirm saves the same rows for real (each
  audited by the service). Columns missing from the file keep the stored values (new
  interventions get the defaults).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.errors import DomainError
from app.extensions import db
from app.interventions.services import InterventionData, InterventionFacts, check_intervention
from app.measurements.values import attributes_text
from app.models import Indicator, Intervention, Measurement
from app.permissions import Action, authorize
from app.routing import is_row_id
from app.tabular import Table, number_text, same_text
from app.transfer.readers.cells import CellError, RowError
from app.transfer.readers.interventions import (
    FIELD_COLUMNS,
    InterventionRecord,
    Lookups,
    outside_partners_cell,
    read_interventions,
    row_error,
)
from app.transfer.readers.measurements import Catalogue, IncomingValue, Reading
from app.translating import field_key

# ---- measurements ----


@dataclass(frozen=True, slots=True)
class Change:
    """A stored value that the import corrects: old and new (value, status, note)."""

    row: int
    measurement_id: int
    version: int
    indicator_id: int
    period: date
    breakdown: str
    old: tuple[float, str, str]
    new: tuple[float, str, str]
    # The value's attributes (Open SDG columns that describe it): stored and new; None when
    # the import does not give any (the stored ones are kept).
    old_attributes: dict[str, Any] | None = None
    new_attributes: dict[str, Any] | None = None

    @property
    def changed_fields(self) -> list[tuple[str, str, str]]:
        """(field, old, new) for each field that changes, written in full so that any change
        shows (never "190 -> 190")."""
        fields = []
        if self.old[0] != self.new[0]:
            fields.append(("value", number_text(self.old[0]), number_text(self.new[0])))
        if self.old[1] != self.new[1]:
            fields.append(("status", str(self.old[1]), str(self.new[1])))
        if not same_text(self.old[2], self.new[2]):
            fields.append(("source_note", self.old[2] or "–", self.new[2] or "–"))
        if self.new_attributes is not None and (self.old_attributes or {}) != self.new_attributes:
            fields.append(
                ("attributes", attributes_text(self.old_attributes) or "–",
                 attributes_text(self.new_attributes) or "–")
            )  # fmt: skip
        return fields


@dataclass
class MeasurementPlan:
    """What an import would do; nothing is written until apply_plan."""

    adds: list[IncomingValue] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    indicators: dict[int, Indicator] = field(default_factory=dict)
    unchanged_by_indicator: Counter[int] = field(default_factory=Counter)
    # What the reading found, for the preview (app.transfer.readers.measurements.Reading).
    duplicates: int = 0
    without_period: int = 0
    encoding: str = ""
    series: dict[str, int] = field(default_factory=dict)
    attribute_columns: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """The file gave no value at all (only a header, or only rows without values)."""
        return not (self.adds or self.changes or self.unchanged or self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_work(self) -> bool:
        return bool(self.adds or self.changes)

    def digest(self) -> str:
        """SHA-256 over exactly what apply_plan would write (order included)."""
        hasher = hashlib.sha256()
        for item in self.adds:
            hasher.update(
                json.dumps(["add", item.indicator_id, item.period.isoformat(), item.breakdown,
                            repr(item.value), item.status, item.source_note, item.attributes],
                           sort_keys=True).encode()
            )  # fmt: skip
        for change in self.changes:
            hasher.update(
                json.dumps(["change", change.measurement_id, change.version, repr(change.new[0]),
                            change.new[1], change.new[2], change.new_attributes],
                           sort_keys=True).encode()
            )  # fmt: skip
        return hasher.hexdigest()

    def counts_by_indicator(self) -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = defaultdict(
            lambda: {"added": 0, "changed": 0, "unchanged": 0}
        )
        for item in self.adds:
            counts[item.indicator_id]["added"] += 1
        for change in self.changes:
            counts[change.indicator_id]["changed"] += 1
        for indicator_id, number in self.unchanged_by_indicator.items():
            counts[indicator_id]["unchanged"] += number
        return dict(counts)


def _stored(indicator_ids: Iterable[int]) -> dict[tuple[int, str, date], tuple[Any, ...]]:
    ids = sorted(set(indicator_ids))
    stored: dict[tuple[int, str, date], tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):
        stmt = select(
            Measurement.indicator_id, Measurement.breakdown, Measurement.period, Measurement.id,
            Measurement.version, Measurement.value, Measurement.status, Measurement.source_note,
            Measurement.attributes,
        ).where(Measurement.indicator_id.in_(ids[start : start + 500]))  # fmt: skip
        for row in db.session.execute(stmt):
            stored[(row[0], row[1], row[2])] = tuple(row[3:])
    return stored


def plan_values(reading: Reading, catalogue: Catalogue) -> MeasurementPlan:
    """Compare checked values with the stored ones: what to add, change, leave alone."""
    plan = MeasurementPlan(
        errors=list(reading.errors), skipped=reading.skipped, duplicates=reading.duplicates,
        without_period=reading.without_period, encoding=reading.encoding,
        series=dict(reading.series), attribute_columns=list(reading.attribute_columns),
    )  # fmt: skip
    first_row: dict[tuple[int, str, date], int] = {}
    unique: list[IncomingValue] = []
    for item in reading.values:
        key = (item.indicator_id, item.breakdown, item.period)
        if key in first_row:
            plan.errors.append(
                RowError(item.row, "period", _(
                    "Row %(row)d already gives a value for this indicator, period and breakdown.",
                    row=first_row[key]))
            )  # fmt: skip
            continue
        first_row[key] = item.row
        unique.append(item)
    plan.errors.sort(key=lambda error: error.row)
    stored = _stored(item.indicator_id for item in unique)
    for item in unique:
        plan.indicators[item.indicator_id] = catalogue.by_id[item.indicator_id]
        current = stored.get((item.indicator_id, item.breakdown, item.period))
        if current is None:
            plan.adds.append(item)
            continue
        measurement_id, version, value, status, note, attributes = current
        new = (
            item.value,
            status if item.status is None else item.status,
            note if item.source_note is None else item.source_note,
        )
        same_attributes = item.attributes is None or (attributes or {}) == item.attributes
        if new[:2] == (value, status) and same_text(note, new[2]) and same_attributes:
            plan.unchanged += 1
            plan.unchanged_by_indicator[item.indicator_id] += 1
            continue
        plan.changes.append(
            Change(item.row, measurement_id, version, item.indicator_id, item.period,
                   item.breakdown, (value, status, note), new, attributes,
                   None if same_attributes else item.attributes)
        )  # fmt: skip
    return plan


# ---- interventions ----


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
                            [list(p) for p in row.data.partners],
                            [list(p) for p in row.data.outside_partners],
                            row.data.translations], sort_keys=True).encode()
            )  # fmt: skip
        return hasher.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def load_interventions(ids: set[int]) -> dict[int, Intervention]:
    """Stored interventions with their partners, fresh from the database, by id."""
    return _load_existing(set(), ids)[1]


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
        .options(selectinload(Intervention.partners), selectinload(Intervention.outside_partners))
        .where(or_(*conditions))
        .execution_options(populate_existing=True)
    )
    found = list(db.session.scalars(stmt))
    return (
        {item.external_id: item for item in found if item.external_id},
        {item.id: item for item in found},
    )


def _data(record: InterventionRecord, current: Intervention | None) -> InterventionData:
    """What the row would save: the file's fields, the stored (or default) ones for the rest."""
    given = record.values

    def keep(name: str, default: Any) -> Any:
        if name in given:
            return given[name]
        return getattr(current, name) if current is not None else default

    stage, cycle, weight = given.get("stage"), given.get("update_cycle_days"), given.get("weight")
    return InterventionData(
        mission_id=given["mission_id"],
        outcome_id=keep("outcome_id", None),
        lead_department_id=given["lead_department_id"],
        external_id=record.external_id or (current.external_id if current else None),
        title=given["title"],
        summary=keep("summary", ""),
        stage=stage or (current.stage if current is not None else "explore"),
        start_date=keep("start_date", None),
        end_date=keep("end_date", None),
        budget=keep("budget", None),
        age_min=keep("age_min", None),
        age_max=keep("age_max", None),
        update_cycle_days=cycle or (current.update_cycle_days if current is not None else 90),
        weight=weight if weight is not None else (current.weight if current is not None else 1.0),
        partners=(
            given["partners"]
            if "partners" in given
            else tuple((p.department_id, p.role) for p in current.partners)
            if current
            else ()
        ),
        translations=given.get("translations", {}),
        outside_partners=(
            given["outside_partners"]
            if "outside_partners" in given
            else _stored_outside(current)
            if current
            else ()
        ),
        contact_name=current.contact_name if current else "",
        contact_email=current.contact_email if current else "",
        contact_phone=current.contact_phone if current else "",
    )


def _stored_outside(current: Intervention) -> tuple[tuple[str, str, str], ...]:
    return tuple((p.name, str(p.kind), p.role) for p in current.outside_partners)


def _outside_key(rows: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    return sorted((name.strip().casefold(), kind, role.strip()) for name, kind, role in rows)


def _partner_labels(partners: tuple[tuple[int, str], ...], lookups: Lookups) -> str:
    return "; ".join(
        sorted(f"{lookups.codes.get(d, d)}:{role}" if role else str(lookups.codes.get(d, d))
               for d, role in partners)
    )  # fmt: skip


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
    stored = current.translations or {}
    for lang, texts in data.translations.items():
        for name, new_text in texts.items():
            old_text = (stored.get(lang) or {}).get(name) or ""
            if not same_text(old_text, new_text or ""):
                changes.append((field_key(name, lang), old_text or "–", new_text or "–"))
    old_partners = tuple(sorted((p.department_id, p.role) for p in current.partners))
    if old_partners != tuple(sorted(data.partners)):
        changes.append(
            ("partners", _partner_labels(old_partners, lookups) or "–",
             _partner_labels(data.partners, lookups) or "–")
        )  # fmt: skip
    old_outside = _stored_outside(current)
    if _outside_key(old_outside) != _outside_key(data.outside_partners):
        changes.append(
            ("outside_partners", outside_partners_cell(list(old_outside)) or "–",
             outside_partners_cell(list(data.outside_partners)) or "–")
        )  # fmt: skip
    return changes


def plan_interventions(table: Table, actor: Any) -> InterventionPlan:
    """Read, match, compare and dry-run every row of an intervention file: nothing stays written.

    A row is matched by external_id; a row without one may name an existing intervention by id
    (what the export writes), so an export imports back unchanged. A row with neither is
    refused: creating without a key would duplicate the intervention on every re-import.
    Department leads may change only their department's interventions.
    """
    reading = read_interventions(table)
    plan = InterventionPlan()
    records = reading.records
    keys = {record.external_id for record in records} - {""}
    ids = {int(r.id_text) for r in records if is_row_id(r.id_text)}
    by_key, by_id = _load_existing(keys, ids)
    seen: dict[str, int] = {}
    for record in records:
        key, id_text = record.external_id, record.id_text
        try:
            if len(key) > 64:
                raise CellError(_("Keep the external ID to 64 characters."), "external_id")
            current = by_key.get(key) if key else None
            if current is None and id_text:
                current = by_id.get(int(id_text)) if is_row_id(id_text) else None
                if current is None:
                    raise CellError(_("No intervention has the id %(id)s.", id=id_text[:20]), "id")
            if current is None and not key:
                raise CellError(_("Give each new intervention an external ID."), "external_id")
            identity = f"id:{current.id}" if current is not None else f"key:{key}"
            if identity in seen:
                raise CellError(
                    _("Row %(row)d already imports this intervention.", row=seen[identity]),
                    "external_id",
                )
            seen[identity] = record.row
            if current is not None and not authorize(actor, Action.EDIT_INTERVENTION, current):
                raise CellError(
                    _("You can only change your department's interventions."),
                    "lead_department_code",
                )
            if record.problem is not None:
                raise record.problem
            data = _data(record, current)
        except DomainError as error:
            plan.errors.append(row_error(record.row, error))
            continue
        if current is None:
            plan.rows.append(InterventionRow(record.row, "create", data))
            continue
        changes = _differences(current, data, reading.lookups)
        plan.rows.append(
            InterventionRow(record.row, "change" if changes else "unchanged", data, current.id,
                            current.version, changes)
        )  # fmt: skip
    _check_rows(plan, by_id, actor)
    plan.errors.sort(key=lambda error: error.row)
    return plan


def _check_rows(plan: InterventionPlan, currents: dict[int, Intervention], actor: Any) -> None:
    """Check each row to create or change with the service's rules (``check_intervention``),
    against facts read once for the whole file: the rule's DomainError becomes the row's error
    in the preview. Nothing is written, so a preview holds no write lock however long it is."""
    saves = [
        (currents.get(row.intervention_id) if row.intervention_id is not None else None, row)
        for row in plan.rows
        if row.action != "unchanged"
    ]
    facts = InterventionFacts.load((current, row.data) for current, row in saves)
    for current, row in saves:
        try:
            check_intervention(current, row.data, actor=actor, facts=facts)
        except DomainError as error:
            plan.errors.append(row_error(row.row, error))
