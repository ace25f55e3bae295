"""The measurement services refuse what the rules refuse, before anything is written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.measurements import rules
from app.measurements.queries import get_measurement
from app.measurements.services import (
    GridEntry,
    GridErrors,
    add_measurement,
    correct_measurement,
    save_grid,
)
from app.models import AuditEvent, Indicator, Measurement
from app.models.base import utcnow

TODAY = date(2025, 6, 15)


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Measurement.id))) or 0,
        db.session.scalar(select(func.count(AuditEvent.id))) or 0,
    )


@pytest.fixture
def archived(app, city):  # type: ignore[no-untyped-def]
    """The city's EDU indicator, archived; a request context for the messages."""
    with app.test_request_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.archived_at = utcnow()
        db.session.flush()
        yield indicator


def test_an_archived_indicator_takes_no_new_value(city, archived):
    before = _counts()
    with pytest.raises(rules.ValueRefused, match="archived") as raised:
        add_measurement(
            archived, period=date(2023, 3, 3), dimension="", dimension_value="", value=50.0,
            status="final", source_note="", actor_id=city.users["edu_lead"].id, today=TODAY,
        )  # fmt: skip
    assert raised.value.field == "indicator"
    db.session.flush()
    assert _counts() == before


def test_an_archived_indicator_takes_no_correction(city, archived):
    measurement = get_measurement(city.edu_measurement.id)  # with its indicator, as the view
    with pytest.raises(rules.ValueRefused, match="archived"):
        correct_measurement(
            measurement, value=50.0, status="final", source_note="", expected_version=1,
            actor_id=city.users["edu_lead"].id,
        )  # fmt: skip
    db.session.flush()
    assert db.session.get(Measurement, city.edu_measurement.id).value == 71.0


def test_the_grid_refuses_an_archived_indicator_row(city, archived):
    before = _counts()
    entry = GridEntry(indicator=archived, period=date(2023, 5, 5), expected_version=0,
                      value=50.0, status="final", source_note="")  # fmt: skip
    with pytest.raises(GridErrors) as raised:
        save_grid([entry], actor_id=city.users["edu_lead"].id, today=TODAY)
    (error,) = raised.value.errors.values()
    assert (error.field, error.message) == (
        "value", "This indicator is archived; it takes no new data."
    )  # fmt: skip
    db.session.flush()
    assert _counts() == before


def test_the_form_breakdown_is_checked_by_the_rules(app, city):
    with app.test_request_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        with pytest.raises(rules.ValueRefused, match="longer than 500") as raised:
            add_measurement(
                indicator, period=date(2023, 3, 3), dimension="district",
                dimension_value="x" * 500, value=50.0, status="final", source_note="",
                actor_id=city.users["edu_lead"].id, today=TODAY,
            )  # fmt: skip
        assert raised.value.field == "dimension"
