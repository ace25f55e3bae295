"""The mission list and the mission page: who sees what, drafts, progress, constant queries."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.extensions import db
from app.missions.queries import list_missions_with_counts
from app.models import InterventionPartner, Mission
from app.models.base import utcnow
from tests.support import factories as f
from tests.support.missions import EDITORS, ROLES


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_list_and_the_mission(city, signed_in, role):
    client = signed_in(role)
    listing = client.get("/staff/missions/")
    assert listing.status_code == 200
    assert "A Better City for Children" in listing.get_data(as_text=True)
    page = client.get(f"/staff/missions/{city.mission.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "A Better City for Children" in html
    assert "Every child feels safe" in html
    assert f"/staff/history/mission/{city.mission.id}" in html


def test_signed_out_visitors_are_sent_to_sign_in(city, client):
    for url in ("/staff/missions/", f"/staff/missions/{city.mission.id}"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/staff/login" in response.headers["Location"]


def test_unknown_or_malformed_mission_is_404(city, signed_in):
    client = signed_in("viewer")
    assert client.get("/staff/missions/999999").status_code == 404
    assert client.get("/staff/missions/children").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_new_mission_button_only_for_those_who_may(city, signed_in, role):
    html = signed_in(role).get("/staff/missions/").get_data(as_text=True)
    assert ('href="/staff/missions/new"' in html) is (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_mission_buttons_only_for_those_who_may(city, signed_in, role):
    html = signed_in(role).get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    mission_id = city.mission.id
    may = role in EDITORS
    assert (f'href="/staff/missions/{mission_id}/edit"' in html) is may
    assert (f'href="/staff/missions/{mission_id}/outcomes/new"' in html) is may
    assert (f'action="/staff/missions/{mission_id}/publish"' in html) is may
    assert (f'href="/staff/missions/{mission_id}/archive"' in html) is may
    assert (f'href="/staff/missions/outcomes/{city.outcome.id}/edit"' in html) is may
    assert f"/staff/history/outcome/{city.outcome.id}" in html


def test_drafts_are_visible_to_viewers(app, city, signed_in):
    with app.app_context():
        f.intervention(city.mission, city.edu, title="Draft pilot", outcome_id=city.outcome.id)
        db.session.commit()
    client = signed_in("viewer")
    listing = client.get("/staff/missions/").get_data(as_text=True)
    assert "A Better City for Children" in listing
    assert "Draft" in listing
    page = client.get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert "Draft pilot" in page
    assert 'chip chip-draft">Draft' in page


def test_list_shows_status_horizon_and_counts(app, city, signed_in):
    with app.app_context():
        f.outcome(city.mission, title="Second outcome")
        f.intervention(city.mission, city.edu, archived_at=utcnow())  # archived: not counted
        f.indicator(city.mission, city.wel)
        db.session.commit()
        row = next(r for r in list_missions_with_counts().items if r.mission.id == city.mission.id)
        assert (row.outcome_count, row.intervention_count, row.indicator_count) == (2, 2, 3)
    html = signed_in("viewer").get("/staff/missions/").get_data(as_text=True)
    assert "2021–2030" in html
    assert "chip-active" in html
    cells = re.findall(r'<td class="num">(\d+)</td>', html)
    assert cells == ["2", "2", "3"]


def test_archived_missions_only_behind_the_archived_switch(app, city, signed_in):
    with app.app_context():
        f.mission(title="Old mission", archived_at=utcnow())
        db.session.commit()
    client = signed_in("viewer")
    current = client.get("/staff/missions/").get_data(as_text=True)
    assert "Old mission" not in current
    assert "A Better City for Children" in current
    archived = client.get("/staff/missions/?archived=1").get_data(as_text=True)
    assert "Old mission" in archived
    assert "A Better City for Children" not in archived


def test_mission_page_shows_north_star_owner_and_badges(app, city, signed_in):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.north_star = "Every child thrives, without obstacles."
        mission.owner_id = city.users["mission_office"].id
        mission.illustrative = True
        mission.is_published = True
        db.session.commit()
    html = signed_in("viewer").get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert "Every child thrives, without obstacles." in html
    assert "Mo Office" in html
    assert "Illustrative" in html
    assert 'chip chip-published">Published' in html


def test_mission_page_shows_work_with_department_and_stage(city, signed_in):
    html = signed_in("viewer").get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    for text in ("Solution teams", "Family courses", "Pupils who feel safe", "Families waiting"):
        assert text in html
    assert "<td>EDU</td>" in html
    assert "<td>WEL</td>" in html
    assert "<td>Test</td>" in html  # stage


def test_progress_summary_and_life_course_gaps(app, city, signed_in):
    with app.app_context():
        young = f.intervention(
            city.mission, city.edu, title="Early years", outcome_id=city.outcome.id,
            age_min=0, age_max=15,
        )  # fmt: skip
        f.update(young, reported_on=date.today())
        other = f.outcome(city.mission, title="Young adults are supported")
        old = f.intervention(
            city.mission, city.wel, title="Aftercare", outcome_id=other.id, age_min=18, age_max=18
        )
        f.update(old, reported_on=date.today())
        db.session.commit()
    html = signed_in("viewer").get(f"/staff/missions/{city.mission.id}").get_data(as_text=True)
    assert "Progress of the mission" in html
    assert "Outcome lens" in html
    assert "Implementation lens" in html
    assert "weighted progress" in html
    assert "Indicators with current data" in html
    assert "Active interventions updated on time" in html
    # The mission: 16 and 17 are nobody's; each outcome has its own gaps.
    assert "No intervention serves ages 16–17" in html
    assert "No intervention serves ages 16–18" in html
    assert "No intervention serves ages 0–17" in html


def test_mission_without_age_range_says_so(app, city, signed_in):
    with app.app_context():
        mission = f.mission(title="Clean air")
        f.outcome(mission, title="Air is clean")
        f.intervention(mission, city.edu, title="Low-emission zone")
        db.session.commit()
        mission_id = mission.id
    html = signed_in("viewer").get(f"/staff/missions/{mission_id}").get_data(as_text=True)
    assert "No age range set for the mission." in html
    assert "Not tied to an outcome" in html
    assert "Low-emission zone" in html


def _build_mission(scale: int) -> int:
    """A mission with scale outcomes, each with two indicators and two interventions."""
    edu = f.department()
    wel = f.department()
    owner = f.user(role="mission_office")
    mission = f.mission(age_min=0, age_max=18, owner_id=owner.id)
    for _ in range(scale):
        outcome = f.outcome(mission)
        for department in (edu, wel):
            indicator = f.indicator(
                mission, department, outcome_id=outcome.id,
                baseline_period=date(2020, 1, 1), baseline_value=40.0,
                target_period=date(2030, 1, 1), target_value=80.0,
            )  # fmt: skip
            for year in (2021, 2022, 2023):
                f.measurement(indicator, date(year, 1, 1), 40.0 + year - 2020)
            item = f.intervention(mission, department, outcome_id=outcome.id, age_min=3, age_max=9)
            db.session.add(InterventionPartner(intervention_id=item.id, department_id=edu.id))
            f.milestone(item)
            f.update(item)
    db.session.commit()
    return mission.id


def test_mission_page_queries_do_not_grow(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    counts = []
    for scale in (1, 10):
        with app.app_context():
            mission_id = _build_mission(scale)
        with count_queries() as log:
            response = client.get(f"/staff/missions/{mission_id}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('<h3 id="outcome-') == scale
        counts.append(log.count)
    assert counts[0] == counts[1]


def test_mission_list_queries_do_not_grow(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    counts = []
    for scale in (1, 10):
        with app.app_context():
            for _ in range(scale):
                _build_mission(1)
        with count_queries() as log:
            response = client.get("/staff/missions/")
        assert response.status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]
