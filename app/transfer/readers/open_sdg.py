"""Reading an Open SDG CSV (Year, Value and other columns) into values of one indicator.

Decisions (Open SDG's own build, sdg-build, reads these files the same way):

* Columns are of four kinds. ``Year`` and ``Value``. Attributes, which describe a value and are
  stored with it (``Measurement.attributes``) but make no series: Observation status, Unit
  multiplier, GeoCode, comment and footnote columns (``COMMENT_OBS``, ``COMMENT_OBS_0``...) and
  any column the import names as an attribute. Measure columns, Units and Series (and their
  SDMX names UNIT_MEASURE, SERIES, Unit measure): with one value in the file they are attributes;
  with several, each combination is its own series, kept apart as breakdown dimensions
  (``series=...|units=...``). Every other named column is a breakdown (disaggregation); a row
  whose breakdown cells are all empty belongs to the headline. Columns without a name (``""``,
  pandas' ``Unnamed: 0``) are ignored when empty and refused when they hold data.
* A GeoCode column is an attribute unless it is what tells rows apart (a file of
  ``Year,GeoCode,Value`` by state): then it is a breakdown too. Likewise a file that gives both
  yearly values and averages over several years for the same breakdown ("2002" and "2002-04")
  keeps the averages as their own series: a ``years`` dimension (``years=3``).
* Periods are read with ``parse_period`` (ranges as their first year, quarters, months, notes);
  a label that is not a plain year ("2014-16") is kept in the attributes under the file's
  column name. Rows with a value but an empty Year, and rows without a value, are skipped and
  counted in the preview.
* Numbers: in a comma-separated file a comma groups thousands ("9,754" is 9754) unless it cannot
  ("428,8"); in a semicolon-separated file it is the decimal comma.
* A row that repeats an earlier row exactly is taken once and counted; two rows with the same
  period and breakdown but different values are refused, naming both rows and values in the
  file's own column names.
* Filters (``Units=Percent``) keep only matching rows; the filtered column is then no series.
  Every cell goes through the same rules as the template's (``app.measurements.rules``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _

from app.errors import DomainError
from app.measurements import rules
from app.models import Indicator
from app.models.enums import Frequency
from app.tabular import Cell, FileRejected, Table, restore_text
from app.transfer.readers.cells import RowError, cell_text
from app.transfer.readers.measurements import (
    Catalogue,
    IncomingValue,
    Reading,
    breakdown_from,
    check_dimension_name,
    parse_value,
    period_for,
    period_span,
)

# Column names are compared in lower case with '_' read as a space.
MEASURE_COLUMNS = {"units": "units", "unit measure": "units", "series": "series"}
ATTRIBUTE_COLUMNS = frozenset(
    {"observation status", "obs status", "unit multiplier", "unit mult", "geocode",
     "comment", "comments", "footnote", "footnotes", "nature"}
)  # fmt: skip
ATTRIBUTE_PREFIXES = ("comment ", "footnote ")
GEOCODE = "geocode"
SPAN_DIMENSION = "years"
# Dimension names as the demo city stores them (seeds/demo.py reads its files with this reader).
OPEN_SDG_DIMENSIONS = {"gender": "sex", "sex": "sex", "age": "age"}
_UNNAMED = re.compile(r"^unnamed: ?\d+$")
_PLAIN_YEAR = re.compile(r"^\d{4}(?:\.0+)?$")


def _normal(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").split())


def parse_filters(text: str) -> dict[str, str]:
    """'Units=Attainment at age 15; Type of skill=Reading' -> {column: value}.

    Conditions are separated by new lines or semicolons; a part without '=' continues the
    value before it, so values may hold semicolons ('Series=Rate; per 1,000').
    """
    filters: dict[str, str] = {}
    last: str | None = None
    lines = (text or "").splitlines()
    parts = lines if len(lines) > 1 else (text or "").split(";")
    for part in parts:
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep and last is not None:
            filters[last] = f"{filters[last]};{part}".strip()
            continue
        if not sep or not name.strip():
            raise DomainError(
                _("Write each condition as column=value, separated by semicolons."), "filters"
            )
        last = name.strip()
        filters[last] = value.strip()
    return filters


def parse_filter(text: str) -> tuple[str, str]:
    """One condition 'column=value' (the value may hold '=' or ';'), as --where gives it."""
    name, sep, value = (text or "").partition("=")
    if not sep or not name.strip():
        raise DomainError(
            _("Write each condition as column=value, separated by semicolons."), "filters"
        )
    return name.strip(), value.strip()


class _Columns:
    """Where each kind of column is in the header."""

    def __init__(self, table: Table, filters: dict[str, str], attributes: Iterable[str]) -> None:
        header = table.header
        by_name = {_normal(name): position for position, name in enumerate(header)}
        if "year" not in by_name or "value" not in by_name:
            raise FileRejected(_("An Open SDG file needs the columns Year and Value."))
        for name in filters:
            if _normal(name) not in by_name:
                raise FileRejected(
                    _("The file has no column %(name)s to filter on.", name=name[:60])
                )
        named = {_normal(name) for name in attributes}
        for name in named:
            if name not in by_name:
                raise FileRejected(_("The file has no column %(name)s.", name=name[:60]))
        self.filters = {by_name[_normal(name)]: value for name, value in filters.items()}
        self.year, self.value = by_name["year"], by_name["value"]
        self.unnamed: list[int] = []
        self.attributes: list[int] = []
        self.measures: list[int] = []
        self.dimensions: list[int] = []
        for position, raw in enumerate(header):
            name = _normal(raw)
            if position in (self.year, self.value) or position in self.filters:
                continue
            if not name or _UNNAMED.match(name):
                self.unnamed.append(position)
            elif name in named or name in ATTRIBUTE_COLUMNS or name.startswith(ATTRIBUTE_PREFIXES):
                self.attributes.append(position)
            elif name in MEASURE_COLUMNS:
                self.measures.append(position)
            else:
                self.dimensions.append(position)


def _dimension_name(header_name: str) -> str:
    name = _normal(header_name)
    if name in MEASURE_COLUMNS:
        return MEASURE_COLUMNS[name]
    return OPEN_SDG_DIMENSIONS.get(name, header_name.strip().lower())


def read_open_sdg(
    table: Table,
    indicator: Indicator,
    catalogue: Catalogue,
    today: date,
    *,
    filters: dict[str, str] | None = None,
    status: str | None = None,
    source_note: str | None = None,
    attributes: Iterable[str] = (),
) -> Reading:
    """Check an Open SDG CSV for one indicator (see the module's decisions).

    attributes: more column names to keep with the values rather than make breakdowns of.
    """
    catalogue.usable(indicator)
    if status is not None:
        status = rules.check_status(status)
    if source_note is not None:
        source_note = rules.check_source_note(source_note)
    header = table.header
    columns = _Columns(table, filters or {}, attributes)
    reading = Reading(encoding=table.encoding)
    comma = "thousands" if table.delimiter == "," else "decimal"
    width = len(header)

    # First pass: the rows to read, and what the measure and GeoCode columns hold.
    kept: list[tuple[int, list[str], Cell]] = []
    measure_values: dict[int, set[str]] = defaultdict(set)
    unnamed_reported: set[int] = set()
    for number, cells in table.rows:
        texts = [restore_text(cell_text(cell)) for cell in cells[:width]]
        texts += [""] * (width - len(texts))
        if any(texts[position] != value for position, value in columns.filters.items()):
            continue
        reading.rows += 1
        for position in columns.unnamed:
            if texts[position] and position not in unnamed_reported:
                unnamed_reported.add(position)
                reading.errors.append(
                    RowError(number, _("column %(n)d", n=position + 1),
                             _("This column has no name but holds values: name it, or "
                               "delete it."))
                )  # fmt: skip
        if texts[columns.value] == "":
            reading.skipped += 1
            continue
        if texts[columns.year] == "":
            reading.without_period += 1
            continue
        for position in columns.measures:
            measure_values[position].add(texts[position])
        kept.append((number, texts, cells[columns.value] if columns.value < len(cells) else ""))
    series_at = [position for position in columns.measures if len(measure_values[position]) > 1]
    attribute_at = columns.attributes + [p for p in columns.measures if p not in series_at]
    dimension_at = columns.dimensions + series_at
    for position in list(attribute_at):
        if _normal(header[position]) == GEOCODE and _tells_rows_apart(
            kept, position, columns.year, dimension_at
        ):
            attribute_at.remove(position)
            dimension_at.append(position)
    yearly = indicator.frequency == Frequency.YEARLY
    spans = _spans_needed(kept, columns.year, dimension_at, yearly)
    dimension_names = {position: _dimension_name(header[position]) for position in dimension_at}
    for name in dimension_names.values():
        check_dimension_name(name)
    reading.attribute_columns = [header[position] for position in attribute_at]

    # Second pass: each row checked, its breakdown and attributes, duplicates taken once.
    periods: dict[str, date | DomainError] = {}
    breakdowns: dict[tuple[str, ...], str | DomainError] = {}
    first_seen: dict[tuple[date, str], tuple[int, float, dict[str, str], list[str]]] = {}
    year_name, value_name = header[columns.year], header[columns.value]
    for number, texts, value_cell in kept:
        try:
            year = texts[columns.year]
            period = periods.get(year)
            if period is None:
                try:
                    period = period_for(indicator, year, today)
                except DomainError as error:
                    period = error
                periods[year] = period
            if isinstance(period, DomainError):
                raise type(period)(period.message, "period")
            span = str(period_span(year, yearly=yearly)) if spans else "1"
            dims = (span, *(texts[position] for position in dimension_at))
            key = breakdowns.get(dims)
            if key is None:
                given = {dimension_names[p]: texts[p] for p in dimension_at if texts[p]}
                if span != "1":
                    given[SPAN_DIMENSION] = span
                try:
                    key = breakdown_from(None, given)
                except DomainError as error:
                    key = error
                breakdowns[dims] = key
            if isinstance(key, DomainError):
                raise type(key)(key.message, "breakdown")
            value = rules.check_value(indicator, parse_value(value_cell, comma=comma))
        except DomainError as error:
            column = {"period": year_name, "value": value_name}.get(error.field or "", "")
            reading.errors.append(RowError(number, column or error.field or "", error.message))
            continue
        described = {header[p]: texts[p] for p in attribute_at if texts[p]}
        if not _PLAIN_YEAR.match(year):
            described[year_name] = year
        earlier = first_seen.get((period, key))
        if earlier is not None:
            if earlier[1] == value and earlier[2] == described:
                reading.duplicates += 1
            else:
                reading.errors.append(_conflict(header, columns, dimension_at, earlier, number,
                                                texts))  # fmt: skip
            continue
        first_seen[(period, key)] = (number, value, described, texts)
        if series_at:
            label = " · ".join(texts[p] for p in series_at if texts[p])
            reading.series[label] = reading.series.get(label, 0) + 1
        reading.values.append(
            IncomingValue(
                row=number, indicator_id=indicator.id, period=period, breakdown=key, value=value,
                status=status, source_note=source_note, attributes=described,
            )
        )  # fmt: skip
    reading.errors.sort(key=lambda error: error.row)
    return reading


def _spans_needed(
    kept: list[tuple[int, list[str], Cell]], year_at: int, dimension_at: list[int], yearly: bool
) -> bool:
    """Whether the file gives a year and a range starting that year for the same breakdown."""
    seen: dict[tuple[str, ...], int] = {}
    for _number, texts, _cell in kept:
        year = texts[year_at]
        first = re.search(r"\d{4}", year)
        key = (first.group() if first else year, *(texts[p] for p in dimension_at))
        span = period_span(year, yearly=yearly)
        if seen.setdefault(key, span) != span:
            return True
    return False


def _tells_rows_apart(
    kept: list[tuple[int, list[str], Cell]], position: int, year_at: int, dimension_at: list[int]
) -> bool:
    """Whether two rows with the same year and breakdown differ only in this column."""
    seen: dict[tuple[str, ...], str] = {}
    for _number, texts, _cell in kept:
        key = (texts[year_at], *(texts[p] for p in dimension_at))
        if seen.setdefault(key, texts[position]) != texts[position]:
            return True
    return False


def _conflict(
    header: list[str],
    columns: _Columns,
    dimension_at: list[int],
    earlier: tuple[int, float, dict[str, str], list[str]],
    number: int,
    texts: list[str],
) -> RowError:
    """Two rows for the same period and breakdown with different values, in the file's words."""
    first_row, _value, _described, first_texts = earlier
    where = ", ".join(f"{header[p]} {texts[p]}" for p in [columns.year, *dimension_at] if texts[p])
    return RowError(
        number,
        header[columns.value],
        _("Rows %(first)d and %(second)d give different values for %(where)s: %(a)s and "
          "%(b)s. Keep one of them.", first=first_row, second=number, where=where[:300],
          a=first_texts[columns.value], b=texts[columns.value]),
    )  # fmt: skip
