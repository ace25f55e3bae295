"""Pages survive any value already in the database.

Values that no entry path accepts any more (1e28, 1e300, infinity) may still be in a database
written by an older version or by hand. Every page that shows them must render, and every chart
must stay valid JSON (a browser's JSON.parse refuses Infinity and NaN, and the chart vanishes).
"""

from __future__ import annotations

import json
import math
import re

import pytest
from sqlalchemy import text

from app.extensions import cache, db
from tests.support.routes import rule_url

ROUTE_ARGS = {
    "mission_id", "outcome_id", "intervention_id", "milestone_id", "update_id",
    "indicator_id", "measurement_id", "department_id", "user_id", "entity", "entity_id",
}  # fmt: skip
SKIP = {"static", "assets.plotly_js"}
FIGURE = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def _publish_everything() -> None:
    for table in ("missions", "interventions", "indicators", "progress_updates"):
        db.session.execute(text(f"UPDATE {table} SET is_published = :yes"), {"yes": True})


def _get_routes(app):  # type: ignore[no-untyped-def]
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in SKIP
        and not rule.arguments - ROUTE_ARGS
        and "<path" not in rule.rule
    ]


@pytest.mark.slow
@pytest.mark.parametrize("stored", [1e28, -1e300, 1e300, math.inf, -math.inf])
def test_every_page_renders_with_an_extreme_stored_value(app, city, signed_in, stored):
    with app.app_context():
        _publish_everything()
        for indicator in (city.edu_indicator, city.wel_indicator):
            db.session.execute(
                text("UPDATE measurements SET value = :v WHERE indicator_id = :i"),
                {"v": stored, "i": indicator.id},
            )
            db.session.execute(
                text(
                    "INSERT INTO measurements (indicator_id, period, breakdown, value, status,"
                    " source_note, created_at, updated_at)"
                    " VALUES (:i, :p, '', 5, 'final', '', :now, :now)"
                ),
                {"i": indicator.id, "p": "2023-01-01", "now": "2024-02-01 00:00:00"},
            )
        db.session.commit()
        cache.clear()
    admin = signed_in("admin")
    anonymous = app.test_client()
    failures = []
    for rule in _get_routes(app):
        url = rule_url(app, rule, city, "edu")
        for who, client in (("admin", admin), ("anonymous", anonymous)):
            try:
                with client.get(url) as response:
                    status, mimetype = response.status_code, response.mimetype
                    body = response.get_data(as_text=True)
            except Exception as error:  # the test app propagates exceptions
                failures.append(f"{who} {url}: {error!r}")
                continue
            if status >= 500:
                failures.append(f"{who} {url}: {status}")
            elif mimetype == "text/html":
                for figure in FIGURE.findall(body):
                    try:
                        json.loads(figure, parse_constant=_refuse)
                    except ValueError as error:
                        failures.append(f"{who} {url}: chart JSON {error}")
    assert failures == []


def _refuse(name: str) -> float:
    raise ValueError(f"{name} is not JSON")
