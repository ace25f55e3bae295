"""The history page names each audit action in the reader's language, and shows each role only
the history of what its lists show (a 404 otherwise, as for an object that does not exist)."""

from __future__ import annotations

import pytest

from app import audit
from app.auth.tokens import create_token
from app.extensions import db
from app.models import Mission, User


def test_actions_are_shown_by_name(app, city, signed_in):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        audit.record(mission, "publish", actor_id=None, old={"is_published": False},
                     new={"is_published": True})  # fmt: skip
        db.session.commit()
    page = signed_in("viewer").get(f"/staff/history/mission/{city.mission.id}")
    html = page.get_data(as_text=True)
    assert "<strong>Published</strong>" in html
    assert "<strong>publish</strong>" not in html


ROLES = ("admin", "mission_office", "edu_lead", "wel_lead", "viewer")


def _entities(city) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Every object kind a staff list shows to every role, by its history URL name."""
    return {
        "department": city.edu.id,
        "mission": city.mission.id,
        "outcome": city.outcome.id,
        "intervention": city.edu_intervention.id,
        "milestone": city.edu_milestone.id,
        "indicator": city.edu_indicator.id,
        "measurement": city.edu_measurement.id,
        "update": city.edu_update.id,
    }


@pytest.mark.parametrize("who", ROLES)
def test_every_role_reads_the_history_of_what_its_lists_show(city, signed_in, who):
    client = signed_in(who)
    for entity, entity_id in _entities(city).items():
        response = client.get(f"/staff/history/{entity}/{entity_id}")
        assert response.status_code == 200, (who, entity)


@pytest.mark.parametrize("who", ["mission_office", "edu_lead", "wel_lead", "viewer"])
def test_only_admins_read_other_accounts_history(app, city, signed_in, who):
    client = signed_in(who)
    me = city.users[who].id
    for other in ("admin", "viewer", "edu_lead"):
        if city.users[other].id == me:
            continue
        response = client.get(f"/staff/history/user/{city.users[other].id}")
        assert response.status_code == 404, (who, other)
        assert city.users[other].email not in response.get_data(as_text=True)
    # Nor can ids be probed: a missing account looks the same.
    assert client.get("/staff/history/user/99999999").status_code == 404
    own = client.get(f"/staff/history/user/{me}")
    assert own.status_code == 200
    assert city.users[who].name in own.get_data(as_text=True)


def test_admins_read_every_accounts_history(app, city, signed_in):
    with app.app_context():
        user = db.session.get(User, city.users["viewer"].id)
        audit.record(user, "update", actor_id=None, old={"role": "viewer"},
                     new={"role": "viewer", "email": user.email})  # fmt: skip
        db.session.commit()
    client = signed_in("admin")
    for who in ROLES:
        assert client.get(f"/staff/history/user/{city.users[who].id}").status_code == 200
    html = client.get(f"/staff/history/user/{city.users['viewer'].id}").get_data(as_text=True)
    assert "viewer@example.org" in html
    viewer_page = signed_in("edu_lead").get(f"/staff/history/user/{city.users['viewer'].id}")
    assert "viewer@example.org" not in viewer_page.get_data(as_text=True)


@pytest.mark.parametrize("who", ROLES)
def test_api_tokens_and_unknown_kinds_have_no_history_page(app, city, signed_in, who):
    user = city.users[who]
    with app.app_context():
        token, _secret = create_token(
            db.session.get(User, user.id), name="Upload script", expires_in_days=30
        )
        db.session.commit()
        token_id = token.id
    client = signed_in(who)
    for entity in ("token", "api_token", "apitoken", "session", "auditevent"):
        assert client.get(f"/staff/history/{entity}/{token_id}").status_code == 404
