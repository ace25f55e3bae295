"""The department's period grid: scoping, periods, all-or-nothing saves, corrections, conflicts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.measurements.queries import last_complete_period
from app.models import Indicator, Measurement
from tests.support import factories as f
from tests.support.measurements import (
    archive_indicator,
    audit_count,
    events,
    measurement_count,
    stored,
)

GRID = "/staff/data-entry"
PERIOD = "2025-06-15"  # yearly rows: 2025; quarterly rows: 2025 Q2


def _row(index: int, indicator_id: int, period: str, value: str = "", **extra: str) -> dict:
    fields = {"indicator_id": str(indicator_id), "period": period, "version": "0", "value": value,
              "status": "final", "source_note": "", **extra}  # fmt: skip
    return {f"rows-{index}-{name}": text for name, text in fields.items()}


@pytest.fixture
def second_edu(app, city):  # type: ignore[no-untyped-def]
    """A quarterly EDU indicator without a range, next to the city's yearly percentage."""
    with app.app_context():
        indicator = f.indicator(
            city.mission, city.edu, title="Counsellor visits", unit="visits",
            frequency="quarterly", min_value=None, max_value=None,
        )  # fmt: skip
        db.session.commit()
        return indicator.id


def _post(client, data: dict, url: str = f"{GRID}?period={PERIOD}"):  # type: ignore[no-untyped-def]
    return client.post_form(url, data)


# ---- who sees which department ----


def test_a_lead_sees_their_own_departments_indicators(city, signed_in):
    page = signed_in("edu_lead").get(GRID).get_data(as_text=True)
    assert "Pupils who feel safe" in page
    assert "Families waiting" not in page
    assert 'name="department"' not in page  # a lead has no department choice


@pytest.mark.parametrize("reference", ["WEL", "wel", "{wel_id}"])
def test_a_lead_asking_for_another_department_is_403(city, signed_in, reference):
    url = f"{GRID}?department={reference.format(wel_id=city.wel.id)}"
    assert signed_in("edu_lead").get(url).status_code == 403


def test_a_lead_may_name_their_own_department(city, signed_in):
    assert signed_in("edu_lead").get(f"{GRID}?department={city.edu.id}").status_code == 200


def test_the_mission_office_chooses_a_department(city, signed_in):
    client = signed_in("mission_office")
    first = client.get(GRID).get_data(as_text=True)
    assert "Pupils who feel safe" in first  # Education and Youth comes first by name
    chosen = client.get(f"{GRID}?department=WEL").get_data(as_text=True)
    assert "Families waiting" in chosen
    assert "Pupils who feel safe" not in chosen


def test_an_unknown_department_is_404(city, signed_in):
    assert signed_in("admin").get(f"{GRID}?department=NOPE").status_code == 404
    assert signed_in("admin").get(f"{GRID}?department=999999").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("mission_office", 200), ("edu_lead", 200), ("wel_lead", 200),
     ("viewer", 403)],
)  # fmt: skip
def test_who_may_open_the_grid(city, signed_in, who, status):
    assert signed_in(who).get(GRID).status_code == status


def test_a_viewer_cannot_post_to_the_grid(app, city, signed_in):
    client = signed_in("viewer")
    token = client.csrf("/staff/account/password")
    data = {**_row(0, city.edu_indicator.id, "2025-01-01", "50"), "csrf_token": token}
    assert client.post(GRID, data=data).status_code == 403
    assert measurement_count(app) == 2


# ---- which period each row shows ----


