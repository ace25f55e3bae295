"""Creating and editing interventions: rules, partners, department scoping, conflicts, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Intervention, InterventionPartner
from tests.support import factories as f
from tests.support.interventions import BASE, NO_PARTNER, audit_events, intervention_payload


def _count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Intervention.id)))


def _get(app, intervention_id: int) -> Intervention:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Intervention, intervention_id)


def _partners(app, intervention_id: int) -> dict[int, str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        stmt = select(InterventionPartner.department_id, InterventionPartner.role).where(
            InterventionPartner.intervention_id == intervention_id
        )
        return {row.department_id: row.role for row in db.session.execute(stmt)}


def test_create_writes_the_intervention_partners_and_audit(app, city, as_role):
    response = as_role("mission_office").post_form(
        f"{BASE}/new", intervention_payload(city, external_id="RVK-7")
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Intervention).where(Intervention.external_id == "RVK-7"))
        assert item.title == "Prosperity contact persons"
        assert item.budget == Decimal("1500000.00")
        assert (item.age_min, item.age_max) == (6, 16)
        assert item.is_published is False
        item_id = item.id
    assert response.headers["Location"].endswith(f"{BASE}/{item_id}")
    assert _partners(app, item_id) == {city.wel.id: "Family support"}
    events = audit_events(app, "Intervention", item_id)
    assert [event.action for event in events] == ["create", "update"]
    assert events[0].new_values["title"] == "Prosperity contact persons"
    assert events[0].actor_id == city.users["mission_office"].id
    assert events[1].new_values == {"partners": ["WEL: Family support"]}


def test_new_form_for_a_lead_offers_only_their_department(city, as_role):
    page = as_role("edu_lead").get(f"{BASE}/new").get_data(as_text=True)
    lead_select = page.split('id="lead_department_id"')[1].split("</select>")[0]
    assert "EDU" in lead_select
    assert "WEL" not in lead_select


def test_a_lead_creates_for_their_own_department(app, city, as_role):
    before = _count(app)
    response = as_role("edu_lead").post_form(f"{BASE}/new", intervention_payload(city))
    assert response.status_code == 302
    assert _count(app) == before + 1


def test_a_lead_choosing_another_department_as_lead_is_refused(app, city, as_role):
    before = _count(app)
    payload = intervention_payload(city, lead_department_id=city.wel.id, **NO_PARTNER)
    response = as_role("edu_lead").post_form(f"{BASE}/new", payload)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You can only choose your own department as the lead." in page
    assert 'id="lead_department_id-error"' in page
    assert _count(app) == before


def test_a_lead_cannot_hand_their_intervention_to_another_department(app, city, as_role):
    item = city.edu_intervention
    payload = intervention_payload(
        city, title=item.title, lead_department_id=city.wel.id, version=1,
        **NO_PARTNER,
    )  # fmt: skip
    response = as_role("edu_lead").post_form(f"{BASE}/{item.id}/edit", payload)
    assert response.status_code == 200
    assert "You can only choose your own department as the lead." in response.get_data(True)
    assert _get(app, item.id).lead_department_id == city.edu.id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"end_date": "2023-12-31"}, "The end date cannot be before the start date."),
        ({"budget": "-5"}, "Enter an amount of 0 or more."),
        ({"budget": "lots"}, "Not a valid decimal value."),
        ({"age_max": ""}, "Give both ages of the range, or neither."),
        ({"age_min": "12", "age_max": "8"}, "The oldest age cannot be below the youngest."),
        ({"age_max": "130"}, "Number must be between 0 and 120."),
        ({"update_cycle_days": "3"}, "Number must be between 7 and 366."),
        ({"weight": "0"}, "Enter a number above 0."),
        ({"weight": "nan"}, "Enter a number above 0."),
        ({"mission_id": "999999"}, "Not a valid choice."),
        ({"partners-1-role": "Orphan role"}, "Choose the department that has this role."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(app, city, as_role, overrides, message):
    before = _count(app)
    response = as_role("admin").post_form(f"{BASE}/new", intervention_payload(city, **overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert "Nothing was saved" in page or 'class="error"' in page
    assert _count(app) == before


def test_outcome_must_belong_to_the_mission(app, city, as_role):
    with app.app_context():
        other = f.mission(title="Clean air")
        foreign = f.outcome(other, title="Cleaner air near schools")
        db.session.commit()
        foreign_id = foreign.id
    before = _count(app)
    response = as_role("admin").post_form(
        f"{BASE}/new", intervention_payload(city, outcome_id=foreign_id)
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This outcome is not one of “" in page
    assert "choose one of its outcomes" in page
    assert _count(app) == before


def test_external_id_is_unique(app, city, as_role):
    with app.app_context():
        item = db.session.get(Intervention, city.wel_intervention.id)
        item.external_id = "RVK-1"
        db.session.commit()
    before = _count(app)
    response = as_role("admin").post_form(
        f"{BASE}/new", intervention_payload(city, external_id="RVK-1")
    )
    assert "Another intervention has this external ID." in response.get_data(as_text=True)
    assert _count(app) == before


def test_duplicate_partners_are_refused(app, city, as_role):
    before = _count(app)
    payload = intervention_payload(
        city, **{"partners-1-department_id": city.wel.id, "partners-1-role": "Again"}
    )
    response = as_role("admin").post_form(f"{BASE}/new", payload)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "WEL is listed twice as a partner." in page
    assert 'id="partners-error"' in page
    assert _count(app) == before


def test_the_lead_cannot_also_be_a_partner(app, city, as_role):
    before = _count(app)
    payload = intervention_payload(city, **{"partners-1-department_id": city.edu.id})
    response = as_role("admin").post_form(f"{BASE}/new", payload)
    assert "EDU leads this intervention, so it cannot also be a partner." in response.get_data(
        as_text=True
    )
    assert _count(app) == before


def test_edit_form_shows_current_values_and_version(city, as_role):
    page = as_role("edu_lead").get(f"{BASE}/{city.edu_intervention.id}/edit").get_data(True)
    assert 'value="Solution teams"' in page
    assert 'name="version" type="hidden" value="1"' in page
    assert page.count('name="partners-') >= 8  # four rows of department and role


def test_edit_replaces_partners_in_one_transaction_and_audits_them(app, city, as_role):
    item_id = city.edu_intervention.id
    with app.app_context():
        third = f.department(code="CUL", name="Culture")
        fourth = f.department(code="SPO", name="Sport")
        db.session.add(InterventionPartner(intervention_id=item_id, department_id=third.id,
                                           role="Libraries"))  # fmt: skip
        db.session.add(InterventionPartner(intervention_id=item_id, department_id=fourth.id))
        db.session.commit()
        third_id, fourth_id = third.id, fourth.id
    payload = intervention_payload(
        city, title="Solution teams in every school", version=1,
        **{
            "partners-0-department_id": city.wel.id, "partners-0-role": "Social workers",
            "partners-1-department_id": third_id, "partners-1-role": "Reading clubs",
        },
    )  # fmt: skip
    response = as_role("edu_lead").post_form(f"{BASE}/{item_id}/edit", payload)
    assert response.status_code == 302
    assert _partners(app, item_id) == {city.wel.id: "Social workers", third_id: "Reading clubs"}
    assert fourth_id not in _partners(app, item_id)
    item = _get(app, item_id)
    assert item.title == "Solution teams in every school"
    events = [e for e in audit_events(app, "Intervention", item_id) if e.action == "update"]
    assert events[0].new_values["title"] == "Solution teams in every school"
    assert events[0].old_values["title"] == "Solution teams"
    assert events[1].old_values == {"partners": ["CUL: Libraries", "SPO"]}
    assert events[1].new_values == {"partners": ["CUL: Reading clubs", "WEL: Social workers"]}


def test_changing_only_partners_moves_the_version(app, city, as_role):
    item_id = city.edu_intervention.id
    client = as_role("admin")
    payload = intervention_payload(
        city, title="Solution teams", summary="", stage="test", start_date="2023-01-01",
        end_date="", budget="", age_min="", age_max="", version=1,
    )  # fmt: skip
    assert client.post_form(f"{BASE}/{item_id}/edit", payload).status_code == 302
    assert _get(app, item_id).version > 1
    # The same stale form again is now a conflict.
    stale = client.post_form(f"{BASE}/{item_id}/edit", {**payload, "title": "Other"})
    assert stale.status_code == 409


def test_stale_version_is_a_conflict_and_overwrites_nothing(app, city, as_role):
    item_id = city.edu_intervention.id
    with app.app_context():
        item = db.session.get(Intervention, item_id)
        item.title = "Renamed by someone else"
        db.session.commit()
    payload = intervention_payload(city, title="My title", version=1)
    response = as_role("mission_office").post_form(f"{BASE}/{item_id}/edit", payload)
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert _get(app, item_id).title == "Renamed by someone else"
    assert _partners(app, item_id) == {}


def test_post_without_csrf_token_is_400_and_changes_nothing(app, city, as_role):
    client = as_role("admin")
    before = _count(app)
    assert client.post(f"{BASE}/new", data=intervention_payload(city)).status_code == 400
    item_id = city.edu_intervention.id
    payload = intervention_payload(city, title="Changed", version=1)
    assert client.post(f"{BASE}/{item_id}/edit", data=payload).status_code == 400
    assert client.post(f"{BASE}/{item_id}/publish").status_code == 400
    assert client.post(f"{BASE}/{item_id}/archive").status_code == 400
    assert _count(app) == before
    item = _get(app, item_id)
    assert item.title == "Solution teams"
    assert item.is_published is False
    assert item.archived_at is None


def test_publish_unpublish_and_archive_are_audited(app, city, as_role):
    item_id = city.edu_intervention.id
    detail = f"{BASE}/{item_id}"
    office = as_role("mission_office")
    assert office.post_form(f"{detail}/publish", token_from=detail).status_code == 302
    assert _get(app, item_id).is_published is True
    assert office.post_form(f"{detail}/unpublish", token_from=detail).status_code == 302
    assert _get(app, item_id).is_published is False
    assert as_role("edu_lead").post_form(f"{detail}/archive", token_from=detail).status_code == 403
    assert _get(app, item_id).archived_at is None
    assert office.post_form(f"{detail}/archive", token_from=detail).status_code == 302
    assert _get(app, item_id).archived_at is not None
    actions = [event.action for event in audit_events(app, "Intervention", item_id)]
    assert actions == ["publish", "unpublish", "archive"]


def test_an_archived_intervention_cannot_be_published_or_edited(app, city, as_role):
    item_id = city.edu_intervention.id
    detail = f"{BASE}/{item_id}"
    office = as_role("mission_office")
    office.post_form(f"{detail}/archive", token_from=detail)
    response = office.post_form(f"{detail}/publish", token_from=detail, follow_redirects=True)
    assert "archived" in response.get_data(as_text=True)
    assert _get(app, item_id).is_published is False
    version = _get(app, item_id).version
    edit = office.post_form(f"{detail}/edit", intervention_payload(city, version=version))
    assert edit.status_code == 200
    assert "This intervention is archived" in edit.get_data(as_text=True)
    assert _get(app, item_id).title == "Solution teams"
