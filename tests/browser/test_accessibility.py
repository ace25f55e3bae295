"""axe-core (WCAG 2.1 A and AA) on every public template and the main staff pages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import DEMO_PASSWORD

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PUBLIC_PAGES = [
    "/",
    "/missions/better-city-for-children",
    "/missions/carbon-neutral-reykjavik",
    "/open-data/",
    "/search?q=school+children",
    "/search?q=b%C3%B6rn",
    "/explained",
    "/missions/better-city-for-children/interventions?stage=test&department=nonsense",
    "/api/v1/docs",
    "/no/such/page",
]


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _linked(page, base: str, pattern: str) -> str:  # type: ignore[no-untyped-def]
    href = page.locator(f"a[href*='{pattern}']").first.get_attribute("href")
    return base + href


@pytest.mark.parametrize("lang", ["en", "is"])
def test_public_pages_have_no_serious_violations(live_server, phone, lang):
    page = phone
    urls = [live_server + path for path in PUBLIC_PAGES]
    page.goto(live_server + "/missions/better-city-for-children")
    indicator = _linked(page, live_server, "/indicators/")
    urls.append(indicator)
    urls.append(_linked(page, live_server, "/reports/"))
    urls.append(_linked(page, live_server, "/interventions/"))  # an intervention's page
    indicator_id = re.search(r"/indicators/(\d+)", indicator).group(1)
    urls.append(f"{live_server}/embed/indicators/{indicator_id}")
    problems = {}
    for url in urls:
        page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        found = _serious(page)
        if found:
            problems[url] = found
    assert problems == {}


def test_staff_pages_have_no_serious_violations(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/staff/login")
    assert _serious(page) == []
    page.get_by_label("Email").fill("mayor@demo.aimtracker.is")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    problems = {}
    for path in [
        "/staff/",
        "/staff/missions/",
        "/staff/missions/new",
        "/staff/interventions/",
        "/staff/interventions/new",
        "/staff/indicators/",
        "/staff/indicators/new",
        "/staff/data-entry",
        "/staff/departments/",
        "/staff/account/password",
        "/staff/data/",
        "/staff/data/tokens",
        "/staff/dashboards/",
    ]:
        page.goto(live_server + path)
        found = _serious(page)
        if found:
            problems[path] = found
    for pattern in ("/staff/missions/", "/staff/interventions/", "/staff/indicators/"):
        page.goto(live_server + pattern)
        link = page.locator(f"main a[href^='{pattern}']").filter(has_not_text="New").first
        page.goto(live_server + link.get_attribute("href"))
        found = _serious(page)
        if found:
            problems[page.url] = found
    context.close()
    assert problems == {}
