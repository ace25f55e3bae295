"""Measurement spreadsheets: template, upload, preview, confirm; all or nothing, audited."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from app import tabular
from app.extensions import db
from app.models import Indicator, Measurement
from app.models.base import utcnow
from tests.support.transfer import (
    audit_events,
    confirm,
    csv_bytes,
    measurement_count,
    ticket_of,
    upload,
    values,
    xlsx_file,
)

IMPORT = "/staff/data/import/measurements"
CONFIRM = "/staff/data/import/measurements/confirm"
HEADER = ["indicator_id", "period", "breakdown", "value", "status", "source_note"]


def _rows(city):  # type: ignore[no-untyped-def]
    return [
        [city.edu_indicator.id, "2023", "", "65,5", "", "Survey 2023"],  # add (decimal comma)
        [city.edu_indicator.id, "2024", "", "72", "provisional", ""],  # change 71 -> 72
        [city.wel_indicator.id, "2024-Q1", "", "30", "", ""],  # unchanged
        [city.edu_indicator.id, "2024", "district=Breiðholt", "60", "", ""],  # add, breakdown
        [city.wel_indicator.id, "2023-Q4", "", "", "", ""],  # no value: skipped
    ]


def test_template_lists_the_departments_indicators(app, city, signed_in):
    response = signed_in("edu_lead").get("/staff/data/template/measurements?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:6] == [
        "indicator_id",
        "indicator_code",
        "indicator_title",
        "unit",
        "frequency",
        "period",
    ]
    assert [row[0] for row in rows[1:]] == [str(city.edu_indicator.id)]
    assert rows[1][rows[0].index("value")] == ""


def test_template_xlsx_is_a_spreadsheet(app, city, signed_in):
    response = signed_in("admin").get(
        f"/staff/data/template/measurements?format=xlsx&department={city.wel.id}"
    )
    assert response.status_code == 200
    assert response.data[:4] == b"PK\x03\x04"
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == city.wel_indicator.id
    assert re.fullmatch(r"\d{4}-Q[1-4]", rows[1][rows[0].index("period")])


def test_lead_cannot_download_another_departments_template(app, city, signed_in):
    client = signed_in("edu_lead")
    assert (
        client.get(f"/staff/data/template/measurements?department={city.wel.id}").status_code == 403
    )
    assert client.get("/staff/data/template/measurements?department=NOPE").status_code == 404
    assert client.get("/staff/data/template/measurements?format=pdf").status_code == 400


def test_preview_shows_changes_then_confirm_applies_them(app, city, signed_in):
    client = signed_in("admin")
    before = measurement_count(app)
    preview = upload(client, IMPORT, "values.csv", csv_bytes(HEADER, _rows(city)))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:2000]
    assert "To add: 2" in html
    assert "To change: 1" in html
    assert "Unchanged: 1" in html
    assert "Without a value (skipped): 1" in html
    assert "71.0 → <strong>72.0" in html
    assert measurement_count(app) == before, "a preview writes nothing"

    done = confirm(client, CONFIRM, html)
    assert done.status_code == 302
    stored = values(app, city.edu_indicator.id)
    assert stored[("2023-01-01", "")] == 65.5
    assert stored[("2024-01-01", "")] == 72.0
    assert stored[("2024-01-01", "district=Breiðholt")] == 60.0
    assert measurement_count(app) == before + 2
    with app.app_context():
        changed = db.session.get(Measurement, city.edu_measurement.id)
        assert changed.status == "provisional"
        assert changed.entered_by_id is None or changed.entered_by_id  # unchanged column
    updates = audit_events(app, "update", "Measurement")
    assert [(e.entity_id, e.old_values["value"], e.new_values["value"]) for e in updates] == [
        (city.edu_measurement.id, 71.0, 72.0)
    ]
    imports = audit_events(app, "import", "Indicator")
    assert [(e.entity_id, e.new_values["added"], e.new_values["changed"]) for e in imports] == [
        (city.edu_indicator.id, 2, 1)
    ]
    assert imports[0].new_values["file"] == "values.csv"
    assert len(imports[0].new_values["sha256"]) == 64


def test_reimporting_the_same_file_changes_nothing(app, city, signed_in):
    client = signed_in("admin")
    content = csv_bytes(HEADER, _rows(city))
    first = upload(client, IMPORT, "values.csv", content)
    confirm(client, CONFIRM, first.get_data(as_text=True))
    events = len(audit_events(app))
    count = measurement_count(app)
    again = upload(client, IMPORT, "values.csv", content).get_data(as_text=True)
    assert "Nothing to import" in again
    assert "Confirm the import" not in again
    assert measurement_count(app) == count
    assert len(audit_events(app)) == events


def test_every_error_is_listed_with_row_column_and_reason(app, city, signed_in):
    rows = [
        [city.edu_indicator.id, "2022", "", "abc", "", ""],
        [city.edu_indicator.id, "2022-13", "", "5", "", ""],
        [city.edu_indicator.id, "2021", "", "150", "", ""],
        [999999, "2021", "", "5", "", ""],
        [city.edu_indicator.id, str(date.today().year + 1), "", "5", "", ""],
        [city.edu_indicator.id, "2020", "", "5", "maybe", ""],
        [city.wel_indicator.id, "2023", "", "5", "", ""],
        [city.edu_indicator.id, "2019", "bad-key", "5", "", ""],
        [city.edu_indicator.id, "2018", "", "5", "", ""],
        [city.edu_indicator.id, "2018-06-30", "", "6", "", ""],
    ]
    before = measurement_count(app)
    client = signed_in("admin")
    html = upload(client, IMPORT, "bad.csv", csv_bytes(HEADER, rows)).get_data(as_text=True)
    assert "Errors: 9" in html
    expected = [
        ("2", "value", "Enter a number"),
        ("3", "period", "is not a period"),
        ("4", "value", "between 0 and 100"),
        ("5", "indicator_id", "No indicator has the id 999999"),
        ("6", "period", "has not started yet"),
        ("7", "status", "provisional or final"),
        ("8", "period", "quarterly"),
        ("9", "breakdown", "name=value"),
        ("11", "period", "Row 10 already gives a value"),
    ]
    for row, column, reason in expected:
        assert f'<th scope="row">{row}</th><td>{column}</td><td>' in html, (row, column)
        assert reason in html, reason
    assert "Confirm the import" not in html
    assert measurement_count(app) == before
    link = re.search(r'href="(/staff/data/import/errors.csv\?ticket=[^"]+)"', html).group(1)
    errors = list(
        csv.reader(
            io.StringIO(client.get(link.replace("&amp;", "&")).get_data(as_text=True), newline="")
        )
    )
    assert errors[0] == ["row", "column", "reason"]
    assert [row[:2] for row in errors[1:]] == [[row, column] for row, column, _r in expected]
    assert signed_in("mission_office").get(link).status_code == 302, "another user's ticket"


def test_a_lead_may_only_import_their_departments_indicators(app, city, signed_in):
    rows = [
        [city.edu_indicator.id, "2022", "", "50", "", ""],
        [city.wel_indicator.id, "2023-Q1", "", "5", "", ""],
    ]
    html = upload(signed_in("edu_lead"), IMPORT, "mixed.csv", csv_bytes(HEADER, rows)).get_data(
        as_text=True
    )
    assert "Errors: 1" in html
    assert "only enter data for your department" in html
    assert "Confirm the import" not in html


def _archive(app, indicator_id: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.get(Indicator, indicator_id).archived_at = utcnow()
        db.session.commit()


def test_an_archived_indicator_takes_no_imported_values(app, city, signed_in):
    _archive(app, city.edu_indicator.id)
    rows = [
        [city.edu_indicator.id, "2022", "", "50", "", ""],
        [city.wel_indicator.id, "2023-Q1", "", "5", "", ""],
    ]
    count = measurement_count(app)
    html = upload(signed_in("admin"), IMPORT, "a.csv", csv_bytes(HEADER, rows)).get_data(
        as_text=True
    )
    assert "Errors: 1" in html
    assert (
        '<th scope="row">2</th><td>indicator_id</td>'
        "<td>This indicator is archived; it takes no new data.</td>"
    ) in html
    assert "Confirm the import" not in html
    assert measurement_count(app) == count


def test_an_indicator_archived_after_the_preview_takes_nothing_on_confirm(app, city, signed_in):
    client = signed_in("admin")
    rows = [[city.edu_indicator.id, "2022", "", "50", "", ""]]
    html = upload(client, IMPORT, "a.csv", csv_bytes(HEADER, rows)).get_data(as_text=True)
    assert "Confirm the import" in html
    _archive(app, city.edu_indicator.id)
    count = measurement_count(app)
    response = confirm(client, CONFIRM, html)
    assert response.status_code == 409
    assert "This indicator is archived; it takes no new data." in response.get_data(as_text=True)
    assert measurement_count(app) == count
    assert audit_events(app, action="import") == []


def test_data_changed_after_preview_is_not_overwritten(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "v.csv", csv_bytes(HEADER, _rows(city))).get_data(as_text=True)
    with app.app_context():
        measurement = db.session.get(Measurement, city.edu_measurement.id)
        measurement.value = 80.0
        db.session.commit()
    count = measurement_count(app)
    response = confirm(client, CONFIRM, html)
    assert response.status_code == 409
    assert "changed since your preview" in response.get_data(as_text=True)
    assert values(app, city.edu_indicator.id)[("2024-01-01", "")] == 80.0
    assert measurement_count(app) == count


def test_a_ticket_only_works_for_its_user(app, city, signed_in):
    html = upload(signed_in("admin"), IMPORT, "v.csv", csv_bytes(HEADER, _rows(city))).get_data(
        as_text=True
    )
    count = measurement_count(app)
    other = signed_in("mission_office")
    response = confirm(other, CONFIRM, html)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(IMPORT)
    assert measurement_count(app) == count
    forged = other.post_form(CONFIRM, {"ticket": ticket_of(html)[:-3] + "abc"})
    assert forged.status_code == 302
    assert measurement_count(app) == count


def test_confirm_without_csrf_token_is_refused(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "v.csv", csv_bytes(HEADER, _rows(city))).get_data(as_text=True)
    count = measurement_count(app)
    assert client.post(CONFIRM, data={"ticket": ticket_of(html)}).status_code == 400
    assert measurement_count(app) == count


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("values.txt", b"a,b\n1,2\n", "Upload a .csv or .xlsx file."),
        ("values.csv", b"\xff\xfeindicator_id\x00", "not a UTF-8"),
        ("values.csv", b"PK\x03\x04rest-of-a-zip", "zip archive"),
        ("values.csv", b"", "The file is empty"),
        ("values.csv", b"indicator_id,value\n1,2\n", "columns period and value"),
        ("values.xlsx", b"indicator_id,period,value\n", "not an XLSX spreadsheet"),
        ("values.csv", b"indicator_id,period,value\n1,2024,5\x00\n", "cannot be read as CSV"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(
    app, city, signed_in, filename, content, message
):
    response = upload(signed_in("admin"), IMPORT, filename, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'id="file-error"' in html


def test_upload_without_csrf_token_is_refused(app, city, signed_in, staging_dir):
    from tests.support.transfer import multipart

    body, content_type = multipart({}, "v.csv", csv_bytes(HEADER, _rows(city)))
    response = signed_in("admin").post(IMPORT, data=body, content_type=content_type)
    assert response.status_code == 400
    assert not list(staging_dir.glob("*.upload")), "nothing is kept"


def test_upload_without_a_file_asks_for_one(app, city, signed_in):
    response = signed_in("admin").post_form(IMPORT, {})
    assert response.status_code == 200
    assert "Choose a file." in response.get_data(as_text=True)


def test_semicolon_separated_csv_with_decimal_commas(app, city, signed_in):
    content = csv_bytes(
        ["indicator_id", "period", "value"],
        [[city.edu_indicator.id, "2020", "1 234,5"]],
        delimiter=";",
    )
    html = upload(signed_in("admin"), IMPORT, "v.csv", content).get_data(as_text=True)
    assert "between 0 and 100" in html  # read as 1234.5, which is out of range
    content = csv_bytes(
        ["indicator_id", "period", "value"],
        [[city.edu_indicator.id, "2020", "12,5"]],
        delimiter=";",
    )
    client = signed_in("admin")
    html = upload(client, IMPORT, "v.csv", content).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    assert values(app, city.edu_indicator.id)[("2020-01-01", "")] == 12.5


def test_xlsx_upload_with_dimension_columns(app, city, signed_in):
    content = xlsx_file(
        ["indicator_id", "period", "district", "sex", "value"],
        [
            [city.edu_indicator.id, date(2022, 5, 1), "Breiðholt", "Female", 40],
            [city.edu_indicator.id, 2022, "", "", 41.25],
        ],
    )
    client = signed_in("edu_lead")
    html = upload(client, IMPORT, "v.xlsx", content).get_data(as_text=True)
    assert "To add: 2" in html, html[:3000]
    confirm(client, CONFIRM, html)
    stored = values(app, city.edu_indicator.id)
    assert stored[("2022-01-01", "district=Breiðholt|sex=Female")] == 40.0
    assert stored[("2022-01-01", "")] == 41.25


def test_uploads_may_be_larger_than_the_general_limit(app, city, signed_in):
    note = "n" * 250
    rows = [[city.edu_indicator.id, "2020", "", "", "", note] for _ in range(8000)]
    content = csv_bytes(HEADER, rows)
    assert 1024 * 1024 < len(content) < 5 * 1024 * 1024
    response = upload(signed_in("admin"), IMPORT, "big.csv", content)
    assert response.status_code == 200
    assert "Without a value (skipped): 8000" in response.get_data(as_text=True)


def test_uploads_above_five_megabytes_are_refused(app, city, signed_in):
    content = b"indicator_id,period,value\n" + b"1,2020,\n" * 800_000
    response = upload(signed_in("admin"), IMPORT, "huge.csv", content)
    assert response.status_code == 413


def test_more_rows_than_the_limit_are_refused(app, city, signed_in, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 100)
    monkeypatch.setattr(tabular.open_table, "__kwdefaults__", {"max_rows": 100})
    rows = [[city.edu_indicator.id, str(1900 + n), "", "5", "", ""] for n in range(101)]
    html = upload(signed_in("admin"), IMPORT, "many.csv", csv_bytes(HEADER, rows)).get_data(
        as_text=True
    )
    assert "more than 100 rows" in html
