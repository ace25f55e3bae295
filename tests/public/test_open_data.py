"""Open data: CSVs and a Data Package that frictionless validates."""

from __future__ import annotations

import json

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
        "missions", "outcomes", "departments", "interventions", "indicators", "measurements",
        "updates",
    }  # fmt: skip
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


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
