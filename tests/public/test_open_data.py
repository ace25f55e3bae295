"""Open data: CSVs and a Data Package that frictionless validates."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from frictionless import validate


def test_datapackage_validates_with_frictionless(client, public_city, tmp_path):
    descriptor = client.get("/open-data/datapackage.json").get_json()
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        response = client.get(f"/open-data/{resource['path']}")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        (tmp_path / resource["path"]).write_bytes(response.data)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {r["name"] for r in descriptor["resources"]} == {
        "missions", "outcomes", "departments", "interventions", "budget_lines", "indicators",
        "measurements", "updates", "learning_log",
    }  # fmt: skip
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "starts with an apostrophe; numbers are never changed" in descriptor["description"]


def test_formula_like_text_is_neutralised(app, client, public_city):
    from app.extensions import db
    from tests.support import factories as f

    with app.app_context():
        dept = f.department(code="FX", name='=HYPERLINK("http://evil")')
        db.session.commit()
        assert dept.id
    text = client.get("/open-data/departments.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_open_data_page_states_licence_and_freshness(client, public_city):
    page = client.get("/open-data/").get_data(as_text=True)
    assert "Creative Commons Attribution 4.0" in page
    assert "Last updated" in page
    assert "measurements.csv" in page


def _csv_rows(client, name: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = client.get(f"/open-data/{name}.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


def test_formula_like_codes_and_breakdowns_are_neutralised_numbers_are_not(
    app, client, public_city
):
    """Open data goes through the staff exports' writer: every text cell that a spreadsheet
    would run is neutralised (codes and breakdowns included), negative numbers stay numbers."""
    from app.extensions import db
    from app.models import Indicator
    from tests.support import factories as f

    with app.app_context():
        indicator = db.session.get(Indicator, public_city.indicator_id)
        indicator.code = "=1+2"
        f.measurement(indicator, date(2020, 1, 1), -3.5, breakdown="-district=@SUM(A1)",
                      source_note="+cmd|' /C calc'!A0")  # fmt: skip
        f.measurement(indicator, date(2020, 1, 1), -12.0, source_note="-3.5")
        db.session.commit()
    indicator_id = str(public_city.indicator_id)
    (row,) = [r for r in _csv_rows(client, "indicators") if r["id"] == indicator_id]
    assert row["code"] == "'=1+2"
    rows = {
        r["breakdown"]: r
        for r in _csv_rows(client, "measurements")
        if r["indicator_id"] == indicator_id and r["period"] == "2020-01-01"
    }
    assert set(rows) == {"'-district=@SUM(A1)", ""}
    broken_down = rows["'-district=@SUM(A1)"]
    assert broken_down["value"] == "-3.5"  # a number, written as such
    assert broken_down["source_note"] == "'+cmd|' /C calc'!A0"
    assert rows[""]["value"] == "-12"
    assert rows[""]["source_note"] == "-3.5"  # text that is a plain number cannot run


def test_open_data_csv_lines_end_as_rfc_4180_says(client, public_city):
    data = client.get("/open-data/departments.csv").data
    assert data.startswith(b"id,code,name,colour\r\n")


def test_attributes_of_values_travel_with_the_open_data(app, client, public_city):
    """What the statistics office said of a value (observation status, the full period label)
    is in measurements.csv and the indicator's own download, as a JSON object."""
    from app.extensions import db
    from app.models import Indicator
    from tests.support import factories as f

    with app.app_context():
        indicator = db.session.get(Indicator, public_city.indicator_id)
        attributes = {"Observation status": "Estimated", "Year": "2014-16"}
        f.measurement(indicator, date(2014, 1, 1), 12.5, attributes=attributes)
        db.session.commit()
    for name in ("measurements", f"indicators/{public_city.indicator_id}"):
        text = client.get(f"/open-data/{name}.csv").get_data(as_text=True)
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["period"] == "2014-01-01"]
        assert [json.loads(r["attributes"]) for r in rows] == [
            {"Observation status": "Estimated", "Year": "2014-16"}
        ], name
        assert all(r["attributes"] == "" for r in csv.DictReader(io.StringIO(text))
                   if r["period"] != "2014-01-01")  # fmt: skip


def test_csv_is_utf8_and_a_bom_is_there_only_for_excel(client, public_city):
    plain = client.get("/open-data/departments.csv")
    assert plain.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert not plain.data.startswith(b"\xef\xbb\xbf")
    excel = client.get("/open-data/departments.csv?bom=1")
    assert excel.data.startswith(b"\xef\xbb\xbf")
    assert excel.data[3:] == plain.data
    assert excel.headers["Content-Disposition"] == plain.headers["Content-Disposition"]
    other = client.get("/open-data/departments.csv?bom=yes")  # only 1 asks for it
    assert not other.data.startswith(b"\xef\xbb\xbf")


def test_indicator_csv_has_the_excel_variant(client, public_city):  # ?bom=1 as for every file
    indicator_id = public_city.indicator_id
    excel = client.get(f"/open-data/indicators/{indicator_id}.csv?bom=1")
    assert excel.status_code == 200
    assert excel.data.startswith(b"\xef\xbb\xbf")
    page = client.get("/open-data/").get_data(as_text=True)
    assert "/open-data/departments.csv?bom=1" in page


def test_bom_reads_as_reykjavik_in_utf8_sig(client, public_city):
    excel = client.get("/open-data/departments.csv?bom=1")
    assert excel.data.decode("utf-8-sig") == client.get("/open-data/departments.csv").data.decode()


def test_datapackage_titles_and_descriptions_in_each_language(client, public_city):
    descriptor = client.get("/open-data/datapackage.json").get_json()
    assert descriptor["languages"] == ["en", "is"]
    assert descriptor["title"] == "AIM Tracker open data"
    assert set(descriptor["translations"]) == {"en", "is"}
    assert descriptor["translations"]["en"]["title"] == descriptor["title"]
    assert descriptor["translations"]["is"]["title"] != descriptor["title"]
    for resource in descriptor["resources"]:
        assert resource["translations"]["en"]["title"] == resource["title"]
        assert resource["translations"]["is"]["description"]
    icelandic = client.get("/open-data/datapackage.json?lang=is").get_json()
    assert icelandic["title"] == descriptor["translations"]["is"]["title"]
    assert icelandic["translations"] == descriptor["translations"]
