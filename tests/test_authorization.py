"""Deny by default: every staff route declares its rule, and each role gets exactly its rights.

The expectations here are written out from the product's role table, independently of
app.permissions, so a wrong rule there is caught here.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.support.client import StaffClient
from tests.support.routes import rule_url

# The product's role table: which roles may take each action.
EVERYONE = {"admin", "mission_office", "edu_lead", "wel_lead", "viewer"}
OFFICE = {"admin", "mission_office"}
DEPARTMENT_WORK = {"admin", "mission_office", "edu_lead", "wel_lead"}
RIGHTS = {
    "view": EVERYONE,
    "account": EVERYONE,
    "manage_users": {"admin"},
    "manage_departments": {"admin"},
    "edit_mission": OFFICE,
    "edit_indicator": OFFICE,
    "publish": OFFICE,
    "archive": OFFICE,
    "override_status": OFFICE,
    "edit_intervention": DEPARTMENT_WORK,
    "post_update": DEPARTMENT_WORK,
    "enter_data": DEPARTMENT_WORK,
    # Review meetings: the mission office runs them (everyone on staff reads them, "view"); a
    # meeting's follow-up is closed by its owner or their department's lead, or by the office.
    "run_meetings": OFFICE,
    "close_follow_up": DEPARTMENT_WORK,
}
# Leads may take these only on their own department's objects.
DEPARTMENT_SCOPED = {"edit_intervention", "post_update", "enter_data", "close_follow_up"}
# URL arguments that point at an object owned by one department.
DEPARTMENT_ARGS = {
    "intervention_id", "milestone_id", "update_id", "indicator_id", "measurement_id", "report_id",
    "follow_up_id", "entry_id",
}  # fmt: skip
PUBLIC_PREFIXES = ("/static/",)


def _staff_rules(app: Flask):  # type: ignore[no-untyped-def]
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]


def _expected(action: str, who: str, rule, side: str) -> bool:  # type: ignore[no-untyped-def]
    if who not in RIGHTS[action]:
        return False
    if who.endswith("_lead") and action in DEPARTMENT_SCOPED and DEPARTMENT_ARGS & rule.arguments:
        return who == f"{side}_lead"
    return True


def test_every_staff_route_declares_its_rule(app):
    undeclared = [
        rule.rule
        for rule in _staff_rules(app)
        if not getattr(app.view_functions[rule.endpoint], "required_action", None)
        and not getattr(app.view_functions[rule.endpoint], "allow_anonymous", False)
    ]
    assert undeclared == []


# Residents' actions outside /staff that take a POST: the follow form (CSRF, rate limited) and
# the links emailed to them, which carry a signed token (tests/notifications checks each).
RESIDENT_WRITES = {
    "/missions/<slug>/follow",
    "/follow/confirm/<token>",
    "/follow/unsubscribe/<token>",
    "/notifications/unsubscribe/<token>",
}


def test_public_routes_only_read(app):
    """Outside /staff only GETs, except API writes that need a bearer token (tests/api checks
    that they answer 401 without one) and the residents' email actions listed above."""
    writers = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if not rule.rule.startswith("/staff")
        and rule.methods - {"GET", "HEAD", "OPTIONS"}
        and not (
            rule.rule.startswith("/api/v1/")
            and getattr(app.view_functions[rule.endpoint], "token_action", None)
        )
        and not (
            rule.rule in RESIDENT_WRITES
            and getattr(app.view_functions[rule.endpoint], "resident_action", False)
        )
    ]
    assert writers == []


def test_signed_out_visitors_are_sent_to_sign_in(app, client, city):
    token = client.csrf("/staff/login")
    for rule in _staff_rules(app):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "allow_anonymous", False):
            continue
        url = re.sub(r"\?.*", "", rule_url(app, rule, city, "edu"))
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/staff/login"), url


@pytest.mark.slow
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_each_role_gets_exactly_its_rights(app, city, signed_in, who):
    client: StaffClient = signed_in(who)
    token = client.csrf("/staff/account/password")
    problems = []
    for rule in _staff_rules(app):
        view = app.view_functions[rule.endpoint]
        action = getattr(view, "required_action", None)
        if action is None or rule.endpoint == "auth.logout":
            continue
        for side in ("edu", "wel"):
            url = rule_url(app, rule, city, side)
            allowed = _expected(str(action), who, rule, side)
            if "GET" in rule.methods:
                status = client.get(url).status_code
            else:
                status = client.post(url, data={"csrf_token": token}).status_code
            if allowed and status in (401, 403, 404, 405):
                problems.append(f"{who} refused {status} on {url}")
            if not allowed and status != 403:
                problems.append(f"{who} got {status} on {url}, expected 403")
    assert problems == []


