"""The text and date policy: field errors that say what to fix, the same on every form."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Outcome, ProgressUpdate


def test_a_nul_byte_is_a_field_error_and_nothing_is_saved(app, city, signed_in):
    client = signed_in("mission_office")
    page = client.post_form(
        f"/staff/missions/{city.mission.id}/outcomes/new",
        {"title": "Safe\x00 streets", "position": "1", "version": "0"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Remove the control characters" in html
    with app.app_context():
        titles = db.session.scalars(select(Outcome.title)).all()
    assert titles == ["Every child feels safe"]


def test_a_year_one_date_is_a_field_error(app, city, signed_in):
    client = signed_in("edu_lead")
    url = f"/staff/interventions/{city.edu_intervention.id}/updates/new"
    page = client.post_form(
        url, {"reported_on": "0001-01-01", "status": "on_track", "summary": "Fine", "version": "0"}
    )
    assert page.status_code == 200
    assert "Enter a date between 1900 and 2200." in page.get_data(as_text=True)
    with app.app_context():
        count = db.session.scalar(
            select(db.func.count(ProgressUpdate.id)).where(
                ProgressUpdate.intervention_id == city.edu_intervention.id
            )
        )
    assert count == 1  # the city's own update only


def test_a_huge_value_is_refused_unless_the_range_allows_it(app, city, signed_in):
    url = f"/staff/indicators/{city.wel_indicator.id}/measurements/new"
    client = signed_in("wel_lead")
    page = client.post_form(url, {"period": "2023-01-01", "value": "1e28", "status": "final"})
    assert "Enter a number" in page.get_data(as_text=True)
    page = client.post_form(
        url, {"period": "2023-01-01", "value": "10000000000000000", "status": "final"}
    )
    assert "smaller than 1e+15 in size" in page.get_data(as_text=True)


def test_the_magnitude_limit_gives_way_to_an_indicators_own_range(app):
    import pytest

    from app.measurements.rules import ValueRefused, check_number

    with app.app_context():
        assert check_number(1e16, max_value=1e20) == 1e16
        assert check_number(-1e16, min_value=-1e20) == -1e16
        assert check_number(-(1e15 - 1)) == -(1e15 - 1)
        for value, low, high in (
            (1e16, None, None), (1e15, None, None), (-1e16, None, 1e20), (1e21, None, 1e20),
            (10**400, None, None), (float("nan"), None, None),
        ):  # fmt: skip
            with pytest.raises(ValueRefused):
                check_number(value, min_value=low, max_value=high)
        app.config["MAX_VALUE_MAGNITUDE"] = 1e6
        try:
            with pytest.raises(ValueRefused):
                check_number(2e6)
        finally:
            del app.config["MAX_VALUE_MAGNITUDE"]


def test_every_form_takes_the_storage_policy():
    """Forms derive from AppForm (text no column can store is a field error), whole numbers are
    WholeNumberField and selects of rows coerce with row_id (numbers no column holds are
    refused): a new form written the plain WTForms way would bring back the 500s."""
    import re
    from pathlib import Path

    app_dir = Path(__file__).resolve().parents[2] / "app"
    offending = []
    for path in sorted(app_dir.rglob("*.py")):
        if path.name == "forms.py" and path.parent == app_dir:
            continue
        text = path.read_text()
        for pattern in (r"\(FlaskForm\):", r"\bIntegerField\(", r"coerce=int\b"):
            offending += (
                [f"{path.relative_to(app_dir)}: {pattern}"] if re.search(pattern, text) else []
            )
    assert offending == []
