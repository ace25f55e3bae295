"""A fetched plain CSV or JSON-stat dataset as an Open SDG table (Year, Value, breakdowns).

Decision: every kind of source is read by the Open SDG import's own reader
(``app.transfer.readers.open_sdg.read_open_sdg``), so a source and an upload follow the same
rules and get the same row-by-row errors. A plain CSV or a JSON-stat dataset is first laid out
as the table an Open SDG file would be: the filter's ``keep`` chooses the rows, ``period``
becomes Year, ``value`` becomes Value, ``breakdowns`` become breakdown columns under their new
names, and a ``totals`` value becomes an empty cell, which the reader takes as the headline.

JSON-stat: the body is checked against the JSON-stat 2.0 specification with jsonstat-validator
(a dataset, as PX-Web APIs answer with format json-stat2), then the cube is walked in row-major
order as the specification defines. PX-Web time codes (2020M01, 2020Q1, 2020K1) become
2020-01 and 2020-Q1.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from pydantic import ValidationError

from app.tabular import Cell, FileRejected, Table
from app.transfer.readers.cells import cell_text

_MONTH = re.compile(r"^(\d{4})M(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[QK]([1-4])$")
MAX_CELLS = 1_000_000


def _period_text(label: str) -> str:
    month = _MONTH.match(label)
    if month:
        return f"{month.group(1)}-{month.group(2)}"
    quarter = _QUARTER.match(label)
    if quarter:
        return f"{quarter.group(1)}-Q{quarter.group(2)}"
    return label


def _matches(wanted: str | list[str], *candidates: str) -> bool:
    options = wanted if isinstance(wanted, list) else [wanted]
    return any(candidate in options for candidate in candidates)


# ---- plain CSV ----


def csv_as_open_sdg(table: Table, filter_: dict[str, Any]) -> Table:
    """A plain CSV table laid out as an Open SDG table (see the module docstring)."""
    by_lower = {name.strip().lower(): position for position, name in enumerate(table.header)}

    def column(name: str) -> int:
        position = by_lower.get(name.strip().lower())
        if position is None:
            raise FileRejected(
                _("The file has no column %(name)s (named in the filter).", name=name[:100])
            )
        return position

    period_at = column(filter_.get("period", "Year"))
    value_at = column(filter_.get("value", "Value"))
    keep = {column(name): wanted for name, wanted in filter_.get("keep", {}).items()}
    breakdowns = {column(name): label for name, label in filter_.get("breakdowns", {}).items()}
    totals = {column(name): value for name, value in filter_.get("totals", {}).items()}
    header = ["Year", "Value", *breakdowns.values()]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, cells in table.rows:
            texts = [cell_text(cell) for cell in cells] + [""] * len(table.header)
            if any(not _matches(wanted, texts[at]) for at, wanted in keep.items()):
                continue
            out: list[Cell] = [_period_text(texts[period_at]), cells[value_at]
                               if value_at < len(cells) else None]  # fmt: skip
            for at in breakdowns:
                out.append("" if totals.get(at) == texts[at] else texts[at])
            yield number, out

    return Table(header, rows(), table.closer)


# ---- JSON-stat ----


@dataclass(frozen=True)
class _Dimension:
    id: str
    codes: list[str]
    labels: list[str]


def _dimension(name: str, body: Any) -> _Dimension:
    category = body.category
    index = category.index
    if index is None:
        codes = list((category.label or {}).keys())
    elif isinstance(index, list):
        codes = list(index)
    else:
        codes = [code for code, _position in sorted(index.items(), key=lambda item: item[1])]
    labels = [(category.label or {}).get(code, code) for code in codes]
    return _Dimension(name, codes, labels)


def _malformed(reason: str) -> FileRejected:
    return FileRejected(_("This is not a JSON-stat dataset (%(reason)s).", reason=reason[:300]))


def _dataset(body: bytes) -> Any:
    # Imported here: pydantic builds the JSON-stat models on import, which only refreshes need.
    from jsonstat_validator import Dataset, JSONStatValidationError

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _malformed(_("not UTF-8 text")) from None
    except json.JSONDecodeError as error:
        raise _malformed(_("invalid JSON at line %(line)d", line=error.lineno)) from None
    except RecursionError:
        raise _malformed(_("nested too deeply")) from None
    if isinstance(data, dict) and "dataset" in data and "class" not in data:
        raise _malformed(_("JSON-stat 1 bundle; ask the API for format json-stat2"))
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise _malformed(_("its class is not dataset"))
    try:
        return Dataset.model_validate(data)
    except (ValidationError, JSONStatValidationError, ValueError) as error:
        first = str(error).strip().splitlines()
        raise _malformed(first[-1] if first else type(error).__name__) from None


def _value_at(values: Any, position: int) -> Any:
    if isinstance(values, dict):
        return values.get(str(position))
    return values[position] if position < len(values) else None


def jsonstat_as_open_sdg(body: bytes, filter_: dict[str, Any]) -> Table:
    """A JSON-stat 2.0 dataset laid out as an Open SDG table (see the module docstring)."""
    dataset = _dataset(body)
    dimensions = [_dimension(name, dataset.dimension[name]) for name in dataset.id]
    if [len(d.codes) for d in dimensions] != list(dataset.size):
        raise _malformed(_("the sizes do not match the categories"))
    cells = math.prod(dataset.size)
    if cells > MAX_CELLS:
        raise _malformed(_("more than %(limit)d cells", limit=MAX_CELLS))
    if isinstance(dataset.value, list) and len(dataset.value) != cells:
        raise _malformed(_("%(found)d values for %(cells)d cells", found=len(dataset.value),
                           cells=cells))  # fmt: skip
    by_id = {d.id: d for d in dimensions}
    time_roles = list((dataset.role.time or []) if dataset.role else [])
    period = filter_.get("period") or (time_roles[0] if time_roles else None)
    if period is None or period not in by_id:
        raise FileRejected(
            _("Name the time dimension in the filter (period); the dataset has %(names)s.",
              names=", ".join(by_id)[:300])
        )  # fmt: skip
    keep = filter_.get("keep", {})
    breakdowns = filter_.get("breakdowns", {})
    totals = filter_.get("totals", {})
    for name in [*keep, *breakdowns, *totals]:
        if name not in by_id:
            raise FileRejected(
                _("The dataset has no dimension %(name)s; it has %(names)s.", name=name[:100],
                  names=", ".join(by_id)[:300])
            )  # fmt: skip
    chosen: list[list[int]] = []
    for dimension in dimensions:
        positions = list(range(len(dimension.codes)))
        if dimension.id in keep:
            positions = [
                at for at in positions
                if _matches(keep[dimension.id], dimension.codes[at], dimension.labels[at])
            ]  # fmt: skip
        elif dimension.id != period and dimension.id not in breakdowns and len(positions) > 1:
            raise FileRejected(
                _("The dimension %(name)s has %(count)d values: keep one in the filter or map "
                  "it to a breakdown.", name=dimension.id, count=len(positions))
            )  # fmt: skip
        chosen.append(positions)
    strides = [math.prod(dataset.size[i + 1 :]) for i in range(len(dimensions))]
    mapped = [(i, d) for i, d in enumerate(dimensions) if d.id in breakdowns]
    time_at = next(i for i, d in enumerate(dimensions) if d.id == period)
    header = ["Year", "Value", *(breakdowns[d.id] for _i, d in mapped)]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, combination in enumerate(itertools.product(*chosen), start=2):
            position = sum(at * stride for at, stride in zip(combination, strides, strict=True))
            value = _value_at(dataset.value, position)
            time = dimensions[time_at]
            out: list[Cell] = [_period_text(time.codes[combination[time_at]]),
                               "" if value is None else value]  # fmt: skip
            for i, dimension in mapped:
                code, label = dimension.codes[combination[i]], dimension.labels[combination[i]]
                total = totals.get(dimension.id)
                out.append("" if total is not None and total in (code, label) else label)
            yield number, out

    return Table(header, rows())
