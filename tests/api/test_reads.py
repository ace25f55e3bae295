"""Public API reads: published content only, both lenses, suppression, pagination, problems."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.models import Mission
from tests.support import factories as f


def test_the_index_links_everything(app, client):
    body = client.get("/api/v1/").get_json()
    assert body["links"]["openapi"] == "/api/v1/openapi.json"
    assert body["links"]["docs"] == "/api/v1/docs"


def test_missions_list_with_lenses_freshness_and_links(app, client, published):
    response = client.get("/api/v1/missions?limit=1")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["meta"] == {"total": 1, "limit": 1, "offset": 0}
    assert body["links"]["next"] is None
    assert body["links"]["prev"] is None
    [mission] = body["data"]
    assert mission["slug"] == "children"
    progress = mission["progress"]
    assert {"outcome_lens", "output_lens", "implementation", "freshness"} <= set(progress)
    assert progress["implementation"]["count"] == 2


def test_a_mission_with_outcomes_coverage_and_work(app, client, published):
    body = client.get("/api/v1/missions/children").get_json()
    assert body["coverage"]["age_min"] == 0
    assert body["coverage"]["age_max"] == 18
    assert [o["title"] for o in body["outcomes"]] == ["Every child feels safe"]
    assert body["outcomes"][0]["progress"]["outcome_lens"]["status"]
    titles = {item["title"] for item in body["indicators"]}
    assert "Draft indicator" not in titles
    assert {"Pupils who feel safe", "Families waiting", "Children in care"} == titles
    assert {item["lead_department"]["code"] for item in body["interventions"]} == {"EDU", "WEL"}


def test_drafts_are_not_found(app, client, published, city):
    assert client.get(f"/api/v1/indicators/{published['draft'].id}").status_code == 404
    with app.app_context():
        f.mission(slug="secret-plan")
        db.session.commit()
    response = client.get("/api/v1/missions/secret-plan")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 404
    assert problem["title"]
    assert problem["detail"]
    assert problem["type"] == "about:blank"


def test_sensitive_small_values_are_withheld(app, client, published):
    body = client.get(f"/api/v1/indicators/{published['sensitive'].id}").get_json()
    cells = {m["breakdown"]: m for m in body["measurements"]}
    assert cells[""]["value"] == 98.0
    assert cells["district=A"] == {
        "period": "2024-01-01",
        "breakdown": "district=A",
        "value": None,
        "withheld": True,
        "provisional": False,
    }
    # Secondary suppression: the next smallest cell is withheld too.
    assert cells["district=B"]["value"] is None
    assert cells["district=B"]["withheld"]
    assert cells["district=C"]["value"] == 55.0
    assert body["suppressed"] is True
    assert body["assessment"]["breakdowns"] == {}
    assert "3.0" not in str(body["assessment"])


def test_an_indicator_with_values_and_assessment(app, client, published, city):
    body = client.get(f"/api/v1/indicators/{city.edu_indicator.id}").get_json()
    assert body["department"]["code"] == "EDU"
    assert body["measurements"] == [
        {
            "period": "2024-01-01",
            "breakdown": "",
            "value": 71.0,
            "withheld": False,
            "provisional": False,
        }
    ]
    assert body["assessment"]["headline"]["status"]
    assert set(body["assessment"]["freshness"]) >= {"due", "overdue", "latest_period"}


def test_interventions_and_their_published_updates(app, client, published, city):
    page = client.get("/api/v1/interventions?mission=children").get_json()
    assert page["meta"]["total"] == 2
    assert all(item["status"]["status"] for item in page["data"])
    body = client.get(f"/api/v1/interventions/{city.wel_intervention.id}").get_json()
    assert body["updates"] == []  # its only updates are drafts
    body = client.get(f"/api/v1/interventions/{city.edu_intervention.id}").get_json()
    assert [u["id"] for u in body["updates"]] == [city.edu_update.id]
    updates = client.get("/api/v1/updates").get_json()
    assert [u["id"] for u in updates["data"]] == [city.edu_update.id]
    assert client.get("/api/v1/interventions?mission=nope").get_json()["data"] == []


def test_pagination_links(app, client, published, city):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        for n in range(5):
            f.indicator(mission, city.edu, title=f"Extra {n}", is_published=True)
        db.session.commit()
    first = client.get("/api/v1/indicators?limit=3").get_json()
    assert first["meta"]["total"] == 8
    assert first["links"]["next"] == "/api/v1/indicators?limit=3&offset=3"
    assert first["links"]["prev"] is None
    last = client.get(first["links"]["next"].replace("offset=3", "offset=6")).get_json()
    assert len(last["data"]) == 2
    assert last["links"]["next"] is None
    assert last["links"]["prev"] == "/api/v1/indicators?limit=3&offset=3"
    ids = [
        item["id"]
        for page in (0, 3, 6)
        for item in client.get(f"/api/v1/indicators?limit=3&offset={page}").get_json()["data"]
    ]
    assert len(ids) == len(set(ids)) == 8


def test_bad_query_parameters_are_problems(app, client, published):
    for url in (
        "/api/v1/missions?limit=0",
        "/api/v1/indicators?limit=101",
        "/api/v1/updates?offset=-1",
        "/api/v1/updates?intervention_id=x",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["errors"][0]["parameter"]


def test_unknown_paths_and_methods_are_problems(app, client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert client.delete("/api/v1/missions").status_code == 405


def test_reads_are_cached_until_content_changes(app, client, published, city):
    first = client.get("/api/v1/missions/children")
    etag = first.headers["ETag"]
    assert (
        client.get("/api/v1/missions/children", headers={"If-None-Match": etag}).status_code == 304
    )
    with app.app_context():
        f.measurement(
            db.session.get(type(published["sensitive"]), published["sensitive"].id),
            date(2025, 1, 1),
            99.0,
        )
        db.session.commit()
    assert client.get("/api/v1/missions/children").headers["ETag"] != etag


def test_the_docs_page_is_generated_from_the_document(app, client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in spec["paths"]:
        assert f"/api/v1{path}" in html
    assert "<script" not in html
    assert 'id="problem-validation"' in html
