"""Creating indicators from an Open SDG data file: one per Series/Units combination, all or nothing.

Decisions:

* The file's Series and Units columns (the columns the Open SDG reader treats as naming the
  measure) define the combinations; a file without them is one indicator. Each combination
  becomes one indicator whose values are the rows of that combination, read by the Open SDG
  import's own reader with the combination as its filter, so every rule of an upload applies.
* One step: every indicator is saved through the indicator service (its rules, its audit), then
  every value is planned and applied through the import path (``plan_values``, ``apply_plan``).
  Any refused row or broken rule raises, and the caller rolls everything back: no indicator
  without its values, no values half imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from app.errors import DomainError
from app.indicators.services import save_indicator
from app.models import Indicator
from app.tabular import FileRejected, Table, open_table
from app.transfer.applying import ImportRejected, apply_plan
from app.transfer.planning import plan_values
from app.transfer.readers.cells import cell_text
from app.transfer.readers.measurements import Catalogue, Reading
from app.transfer.readers.open_sdg import MEASURE_COLUMNS, read_open_sdg

MAX_COMBINATIONS = 30


@dataclass(frozen=True)
class Combination:
    """One Series/Units combination of a file: its filter, a label and how many values."""

    filters: dict[str, str]
    values: int

    @property
    def label(self) -> str:
        return " · ".join(value for value in self.filters.values() if value)


def combinations(table: Table) -> list[Combination]:
    """The file's Series/Units combinations with a value, in the order they first appear."""
    by_lower = {name.strip().lower(): at for at, name in enumerate(table.header)}
    if "year" not in by_lower or "value" not in by_lower:
        raise FileRejected(_("An Open SDG file needs the columns Year and Value."))
    measures = [(at, name) for at, name in enumerate(table.header)
                if name.strip().lower() in MEASURE_COLUMNS]  # fmt: skip
    value_at = by_lower["value"]
    found: dict[tuple[str, ...], int] = {}
    for _number, cells in table.rows:
        texts = [cell_text(cell) for cell in cells] + [""] * len(table.header)
        if texts[value_at] == "":
            continue
        key = tuple(texts[at] for at, _name in measures)
        found[key] = found.get(key, 0) + 1
        if len(found) > MAX_COMBINATIONS:
            raise FileRejected(
                _("The file holds more than %(limit)d Series and Units combinations; split it.",
                  limit=MAX_COMBINATIONS)
            )  # fmt: skip
    if not found:
        raise FileRejected(_("There are no values in this file."))
    return [
        Combination({name: value for (_at, name), value in zip(measures, key, strict=True)}, count)
        for key, count in found.items()
    ]


def read_combinations(path: Path, filename: str) -> list[Combination]:
    table = open_table(path, filename)
    try:
        return combinations(table)
    finally:
        table.close()


@dataclass
class DraftError(Exception):
    """One draft (by position) breaks a rule of the indicator form."""

    position: int
    error: DomainError


def create_from_file(
    drafts: list[tuple[dict[str, Any], dict[str, str]]], path: Path, filename: str, *,
    actor: Any,
) -> tuple[list[Indicator], int]:  # fmt: skip
    """Save each (indicator values, combination filter) and import its values; flushes only.

    Raises DraftError for an indicator rule, ImportRejected (with every refused row) or
    FileRejected for the file: the caller rolls back, so nothing stays written.
    """
    created: list[Indicator] = []
    for position, (values, _filters) in enumerate(drafts):
        try:
            created.append(save_indicator(None, values, [], expected_version=0, actor_id=actor.id))
        except DomainError as error:
            raise DraftError(position, error) from None
    catalogue = Catalogue(actor)
    reading = Reading()
    for indicator, (_values, filters) in zip(created, drafts, strict=True):
        table = open_table(path, filename)
        try:
            part = read_open_sdg(
                table, catalogue.by_id[indicator.id], catalogue, date.today(), filters=filters
            )
        finally:
            table.close()
        reading.values.extend(part.values)
        reading.errors.extend(part.errors)
        reading.skipped += part.skipped
    plan = plan_values(reading, catalogue)
    if plan.errors:
        raise ImportRejected(plan.errors)
    count = apply_plan(plan, actor_id=actor.id, source={"source": "new_indicators",
                                                        "file": filename})  # fmt: skip
    return created, count
