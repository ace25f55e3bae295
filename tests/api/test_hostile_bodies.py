"""API writes answer hostile bodies with a problem (4xx), never a server error, and store
nothing the storage policy forbids."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from tests.support.api import YESTERDAY, bearer
from tests.support.pages import stored_value_failures

HOSTILE_SCALARS = [
    None, True, 0, -1, 10**400, -(10**400), 2**63, 1e308, -1e308, 1e28, 1e-320, "", " ",
    "\x00", "a\x00b", "\ud800", "x" * 100_000, "0001-01-01", "9999-12-31", "2024-02-30",
    "NaN", "Infinity", [], {}, [[[]]],
]  # fmt: skip
scalars = st.sampled_from(HOSTILE_SCALARS) | st.text(max_size=30) | st.integers() | st.floats()

MEASUREMENT = {"indicator_id": 0, "period": "2024-01-01", "value": 12.5, "status": "final"}
UPDATE = {"reported_on": YESTERDAY.isoformat(), "status": "on_track", "summary": "Held"}


def _raw(body: object) -> bytes:
    """JSON as a client may write it: lone surrogates as escapes, non-finite floats as words."""
    return json.dumps(body, allow_nan=True).encode()


def _assert_answered(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(sorted(MEASUREMENT)), value=scalars)
def test_hostile_measurement_items(app, client, city, token_for, field, value):
    secret = token_for("edu_lead")
    item = {**MEASUREMENT, "indicator_id": city.edu_indicator.id, field: value}
    response = client.post(
        "/api/v1/measurements",
        data=_raw({"measurements": [item]}),
        content_type="application/json",
        headers=bearer(secret),
    )
    _assert_answered(response)
    with app.app_context():
        assert stored_value_failures() == []
        db.session.rollback()


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from([*sorted(UPDATE), "next_steps", "blockers"]), value=scalars)
def test_hostile_update_bodies(app, client, city, token_for, field, value):
    secret = token_for("edu_lead")
    response = client.post(
        f"/api/v1/interventions/{city.edu_intervention.id}/updates",
        data=_raw({**UPDATE, field: value}),
        content_type="application/json",
        headers=bearer(secret),
    )
    _assert_answered(response)
    with app.app_context():
        assert stored_value_failures() == []


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 50_000 + b"]" * 50_000,
        b'{"measurements": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b'{"measurements": [{"indicator_id": ' + b"9" * 400 + b"}]}",
        b'{"measurements": [{"indicator_id": ' + b"9" * 5000 + b"}]}",
        b'{"summary": "\\ud800"}',
        b"\xff\xfe{}",
    ],
)
def test_malformed_json_is_a_bad_request(app, client, city, token_for, body):
    secret = token_for("edu_lead")
    for url in (
        "/api/v1/measurements",
        f"/api/v1/interventions/{city.edu_intervention.id}/updates",
    ):
        response = client.post(
            url, data=body, content_type="application/json", headers=bearer(secret)
        )
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert response.mimetype == "application/problem+json"
