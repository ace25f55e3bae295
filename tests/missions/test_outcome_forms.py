"""Creating and editing outcomes: rules, translations, audit, optimistic locking, access."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Outcome
from tests.support import factories as f
from tests.support.missions import EDITORS, NOT_EDITORS, audit_actions, audit_count

NEW = {
    "title": "Every child has a trusted adult",
    "description": "A named person in every school and preschool.",
    "position": "5",
    "title_is": "Hvert barn á sér trúnaðarmann",
    "description_is": "",
    "version": "0",
}


def _outcome(app, **where):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(Outcome).filter_by(**where))


def _outcome_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Outcome.id)))


def _edit_data(outcome, **changes):  # type: ignore[no-untyped-def]
    data = {
        "title": outcome.title,
        "description": outcome.description or "",
        "position": str(outcome.position),
        "title_is": "",
        "description_is": "",
        "version": str(outcome.version),
    }
    return {**data, **changes}


@pytest.mark.parametrize("role", EDITORS)
def test_mission_office_adds_an_outcome(app, city, signed_in, role):
    mission_id = city.mission.id
    response = signed_in(role).post_form(f"/staff/missions/{mission_id}/outcomes/new", NEW)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/missions/{mission_id}")
    outcome = _outcome(app, title="Every child has a trusted adult")
    assert outcome.mission_id == mission_id
    assert outcome.position == 5
    assert outcome.description == "A named person in every school and preschool."
    assert outcome.translations == {"is": {"title": "Hvert barn á sér trúnaðarmann"}}
    assert audit_actions(app, "Outcome", outcome.id) == ["create"]


def test_new_outcome_form_suggests_the_next_position(app, city, signed_in):
    with app.app_context():
        f.outcome(city.mission, title="Later", position=7)
        db.session.commit()
    html = (
        signed_in("admin")
        .get(f"/staff/missions/{city.mission.id}/outcomes/new")
        .get_data(as_text=True)
    )
    assert 'name="position"' in html
    assert 'value="8"' in html
    assert 'name="version" type="hidden" value="0"' in html


def test_outcomes_are_listed_by_position(app, city, signed_in):
    with app.app_context():
        db.session.get(Outcome, city.outcome.id).position = 10
        f.outcome(city.mission, title="Comes last", position=50)
        f.outcome(city.mission, title="Comes first", position=1)
        db.session.commit()
    html = signed_in("viewer").get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert (
        html.index("Comes first") < html.index("Every child feels safe") < html.index("Comes last")
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "Field cannot be longer than 200 characters."),
        ({"position": "1000"}, "position", "Number must be between 0 and 999."),
        ({"position": "-1"}, "position", "Number must be between 0 and 999."),
        ({"position": "first"}, "position", "Not a valid integer value."),
        ({"position": ""}, "position", "This field is required."),
        (
            {"title": "every child feels SAFE"},
            "title",
            "This mission already has an outcome with this title.",
        ),
    ],
)
def test_bad_outcome_input_changes_nothing(app, city, signed_in, changes, field, message):
    before, events = _outcome_count(app), audit_count(app)
    response = signed_in("mission_office").post_form(
        f"/staff/missions/{city.mission.id}/outcomes/new", {**NEW, **changes}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert _outcome_count(app) == before
    assert audit_count(app) == events


def test_same_title_in_another_mission_is_fine(app, city, signed_in):
    with app.app_context():
        other = f.mission(title="Clean air")
        db.session.commit()
        other_id = other.id
    response = signed_in("admin").post_form(
        f"/staff/missions/{other_id}/outcomes/new", {**NEW, "title": "Every child feels safe"}
    )
    assert response.status_code == 302
    assert _outcome(app, mission_id=other_id, title="Every child feels safe") is not None


def test_edit_outcome_saves_translations_and_audits(app, city, signed_in):
    outcome = city.outcome
    client = signed_in("mission_office")
    page = client.get(f"/staff/missions/outcomes/{outcome.id}/edit")
    assert page.status_code == 200
    assert "A Better City for Children" in page.get_data(as_text=True)
    response = client.post_form(
        f"/staff/missions/outcomes/{outcome.id}/edit",
        _edit_data(outcome, position="3", description_is="Öll börn eru örugg."),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/missions/{city.mission.id}")
    saved = _outcome(app, id=outcome.id)
    assert saved.title == "Every child feels safe"  # its own title is no clash
    assert saved.position == 3
    assert saved.translations == {"is": {"description": "Öll börn eru örugg."}}
    assert audit_actions(app, "Outcome", outcome.id) == ["update"]


def test_edit_outcome_form_shows_stored_translations(app, city, signed_in):
    with app.app_context():
        db.session.get(Outcome, city.outcome.id).translations = {"is": {"title": "Öll börn örugg"}}
        db.session.commit()
    html = (
        signed_in("admin")
        .get(f"/staff/missions/outcomes/{city.outcome.id}/edit")
        .get_data(as_text=True)
    )
    assert 'value="Öll börn örugg"' in html


def test_renaming_onto_a_sibling_title_is_refused(app, city, signed_in):
    with app.app_context():
        sibling = f.outcome(city.mission, title="Families get help early")
        db.session.commit()
        sibling_id = sibling.id
    response = signed_in("admin").post_form(
        f"/staff/missions/outcomes/{city.outcome.id}/edit",
        _edit_data(city.outcome, title="Families get help early"),
    )
    assert response.status_code == 200
    assert "This mission already has an outcome with this title." in response.get_data(as_text=True)
    assert _outcome(app, id=city.outcome.id).title == "Every child feels safe"
    assert _outcome(app, id=sibling_id).title == "Families get help early"


def test_stale_outcome_version_is_a_conflict(app, city, signed_in):
    client = signed_in("mission_office")
    stale = _edit_data(city.outcome, title="My outcome title")
    with app.app_context():
        db.session.get(Outcome, city.outcome.id).title = "Their outcome title"
        db.session.commit()
    events = audit_count(app)
    response = client.post_form(f"/staff/missions/outcomes/{city.outcome.id}/edit", stale)
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert _outcome(app, id=city.outcome.id).title == "Their outcome title"
    assert audit_count(app) == events


def test_outcome_post_without_csrf_token_is_refused(app, city, signed_in):
    client = signed_in("mission_office")
    before = _outcome_count(app)
    response = client.post(f"/staff/missions/{city.mission.id}/outcomes/new", data=NEW)
    assert response.status_code == 400
    assert _outcome_count(app) == before
    response = client.post(
        f"/staff/missions/outcomes/{city.outcome.id}/edit",
        data=_edit_data(city.outcome, title="Hacked"),
    )
    assert response.status_code == 400
    assert _outcome(app, id=city.outcome.id).title == "Every child feels safe"


@pytest.mark.parametrize("role", [*EDITORS, *NOT_EDITORS])
def test_who_may_open_the_outcome_forms(city, signed_in, role):
    client = signed_in(role)
    expected = 200 if role in EDITORS else 403
    assert client.get(f"/staff/missions/{city.mission.id}/outcomes/new").status_code == expected
    assert client.get(f"/staff/missions/outcomes/{city.outcome.id}/edit").status_code == expected


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_others_cannot_create_or_edit_outcomes(app, city, signed_in, role):
    client = signed_in(role)
    before, events = _outcome_count(app), audit_count(app)
    response = client.post_form(
        f"/staff/missions/{city.mission.id}/outcomes/new", NEW, token_from="/staff/missions/"
    )
    assert response.status_code == 403
    response = client.post_form(
        f"/staff/missions/outcomes/{city.outcome.id}/edit",
        _edit_data(city.outcome, title="Taken over"),
        token_from="/staff/missions/",
    )
    assert response.status_code == 403
    assert _outcome_count(app) == before
    assert audit_count(app) == events
    assert _outcome(app, id=city.outcome.id).title == "Every child feels safe"


def test_unknown_or_malformed_ids_are_404(city, signed_in):
    client = signed_in("admin")
    assert client.get("/staff/missions/999999/outcomes/new").status_code == 404
    assert client.get("/staff/missions/outcomes/999999/edit").status_code == 404
    assert client.get("/staff/missions/outcomes/first/edit").status_code == 404
