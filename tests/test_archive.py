"""Safe archive: the mission office confirms what leaves the public pages, restores as a draft."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Indicator, Intervention, Mission, ProgressUpdate
from app.models.base import utcnow
from tests.support import factories as f
from tests.support.city import City
from tests.support.client import StaffClient

MODELS: dict[str, Any] = {"mission": Mission, "intervention": Intervention, "indicator": Indicator}
KINDS = tuple(MODELS)
OFFICE = ("admin", "mission_office")
OTHERS = ("edu_lead", "wel_lead", "viewer")


def _object_id(city: City, kind: str) -> int:
    return {
        "mission": city.mission.id,
        "intervention": city.edu_intervention.id,
        "indicator": city.edu_indicator.id,
    }[kind]


def _detail(city: City, kind: str) -> str:
    return f"/staff/{kind}s/{_object_id(city, kind)}"


def _load(app: Any, kind: str, object_id: int) -> Any:
    with app.app_context():
        return db.session.get(MODELS[kind], object_id)


def _events(app: Any, kind: str, object_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.entity_type == MODELS[kind].__name__,
                    AuditEvent.entity_id == object_id,
                )
                .order_by(AuditEvent.id)
            )
        )


def _publish_city(app: Any, city: City) -> None:
    """The mission, EDU's intervention with its update, and EDU's indicator go public."""
    with app.app_context():
        for model, object_id in (
            (Mission, city.mission.id),
            (Intervention, city.edu_intervention.id),
            (ProgressUpdate, city.edu_update.id),
            (Indicator, city.edu_indicator.id),
        ):
            db.session.get(model, object_id).is_published = True
        db.session.commit()


def _archive(app: Any, kind: str, object_id: int) -> None:
    with app.app_context():
        row = db.session.get(MODELS[kind], object_id)
        row.archived_at = utcnow()
        row.is_published = False
        db.session.commit()


def _confirm(client: StaffClient, city: City, kind: str):  # type: ignore[no-untyped-def]
    url = f"{_detail(city, kind)}/archive"
    return client.post_form(url, token_from=url)


def test_the_mission_page_names_everything_that_leaves_the_public_pages(app, city, signed_in):
    _publish_city(app, city)
    page = signed_in("mission_office").get(f"{_detail(city, 'mission')}/archive")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This leaves the public pages" in html
    assert "public page, its open data and its status reports" in html
    assert "Intervention Solution teams, with 1 published update" in html
    assert "Indicator Pupils who feel safe: its page, embed and 1 value in the open data" in html
    assert "Family courses" not in html  # a draft: not public, nothing to lose
    assert "Families waiting" not in html
    assert f'href="{_detail(city, "mission")}"' in html  # cancel
    assert 'name="csrf_token"' in html
    assert _load(app, "mission", city.mission.id).archived_at is None  # GET changes nothing


def test_the_intervention_and_indicator_pages_name_their_public_parts(app, city, signed_in):
    _publish_city(app, city)
    office = signed_in("mission_office")
    html = office.get(f"{_detail(city, 'intervention')}/archive").get_data(as_text=True)
    assert "This intervention on its mission" in html
    assert html.count("Progress update of") == 1
    html = office.get(f"{_detail(city, 'indicator')}/archive").get_data(as_text=True)
    assert "Its public page and embed, and its 1 value in the open data" in html


@pytest.mark.parametrize("kind", KINDS)
def test_archiving_draft_work_says_the_public_pages_do_not_change(app, city, signed_in, kind):
    html = signed_in("admin").get(f"{_detail(city, kind)}/archive").get_data(as_text=True)
    assert "Nothing of it is public now" in html
    assert "This leaves the public pages" not in html


def test_work_under_a_draft_mission_is_not_public(app, city, signed_in):
    _publish_city(app, city)
    with app.app_context():
        db.session.get(Mission, city.mission.id).is_published = False
        db.session.commit()
    html = signed_in("admin").get(f"{_detail(city, 'intervention')}/archive").text
    assert "Nothing of it is public now" in html


@pytest.mark.parametrize("kind", KINDS)
def test_confirming_archives_audits_and_offers_restore(app, city, signed_in, kind):
    _publish_city(app, city)
    object_id = _object_id(city, kind)
    office = signed_in("mission_office")
    response = _confirm(office, city, kind)
    assert response.status_code == 302
    assert response.headers["Location"] == _detail(city, kind)
    row = _load(app, kind, object_id)
    assert row.archived_at is not None
    assert row.is_published is False
    assert [e.action for e in _events(app, kind, object_id)] == ["archive"]
    page = office.get(_detail(city, kind)).get_data(as_text=True)
    assert "The mission office can restore it as a draft." in page  # the flash
    assert "Archived on" in page
    assert f'action="{_detail(city, kind)}/restore"' in page
    listed = office.get(f"/staff/{kind}s/?archived=1").get_data(as_text=True)
    assert f'href="{_detail(city, kind)}"' in listed
    assert f'href="{_detail(city, kind)}"' not in office.get(f"/staff/{kind}s/").text


@pytest.mark.parametrize("kind", KINDS)
def test_restore_brings_it_back_as_a_draft(app, city, signed_in, kind):
    _publish_city(app, city)
    object_id = _object_id(city, kind)
    office = signed_in("admin")
    _confirm(office, city, kind)
    archived_at = _load(app, kind, object_id).archived_at
    response = office.post_form(f"{_detail(city, kind)}/restore", token_from=_detail(city, kind))
    assert response.status_code == 302
    assert response.headers["Location"] == _detail(city, kind)
    row = _load(app, kind, object_id)
    assert row.archived_at is None
    assert row.is_published is False  # a draft, for the office to publish again
    events = _events(app, kind, object_id)
    assert [e.action for e in events] == ["archive", "restore"]
    assert events[-1].old_values["archived_at"] == archived_at.isoformat()
    assert events[-1].new_values == {"archived_at": None, "is_published": False}
    page = office.get(_detail(city, kind)).get_data(as_text=True)
    assert "as a draft: publish it again when it is ready" in page
    assert "Archived on" not in page
    history = office.get(f"/staff/history/{kind}/{object_id}").get_data(as_text=True)
    assert "<strong>Restored</strong>" in history
    assert f'href="{_detail(city, kind)}"' in office.get(f"/staff/{kind}s/").text


@pytest.mark.parametrize("kind", KINDS)
def test_restoring_live_work_changes_nothing(app, city, signed_in, kind):
    office = signed_in("mission_office")
    response = office.post_form(f"{_detail(city, kind)}/restore", token_from=_detail(city, kind))
    assert response.status_code == 302
    assert "is not archived" in office.get(_detail(city, kind)).text
    assert _events(app, kind, _object_id(city, kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_archiving_twice_records_one_event(app, city, signed_in, kind):
    office = signed_in("mission_office")
    _confirm(office, city, kind)
    url = f"{_detail(city, kind)}/archive"
    again = office.get(url)
    assert again.status_code == 302  # no second confirmation page for archived work
    assert "was already archived" in office.get(again.headers["Location"]).text
    office.post_form(url, token_from=_detail(city, kind))
    assert [e.action for e in _events(app, kind, _object_id(city, kind))] == ["archive"]


@pytest.mark.parametrize("kind", ["intervention", "indicator"])
def test_work_of_an_archived_mission_is_restored_after_the_mission(app, city, signed_in, kind):
    object_id = _object_id(city, kind)
    _archive(app, kind, object_id)
    _archive(app, "mission", city.mission.id)
    office = signed_in("mission_office")
    response = office.post_form(f"{_detail(city, kind)}/restore", token_from=_detail(city, kind))
    assert "restore the mission first" in office.get(response.headers["Location"]).text
    assert _load(app, kind, object_id).archived_at is not None
    office.post_form(f"{_detail(city, 'mission')}/restore", token_from=_detail(city, "mission"))
    office.post_form(f"{_detail(city, kind)}/restore", token_from=_detail(city, kind))
    assert _load(app, kind, object_id).archived_at is None


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("kind", KINDS)
def test_only_the_mission_office_archives_and_restores(app, city, signed_in, kind, who):
    _publish_city(app, city)
    object_id = _object_id(city, kind)
    client = signed_in(who)
    detail = _detail(city, kind)
    assert client.get(f"{detail}/archive").status_code == 403
    assert client.post_form(f"{detail}/archive", token_from=detail).status_code == 403
    assert _load(app, kind, object_id).archived_at is None
    page = client.get(detail).get_data(as_text=True)
    assert f"{detail}/archive" not in page
    _archive(app, kind, object_id)
    assert client.post_form(f"{detail}/restore", token_from=detail).status_code == 403
    assert _load(app, kind, object_id).archived_at is not None
    page = client.get(detail).get_data(as_text=True)
    assert "Archived on" in page
    assert f"{detail}/restore" not in page
    assert [e.action for e in _events(app, kind, object_id)] == []


@pytest.mark.parametrize("kind", KINDS)
def test_posts_without_csrf_change_nothing(app, city, signed_in, kind):
    office = signed_in("mission_office")
    detail = _detail(city, kind)
    assert office.post(f"{detail}/archive").status_code == 400
    assert _load(app, kind, _object_id(city, kind)).archived_at is None
    _archive(app, kind, _object_id(city, kind))
    assert office.post(f"{detail}/restore").status_code == 400
    assert _load(app, kind, _object_id(city, kind)).archived_at is not None


@pytest.mark.parametrize("kind", ["intervention", "indicator"])
def test_viewers_see_the_archived_lists_but_no_restore(app, city, signed_in, kind):
    _archive(app, kind, _object_id(city, kind))
    html = signed_in("viewer").get(f"/staff/{kind}s/?archived=1").get_data(as_text=True)
    assert f'href="{_detail(city, kind)}"' in html
    assert f"Archived {kind}s" in html
    assert f"Back to the current {kind}s" in html


def test_the_archived_interventions_list_reads_a_fixed_number_of_queries(
    app, city, signed_in, count_queries
):
    client = signed_in("viewer")
    _archive(app, "intervention", city.edu_intervention.id)
    client.get("/staff/interventions/?archived=1")
    with count_queries() as few:
        assert client.get("/staff/interventions/?archived=1").status_code == 200
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        for n in range(8):
            item = f.intervention(mission, city.wel, title=f"Old work {n}", archived_at=utcnow())
            f.update(item)
        db.session.commit()
    with count_queries() as many:
        page = client.get("/staff/interventions/?archived=1")
    assert page.get_data(as_text=True).count("Old work") == 8
    assert few.count == many.count


def test_the_archived_indicators_list_reads_a_fixed_number_of_queries(
    app, city, signed_in, count_queries
):
    client = signed_in("viewer")
    _archive(app, "indicator", city.edu_indicator.id)
    client.get("/staff/indicators/?archived=1")
    with count_queries() as few:
        assert client.get("/staff/indicators/?archived=1").status_code == 200
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        for n in range(8):
            f.indicator(mission, city.wel, title=f"Old measure {n}", archived_at=utcnow())
        db.session.commit()
    with count_queries() as many:
        page = client.get("/staff/indicators/?archived=1")
    assert page.get_data(as_text=True).count("Old measure") == 8
    assert few.count == many.count


def test_the_confirmation_page_reads_a_fixed_number_of_queries(app, city, signed_in, count_queries):
    _publish_city(app, city)
    client = signed_in("mission_office")
    url = f"{_detail(city, 'mission')}/archive"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        for n in range(6):
            item = f.intervention(mission, city.wel, title=f"Public work {n}", is_published=True)
            f.update(item, is_published=True)
            f.indicator(mission, city.wel, title=f"Public measure {n}", is_published=True)
        db.session.commit()
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count("Intervention Public work") == 6
    assert html.count("Indicator Public measure") == 6
    assert few.count == many.count
