"""Building a mission: slugs from titles, co-owning departments, adding work from the mission
page with mission and outcome filled in, and publishing the mission with its drafts at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.indicators import services as indicator_services
from app.missions.slugs import slug_from_title, unique_slug
from app.models import AuditEvent, Indicator, Intervention, Mission
from tests.support import factories as f
from tests.support.interventions import intervention_payload

NEW_MISSION = {
    "version": "0",
    "title": "Betri borg fyrir börn",
    "slug": "",
    "north_star": "Every child gets integrated services without obstacles.",
    "start_year": "2025",
    "horizon_year": "2035",
    "status": "draft",
    "owner_id": "0",
}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Betri borg fyrir börn", "betri-borg-fyrir-born"),
        ("Þjónusta án hindrana – Ævi barna", "thjonusta-an-hindrana-aevi-barna"),
        ("  Clean   air!! ", "clean-air"),
        ("???", "mission"),
        ("x" * 300, "x" * 76),
    ],
)
def test_slug_from_title(title, slug):
    assert slug_from_title(title) == slug


def test_an_empty_slug_is_made_from_the_title_and_kept_unique(app, city, signed_in):
    client = signed_in("mission_office")
    for _ in range(3):
        assert client.post_form("/staff/missions/new", NEW_MISSION).status_code == 302
    with app.app_context():
        slugs = set(db.session.scalars(select(Mission.slug).where(Mission.slug.like("betri%"))))
        assert slugs == {
            "betri-borg-fyrir-born",
            "betri-borg-fyrir-born-2",
            "betri-borg-fyrir-born-3",
        }
        assert unique_slug("Betri borg fyrir börn") == "betri-borg-fyrir-born-4"


def test_a_typed_slug_still_wins_and_is_checked(app, city, signed_in):
    client = signed_in("mission_office")
    page = client.post_form("/staff/missions/new", {**NEW_MISSION, "slug": "Not a slug"})
    assert page.status_code == 200
    assert "Use lower-case letters" in page.get_data(as_text=True)
    assert client.post_form("/staff/missions/new", {**NEW_MISSION, "slug": "bb"}).status_code == 302


def test_co_owning_departments_are_saved_audited_and_shown(app, city, signed_in):
    client = signed_in("mission_office")
    data = {**NEW_MISSION, "co_owner_ids": [str(city.edu.id), str(city.wel.id)]}
    response = client.post_form("/staff/missions/new", data)
    assert response.status_code == 302
    with app.app_context():
        mission = db.session.scalar(select(Mission).where(Mission.slug == "betri-borg-fyrir-born"))
        events = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "Mission", AuditEvent.entity_id == mission.id
            )
        ).all()
    assert any((event.new_values or {}).get("co_owners") == ["EDU", "WEL"] for event in events)
    page = client.get(f"/staff/missions/{mission.id}").get_data(as_text=True)
    assert "Co-owning departments" in page
    assert "EDU · Education and Youth, WEL · Welfare" in page
    # Editing replaces them; the form shows the current ones chosen.
    form = client.get(f"/staff/missions/{mission.id}/edit").get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{city.edu.id}">|value="{city.edu.id}" selected', form
    )
    edit = {**data, "slug": mission.slug, "version": str(mission.version + 1),
            "co_owner_ids": [str(city.wel.id)]}  # fmt: skip
    with app.app_context():
        edit["version"] = str(db.session.get(Mission, mission.id).version)
    assert client.post_form(f"/staff/missions/{mission.id}/edit", edit).status_code == 302
    page = client.get(f"/staff/missions/{mission.id}").get_data(as_text=True)
    assert "EDU · Education" not in page


@pytest.mark.parametrize("bad", ["99999", "-1", "x", "9" * 30, "\x00"])
def test_unknown_co_owners_are_refused_and_nothing_is_saved(app, city, signed_in, bad):
    client = signed_in("mission_office")
    response = client.post_form("/staff/missions/new", {**NEW_MISSION, "co_owner_ids": [bad]})
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Mission.id))) == 1


def test_the_public_mission_page_names_the_co_owners(app, city, client):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.is_published = True
        from app.models import MissionDepartment

        db.session.add(MissionDepartment(mission_id=mission.id, department_id=city.wel.id))
        db.session.commit()
    page = client.get("/missions/children").get_data(as_text=True)
    assert "Owned together by Welfare." in page


# ---- adding work from the mission page ----


def test_the_mission_page_offers_add_links_with_mission_and_outcome(city, signed_in):
    page = signed_in("mission_office").get(f"/staff/missions/{city.mission.id}")
    html = page.get_data(as_text=True)
    query = f"mission_id={city.mission.id}&amp;outcome_id={city.outcome.id}"
    assert f"/staff/indicators/new?{query}" in html
    assert f"/staff/interventions/new?{query}" in html
    # A department lead adds interventions, not indicators.
    lead = signed_in("edu_lead").get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert "/staff/interventions/new?" in lead
    assert "/staff/indicators/new?" not in lead


@pytest.mark.parametrize("kind", ["interventions", "indicators"])
def test_the_new_form_has_mission_and_outcome_filled_in_and_only_its_outcomes(
    app, city, signed_in, kind
):
    with app.app_context():
        other = f.mission(title="Clean air")
        f.outcome(other, title="Every child feels safe")  # same title, another mission
        db.session.commit()
    url = f"/staff/{kind}/new?mission_id={city.mission.id}&outcome_id={city.outcome.id}"
    html = signed_in("mission_office").get(url).get_data(as_text=True)
    outcome_select = re.search(r'<select[^>]*id="outcome_id".*?</select>', html, re.S).group(0)
    assert outcome_select.count("<option") == 2  # "No outcome" and the mission's one
    assert f'selected value="{city.outcome.id}"' in outcome_select or (
        f'value="{city.outcome.id}" selected' in outcome_select
    )
    mission_select = re.search(r'<select[^>]*id="mission_id".*?</select>', html, re.S).group(0)
    assert re.search(rf'(selected value="{city.mission.id}"|value="{city.mission.id}" selected)',
                     mission_select)  # fmt: skip


@pytest.mark.parametrize("kind", ["interventions", "indicators"])
@pytest.mark.parametrize(
    "query",
    ["mission_id=99999", "mission_id=-1", "mission_id=x&outcome_id=1", "outcome_id=" + "9" * 40],
)
def test_bad_prefill_arguments_give_an_empty_form(city, signed_in, kind, query):
    page = signed_in("mission_office").get(f"/staff/{kind}/new?{query}")
    assert page.status_code == 200
    assert "Choose a mission" in page.get_data(as_text=True)


def test_an_intervention_added_from_the_mission_page_returns_there(app, city, signed_in):
    url = f"/staff/interventions/new?mission_id={city.mission.id}&outcome_id={city.outcome.id}"
    response = signed_in("mission_office").post_form(url, intervention_payload(city))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/staff/missions/{city.mission.id}#outcome-{city.outcome.id}"
    )


def test_another_missions_outcome_is_refused_with_a_clear_message(app, city, signed_in):
    with app.app_context():
        other = f.mission(title="Clean air")
        foreign = f.outcome(other, title="Every child feels safe")
        db.session.commit()
        foreign_id = foreign.id
        before = db.session.scalar(select(func.count(Intervention.id)))
    response = signed_in("mission_office").post_form(
        "/staff/interventions/new", intervention_payload(city, outcome_id=foreign_id)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This outcome is not one of “A Better City for Children”" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Intervention.id))) == before


# ---- publish the mission and its drafts ----


def _published(app, city):  # type: ignore[no-untyped-def]
    with app.app_context():
        return (
            db.session.get(Mission, city.mission.id).is_published,
            sorted(db.session.scalars(select(Intervention.is_published))),
            sorted(db.session.scalars(select(Indicator.is_published))),
        )


def test_the_review_lists_exactly_what_will_go_public(app, city, signed_in):
    with app.app_context():
        archived = f.intervention(city.mission, city.edu, title="Old pilot")
        archived.archived_at = archived.created_at
        f.intervention(f.mission(title="Other"), city.edu, title="Elsewhere")
        db.session.commit()
    html = signed_in("mission_office").get(f"/staff/missions/{city.mission.id}/publish-all")
    page = html.get_data(as_text=True)
    for title in ("Solution teams", "Family courses", "Pupils who feel safe", "Families waiting"):
        assert title in page
    assert "Old pilot" not in page
    assert "Elsewhere" not in page
    assert "Publish all 5 items" in page


def test_one_confirm_publishes_everything_with_an_audit_event_each(app, city, signed_in):
    client = signed_in("mission_office")
    url = f"/staff/missions/{city.mission.id}/publish-all"
    response = client.post_form(url, {"reviewed": _reviewed(client, url)})
    assert response.status_code == 302
    assert _published(app, city) == (True, [True, True], [True, True])
    with app.app_context():
        publishes = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "publish")
        )
    assert publishes == 5
    again = client.get(url).get_data(as_text=True)
    assert "Nothing is waiting" in again


def _reviewed(client, url: str) -> str:  # type: ignore[no-untyped-def]
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="reviewed"[^>]*value="([^"]*)"', html).group(1)


@pytest.mark.parametrize("reviewed", ["", "mission:1", "x" * 5000, "intervention:1,\x00"])
def test_a_changed_or_forged_list_publishes_nothing(app, city, signed_in, reviewed):
    client = signed_in("mission_office")
    url = f"/staff/missions/{city.mission.id}/publish-all"
    response = client.post_form(url, {"reviewed": reviewed})
    assert response.status_code == 200
    assert "nothing was published" in response.get_data(as_text=True).lower()
    assert _published(app, city) == (False, [False, False], [False, False])


def test_a_draft_added_after_the_review_stops_the_publish(app, city, signed_in):
    client = signed_in("mission_office")
    url = f"/staff/missions/{city.mission.id}/publish-all"
    reviewed = _reviewed(client, url)
    with app.app_context():
        f.intervention(city.mission, city.edu, title="Added meanwhile")
        db.session.commit()
    response = client.post_form(url, {"reviewed": reviewed})
    html = response.get_data(as_text=True)
    assert "Added meanwhile" in html  # the new list is shown to confirm again
    assert _published(app, city) == (False, [False, False, False], [False, False])


def test_publishing_is_all_or_nothing(app, city, signed_in, monkeypatch):
    client = signed_in("mission_office")
    url = f"/staff/missions/{city.mission.id}/publish-all"
    reviewed = _reviewed(client, url)

    def refuse(indicator, published, *, actor_id):  # type: ignore[no-untyped-def]
        raise DomainError("This indicator cannot be published.")

    monkeypatch.setattr("app.missions.publishing.publish_indicator", refuse)
    response = client.post_form(url, {"reviewed": reviewed})
    assert response.status_code == 200
    assert "This indicator cannot be published." in response.get_data(as_text=True)
    assert _published(app, city) == (False, [False, False], [False, False])
    assert indicator_services.publish_indicator is not refuse


def test_an_archived_mission_is_not_published(app, city, signed_in):
    client = signed_in("mission_office")
    url = f"/staff/missions/{city.mission.id}/publish-all"
    reviewed = _reviewed(client, url)
    with app.app_context():
        db.session.get(Mission, city.mission.id).archived_at = func.now()
        db.session.commit()
    response = client.post_form(url, {"reviewed": reviewed})
    assert response.status_code == 200
    assert _published(app, city)[0] is False


@pytest.mark.parametrize("who", ["edu_lead", "viewer"])
def test_only_the_mission_office_publishes_all(city, signed_in, who):
    client = signed_in(who)
    url = f"/staff/missions/{city.mission.id}/publish-all"
    assert client.get(url).status_code == 403
    assert client.post_form(url, {"reviewed": ""}, token_from="/staff/").status_code == 403