def test_malformed_ids_are_404(app, city, signed_in):
    client = signed_in("admin")
    for rule in _staff_rules(app):
        if "GET" not in rule.methods or not any(a.endswith("_id") for a in rule.arguments):
            continue
        url = rule_url(app, rule, city, "edu")
        broken = re.sub(r"/(\d+)(/|$)", r"/12abc\2", url, count=1)
        assert client.get(broken).status_code == 404, broken
        missing = re.sub(r"/(\d+)(/|$)", r"/99999999\2", url, count=1)
        assert client.get(missing).status_code == 404, missing


# Rules written out per route for the features added since the matrix: each feature's routes
# (an endpoint prefix, or single endpoints added to an older blueprint) must declare exactly these.
# The matrix above then checks every role on both departments' objects against the role table.
DECLARED_RULES = {
    # sources (issue 12)
    ("sources.index", "GET"): "view",
    ("sources.edit", "GET"): "enter_data",
    ("sources.edit", "POST"): "enter_data",
    ("sources.delete", "POST"): "enter_data",
    ("sources.review", "GET"): "enter_data",
    ("sources.decide", "POST"): "enter_data",
    ("sources.new_indicators", "GET"): "edit_indicator",
    ("sources.new_indicators", "POST"): "edit_indicator",
    ("sources.create_indicators", "POST"): "edit_indicator",
    # review meetings (issue 17): the mission office runs them, everyone on staff reads them; a
    # follow-up is closed by its owner or their department's lead, or by the office.
    ("meetings.index", "GET"): "view",
    ("meetings.detail", "GET"): "view",
    ("meetings.new", "GET"): "run_meetings",
    ("meetings.new", "POST"): "run_meetings",
    ("meetings.edit", "GET"): "run_meetings",
    ("meetings.edit", "POST"): "run_meetings",
    ("meetings.refresh", "POST"): "run_meetings",
    ("meetings.held", "POST"): "run_meetings",
    ("meetings.publish", "POST"): "run_meetings",
    ("meetings.notes", "GET"): "run_meetings",
    ("meetings.notes", "POST"): "run_meetings",
    ("meetings.new_follow_up", "GET"): "run_meetings",
    ("meetings.new_follow_up", "POST"): "run_meetings",
    ("meetings.close", "GET"): "close_follow_up",
    ("meetings.close", "POST"): "close_follow_up",
    # budget lines (issue 17)
    ("interventions.budget", "GET"): "edit_intervention",
    ("interventions.budget", "POST"): "edit_intervention",
    # reporting rounds (issue 17): the office opens, reviews and publishes; a lead writes and
    # submits its own department's reports (report_id is in DEPARTMENT_ARGS); everyone reads.
    ("rounds.index", "GET"): "view",
    ("rounds.new", "GET"): "publish",
    ("rounds.new", "POST"): "publish",
    ("rounds.detail", "GET"): "view",
    ("rounds.publish", "POST"): "publish",
    ("rounds.report", "GET"): "view",
    ("rounds.edit_report", "GET"): "post_update",
    ("rounds.edit_report", "POST"): "post_update",
    ("rounds.review", "POST"): "publish",
    # the learning log and stage gates (issue 17): an entry is posted like a progress update and
    # published by the office; a stage change is an edit of the intervention; the gates are read
    # by all staff and set by the mission office.
    ("interventions.new_entry", "GET"): "post_update",
    ("interventions.new_entry", "POST"): "post_update",
    ("interventions.edit_entry", "GET"): "post_update",
    ("interventions.edit_entry", "POST"): "post_update",
    ("interventions.publish_entry", "POST"): "publish",
    ("interventions.unpublish_entry", "POST"): "publish",
    ("interventions.change_stage", "GET"): "edit_intervention",
    ("interventions.change_stage", "POST"): "edit_intervention",
    ("interventions.stage_gates", "GET"): "view",
    ("interventions.edit_stage_gate", "GET"): "edit_mission",
    ("interventions.edit_stage_gate", "POST"): "edit_mission",
}
DECLARED_PREFIXES = ("sources.", "meetings.", "rounds.")


def test_newer_routes_declare_the_expected_rules(app):
    named = {endpoint for endpoint, _method in DECLARED_RULES}
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(DECLARED_PREFIXES) or rule.endpoint in named:
            action = getattr(app.view_functions[rule.endpoint], "required_action", None)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found[(rule.endpoint, method)] = str(action)
    assert found == DECLARED_RULES
