"""The open datasets: their Table Schemas and the published rows behind them.

Only published, unarchived content of published missions is included. Breakdown values of
sensitive indicators below the small-number threshold are withheld (empty value, withheld=true),
with the same secondary suppression as the pages. Rows hold plain values: the CSV writer
(``app.tabular.csv_chunks``) neutralises text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import (
    BudgetLine,
    Department,
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Mission,
    Outcome,
    ProgressUpdate,
)
from app.privacy import suppress_breakdowns
from app.reporting.visibility import (
    indicator_is_public,
    intervention_is_public,
    learning_entry_is_public,
    mission_is_public,
    outcome_is_public,
    public_indicator_ids,
    update_is_public,
)


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, **extra}


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: list[dict[str, Any]]
    primary_key: list[str] | None
    foreign_keys: list[dict[str, Any]]
    rows: Callable[[int], Iterator[list[Any]]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": self.fields, "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return schema


def _iso(value: date | datetime | None) -> str:
    return "" if value is None else value.isoformat()


def _missions(_threshold: int) -> Iterator[list[Any]]:
    stmt = select(Mission).where(mission_is_public()).order_by(Mission.id)
    for m in db.session.scalars(stmt):
        yield [m.id, m.slug, m.title, m.north_star,
               m.target_population, m.age_min, m.age_max, m.start_year,
               m.horizon_year, m.status, str(m.illustrative).lower(),
               _iso(m.published_at)]  # fmt: skip


def _outcomes(_threshold: int) -> Iterator[list[Any]]:
    stmt = (
        select(Outcome)
        .where(outcome_is_public())
        .order_by(Outcome.mission_id, Outcome.position, Outcome.id)
    )
    for o in db.session.scalars(stmt):
        yield [o.id, o.mission_id, o.title, o.description, o.position]


def _departments(_threshold: int) -> Iterator[list[Any]]:
    for d in db.session.scalars(select(Department).order_by(Department.id)):
        yield [d.id, d.code, d.name, d.colour]


def _interventions(_threshold: int) -> Iterator[list[Any]]:
    stmt = select(Intervention).where(intervention_is_public()).order_by(Intervention.id)
    for i in db.session.scalars(stmt):
        yield [i.id, i.mission_id, i.outcome_id, i.lead_department_id, i.title,
               i.summary, i.stage, _iso(i.start_date), _iso(i.end_date),
               "" if i.budget is None else str(i.budget), i.age_min, i.age_max,
               str(i.illustrative).lower()]  # fmt: skip


def _budget_lines(_threshold: int) -> Iterator[list[Any]]:
    stmt = (
        select(BudgetLine.intervention_id, BudgetLine.year, BudgetLine.department_id,
               BudgetLine.amount)
        .join(Intervention, Intervention.id == BudgetLine.intervention_id)
        .where(intervention_is_public())
        .order_by(BudgetLine.intervention_id, BudgetLine.year, BudgetLine.department_id)
    )  # fmt: skip
    for intervention_id, year, department_id, amount in db.session.execute(stmt):
        yield [intervention_id, year, department_id, str(amount)]


def _indicators(_threshold: int) -> Iterator[list[Any]]:
    stmt = select(Indicator).where(indicator_is_public()).order_by(Indicator.id)
    for i in db.session.scalars(stmt):
        yield [i.id, i.mission_id, i.outcome_id, i.department_id, i.code or "",
               i.title, i.definition, i.unit, i.direction,
               i.frequency, i.level, i.baseline_value, _iso(i.baseline_period), i.target_value,
               _iso(i.target_period), i.limit_value, i.source,
               str(i.sensitive).lower(), str(i.illustrative).lower()]  # fmt: skip


def _measurements(threshold: int) -> Iterator[list[Any]]:
    return measurement_rows(threshold)


def measurement_rows(threshold: int, indicator_id: int | None = None) -> Iterator[list[Any]]:
    """The measurements dataset's rows (small breakdown values withheld), of every public
    indicator or of one (its own download; nothing when it is not public)."""
    stmt = (
        select(
            Measurement.indicator_id,
            Indicator.sensitive,
            Measurement.period,
            Measurement.breakdown,
            Measurement.value,
            Measurement.status,
            Measurement.source_note,
            Measurement.attributes,
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Measurement.indicator_id.in_(public_indicator_ids()))
        .order_by(Measurement.indicator_id, Measurement.breakdown, Measurement.period)
    )
    if indicator_id is not None:
        stmt = stmt.where(Measurement.indicator_id == indicator_id)
    # Rows arrive grouped by indicator; suppression needs one indicator's breakdowns at once.
    current: int | None = None
    rows: list[tuple[Any, ...]] = []
    for row in db.session.execute(stmt):
        if row[0] != current and rows:
            yield from _suppressed(rows, threshold)
            rows = []
        current = row[0]
        rows.append(tuple(row))
    if rows:
        yield from _suppressed(rows, threshold)


def _suppressed(rows: list[tuple[Any, ...]], threshold: int) -> Iterator[list[Any]]:
    sensitive = bool(rows[0][1])
    breakdowns: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for _id, _s, period, breakdown, value, _status, _note, _attributes in rows:
        if breakdown:
            breakdowns[breakdown].append((period, value))
    shown, _ = suppress_breakdowns(breakdowns, sensitive, threshold)
    withheld = {(key, p.period) for key, points in shown.items() for p in points if p.withheld}
    for indicator_id, _s, period, breakdown, value, status, note, attributes in rows:
        hidden = (breakdown, period) in withheld
        yield [indicator_id, period.isoformat(), breakdown, "" if hidden else value,
               str(hidden).lower(), status, note, _attributes_json(attributes)]  # fmt: skip


def _attributes_json(attributes: dict[str, Any] | None) -> str:
    """A value's attributes as the source file gave them (observation status, unit multiplier,
    the full period label such as 2014-16), as a JSON object; empty when it has none."""
    return json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else ""


def _updates(_threshold: int) -> Iterator[list[Any]]:
    stmt = (
        select(ProgressUpdate)
        .where(update_is_public())
        .order_by(ProgressUpdate.intervention_id, ProgressUpdate.reported_on)
    )
    for u in db.session.scalars(stmt):
        yield [u.id, u.intervention_id, u.reported_on.isoformat(), u.status,
               u.summary, u.next_steps, u.blockers]  # fmt: skip


def _learning_log(_threshold: int) -> Iterator[list[Any]]:
    stmt = (
        select(LearningEntry, Intervention.title)
        .join(Intervention, Intervention.id == LearningEntry.intervention_id)
        .where(learning_entry_is_public())
        .order_by(LearningEntry.intervention_id, LearningEntry.entered_on, LearningEntry.id)
    )
    for e, intervention_title in db.session.execute(stmt):
        yield [e.id, e.intervention_id, intervention_title, e.kind, e.entered_on.isoformat(),
               e.title, e.body, e.decision or "", e.from_stage or "", e.to_stage or ""]  # fmt: skip


def _fk(field: str, resource: str) -> dict[str, Any]:
    return {"fields": [field], "reference": {"resource": resource, "fields": ["id"]}}


DATASETS: list[Dataset] = [
    Dataset("missions", "Missions", "Published missions and their North Stars.", [
        _field("id", "integer", "Mission id", constraints={"required": True}),
        _field("slug", "string", "Short name used in addresses"),
        _field("title", "string", "Title"),
        _field("north_star", "string", "The North Star statement"),
        _field("target_population", "string", "Who the mission is for"),
        _field("age_min", "integer", "Youngest age of the target population"),
        _field("age_max", "integer", "Oldest age of the target population"),
        _field("start_year", "integer", "First year"),
        _field("horizon_year", "integer", "Year the North Star should be reached"),
        _field("status", "string", "draft, active, paused, achieved or retired"),
        _field("illustrative", "boolean", "true for illustrative (demo) content"),
        _field("published_at", "datetime", "When it was published"),
    ], ["id"], [], _missions),
    Dataset("outcomes", "Outcomes", "Result areas inside each mission.", [
        _field("id", "integer", "Outcome id", constraints={"required": True}),
        _field("mission_id", "integer", "Mission id"),
        _field("title", "string", "Title"),
        _field("description", "string", "Description"),
        _field("position", "integer", "Order within the mission"),
    ], ["id"], [_fk("mission_id", "missions")], _outcomes),
    Dataset("departments", "Departments", "City departments.", [
        _field("id", "integer", "Department id", constraints={"required": True}),
        _field("code", "string", "Short code"),
        _field("name", "string", "Name"),
        _field("colour", "string", "Colour used in charts"),
    ], ["id"], [], _departments),
    Dataset("interventions", "Interventions", "Published interventions of each mission.", [
        _field("id", "integer", "Intervention id", constraints={"required": True}),
        _field("mission_id", "integer", "Mission id"),
        _field("outcome_id", "integer", "Outcome id, if any"),
        _field("lead_department_id", "integer", "Lead department id"),
        _field("title", "string", "Title"),
        _field("summary", "string", "Summary"),
        _field("stage", "string", "explore, test, scale, sustain or stopped"),
        _field("start_date", "date", "Start date"),
        _field("end_date", "date", "End date"),
        _field("budget_isk", "number", "Budget in Icelandic krónur"),
        _field("age_min", "integer", "Youngest age served"),
        _field("age_max", "integer", "Oldest age served"),
        _field("illustrative", "boolean", "true for illustrative (demo) content"),
    ], ["id"], [
        _fk("mission_id", "missions"), _fk("outcome_id", "outcomes"),
        _fk("lead_department_id", "departments"),
    ], _interventions),
    Dataset("budget_lines", "Budget lines",
            "Each published intervention's budget by year and funding department.", [
        _field("intervention_id", "integer", "Intervention id", constraints={"required": True}),
        _field("year", "integer", "Budget year", constraints={"required": True}),
        _field("department_id", "integer", "Funding department id",
               constraints={"required": True}),
        _field("amount_isk", "number", "Amount in Icelandic krónur",
               constraints={"required": True, "minimum": 0}),
    ], ["intervention_id", "year", "department_id"], [
        _fk("intervention_id", "interventions"), _fk("department_id", "departments"),
    ], _budget_lines),
    Dataset("indicators", "Indicators", "Published indicators with baselines and targets.", [
        _field("id", "integer", "Indicator id", constraints={"required": True}),
        _field("mission_id", "integer", "Mission id"),
        _field("outcome_id", "integer", "Outcome id, if any"),
        _field("department_id", "integer", "Owning department id"),
        _field("code", "string", "Code"),
        _field("title", "string", "Title"),
        _field("definition", "string", "Definition"),
        _field("unit", "string", "Unit"),
        _field("direction", "string", "increase or decrease: which way is better"),
        _field("frequency", "string", "monthly, quarterly or yearly"),
        _field("level", "string", "mission_outcome or intervention_output"),
        _field("baseline_value", "number", "Baseline value"),
        _field("baseline_period", "date", "Baseline period (first day)"),
        _field("target_value", "number", "Target value"),
        _field("target_period", "date", "Target date"),
        _field("limit_value", "number", "Natural limit, e.g. 100 for a percentage"),
        _field("source", "string", "Source"),
        _field("sensitive", "boolean", "true when small breakdown values are withheld"),
        _field("illustrative", "boolean", "true for illustrative (demo) content"),
    ], ["id"], [
        _fk("mission_id", "missions"), _fk("outcome_id", "outcomes"),
        _fk("department_id", "departments"),
    ], _indicators),
    Dataset("measurements", "Measurements", "Indicator values by period and breakdown.", [
        _field("indicator_id", "integer", "Indicator id", constraints={"required": True}),
        _field("period", "date", "First day of the period", constraints={"required": True}),
        _field("breakdown", "string", "Breakdown, e.g. district=Breiðholt; empty for the total"),
        _field("value", "number", "Value; empty when withheld"),
        _field("withheld", "boolean", "true when withheld to protect privacy"),
        _field("status", "string", "provisional or final"),
        _field("source_note", "string", "Note on the source"),
        _field("attributes", "string", "The value's attributes as the source file gave them "
               "(observation status, unit multiplier, the full period label), a JSON object"),
    ], None, [_fk("indicator_id", "indicators")], _measurements),
    Dataset("updates", "Status reports", "Published progress updates on interventions.", [
        _field("id", "integer", "Update id", constraints={"required": True}),
        _field("intervention_id", "integer", "Intervention id"),
        _field("reported_on", "date", "Date of the report"),
        _field("status", "string", "on_track, at_risk or off_track"),
        _field("summary", "string", "What happened"),
        _field("next_steps", "string", "Next steps"),
        _field("blockers", "string", "Blockers"),
    ], ["id"], [_fk("intervention_id", "interventions")], _updates),
    Dataset("learning_log", "Learning log",
            "Published learning-log entries of published interventions: hypotheses, tests, "
            "results and decisions, with the stage moves decided.", [
        _field("id", "integer", "Entry id", constraints={"required": True}),
        _field("intervention_id", "integer", "Intervention id", constraints={"required": True}),
        _field("intervention_title", "string", "Title of the intervention"),
        _field("kind", "string", "hypothesis, test, result or decision"),
        _field("entered_on", "date", "Date of the entry"),
        _field("title", "string", "Title"),
        _field("body", "string", "What was expected, tried, seen or decided"),
        _field("decision", "string", "scale, adapt, continue or stop; empty unless a decision"),
        _field("from_stage", "string", "The stage the decision moved the intervention from; "
               "empty when it moved none"),
        _field("to_stage", "string", "The stage the decision moved the intervention to "
               "(test, scale, sustain or stopped); empty when it moved none"),
    ], ["id"], [_fk("intervention_id", "interventions")], _learning_log),
]  # fmt: skip

BY_NAME = {dataset.name: dataset for dataset in DATASETS}
