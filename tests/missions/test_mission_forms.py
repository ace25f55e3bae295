"""Creating and editing missions: rules, translations, audit, optimistic locking, access."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.missions.services import MissionData, save_mission
from app.models import Mission
from app.translating import merged_translations
from tests.support import factories as f
from tests.support.missions import EDITORS, NOT_EDITORS, audit_actions, audit_count

VALID = {
    "title": "A Greener City",
    "slug": "greener-city",
    "north_star": "Every neighbourhood has clean air and green space by 2035.",
    "problem_statement": "Traffic and heating pollute the air in winter.",
    "target_population": "Everyone living in the city",
    "age_min": "",
    "age_max": "",
    "start_year": "2024",
    "horizon_year": "2035",
    "status": "draft",
    "owner_id": "0",
    "title_is": "Grænni borg",
    "north_star_is": "Hreint loft og græn svæði í hverju hverfi.",
    "problem_statement_is": "",
}


def _mission(app, **where):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(Mission).filter_by(**where))


def _mission_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Mission.id)))


def _edit_data(mission, **changes):  # type: ignore[no-untyped-def]
    data = {
        "title": mission.title,
        "slug": mission.slug,
        "north_star": mission.north_star,
        "problem_statement": mission.problem_statement or "",
        "target_population": mission.target_population or "",
        "age_min": "" if mission.age_min is None else str(mission.age_min),
        "age_max": "" if mission.age_max is None else str(mission.age_max),
        "start_year": str(mission.start_year),
        "horizon_year": str(mission.horizon_year),
        "status": mission.status,
        "owner_id": str(mission.owner_id or 0),
        "title_is": "",
        "north_star_is": "",
        "problem_statement_is": "",
        "version": str(mission.version),
    }
    return {**data, **changes}


@pytest.mark.parametrize("role", EDITORS)
def test_mission_office_creates_a_draft_mission(app, city, signed_in, role):
    owner = city.users["mission_office"]
    response = signed_in(role).post_form(
        "/staff/missions/new", {**VALID, "owner_id": str(owner.id), "version": "0"}
    )
    assert response.status_code == 302
    mission = _mission(app, slug="greener-city")
    assert response.headers["Location"].endswith(f"/staff/missions/{mission.id}")
    assert mission.title == "A Greener City"
    assert mission.owner_id == owner.id
    assert mission.is_published is False
    assert (mission.start_year, mission.horizon_year) == (2024, 2035)
    assert (mission.age_min, mission.age_max) == (None, None)
    # Empty translations are left out of the JSON.
    assert mission.translations == {
        "is": {
            "title": "Grænni borg",
            "north_star": "Hreint loft og græn svæði í hverju hverfi.",
        }
    }
    assert audit_actions(app, "Mission", mission.id) == ["create"]


def test_new_form_offers_only_active_mission_office_owners(app, city, signed_in):
    with app.app_context():
        f.user(name="Gone Officer", role="mission_office", active=False)
        db.session.commit()
    html = signed_in("mission_office").get("/staff/missions/new").get_data(as_text=True)
    assert "Ada Admin" in html
    assert "Mo Office" in html
    for name in ("Vera Viewer", "Edda Lead", "Gone Officer"):
        assert name not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"north_star": "  "}, "north_star", "This field is required."),
        ({"slug": "Greener City"}, "slug", "Use lower-case letters, digits and single hyphens"),
        ({"slug": "greener--city"}, "slug", "Use lower-case letters, digits and single hyphens"),
        ({"slug": "-greener"}, "slug", "Use lower-case letters, digits and single hyphens"),
        ({"slug": "children"}, "slug", "Another mission already uses the slug “children”."),
        ({"start_year": "1989"}, "start_year", "Number must be between 1990 and 2100."),
        ({"horizon_year": "2101"}, "horizon_year", "Number must be between 1990 and 2100."),
        ({"horizon_year": "soon"}, "horizon_year", "Not a valid integer value."),
        ({"start_year": ""}, "start_year", "This field is required."),
        (
            {"start_year": "2030", "horizon_year": "2025"},
            "horizon_year",
            "The horizon year cannot be before the start year.",
        ),
        ({"age_min": "-1"}, "age_min", "Number must be between 0 and 120."),
        ({"age_max": "121"}, "age_max", "Number must be between 0 and 120."),
        (
            {"age_min": "12", "age_max": "5"},
            "age_max",
            "The oldest age cannot be below the youngest age.",
        ),
        ({"status": "finished"}, "status", "Not a valid choice."),
        ({"owner_id": "abc"}, "owner_id", "Not a valid choice."),
        ({"title_is": "x" * 201}, "title_is", "Field cannot be longer than 200 characters."),
    ],
)
def test_bad_mission_input_changes_nothing(app, city, signed_in, changes, field, message):
    before, events = _mission_count(app), audit_count(app)
    response = signed_in("mission_office").post_form(
        "/staff/missions/new", {**VALID, "version": "0", **changes}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert "Please correct the fields marked below. Nothing was saved." in html
    assert 'value="A Greener City"' in html or changes.get("title") == ""  # input kept
    assert _mission_count(app) == before
    assert audit_count(app) == events


def test_owner_who_may_not_own_is_refused(app, city, signed_in):
    """A viewer is not offered; posting their id anyway is refused by the form."""
    viewer = city.users["viewer"]
    response = signed_in("mission_office").post_form(
        "/staff/missions/new", {**VALID, "owner_id": str(viewer.id), "version": "0"}
    )
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert _mission(app, slug="greener-city") is None


def test_service_refuses_an_ineligible_owner(app, city):
    data = MissionData(
        title="X", slug="x", north_star="Y", problem_statement="", target_population="",
        age_min=None, age_max=None, start_year=2024, horizon_year=2030, status="draft",
        owner_id=city.users["edu_lead"].id, translations={},
    )  # fmt: skip
    with app.test_request_context(), pytest.raises(DomainError) as raised:
        save_mission(None, data, expected_version=0, actor_id=city.users["admin"].id)
    assert raised.value.field == "owner_id"
    assert _mission(app, slug="x") is None


def test_edit_saves_changes_translations_and_audits(app, city, signed_in):
    mission = city.mission
    client = signed_in("mission_office")
    page = client.get(f"/staff/missions/{mission.id}/edit")
    assert page.status_code == 200
    assert 'name="version" type="hidden" value="1"' in page.get_data(as_text=True)
    response = client.post_form(
        f"/staff/missions/{mission.id}/edit",
        _edit_data(
            mission, title="A Better City for Every Child", age_max="17",
            title_is="Betri borg fyrir börn", problem_statement_is="Þjónusta rofnar.",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/missions/{mission.id}")
    saved = _mission(app, id=mission.id)
    assert saved.title == "A Better City for Every Child"
    assert saved.age_max == 17
    assert saved.slug == "children"  # its own slug is no clash
    assert saved.translations == {
        "is": {"title": "Betri borg fyrir börn", "problem_statement": "Þjónusta rofnar."}
    }
    assert saved.version == 2
    assert audit_actions(app, "Mission", mission.id) == ["update"]


def test_edit_form_shows_stored_translations_and_clearing_removes_them(app, city, signed_in):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.translations = {"is": {"title": "Betri borg fyrir börn"}, "de": {"title": "X"}}
        db.session.commit()
        mission = db.session.get(Mission, city.mission.id)
        db.session.expunge(mission)
    client = signed_in("admin")
    html = client.get(f"/staff/missions/{mission.id}/edit").get_data(as_text=True)
    assert 'value="Betri borg fyrir börn"' in html
    response = client.post_form(f"/staff/missions/{mission.id}/edit", _edit_data(mission))
    assert response.status_code == 302
    assert _mission(app, id=mission.id).translations == {"de": {"title": "X"}}


def test_stale_version_is_a_conflict_that_overwrites_nothing(app, city, signed_in):
    mission = city.mission
    client = signed_in("mission_office")
    stale = _edit_data(mission, title="My title")  # loaded at version 1
    with app.app_context():
        current = db.session.get(Mission, mission.id)
        current.title = "Their title"
        db.session.commit()  # someone else saved: version 2
    events = audit_count(app)
    response = client.post_form(f"/staff/missions/{mission.id}/edit", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved first" in html
    assert "My title" in html
    assert _mission(app, id=mission.id).title == "Their title"
    assert audit_count(app) == events


def test_post_without_csrf_token_is_refused(app, city, signed_in):
    client = signed_in("mission_office")
    before = _mission_count(app)
    response = client.post("/staff/missions/new", data={**VALID, "version": "0"})
    assert response.status_code == 400
    assert _mission_count(app) == before
    response = client.post(
        f"/staff/missions/{city.mission.id}/edit", data=_edit_data(city.mission, title="Hacked")
    )
    assert response.status_code == 400
    assert _mission(app, id=city.mission.id).title == "A Better City for Children"


@pytest.mark.parametrize("role", [*EDITORS, *NOT_EDITORS])
def test_who_may_open_the_mission_forms(city, signed_in, role):
    client = signed_in(role)
    expected = 200 if role in EDITORS else 403
    assert client.get("/staff/missions/new").status_code == expected
    assert client.get(f"/staff/missions/{city.mission.id}/edit").status_code == expected


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_others_cannot_create_or_edit_missions(app, city, signed_in, role):
    client = signed_in(role)
    before, events = _mission_count(app), audit_count(app)
    response = client.post_form(
        "/staff/missions/new", {**VALID, "version": "0"}, token_from="/staff/missions/"
    )
    assert response.status_code == 403
    response = client.post_form(
        f"/staff/missions/{city.mission.id}/edit",
        _edit_data(city.mission, title="Taken over"),
        token_from="/staff/missions/",
    )
    assert response.status_code == 403
    assert _mission_count(app) == before
    assert audit_count(app) == events
    assert _mission(app, id=city.mission.id).title == "A Better City for Children"


def test_unknown_or_malformed_mission_edit_is_404(city, signed_in):
    client = signed_in("admin")
    assert client.get("/staff/missions/999999/edit").status_code == 404
    assert client.get("/staff/missions/children/edit").status_code == 404


def test_signed_out_cannot_open_the_form(city, client):
    response = client.get("/staff/missions/new")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_merged_translations_keeps_other_locales_and_drops_blanks():
    current = {"is": {"title": "Gamalt"}, "en": {"title": "Old"}}
    merged = merged_translations(current, "is", {"title": " Nýtt ", "north_star": "  "})
    assert merged == {"is": {"title": "Nýtt"}, "en": {"title": "Old"}}
    assert merged["en"] is not current["en"]
    assert merged_translations(current, "is", {"title": ""}) == {"en": {"title": "Old"}}
