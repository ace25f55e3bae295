"""Every page answers hostile query arguments (huge numbers, garbage, year-1 dates) without a
server error: filters take what they understand and ignore the rest."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

import pytest

from tests.support.pages import get_routes, server_error
from tests.support.routes import rule_url

NAMES = [
    "department", "mission", "outcome", "stage", "status", "period", "page", "limit", "offset",
    "intervention_id", "archived", "lang", "q", "mine", "date", "indicator", "level", "sort",
]  # fmt: skip
VALUES = ["9" * 20, "-1", "1" * 400, "0001-01-01", "9999-12-31", "x\u202e\ufffd", "1e308", ""]


@pytest.mark.slow
def test_hostile_query_arguments_never_break_a_page(app, city, signed_in):
    admin, lead, anonymous = signed_in("admin"), signed_in("edu_lead"), app.test_client()
    failures = []
    for rule in get_routes(app):
        url = rule_url(app, rule, city, "edu")
        for value in VALUES:
            query = urlencode(dict.fromkeys(NAMES, value))
            for client in (admin, lead, anonymous):
                failure = server_error(
                    partial(client.get, f"{url}?{query}"), f"{url}?…={value[:12]!r}"
                )
                failures += [failure] if failure else []
    assert failures == [], "\n".join(failures)
