"""Applying a plan: writing what the preview showed, in the caller's one transaction.

Decisions:

* Nothing is committed here (the view or command commits once). A plan with errors raises
  ImportRejected; a stored row that moved since it was planned raises EditConflict; the caller
  rolls back, so nothing is written.
* Audit: every changed measurement gets its own 'update' event with the old value (through
  ``app.editing.update``, which also checks its version); added values, which may be tens of
  thousands, are inserted in chunks with Core and recorded by one 'import' event per indicator
  with the counts and the file's name and SHA-256, as the demo seed does. Re-importing the same
  file changes nothing and writes no event. Interventions are saved through their service, which
  audits each one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select

from app import editing
from app.database import check_columns
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.interventions.services import (
    InterventionFacts,
    check_intervention,
    create_interventions,
    save_intervention,
)
from app.models import AuditEvent, Measurement
from app.models.base import table_of
from app.models.enums import MeasurementStatus
from app.transfer.planning import (
    Change,
    InterventionPlan,
    InterventionRow,
    MeasurementPlan,
    load_interventions,
)
from app.transfer.readers.cells import RowError
from app.transfer.readers.interventions import row_error

INSERT_CHUNK = 5000


class ImportRejected(Exception):
    """A plan with errors was asked to be applied; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows cannot be imported")
        self.errors = errors


# ---- measurements ----


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def apply_plan(plan: MeasurementPlan, *, actor_id: int | None, source: dict[str, Any]) -> int:
    """Write the plan (flush, never commit); returns how many values were added or changed.

    Raises ImportRejected when the plan has errors and EditConflict when a value to change
    moved since it was planned; nothing is written then (the caller rolls back).
    """
    if plan.errors:
        raise ImportRejected(plan.errors)
    if not plan.has_work:
        return 0
    table = table_of(Measurement)
    rows = [
        {"indicator_id": item.indicator_id, "period": item.period, "breakdown": item.breakdown,
         "value": item.value, "status": item.status or MeasurementStatus.FINAL.value,
         "source_note": item.source_note or "", "entered_by_id": actor_id,
         "attributes": item.attributes or None}
        for item in plan.adds
    ]  # fmt: skip
    for row in rows:  # Core inserts pass no flush guard: the storage policy is checked here
        check_columns(Measurement, row)
    for chunk in _chunks(rows, INSERT_CHUNK):
        db.session.execute(insert(table), chunk)
    _apply_changes(plan.changes, actor_id)
    db.session.add_all(
        AuditEvent(actor_id=actor_id, entity_type="Indicator", entity_id=indicator_id,
                   action="import", old_values=None, new_values={**counts, **source})
        for indicator_id, counts in sorted(plan.counts_by_indicator().items())
        if counts["added"] or counts["changed"]
    )  # fmt: skip
    db.session.flush()
    return len(plan.adds) + len(plan.changes)


def _apply_changes(changes: list[Change], actor_id: int | None) -> None:
    ids = [change.measurement_id for change in changes]
    found: dict[int, Measurement] = {}
    for start in range(0, len(ids), 500):
        stmt = select(Measurement).where(Measurement.id.in_(ids[start : start + 500]))
        found.update((m.id, m) for m in db.session.scalars(stmt))
    for change in changes:
        measurement = found.get(change.measurement_id)
        mine: dict[str, Any] = {
            "value": change.new[0],
            "status": change.new[1],
            "source_note": change.new[2],
        }
        if change.new_attributes is not None:
            mine["attributes"] = change.new_attributes
        if measurement is None:
            raise EditConflict(obj=None, theirs={}, mine=mine)
        editing.update(measurement, mine, expected_version=change.version, actor_id=actor_id)


# ---- interventions ----


def apply_interventions(plan: InterventionPlan, actor: Any) -> int:
    """Save every row to create or change through the service (flush, never commit).

    New interventions are created together (``create_interventions``), changed ones saved one by
    one; the stored interventions and what the service's rules read are loaded once for the
    whole plan, so the write transaction stays short. All or nothing: raises ImportRejected on
    errors and EditConflict when a row moved.
    """
    if plan.errors:
        raise ImportRejected(plan.errors)
    rows = [row for row in plan.rows if row.action != "unchanged"]
    currents = load_interventions({r.intervention_id for r in rows if r.intervention_id})
    saves = [(currents.get(row.intervention_id or 0), row) for row in rows]
    facts = InterventionFacts.load((current, row.data) for current, row in saves)
    new = [row for row in rows if row.intervention_id is None]
    try:
        create_interventions([row.data for row in new], actor=actor, facts=facts)
    except DomainError as error:  # the data moved since the plan: find the row it names
        raise ImportRejected([row_error(_first_refused(new, actor, facts), error)]) from None
    for current, row in saves:
        if row.intervention_id is None:
            continue
        if current is None:
            raise EditConflict(obj=None, theirs={}, mine={"title": row.data.title})
        try:
            save_intervention(
                current, row.data, expected_version=row.version, actor=actor, facts=facts
            )
        except DomainError as error:
            raise ImportRejected([row_error(row.row, error)]) from None
    return len(saves)


def _first_refused(rows: list[InterventionRow], actor: Any, facts: InterventionFacts) -> int:
    for row in rows:
        try:
            check_intervention(None, row.data, actor=actor, facts=facts)
        except DomainError:
            return row.row
    return rows[0].row if rows else 0
