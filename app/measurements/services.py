"""Measurement writes (flush, never commit): new values, corrections and the all-or-nothing grid."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask_babel import gettext as _

from app import audit, editing
from app.editing import EditConflict
from app.errors import DomainError
from app.measurements.queries import find_measurement, headline_values
from app.measurements.values import check_in_range
from app.models import HEADLINE, Indicator, Measurement
from app.models.enums import MeasurementStatus
from app.models.indicator import breakdown_key
from app.progress.freshness import period_start


class DuplicateMeasurement(DomainError):
    """A value already exists for the period and breakdown: correct it instead."""

    def __init__(self, message: str, field: str, measurement_id: int) -> None:
        super().__init__(message, field)
        self.measurement_id = measurement_id


@dataclass
class GridErrors(Exception):
    """Some grid rows are invalid (by row index); nothing was written."""

    errors: dict[int, DomainError]


@dataclass(frozen=True)
class GridEntry:
    """One posted grid row: the indicator, its period and what the user typed."""

    indicator: Indicator
    period: date
    expected_version: int  # 0: no value was shown when the page was opened
    value: float | None
    status: str
    source_note: str


def _check_status(status: str) -> None:
    if status not in set(MeasurementStatus):
        raise DomainError(_("Choose provisional or final."), "status")


def _check_period_started(period: date, today: date, field: str) -> None:
    if period > today:
        raise DomainError(_("This period has not started yet."), field)


def _breakdown(dimension: str, dimension_value: str) -> str:
    dimension, dimension_value = dimension.strip(), dimension_value.strip()
    if bool(dimension) != bool(dimension_value):
        field = "dimension_value" if dimension else "dimension"
        raise DomainError(_("Give both the breakdown dimension and its value, or neither."), field)
    try:
        return breakdown_key({dimension: dimension_value} if dimension else None)
    except ValueError:
        raise DomainError(_("A breakdown may not contain '=' or '|'."), "dimension") from None


def add_measurement(
    indicator: Indicator,
    *,
    period: date,
    dimension: str,
    dimension_value: str,
    value: float,
    status: str,
    source_note: str,
    actor_id: int,
    today: date,
) -> Measurement:
    """Store a new value for the period (normalised to its first day) and breakdown."""
    start = period_start(indicator.frequency, period)
    _check_period_started(start, today, "period")
    key = _breakdown(dimension, dimension_value)
    check_in_range(value, indicator.min_value, indicator.max_value)
    _check_status(status)
    existing = find_measurement(indicator.id, key, start)
    if existing is not None:
        raise DuplicateMeasurement(
            _("A value already exists for this period and breakdown. Correct it instead."),
            "period",
            existing.id,
        )
    measurement = Measurement(
        indicator_id=indicator.id,
        period=start,
        breakdown=key,
        value=value,
        status=status,
        source_note=source_note.strip(),
        entered_by_id=actor_id,
    )
    return editing.create(measurement, actor_id=actor_id)


def correct_measurement(
    measurement: Measurement,
    *,
    value: float,
    status: str,
    source_note: str,
    expected_version: int,
    actor_id: int,
) -> bool:
    """Correct a stored value; the audit event keeps the old one. False when nothing changed."""
    check_in_range(value, measurement.indicator.min_value, measurement.indicator.max_value)
    _check_status(status)
    return editing.update(
        measurement,
        {"value": value, "status": status, "source_note": source_note.strip()},
        expected_version=expected_version,
        actor_id=actor_id,
    )


def _unchanged(entry: GridEntry, current: Measurement) -> bool:
    return (
        entry.value == current.value
        and entry.status == current.status
        and entry.source_note.strip() == current.source_note
    )


def _mine(entry: GridEntry) -> dict[str, object]:
    return {
        "indicator_id": entry.indicator.id,
        "period": entry.period.isoformat(),
        "value": entry.value,
        "status": entry.status,
        "source_note": entry.source_note.strip(),
    }


def save_grid(entries: list[GridEntry], *, actor_id: int, today: date) -> int:
    """Save a period's headline values all or nothing; returns how many were written.

    Empty rows and rows equal to the stored value are skipped; a changed stored value is a
    correction. A row whose stored value moved since the page was opened raises EditConflict; any
    invalid row raises GridErrors. Both are raised before anything is written.
    """
    entries = [
        replace(entry, period=period_start(entry.indicator.frequency, entry.period))
        for entry in entries
    ]
    stored = headline_values((entry.indicator.id, entry.period) for entry in entries)
    todo: list[tuple[GridEntry, Measurement | None]] = []
    errors: dict[int, DomainError] = {}
    for index, entry in enumerate(entries):
        if entry.value is None:
            continue
        current = stored.get((entry.indicator.id, entry.period))
        if current is not None and _unchanged(entry, current):
            continue
        shown = entry.expected_version
        if (current is None and shown != 0) or (current is not None and current.version != shown):
            theirs = {} if current is None else audit.snapshot(current)
            raise EditConflict(obj=current, theirs=theirs, mine=_mine(entry))
        try:
            _check_period_started(entry.period, today, "value")
            check_in_range(entry.value, entry.indicator.min_value, entry.indicator.max_value)
            _check_status(entry.status)
        except DomainError as error:
            errors[index] = error
            continue
        todo.append((entry, current))
    if errors:
        raise GridErrors(errors)
    for entry, current in todo:
        assert entry.value is not None
        if current is None:
            editing.create(
                Measurement(
                    indicator_id=entry.indicator.id,
                    period=entry.period,
                    breakdown=HEADLINE,
                    value=entry.value,
                    status=entry.status,
                    source_note=entry.source_note.strip(),
                    entered_by_id=actor_id,
                ),
                actor_id=actor_id,
            )
        else:
            editing.update(
                current,
                {
                    "value": entry.value,
                    "status": entry.status,
                    "source_note": entry.source_note.strip(),
                },
                expected_version=entry.expected_version,
                actor_id=actor_id,
            )
    return len(todo)
