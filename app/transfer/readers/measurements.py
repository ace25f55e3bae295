"""Reading measurement values: the template spreadsheet's rows, checked cell by cell.

Decisions:

* Reading gives IncomingValue rows and RowErrors (row, column, reason); nothing is compared with
  the stored values here (that is ``app.transfer.planning``) and nothing is written.
* Every rule is from ``app.measurements.rules``: no values for archived indicators, values
  inside the indicator's plausible range, periods stored as the first day of the indicator's
  period and not in the future, canonical breakdown keys, known statuses. Numbers are read with
  ``app.measurements.values.parse_number`` (decimal comma, grouped thousands). A period coarser
  than the indicator's frequency ("2024" for a monthly indicator) is refused rather than
  guessed; a finer one ("2024-05" for a quarterly indicator) is read as the period that
  contains it.
* Rows without a value are skipped (so a template can be sent back half filled). An empty
  status keeps the stored status (new values are final). A source_note column replaces the
  stored note, empty included; without that column stored notes are kept.
* Department leads may only import values of indicators their department owns; other rows are
  errors (the API answers 403 instead).
* Files repeat the same indicators, periods, breakdowns and statuses thousands of times: each
  cell rule is remembered by its input, so a 100,000-row file costs little more than its
  numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.measurements import rules
from app.measurements.values import parse_number
from app.models import Indicator
from app.models.enums import Frequency
from app.permissions import Action, authorize
from app.routing import is_row_id
from app.tabular import Cell, FileRejected, Table, restore_text
from app.transfer.readers.cells import CellError, RowError, cell_text

# Columns of the template, the export and the import (the import ignores the informational ones).
COLUMNS = [
    "indicator_id", "indicator_code", "indicator_title", "unit", "frequency", "period",
    "breakdown", "value", "status", "source_note", "department",
]  # fmt: skip
INFORMATIONAL = frozenset(
    {
        "indicator_title",
        "unit",
        "frequency",
        "department",
        "mission",
        "updated_at",
        "entered_by",
        "attributes",
    }
)
KEY_COLUMNS = frozenset({"indicator_id", "indicator_code", "period", "breakdown", "value",
                         "status", "source_note"})  # fmt: skip

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)|(?:[- ]?[Qq](?P<q>[1-4])))?$"
)
# Periods as statistics offices write them (Open SDG files): the first year of a range
# ("2014-16", "2002-2004", fiscal "2000/01", "2017/2018"), a year with a note ("2000 (completion
# 2004)", "2021-2022*"), "2021.0" (a year a spreadsheet wrote as a number), quarters "Q1 2013" and
# "2013 Q1", months "1993 01".
_NOTE = re.compile(r"^(?P<rest>.*?)\s*(?:\([^()]*\)|\*+)$")
_FLOAT_YEAR = re.compile(r"^(?P<year>\d{4})\.0+$")
_RANGE = re.compile(r"^(?P<year>\d{4})\s*(?P<sep>[-/–])\s*(?P<end>\d{2}|\d{4})$")
_QUARTER_FIRST = re.compile(r"^[Qq](?P<q>[1-4])[- ]?(?P<year>\d{4})$")
_SPACED_MONTH = re.compile(r"^(?P<year>\d{4}) (?P<month>\d{1,2})$")
PERIOD_EXAMPLES = (
    "2024, 2024.0, 2014-16, 2002-2004, 2000/01, 2000 (note), 2024 Q1, 2024-Q1, Q1 2024, "
    "1993-01, 1993 01, 2024-05-31"
)
# How fine a period is: a period must be at least as fine as the indicator's frequency.
_FINENESS = {"day": 0, "month": 0, "quarter": 1, "year": 2}
_NEEDED = {Frequency.MONTHLY.value: 0, Frequency.QUARTERLY.value: 1, Frequency.YEARLY.value: 2}


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
    # Columns that describe the value (Open SDG attributes: observation status, unit
    # multiplier, comments, a period's full label): stored with it; None keeps the stored ones.
    attributes: dict[str, str] | None = None


@dataclass
class Reading:
    """Checked values and errors read from one source."""

    values: list[IncomingValue] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0  # rows without a value
    rows: int = 0  # data rows read (Open SDG)
    duplicates: int = 0  # exact copies of an earlier row, taken once
    without_period: int = 0  # rows with a value but an empty Year (Open SDG), skipped
    encoding: str = ""  # how a CSV was decoded (app.tabular.ENCODING_NAMES)
    # Open SDG: the series of the file (Series/Units combinations) with their number of values
    series: dict[str, int] = field(default_factory=dict)
    attribute_columns: list[str] = field(default_factory=list)


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


# ---- cell rules (shared by files, Open SDG and the API) ----


def parse_period(cell: Cell) -> tuple[date, str]:
    """A period and how fine it is ("day", "month", "quarter" or "year"), from a date cell or
    text in one of the forms of PERIOD_EXAMPLES (a range is read as its first year)."""
    if isinstance(cell, datetime):
        return cell.date(), "day"
    if isinstance(cell, date):
        return cell, "day"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1800 <= cell <= 2200:
            return date(int(cell), 1, 1), "year"
        raise CellError(period_hint(str(cell)), "period")
    text = str(cell or "").strip()
    found = _period_of_text(text)
    if found is None:
        raise CellError(period_hint(text), "period")
    return found


def _period_of_text(text: str) -> tuple[date, str] | None:
    noted = _NOTE.match(text)
    if noted and noted["rest"]:
        text = noted["rest"].strip()
    for pattern in (_FLOAT_YEAR, _RANGE):
        match = pattern.match(text)
        if match is None:
            continue
        year = int(match["year"])
        if pattern is _RANGE and not _range_ends_later(year, match["end"], match["sep"]):
            continue  # "2011-12" is December 2011 (below), not a range
        return (date(year, 1, 1), "year") if year >= 1800 else None
    match = _QUARTER_FIRST.match(text) or _SPACED_MONTH.match(text) or _PERIOD.match(text)
    if not match:
        return None
    groups = match.groupdict()
    year = int(groups["year"])
    if year < 1800:
        return None
    try:
        if groups.get("q"):
            return date(year, 3 * int(groups["q"]) - 2, 1), "quarter"
        if groups.get("day"):
            return date(year, int(groups["month"]), int(groups["day"])), "day"
        if groups.get("month"):
            return date(year, int(groups["month"]), 1), "month"
    except ValueError:
        return None
    return date(year, 1, 1), "year"


def period_span(text: str, *, yearly: bool = False) -> int:
    """How many years a period written as a range covers ("2014-16": 3); 1 otherwise.

    yearly: the values are yearly, so "2002-04" is a range of three years, not April 2002
    (both start in 2002, so only the span depends on it)."""
    noted = _NOTE.match(text.strip())
    text = noted["rest"].strip() if noted and noted["rest"] else text.strip()
    match = _RANGE.match(text)
    if match is None or not _range_ends_later(
        int(match["year"]), match["end"], "/" if yearly else match["sep"]
    ):
        return 1
    end = match["end"]
    year = int(match["year"])
    last = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
    if last <= year:
        last += 100
    return last - year + 1


def _range_ends_later(year: int, end: str, separator: str) -> bool:
    """Whether "YYYY-YY", "YYYY-YYYY" or "YYYY/YY" is a range of years (its end later).

    "2014-16" and "2000/01" are ranges; "1993-01" and "2011-12" are months (a month wins where
    both could be meant, as in ISO 8601); a slash always joins years."""
    last = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
    if len(end) == 2 and last <= year:
        last += 100  # "1999/00"
    if not 0 < last - year <= 20:
        return False
    return separator != "-" or len(end) == 4 or int(end) > 12


def period_hint(text: str | None = None) -> str:
    if text is None:
        return str(_("Enter the period as YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD."))
    return str(
        _("“%(text)s” is not a period. Accepted: %(examples)s.", text=text[:40],
          examples=PERIOD_EXAMPLES)
    )  # fmt: skip


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


def parse_value(cell: Cell, *, comma: str = "decimal") -> float:
    """A number cell, or text read with the data-entry rules (see parse_number). The refusal
    shows the cell's text."""
    if isinstance(cell, bool | int | float):
        return rules.check_number(cell)
    text = str(cell)
    try:
        return parse_number(text, comma=comma)
    except ValueError as error:
        raise CellError(
            _("“%(text)s” is not a number. %(hint)s", text=text.strip()[:40], hint=str(error)),
            "value",
        ) from None


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


