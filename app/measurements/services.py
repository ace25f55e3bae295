"""Measurement writes (flush, never commit): new values, corrections and the all-or-nothing grid.

Every value is checked by app.measurements.rules before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app import audit, editing
from app.database import check_text
from app.editing import EditConflict
from app.errors import DomainError
from app.measurements import rules
from app.measurements.queries import (
    find_measurement,
    headline_values,
    pending_values,
    recent_values,
    uncollected_period,
)
from app.models import (
    HEADLINE,
    Department,
    Indicator,
    Measurement,
    PendingValue,
    UncollectedPeriod,
)
from app.permissions import Action, authorize
from app.progress.freshness import period_end, period_start

MAX_REASON = 300  # the length of the reason column


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
    # The value the enterer confirmed after being asked (rules.check_confirmed), if any.
    confirmed: float | None = None


def _breakdown(dimension: str, dimension_value: str) -> str:
    """The key of the form's one dimension (both or neither), with the form's field names."""
    dimension, dimension_value = dimension.strip(), dimension_value.strip()
    if bool(dimension) != bool(dimension_value):
        field = "dimension_value" if dimension else "dimension"
        raise DomainError(_("Give both the breakdown dimension and its value, or neither."), field)
    return rules.key_of({dimension: dimension_value} if dimension else {}, field="dimension")


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
    rules.check_indicator(indicator)
    start = rules.period_for_day(indicator, period, today)
    key = _breakdown(dimension, dimension_value)
    source_note = source_note.strip()
    rules.check_new_value(
        indicator, period=start, breakdown=key, value=value, status=status,
        source_note=source_note, today=today,
    )  # fmt: skip
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
        source_note=source_note,
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
    """Correct a stored value; the audit event keeps the old one. False when nothing changed.

    The measurement's indicator must be loaded (the rules look at it).
    """
    source_note = source_note.strip()
    rules.check_correction(
        measurement.indicator, value=value, status=status, source_note=source_note
    )
    return editing.update(
        measurement,
        {"value": value, "status": status, "source_note": source_note},
        expected_version=expected_version,
        actor_id=actor_id,
    )


def _unchanged(entry: GridEntry, current: Measurement | PendingValue) -> bool:
    return (
        entry.value == current.value
        and entry.status == current.status
        and entry.source_note == current.source_note
    )


def _mine(entry: GridEntry) -> dict[str, object]:
    return {
        "indicator_id": entry.indicator.id,
        "period": entry.period.isoformat(),
        "value": entry.value,
        "status": entry.status,
        "source_note": entry.source_note,
    }


def _check_row(
    entry: GridEntry,
    current: Measurement | None,
    today: date,
    recent: list[float],
    shown: float | None,
) -> None:
    """Every rule of a grid row; a changed value that is unusual needs its confirmation."""
    assert entry.value is not None
    if current is None:
        rules.check_new_value(
            entry.indicator, period=entry.period, breakdown=HEADLINE, value=entry.value,
            status=entry.status, source_note=entry.source_note, today=today,
        )  # fmt: skip
    else:
        rules.check_correction(
            entry.indicator, value=entry.value, status=entry.status, source_note=entry.source_note
        )
    if entry.value != shown:
        rules.check_confirmed(entry.value, recent, entry.confirmed)


def save_grid(
    entries: list[GridEntry], *, actor_id: int, today: date, wait_for_review: bool = False
) -> int:
    """Save a period's headline values all or nothing; returns how many were written.

    Empty rows and rows equal to the stored value are skipped; a changed stored value is a
    correction. A row whose stored value moved since the page was opened raises EditConflict; any
    invalid row, or an unusual value not confirmed (rules.check_confirmed, checked on every
    save), raises GridErrors. Both are raised before anything is written. With wait_for_review
    (the department's values need review and the enterer may not publish) the values are kept
    as PendingValue rows, not measurements, until the mission office publishes them.
    """
    entries = [
        replace(
            entry,
            period=period_start(entry.indicator.frequency, entry.period),
            source_note=entry.source_note.strip(),
        )
        for entry in entries
    ]
    pairs = [(entry.indicator.id, entry.period) for entry in entries]
    stored = headline_values(pairs)
    recent = recent_values(pairs)
    waiting = pending_values(pairs) if wait_for_review else {}
    todo: list[tuple[GridEntry, Measurement | None]] = []
    errors: dict[int, DomainError] = {}
    for index, entry in enumerate(entries):
        if entry.value is None:
            continue
        current = stored.get((entry.indicator.id, entry.period))
        pending = waiting.get((entry.indicator.id, entry.period))
        compared = pending if pending is not None else current
        if compared is not None and _unchanged(entry, compared):
            continue
        shown = entry.expected_version
        if (current is None and shown != 0) or (current is not None and current.version != shown):
            theirs = {} if current is None else audit.snapshot(current)
            raise EditConflict(obj=current, theirs=theirs, mine=_mine(entry))
        try:
            _check_row(
                entry, current, today,
                [value for _period, value in recent.get(entry.indicator.id, [])],
                None if compared is None else compared.value,
            )  # fmt: skip
        except rules.NeedsConfirmation as error:
            errors[index] = error
            continue
        except DomainError as error:
            errors[index] = rules.ValueRefused(error.message, "value")  # the row's visible cell
            continue
        todo.append((entry, current))
    if errors:
        raise GridErrors(errors)
    for entry, current in todo:
        assert entry.value is not None
        if wait_for_review:
            _keep_for_review(entry, waiting.get((entry.indicator.id, entry.period)), actor_id)
        elif current is None:
            editing.create(
                Measurement(
                    indicator_id=entry.indicator.id,
                    period=entry.period,
                    breakdown=HEADLINE,
                    value=entry.value,
                    status=entry.status,
                    source_note=entry.source_note,
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
                    "source_note": entry.source_note,
                },
                expected_version=entry.expected_version,
                actor_id=actor_id,
            )
    return len(todo)


def _keep_for_review(entry: GridEntry, pending: PendingValue | None, actor_id: int) -> None:
    """Store (or change) the value waiting for review of this indicator and period; audited."""
    changes = {
        "value": entry.value,
        "status": entry.status,
        "source_note": entry.source_note,
        "author_id": actor_id,
    }
    if pending is None:
        editing.create(
            PendingValue(indicator_id=entry.indicator.id, period=entry.period, **changes),
            actor_id=actor_id,
        )
    else:
        editing.update(pending, changes, expected_version=pending.version, actor_id=actor_id)


def values_wait_for_review(department: Department, actor: Any) -> bool:
    """Whether values an actor enters for a department wait for the mission office: the
    department's setting, unless the actor may publish (the office reviews its own entries)."""
    return bool(department.values_need_review) and not authorize(actor, Action.PUBLISH)


def mark_not_collected(
    indicator: Indicator, *, period: date, reason: str, actor_id: int, today: date
) -> UncollectedPeriod:
    """Mark an ended period of an indicator as not collected, with the reason (audited): it is
    no longer listed as missing and no longer makes the indicator overdue."""
    rules.check_indicator(indicator)
    start = period_start(indicator.frequency, period)
    rules.check_period(indicator, start, today)
    if period_end(indicator.frequency, start) >= today:
        raise rules.ValueRefused(
            _("Only a period that has ended can be marked as not collected."), "period"
        )
    reason = reason.strip()
    if not reason:
        raise rules.ValueRefused(_("Say why no value was collected for this period."), "reason")
    check_text(reason, "reason", MAX_REASON)
    if find_measurement(indicator.id, HEADLINE, start) is not None:
        raise rules.ValueRefused(_("This period already has a value."), "period")
    if uncollected_period(indicator.id, start) is not None:
        raise rules.ValueRefused(_("This period is already marked as not collected."), "period")
    return editing.create(
        UncollectedPeriod(
            indicator_id=indicator.id, period=start, reason=reason, author_id=actor_id
        ),
        actor_id=actor_id,
    )
