"""Outside partners (NGOs, state agencies, schools) with roles, the contact person, and duplicating
interventions and indicators as drafts; with their import and export."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    AuditEvent,
    Indicator,
    InterimTarget,
    Intervention,
    Measurement,
    Mission,
    OutsidePartner,
    ProgressUpdate,
)
from app.models.enums import PartnerKind
from tests.support import factories as f
from tests.support.interventions import BASE, intervention_payload
from tests.support.transfer import confirm, csv_bytes, upload

OUTSIDE = {
    "outside_partners-0-name": "Barnaheill",
    "outside_partners-0-kind": "ngo",
    "outside_partners-0-role": "Parent courses",
    "outside_partners-1-name": "Fellaskóli",
    "outside_partners-1-kind": "school",
    "outside_partners-1-role": "",
}
CONTACT = {
    "contact_name": "Jóna Jónsdóttir",
    "contact_email": "jona@reykjavik.is",
    "contact_phone": "+354 411 1111",
}


def _load(app, title: str) -> Intervention:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(
            select(Intervention)
            .options(
                selectinload(Intervention.outside_partners), selectinload(Intervention.partners)
            )
            .where(Intervention.title == title)
        )


def test_outside_partners_and_contact_are_saved_audited_and_shown(app, city, as_role):
    client = as_role("mission_office")
    payload = intervention_payload(city, title="With outside partners", **OUTSIDE, **CONTACT)
    response = client.post_form(f"{BASE}/new", payload)
    assert response.status_code == 302
    item = _load(app, "With outside partners")
    assert [(p.name, p.kind, p.role) for p in item.outside_partners] == [
        ("Barnaheill", PartnerKind.NGO, "Parent courses"),
        ("Fellaskóli", PartnerKind.SCHOOL, ""),
    ]
    assert (item.contact_name, item.contact_email, item.contact_phone) == tuple(CONTACT.values())
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.entity_id == item.id, AuditEvent.entity_type == "Intervention",
                AuditEvent.action == "update",
            )
        )  # fmt: skip
    assert event.new_values["outside_partners"] == [
        "Barnaheill (ngo): Parent courses",
        "Fellaskóli (school)",
    ]
    page = client.get(f"{BASE}/{item.id}").get_data(as_text=True)
    assert "Barnaheill" in page
    assert "Non-governmental organisation" in page
    assert "jona@reykjavik.is" in page
    # Editing: one partner dropped, a role changed, a new one added.
    edit = {
        **payload, **CONTACT, "version": str(item.version),
        "outside_partners-0-role": "Parent courses and training",
        "outside_partners-1-name": "",
        "outside_partners-2-name": "Menntamálastofnun",
        "outside_partners-2-kind": "state_agency",
        "outside_partners-2-role": "",
    }  # fmt: skip
    assert client.post_form(f"{BASE}/{item.id}/edit", edit).status_code == 302
    item = _load(app, "With outside partners")
    assert [(p.name, p.role) for p in item.outside_partners] == [
        ("Barnaheill", "Parent courses and training"),
        ("Menntamálastofnun", ""),
    ]


def test_residents_see_outside_partners_but_never_the_contact_person(app, city, as_role, client):
    payload = intervention_payload(city, title="Public work", **OUTSIDE, **CONTACT)
    as_role("mission_office").post_form(f"{BASE}/new", payload)
    with app.app_context():
        item = db.session.scalar(select(Intervention).where(Intervention.title == "Public work"))
        item.is_published = True
        db.session.get(Mission, city.mission.id).is_published = True
        db.session.commit()
        item_id = item.id
    pages = [
        client.get("/missions/children").get_data(as_text=True),
        client.get(f"/missions/children/interventions/{item_id}").get_data(as_text=True),
        client.get("/api/v1/missions/children").get_data(as_text=True),
    ]
    assert "Barnaheill" in pages[1]
    for page in pages:
        for private in CONTACT.values():
            assert private not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outside_partners-0-name": "", "outside_partners-0-role": "Training"},
         "Name the organisation that has this role."),
        ({"outside_partners-0-kind": "cult"}, "Not a valid choice."),
        ({"outside_partners-0-kind": ""}, "Not a valid choice."),
        ({"outside_partners-1-name": "barnaheill"}, "is listed twice as a partner."),
        ({"outside_partners-0-name": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"outside_partners-0-role": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"outside_partners-0-name": "a\x00b"}, "Remove the control characters"),
        ({"contact_email": "not an address"}, "Enter the contact&#39;s email address"),
        ({"contact_email": "a@b"}, "Enter the contact&#39;s email address"),
        ({"contact_phone": "call me"}, "Enter the contact&#39;s phone number"),
        ({"contact_phone": "1" * 41}, "Field cannot be longer than 40 characters."),
        ({"contact_name": "", "contact_email": "jona@reykjavik.is"},
         "Give the contact person&#39;s name."),
        ({"contact_name": "x" * 121}, "Field cannot be longer than 120 characters."),
    ],
)  # fmt: skip
def test_bad_partners_and_contacts_are_refused_and_nothing_is_saved(
    app, city, as_role, changes, message
):
    with app.app_context():
        before = db.session.scalar(select(func.count(Intervention.id)))
    payload = intervention_payload(city, **{**OUTSIDE, **CONTACT, **changes})
    response = as_role("mission_office").post_form(f"{BASE}/new", payload)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Intervention.id))) == before
        assert db.session.scalar(select(func.count(OutsidePartner.id))) == 0


# ---- duplicate ----


def test_duplicating_an_intervention_makes_a_draft_copy_and_opens_its_form(app, city, as_role):
    client = as_role("edu_lead")
    payload = intervention_payload(city, title="Original", **OUTSIDE, **CONTACT)
    as_role("mission_office").post_form(f"{BASE}/new", payload)
    original = _load(app, "Original")
    with app.app_context():
        f.update(db.session.get(Intervention, original.id))
        f.milestone(db.session.get(Intervention, original.id))
        item = db.session.get(Intervention, original.id)
        item.is_published, item.external_id = True, "EDU-9"
        db.session.commit()
    response = client.post_form(
        f"{BASE}/{original.id}/duplicate", token_from=f"{BASE}/{original.id}"
    )
    assert response.status_code == 302
    copy = _load(app, "Original (copy)")
    assert response.headers["Location"].endswith(f"{BASE}/{copy.id}/edit")
    assert copy.is_published is False
    assert copy.external_id is None
    assert [(p.department_id, p.role) for p in copy.partners] == [(city.wel.id, "Family support")]
    assert [p.name for p in copy.outside_partners] == ["Barnaheill", "Fellaskóli"]
    assert copy.contact_email == "jona@reykjavik.is"
    with app.app_context():
        updates = db.session.scalar(
            select(func.count(ProgressUpdate.id)).where(ProgressUpdate.intervention_id == copy.id)
        )
    assert updates == 0


def test_a_long_title_still_fits_its_copy(app, city, as_role):
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.title = "T" * 200
        db.session.commit()
    client = as_role("mission_office")
    url = f"{BASE}/{city.edu_intervention.id}"
    assert client.post_form(f"{url}/duplicate", token_from=url).status_code == 302
    copy = _load(app, "T" * 193 + " (copy)")
    assert copy is not None


def test_a_lead_cannot_duplicate_another_departments_work(city, as_role):
    url = f"{BASE}/{city.wel_intervention.id}/duplicate"
    assert as_role("edu_lead").post_form(url, token_from="/staff/").status_code == 403
    assert as_role("viewer").post_form(url, token_from="/staff/").status_code == 403


def test_an_archived_missions_work_is_not_duplicated(app, city, as_role):
    with app.app_context():
        db.session.get(Mission, city.mission.id).archived_at = func.now()
        db.session.commit()
        before = db.session.scalar(select(func.count(Intervention.id)))
    client = as_role("mission_office")
    url = f"{BASE}/{city.edu_intervention.id}"
    response = client.post_form(f"{url}/duplicate", token_from=url, follow_redirects=True)
    assert "This mission is archived" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Intervention.id))) == before


def test_duplicating_an_indicator_copies_the_definition_without_values(app, city, as_role):
    with app.app_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.code = "EDU-01"
        indicator.baseline_value, indicator.baseline_period = 60.0, date(2021, 1, 1)
        indicator.target_value, indicator.target_period = 90.0, date(2030, 1, 1)
        db.session.add(InterimTarget(indicator_id=indicator.id, period=date(2025, 1, 1), value=75))
        db.session.commit()
    client = as_role("mission_office")
    url = f"/staff/indicators/{city.edu_indicator.id}"
    response = client.post_form(f"{url}/duplicate", token_from=url)
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalar(
            select(Indicator)
            .options(selectinload(Indicator.interim_targets))
            .where(Indicator.title == "Pupils who feel safe (copy)")
        )
        assert response.headers["Location"].endswith(f"/staff/indicators/{copy.id}/edit")
        assert (copy.code, copy.is_published, copy.unit) == (None, False, "%")
        assert (copy.baseline_value, copy.target_value) == (60.0, 90.0)
        assert [(t.period, t.value) for t in copy.interim_targets] == [(date(2025, 1, 1), 75.0)]
        values = db.session.scalar(
            select(func.count(Measurement.id)).where(Measurement.indicator_id == copy.id)
        )
        assert values == 0


def test_only_the_mission_office_duplicates_indicators(city, as_role):
    url = f"/staff/indicators/{city.edu_indicator.id}/duplicate"
    assert as_role("edu_lead").post_form(url, token_from="/staff/").status_code == 403


# ---- import and export ----

IMPORT = "/staff/data/import/interventions"
CONFIRM = "/staff/data/import/interventions/confirm"
HEADER = ["external_id", "mission_slug", "lead_department_code", "title", "outside_partners"]


def test_import_and_export_carry_outside_partners(app, city, as_role):
    client = as_role("mission_office")
    cell = "Barnaheill (ngo): Parent courses; Fellaskóli (school); Hagstofa"
    rows = [["EDU-100", "children", "EDU", "Imported", cell]]
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, rows)).get_data(as_text=True)
    assert "To create: 1" in html, html[:2000]
    assert confirm(client, CONFIRM, html).status_code == 302
    item = _load(app, "Imported")
    assert [(p.name, str(p.kind), p.role) for p in item.outside_partners] == [
        ("Barnaheill", "ngo", "Parent courses"),
        ("Fellaskóli", "school", ""),
        ("Hagstofa", "other", ""),
    ]
    export = client.get("/staff/data/export/interventions?format=csv").get_data(as_text=True)
    assert "outside_partners" in export.splitlines()[0]
    assert "Barnaheill (ngo): Parent courses; Fellaskóli (school); Hagstofa (other)" in export
    # A changed cell is previewed as a change and applied.
    rows = [["EDU-100", "children", "EDU", "Imported", "Barnaheill (ngo): Training"]]
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, rows)).get_data(as_text=True)
    assert "To change: 1" in html
    assert "outside_partners" in html
    confirm(client, CONFIRM, html)
    item = _load(app, "Imported")
    assert [(p.name, p.role) for p in item.outside_partners] == [("Barnaheill", "Training")]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("Barnaheill (cult)", "Unknown kind of partner cult"),
        ("Barnaheill; barnaheill", "is listed twice as a partner."),
        ("x" * 201, "Keep an outside partner"),
        ("a\x00b (ngo)", "NUL character"),
    ],
)
def test_bad_outside_partner_cells_are_refused(app, city, as_role, cell, message):
    client = as_role("mission_office")
    rows = [["EDU-101", "children", "EDU", "Imported", cell]]
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, rows)).get_data(as_text=True)
    assert message in html.replace("&#39;", "'")
    assert "To create: 1" not in html or "error" in html.lower()
