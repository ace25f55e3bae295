"""Exports: every row staff may see, formulas neutralised, and an export imports back unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import LXML, load_workbook

from app.extensions import db
from tests.support import factories as f
from tests.support.transfer import confirm, measurement_count, upload, values

IMPORT = "/staff/data/import/measurements"
CONFIRM = "/staff/data/import/measurements/confirm"
FORMULAS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rReturn"]


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


def _xlsx(response) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def formulas(app, city):  # type: ignore[no-untyped-def]
    """Text that a spreadsheet would run, in notes, titles and update summaries."""
    with app.app_context():
        change = f.indicator(city.mission, city.edu, title="=Change in waiting", unit="-pp")
        for year, text in enumerate(FORMULAS, start=2010):
            f.measurement(change, date(year, 1, 1), -3.5, source_note=text)
        f.update(
            city.edu_intervention, summary='=HYPERLINK("http://x")', reported_on=date(2024, 2, 1)
        )
        db.session.commit()


def test_csv_export_neutralises_formula_text_but_not_numbers(app, city, signed_in, formulas):
    rows = _csv(signed_in("viewer").get("/staff/data/export/measurements?format=csv"))
    notes = {row["source_note"] for row in rows if row["period"].startswith("201")}
    assert notes == {"'" + text for text in FORMULAS}
    assert {row["value"] for row in rows if row["period"].startswith("201")} == {"-3.5"}
    updates = _csv(signed_in("viewer").get("/staff/data/export/updates?format=csv"))
    assert '\'=HYPERLINK("http://x")' in {row["summary"] for row in updates}


def test_xlsx_export_neutralises_formula_text_and_keeps_numbers(app, city, signed_in, formulas):
    response = signed_in("viewer").get("/staff/data/export/measurements?format=xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = [row for row in _xlsx(response) if str(row["period"]).startswith("201")]
    # The standard library's XML writer lets a carriage return come back as a line feed; with
    # lxml installed (feedgen needs it) openpyxl writes it escaped and it comes back as it was.
    assert {row["source_note"] for row in rows} == {
        "'" + (text if LXML else text.replace("\r", "\n")) for text in FORMULAS
    }
    assert {row["value"] for row in rows} == {-3.5}
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    updates = _xlsx(signed_in("viewer").get("/staff/data/export/updates?format=xlsx"))
    assert '\'=HYPERLINK("http://x")' in {row["summary"] for row in updates}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_measurement_export_imports_back_unchanged(app, city, signed_in, formulas, fmt):
    client = signed_in("admin")
    with app.app_context():
        f.measurement(
            city.edu_indicator,
            date(2023, 1, 1),
            12.345678901,
            breakdown="sex=Female",
            status="provisional",
            source_note="Gögn, með kommu",
        )
        db.session.commit()
    before = values(app, city.edu_indicator.id)
    count = measurement_count(app)
    exported = client.get(f"/staff/data/export/measurements?format={fmt}").data
    html = upload(client, IMPORT, f"export.{fmt}", exported).get_data(as_text=True)
    assert "Nothing to import" in html, html[html.find("<ul class") :][:2000]
    assert f"Unchanged: {count}" in html
    assert values(app, city.edu_indicator.id) == before


def test_an_edited_export_imports_as_a_correction(app, city, signed_in):
    client = signed_in("admin")
    rows = _csv(client.get("/staff/data/export/measurements?format=csv"))
    for row in rows:
        if row["indicator_id"] == str(city.edu_indicator.id):
            row["value"] = "75"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    html = upload(client, IMPORT, "edited.csv", buffer.getvalue().encode()).get_data(as_text=True)
    assert "To change: 1" in html
    assert "Unchanged: 1" in html
    confirm(client, CONFIRM, html)
    assert values(app, city.edu_indicator.id)[("2024-01-01", "")] == 75.0


def test_exports_hold_drafts_and_can_be_limited_to_a_department(app, city, signed_in):
    client = signed_in("edu_lead")
    everything = _csv(client.get("/staff/data/export/interventions"))
    assert {row["title"] for row in everything} == {"Solution teams", "Family courses"}
    assert {row["is_published"] for row in everything} == {"false"}
    only_wel = _csv(client.get(f"/staff/data/export/measurements?department={city.wel.code}"))
    assert {row["indicator_id"] for row in only_wel} == {str(city.wel_indicator.id)}
    updates = _csv(client.get("/staff/data/export/updates?format=csv"))
    assert len(updates) == 2
    assert client.get("/staff/data/export/updates?format=doc").status_code == 400
    assert client.get("/staff/data/export/updates?department=NOPE").status_code == 404


def test_exports_take_the_same_number_of_queries_for_10x_data(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    counts = []
    for extra in (1, 10):
        with app.app_context():
            mission = f.mission()
            for n in range(extra):
                item = f.intervention(mission, city.edu, external_id=f"X{extra}-{n}")
                f.update(item)
                indicator = f.indicator(mission, city.wel)
                f.measurement(indicator, date(2020, 1, 1), n)
            db.session.commit()
        for kind in ("measurements", "interventions", "updates"):
            with count_queries() as log:
                client.get(f"/staff/data/export/{kind}?format=csv").get_data()
            counts.append((kind, log.count))
    assert counts[:3] == counts[3:]


def test_the_overview_page_lists_what_the_user_may_do(app, city, signed_in):
    html = signed_in("viewer").get("/staff/data/").get_data(as_text=True)
    assert "Export measurements" in html
    assert "Import interventions" not in html
    html = signed_in("edu_lead").get("/staff/data/").get_data(as_text=True)
    assert "Import interventions" in html
    assert "Download template" in html
