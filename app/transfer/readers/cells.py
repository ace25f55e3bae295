"""What every reader shares: row errors (row, column, reason) and reading a cell as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.errors import DomainError
from app.tabular import Cell


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row (spreadsheet numbering) or one API item cannot be imported."""

    row: int
    column: str
    message: str


class CellError(DomainError):
    """One cell of a row cannot be read; field names its column (value, period, mission_slug...).

    The rules of app.measurements.rules raise their own DomainError (ValueRefused); readers
    treat both alike.
    """


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text: whole floats without ".0", dates in ISO 8601."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()
