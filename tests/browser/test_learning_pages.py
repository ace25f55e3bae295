"""axe-core on the learning loop's pages (issue 17), and a stage change clicked through its gate."""

from __future__ import annotations

import re

from tests.browser.test_accessibility import _serious
from tests.support.browser import DEMO_PASSWORD


def _sign_in(page, live_server: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/staff/login?lang=en")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def _intervention_id(page, live_server: str, title: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/missions/better-city-for-children/interventions")
    href = page.get_by_role("link", name=title, exact=True).first.get_attribute("href")
    return re.search(r"/interventions/(\d+)", href).group(1)


def test_learning_pages_have_no_serious_violations(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    scaled = _intervention_id(page, live_server, "Solution teams in every school and preschool")
    problems = {}
    for lang in ("en", "is"):
        page.goto(
            f"{live_server}/missions/better-city-for-children/interventions/{scaled}?lang={lang}"
        )
        assert (
            page.get_by_role(
                "heading", name=re.compile("What we are learning|Það sem við lærum")
            ).count()
            == 1
        )
        found = _serious(page)
        if found:
            problems[page.url] = found
    _sign_in(page, live_server, "mayor@demo.aimtracker.is")
    for path in [
        f"/staff/interventions/{scaled}",
        f"/staff/interventions/{scaled}/learning/new",
        f"/staff/interventions/{scaled}/stage",
        "/staff/interventions/stage-gates",
        "/staff/interventions/stage-gates/scale/edit",
    ]:
        page.goto(live_server + path)
        found = _serious(page)
        if found:
            problems[path] = found
    page.goto(live_server + "/staff/dashboards/")
    page.locator("main a[href^='/staff/dashboards/missions/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("table", name="Time in stage, longest first").count() == 1
    found = _serious(page)
    if found:
        problems[page.url] = found
    context.close()
    assert problems == {}


def test_a_lead_moves_an_intervention_through_its_gate(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    explored = _intervention_id(
        page, live_server, "Transition support at 18: from child to adult services"
    )
    _sign_in(page, live_server, "mayor@demo.aimtracker.is")
    page.goto(f"{live_server}/staff/interventions/{explored}")
    page.get_by_role("link", name="Change stage", exact=True).first.click()
    page.get_by_role("button", name="Move to Test").click()
    assert page.get_by_role("alert").count() >= 1  # refused: the gate's questions
    assert page.get_by_text("Nothing was changed.", exact=False).count() == 1
    page.get_by_label(
        "What is the hypothesis: what do you expect to change, and for whom?", exact=True
    ).fill("A named contact at 17 keeps young people from falling between services.")
    page.get_by_label(
        "How will it be tested: where, with whom, for how long, and what will show it?",
        exact=True,
    ).fill("With 40 young people in Breiðholt for a year; we count lost cases.")
    page.get_by_label("Title", exact=True).fill("Test the contact at 17")
    page.get_by_role("button", name="Move to Test").click()
    page.wait_for_url(re.compile(rf"/staff/interventions/{explored}"))
    assert page.get_by_text("Stage: Test, since", exact=False).count() >= 1
    context.close()
