"""Freshness: period arithmetic, data due dates, overdue checks and update due dates."""

from __future__ import annotations

from datetime import date

import pytest

from app.progress.freshness import (
    DEFAULT_GRACE_DAYS,
    data_freshness,
    is_overdue,
    is_update_overdue,
    next_data_due,
    next_period_start,
    period_end,
    period_start,
    update_due,
)


@pytest.mark.parametrize(
    ("frequency", "day", "start", "end", "following"),
    [
        ("monthly", date(2024, 2, 14), date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 1)),
        ("monthly", date(2023, 12, 1), date(2023, 12, 1), date(2023, 12, 31), date(2024, 1, 1)),
        ("quarterly", date(2024, 5, 20), date(2024, 4, 1), date(2024, 6, 30), date(2024, 7, 1)),
        ("quarterly", date(2024, 10, 1), date(2024, 10, 1), date(2024, 12, 31), date(2025, 1, 1)),
        ("yearly", date(2024, 7, 1), date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 1)),
        ("yearly", 2023, date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1)),
    ],
)
def test_period_arithmetic(
    frequency: str, day: date | int, start: date, end: date, following: date
) -> None:
    assert period_start(frequency, day) == start
    assert period_end(frequency, day) == end
    assert next_period_start(frequency, day) == following


def test_default_grace_days() -> None:
    assert dict(DEFAULT_GRACE_DAYS) == {"monthly": 30, "quarterly": 45, "yearly": 180}


def test_next_data_due_per_frequency() -> None:
    # Yearly: 2023 is the latest, 2024 is due at 2024-12-31 + 180 days.
    assert next_data_due("yearly", date(2023, 1, 1)) == date(2025, 6, 29)
    assert next_data_due("yearly", 2023) == date(2025, 6, 29)
    # Quarterly: Q1 2024 latest, Q2 ends 2024-06-30, + 45 days.
    assert next_data_due("quarterly", date(2024, 1, 1)) == date(2024, 8, 14)
    # Monthly: January 2024 latest, February ends 2024-02-29, + 30 days.
    assert next_data_due("monthly", date(2024, 1, 1)) == date(2024, 3, 30)
    assert next_data_due("monthly", date(2024, 1, 1), grace_days=0) == date(2024, 2, 29)


def test_next_data_due_without_data() -> None:
    assert next_data_due("yearly", None) is None
    assert next_data_due("yearly", None, since=date(2024, 3, 1)) == date(2025, 6, 29)
    assert next_data_due("monthly", None, since=date(2024, 3, 15)) == date(2024, 4, 30)


def test_is_overdue_boundaries() -> None:
    latest = date(2024, 1, 1)
    assert is_overdue("monthly", latest, date(2024, 3, 30)) is False
    assert is_overdue("monthly", latest, date(2024, 3, 31)) is True
    assert is_overdue("yearly", None, date(2024, 1, 1)) is True
    assert is_overdue("yearly", None, date(2024, 1, 1), since=date(2024, 1, 1)) is False


def test_data_freshness() -> None:
    fresh = data_freshness("quarterly", date(2024, 5, 1), date(2024, 11, 1))
    assert fresh.latest_period == date(2024, 4, 1)
    assert fresh.due == date(2024, 11, 14)
    assert (fresh.overdue, fresh.days_overdue, fresh.current) == (False, 0, True)
    late = data_freshness("quarterly", date(2024, 4, 1), date(2024, 11, 20))
    assert (late.overdue, late.days_overdue, late.current) == (True, 6, False)
    assert late.to_dict() == {
        "frequency": "quarterly",
        "latest_period": "2024-04-01",
        "due": "2024-11-14",
        "overdue": True,
        "days_overdue": 6,
        "current": False,
    }
    nothing = data_freshness("yearly", None, date(2024, 1, 1))
    assert (nothing.due, nothing.overdue, nothing.current) == (None, True, False)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="frequency"):
        next_data_due("weekly", date(2024, 1, 1))
    with pytest.raises(ValueError, match="grace_days"):
        next_data_due("yearly", date(2024, 1, 1), grace_days=-1)
    with pytest.raises(TypeError):
        period_start("yearly", "2024")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cycle_days"):
        update_due(None, date(2024, 1, 1), 0)


def test_update_due() -> None:
    assert update_due(date(2024, 3, 1), date(2024, 1, 1), 30) == date(2024, 3, 31)
    assert update_due(None, date(2024, 1, 1), 90) == date(2024, 3, 31)
    # An update before the start does not shorten the first cycle.
    assert update_due(date(2023, 12, 1), date(2024, 1, 1), 30) == date(2024, 1, 31)
    assert update_due(date(2024, 2, 1), None, 30) == date(2024, 3, 2)
    assert update_due(None, None, 30) is None
    assert is_update_overdue(None, date(2024, 1, 1), 30, date(2024, 1, 31)) is False
    assert is_update_overdue(None, date(2024, 1, 1), 30, date(2024, 2, 1)) is True
    assert is_update_overdue(None, None, 30, date(2024, 2, 1)) is False
