"""The rules of a measurement value, as every way in (form, grid, import, API, seed) uses them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from app.errors import DomainError
from app.measurements import rules
from app.models import Indicator

TODAY = date(2025, 6, 15)


def _indicator(**kw) -> Indicator:  # type: ignore[no-untyped-def]
    kw.setdefault("frequency", "quarterly")
    kw.setdefault("min_value", 0.0)
    kw.setdefault("max_value", 100.0)
    return Indicator(**kw)


@pytest.fixture(autouse=True)
def _messages(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        yield


def test_an_archived_indicator_takes_no_value():
    archived = _indicator(archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(rules.ValueRefused, match="archived; it takes no new data") as raised:
        rules.check_indicator(archived)
    assert raised.value.field == "indicator"
    assert isinstance(raised.value, DomainError)
    for check in (
        lambda: rules.check_new_value(archived, period=date(2024, 1, 1), breakdown="",
                                      value=5.0, status="final", today=TODAY),
        lambda: rules.check_correction(archived, value=5.0, status="final", source_note=""),
    ):  # fmt: skip
        with pytest.raises(rules.ValueRefused, match="archived"):
            check()
    rules.check_indicator(_indicator(archived_at=None))


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (date(2024, 5, 1), "Give the first day of the period: 2024-04-01."),
        (date(2024, 4, 2), "Give the first day of the period: 2024-04-01."),
        (date(2025, 7, 1), "This period has not started yet."),
    ],
)
def test_a_period_is_the_first_day_of_a_started_period(period, message):
    with pytest.raises(rules.ValueRefused, match=re.escape(message)) as raised:
        rules.check_period(_indicator(), period, TODAY)
    assert raised.value.field == "period"


def test_any_day_is_read_as_its_period():
    quarterly, yearly = _indicator(), _indicator(frequency="yearly")
    assert rules.period_for_day(quarterly, date(2024, 5, 17), TODAY) == date(2024, 4, 1)
    assert rules.period_for_day(yearly, date(2024, 5, 17), TODAY) == date(2024, 1, 1)
    assert rules.period_for_day(quarterly, date(2025, 6, 30), TODAY) == date(2025, 4, 1)
    with pytest.raises(rules.ValueRefused, match="not started"):
        rules.period_for_day(quarterly, date(2025, 7, 1), TODAY, field="value")


def test_breakdown_keys_are_canonical():
    assert rules.key_of({}) == ""
    assert rules.key_of({"sex": "Female", "age": "6-9"}) == "age=6-9|sex=Female"
    assert rules.key_of({" district ": " Breiðholt "}) == "district=Breiðholt"
    assert rules.dimensions_of("sex=Female | age=6-9") == {"sex": "Female", "age": "6-9"}
    assert rules.dimensions_of("  ") == {}
    rules.check_breakdown("")
    rules.check_breakdown("age=6-9|sex=Female")


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: rules.check_breakdown("sex=Female|age=6-9"), "Write the breakdown as"),
        (lambda: rules.check_breakdown("district"), "Write the breakdown as"),
        (lambda: rules.check_breakdown("district="), "Write the breakdown as"),
        (lambda: rules.check_breakdown("a=1|a=2"), "gives a twice"),
        (lambda: rules.key_of({"a=b": "x"}), "may not contain"),
        (lambda: rules.key_of({"a": "x|y"}), "may not contain"),
        (lambda: rules.key_of({"n" * 61: "x"}), "Keep each breakdown name to 60 characters."),
        (lambda: rules.key_of({"district": "x" * 500}), "longer than 500 characters"),
    ],
)
def test_malformed_breakdowns_are_refused(check, message):
    with pytest.raises(rules.ValueRefused, match=re.escape(message)) as raised:
        check()
    assert raised.value.field == "breakdown"


def test_values_are_finite_and_inside_the_plausible_range():
    percent = _indicator()
    assert rules.check_value(percent, 100) == 100.0
    assert rules.check_value(percent, 0.0) == 0.0
    assert rules.check_value(_indicator(min_value=None, max_value=None), -1e9) == -1e9
    for bad, message in (
        (float("nan"), "Enter a number"),
        (float("inf"), "Enter a number"),
        (True, "Enter a number"),
        ("12", "Enter a number"),
        (100.5, "Enter a value between 0 and 100."),
        (-0.5, "Enter a value between 0 and 100."),
    ):
        with pytest.raises(rules.ValueRefused, match=re.escape(message)) as raised:
            rules.check_value(percent, bad)
        assert raised.value.field == "value"


def test_range_check_names_the_range():
    rules.check_in_range(100.0, 0.0, 100.0)
    rules.check_in_range(0.0, 0.0, 100.0)
    rules.check_in_range(1e9, None, None)
    with pytest.raises(DomainError, match="between 0 and 100") as raised:
        rules.check_in_range(101.0, 0.0, 100.0)
    assert raised.value.field == "value"
    with pytest.raises(DomainError, match="at least 0") as raised:
        rules.check_in_range(-1.0, 0.0, None, "baseline_value")
    assert raised.value.field == "baseline_value"
    with pytest.raises(DomainError, match="at most 5"):
        rules.check_in_range(6.0, None, 5.0)


def test_status_and_note():
    assert rules.check_status("final") == "final"
    assert rules.check_status("provisional") == "provisional"
    for bad in ("Final", "guess", "", None):
        with pytest.raises(rules.ValueRefused, match="Choose provisional or final"):
            rules.check_status(bad)
    assert rules.check_source_note("x" * 300) == "x" * 300
    with pytest.raises(rules.ValueRefused, match="300 characters") as raised:
        rules.check_source_note("x" * 301)
    assert raised.value.field == "source_note"


def test_a_whole_new_value_and_a_correction():
    indicator = _indicator()
    rules.check_new_value(indicator, period=date(2025, 4, 1), breakdown="district=Breiðholt",
                          value=42.0, status="provisional", source_note="Survey",
                          today=TODAY)  # fmt: skip
    rules.check_correction(indicator, value=42.0, status="final", source_note="")
    with pytest.raises(rules.ValueRefused, match="between 0 and 100"):
        rules.check_correction(indicator, value=101.0, status="final", source_note="")
