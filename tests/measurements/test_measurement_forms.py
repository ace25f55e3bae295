"""Entering one value and correcting one: parsing, range, period, duplicates, rights, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import Measurement
from tests.support.measurements import (
    archive_indicator,
    audit_count,
    events,
    measurement_count,
    stored,
)

NEW_VALUE = {
    "period": "2023-06-15",
    "value": "12,5",
    "status": "provisional",
    "source_note": "Survey",
}


def _new_url(indicator) -> str:  # type: ignore[no-untyped-def]
    return f"/staff/indicators/{indicator.id}/measurements/new"


def _edit_url(measurement) -> str:  # type: ignore[no-untyped-def]
    return f"/staff/measurements/{measurement.id}/edit"


# ---- a new value ----


def test_lead_enters_a_value_with_a_decimal_comma(app, city, signed_in):
    client = signed_in("edu_lead")
    response = client.post_form(_new_url(city.edu_indicator), NEW_VALUE)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/indicators/{city.edu_indicator.id}"
    saved = stored(app, city.edu_indicator.id, date(2023, 1, 1))  # yearly: start of the year
    assert saved is not None
    assert saved.value == 12.5
    assert saved.status == "provisional"
    assert saved.source_note == "Survey"
    assert saved.entered_by_id == city.users["edu_lead"].id
    assert [event.action for event in events(app, "Measurement", saved.id)] == ["create"]


def test_the_period_is_normalised_to_the_start_of_the_quarter(app, city, signed_in):
    client = signed_in("wel_lead")
    data = {**NEW_VALUE, "period": "2023-05-20", "value": "1 234"}
    assert client.post_form(_new_url(city.wel_indicator), data).status_code == 302
    saved = stored(app, city.wel_indicator.id, date(2023, 4, 1))
    assert saved is not None
    assert saved.value == 1234.0


def test_a_breakdown_is_stored_under_its_key(app, city, signed_in):
    client = signed_in("edu_lead")
    data = {**NEW_VALUE, "period": "2024-02-02", "dimension": "district",
            "dimension_value": "Breiðholt", "value": "64"}  # fmt: skip
    assert client.post_form(_new_url(city.edu_indicator), data).status_code == 302
    saved = stored(app, city.edu_indicator.id, date(2024, 1, 1), "district=Breiðholt")
    assert saved is not None
    assert saved.value == 64.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "abc"}, "Enter a number, e.g. 12.5"),
        ({"value": ""}, "Enter a number, e.g. 12.5"),
        ({"value": "  "}, "Enter a number, e.g. 12.5"),
        ({"value": "101"}, "Enter a value between 0 and 100."),  # a percentage above 100
        ({"value": "-0,5"}, "Enter a value between 0 and 100."),
        ({"period": ""}, "Enter a date."),
        ({"period": "2023-02-30"}, "Not a valid date value."),
        ({"dimension": "district"}, "Give both the breakdown dimension and its value, or neither."),
        ({"dimension": "a=b", "dimension_value": "x"}, "may not contain"),
        ({"status": "guess"}, "Not a valid choice."),
        ({"source_note": "x" * 301}, "Field cannot be longer than 300 characters."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(app, city, signed_in, changes, message):
    client = signed_in("edu_lead")
    response = client.post_form(_new_url(city.edu_indicator), {**NEW_VALUE, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert measurement_count(app) == 2
    assert audit_count(app) == 0


def test_a_period_that_has_not_started_is_refused(app, city, signed_in):
    client = signed_in("edu_lead")
    future = (date.today() + timedelta(days=800)).isoformat()
    response = client.post_form(_new_url(city.edu_indicator), {**NEW_VALUE, "period": future})
    assert response.status_code == 200
    assert "This period has not started yet." in response.get_data(as_text=True)
    assert measurement_count(app) == 2


def test_a_second_value_for_the_same_period_links_to_the_correction(app, city, signed_in):
    client = signed_in("edu_lead")
    data = {**NEW_VALUE, "period": "2024-09-09"}  # 2024 already holds 71
    response = client.post_form(_new_url(city.edu_indicator), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A value already exists for this period and breakdown." in page
    assert f'href="/staff/measurements/{city.edu_measurement.id}/edit"' in page
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0
    assert measurement_count(app) == 2


ARCHIVED = "This indicator is archived; it takes no new data."


def test_an_archived_indicator_takes_no_new_value_from_the_form(app, city, signed_in):
    client = signed_in("edu_lead")
    token = client.csrf(_new_url(city.edu_indicator))  # the form was opened while it was live
    archive_indicator(app, city.edu_indicator.id)
    shown = client.get(_new_url(city.edu_indicator)).get_data(as_text=True)
    assert ARCHIVED in shown  # said before anything is typed
    data = {**NEW_VALUE, "period": "2023-06-15", "csrf_token": token}
    response = client.post(_new_url(city.edu_indicator), data=data)
    assert response.status_code == 200
    assert ARCHIVED in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2023, 1, 1)) is None
    assert measurement_count(app) == 2
    assert audit_count(app) == 0


@pytest.mark.parametrize(
    ("who", "side", "status"),
    [
        ("admin", "edu", 200),
        ("mission_office", "wel", 200),
        ("edu_lead", "edu", 200),
        ("edu_lead", "wel", 403),
        ("wel_lead", "edu", 403),
        ("wel_lead", "wel", 200),
        ("viewer", "edu", 403),
    ],
)
def test_who_may_open_the_value_form(city, signed_in, who, side, status):
    indicator = getattr(city, f"{side}_indicator")
    assert signed_in(who).get(_new_url(indicator)).status_code == status


def test_lead_cannot_enter_another_departments_value(app, city, signed_in):
    client = signed_in("edu_lead")
    token = client.csrf("/staff/account/password")
    data = {**NEW_VALUE, "csrf_token": token}
    response = client.post(_new_url(city.wel_indicator), data=data)
    assert response.status_code == 403
    assert measurement_count(app) == 2


def test_signed_out_visitors_are_sent_to_sign_in(client, city):
    response = client.get(_new_url(city.edu_indicator))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


def test_unknown_indicator_is_404(signed_in, city):
    assert signed_in("admin").get("/staff/indicators/999999/measurements/new").status_code == 404


def test_a_post_without_csrf_token_is_400(app, city, signed_in):
    client = signed_in("edu_lead")
    response = client.post(_new_url(city.edu_indicator), data=NEW_VALUE)
    assert response.status_code == 400
    assert measurement_count(app) == 2


# ---- a correction ----


def _correction(**changes: str) -> dict[str, str]:
    return {"version": "1", "value": "73,5", "status": "final", "source_note": "Recount", **changes}


def test_a_correction_keeps_the_old_value_in_the_history(app, city, signed_in):
    client = signed_in("edu_lead")
    response = client.post_form(_edit_url(city.edu_measurement), _correction())
    assert response.status_code == 302
    saved = stored(app, city.edu_indicator.id, date(2024, 1, 1))
    assert saved.value == 73.5
    assert saved.version == 2
    (event,) = events(app, "Measurement", city.edu_measurement.id)
    assert event.action == "update"
    assert event.actor_id == city.users["edu_lead"].id
    assert event.old_values == {"value": 71.0, "source_note": ""}
    assert event.new_values == {"value": 73.5, "source_note": "Recount"}
    history = client.get(f"/staff/history/measurement/{city.edu_measurement.id}")
    assert "71.0" in history.get_data(as_text=True)


def test_the_correction_form_shows_the_stored_value(city, signed_in):
    page = signed_in("edu_lead").get(_edit_url(city.edu_measurement)).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    assert 'value="71"' in page
    assert "2024" in page


def test_a_stale_correction_is_a_conflict_and_overwrites_nothing(app, city, signed_in):
    with app.app_context():
        row = db.session.get(Measurement, city.edu_measurement.id)
        row.value = 72.0  # someone else corrected it after our form was opened
        db.session.commit()
    client = signed_in("edu_lead")
    response = client.post_form(_edit_url(city.edu_measurement), _correction())
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 72.0
    assert audit_count(app) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "abc"}, "Enter a number, e.g. 12.5"),
        ({"value": "  "}, "Enter a number, e.g. 12.5"),
        ({"value": "100,1"}, "Enter a value between 0 and 100."),
        ({"status": "maybe"}, "Not a valid choice."),
    ],
)
def test_a_bad_correction_changes_nothing(app, city, signed_in, changes, message):
    client = signed_in("edu_lead")
    response = client.post_form(_edit_url(city.edu_measurement), _correction(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0
    assert audit_count(app) == 0


def test_a_value_of_an_archived_indicator_cannot_be_corrected(app, city, signed_in):
    client = signed_in("edu_lead")
    archive_indicator(app, city.edu_indicator.id)
    assert ARCHIVED in client.get(_edit_url(city.edu_measurement)).get_data(as_text=True)
    response = client.post_form(_edit_url(city.edu_measurement), _correction())
    assert response.status_code == 200
    assert ARCHIVED in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0
    assert audit_count(app) == 0


@pytest.mark.parametrize(
    ("who", "side", "status"),
    [
        ("admin", "wel", 200),
        ("mission_office", "edu", 200),
        ("edu_lead", "edu", 200),
        ("edu_lead", "wel", 403),
        ("wel_lead", "edu", 403),
        ("viewer", "edu", 403),
    ],
)
def test_who_may_correct_a_value(city, signed_in, who, side, status):
    measurement = getattr(city, f"{side}_measurement")
    assert signed_in(who).get(_edit_url(measurement)).status_code == status


def test_lead_cannot_correct_another_departments_value(app, city, signed_in):
    client = signed_in("wel_lead")
    token = client.csrf("/staff/account/password")
    response = client.post(
        _edit_url(city.edu_measurement), data={**_correction(), "csrf_token": token}
    )
    assert response.status_code == 403
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0


def test_a_correction_without_csrf_token_is_400(app, city, signed_in):
    response = signed_in("edu_lead").post(_edit_url(city.edu_measurement), data=_correction())
    assert response.status_code == 400
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0


def test_unknown_measurement_is_404(city, signed_in):
    assert signed_in("admin").get("/staff/measurements/999999/edit").status_code == 404
