"""Publishing, archiving and the manual status override: rights, audit, conflicts."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Indicator
from tests.support.indicators import indicator_events, load_indicator


def _url(city, action: str) -> str:  # type: ignore[no-untyped-def]
    return f"/staff/indicators/{city.edu_indicator.id}/{action}"


def _post_button(client, city, action: str):  # type: ignore[no-untyped-def]
    return client.post_form(
        _url(city, action), {}, token_from=f"/staff/indicators/{city.edu_indicator.id}"
    )


def test_publish_and_unpublish_are_audited(app, city, signed_in):
    client = signed_in("mission_office")
    response = _post_button(client, city, "publish")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/indicators/{city.edu_indicator.id}"
    assert load_indicator(app, city.edu_indicator.id).is_published is True
    assert _post_button(client, city, "unpublish").status_code == 302
    assert load_indicator(app, city.edu_indicator.id).is_published is False
    assert [e.action for e in indicator_events(app, city.edu_indicator.id)] == [
        "publish", "unpublish",
    ]  # fmt: skip


def test_archive_removes_the_indicator_from_the_list(app, city, signed_in):
    client = signed_in("admin")
    response = _post_button(client, city, "archive")
    assert response.status_code == 302
    assert "Archived Pupils who feel safe" in client.get(response.headers["Location"]).text
    saved = load_indicator(app, city.edu_indicator.id)
    assert saved.archived_at is not None
    assert [e.action for e in indicator_events(app, city.edu_indicator.id)] == ["archive"]
    assert "Pupils who feel safe" not in client.get("/staff/indicators/").get_data(as_text=True)
    detail = client.get(f"/staff/indicators/{city.edu_indicator.id}").get_data(as_text=True)
    assert "Archived" in detail
    assert "/publish" not in detail
    archived_list = client.get("/staff/indicators/?archived=1").get_data(as_text=True)
    assert "Pupils who feel safe" in archived_list


def test_an_archived_indicator_cannot_be_published(app, city, signed_in):
    client = signed_in("admin")
    _post_button(client, city, "archive")
    response = _post_button(client, city, "publish")
    assert response.status_code == 302
    assert load_indicator(app, city.edu_indicator.id).is_published is False
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An archived indicator cannot be published." in page


@pytest.mark.parametrize("who", ["edu_lead", "wel_lead", "viewer"])
@pytest.mark.parametrize("action", ["publish", "unpublish", "archive"])
def test_only_the_mission_office_publishes_and_archives(app, city, signed_in, who, action):
    client = signed_in(who)
    token = client.csrf("/staff/account/password")
    assert client.post(_url(city, action), data={"csrf_token": token}).status_code == 403
    saved = load_indicator(app, city.edu_indicator.id)
    assert (saved.is_published, saved.archived_at) == (False, None)


@pytest.mark.parametrize("action", ["publish", "unpublish", "archive"])
def test_buttons_without_csrf_token_are_400(app, city, signed_in, action):
    assert signed_in("admin").post(_url(city, action)).status_code == 400
    saved = load_indicator(app, city.edu_indicator.id)
    assert (saved.is_published, saved.archived_at) == (False, None)
    assert indicator_events(app) == []


# ---- manual status ----


def _override(**changes: str) -> dict[str, str]:
    return {
        "version": "1",
        "status": "deterioration",
        "reason": "Survey changed method.",
        **changes,
    }


def test_a_manual_status_is_set_with_its_reason_and_audited(app, city, signed_in):
    client = signed_in("mission_office")
    response = client.post_form(_url(city, "override"), _override())
    assert response.status_code == 302
    saved = load_indicator(app, city.edu_indicator.id)
    assert saved.status_override == "deterioration"
    assert saved.override_reason == "Survey changed method."
    assert saved.override_by_id == city.users["mission_office"].id
    assert saved.override_at is not None
    (event,) = indicator_events(app, city.edu_indicator.id)
    assert event.action == "update"
    assert event.old_values["status_override"] is None
    assert event.new_values["status_override"] == "deterioration"
    page = client.get(f"/staff/indicators/{city.edu_indicator.id}").get_data(as_text=True)
    assert "Deterioration · manual" in page
    assert "Survey changed method." in page


def test_a_manual_status_can_be_cleared(app, city, signed_in):
    client = signed_in("admin")
    client.post_form(_url(city, "override"), _override())
    response = client.post_form(_url(city, "override"), _override(version="2", status=""))
    assert response.status_code == 302
    saved = load_indicator(app, city.edu_indicator.id)
    assert (saved.status_override, saved.override_reason, saved.override_by_id) == (None, "", None)
    assert len(indicator_events(app, city.edu_indicator.id)) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Give the reason for the manual status."),
        ({"reason": "   "}, "Give the reason for the manual status."),
        ({"status": "great"}, "Not a valid choice."),
    ],
)
def test_a_manual_status_needs_a_reason(app, city, signed_in, changes, message):
    response = signed_in("mission_office").post_form(_url(city, "override"), _override(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert load_indicator(app, city.edu_indicator.id).status_override is None
    assert indicator_events(app) == []


def test_a_stale_override_is_a_conflict(app, city, signed_in):
    with app.app_context():
        db.session.get(Indicator, city.edu_indicator.id).title = "Renamed meanwhile"
        db.session.commit()
    response = signed_in("mission_office").post_form(_url(city, "override"), _override())
    assert response.status_code == 409
    saved = load_indicator(app, city.edu_indicator.id)
    assert (saved.status_override, saved.title) == (None, "Renamed meanwhile")


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("mission_office", 200), ("edu_lead", 403), ("wel_lead", 403),
     ("viewer", 403)],
)  # fmt: skip
def test_who_may_override(app, city, signed_in, who, status):
    client = signed_in(who)
    assert client.get(_url(city, "override")).status_code == status
    if status == 403:
        token = client.csrf("/staff/account/password")
        data = {**_override(), "csrf_token": token}
        assert client.post(_url(city, "override"), data=data).status_code == 403
        assert load_indicator(app, city.edu_indicator.id).status_override is None


def test_an_override_without_csrf_token_is_400(app, city, signed_in):
    response = signed_in("admin").post(_url(city, "override"), data=_override())
    assert response.status_code == 400
    assert load_indicator(app, city.edu_indicator.id).status_override is None


def test_unknown_indicator_override_is_404(city, signed_in):
    assert signed_in("admin").get("/staff/indicators/999999/override").status_code == 404
