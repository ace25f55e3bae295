"""Reading an Open SDG CSV (Year, Value, breakdown columns) into values of one indicator.

Empty breakdown cells mean the headline. Units and Series name the measure, not a breakdown: a
file with several of them needs a filter choosing one. Every cell goes through the same rules as
the template's (``app.transfer.readers.measurements``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _

from app.errors import DomainError
from app.measurements import rules
from app.models import Indicator
from app.tabular import FileRejected, Table
from app.transfer.readers.cells import CellError, RowError, cell_text
from app.transfer.readers.measurements import (
    Catalogue,
    IncomingValue,
    Reading,
    breakdown_from,
    check_dimension_name,
    checked_value,
    period_for,
)

# Open SDG columns that name the measure rather than a breakdown.
MEASURE_COLUMNS = ("units", "series")
# Dimension names as the demo city stores them (seeds/demo.py reads its files with this reader).
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
        check_dimension_name(name)
    seen_measures: dict[int, set[str]] = defaultdict(set)
    reading = Reading()
    for number, cells in table.rows:
        texts = [cell_text(cell) for cell in cells]
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
