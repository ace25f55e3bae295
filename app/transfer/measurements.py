"""Measurement imports: spreadsheet rows, Open SDG CSV and API values, planned, then applied.

Decisions:

* Reading gives IncomingValue rows and RowErrors (row, column, reason); ``plan_values`` compares
  them with the stored values: rows to add, rows to change (old -> new), unchanged rows. Nothing
  is written until ``apply_plan``, which refuses a plan with errors (all or nothing).
* Rules are the data-entry rules, from ``app.measurements.rules``: no values for archived
  indicators, values inside the indicator's plausible range, periods stored as the first day of
  the indicator's period and not in the future, canonical breakdown keys, known statuses.
  Numbers are read with ``app.measurements.values.parse_number`` (decimal comma, grouped
  thousands). A period coarser than the indicator's frequency
  ("2024" for a monthly indicator) is refused rather than guessed; a finer one ("2024-05" for a
  quarterly indicator) is read as the period that contains it.
* Rows without a value are skipped (so a template can be sent back half filled). An empty status
  keeps the stored status (new values are final). A source_note column replaces the stored note,
  empty included; without that column stored notes are kept.
* Department leads may only import values of indicators their department owns; other rows are
  errors (the API answers 403 instead). Archived indicators take no new data.
* Audit: every changed value gets its own 'update' event with the old value (through
  ``app.editing.update``, which also checks its version); added values, which may be tens of
  thousands, are recorded by one 'import' event per indicator with the counts and the file's
  name and SHA-256, as the demo seed does. Re-importing the same file changes nothing and
  writes no event.
* ``MeasurementPlan.digest`` is a SHA-256 over exactly what would be written; the confirm step
  recomputes the plan and applies it only when the digest is the one previewed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select

from app import editing
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.measurements import rules
from app.measurements.values import parse_number
from app.models import AuditEvent, Indicator, Measurement
from app.models.enums import Frequency, MeasurementStatus
from app.permissions import Action, authorize
from app.tabular import Cell, FileRejected, Table, restore_text, same_text

# Columns of the template, the export and the import (the import ignores the informational ones).
COLUMNS = [
    "indicator_id", "indicator_code", "indicator_title", "unit", "frequency", "period",
    "breakdown", "value", "status", "source_note", "department",
]  # fmt: skip
INFORMATIONAL = frozenset(
    {"indicator_title", "unit", "frequency", "department", "mission", "updated_at", "entered_by"}
)
KEY_COLUMNS = frozenset({"indicator_id", "indicator_code", "period", "breakdown", "value",
                         "status", "source_note"})  # fmt: skip
INSERT_CHUNK = 5000

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)|(?:[- ]?[Qq](?P<q>[1-4])))?$"
)
# How fine a period is: a period must be at least as fine as the indicator's frequency.
_FINENESS = {"day": 0, "month": 0, "quarter": 1, "year": 2}
_NEEDED = {Frequency.MONTHLY.value: 0, Frequency.QUARTERLY.value: 1, Frequency.YEARLY.value: 2}


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row (spreadsheet numbering) or one API item cannot be imported."""

    row: int
    column: str
    message: str


class CellError(DomainError):
    """One cell of a row is wrong; field names the logical column (value, period...)."""


@dataclass(slots=True)
class IncomingValue:
    """One value to store, checked: indicator, period start, breakdown key, value."""

    row: int
    indicator_id: int
    period: date
    breakdown: str
    value: float
    status: str | None  # None: keep the stored status (a new value is final)
    source_note: str | None  # None: keep the stored note (a new value has none)


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
                            repr(item.value), item.status, item.source_note]).encode()
            )  # fmt: skip
        for change in self.changes:
            hasher.update(
                json.dumps(["change", change.measurement_id, change.version, repr(change.new[0]),
                            change.new[1], change.new[2]]).encode()
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


class ImportRejected(Exception):
    """A plan with errors was asked to be applied; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows cannot be imported")
        self.errors = errors


# ---- the indicators an import may touch ----


class Catalogue:
    """Every indicator, by id and by code, and whether the actor may enter data for each."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.by_id = {
            indicator.id: indicator for indicator in db.session.scalars(select(Indicator))
        }
        self.by_code = {
            indicator.code.strip().lower(): indicator
            for indicator in self.by_id.values()
            if indicator.code
        }
        self._allowed: dict[int, bool] = {}

    def allowed(self, indicator: Indicator) -> bool:
        """actor None (a command-line import without --as) may import anything."""
        if self.actor is None:
            return True
        if indicator.id not in self._allowed:
            self._allowed[indicator.id] = authorize(self.actor, Action.ENTER_DATA, indicator)
        return self._allowed[indicator.id]

    def usable(self, indicator: Indicator, field_name: str = "indicator_id") -> Indicator:
        """The indicator, when it takes data from this actor; else a DomainError."""
        rules.check_indicator(indicator, field_name)
        if not self.allowed(indicator):
            raise CellError(
                _("You can only enter data for your department's indicators."), field_name
            )
        return indicator


