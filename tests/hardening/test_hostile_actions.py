"""Every staff action button takes hostile input, and a second press, without a server error.

tests/hardening/test_hostile_forms.py fuzzes the forms that post back to their own page. Many
steps are buttons on another page that post to an action of their own (publish a round, review a
report, hold a meeting, publish an entry...). This test reads every staff page of the city, finds
each POST form that goes to such an action, and sends it: as the page wrote it twice over (the
same step again on a changed object: publishing what is published, holding a held meeting), and
with each field replaced by a hostile value. Afterwards every page must still render.
"""

from __future__ import annotations

from functools import partial

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.extensions import cache
from tests.hardening.test_hostile_forms import HOSTILE, TEXTS, Form, _encoded, _FormReader
from tests.support.pages import every_page_failure, get_routes, server_error, stored_value_failures
from tests.support.routes import rule_url

# Actions that end the test's own session.
SKIP = {"auth.logout"}


def _post_only(app, action: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a form's action is a staff route that takes POST only (not a page's own form)."""
    adapter = app.url_map.bind("localhost")
    path = action.split("?", 1)[0]
    try:
        endpoint, _args = adapter.match(path, method="POST")
    except (NotFound, MethodNotAllowed):
        return False
    if endpoint in SKIP or not path.startswith("/staff"):
        return False
    try:
        adapter.match(path, method="GET")
    except MethodNotAllowed:
        return True
    except NotFound:
        return True
    return False


def action_forms(app, city, client) -> list[Form]:  # type: ignore[no-untyped-def]
    """Every POST form of the city's staff pages that goes to a POST-only action, once each."""
    found: dict[tuple[str, tuple[str, ...]], Form] = {}
    for rule in get_routes(app):
        if not rule.rule.startswith("/staff"):
            continue
        url = rule_url(app, rule, city, "edu")
        with client.get(url) as page:
            if page.status_code != 200 or page.mimetype != "text/html":
                continue
            reader = _FormReader()
            reader.feed(page.get_data(as_text=True))
        for form in reader.forms:
            if "csrf_token" in form.fields and _post_only(app, form.action):
                found.setdefault((form.action, tuple(sorted(form.fields))), form)
    return list(found.values())


def _post(client, url: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    return partial(
        client.post, url, data=_encoded(fields), content_type="application/x-www-form-urlencoded"
    )


def _attack(client, form: Form) -> list[str]:  # type: ignore[no-untyped-def]
    failures: list[str] = []
    for attempt in ("first", "again"):
        failure = server_error(_post(client, form.action, form.fields), f"{form.action} {attempt}")
        failures += [failure] if failure else []
    for name, kind in form.kinds.items():
        if name == "csrf_token":
            continue
        for value in HOSTILE.get(kind, TEXTS):
            failure = server_error(
                _post(client, form.action, {**form.fields, name: value}),
                f"{form.action} {name}={value[:20]!r}",
            )
            failures += [failure] if failure else []
    return failures


@pytest.mark.slow
def test_no_staff_action_answers_a_server_error(app, city, signed_in):
    admin = signed_in("admin")
    failures: list[str] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    # Twice: the first pass changes states (a draft published, a meeting held), which shows
    # other buttons (unpublish, publish the minutes) on the second.
    for _pass in range(2):
        for form in action_forms(app, city, admin):
            key = (form.action, tuple(sorted(form.fields)))
            if key not in seen:
                seen.add(key)
                failures += _attack(admin, form)
    actions = {action for action, _fields in seen}
    # The learning loop's buttons are among them (a page that stops showing one fails here).
    for part in ("/publish", "/review", "/held", "/agenda", "/unpublish"):
        assert any(part in action for action in actions), (part, sorted(actions))
    with app.app_context():
        cache.clear()
        failures += stored_value_failures()
    failures += every_page_failure(app, city, signed_in)
    assert failures == [], "\n".join(failures)
