"""Walk every GET page of the test city and collect what failed."""

from __future__ import annotations

import json
import math
import re
from datetime import date

from sqlalchemy import Date, DateTime, Float, String, select

from app.extensions import db
from tests.support.routes import rule_url

ROUTE_ARGS = {
    "mission_id", "outcome_id", "intervention_id", "milestone_id", "update_id",
    "indicator_id", "measurement_id", "department_id", "user_id", "entity", "entity_id",
    # The learning loop's pages (issue 17): its meetings, agenda items, follow-ups, log entries,
    # stage gates and reporting rounds.
    "meeting_id", "item_id", "follow_up_id", "entry_id", "to_stage", "round_id", "report_id",
}  # fmt: skip
SKIP = {"static", "assets.plotly_js", "assets.plotly_basic_js"}
FIGURE = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def get_routes(app, arguments=ROUTE_ARGS):  # type: ignore[no-untyped-def]
    """Every GET rule whose URL arguments are all among arguments (the ones a test can fill)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in SKIP
        and not rule.arguments - arguments
        and "<path" not in rule.rule
    ]


def server_error(send, label: str) -> str | None:  # type: ignore[no-untyped-def]
    """Send a request (send() returns the response); what went wrong, if the server failed.

    The test app propagates exceptions instead of answering 500, so both count.
    """
    try:
        with send() as response:
            status = response.status_code
    except Exception as error:
        return f"{label}: {error!r}"[:300]
    return f"{label}: {status}" if status >= 500 else None


def _refuse(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def every_page_failure(app, city, signed_in) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET page of the city, signed in as an administrator and signed out: what failed."""
    admin = signed_in("admin")
    anonymous = app.test_client()
    failures = []
    for rule in get_routes(app):
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
    return failures


def stored_value_failures() -> list[str]:
    """Every stored row against the storage policy: no NUL or text longer than its column, dates
    from 1900 to 2200, finite numbers, measurement values smaller than 1e15 in size."""
    failures = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            for (value,) in db.session.execute(select(column).where(column.is_not(None))):
                where = f"{table.name}.{column.name}={str(value)[:30]!r}"
                if isinstance(column.type, String) and (
                    "\x00" in value
                    or (column.type.length is not None and len(value) > column.type.length)
                ):
                    failures.append(where)
                elif isinstance(column.type, Date | DateTime) and isinstance(value, date):
                    if not 1900 <= value.year <= 2200:
                        failures.append(where)
                elif (isinstance(column.type, Float) and not math.isfinite(value)) or (
                    (table.name, column.name) == ("measurements", "value") and abs(value) >= 1e15
                ):
                    failures.append(where)
    return failures
