"""The rules of a new or corrected measurement value, whichever way it comes in.

The single value and correction forms, the period grid, the spreadsheet and Open SDG imports,
the JSON API and the demo seed all check values with these functions, and no other code does:

* the indicator is not archived: an archived indicator takes no new or corrected values;
* the period is the first day of the indicator's month, quarter or year, and it has started
  (a way in that accepts any day of the period turns it into the first day with
  ``period_for_day``);
* the breakdown key is canonical: name=value pairs sorted by name and joined by '|', no '=' or
  '|' inside a name or a value, names of at most MAX_DIMENSION_NAME characters and MAX_BREAKDOWN
  in all; the headline is the empty key;
* the value is a finite number smaller than MAX_VALUE_MAGNITUDE (1e15) in size, unless the
  indicator's plausible range (min_value, max_value) reaches further, and inside that range;
* the status is one of MeasurementStatus, and the source note fits its column.

Each check raises ValueRefused, a DomainError carrying a translated message and the field it is
about (indicator, period, breakdown, value, status or source_note); every function takes
``field=`` so that a caller can name its own field instead (the form's dimension, a file's
column, the grid's value cell). Reading text into numbers, periods and dimensions is the
readers' work (``app.measurements.values``, ``app.transfer.readers``), not a rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.database import FIRST_YEAR, LAST_YEAR, check_text
from app.errors import DomainError
from app.measurements.values import NUMBER_HINT, plain_number
from app.models.enums import MeasurementStatus
from app.models.indicator import Indicator, breakdown_key
from app.progress.freshness import period_start

MAX_BREAKDOWN = 500  # the length of the breakdown column
# An index entry must stay well inside PostgreSQL's limit (about 2,700 bytes): long Cyrillic
# labels take two bytes a character.
MAX_BREAKDOWN_BYTES = 1500
MAX_DIMENSION_NAME = 60
MAX_NOTE = 300  # the length of the source_note column
STATUSES = frozenset(status.value for status in MeasurementStatus)
# Values are smaller than this in size unless an indicator's range says otherwise
# (config MAX_VALUE_MAGNITUDE): 1e28 typed by mistake would otherwise flatten every chart.
DEFAULT_MAGNITUDE = 1e15


class ValueRefused(DomainError):
    """A value breaks a measurement rule: ``field`` says which part, ``message`` why."""


def _check_storable(text: str, field: str) -> None:
    """The storage policy's text rule (app.database.check_text), as a ValueRefused."""
    try:
        check_text(text, field)
    except DomainError as error:
        raise ValueRefused(error.message, field) from None


# ---- the indicator ----


def check_indicator(indicator: Indicator, field: str = "indicator") -> None:
    """Refuse values for an archived indicator (new ones and corrections alike)."""
    if indicator.archived_at is not None:
        raise ValueRefused(_("This indicator is archived; it takes no new data."), field)


# ---- the period ----