# ---- cell rules (shared by files and the API) ----


def parse_period(cell: Cell) -> tuple[date, str]:
    """A period and how fine it is: YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD, or a date cell."""
    if isinstance(cell, datetime):
        return cell.date(), "day"
    if isinstance(cell, date):
        return cell, "day"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1800 <= cell <= 2200:
            return date(int(cell), 1, 1), "year"
        raise CellError(_period_hint(), "period")
    text = str(cell or "").strip()
    match = _PERIOD.match(text)
    if not match:
        raise CellError(_period_hint(), "period")
    year = int(match["year"])
    try:
        if match["q"]:
            return date(year, 3 * int(match["q"]) - 2, 1), "quarter"
        if match["day"]:
            return date(year, int(match["month"]), int(match["day"])), "day"
        if match["month"]:
            return date(year, int(match["month"]), 1), "month"
    except ValueError:
        raise CellError(_period_hint(), "period") from None
    if year < 1800:
        raise CellError(_period_hint(), "period")
    return date(year, 1, 1), "year"


def _period_hint() -> str:
    return _("Enter the period as YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD.")


def period_for(indicator: Indicator, cell: Cell, today: date) -> date:
    """The first day of the indicator's period that the cell names (checked)."""
    day, fineness = parse_period(cell)
    if _FINENESS[fineness] > _NEEDED.get(indicator.frequency, 0):
        if indicator.frequency == Frequency.MONTHLY:
            message = _("This indicator is monthly: give the month (YYYY-MM).")
        else:
            message = _("This indicator is quarterly: give the quarter (YYYY-Qn) or a month.")
        raise CellError(message, "period")
    return rules.period_for_day(indicator, day, today)


def parse_value(cell: Cell) -> float:
    """A number cell, or text read with the data-entry rules (decimal comma allowed)."""
    if isinstance(cell, bool | int | float):
        return rules.check_number(cell)
    try:
        return parse_number(str(cell))
    except ValueError as error:
        raise CellError(str(error), "value") from None


def checked_value(indicator: Indicator, cell: Cell) -> float:
    return rules.check_value(indicator, parse_value(cell))


def parse_status(cell: Cell) -> str | None:
    """'final' or 'provisional'; empty means keep the stored status."""
    text = "" if cell is None else str(cell).strip().lower()
    if not text:
        return None
    return rules.check_status(text)


def parse_note(cell: Cell) -> str:
    return rules.check_source_note(restore_text("" if cell is None else str(cell).strip()))


def breakdown_from(key_cell: Cell, dimensions: dict[str, str]) -> str:
    """The canonical breakdown key from a key cell ('sex=Female|age=6-9') and dimension cells."""
    merged = rules.dimensions_of(restore_text("" if key_cell is None else str(key_cell).strip()))
    for name, value in dimensions.items():
        rules.merge_dimensions(merged, name, value)
    return rules.key_of(merged)


def _check_dimension_name(name: str) -> None:
    """A column that names a breakdown dimension must make a valid key."""
    try:
        rules.key_of({name: "x"})
    except rules.ValueRefused:
        raise FileRejected(
            _("The column %(name)s cannot name a breakdown dimension.", name=name[:60])
        ) from None


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()


def _indicator_from(catalogue: Catalogue, id_cell: Cell, code_cell: Cell) -> Indicator:
    id_text = _cell_text(id_cell)
    if id_text:
        indicator = catalogue.by_id.get(int(id_text)) if id_text.isdigit() else None
        if indicator is None:
            raise CellError(_("No indicator has the id %(id)s.", id=id_text[:20]), "indicator_id")
        return catalogue.usable(indicator)
    code = restore_text(_cell_text(code_cell)).lower()
    if code:
        indicator = catalogue.by_code.get(code)
        if indicator is None:
            raise CellError(
                _("No indicator has the code %(code)s.", code=code[:40]), "indicator_code"
            )
        return catalogue.usable(indicator, "indicator_code")
    raise CellError(_("Give the indicator's id."), "indicator_id")


# ---- reading a spreadsheet (the template's columns) ----


@dataclass
class Reading:
    """Checked values and errors read from one source."""

    values: list[IncomingValue] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0


