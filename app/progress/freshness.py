"""Freshness: when indicator data and intervention updates are due, and whether they are overdue.

Decisions:

* A measurement period is stored as its start date: ``date(2024, 1, 1)`` for the year 2024, the
  first day of the month or of the quarter (quarters start in January, April, July, October). A date
  that is not a period start is read as the period that contains it; an ``int`` is a year start.
* Data for a period is due at the end of the period plus a grace period for collecting and checking
  it: monthly 30 days, quarterly 45 days, yearly 180 days (``DEFAULT_GRACE_DAYS``). After the latest
  period with data, the next one is expected: ``next_data_due`` is the end of the period after the
  latest one, plus the grace. With 2023 as the latest yearly value, 2024 data is due on
  2024-12-31 + 180 days = 2025-06-29.
* The baseline counts as data: the latest period with data is the later of the newest headline
  measurement and the baseline period (``latest_data_period``), as the roll-up adds the baseline to
  the headline series.
* With no data at all, ``since`` (for example the date the indicator was created) names the first
  period expected: data for the period containing ``since`` is due at its end plus the grace. With
  no data and no ``since`` nothing can be promised, so the indicator counts as overdue.
* Overdue means strictly after the due date; on the due date itself data is still on time.
* Intervention updates are due ``cycle_days`` after the later of the last update and the start date
  (an update written before the start does not shorten the first cycle). With neither date there is
  no due date (``None``).
* Missing earlier periods count: a period that ended after the first period with data, within the
  last ``LOOKBACK_MONTHS``, with no headline value and not marked "not collected", is owed
  (``owed_periods``). Entering only the newest period does not clear "overdue": the data is due by
  the due date of the earliest owed period.
* Grace for new items: nothing is overdue before its first cycle has passed since it was listed
  (published, or created while never published: ``listed_on``): one period of the indicator's
  frequency (``first_cycle_end``), or the intervention's update cycle. Staff and public pages read
  the same rule through the progress engine.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, Final

from app.progress.vocabulary import Frequency

MONTHLY: Final = Frequency.MONTHLY.value
QUARTERLY: Final = Frequency.QUARTERLY.value
YEARLY: Final = Frequency.YEARLY.value
FREQUENCIES: Final = tuple(member.value for member in Frequency)
DEFAULT_GRACE_DAYS: Final = MappingProxyType({MONTHLY: 30, QUARTERLY: 45, YEARLY: 180})

_MONTHS_PER_PERIOD: Final = MappingProxyType({MONTHLY: 1, QUARTERLY: 3, YEARLY: 12})


def _months(frequency: str) -> int:
    try:
        return _MONTHS_PER_PERIOD[frequency]
    except KeyError:
        raise ValueError(
            f"frequency must be one of {', '.join(FREQUENCIES)}, got {frequency!r}."
        ) from None


def _as_date(period: date | int) -> date:
    if isinstance(period, bool) or not isinstance(period, int | date):
        raise TypeError(f"A period must be a date or an int year, got {period!r}.")
    if isinstance(period, int):
        return date(period, 1, 1)
    return period


def period_start(frequency: str, day: date | int) -> date:
    """First day of the period (month, quarter or year) that contains ``day``."""
    months = _months(frequency)
    day = _as_date(day)
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def next_period_start(frequency: str, period: date | int) -> date:
    """First day of the period after the one containing ``period``."""
    start = period_start(frequency, period)
    index = start.year * 12 + start.month - 1 + _months(frequency)
    return date(index // 12, index % 12 + 1, 1)


def period_end(frequency: str, period: date | int) -> date:
    """Last day of the period that contains ``period``."""
    return next_period_start(frequency, period) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def first_cycle_end(frequency: str, listed_on: date) -> date:
    """The end of a new indicator's first cycle: one period after it was listed."""
    return add_months(listed_on, _months(frequency))


# Missing periods are looked for this far back (36 monthly, 12 quarterly or 3 yearly periods):
# what a department can still be asked for, and a bounded read whatever the length of a series.
LOOKBACK_MONTHS: Final = 36


def lookback_start(frequency: str, today: date) -> date:
    """The first period in which a missing value is still owed."""
    return period_start(frequency, add_months(today, -LOOKBACK_MONTHS))


def owed_periods(
    frequency: str, covered: Collection[date], first: date | None, today: date
) -> list[date]:
    """Ended periods after ``first`` (the first period with data) and within the look-back that
    have no value and are not marked "not collected" (``covered`` holds both), oldest first.

    With no data at all nothing is listed (``next_data_due`` with ``since`` says when the first
    value is due)."""
    if first is None:
        return []
    current = max(next_period_start(frequency, first), lookback_start(frequency, today))
    owed = []
    while period_end(frequency, current) < today:
        if current not in covered:
            owed.append(current)
        current = next_period_start(frequency, current)
    return owed


