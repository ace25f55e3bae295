"""Every route answers an id that is no row (the largest id, a deleted row) with a 404 or a
refusal, never a server error: GET and POST, signed in as an administrator and signed out."""

from __future__ import annotations

from functools import partial

from flask import url_for

from app.routing import MAX_ID
from tests.support.pages import server_error
from tests.support.routes import rule_args

SKIP = {"static", "auth.logout"}


def test_an_id_that_is_no_row_is_never_a_server_error(app, city, signed_in):
    admin, anonymous = signed_in("admin"), app.test_client()
    failures: list[str] = []
    tried = 0
    for rule in app.url_map.iter_rules():
        ids = {name for name, conv in rule._converters.items() if conv.regex == r"\d+"}
        if rule.endpoint in SKIP or not ids:
            continue
        with app.test_request_context():
            arguments = rule_args(rule, city, "edu") | dict.fromkeys(ids, MAX_ID)
            url = url_for(rule.endpoint, **arguments)
        for client in (admin, anonymous):
            for method in sorted(rule.methods & {"GET", "POST"}):
                tried += 1
                send = partial(client.open, url, method=method, data={"version": "1"})
                failure = server_error(send, f"{method} {url}")
                failures += [failure] if failure else []
    assert tried > 100
    assert failures == [], "\n".join(failures)
