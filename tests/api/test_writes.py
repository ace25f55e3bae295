"""API writes: bearer tokens scoped to the user's role and department, all or nothing, limited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import ApiToken, AuditEvent, Indicator, Measurement, ProgressUpdate, User
from app.models.base import utcnow
from tests.support.api import YESTERDAY, bearer


def _count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _value(app, indicator_id: int, period: str, breakdown: str = "") -> float | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(
            select(Measurement.value).where(
                Measurement.indicator_id == indicator_id,
                func.cast(Measurement.period, db.String) == period,
                Measurement.breakdown == breakdown,
            )
        )


def _write(client, secret: str, items: list, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/measurements", json={"measurements": items, **extra}, headers=bearer(secret)
    )


def test_every_write_route_needs_a_token(app, client, city):
    writes = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.methods - {"GET", "HEAD", "OPTIONS"}
    ]
    assert len(writes) == 2
    for rule in writes:
        url = rule.rule.replace("<int:intervention_id>", str(city.edu_intervention.id))
        for headers in (
            {},
            {"Authorization": "Bearer aim_not-a-token"},
            {"Authorization": "Basic x"},
        ):
            response = client.post(url, json={}, headers=headers)
            assert response.status_code == 401, (url, headers)
            assert response.mimetype == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _count(app, ProgressUpdate) == 2


def test_values_are_written_all_or_nothing(app, client, city, token_for):
    secret = token_for("edu_lead")
    ok = {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 66.5}
    bad = {"indicator_id": city.edu_indicator.id, "period": "2022", "value": 150}
    before = _count(app, Measurement)
    response = _write(client, secret, [ok, bad, {"indicator_id": "x", "period": 1, "value": "a"}])
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "/api/v1/docs#problem-validation"
    pointers = {error["pointer"] for error in problem["errors"]}
    assert pointers == {"/measurements/1/value", "/measurements/2/indicator_id"}
    assert _count(app, Measurement) == before

    response = _write(
        client,
        secret,
        [
            ok,
            {**bad, "value": 50, "breakdown": {"sex": "Female"}},
            {
                "indicator_id": city.edu_indicator.id,
                "period": "2024",
                "value": 72,
                "status": "provisional",
            },
        ],
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"added": 2, "changed": 1, "unchanged": 0, "dry_run": False}
    assert _value(app, city.edu_indicator.id, "2023-01-01") == 66.5
    assert _value(app, city.edu_indicator.id, "2022-01-01", "sex=Female") == 50.0
    assert _value(app, city.edu_indicator.id, "2024-01-01") == 72.0
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("import", "update")))
        ).all()
        assert {(e.entity_type, e.action) for e in events} == {
            ("Indicator", "import"),
            ("Measurement", "update"),
        }
        assert {e.actor_id for e in events} == {city.users["edu_lead"].id}
    again = _write(client, secret, [ok])
    assert again.get_json() == {"added": 0, "changed": 0, "unchanged": 1, "dry_run": False}


def test_dry_run_writes_nothing(app, client, city, token_for):
    item = {"indicator_id": city.edu_indicator.id, "period": "2019", "value": 10}
    response = _write(client, token_for("admin"), [item], dry_run=True)
    assert response.get_json() == {"added": 1, "changed": 0, "unchanged": 0, "dry_run": True}
    assert _value(app, city.edu_indicator.id, "2019-01-01") is None


def test_a_lead_cannot_write_another_departments_indicator(app, client, city, token_for):
    before = _count(app, Measurement)
    response = _write(
        client,
        token_for("edu_lead"),
        [
            {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 60},
            {"indicator_id": city.wel_indicator.id, "period": "2023-Q1", "value": 5},
        ],
    )
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert str(city.wel_indicator.id) in response.get_json()["detail"]
    assert _count(app, Measurement) == before


def test_an_archived_indicator_takes_no_values_from_the_api(app, client, city, token_for):
    secret = token_for("admin")
    with app.app_context():
        db.session.get(Indicator, city.edu_indicator.id).archived_at = utcnow()
        db.session.commit()
    before = (_count(app, Measurement), _count(app, AuditEvent))
    items = [
        {"indicator_id": city.wel_indicator.id, "period": "2023-Q1", "value": 5},
        {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 60},
    ]
    response = _write(client, secret, items)
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"pointer": "/measurements/1/indicator_id", "field": "indicator_id", "index": 1,
         "message": "This indicator is archived; it takes no new data."}
    ]  # fmt: skip
    assert (_count(app, Measurement), _count(app, AuditEvent)) == before


def test_the_measurement_rules_apply_to_api_items(app, client, city, token_for):
    secret = token_for("admin")
    before = (_count(app, Measurement), _count(app, AuditEvent))
    ind = city.edu_indicator.id
    next_year = str(YESTERDAY.year + 2)
    items = [
        {"indicator_id": ind, "period": "2019", "value": 50, "status": 5},
        {"indicator_id": ind, "period": "2019", "value": 50, "status": "maybe"},
        {"indicator_id": ind, "period": "2018", "value": float("nan")},
        {"indicator_id": ind, "period": "2017", "value": 50, "breakdown": "sex=Female|age"},
        {"indicator_id": ind, "period": "2016", "value": 50, "breakdown": {"a|b": "x"}},
        {"indicator_id": ind, "period": next_year, "value": 50},
        {"indicator_id": ind, "period": "2015", "value": 100.5},
        {"indicator_id": ind, "period": "2014", "value": 50, "source_note": "x" * 301},
    ]
    response = _write(client, secret, items)
    assert response.status_code == 422
    found = {(e["index"], e["field"], e["message"]) for e in response.get_json()["errors"]}
    malformed = "Write the breakdown as name=value, joined by |, e.g. sex=Female|age=6-9."
    assert found == {
        (0, "status", "Choose provisional or final."),
        (1, "status", "Choose provisional or final."),
        (2, "value", "Enter a number, e.g. 12.5"),
        (3, "breakdown", malformed),
        (4, "breakdown", "A breakdown may not contain '=' or '|'."),
        (5, "period", "This period has not started yet."),
        (6, "value", "Enter a value between 0 and 100."),
        (7, "source_note", "Keep the source note to 300 characters."),
    }
    assert (_count(app, Measurement), _count(app, AuditEvent)) == before


def test_a_viewer_token_cannot_write(app, client, city, token_for):
    item = {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 60}
    response = _write(client, token_for("viewer"), [item])
    assert response.status_code == 403
    assert response.get_json()["status"] == 403


def test_revoked_expired_and_deactivated_tokens_are_refused(app, client, city, token_for):
    item = {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 60}
    revoked, expired, inactive = (
        token_for("admin"),
        token_for("mission_office"),
        token_for("edu_lead"),
    )
    with app.app_context():
        tokens = {t.user_id: t for t in db.session.scalars(select(ApiToken))}
        tokens[city.users["admin"].id].revoked_at = utcnow()
        tokens[city.users["mission_office"].id].expires_at = utcnow() - timedelta(seconds=1)
        db.session.get(User, city.users["edu_lead"].id).active = False
        db.session.commit()
    for secret in (revoked, expired, inactive):
        assert _write(client, secret, [item]).status_code == 401


def test_bodies_that_are_not_json_objects(app, client, city, token_for):
    secret = token_for("admin")
    response = client.post(
        "/api/v1/measurements",
        data="x=1",
        headers=bearer(secret),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    response = client.post(
        "/api/v1/measurements",
        data="{not json",
        headers=bearer(secret),
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post("/api/v1/measurements", json=[1, 2], headers=bearer(secret))
    assert response.status_code == 400
    response = client.post(
        "/api/v1/measurements", json={"measurements": [], "extra": 1}, headers=bearer(secret)
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"extra"}


def test_posting_a_progress_update(app, client, city, token_for):
    secret = token_for("wel_lead")
    url = f"/api/v1/interventions/{city.wel_intervention.id}/updates"
    body = {
        "reported_on": YESTERDAY.isoformat(),
        "status": "on_track",
        "summary": "Two courses held",
    }
    response = client.post(url, json=body, headers=bearer(secret))
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["is_published"] is False
    assert created["summary"] == "Two courses held"
    with app.app_context():
        update = db.session.get(ProgressUpdate, created["id"])
        assert update.author_id == city.users["wel_lead"].id
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.entity_type == "ProgressUpdate", AuditEvent.entity_id == update.id
            )
        )
        assert event is not None
        assert event.action == "create"


def test_update_rules_and_department_scope(app, client, city, token_for):
    secret = token_for("wel_lead")
    before = _count(app, ProgressUpdate)
    off = {"reported_on": YESTERDAY.isoformat(), "status": "off_track", "summary": "Stuck"}
    response = client.post(
        f"/api/v1/interventions/{city.wel_intervention.id}/updates",
        json=off,
        headers=bearer(secret),
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "blockers"
    response = client.post(
        f"/api/v1/interventions/{city.edu_intervention.id}/updates",
        json={**off, "blockers": "x"},
        headers=bearer(secret),
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/interventions/99999999/updates", json=off, headers=bearer(secret)
    )
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/interventions/{city.wel_intervention.id}/updates",
        json={"reported_on": "yesterday", "status": 3},
        headers=bearer(secret),
    )
    assert {e["field"] for e in response.get_json()["errors"]} == {"status", "reported_on"}
    assert _count(app, ProgressUpdate) == before


def test_writes_are_rate_limited_per_token(app, client, city, token_for):
    app.config["API_WRITE_LIMIT"] = "2 per minute"
    try:
        first, second = token_for("admin"), token_for("mission_office")
        statuses = [
            client.get("/api/v1/token", headers=bearer(first)).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        limited = client.get("/api/v1/token", headers=bearer(first))
        assert limited.mimetype == "application/problem+json"
        assert client.get("/api/v1/token", headers=bearer(second)).status_code == 200
    finally:
        del app.config["API_WRITE_LIMIT"]


def test_the_token_says_who_it_acts_as_and_records_its_use(app, client, city, token_for):
    secret = token_for("edu_lead", days=None)
    response = client.get("/api/v1/token", headers=bearer(secret))
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["user"]["role"] == "department_lead"
    assert body["user"]["department_id"] == city.edu.id
    assert body["token"]["expires_at"] is None
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_a_staff_session_cookie_is_not_enough(app, city, signed_in):
    client = signed_in("admin")
    item = {"indicator_id": city.edu_indicator.id, "period": "2023", "value": 60}
    response = client.post("/api/v1/measurements", json={"measurements": [item]})
    assert response.status_code == 401