def period_due(frequency: str, period: date | int, grace_days: int | None = None) -> date:
    """The date by which data for one period is due: its end plus the grace."""
    return period_end(frequency, period) + timedelta(days=grace_days_for(frequency, grace_days))


def grace_days_for(frequency: str, grace_days: int | None = None) -> int:
    """The grace in days: the given one, or the default for the frequency."""
    _months(frequency)
    if grace_days is None:
        return DEFAULT_GRACE_DAYS[frequency]
    if grace_days < 0:
        raise ValueError(f"grace_days must not be negative, got {grace_days}.")
    return grace_days


def latest_data_period(
    newest_measurement: date | None,
    baseline_period: date | None,
    baseline_value: float | None,
) -> date | None:
    """The latest period with data: the newest headline measurement or the baseline, if later.

    The baseline counts only when both its period and its value are set.
    """
    periods = [newest_measurement]
    if baseline_value is not None:
        periods.append(baseline_period)
    return max((period for period in periods if period is not None), default=None)


def next_data_due(
    frequency: str,
    latest_period: date | int | None,
    grace_days: int | None = None,
    *,
    since: date | None = None,
) -> date | None:
    """Date by which data for the next expected period is due (None: nothing to go by)."""
    grace = grace_days_for(frequency, grace_days)
    if latest_period is None:
        if since is None:
            return None
        expected = period_start(frequency, since)
    else:
        expected = next_period_start(frequency, latest_period)
    return period_end(frequency, expected) + timedelta(days=grace)


def is_overdue(
    frequency: str,
    latest_period: date | int | None,
    today: date,
    grace_days: int | None = None,
    *,
    since: date | None = None,
) -> bool:
    """True when the next data is past its due date, or when there is nothing to go by."""
    due = next_data_due(frequency, latest_period, grace_days, since=since)
    return due is None or today > due


@dataclass(frozen=True, slots=True)
class DataFreshness:
    """Whether an indicator's data is current, with the dates that say so."""

    frequency: str
    latest_period: date | None
    due: date | None
    overdue: bool
    days_overdue: int

    @property
    def current(self) -> bool:
        """Has data and is not overdue."""
        return self.latest_period is not None and not self.overdue

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "frequency": self.frequency,
            "latest_period": None if self.latest_period is None else self.latest_period.isoformat(),
            "due": None if self.due is None else self.due.isoformat(),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "current": self.current,
        }


def data_freshness(
    frequency: str,
    latest_period: date | int | None,
    today: date,
    grace_days: int | None = None,
    *,
    since: date | None = None,
    owed: Sequence[date] = (),
    listed_on: date | None = None,
) -> DataFreshness:
    """Freshness of an indicator's data on ``today``.

    owed: periods still missing (``owed_periods``): the data is due by the earliest one's due
    date. listed_on: when the indicator was created or published; nothing is overdue before its
    first cycle has passed (``first_cycle_end``)."""
    latest = None if latest_period is None else period_start(frequency, latest_period)
    due = next_data_due(frequency, latest, grace_days, since=since)
    if owed:
        earliest = period_due(frequency, min(owed), grace_days)
        due = earliest if due is None else min(due, earliest)
    if listed_on is not None:
        grace_end = first_cycle_end(frequency, listed_on)
        due = grace_end if due is None else max(due, grace_end)
    overdue = due is None or today > due
    days = (today - due).days if due is not None and today > due else 0
    return DataFreshness(frequency, latest, due, overdue, days)


def update_due(
    last_update_date: date | None,
    start_date: date | None,
    cycle_days: int,
    listed_on: date | None = None,
) -> date | None:
    """Date by which the next progress update is due (None when there is neither date).

    listed_on (created or published): no update is overdue before one cycle after it."""
    if cycle_days <= 0:
        raise ValueError(f"cycle_days must be positive, got {cycle_days}.")
    anchors = [day for day in (last_update_date, start_date) if day is not None]
    if not anchors:
        return None
    if listed_on is not None:
        anchors.append(listed_on)
    return max(anchors) + timedelta(days=cycle_days)


def is_update_overdue(
    last_update_date: date | None, start_date: date | None, cycle_days: int, today: date
) -> bool:
    """True when ``today`` is after the update due date."""
    due = update_due(last_update_date, start_date, cycle_days)
    return due is not None and today > due