def check_dimension_name(name: str) -> None:
    """A column that names a breakdown dimension must make a valid key."""
    try:
        rules.key_of({name: "x"})
    except rules.ValueRefused:
        raise FileRejected(
            _("The column %(name)s cannot name a breakdown dimension.", name=name[:60])
        ) from None


def _indicator_from(catalogue: Catalogue, id_cell: Cell, code_cell: Cell) -> Indicator:
    id_text = cell_text(id_cell)
    if id_text:
        indicator = catalogue.by_id.get(int(id_text)) if is_row_id(id_text) else None
        if indicator is None:
            raise CellError(_("No indicator has the id %(id)s.", id=id_text[:20]), "indicator_id")
        return catalogue.usable(indicator)
    code = restore_text(cell_text(code_cell)).lower()
    if code:
        indicator = catalogue.by_code.get(code)
        if indicator is None:
            raise CellError(
                _("No indicator has the code %(code)s.", code=code[:40]), "indicator_code"
            )
        return catalogue.usable(indicator, "indicator_code")
    raise CellError(_("Give the indicator's id."), "indicator_id")


# ---- reading a spreadsheet (the template's columns) ----


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
            check_dimension_name(name)
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
            name: restore_text(cell_text(cell))
            for (name, _position), cell in zip(dimensions, cells, strict=True)
            if cell_text(cell)
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