def _hidden_period(page: str, indicator_id: int) -> str:
    index = re.search(rf'name="rows-(\d+)-indicator_id" type="hidden" value="{indicator_id}"', page)
    assert index, "row not on the page"
    found = re.search(rf'name="rows-{index.group(1)}-period" type="hidden" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_without_a_date_each_row_is_its_last_complete_period(city, signed_in, second_edu):
    page = signed_in("edu_lead").get(GRID).get_data(as_text=True)
    today = date.today()
    assert _hidden_period(page, city.edu_indicator.id) == str(last_complete_period("yearly", today))
    assert _hidden_period(page, second_edu) == str(last_complete_period("quarterly", today))


def test_a_date_picks_the_period_containing_it(city, signed_in, second_edu):
    page = signed_in("edu_lead").get(f"{GRID}?period={PERIOD}").get_data(as_text=True)
    assert _hidden_period(page, city.edu_indicator.id) == "2025-01-01"
    assert _hidden_period(page, second_edu) == "2025-04-01"
    assert "2025 Q2" in page


def test_a_malformed_date_is_shown_as_an_error(city, signed_in):
    response = signed_in("edu_lead").get(f"{GRID}?period=2025-13-01")
    assert response.status_code == 200
    assert "Not a valid date value." in response.get_data(as_text=True)


def test_stored_values_and_overdue_rows_are_shown(city, signed_in):
    page = signed_in("edu_lead").get(f"{GRID}?period=2024-05-05").get_data(as_text=True)
    assert 'name="rows-0-version" type="hidden" value="1"' in page  # 2024 holds 71, version 1
    assert 'name="rows-0-value" size="10" type="text" value="71"' in page
    assert "Overdue" in page  # the latest value is 2024; 2025 data was due in mid-2026


# ---- saving ----


def test_saving_new_values_redirects_to_my_work(app, city, signed_in, second_edu):
    client = signed_in("edu_lead")
    data = {**_row(0, city.edu_indicator.id, "2025-01-01", "72,5", status="provisional"),
            **_row(1, second_edu, "2025-04-01", "1 204", source_note="Case system")}  # fmt: skip
    response = _post(client, data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    assert "Saved 2 values." in client.get("/staff/").get_data(as_text=True)
    first = stored(app, city.edu_indicator.id, date(2025, 1, 1))
    second = stored(app, second_edu, date(2025, 4, 1))
    assert (first.value, first.status, first.entered_by_id) == (
        72.5, "provisional", city.users["edu_lead"].id,
    )  # fmt: skip
    assert (second.value, second.source_note) == (1204.0, "Case system")
    assert [e.action for e in events(app, "Measurement", first.id)] == ["create"]


def test_a_posted_period_is_normalised(app, city, signed_in, second_edu):
    client = signed_in("edu_lead")
    assert _post(client, _row(0, second_edu, "2025-05-17", "3")).status_code == 302
    assert stored(app, second_edu, date(2025, 4, 1)).value == 3.0


def test_one_bad_row_saves_nothing(app, city, signed_in, second_edu):
    client = signed_in("edu_lead")
    data = {**_row(0, second_edu, "2025-04-01", "12"),
            **_row(1, city.edu_indicator.id, "2025-01-01", "101")}  # fmt: skip
    response = _post(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved." in page
    assert re.search(
        r'<p class="error" id="rows-1-value-error">Enter a value between 0 and 100', page
    )
    assert 'id="rows-0-value-error"' not in page
    assert 'value="12"' in page  # what was typed is kept
    assert measurement_count(app) == 2
    assert audit_count(app) == 0


def test_text_that_is_not_a_number_saves_nothing(app, city, signed_in, second_edu):
    client = signed_in("edu_lead")
    data = {**_row(0, second_edu, "2025-04-01", "12"),
            **_row(1, city.edu_indicator.id, "2025-01-01", "abc")}  # fmt: skip
    response = _post(client, data)
    assert response.status_code == 200
    assert "Enter a number, e.g. 12.5" in response.get_data(as_text=True)
    assert measurement_count(app) == 2


def test_a_row_for_a_period_not_started_saves_nothing(app, city, signed_in, second_edu):
    client = signed_in("edu_lead")
    future = date.today() + timedelta(days=800)
    url = f"{GRID}?period={future.isoformat()}"
    year_start = date(future.year, 1, 1).isoformat()
    data = {
        **_row(0, second_edu, "2025-04-01", "12"),
        **_row(1, city.edu_indicator.id, year_start, "50"),
    }
    response = _post(client, data, url)
    assert response.status_code == 200
    assert "This period has not started yet." in response.get_data(as_text=True)
    assert measurement_count(app) == 2


@pytest.mark.parametrize("blank", ["", "  "])
def test_empty_and_unchanged_rows_are_skipped(app, city, signed_in, second_edu, blank):
    client = signed_in("edu_lead")
    data = {**_row(0, city.edu_indicator.id, "2024-01-01", "71", version="1"),
            **_row(1, second_edu, "2024-04-01", blank)}  # fmt: skip
    response = _post(client, data, f"{GRID}?period=2024-05-05")
    assert response.status_code == 302
    assert "Nothing was saved" in client.get("/staff/").get_data(as_text=True)
    assert measurement_count(app) == 2
    assert audit_count(app) == 0


def test_a_changed_stored_value_is_a_correction_with_the_old_value_kept(app, city, signed_in):
    client = signed_in("edu_lead")
    data = _row(0, city.edu_indicator.id, "2024-01-01", "73", version="1")
    assert _post(client, data, f"{GRID}?period=2024-05-05").status_code == 302
    saved = stored(app, city.edu_indicator.id, date(2024, 1, 1))
    assert (saved.id, saved.value, saved.version) == (city.edu_measurement.id, 73.0, 2)
    (event,) = events(app, "Measurement", saved.id)
    assert event.action == "update"
    assert event.old_values == {"value": 71.0}
    assert event.new_values == {"value": 73.0}


def test_a_stale_version_is_a_conflict_and_saves_nothing(app, city, signed_in, second_edu):
    with app.app_context():
        row = db.session.get(Measurement, city.edu_measurement.id)
        row.value = 70.0  # corrected by someone else after the grid was opened
        db.session.commit()
    client = signed_in("edu_lead")
    data = {**_row(0, second_edu, "2024-04-01", "9"),
            **_row(1, city.edu_indicator.id, "2024-01-01", "73", version="1")}  # fmt: skip
    response = _post(client, data, f"{GRID}?period=2024-05-05")
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 70.0
    assert stored(app, second_edu, date(2024, 4, 1)) is None
    assert audit_count(app) == 0


def test_a_value_entered_meanwhile_is_a_conflict(app, city, signed_in):
    client = signed_in("edu_lead")
    # The page showed no value (version 0), but 2024 now holds 71.
    data = _row(0, city.edu_indicator.id, "2024-01-01", "75", version="0")
    assert _post(client, data, f"{GRID}?period=2024-05-05").status_code == 409
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0


def test_an_indicator_archived_after_the_grid_was_opened_takes_no_value(
    app, city, signed_in, second_edu
):
    client = signed_in("edu_lead")
    assert "Pupils who feel safe" in client.get(f"{GRID}?period={PERIOD}").get_data(as_text=True)
    archive_indicator(app, city.edu_indicator.id)
    data = {**_row(0, second_edu, "2025-04-01", "12"),
            **_row(1, city.edu_indicator.id, "2025-01-01", "50")}  # fmt: skip
    response = _post(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved." in page
    assert re.search(
        r'<p class="error" id="rows-1-value-error">This indicator is archived; it takes no new '
        r"data\.</p>",
        page,
    )
    assert 'id="rows-0-value-error"' not in page
    assert stored(app, city.edu_indicator.id, date(2025, 1, 1)) is None
    assert stored(app, second_edu, date(2025, 4, 1)) is None
    assert measurement_count(app) == 2
    assert audit_count(app) == 0
    assert "Pupils who feel safe" not in client.get(GRID).get_data(as_text=True)


def test_a_stored_value_of_an_archived_indicator_cannot_be_corrected_in_the_grid(
    app, city, signed_in
):
    client = signed_in("edu_lead")
    archive_indicator(app, city.edu_indicator.id)
    data = _row(0, city.edu_indicator.id, "2024-01-01", "73", version="1")
    response = _post(client, data, f"{GRID}?period=2024-05-05")
    assert response.status_code == 200
    assert "This indicator is archived" in response.get_data(as_text=True)
    assert stored(app, city.edu_indicator.id, date(2024, 1, 1)).value == 71.0
    assert audit_count(app) == 0


def test_a_lead_posting_another_departments_row_is_403(app, city, signed_in):
    client = signed_in("edu_lead")
    data = {**_row(0, city.edu_indicator.id, "2025-01-01", "50"),
            **_row(1, city.wel_indicator.id, "2025-04-01", "5")}  # fmt: skip
    assert _post(client, data).status_code == 403
    assert measurement_count(app) == 2


def test_a_lead_posting_to_another_departments_grid_is_403(app, city, signed_in):
    client = signed_in("edu_lead")
    token = client.csrf(GRID)
    data = {**_row(0, city.wel_indicator.id, "2025-04-01", "5"), "csrf_token": token}
    assert client.post(f"{GRID}?department=WEL", data=data).status_code == 403
    assert measurement_count(app) == 2


def test_tampered_hidden_fields_are_400(app, city, signed_in):
    client = signed_in("edu_lead")
    data = _row(0, city.edu_indicator.id, "2025-02-30", "50")
    assert _post(client, data).status_code == 400
    data = _row(0, city.edu_indicator.id, "2025-01-01", "50", version="x")
    assert _post(client, data).status_code == 400
    twice = {**_row(0, city.edu_indicator.id, "2025-01-01", "50"),
             **_row(1, city.edu_indicator.id, "2025-01-01", "51")}  # fmt: skip
    assert _post(client, twice).status_code == 400
    assert measurement_count(app) == 2


def test_a_post_without_csrf_token_is_400(app, city, signed_in):
    client = signed_in("edu_lead")
    data = _row(0, city.edu_indicator.id, "2025-01-01", "50")
    assert client.post(f"{GRID}?period={PERIOD}", data=data).status_code == 400
    assert measurement_count(app) == 2


# ---- constant query count ----


def _add_indicators(app, city, count: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        for i in range(count):
            indicator = f.indicator(
                city.mission, city.edu, frequency=("yearly", "quarterly")[i % 2]
            )
            for year in (2023, 2024, 2025):
                f.measurement(indicator, date(year, 1, 1), 40.0 + year - 2023)
                f.measurement(indicator, date(year, 1, 1), 30.0, breakdown="district=Vesturbær")
        db.session.commit()


def test_the_grid_loads_in_a_constant_number_of_queries(app, city, signed_in, count_queries):
    client = signed_in("edu_lead")
    _add_indicators(app, city, 1)
    with count_queries() as few:
        first = client.get(f"{GRID}?period={PERIOD}")
    _add_indicators(app, city, 9)
    with count_queries() as many:
        second = client.get(f"{GRID}?period={PERIOD}")
    with app.app_context():
        owned = db.session.scalars(
            select(Indicator.id).where(Indicator.department_id == city.edu.id)
        )
        assert len(list(owned)) == 11
    assert first.get_data(as_text=True).count("rows-") < second.get_data(as_text=True).count(
        "rows-"
    )
    assert few.count == many.count