def _header_positions(header: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Positions of the known columns and of the breakdown dimension columns."""
    known: dict[str, int] = {}
    dimensions: dict[str, int] = {}
    seen: set[str] = set()
    for position, raw in enumerate(header):
        name = restore_text(raw.strip())
        if not name:
            continue
        lowered = name.lower()
        if lowered in seen:
            raise FileRejected(_("The column %(name)s appears twice.", name=name[:60]))
        seen.add(lowered)
        if lowered in KEY_COLUMNS:
            known[lowered] = position
        elif lowered in INFORMATIONAL:
            continue
        else:
            _check_dimension_name(name)
            dimensions[name] = position
    if "period" not in known or "value" not in known:
        raise FileRejected(_("The file needs the columns period and value (see the template)."))
    if "indicator_id" not in known and "indicator_code" not in known:
        raise FileRejected(_("The file needs the column indicator_id (see the template)."))
    return known, dimensions


_MISSING = object()


class _Memo:
    """A cell rule remembered by its input: files repeat the same indicators, periods,
    breakdowns and statuses thousands of times. A refused input is refused again, for free."""

    def __init__(self, rule: Callable[..., Any]) -> None:
        self.rule = rule
        self.found: dict[tuple[Any, ...], Any] = {}

    def __call__(self, *key: Any) -> Any:
        try:
            result = self.found[key]
        except KeyError:
            try:
                result = self.rule(*key)
            except DomainError as error:
                result = error
            self.found[key] = result
        if isinstance(result, DomainError):
            raise type(result)(result.message, result.field)
        return result


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _number(cell: Cell) -> float:
    """parse_value, with a shortcut for plain decimals like 12.5 or -3 (most cells)."""
    if isinstance(cell, str):
        body = cell[1:] if cell.startswith("-") else cell
        digits, dot, decimals = body.partition(".")
        if digits.isdecimal() and (not dot or decimals.isdecimal()):
            return float(cell)
    return parse_value(cell)


def read_spreadsheet(table: Table, catalogue: Catalogue, today: date) -> Reading:
    """Check every row of a measurement spreadsheet (the template's columns)."""
    known, dimension_positions = _header_positions(table.header)
    header = table.header
    width = len(header)
    reading = Reading()
    id_at, code_at = known.get("indicator_id"), known.get("indicator_code")
    period_at, value_at = known["period"], known["value"]
    key_at, status_at, note_at = (
        known.get("breakdown"),
        known.get("status"),
        known.get("source_note"),
    )
    dimensions = list(dimension_positions.items())

    def breakdown(key_cell: Cell, cells: tuple[Cell, ...]) -> str:
        given = {
            name: restore_text(_cell_text(cell))
            for (name, _position), cell in zip(dimensions, cells, strict=True)
            if _cell_text(cell)
        }
        return breakdown_from(key_cell, given)

    indicator_of = _Memo(lambda id_cell, code_cell: _indicator_from(catalogue, id_cell, code_cell))
    period_of = _Memo(lambda indicator, cell: period_for(indicator, cell, today))
    breakdown_of = _Memo(breakdown)
    status_of = _Memo(parse_status)
    note_of = _Memo(parse_note)
    # The memos' tables, read directly first: most cells repeat one already checked.
    indicators, periods, breakdowns = indicator_of.found, period_of.found, breakdown_of.found
    statuses, notes = status_of.found, note_of.found
    for number, cells in table.rows:
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        try:
            value_cell = cells[value_at]
            if _blank(value_cell):
                reading.skipped += 1
                continue
            key: tuple[Any, ...] = (
                None if id_at is None else cells[id_at],
                None if code_at is None else cells[code_at],
            )
            indicator = indicators.get(key)
            if indicator is None or isinstance(indicator, DomainError):
                indicator = indicator_of(*key)
            value = _number(value_cell)
            if indicator.min_value is not None or indicator.max_value is not None:
                rules.check_in_range(value, indicator.min_value, indicator.max_value)
            key = (indicator, cells[period_at])
            period = periods.get(key)
            if period is None or isinstance(period, DomainError):
                period = period_of(*key)
            key = (
                None if key_at is None else cells[key_at],
                tuple(cells[position] for _name, position in dimensions) if dimensions else (),
            )
            breakdown_key_ = breakdowns.get(key)
            if breakdown_key_ is None or isinstance(breakdown_key_, DomainError):
                breakdown_key_ = breakdown_of(*key)
            status = note = None
            if status_at is not None:
                status = statuses.get((cells[status_at],), _MISSING)
                if status is _MISSING or isinstance(status, DomainError):
                    status = status_of(cells[status_at])
            if note_at is not None:
                note = notes.get((cells[note_at],))
                if note is None or isinstance(note, DomainError):
                    note = note_of(cells[note_at])
            reading.values.append(
                IncomingValue(number, indicator.id, period, breakdown_key_, value, status, note)
            )
        except DomainError as error:
            column = error.field or ""
            position = known.get(column)
            if column == "breakdown" and position is None:
                label = "breakdown"
            else:
                label = header[position] if position is not None else column
            reading.errors.append(RowError(number, label, error.message))
    return reading


# ---- reading an Open SDG CSV ----

# Open SDG columns that name the measure rather than a breakdown.
MEASURE_COLUMNS = ("units", "series")
# Dimension names as the demo city stores them (seeds/demo.py reads the same files).
OPEN_SDG_DIMENSIONS = {"gender": "sex", "sex": "sex", "age": "age"}


def parse_filters(text: str) -> dict[str, str]:
    """'Units=Attainment at age 15; Type of skill=Reading' -> {column: value}."""
    filters: dict[str, str] = {}
    for part in (text or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise DomainError(
                _("Write each condition as column=value, separated by semicolons."), "filters"
            )
        filters[name.strip()] = value.strip()
    return filters


def read_open_sdg(
    table: Table,
    indicator: Indicator,
    catalogue: Catalogue,
    today: date,
    *,
    filters: dict[str, str] | None = None,
    status: str | None = None,
    source_note: str | None = None,
) -> Reading:
    """Check an Open SDG CSV (Year, Value, breakdown columns) for one indicator.

    Empty breakdown cells mean the headline. Units and Series name the measure, not a
    breakdown: a file with several of them needs a filter choosing one (as does any column
    named in filters, which keeps only the matching rows).
    """
    catalogue.usable(indicator)
    if status is not None:
        status = rules.check_status(status)
    if source_note is not None:
        source_note = rules.check_source_note(source_note)
    filters = filters or {}
    by_lower = {name.strip().lower(): position for position, name in enumerate(table.header)}
    if "year" not in by_lower or "value" not in by_lower:
        raise FileRejected(_("An Open SDG file needs the columns Year and Value."))
    for name in filters:
        if name.strip().lower() not in by_lower:
            raise FileRejected(_("The file has no column %(name)s to filter on.", name=name[:60]))
    filter_positions = {by_lower[name.strip().lower()]: value for name, value in filters.items()}
    year_at, value_at = by_lower["year"], by_lower["value"]
    measures = {
        position: name
        for position, name in enumerate(table.header)
        if name.strip().lower() in MEASURE_COLUMNS and position not in filter_positions
    }
    dimensions = {
        position: OPEN_SDG_DIMENSIONS.get(name.strip().lower(), name.strip().lower())
        for position, name in enumerate(table.header)
        if name.strip()
        and position not in (year_at, value_at)
        and position not in measures
        and position not in filter_positions
    }
    for name in dimensions.values():
        _check_dimension_name(name)
    seen_measures: dict[int, set[str]] = defaultdict(set)
    reading = Reading()
    for number, cells in table.rows:
        texts = [_cell_text(cell) for cell in cells]
        texts += [""] * (len(table.header) - len(texts))
        if any(texts[position] != value for position, value in filter_positions.items()):
            continue
        if texts[value_at] == "":
            reading.skipped += 1
            continue
        for position in measures:
            seen_measures[position].add(texts[position])
        try:
            year = texts[year_at]
            if not (year.isdigit() and len(year) == 4):
                raise CellError(_("Enter the year as four digits, e.g. 2024."), "Year")
            reading.values.append(
                IncomingValue(
                    row=number,
                    indicator_id=indicator.id,
                    period=period_for(indicator, year, today),
                    breakdown=breakdown_from(
                        None, {name: texts[pos] for pos, name in dimensions.items() if texts[pos]}
                    ),
                    value=checked_value(indicator, cells[value_at]),
                    status=status,
                    source_note=source_note,
                )
            )
        except DomainError as error:
            column = {"period": "Year", "value": "Value"}.get(error.field or "", error.field or "")
            reading.errors.append(RowError(number, column, error.message))
    for position, values in seen_measures.items():
        if len(values) > 1:
            raise FileRejected(
                _("The column %(name)s has several values (%(values)s): keep one with a filter, "
                  "e.g. %(name)s=%(first)s.", name=table.header[position],
                  values=", ".join(sorted(values))[:200], first=sorted(values)[0])
            )  # fmt: skip
    return reading


# ---- reading API items ----


def read_items(items: list[Any], catalogue: Catalogue, today: date) -> tuple[Reading, set[int]]:
    """Check JSON items; also returns the ids of indicators the actor may not write."""
    reading = Reading()
    forbidden: set[int] = set()
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise CellError(_("Each measurement must be an object."), "")
            unknown = set(item) - {
                "indicator_id", "period", "breakdown", "value", "status", "source_note"
            }  # fmt: skip
            if unknown:
                raise CellError(
                    _("Unknown field %(name)s.", name=sorted(unknown)[0][:40]), sorted(unknown)[0]
                )
            raw_id = item.get("indicator_id")
            if not isinstance(raw_id, int) or isinstance(raw_id, bool):
                raise CellError(_("Give the indicator's id as a whole number."), "indicator_id")
            indicator = catalogue.by_id.get(raw_id)
            if indicator is None:
                raise CellError(_("No indicator has the id %(id)s.", id=raw_id), "indicator_id")
            if not catalogue.allowed(indicator):
                forbidden.add(indicator.id)
                continue
            catalogue.usable(indicator)
            period = item.get("period")
            if not isinstance(period, str):
                raise CellError(_period_hint(), "period")
            value = rules.check_number(item.get("value"))
            breakdown = item.get("breakdown", "")
            if isinstance(breakdown, dict):
                if not all(isinstance(k, str) and isinstance(v, str) for k, v in breakdown.items()):
                    raise CellError(_("Breakdown names and values must be text."), "breakdown")
                key = breakdown_from(None, {k.strip(): v.strip() for k, v in breakdown.items()})
            elif isinstance(breakdown, str):
                key = breakdown_from(breakdown, {})
            else:
                raise CellError(_("Give the breakdown as text or an object."), "breakdown")
            status = item.get("status")
            note = item.get("source_note")
            if status is not None and not isinstance(status, str):
                raise CellError(_("Choose provisional or final."), "status")
            if note is not None and not isinstance(note, str):
                raise CellError(_("Give the source note as text."), "source_note")
            reading.values.append(
                IncomingValue(
                    row=index,
                    indicator_id=indicator.id,
                    period=period_for(indicator, period, today),
                    breakdown=key,
                    value=rules.check_value(indicator, value),
                    status=parse_status(status),
                    source_note=None if note is None else parse_note(note),
                )
            )
        except DomainError as error:
            reading.errors.append(RowError(index, error.field or "", error.message))
    return reading, forbidden


# ---- planning and applying ----


def _stored(indicator_ids: Iterable[int]) -> dict[tuple[int, str, date], tuple[Any, ...]]:
    ids = sorted(set(indicator_ids))
    stored: dict[tuple[int, str, date], tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):
        stmt = select(
            Measurement.indicator_id, Measurement.breakdown, Measurement.period, Measurement.id,
            Measurement.version, Measurement.value, Measurement.status, Measurement.source_note,
        ).where(Measurement.indicator_id.in_(ids[start : start + 500]))  # fmt: skip
        for row in db.session.execute(stmt):
            stored[(row[0], row[1], row[2])] = tuple(row[3:])
    return stored


def plan_values(reading: Reading, catalogue: Catalogue) -> MeasurementPlan:
    """Compare checked values with the stored ones: what to add, change, leave alone."""
    plan = MeasurementPlan(errors=list(reading.errors), skipped=reading.skipped)
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
        measurement_id, version, value, status, note = current
        new = (
            item.value,
            status if item.status is None else item.status,
            note if item.source_note is None else item.source_note,
        )
        if new[:2] == (value, status) and same_text(note, new[2]):
            plan.unchanged += 1
            plan.unchanged_by_indicator[item.indicator_id] += 1
            continue
        plan.changes.append(
            Change(item.row, measurement_id, version, item.indicator_id, item.period,
                   item.breakdown, (value, status, note), new)
        )  # fmt: skip
    return plan


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
    table = Measurement.__table__
    rows = [
        {"indicator_id": item.indicator_id, "period": item.period, "breakdown": item.breakdown,
         "value": item.value, "status": item.status or MeasurementStatus.FINAL.value,
         "source_note": item.source_note or "", "entered_by_id": actor_id}
        for item in plan.adds
    ]  # fmt: skip
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
        mine = {"value": change.new[0], "status": change.new[1], "source_note": change.new[2]}
        if measurement is None:
            raise EditConflict(obj=None, theirs={}, mine=mine)
        editing.update(measurement, mine, expected_version=change.version, actor_id=actor_id)
