"""Who may open and post each interventions route, including ids of another department."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Intervention, Milestone, ProgressUpdate
from tests.support.interventions import BASE, NO_PARTNER, intervention_payload, update_payload

ROLES = ("admin", "mission_office", "edu_lead", "wel_lead", "viewer")
EVERYONE = set(ROLES)
EDU_WORK = {"admin", "mission_office", "edu_lead"}
OFFICE = {"admin", "mission_office"}

# (url template, roles allowed) for GET pages, on EDU's objects.
GET_PAGES = [
    ("{base}/", EVERYONE),
    ("{base}/{edu_item}", EVERYONE),
    ("{base}/new", {"admin", "mission_office", "edu_lead", "wel_lead"}),
    ("{base}/{edu_item}/edit", EDU_WORK),
    ("{base}/{edu_item}/milestones/new", EDU_WORK),
    ("{base}/milestones/{edu_milestone}/edit", EDU_WORK),
    ("{base}/{edu_item}/updates/new", EDU_WORK),
    ("{base}/updates/{edu_update}/edit", EDU_WORK),
    ("{base}/{edu_item}/override", OFFICE),
    ("{base}/{edu_item}/archive", OFFICE),
]

# POST-only actions, on EDU's objects.
POST_ACTIONS = [
    ("{base}/{edu_item}/publish", OFFICE),
    ("{base}/{edu_item}/unpublish", OFFICE),
    ("{base}/{edu_item}/archive", OFFICE),
    ("{base}/{edu_item}/restore", OFFICE),
    ("{base}/updates/{edu_update}/publish", OFFICE),
    ("{base}/updates/{edu_update}/unpublish", OFFICE),
]


def _url(template: str, city) -> str:  # type: ignore[no-untyped-def]
    return template.format(
        base=BASE,
        edu_item=city.edu_intervention.id,
        edu_milestone=city.edu_milestone.id,
        edu_update=city.edu_update.id,
    )


def test_every_route_is_a_staff_route(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("interventions."):
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "required_action", None) is not None, rule.rule


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("template", "allowed"), GET_PAGES)
def test_get_pages_by_role(city, as_role, role, template, allowed):
    response = as_role(role).get(_url(template, city))
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("template", "allowed"), POST_ACTIONS)
def test_post_actions_by_role(city, as_role, role, template, allowed):
    detail = f"{BASE}/{city.edu_intervention.id}"
    response = as_role(role).post_form(_url(template, city), token_from=detail)
    assert response.status_code == (302 if role in allowed else 403)


@pytest.mark.parametrize(("template", "_allowed"), GET_PAGES + POST_ACTIONS)
def test_signed_out_is_sent_to_sign_in(city, client, template, _allowed):
    url = _url(template, city)
    response = client.post(url) if (template, _allowed) in POST_ACTIONS else client.get(url)
    assert response.status_code in {302, 400}
    if response.status_code == 302:
        assert "/staff/login" in response.headers["Location"]


def test_edu_lead_cannot_post_to_welfare_forms(app, city, as_role):
    """Swapping in WEL's ids: 403 on every form, and nothing written."""
    lead = as_role("edu_lead")
    wel_item, wel_milestone, wel_update = (
        city.wel_intervention.id, city.wel_milestone.id, city.wel_update.id,
    )  # fmt: skip
    token_from = f"{BASE}/{city.edu_intervention.id}/edit"
    attempts = [
        (f"{BASE}/{wel_item}/edit",
         intervention_payload(city, lead_department_id=city.wel.id, title="Hijacked", version=1,
                              **NO_PARTNER)),
        (f"{BASE}/{wel_item}/milestones/new",
         {"version": "0", "title": "Hijacked", "due_date": "2026-01-01"}),
        (f"{BASE}/milestones/{wel_milestone}/edit",
         {"version": "1", "title": "Hijacked", "due_date": "2026-01-01"}),
        (f"{BASE}/{wel_item}/updates/new", update_payload(summary="Hijacked")),
        (f"{BASE}/updates/{wel_update}/edit", update_payload(summary="Hijacked", version=1)),
        (f"{BASE}/{wel_item}/archive", {}),
    ]  # fmt: skip
    for url, data in attempts:
        assert lead.get(url).status_code in {403, 405}, url
        assert lead.post_form(url, data, token_from=token_from).status_code == 403, url
    with app.app_context():
        assert db.session.get(Intervention, wel_item).title == "Family courses"
        assert db.session.get(Intervention, wel_item).archived_at is None
        assert db.session.get(Milestone, wel_milestone).title == "First course held"
        assert db.session.get(ProgressUpdate, wel_update).summary != "Hijacked"
        assert db.session.query(Milestone).filter_by(title="Hijacked").count() == 0
        assert db.session.query(ProgressUpdate).filter_by(summary="Hijacked").count() == 0


def test_viewer_cannot_post_forms(app, city, as_role):
    viewer = as_role("viewer")
    response = viewer.post_form(f"{BASE}/new", intervention_payload(city), token_from=f"{BASE}/")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.query(Intervention).count() == 2
