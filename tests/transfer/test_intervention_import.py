"""Intervention spreadsheets: create or update by external_id through the services."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Intervention
from tests.support.transfer import (
    audit_events,
    confirm,
    csv_bytes,
    intervention_count,
    upload,
)

IMPORT = "/staff/data/import/interventions"
CONFIRM = "/staff/data/import/interventions/confirm"
HEADER = [
    "external_id",
    "mission_slug",
    "outcome_title",
    "lead_department_code",
    "title",
    "summary",
    "stage",
    "start_date",
    "end_date",
    "budget",
    "age_min",
    "age_max",
    "partners",
]


def _row(**changes: object) -> list[object]:
    row = {
        "external_id": "EDU-001",
        "mission_slug": "children",
        "outcome_title": "Every child feels safe",
        "lead_department_code": "EDU",
        "title": "Prosperity contacts",
        "summary": "A contact person in every school",
        "stage": "test",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "budget": "1 500 000,50",
        "age_min": "6",
        "age_max": "16",
        "partners": "WEL:Joins case meetings",
    }
    row.update(changes)  # type: ignore[arg-type]
    return [row[name] for name in HEADER]


def _by_key(app, key: str) -> Intervention | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(
            select(Intervention)
            .options(selectinload(Intervention.partners))
            .where(Intervention.external_id == key)
        )


def test_new_interventions_are_created_with_partners(app, city, signed_in):
    client = signed_in("edu_lead")
    before = intervention_count(app)
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    assert "To create: 1" in html, html[:3000]
    assert intervention_count(app) == before
    assert confirm(client, CONFIRM, html).status_code == 302
    created = _by_key(app, "EDU-001")
    assert created is not None
    assert created.lead_department_id == city.edu.id
    assert created.outcome_id == city.outcome.id
    assert created.budget == Decimal("1500000.50")
    assert (created.age_min, created.age_max) == (6, 16)
    assert [(p.department_id, p.role) for p in created.partners] == [
        (city.wel.id, "Joins case meetings")
    ]
    creates = audit_events(app, "create", "Intervention")
    assert [event.entity_id for event in creates] == [created.id]


def test_existing_interventions_are_updated_and_the_change_previewed(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    changed = _row(title="Prosperity contact persons", partners="")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [changed])).get_data(as_text=True)
    assert "To change: 1" in html
    assert "<td>Prosperity contacts</td><td><strong>Prosperity contact persons</strong>" in html
    confirm(client, CONFIRM, html)
    item = _by_key(app, "EDU-001")
    assert item is not None
    assert (item.title, item.stage, item.partners) == ("Prosperity contact persons", "test", [])
    updates = audit_events(app, "update", "Intervention")
    assert any(event.new_values.get("title") == "Prosperity contact persons" for event in updates)
    assert any(event.new_values.get("partners") == [] for event in updates)


def test_a_leads_import_sends_published_work_back_to_review(app, city, signed_in):
    """The import saves through the same service, so the publishing rule holds there too."""
    lead, office = signed_in("edu_lead"), signed_in("mission_office")

    def import_row(client, **changes: object) -> None:  # type: ignore[no-untyped-def]
        html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row(**changes)]))
        assert confirm(client, CONFIRM, html.get_data(as_text=True)).status_code == 302

    def publish() -> None:
        with app.app_context():
            stmt = select(Intervention).where(Intervention.external_id == "EDU-001")
            db.session.scalar(stmt).is_published = True
            db.session.commit()

    import_row(lead)
    publish()
    import_row(office, summary="Reviewed by the office")
    item = _by_key(app, "EDU-001")
    assert (item.summary, item.is_published) == ("Reviewed by the office", True)
    import_row(lead, summary="Changed by the lead")
    item = _by_key(app, "EDU-001")
    assert (item.summary, item.is_published) == ("Changed by the lead", False)
    assert [e.entity_id for e in audit_events(app, "unpublish", "Intervention")] == [item.id]


def test_the_services_rules_become_row_errors_and_nothing_is_written(app, city, signed_in):
    rows = [
        _row(),  # fine, but the file has errors: nothing is created
        _row(external_id="E2", start_date="2025-01-01", end_date="2024-01-01"),
        _row(external_id="E3", mission_slug="nope"),
        _row(external_id="E4", partners="EDU:also leads"),
        _row(external_id="E5", stage="dreaming"),
        _row(external_id="E6", partners="XYZ:unknown"),
        _row(external_id="E7", budget="lots"),
        _row(external_id="E8", outcome_title="Not an outcome"),
        _row(external_id="E9", age_max=""),
        _row(external_id="", title="No key"),
        _row(external_id="E2"),
    ]
    before = intervention_count(app)
    html = upload(signed_in("admin"), IMPORT, "bad.csv", csv_bytes(HEADER, rows)).get_data(
        as_text=True
    )
    expected = [
        ("3", "end_date", "The end date cannot be before the start date."),
        ("4", "mission_slug", "No mission has the slug nope."),
        ("5", "partners", "EDU leads this intervention, so it cannot also be a partner."),
        ("6", "stage", "Choose a stage."),
        ("7", "partners", "No department has the code XYZ."),
        ("8", "budget", "Enter an amount"),
        ("9", "outcome_title", "The mission has no outcome with this title."),
        ("10", "age_max", "Give both ages of the range, or neither."),
        ("11", "external_id", "Give each new intervention an external ID."),
        ("12", "external_id", "Row 3 already imports this intervention."),
    ]
    for row, column, reason in expected:
        assert f'<th scope="row">{row}</th><td>{column}</td><td>{reason}' in html, (row, reason)
    assert "Confirm the import" not in html
    assert intervention_count(app) == before


def test_a_lead_may_only_change_their_departments_interventions(app, city, signed_in):
    rows = [
        _row(external_id="", title="Family courses", lead_department_code="WEL"),
        _row(external_id="W-NEW", lead_department_code="WEL", partners=""),
    ]
    header = ["id", *HEADER]
    rows[0] = [city.wel_intervention.id, *rows[0]]
    rows[1] = ["", *rows[1]]
    html = upload(signed_in("edu_lead"), IMPORT, "i.csv", csv_bytes(header, rows)).get_data(
        as_text=True
    )
    assert "You can only change your department&#39;s interventions." in html
    assert "You can only choose your own department as the lead." in html
    assert "Confirm the import" not in html


def test_export_then_import_changes_nothing(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.summary = "=Line one\r\nLine two, as a browser sends it"
        item.budget = Decimal("12.30")
        db.session.commit()
    for fmt, name in (("csv", "export.csv"), ("xlsx", "export.xlsx")):
        exported = client.get(f"/staff/data/export/interventions?format={fmt}").data
        again = upload(client, IMPORT, name, exported).get_data(as_text=True)
        assert "Nothing to import" in again, again[again.find("<ul class") :][:1500]
        assert "Unchanged: 3" in again


def test_missing_columns_and_unknown_columns_are_refused(app, city, signed_in):
    html = upload(
        signed_in("admin"), IMPORT, "i.csv", csv_bytes(["external_id", "title"], [["a", "b"]])
    ).get_data(as_text=True)
    assert "needs the columns mission_slug, lead_department_code" in html
    html = upload(
        signed_in("admin"), IMPORT, "i.csv", csv_bytes([*HEADER, "colour"], [[*_row(), "red"]])
    ).get_data(as_text=True)
    assert "Unknown column colour" in html


def test_confirm_refuses_a_plan_that_moved(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    changed = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row(title="New title")]))
    with app.app_context():
        item = db.session.scalar(select(Intervention).where(Intervention.external_id == "EDU-001"))
        item.summary = "Changed meanwhile"
        db.session.commit()
    response = confirm(client, CONFIRM, changed.get_data(as_text=True))
    assert response.status_code == 409
    item = _by_key(app, "EDU-001")
    assert item is not None
    assert item.title == "Prosperity contacts"