def check_period(indicator: Indicator, period: date, today: date, field: str = "period") -> None:
    """The period must be the first day of one of the indicator's periods, already started,
    and not before FIRST_YEAR."""
    if period.year < FIRST_YEAR:
        raise ValueRefused(
            _("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
            field,
        )
    start = period_start(indicator.frequency, period)
    if period != start:
        raise ValueRefused(
            _("Give the first day of the period: %(start)s.", start=start.isoformat()), field
        )
    if period > today:
        raise ValueRefused(_("This period has not started yet."), field)


def period_for_day(indicator: Indicator, day: date, today: date, field: str = "period") -> date:
    """The first day of the indicator's period that contains day, checked."""
    start = period_start(indicator.frequency, day)
    check_period(indicator, start, today, field)
    return start


# ---- the breakdown ----


def _malformed(field: str) -> ValueRefused:
    return ValueRefused(
        _("Write the breakdown as name=value, joined by |, e.g. sex=Female|age=6-9."), field
    )


def merge_dimensions(
    into: dict[str, str], name: str, value: str, field: str = "breakdown"
) -> dict[str, str]:
    """Add one dimension; the same name twice with different values is refused."""
    if name in into and into[name] != value:
        raise ValueRefused(
            _("The breakdown gives %(name)s twice with different values.", name=name[:60]), field
        )
    into[name] = value
    return into


def dimensions_of(text: str, field: str = "breakdown") -> dict[str, str]:
    """The dimensions a key names: 'sex=Female|age=6-9' -> {'sex': 'Female', 'age': '6-9'}.

    '' (the headline) gives {}; anything but name=value parts joined by '|' is refused.
    """
    dimensions: dict[str, str] = {}
    if not text.strip():
        return dimensions
    for part in text.split("|"):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise _malformed(field)
        merge_dimensions(dimensions, name.strip(), value.strip(), field)
    return dimensions


def key_of(dimensions: Mapping[str, str], field: str = "breakdown") -> str:
    """The canonical key of some dimensions ('' for none): sorted by name and checked.

    Names or values left empty are dropped, as the model's breakdown_key does.
    """
    for text in (*dimensions, *dimensions.values()):
        _check_storable(text, field)
    if any(len(name.strip()) > MAX_DIMENSION_NAME for name in dimensions):
        raise ValueRefused(
            _("Keep each breakdown name to %(n)d characters.", n=MAX_DIMENSION_NAME), field
        )
    try:
        key = breakdown_key(dict(dimensions))
    except ValueError:
        raise ValueRefused(_("A breakdown may not contain '=' or '|'."), field) from None
    if len(key) > MAX_BREAKDOWN or len(key.encode()) > MAX_BREAKDOWN_BYTES:
        raise ValueRefused(
            _("The breakdown is longer than %(n)d characters.", n=MAX_BREAKDOWN), field
        )
    return key


def check_breakdown(key: str, field: str = "breakdown") -> None:
    """A key to store must be canonical: exactly what key_of makes of its own dimensions."""
    if key_of(dimensions_of(key, field), field) != key:
        raise _malformed(field)


# ---- the value, its status and note ----


def check_in_range(
    value: float, min_value: float | None, max_value: float | None, field: str = "value"
) -> None:
    """Refuse a value outside a plausible range (a percentage above 100, say).

    Also used for an indicator's own baseline, target and interim targets.
    """
    too_low = min_value is not None and value < min_value
    too_high = max_value is not None and value > max_value
    if not (too_low or too_high):
        return
    if min_value is not None and max_value is not None:
        message = _(
            "Enter a value between %(low)s and %(high)s.",
            low=plain_number(min_value),
            high=plain_number(max_value),
        )
    elif min_value is not None:
        message = _("Enter a value of at least %(low)s.", low=plain_number(min_value))
    else:
        message = _("Enter a value of at most %(high)s.", high=plain_number(max_value or 0.0))
    raise ValueRefused(message, field)


def magnitude_limit() -> float:
    """The largest size of a value an indicator takes unless its own range allows more."""
    if has_app_context():
        return float(current_app.config.get("MAX_VALUE_MAGNITUDE", DEFAULT_MAGNITUDE))
    return DEFAULT_MAGNITUDE


def check_number(
    value: object,
    field: str = "value",
    *,
    min_value: float | None = None,
    max_value: float | None = None,
) -> float:
    """A finite number (not a boolean, not text) of a sane size, as a float.

    Sane: smaller than magnitude_limit() in size, unless the range given (an indicator's own
    plausible range) reaches further on that side.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueRefused(str(NUMBER_HINT), field)
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        number = math.inf
    if not math.isfinite(number):
        raise ValueRefused(str(NUMBER_HINT), field)
    limit = magnitude_limit()
    sane = -limit < number < limit
    reached = (max_value is not None and limit <= number <= max_value) or (
        min_value is not None and min_value <= number <= -limit
    )
    if not (sane or reached):
        raise ValueRefused(
            _("Enter a number smaller than %(limit)s in size.", limit=f"{limit:.0e}"), field
        )
    return number


def check_value(indicator: Indicator, value: object, field: str = "value") -> float:
    """A finite number of a sane size inside the indicator's plausible range, as a float."""
    number = check_number(
        value, field, min_value=indicator.min_value, max_value=indicator.max_value
    )
    check_in_range(number, indicator.min_value, indicator.max_value, field)
    return number


def check_status(status: object, field: str = "status") -> str:
    """'final' or 'provisional'."""
    if not isinstance(status, str) or status not in STATUSES:
        raise ValueRefused(_("Choose provisional or final."), field)
    return str(status)


def check_source_note(note: str, field: str = "source_note") -> str:
    """A note that fits its column, with no control characters."""
    if len(note) > MAX_NOTE:
        raise ValueRefused(_("Keep the source note to %(n)d characters.", n=MAX_NOTE), field)
    _check_storable(note, field)
    return note


# ---- a whole value ----


def check_new_value(
    indicator: Indicator,
    *,
    period: date,
    breakdown: str,
    value: float,
    status: str,
    source_note: str = "",
    today: date,
) -> None:
    """Every rule of a value to add; the first one broken is raised."""
    check_indicator(indicator)
    check_period(indicator, period, today)
    check_breakdown(breakdown)
    check_value(indicator, value)
    check_status(status)
    check_source_note(source_note)


def check_correction(indicator: Indicator, *, value: float, status: str, source_note: str) -> None:
    """Every rule of a correction of a stored value (its period and breakdown stay)."""
    check_indicator(indicator)
    check_value(indicator, value)
    check_status(status)
    check_source_note(source_note)


# ---- a value that needs the enterer's confirmation ----

# A value that moves by more than this share of the previous value (config JUMP_CONFIRM_SHARE)
# is saved only when the enterer confirms that exact value.
DEFAULT_JUMP_SHARE = 0.25


class NeedsConfirmation(ValueRefused):
    """A plausible but unusual value: saved only with the enterer's confirmation of it."""


def jump_share() -> float:
    """The share of the previous value beyond which a change needs confirmation."""
    if has_app_context():
        return float(current_app.config.get("JUMP_CONFIRM_SHARE", DEFAULT_JUMP_SHARE))
    return DEFAULT_JUMP_SHARE


def unusual_reason(value: float, recent: list[float]) -> str | None:
    """Why value needs confirmation, or None: it moves by more than jump_share() from the
    previous value (recent[-1]), or lies that far outside the range of the recent values."""
    if not recent:
        return None
    share = jump_share()
    previous = recent[-1]
    if abs(value - previous) > share * abs(previous):
        return str(
            _(
                "This is a change of more than %(share)d %% from the previous value "
                "(%(previous)s).",
                share=round(share * 100),
                previous=plain_number(previous),
            )
        )
    low, high = min(recent), max(recent)
    if value < low - share * abs(low) or value > high + share * abs(high):
        return str(
            _(
                "This is outside the usual range of the recent values (%(low)s to %(high)s).",
                low=plain_number(low),
                high=plain_number(high),
            )
        )
    return None


def check_confirmed(
    value: float, recent: list[float], confirmed: float | None, field: str = "value"
) -> None:
    """Refuse an unusual value unless the enterer confirmed this exact value (a confirmation of
    another value, or none, does not count: replaying a form without it is refused too)."""
    reason = unusual_reason(value, recent)
    if reason is not None and confirmed != value:
        raise NeedsConfirmation(
            reason + " " + _("If it is right, tick the confirmation and save again."), field
        )
